"""Fail closed over HTTP: when the audit log cannot be written, nothing is answered and no image leaves.

A real server on loopback and two real faults, no mocks:

- a failing disk: the test lowers the running server's file-size limit to 0 (``RLIMIT_FSIZE``
  through ``prlimit``): every write to a file then fails with EFBIG, which SQLite reports as a disk
  I/O error, as on a disk that went bad or full mid-run. Every endpoint must answer a JSON problem
  (where / what / fix) and no image bytes; once the limit is lifted the service works again and
  the audit chain verifies;
- an audit log that cannot commit while everything else can: the test holds the audit database's
  write lock (as a backup tool or a stuck process can). Mark and generate get as far as storing
  their manifests, then wait: nothing is answered until the lock is released and their records
  are committed.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.service.conftest import REPO, Server, png_bytes, start_server, stop_server

pytestmark = pytest.mark.slow  # a generating server (demo model) and three generations


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("failing-disk-home")
    server = start_server(home, "--queue", "2", "--timeout", "600", timeout=600)  # a busy machine loads slowly
    yield server
    stop_server(server)


def _manifests(server: Server) -> int:
    with sqlite3.connect(server.home / "manifests.db") as db:
        return db.execute("SELECT COUNT(*) FROM manifests").fetchone()[0]


def _records(server: Server, client_id: str) -> list[dict]:
    with sqlite3.connect(server.home / "audit.db") as db:
        rows = [json.loads(r[0]) for r in db.execute("SELECT record FROM requests ORDER BY seq")]
    return [r for r in rows if r.get("client_id") == client_id]


def _photo(seed: int) -> bytes:
    import numpy as np
    import skimage.data

    rng = np.random.default_rng(seed)  # a different image each time: no two marks of the same bytes
    noise = rng.integers(-8, 9, skimage.data.coffee().shape)
    return png_bytes(np.clip(skimage.data.coffee().astype(int) + noise, 0, 255).astype("uint8"), "JPEG")


GENERATE = {"prompt": "a red apple on a table", "seed": 11, "num_inference_steps": 2}


def test_a_failing_disk_answers_problems_and_releases_nothing(srv: Server) -> None:
    key_id, key = srv.key("screen,check,mark,verify,generate", name="disk")
    http = srv.client(key)
    marked = http.post("/v1/mark", content=_photo(1)).json()  # before the fault: everything works
    assert marked["action"] == "released"
    assert http.post("/v1/generate", json=GENERATE).json()["action"] == "released"
    stored = _manifests(srv)

    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (0, hard))  # from now on every file write fails
    try:
        answers = {
            "screen": http.post("/v1/screen", json={"prompt": "a lighthouse at dusk"}),
            "check": http.post("/v1/check", content=_photo(2)),
            "verify": http.post("/v1/verify", content=_photo(3)),
            "resolve": http.get(f"/v1/manifests/by-watermark/{marked['watermark_id']}"),
            "mark": http.post("/v1/mark", content=_photo(4)),
            "generate": http.post("/v1/generate", json={**GENERATE, "seed": 12}),
        }
    finally:
        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (hard, hard))
    for name, resp in answers.items():
        assert resp.status_code == 503, (name, resp.status_code, resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json"), name
        problem = resp.json()
        assert problem["where"] and problem["what"] and problem["fix"], (name, problem)
        assert "data" not in problem and len(resp.content) < 4000, name  # no image bytes in any answer
    for name in ("screen", "check", "verify", "resolve"):  # their only write is the audit record
        problem = answers[name].json()
        assert problem["where"].endswith("audit.db") and "disk I/O error" in problem["what"], (name, problem)
    assert _manifests(srv) == stored  # neither mark nor generate stored anything

    assert http.post("/v1/screen", json={"prompt": "a lighthouse at dusk"}).json()["action"] == "allow"  # recovered
    ops = [(r["operation"], r["final_action"]) for r in _records(srv, key_id)]
    assert ops == [("mark", "released"), ("generate", "released"), ("screen", "allow")]  # only what was answered
    audit = subprocess.run(
        [sys.executable, "-m", "guardrail", "audit", "verify", "--json"],
        env=srv.env(),
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=300,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_nothing_is_answered_before_its_audit_record_commits(srv: Server) -> None:
    key_id, key = srv.key("screen,mark,generate", name="locked")
    stored = _manifests(srv)

    def wait_for_manifests(count: int) -> None:
        deadline = time.monotonic() + 600
        while _manifests(srv) < count:
            assert time.monotonic() < deadline, "the request never reached its audit write"
            time.sleep(0.05)

    lock = sqlite3.connect(srv.home / "audit.db", isolation_level=None, timeout=60)
    lock.execute("BEGIN IMMEDIATE")  # the audit log's write lock: the server's writer waits (up to 60 s)
    with ThreadPoolExecutor(3) as pool:
        try:
            generated = pool.submit(srv.client(key).post, "/v1/generate", json={**GENERATE, "seed": 13})
            wait_for_manifests(stored + 1)  # generated, checked, marked; its manifest stored: now at the audit write
            marked = pool.submit(srv.client(key).post, "/v1/mark", content=_photo(5))
            wait_for_manifests(stored + 2)  # checked and marked too
            screened = pool.submit(srv.client(key).post, "/v1/screen", json={"prompt": "a quiet harbour"})
            time.sleep(1.0)  # time to answer, if the service answered before committing
            assert not (generated.done() or marked.done() or screened.done())
            assert _records(srv, key_id) == []
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        answers = [f.result(timeout=300) for f in (generated, marked, screened)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json()["action"] == "released" and answers[0].json()["released"][0]["data"]
    assert answers[1].json()["action"] == "released" and answers[1].json()["data"]
    ops = sorted((r["operation"], r["final_action"]) for r in _records(srv, key_id))
    assert ops == [("generate", "released"), ("mark", "released"), ("screen", "allow")]
