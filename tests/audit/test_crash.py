"""Crash test: ``kill -9`` at seeded random points of ``guardrail mark`` and ``guardrail generate``.

Two workers run the commands side by side against one GUARDRAIL_HOME (so a starting command's
recovery meets the other's release in progress). Half of the kills land at a random time of the
run; the other half right after the run's release has begun (its pending entry appeared), the
window write-ahead release exists for. Afterwards ``audit recover`` runs and the invariant must hold:
every file under a final name has its committed release record (same path, same SHA-256) and its
manifest row; nothing else was released; ``audit verify`` and ``PRAGMA integrity_check`` pass.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from skimage import data

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261203
MARK_RUNS = 16
GENERATE_RUNS = 2
TIMEOUT_S = 300


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, GUARDRAIL_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("GUARDRAIL_DEBUG", None)
    return env


def _entry_of(home: Path, pid: int) -> bool:
    """True once the process ``pid`` has a pending release entry (its release has begun)."""
    folder = home / "pending"
    if not folder.is_dir():
        return False
    for path in folder.glob("*.json"):
        try:
            if json.loads(path.read_text())["pid"] == pid:
                return True
        except (OSError, ValueError, KeyError):
            continue  # being written or already gone
    return False


def _run_and_kill(cmd: list[str], home: Path, mode: str, delay: float) -> str:
    """Run ``cmd``; kill -9 it at ``delay`` s ("timed") or ``delay`` s after its release began ("window")."""
    proc = subprocess.Popen(cmd, env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.monotonic()
    try:
        if mode == "timed":
            try:
                proc.wait(timeout=delay)
                return "finished"
            except subprocess.TimeoutExpired:
                pass
        else:
            while not _entry_of(home, proc.pid):
                if proc.poll() is not None:
                    return "finished"
                if time.monotonic() - start > TIMEOUT_S:
                    raise AssertionError(f"no release began within {TIMEOUT_S} s: {cmd}")
                time.sleep(0.001)
            time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT_S)
        return "killed" if proc.returncode == -signal.SIGKILL else "finished"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _released_records(home: Path) -> tuple[dict[str, tuple[str, str]], list[dict]]:
    """{sha256: (output_path, watermark_id)} of released image records, and the recovery actions."""
    from guardrail.audit import AuditLog

    released: dict[str, tuple[str, str]] = {}
    recovery: list[dict] = []
    with AuditLog(home / "audit.db") as log:
        for request in log.list_requests(limit=10_000):
            if request.operation == "recover":
                recovery.extend(a.model_dump() for a in request.recovery)
                continue
            for image in log.get_request(request.request_id)[1]:
                if image.action == "released" and image.file_sha256:
                    released[image.file_sha256] = (image.output_path or "", image.watermark_id or "")
    return released, recovery


def test_kill_9_at_random_points_never_releases_a_file_without_its_record(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    src = tmp_path / "in.png"
    Image.fromarray(data.astronaut()).resize((256, 256)).save(src)
    rng = random.Random(SEED)
    guardrail = [sys.executable, "-m", "guardrail"]
    # One uninterrupted mark first: it creates the keys, the stores, and times a run on this machine.
    t0 = time.monotonic()
    subprocess.run(
        [*guardrail, "mark", str(src), "-o", str(out / "first.png"), "--no-check"],
        env=_env(home),
        check=True,
        capture_output=True,
    )
    full = time.monotonic() - t0

    jobs: list[tuple[list[str], str, float]] = []
    for i in range(MARK_RUNS):
        ext = rng.choice(["png", "jpg", "webp"])
        target = out / ("same.png" if i % 4 == 3 else f"m{i}.{ext}")
        mode = "window" if i % 2 else "timed"
        delay = rng.uniform(0.0, 0.03) if mode == "window" else rng.uniform(0.2, 1.2) * full
        jobs.append(([*guardrail, "mark", str(src), "-o", str(target), "--no-check", "--force"], mode, delay))
    for i in range(GENERATE_RUNS):
        cmd = [
            *guardrail,
            "generate",
            "a red bicycle",
            "-o",
            str(out / f"g{i}"),
            "--steps",
            "1",
            "--height",
            "256",
            "--width",
            "256",
            "--seed",
            str(i),
        ]
        jobs.append((cmd, "window", rng.uniform(0.0, 0.03)))
    rng.shuffle(jobs)
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda job: _run_and_kill(job[0], home, job[1], job[2]), jobs))
    assert outcomes.count("killed") >= len(jobs) // 2, outcomes

    done = subprocess.run([*guardrail, "audit", "recover", "--json"], env=_env(home), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["in_progress"] == 0

    released, recovery = _released_records(home)
    assert any(a["action"] in ("rolled-back", "removed-temp", "removed-manifest", "completed") for a in recovery), (
        "no kill landed inside a release"
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    assert [p.name for p in files if p.name.startswith(".")] == []  # no temp file survives recovery
    assert not list((home / "pending").glob("*"))
    assert files, "nothing was released at all"
    for path in files:  # the invariant: every file under a final name has its committed release record
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in released, f"{path} has no release record"
        assert released[digest][0] == str(path)

    from guardrail.provenance.store import SQLiteManifestStore

    with SQLiteManifestStore(home / "manifests.db") as store:
        stored = {row[0] for row in store._query("SELECT watermark_id FROM manifests", ())}
    rolled_back = {a["watermark_id"] for a in recovery if a["action"] in ("rolled-back", "removed-manifest")}
    assert stored <= {wm for _, wm in released.values()} - rolled_back  # no manifest row without a release
    on_disk = {released[hashlib.sha256(p.read_bytes()).hexdigest()][1] for p in files}
    assert on_disk <= stored  # every released file can be recovered by its watermark

    from guardrail.provenance.verify import verify_image

    for path in sorted(files)[:2]:  # and the files verify as released by us
        assert verify_image(path).verdict == "ai-generated"
    check = subprocess.run([*guardrail, "audit", "verify", "--json"], env=_env(home), capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for db in ("audit.db", "manifests.db"):
        with sqlite3.connect(home / db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
