"""The service loads the policy's classifiers at startup: /readyz waits for them, the first screen does not.

The library stays lazy (a classifier loads in a check worker on its first use); ``guardrail serve``
calls ``Screener.load`` and ``ImageChecker.load`` when it starts, so a slow plugin load holds
readiness, not the first request.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.service.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.slow  # starts two servers (no model: a few seconds each)


def _install_plugin(root: Path) -> Path:
    """A dist-info declaring the 'gated' prompt classifier (warm_plugin, in this folder) as an entry point."""
    dist = root / "plugins" / "warm_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: warm-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[guardrail.backends]\nprompt_classifier.gated = warm_plugin:GatedScores\n")
    return root / "plugins"


def _start(root: Path, *, fail: bool) -> tuple[Server, Path, Path]:
    home = root / "home"
    home.mkdir()
    gate, loads = root / "gate", root / "loads.txt"
    policy = root / "warm.yaml"
    policy.write_text(
        "name: warm\nextends: builtin:default\n"
        "prompt:\n  classifiers:\n    - backend: gated\n"
        f"      options: {{gate: '{gate}', log: '{loads}', fail: {str(fail).lower()}}}\n"
        "      timeout_s: 5\n      categories: {violence: {threshold: 0.8}}\n"
        "checks:\n  classifiers: []\n  similarity: {enabled: true}\n"
    )
    plugin_path = [_install_plugin(root), Path(__file__).parent]
    server = start_server(home, "--no-generate", "--policy", str(policy), ready=False, path=plugin_path)
    return server, gate, loads


def _wait_ready(server: Server, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = server.client().get("/readyz")
        if resp.status_code == 200 or resp.json()["checks"]["classifiers"].startswith("failed"):
            return resp.json()
        time.sleep(0.1)
    raise AssertionError(f"not ready after {timeout} s: {resp.json()}")


def test_readyz_waits_for_the_classifiers_and_the_first_screen_does_not_load(tmp_path: Path) -> None:
    server, gate, loads = _start(tmp_path, fail=False)
    try:
        deadline = time.monotonic() + 120
        while not loads.exists() and time.monotonic() < deadline:  # the load started, before any request
            time.sleep(0.05)
        ready = server.client().get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["classifiers"] == "loading"
        gate.touch()
        body = _wait_ready(server)
        assert body["ready"] is True and body["checks"]["classifiers"] == "ok"
        (loader,) = loads.read_text().split()  # loaded once, in one check worker
        _, key = server.key("screen")
        with server.client(key) as http:
            decision = http.post("/v1/screen", json={"prompt": "a knife on a kitchen table"}).json()
            assert decision["action"] == "block" and decision["matches"][0]["rule_id"] == "model.gated.violence"
            assert http.post("/v1/screen", json={"prompt": "a cat at dawn"}).json()["action"] == "allow"
        assert loads.read_text().split() == [loader]  # the screens used the warm worker: no load on first use
    finally:
        stop_server(server)


def test_a_failed_load_keeps_readyz_false_and_screens_fail_closed(tmp_path: Path) -> None:
    server, _, loads = _start(tmp_path, fail=True)
    try:
        body = _wait_ready(server)
        assert body["ready"] is False and "the weights file is missing" in body["checks"]["classifiers"]
        _, key = server.key("screen")
        decision = server.client(key).post("/v1/screen", json={"prompt": "a cat at dawn"}).json()
        assert decision["action"] == "block" and decision["matches"][0]["kind"] == "could-not-check"
    finally:
        stop_server(server)
