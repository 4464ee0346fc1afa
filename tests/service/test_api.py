"""The HTTP API against a real server: every endpoint, scopes, limits and problems, audit with key ids."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from guardrail.service.calls import INLINE_SCREEN_MAX_CHARS
from tests.service.conftest import REPO, Server, png_bytes

pytestmark = pytest.mark.slow  # starts a server with the demo model (~10-20 s once per session)


def _problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["status"] == status and body["what"] and body["detail"].startswith(body["where"] or "")
    return body


def test_health_ready_openapi_and_docs(server: Server) -> None:
    assert server.client().get("/healthz").json() == {"status": "ok"}
    ready = server.client().get("/readyz").json()
    assert ready["ready"] is True and ready["checks"]["model"] == "ok" and ready["model_id"] == "guardrail/demo-shapes"
    schema = server.client().get("/openapi.json").json()
    for path in (
        "/v1/screen",
        "/v1/check",
        "/v1/mark",
        "/v1/verify",
        "/v1/generate",
        "/v1/manifests/by-watermark/{watermark_id}",
        "/v1/manifests/by-fingerprint",
        "/metrics",
    ):
        assert path in schema["paths"], path
    assert "PromptDecision" in schema["components"]["schemas"] and "ProvenanceReport" in schema["components"]["schemas"]
    assert server.client().get("/redoc").status_code == 404  # ReDoc fetches a logo from the web: not served
    for page, script in (("/docs", "swagger-ui-bundle.js"),):
        resp = server.client().get(page)
        refs = re.findall(r"""(?:src|href|url)\s*[=:(]\s*['"]([^'"]+)['"]""", resp.text)
        assert any(r.endswith(script) for r in refs), (page, refs)
        assert [r for r in refs if "//" in r] == [], f"{page} loads from elsewhere: {refs}"
        assert "connect-src 'self'" in resp.headers["content-security-policy"]
        asset = server.client().get(next(r for r in refs if r.endswith(script)))
        assert asset.status_code == 200 and len(asset.content) > 100_000  # served here, from package data


def test_screen_one_and_batch_with_the_library_model(server: Server, all_key) -> None:
    with server.client(all_key[1]) as http:
        one = http.post("/v1/screen", json={"prompt": "a n.u.d.e w0man"}).json()
        assert one["action"] == "block" and one["matches"][0]["rule_id"] == "sexual.nudity"
        assert one["policy"]["name"] == "default" and len(one["policy"]["hash"]) == 64
        batch = http.post("/v1/screen", json={"prompts": ["a cat on a mat", "a castle by greg rutkowski"]}).json()
        assert [d["action"] for d in batch] == ["allow", "rewrite"]
        long = "a quiet harbour at dawn, " * 16  # 400 characters: screened in the thread pool, not the event loop
        assert len(long) > INLINE_SCREEN_MAX_CHARS
        assert http.post("/v1/screen", json={"prompt": long + "n.u.d.e"}).json()["action"] == "block"
        body = _problem(http.post("/v1/screen", json={"prompt": "   "}), 422)
        assert body["where"] == "prompt" and "empty" in body["what"]
        body = _problem(http.post("/v1/screen", json={"prompt": "a", "prompts": ["b"]}), 422)
        assert "exactly one" in body["what"]


def test_every_endpoint_refuses_without_a_key_and_without_its_scope(server: Server, coffee_jpeg: bytes) -> None:
    calls = {
        "screen": lambda h: h.post("/v1/screen", json={"prompt": "a cat"}),
        "check": lambda h: h.post("/v1/check", content=coffee_jpeg),
        "mark": lambda h: h.post("/v1/mark", content=coffee_jpeg),
        "verify": lambda h: h.post("/v1/verify", content=coffee_jpeg),
        "generate": lambda h: h.post("/v1/generate", json={"prompt": "a cat"}),
        "verify by watermark": lambda h: h.get("/v1/manifests/by-watermark/0123456789abcdef"),
        "verify by fingerprint": lambda h: h.post("/v1/manifests/by-fingerprint", content=coffee_jpeg),
    }
    for name, call in calls.items():
        scope = name.split()[0]
        body = _problem(call(server.client()), 401)
        assert body["where"] == "Authorization"
        _problem(call(server.client("grk_000000000000_not-a-real-secret")), 401)
        other = "verify" if scope != "verify" else "screen"
        body = _problem(call(server.client(server.key(other)[1])), 403)
        assert f"'{scope}' scope" in body["what"] and f"--scope {scope}" in body["fix"]


def test_a_revoked_key_is_refused_at_once(server: Server) -> None:
    from guardrail.service.apikeys import ApiKeyStore

    key_id, key = server.key("screen")
    assert server.client(key).post("/v1/screen", json={"prompt": "a cat"}).status_code == 200
    with ApiKeyStore(server.home / "apikeys.db") as keys:
        keys.revoke(key_id)
    _problem(server.client(key).post("/v1/screen", json={"prompt": "a cat"}), 401)


def test_check_verdicts_and_bad_or_oversize_images(server: Server, all_key, coffee_jpeg: bytes) -> None:
    import skimage.data

    with server.client(all_key[1]) as http:
        verdict = http.post("/v1/check", content=coffee_jpeg).json()
        assert verdict["action"] == "pass" and verdict["classifiers"][0]["backend"] == "nudenet"
        both = http.post(
            "/v1/check",
            files=[("image", ("a.jpg", coffee_jpeg)), ("image", ("b.png", png_bytes(skimage.data.chelsea())))],
        ).json()
        assert [v["action"] for v in both] == ["pass", "pass"]
        body = _problem(http.post("/v1/check", files={"image": ("notes.txt", b"hello, not an image")}), 422)
        assert body["where"] == "notes.txt" and "not an image" in body["what"] and body["fix"]
        truncated = coffee_jpeg[: len(coffee_jpeg) // 2]
        assert "truncated" in _problem(http.post("/v1/check", content=truncated), 422)["what"]
        big = np.random.default_rng(0).integers(0, 256, (1100, 1100, 3), dtype=np.uint8)  # ~3.6 MB PNG
        body = _problem(http.post("/v1/check", content=png_bytes(big)), 413)
        assert body["where"] == "body"
        wide = png_bytes(np.zeros((1001, 1000, 3), dtype=np.uint8))  # small file, 1 001 000 pixels
        body = _problem(http.post("/v1/check", content=wide), 413)
        assert "1001000 pixels" in body["what"] or "1000x1001" in body["what"]


def test_mark_then_verify_and_resolve_by_watermark_and_fingerprint(server: Server, all_key, coffee_jpeg: bytes) -> None:
    with server.client(all_key[1]) as http:
        marked = http.post("/v1/mark", params={"model": "elsewhere/model-1"}, content=coffee_jpeg).json()
        assert marked["action"] == "released" and marked["model_id"] == "elsewhere/model-1"
        data = base64.b64decode(marked["data"])
        report = http.post("/v1/verify", files={"image": ("released.png", data)}).json()
        assert report["verdict"] == "ai-generated" and report["source"] == "released.png"
        assert report["c2pa"]["model"] == "elsewhere/model-1"

        resolved = http.get(f"/v1/manifests/by-watermark/{marked['watermark_id']}")
        assert resolved.status_code == 200 and resolved.headers["content-type"] == "application/c2pa"
        assert hashlib.sha256(resolved.content).hexdigest() == marked["manifest_hash"]
        _problem(http.get("/v1/manifests/by-watermark/0123456789abcdef"), 404)
        _problem(http.get("/v1/manifests/by-watermark/not-hex"), 422)

        stripped = png_bytes(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), "JPEG")  # re-saved: no manifest
        by_fp = http.post("/v1/manifests/by-fingerprint", content=stripped)
        assert by_fp.status_code == 200 and by_fp.headers["x-guardrail-watermark-id"] == marked["watermark_id"]
        assert hashlib.sha256(by_fp.content).hexdigest() == marked["manifest_hash"]
        import skimage.data

        _problem(http.post("/v1/manifests/by-fingerprint", content=png_bytes(skimage.data.astronaut())), 404)


def test_generated_release_verifies_over_http_and_with_the_cli(server: Server, all_key, tmp_path) -> None:
    with server.client(all_key[1]) as http:
        result = http.post(
            "/v1/generate", json={"prompt": "a red apple on a table", "seed": 7, "num_inference_steps": 2}
        ).json()
        assert result["action"] == "released" and result["model_id"] == "guardrail/demo-shapes"
        released = result["released"][0]
        data = base64.b64decode(released["data"])
        report = http.post("/v1/verify", content=data).json()
        assert report["verdict"] == "ai-generated" and report["c2pa"]["model"] == "guardrail/demo-shapes"
        blocked = http.post("/v1/generate", json={"prompt": "a n.u.d.e w0man"}).json()
        assert blocked["action"] == "blocked" and blocked["released"] == []
    path = tmp_path / "released.png"
    path.write_bytes(data)
    cli = subprocess.run(
        [sys.executable, "-m", "guardrail", "verify", str(path), "--json"],
        env=server.env(),
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["verdict"] == "ai-generated"


def test_every_call_is_audited_with_the_key_id_never_the_key(server: Server) -> None:
    import skimage.data

    photo = png_bytes(skimage.data.chelsea())  # never marked in this session
    key_id, key = server.key("screen,check,verify", name="auditor")
    with server.client(key) as http:
        http.post("/v1/screen", json={"prompt": "a lighthouse at dusk"}).raise_for_status()
        http.post("/v1/check", content=photo).raise_for_status()
        http.post("/v1/verify", content=photo).raise_for_status()
    with sqlite3.connect(server.home / "audit.db") as db:
        rows = [json.loads(r[0]) for r in db.execute("SELECT record FROM requests")]
        dump = "\n".join(r[0] for r in db.execute("SELECT record FROM requests"))
    mine = [r for r in rows if r.get("client_id") == key_id]
    assert sorted(r["operation"] for r in mine) == ["check", "screen", "verify"]
    assert {r["final_action"] for r in mine} == {"allow", "pass", "no-provenance"}
    assert key.split("_")[-1] not in dump and key not in dump


def test_generate_queue_full_answers_429_with_retry_after(server: Server, all_key) -> None:
    import threading
    import time

    slow = {"prompt": "a quiet harbour", "seed": 1, "num_inference_steps": 20, "height": 128, "width": 128}
    results: list[int] = []

    def send() -> None:
        with server.client(all_key[1], timeout=900) as http:  # a loaded CI machine generates slowly
            results.append(http.post("/v1/generate", json=slow).status_code)

    first = threading.Thread(target=send)
    first.start()
    deadline = time.monotonic() + 60
    while server.metric("guardrail_generate_running") < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    second = threading.Thread(target=send)
    second.start()
    while server.metric("guardrail_generate_queue_depth") < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.metric("guardrail_generate_running") == 1, (
        "the first request finished before the test could fill the queue"
    )
    resp = server.client(all_key[1]).post("/v1/generate", json=slow)
    body = _problem(resp, 429)
    assert int(resp.headers["retry-after"]) >= 1 and body["where"] == "/v1/generate"
    first.join(900)
    second.join(900)
    assert results == [200, 200]


def test_metrics_count_requests_and_decisions(server: Server, all_key) -> None:
    server.client(all_key[1]).post("/v1/screen", json={"prompt": "a n.u.d.e w0man"})
    text = server.client().get("/metrics").text
    assert 'guardrail_decisions_total{action="block",operation="screen"}' in text
    assert 'guardrail_http_requests_total{method="POST",route="/v1/screen",status="200"}' in text
    assert "guardrail_http_request_seconds_bucket" in text and "guardrail_generate_queue_depth" in text
    commits = re.search(r"^guardrail_audit_commits (\S+)$", text, re.M)
    entries = re.search(r"^guardrail_audit_entries (\S+)$", text, re.M)
    assert commits and entries and 1 <= float(commits[1]) <= float(entries[1])  # the screen above was audited
