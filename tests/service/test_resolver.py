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


def _records(server: Server, client_id: str) -> list[dict]:
    import sqlite3

    with sqlite3.connect(server.home / "audit.db") as db:
        rows = [json.loads(r[0]) for r in db.execute("SELECT record FROM requests ORDER BY seq")]
    return [r for r in rows if r.get("client_id") == client_id]


def test_every_lookup_is_audited_found_or_not_with_the_key_id(server: Server, release: dict) -> None:
    import hashlib

    import skimage.data

    key_id, key = server.key("verify", name="resolver-auditor")
    unmarked = png_bytes(skimage.data.astronaut())
    with server.client(key) as http:
        assert http.get(f"/v1/manifests/by-watermark/{release['watermark_id']}").status_code == 200
        assert http.get(f"/v1/manifests/by-watermark/{release['watermark_id'][:8]}").status_code == 200  # the tag
        assert http.get("/v1/manifests/by-watermark/0123456789abcdef").status_code == 404
        assert http.post("/v1/manifests/by-fingerprint", content=_stripped(release)).status_code == 200
        assert http.post("/v1/manifests/by-fingerprint", content=unmarked).status_code == 404
        assert http.get("/v1/manifests/by-watermark/not-hex").status_code == 422  # refused before any lookup
    mine = _records(server, key_id)
    assert [r["operation"] for r in mine] == ["resolve"] * 5
    assert [r["final_action"] for r in mine] == ["found", "found", "not-found", "found", "not-found"]
    by_id, by_tag, unknown, by_fp, no_match = mine
    assert by_id["parameters"] == {
        "by": "watermark",
        "query": release["watermark_id"],
        "release": release["watermark_id"],
    }
    assert by_tag["parameters"]["query"] == release["watermark_id"][:8]
    assert by_tag["parameters"]["release"] == release["watermark_id"]
    assert (
        unknown["parameters"] == {"by": "watermark", "query": "0123456789abcdef"} and "no release" in unknown["reason"]
    )
    assert by_fp["parameters"]["by"] == "fingerprint" and by_fp["parameters"]["release"] == release["watermark_id"]
    assert by_fp["input_sha256"] == hashlib.sha256(_stripped(release)).hexdigest()
    assert no_match["input_sha256"] == hashlib.sha256(unmarked).hexdigest() and "fingerprint" in no_match["reason"]
    assert server.metric('guardrail_decisions_total{action="found",operation="resolve"}') >= 3
