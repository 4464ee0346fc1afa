"""Soft-binding resolution across machines: a stripped copy verified in another home asks the service."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.service.conftest import REPO, Server, png_bytes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release(server: Server, all_key) -> dict:
    import skimage.data

    photo = np.stack([skimage.data.camera()] * 3, axis=-1)
    marked = (
        server.client(all_key[1]).post("/v1/mark", params={"model": "remote/model"}, content=png_bytes(photo)).json()
    )
    assert marked["action"] == "released"
    return marked


def _stripped(release: dict) -> bytes:
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(release["data"]))).convert("RGB"))
    return png_bytes(pixels)  # re-encoded: the embedded manifest is gone


def test_stripped_copy_is_recovered_through_the_resolver(server: Server, all_key, release: dict) -> None:
    from guardrail.provenance.resolver import ResolverStore
    from guardrail.provenance.store import default_store
    from guardrail.provenance.trust import load_anchors
    from guardrail.provenance.verify import verify_image

    data = _stripped(release)
    local = verify_image(data)  # this test's own GUARDRAIL_HOME: an empty store
    assert local.c2pa.state is None and local.verdict == "ai-watermarked"
    anchors = load_anchors([server.home / "keys" / "root.pem"])
    report = verify_image(data, store=ResolverStore(default_store(), server.url, api_key=all_key[1]), anchors=anchors)
    assert report.verdict == "ai-generated-recovered" and report.recovered_by == "watermark"
    assert report.recovery.revalidated and report.recovery.content_matches and report.recovery.signer_trusted
    assert report.recovery.watermark_id == release["watermark_id"]


def test_fetch_by_watermark_and_by_fingerprint_checks_the_advertised_hash(
    server: Server, all_key, release: dict
) -> None:
    import hashlib

    from guardrail.provenance.resolver import fetch_manifest

    wid, by_id = fetch_manifest(server.url, watermark_id=release["watermark_id"], api_key=all_key[1])
    assert wid == release["watermark_id"] and hashlib.sha256(by_id).hexdigest() == release["manifest_hash"]
    wid2, by_fp = fetch_manifest(server.url, image=_stripped(release), api_key=all_key[1])
    assert wid2 == release["watermark_id"] and by_fp == by_id


def test_unknown_release_unreachable_resolver_and_missing_key(server: Server, all_key) -> None:
    import skimage.data

    from guardrail.errors import ProvenanceError
    from guardrail.provenance.resolver import fetch_manifest

    assert fetch_manifest(server.url, watermark_id="0123456789abcdef", api_key=all_key[1]) is None
    assert fetch_manifest(server.url, image=png_bytes(skimage.data.astronaut()), api_key=all_key[1]) is None
    with pytest.raises(ProvenanceError, match="401"):
        fetch_manifest(server.url, watermark_id="0123456789abcdef")
    with pytest.raises(ProvenanceError, match="unreachable"):
        fetch_manifest("http://127.0.0.1:9", watermark_id="0123456789abcdef", timeout=2)


def test_cli_verify_asks_the_resolver_only_when_given(server: Server, all_key, release: dict, tmp_path: Path) -> None:
    path = tmp_path / "stripped.png"
    path.write_bytes(_stripped(release))
    env = {**os.environ, "GUARDRAIL_HOME": str(tmp_path / "editor-home"), "PYTHONPATH": str(REPO)}
    base = [
        sys.executable,
        "-m",
        "guardrail",
        "verify",
        str(path),
        "--json",
        "--trust",
        str(server.home / "keys" / "root.pem"),
    ]
    alone = subprocess.run(base, env=env, capture_output=True, text=True, timeout=300, cwd=str(REPO))
    assert alone.returncode == 1 and json.loads(alone.stdout.splitlines()[0])["verdict"] == "ai-watermarked"
    asked = subprocess.run(
        [*base, "--resolver", server.url, "--resolver-key", all_key[1]],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(REPO),
    )
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout.splitlines()[0])["verdict"] == "ai-generated-recovered"
