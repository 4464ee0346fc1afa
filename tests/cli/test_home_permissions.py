"""A home that cannot be hijacked: folders and keys other users could write (or read) are refused.

Each case asserts the exit code (2), a message naming the path and giving the chmod/chown fix, and
that nothing was written. The suite runs as root; "owned by another user" is uid 65534 (nobody).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

import pytest
from state_helpers import snapshot
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()
NOBODY = 65534


@pytest.fixture
def home(guardrail_home: Path) -> Path:
    """A home with a local identity made by ``keys init`` (private, as created)."""
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    return guardrail_home


def _assert_refused(args: list[str], path: Path, fix: str, watched: Path) -> None:
    # Stores an earlier command left for the garbage collector are closed now: closing the last
    # connection checkpoints SQLite's write-ahead log, a change to their files this command did not make.
    gc.collect()
    before = snapshot(watched)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())  # rich may wrap long paths
    assert f"error: {path}:" in text and fix in text and "refuses" in text
    assert snapshot(watched) == before


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777], ids=["group-writable", "others-writable", "world-writable"])
def test_home_writable_by_others_is_refused(home: Path, photo: Path, mode: int) -> None:
    home.chmod(mode)
    for args in (["keys", "show"], ["keys", "init", "--force"], ["verify", str(photo)], ["check", str(photo)]):
        _assert_refused(args, home, f"chmod go-w '{home}'", home)


def test_home_owned_by_another_user_is_refused(home: Path, photo: Path) -> None:
    os.chown(home, NOBODY, NOBODY)
    for args in (["keys", "show"], ["verify", str(photo)], ["mark", str(photo), "-o", str(photo.with_name("o.png"))]):
        _assert_refused(args, home, f"chown {os.geteuid()} '{home}'", home)
    assert not photo.with_name("o.png").exists()


def test_new_home_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "new" / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(fresh))
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    assert fresh.stat().st_mode & 0o777 == 0o700 and (fresh / "keys").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("change", ["group-writable", "other-owner"])
def test_keys_folder_others_could_write_is_refused(home: Path, photo: Path, change: str) -> None:
    keys = home / "keys"
    if change == "group-writable":
        keys.chmod(0o770)
        fix = f"chmod go-w '{keys}'"
    else:
        os.chown(keys, NOBODY, NOBODY)
        fix = f"chown {os.geteuid()} '{keys}'"
    for args in (["keys", "show"], ["keys", "init", "--force"], ["verify", str(photo)]):
        _assert_refused(args, keys, fix, home)
    out = photo.with_name("marked.png")
    marked = runner.invoke(app, ["mark", str(photo), "-o", str(out), "--no-check"])
    assert marked.exit_code == 2 and f"error: {keys}:" in " ".join(marked.output.split())
    assert not out.exists() and not (home / "manifests.db").exists()  # (the refusal itself is audited)


def test_private_key_readable_by_others_is_refused_for_signing_and_shown_with_its_real_mode(
    home: Path, photo: Path
) -> None:
    key = home / "keys" / "signer.key"
    key.chmod(0o644)
    out = photo.with_name("marked.png")
    marked = runner.invoke(app, ["mark", str(photo), "-o", str(out), "--no-check"])
    text = " ".join(marked.output.split())
    assert marked.exit_code == 2 and f"error: {key}:" in text and f"chmod 600 '{key}'" in text
    assert not out.exists() and not (home / "manifests.db").exists()  # (the refusal itself is audited)
    shown = runner.invoke(app, ["keys", "show"])
    text = " ".join(shown.output.split())
    assert shown.exit_code == 0 and "mode 0644" in text and f"chmod 600 '{key}'" in text
    assert json.loads(runner.invoke(app, ["keys", "show", "--json"]).stdout)["key_mode"] == "0644"
    key.chmod(0o600)
    assert "mode 0600" in " ".join(runner.invoke(app, ["keys", "show"]).output.split())


def _planted_backup_signed_image(
    home: Path, photo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Another identity (made in another home) signs an image; its keys are dropped into ``home`` as a backup."""
    forger = tmp_path / "forger-home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(forger))
    forged = tmp_path / "forged.png"
    made = runner.invoke(app, ["mark", str(photo), "-o", str(forged), "--no-check"])
    assert made.exit_code == 0, made.output
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    planted = home / "keys.20991231T000000000000Z.bak"
    shutil.copytree(forger / "keys", planted)
    return forged, planted


def _state(image: Path) -> str | None:
    result = runner.invoke(app, ["verify", str(image), "--json"])
    return json.loads(result.stdout)["c2pa"]["state"]


def test_backup_root_planted_by_another_user_is_not_trusted(
    home: Path, photo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forged, planted = _planted_backup_signed_image(home, photo, tmp_path, monkeypatch)
    assert _state(forged) == "Trusted"  # control: a backup the user owns is a trusted previous identity
    for path in (planted, planted / "root.pem"):
        os.chown(path, NOBODY, NOBODY)
    assert _state(forged) == "Valid"  # signature fine, signer not trusted
    planted.chmod(0o700)
    os.chown(planted, os.geteuid(), os.getegid())
    assert _state(forged) == "Valid"  # the folder is ours again but root.pem is still another user's
    os.chown(planted / "root.pem", os.geteuid(), os.getegid())
    planted.chmod(0o777)
    assert _state(forged) == "Valid"  # ours, but anyone could have replaced root.pem


def test_rotating_the_signing_identity_keeps_the_audit_key(home: Path) -> None:
    from guardrail.audit.key import audit_key, key_id

    key = audit_key()
    assert runner.invoke(app, ["keys", "init", "--force"]).exit_code == 0
    assert audit_key() == key  # earlier prompt digests still check
    kept = home / "audit-keys" / f"{key_id(key)}.key"
    assert kept.read_bytes() == key
    assert kept.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "name,args",
    [
        ("audit.db", ["audit", "verify"]),
        ("audit.db-wal", ["audit", "list"]),
        ("manifests.db", ["verify", "PHOTO"]),
        ("references.db", ["check", "PHOTO"]),
    ],
    ids=["audit-log", "audit-wal", "manifest-store", "reference-registry"],
)
def test_a_database_others_could_write_in_an_open_home_is_refused(
    home: Path, photo: Path, name: str, args: list[str]
) -> None:
    """Red team: in a home others may enter (0755), a database file left 0666 let any local user rewrite the
    audit log or plant releases; the folder test alone did not see it."""
    home.chmod(0o755)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0  # creates the audit log
    assert runner.invoke(app, ["verify", str(photo)]).exit_code == 1  # creates the manifest store
    assert runner.invoke(app, ["check", str(photo)]).exit_code == 0  # creates the reference registry
    target = home / name
    target.touch()
    target.chmod(0o666)
    _assert_refused([str(photo) if a == "PHOTO" else a for a in args], target, "chmod go-w", home)
