"""A server without a model, with public verify and a low rate limit; the apikey CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from guardrail.cli import app
from tests.service.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """No model, public verify, 3 requests per minute per key; chelsea is a protected reference."""
    import os
    import subprocess
    import sys

    import skimage.data

    from tests.service.conftest import REPO, png_bytes

    home = tmp_path_factory.mktemp("open-home")
    ref = home / "chelsea.png"
    ref.write_bytes(png_bytes(skimage.data.chelsea()))
    subprocess.run(
        [sys.executable, "-m", "guardrail", "refs", "add", str(ref), "--artist", "A. Painter"],
        check=True,
        env={**os.environ, "GUARDRAIL_HOME": str(home), "PYTHONPATH": str(REPO)},
        capture_output=True,
        timeout=300,
    )
    srv = start_server(home, "--no-generate", "--public-verify", "--rate-limit", "3")
    yield srv
    stop_server(srv)


def test_public_verify_opens_verify_only_and_is_audited_as_public(open_server: Server, coffee_jpeg: bytes) -> None:
    import hashlib
    import sqlite3

    anonymous = open_server.client()
    assert anonymous.post("/v1/verify", content=coffee_jpeg).json()["verdict"] == "no-provenance"
    assert anonymous.get("/v1/manifests/by-watermark/0123456789abcdef").status_code == 404
    with sqlite3.connect(open_server.home / "audit.db") as db:
        public = [json.loads(r[0]) for r in db.execute("SELECT record FROM requests ORDER BY seq")]
    public = [r for r in public if r.get("client_id") == "public"]
    assert [(r["operation"], r["final_action"]) for r in public][-2:] == [
        ("verify", "no-provenance"),
        ("resolve", "not-found"),
    ]
    assert public[-2]["input_sha256"] == hashlib.sha256(coffee_jpeg).hexdigest()
    for path, kwargs in (
        ("/v1/screen", {"json": {"prompt": "a cat"}}),
        ("/v1/check", {"content": coffee_jpeg}),
        ("/v1/mark", {"content": coffee_jpeg}),
        ("/v1/generate", {"json": {"prompt": "a cat"}}),
    ):
        assert anonymous.post(path, **kwargs).status_code == 401, path


def test_rate_limit_per_key_answers_429_with_retry_after(open_server: Server) -> None:
    _, key_a = open_server.key("screen")
    _, key_b = open_server.key("screen")
    codes = [open_server.client(key_a).post("/v1/screen", json={"prompt": "a cat"}).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = open_server.client(key_a).post("/v1/screen", json={"prompt": "a cat"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["where"] != key_a  # the problem names the key id, never the key
    assert open_server.client(key_b).post("/v1/screen", json={"prompt": "a cat"}).status_code == 200  # per key


def test_generate_without_a_model_is_503_and_readyz_says_disabled(open_server: Server) -> None:
    _, key = open_server.key("generate")
    resp = open_server.client(key).post("/v1/generate", json={"prompt": "a cat"})
    assert resp.status_code == 503 and resp.json()["type"] == "/problems/generation-disabled"
    assert open_server.client().get("/readyz").json()["checks"]["model"] == "disabled"


def test_apikey_cli_create_list_revoke_shows_the_key_once(guardrail_home) -> None:
    runner = CliRunner()
    created = runner.invoke(app, ["apikey", "create", "--scope", "verify,screen", "--name", "editor", "--json"])
    assert created.exit_code == 0, created.output
    data = json.loads(created.stdout)
    assert data["scopes"] == ["screen", "verify"] and data["key"].startswith(f"grk_{data['key_id']}_")
    listed = runner.invoke(app, ["apikey", "list", "--json"])
    assert data["key"] not in listed.stdout and json.loads(listed.stdout)[0]["key_id"] == data["key_id"]
    assert data["key"].split("_")[-1].encode() not in (guardrail_home / "apikeys.db").read_bytes()
    revoked = runner.invoke(app, ["apikey", "revoke", data["key_id"], "--json"])
    assert revoked.exit_code == 0 and json.loads(revoked.stdout)["revoked"]
    bad = runner.invoke(app, ["apikey", "create", "--scope", "verify,admin"])
    assert bad.exit_code == 2 and "admin" in bad.output and "screen, check, mark, verify, generate" in bad.output


def test_mark_of_a_protected_image_is_withheld_unmarked_and_audited(open_server: Server) -> None:
    import sqlite3

    import skimage.data

    from tests.service.conftest import png_bytes

    key_id, key = open_server.key("mark")
    with sqlite3.connect(open_server.home / "manifests.db") as db:
        before = db.execute("SELECT COUNT(*) FROM manifests").fetchone()[0]
    outcome = open_server.client(key).post("/v1/mark", content=png_bytes(skimage.data.chelsea(), "JPEG")).json()
    assert outcome["action"] == "withheld" and outcome["data"] is None and outcome["watermark_id"] is None
    assert outcome["verdict"]["action"] == "block" and "A. Painter" in " ".join(outcome["reasons"])
    with sqlite3.connect(open_server.home / "manifests.db") as db:
        assert db.execute("SELECT COUNT(*) FROM manifests").fetchone()[0] == before  # nothing stored
    with sqlite3.connect(open_server.home / "audit.db") as db:
        records = [json.loads(r[0]) for r in db.execute("SELECT record FROM requests")]
    (mine,) = [r for r in records if r.get("client_id") == key_id]
    assert mine["operation"] == "mark" and mine["final_action"] == "withheld"


def test_a_request_over_the_timeout_is_a_504_problem(tmp_path_factory: pytest.TempPathFactory) -> None:
    import skimage.data

    from tests.service.conftest import png_bytes

    # Reading the watermarks of an unmarked 512x512 photo alone takes > 100 ms (docs/provenance.md).
    srv = start_server(tmp_path_factory.mktemp("timeout-home"), "--no-generate", "--public-verify", "--timeout", "0.05")
    try:
        resp = srv.client().post("/v1/verify", content=png_bytes(skimage.data.astronaut()))
        assert resp.status_code == 504 and resp.json()["type"] == "/problems/timeout"
        assert "0.05 s" in resp.json()["what"]
    finally:
        stop_server(srv)
