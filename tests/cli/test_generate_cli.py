"""`guardrail generate`: exit codes, files written only when released, JSON report."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import guardrail.cli  # noqa: F401 - registers the commands
from guardrail.cli._common import app
from guardrail.provenance import verify_image

runner = CliRunner()


def test_generate_writes_images_that_verify_and_reports_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "generate",
            "a lighthouse on a cliff",
            "-o",
            str(out),
            "--seed",
            "4",
            "--height",
            "256",
            "--width",
            "256",
            "--steps",
            "2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["action"] == "released"
    assert len(report["images"]) == 1
    path = Path(report["images"][0])
    assert path.parent == out and path.is_file()
    assert verify_image(path).verdict == "ai-generated"
    assert report["policy"]["name"] == "default" and len(report["policy"]["hash"]) == 64


def test_blocked_prompt_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", "a n.u.d.e woman", "-o", str(out), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["action"] == "blocked" and report["images"] == []
    assert "sexual.nudity" in report["prompt"]["rules"]
    assert not out.exists()


def test_bad_size_is_a_usage_error_naming_the_flag(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "a lighthouse", "-o", str(tmp_path / "out"), "--height", "513"])
    assert result.exit_code == 2
    assert "--height" in result.output and "513" in result.output


def test_missing_model_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["generate", "a lighthouse", "-o", str(tmp_path / "out"), "--model", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2
    assert "--model" in result.output


def test_blocked_prompt_creates_no_keys_or_stores_only_its_audit_record(tmp_path: Path, guardrail_home: Path) -> None:
    result = runner.invoke(app, ["generate", "a n.u.d.e woman", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    created = sorted(str(p.relative_to(guardrail_home)) for p in guardrail_home.rglob("*") if p.is_file())
    # The audit record and the audit log's HMAC keys (audit-keys/); no signing identity, manifest store or reference
    # registry.
    others = [name for name in created if not name.startswith("audit.db")]
    assert others and all(name.startswith("audit-keys/") for name in others), others
    assert "audit-keys/current" in others
    assert "audit.db" in created


def test_bad_device_is_a_usage_error_naming_the_flag(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "a lighthouse", "-o", str(tmp_path / "out"), "--device", "no-such-device"])
    assert result.exit_code == 2
    assert "--device" in result.output and "no-such-device" in result.output
    assert not (tmp_path / "out").exists()
