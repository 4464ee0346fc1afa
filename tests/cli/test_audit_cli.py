"""``guardrail audit list|show|export``: output, JSON, files and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.audit import AuditLog, ImageRecord, RequestRecord
from guardrail.cli._common import app
from guardrail.policy.schema import PolicyRef

runner = CliRunner()
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
POLICY = PolicyRef(name="strict", version="2", hash="cd" * 32)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp GUARDRAIL_HOME for this test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(folder))
    return folder


@pytest.fixture
def filled(home: Path) -> Path:
    """An audit log with a released request (2 attempts), a blocked one and a hashed-prompt one."""
    with AuditLog() as log:
        common = {
            "policy": POLICY,
            "model_id": "guardrail/demo-tiny-sd",
            "seed": 7,
            "parameters": {"num_inference_steps": 4},
        }
        log.log_request(
            RequestRecord.for_prompt(
                "a lighthouse at dusk",
                request_id="req-released",
                time=T0,
                prompt_action="allow",
                final_action="released",
                attempts=2,
                **common,
            )
        )
        blocked = {
            "action": "block",
            "classifiers": [{"backend": "nudenet", "status": "ok", "action": "block", "scores": {"sexual": 0.91}}],
            "reasons": ["sexual 0.91 >= 0.5"],
        }
        log.log_image(
            ImageRecord(request_id="req-released", index=0, attempt=1, seed=7, action="withheld", verdicts=[blocked])
        )
        log.log_image(
            ImageRecord(
                request_id="req-released",
                index=0,
                attempt=2,
                seed=8,
                action="released",
                verdicts=[{"check": "nudenet", "outcome": "pass", "score": 0.03}],
                watermark_id="wm-42",
                output_path="/out/a.png",
            )
        )
        log.log_request(
            RequestRecord.for_prompt(
                "forbidden thing",
                request_id="req-blocked",
                time=T0 + timedelta(minutes=5),
                prompt_action="block",
                matched_rules=["forbidden.rule"],
                final_action="blocked",
                attempts=0,
                **common,
            )
        )
        log.log_request(
            RequestRecord.for_prompt(
                "my private prompt",
                mode="hash",
                request_id="req-hashed",
                time=T0 + timedelta(minutes=10),
                prompt_action="allow",
                final_action="released",
                attempts=1,
                **common,
            )
        )
    return home


def test_list_on_an_empty_log_says_so(home: Path) -> None:
    result = runner.invoke(app, ["audit", "list"])
    assert result.exit_code == 0 and "No requests" in result.output
    as_json = runner.invoke(app, ["audit", "list", "--json"])
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_list_json_is_newest_first_and_limited(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "list", "--json"])
    assert result.exit_code == 0
    assert [r["request_id"] for r in json.loads(result.stdout)] == ["req-hashed", "req-blocked", "req-released"]
    limited = runner.invoke(app, ["audit", "list", "--limit", "1", "--json"])
    assert [r["request_id"] for r in json.loads(limited.stdout)] == ["req-hashed"]


def test_list_filters_by_action_and_since(filled: Path) -> None:
    blocked = runner.invoke(app, ["audit", "list", "--action", "blocked", "--json"])
    assert [r["request_id"] for r in json.loads(blocked.stdout)] == ["req-blocked"]
    since = runner.invoke(app, ["audit", "list", "--since", "2026-11-22T09:07", "--json"])
    assert [r["request_id"] for r in json.loads(since.stdout)] == ["req-hashed"]


def test_list_rejects_a_bad_since(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "list", "--since", "yesterday"])
    assert result.exit_code == 2 and "--since" in result.output


def test_list_table_hides_hashed_prompts(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "list"])
    assert result.exit_code == 0
    assert "req-released" in result.output and "lighthouse" in result.output
    assert "my private prompt" not in result.output and "hmac:" in result.output
    assert "[block]" in result.output  # the prompt decision, not eaten as markup


def test_show_prints_every_attempt_with_verdicts(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "show", "req-released"])
    assert result.exit_code == 0
    assert "withheld" in result.output and "released" in result.output
    assert "nudenet=block" in result.output and "0.91" in result.output and "wm-42" in result.output


def test_show_json_has_the_request_and_its_images(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "show", "req-released", "--json"])
    data = json.loads(result.stdout)
    assert data["request"]["policy"]["hash"] == "cd" * 32
    assert [(i["attempt"], i["action"]) for i in data["images"]] == [(1, "withheld"), (2, "released")]


def test_show_unknown_request_exits_2(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "show", "no-such-id"])
    assert result.exit_code == 2 and "no request 'no-such-id'" in result.output


def test_export_jsonl_to_stdout(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "export", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in rows] == ["request", "image", "image", "request", "request"]


def test_export_csv_to_a_file_refuses_to_overwrite_without_force(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    first = runner.invoke(app, ["audit", "export", "--format", "csv", "-o", str(target)])
    assert first.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert len(rows) == 5 and rows[3]["matched_rules"] == '["forbidden.rule"]'
    target.write_text("keep me")
    again = runner.invoke(app, ["audit", "export", "--format", "csv", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    assert target.read_text() == "keep me"
    forced = runner.invoke(app, ["audit", "export", "--format", "csv", "-o", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text().startswith("kind,request_id")


def test_export_unknown_format_exits_2(filled: Path) -> None:
    result = runner.invoke(app, ["audit", "export", "--format", "xml"])
    assert result.exit_code == 2 and "jsonl, csv" in result.output


def test_python_m_guardrail_exports_csv_end_to_end(filled: Path) -> None:
    env = {**os.environ, "GUARDRAIL_HOME": str(filled)}
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "audit", "export", "--format", "csv"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["request_id"] for r in rows} == {"req-released", "req-blocked", "req-hashed"}
    assert "my private prompt" not in proc.stdout


def test_list_and_show_say_what_each_service_call_was(home: Path) -> None:
    from guardrail.service.auditing import call_record

    class _Policy:  # call_record reads only .ref
        ref = POLICY

    records = [
        call_record("screen", client_id="k1", policy=_Policy, final_action="allow", prompt="a cat at dawn"),
        call_record("verify", client_id="public", policy=_Policy, final_action="no-provenance", source=b"photo"),
        call_record(
            "resolve",
            client_id="k2",
            policy=_Policy,
            final_action="found",
            parameters={"by": "watermark", "query": "0123abcd", "release": "0123abcd89abcdef"},
        ),
        call_record(
            "resolve",
            client_id="k2",
            policy=_Policy,
            final_action="not-found",
            parameters={"by": "fingerprint"},
            reason="no stored release matches this image's fingerprint",
            source=b"other",
        ),
    ]
    with AuditLog() as log:
        for record in records:
            log.log_request(record)
    listed = runner.invoke(app, ["audit", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "a cat at dawn [allow] key k1" in listed.output
    assert "(verify: input sha256 " in listed.output and "key public" in listed.output
    assert "(resolve by watermark 0123abcd -> 0123abcd89abcdef) key k2" in listed.output
    assert "hmac:" not in listed.output  # before: image calls were shown as an empty prompt digest
    shown = runner.invoke(app, ["audit", "show", records[3].request_id], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "resolve (manifest lookup) by fingerprint sha256 " in shown.output
    assert "-> no stored release matches this image's fingerprint" in shown.output
    assert "client: API key k2" in shown.output
