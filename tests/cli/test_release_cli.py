"""CLI: no release without its audit record; invalid Unicode refused with a record; audit verify/recover."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from skimage import data
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app

runner = CliRunner()


@pytest.fixture()
def photo_path(tmp_path: Path) -> Path:
    path = tmp_path / "in.png"
    Image.fromarray(data.astronaut()).resize((256, 256)).save(path)
    return path


@pytest.fixture()
def broken_audit(guardrail_home: Path) -> Path:
    path = guardrail_home / "audit.db"
    path.write_bytes(b"\x00garbage" * 512)
    return path


def test_mark_with_a_corrupted_audit_log_exits_2_and_writes_nothing(
    broken_audit: Path, photo_path: Path, tmp_path: Path, guardrail_home: Path
) -> None:
    out = tmp_path / "out" / "x.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--no-check"])
    assert result.exit_code == 2
    assert str(broken_audit) in result.output and "cannot open the audit log" in result.output
    assert not out.exists() and not out.parent.exists()
    assert not (guardrail_home / "manifests.db").exists()  # no manifest row either


def test_generate_with_a_corrupted_audit_log_exits_2_before_any_work(broken_audit: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    result = runner.invoke(app, ["generate", "a red bicycle", "-o", str(out), "--steps", "1"])
    assert result.exit_code == 2 and str(broken_audit) in result.output
    assert not out.exists()


@pytest.mark.parametrize("as_json", [False, True])
def test_generate_refuses_invalid_unicode_with_a_record(tmp_path: Path, as_json: bool) -> None:
    out = tmp_path / "gen"
    args = ["generate", "a cat \udcff", "-o", str(out), *(["--json"] if as_json else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "PROMPT" in result.output and "not valid Unicode" in result.output
    assert "UnicodeEncodeError" not in result.output and not out.exists()
    listed = runner.invoke(app, ["audit", "list", "--json"])
    assert listed.exit_code == 0
    (record,) = json.loads(listed.stdout)
    assert record["final_action"] == "refused" and record["prompt"] == "a cat \\udcff"


def test_invalid_negative_prompt_and_model_are_named(tmp_path: Path, photo_path: Path) -> None:
    result = runner.invoke(app, ["generate", "a cat", "--negative-prompt", "\ud83d", "-o", str(tmp_path / "g")])
    assert result.exit_code == 2 and "--negative-prompt" in result.output
    result = runner.invoke(
        app, ["mark", str(photo_path), "-o", str(tmp_path / "m.png"), "--model", "x\udcff", "--json"]
    )
    assert result.exit_code == 2 and "--model" in result.output and not (tmp_path / "m.png").exists()


def test_screen_refuses_invalid_unicode(tmp_path: Path) -> None:
    for args in (["screen", "\ud83d"], ["screen", "a\udcffb", "--json"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "PROMPT" in result.output and "UnicodeEncodeError" not in result.output


def test_audit_verify_reports_ok_then_the_first_broken_record(
    photo_path: Path, tmp_path: Path, guardrail_home: Path
) -> None:
    for name in ("a.png", "b.png"):
        assert runner.invoke(app, ["mark", str(photo_path), "-o", str(tmp_path / name), "--no-check"]).exit_code == 0
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: 4 records linked")
    conn = sqlite3.connect(guardrail_home / "audit.db")
    conn.execute("DROP TRIGGER images_no_update")
    conn.execute("UPDATE images SET record = replace(record, 'released', 'withheld') WHERE seq = 2")
    conn.commit()
    conn.close()
    broken = runner.invoke(app, ["audit", "verify", "--json"])
    assert broken.exit_code == 1
    report = json.loads(broken.stdout)
    assert report["ok"] is False and report["first_break"]["seq"] == 4 and report["records"] == 3
    text = runner.invoke(app, ["audit", "verify"])
    assert text.exit_code == 1 and "record #4" in text.output


def test_audit_recover_says_when_there_is_nothing_to_do() -> None:
    result = runner.invoke(app, ["audit", "recover"])
    assert result.exit_code == 0 and "nothing to recover" in result.stdout
    report = json.loads(runner.invoke(app, ["audit", "recover", "--json"]).stdout)
    assert report["actions"] == [] and report["in_progress"] == 0


def test_audit_rotate_key_keeps_the_old_key(photo_path: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["mark", str(photo_path), "-o", str(tmp_path / "a.png"), "--no-check"]).exit_code == 0
    rotated = json.loads(runner.invoke(app, ["audit", "rotate-key", "--json"]).stdout)
    assert len(rotated["keys"]) == 2 and rotated["current"] in rotated["keys"]
    assert runner.invoke(app, ["mark", str(photo_path), "-o", str(tmp_path / "b.png"), "--no-check"]).exit_code == 0
    report = json.loads(runner.invoke(app, ["audit", "verify", "--json"]).stdout)
    assert report["ok"] and sorted(report["key_ids"]) == sorted(rotated["keys"])


def test_mark_recovers_an_interrupted_release_before_its_own(
    photo_path: Path, tmp_path: Path, guardrail_home: Path
) -> None:
    pending = guardrail_home / "pending"
    pending.mkdir()
    temp = tmp_path / ".left.png.dead.tmp"
    temp.write_bytes(b"half a release")
    (pending / "dead.json").write_text(
        json.dumps(
            {
                "token": "dead",
                "request_id": "never-committed",
                "pid": 1,
                "created": "2026-12-03T10:00:00+00:00",
                "policy": {"name": "default", "version": "1", "hash": "ab" * 32},
                "model_id": "demo",
                "audit": None,
                "store": None,
                "watermark_ids": [],
                "files": [
                    {
                        "index": 0,
                        "final": str(tmp_path / "left.png"),
                        "temp": str(temp),
                        "sha256": "0" * 64,
                        "watermark_id": None,
                    }
                ],
            }
        )
    )
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(tmp_path / "new.png"), "--no-check"])
    assert result.exit_code == 0 and "recover: removed-temp" in result.output and str(temp) in result.output
    assert not temp.exists() and not os.listdir(pending)
    (noted,) = json.loads(runner.invoke(app, ["audit", "list", "--action", "recovered", "--json"]).stdout)
    assert [(a["action"], a["request_id"]) for a in noted["recovery"]] == [("removed-temp", "never-committed")]
    shown = runner.invoke(app, ["audit", "show", noted["request_id"]])
    assert shown.exit_code == 0 and "recovery: removed-temp" in shown.stdout
