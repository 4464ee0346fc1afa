"""Red-team cases on the home's state folders and on a release that cannot be written.

- ``audit-keys/`` and ``pending/`` must pass the same test as the home and ``keys/``: whoever can
  write ``audit-keys/`` chooses the key the audit chain is linked with (and can forge links);
  whoever can write ``pending/`` makes ``audit recover`` delete files of their choosing.
- A write that fails mid-file (disk full, file size limit) leaves no partial temp file beside the
  output and gets an error that names the file.

The suite runs as root; "another user" is uid 65534 (nobody), as in test_home_permissions.py.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from state_helpers import snapshot
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()
NOBODY = 65534
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(guardrail_home: Path) -> Path:
    """A home others may enter (0755, passes the home test) with a local identity."""
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    guardrail_home.chmod(0o755)
    return guardrail_home


@pytest.mark.parametrize("change", ["world-writable", "other-owner"])
def test_audit_keys_folder_others_could_write_is_refused_and_gets_no_key(home: Path, photo: Path, change: str) -> None:
    folder = home / "audit-keys"
    folder.mkdir(mode=0o700)
    if change == "world-writable":
        folder.chmod(0o777)
        fix = f"chmod go-w '{folder}'"
    else:
        os.chown(folder, NOBODY, NOBODY)
        fix = f"chown {os.geteuid()} '{folder}'"
    before = snapshot(folder)
    out = photo.with_name("marked.png")
    for args in (["mark", str(photo), "-o", str(out), "--no-check"], ["audit", "rotate-key"]):
        result = runner.invoke(app, args)
        text = " ".join(result.output.split())
        assert result.exit_code == 2, (args, result.output)
        assert f"error: {folder}:" in text and fix in text and "refuses" in text, text
        assert "Traceback" not in text  # one clear error, not the stack of the refused refusal record
    assert not out.exists()
    assert snapshot(folder) == before  # no key was made (or read) in a folder another user controls


def test_pending_folder_others_could_write_is_refused_and_recover_deletes_nothing(
    home: Path, photo: Path, tmp_path: Path
) -> None:
    pending = home / "pending"
    pending.mkdir(mode=0o777)
    pending.chmod(0o777)
    victim = tmp_path / "precious.txt"
    victim.write_text("mine")
    entry = {  # what another user drops into a pending folder they can write
        "token": "0" * 32,
        "request_id": "planted",
        "pid": 1,
        "created": "2026-01-01T00:00:00+00:00",
        "policy": {"name": "p", "version": "1", "hash": "0" * 64},
        "model_id": "m",
        "audit": None,
        "store": None,
        "watermark_ids": [],
        "files": [
            {"index": 0, "final": str(tmp_path / "x.png"), "temp": str(victim), "sha256": "0", "watermark_id": None}
        ],
    }
    (pending / f"{'0' * 32}.json").write_text(json.dumps(entry))
    for args in (["audit", "recover"], ["mark", str(photo), "-o", str(tmp_path / "m.png"), "--no-check"]):
        result = runner.invoke(app, args)
        text = " ".join(result.output.split())
        assert result.exit_code == 2, (args, result.output)
        assert f"error: {pending}:" in text and f"chmod go-w '{pending}'" in text, text
    assert victim.read_text() == "mine"
    assert not (tmp_path / "m.png").exists()


def test_recover_removes_only_the_temp_name_a_release_would_have_used(tmp_path: Path, guardrail_home: Path) -> None:
    from guardrail.audit.recover import recover
    from guardrail.audit.release import pending_folder, temp_name

    final = tmp_path / "out.png"
    token = "1" * 32
    own_temp = temp_name(final, token)
    own_temp.write_bytes(b"partial")
    victim = tmp_path / "notes.txt"
    victim.write_text("keep")
    pending = pending_folder()
    pending.mkdir(mode=0o700)
    entry = {
        "token": token,
        "request_id": "damaged",
        "pid": 1,
        "created": "2026-01-01T00:00:00+00:00",
        "policy": {"name": "p", "version": "1", "hash": "0" * 64},
        "model_id": "m",
        "audit": None,
        "store": None,
        "watermark_ids": [],
        "files": [
            {"index": 0, "final": str(final), "temp": str(own_temp), "sha256": "0", "watermark_id": None},
            {"index": 1, "final": str(tmp_path / "b.png"), "temp": str(victim), "sha256": "0", "watermark_id": None},
        ],
    }
    (pending / f"{token}.json").write_text(json.dumps(entry))
    report = recover()
    assert not own_temp.exists()  # a real leftover is cleaned
    assert victim.read_text() == "keep"  # a path that is not a release temp name is never deleted
    assert [a.path for a in report.actions if a.action == "removed-temp"] == [str(own_temp)]


def _limit_file_size() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def test_a_release_that_cannot_be_written_leaves_no_temp_file_and_names_it(
    home: Path, photo: Path, tmp_path: Path
) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    env = dict(os.environ, GUARDRAIL_HOME=str(home), PYTHONPATH=str(ROOT))
    # the marked PNG (~190 kB) cannot be written whole under a 100 kB file size limit (EFBIG, as on a full disk)
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "mark", str(photo), "-o", str(outdir / "m.png"), "--no-check"],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    text = " ".join(proc.stderr.split())
    assert f"{outdir}" in text and "File too large" in text, text  # names where it failed
    assert sorted(p.name for p in outdir.iterdir()) == []  # no output, no partial temp file
    assert not list((home / "pending").glob("*.json"))
    verified = runner.invoke(app, ["audit", "verify", "--json"])
    assert verified.exit_code == 0 and json.loads(verified.stdout)["ok"]


def test_keys_made_under_a_group_writable_umask_still_verify(guardrail_home: Path, photo: Path) -> None:
    # umask 002 is the default for user accounts on Debian/Ubuntu: root.pem came out 0664, and the
    # next verify refused guardrail's own trust root as "writable by group" (exit 2).
    old = os.umask(0o002)
    try:
        assert runner.invoke(app, ["keys", "init"]).exit_code == 0
        out = photo.with_name("marked.png")
        assert runner.invoke(app, ["mark", str(photo), "-o", str(out), "--no-check"]).exit_code == 0
        result = runner.invoke(app, ["verify", str(out), "--json"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["c2pa"]["state"] == "Trusted"
    for path in (guardrail_home / "keys").iterdir():
        assert path.stat().st_mode & 0o022 == 0, path


def test_a_refused_mark_does_not_adopt_an_audit_key_another_user_planted(guardrail_home: Path, photo: Path) -> None:
    # Old installs kept the audit key at keys/audit.key (and keys.*.bak/audit.key); the first use of
    # audit-keys/ adopts it. A key planted in a folder another user can write was adopted as the
    # *current* key by the refusal record of the very mark that refused that folder: every later
    # link was made with a key the other user knows.
    import hashlib

    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    keys = guardrail_home / "keys"
    keys.chmod(0o777)
    planted = {
        b"A" * 32: keys / "audit.key",
        b"B" * 32: guardrail_home / "keys.20990101T000000000000Z.bak" / "audit.key",
    }
    for data, path in planted.items():
        path.parent.mkdir(exist_ok=True)
        path.parent.chmod(0o777)
        path.write_bytes(data)
    out = photo.with_name("marked.png")
    result = runner.invoke(app, ["mark", str(photo), "-o", str(out), "--no-check"])
    assert result.exit_code == 2 and f"error: {keys}:" in " ".join(result.output.split())
    assert not out.exists()
    from guardrail.audit.key import audit_key_ids, current_audit_key

    kid, _ = current_audit_key()
    planted_ids = {hashlib.sha256(d).hexdigest()[:16] for d in planted}
    assert kid not in planted_ids and not planted_ids & set(audit_key_ids())


def test_a_mark_refused_for_its_audit_keys_prints_one_error_not_a_traceback(home: Path, photo: Path) -> None:
    folder = home / "audit-keys"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    env = dict(os.environ, GUARDRAIL_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("GUARDRAIL_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "mark", str(photo), "-o", str(photo.with_name("m.png")), "--no-check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr, (
        proc.stderr
    )  # the refusal record could not be written either: say so in one line
    assert f"error: {folder}:" in " ".join(proc.stderr.split())
