"""Soft-binding resolution across machines: a stripped copy verified in another home asks the service."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from tests.service.conftest import Server, png_bytes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release(server: Server, all_key) -> dict:
    import skimage.data

    photo = np.stack([skimage.data.camera()] * 3, axis=-1)
    marked = server.client(all_key[1]).post("/v1/mark", params={"model": "remote/model"}, content=png_bytes(photo)).json()
    assert marked["action"] == "released"
    return marked


def _stripped(release: dict, fmt: str = "PNG") -> bytes:
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(release["data"]))).convert("RGB"))
    return png_bytes(pixels, fmt)  # re-encoded: the embedded manifest is gone


def test_stripped_copy_recovers_its_signed_manifest_by_watermark(server: Server, all_key, release: dict) -> None:
    from guardrail.provenance.resolver import apply_resolution, needs_resolution, resolve_manifest
    from guardrail.provenance.verify import verify_image

    data = _stripped(release)
    local = verify_image(data)  # this test's own GUARDRAIL_HOME: an empty store
    assert local.c2pa.state is None and needs_resolution(local)
    assert local.watermark.detected and local.watermark.watermark_id == release["watermark_id"]
    resolved = resolve_manifest(server.url, data, "png", watermark_id=local.watermark.watermark_id, api_key=all_key[1],
                                trust=[server.home / "keys" / "root.pem"])
    assert resolved is not None and resolved.found_by == "watermark" and resolved.watermark_id == release["watermark_id"]
    assert resolved.signature == "Trusted" and resolved.binds_to_this_file is False and resolved.failures == []
    assert resolved.manifest_hash == release["manifest_hash"]
    report = apply_resolution(local, resolved)
    assert report.verdict == "ai-generated-recovered" and report.recovered_by == "watermark"
    assert "re-encoded copy" in report.reasons[-1] and report.manifest is not None


def test_without_trusting_the_service_root_the_signature_is_only_valid(server: Server, all_key, release: dict) -> None:
    from guardrail.provenance.resolver import resolve_manifest

    resolved = resolve_manifest(server.url, _stripped(release), "png", api_key=all_key[1])  # by fingerprint
    assert resolved is not None and resolved.found_by == "fingerprint" and resolved.signature == "Valid"


def test_unknown_image_unreachable_resolver_and_missing_key(server: Server, all_key) -> None:
    import skimage.data

    from guardrail.errors import ProvenanceError
    from guardrail.provenance.resolver import resolve_manifest

    photo = png_bytes(skimage.data.astronaut())
    assert resolve_manifest(server.url, photo, "png", api_key=all_key[1]) is None
    with pytest.raises(ProvenanceError, match="401"):
        resolve_manifest(server.url, photo, "png")
    with pytest.raises(ProvenanceError, match="unreachable"):
        resolve_manifest("http://127.0.0.1:9", photo, "png", timeout=2)
