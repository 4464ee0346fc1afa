"""``guardrail screen``: decisions, JSON output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()


def test_allowed_prompt_exits_0_and_prints_the_action() -> None:
    result = runner.invoke(app, ["screen", "a watercolor lighthouse"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ALLOW") and "policy default" in result.stdout


def test_blocked_obfuscated_prompt_exits_1_with_json_matches() -> None:
    result = runner.invoke(app, ["screen", "a n.u.d.e w0man", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["action"] == "block" and data["allowed"] is False
    (match,) = data["matches"]
    assert match["rule_id"] == "sexual.nudity" and match["span"] == [2, 9] and match["text"] == "n.u.d.e"
    assert data["policy"]["name"] == "default" and len(data["policy"]["hash"]) == 64


def test_rewritten_and_flagged_prompts_exit_0() -> None:
    result = runner.invoke(app, ["screen", "a castle by greg rutkowski", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["action"] == "rewrite" and data["effective_prompt"] == "a castle in a fantasy digital painting style"
    flagged = runner.invoke(app, ["screen", "a soldier with a rifle"])
    assert flagged.exit_code == 0 and flagged.stdout.startswith("FLAG")
    table = runner.invoke(app, ["screen", "a castle by greg rutkowski"])
    assert "rewritten: a castle in a fantasy digital painting style" in table.stdout


def test_policy_option_takes_a_file_or_builtin(tmp_path: Path) -> None:
    assert runner.invoke(app, ["screen", "a cocktail bar"]).exit_code == 0
    assert runner.invoke(app, ["screen", "a cocktail bar", "--policy", "builtin:children"]).exit_code == 1
    path = tmp_path / "p.yaml"
    path.write_text("name: p\nprompt:\n  rules:\n    - {id: r, category: c, action: block, terms: [lighthouse]}\n")
    assert runner.invoke(app, ["screen", "a lighthouse", "-p", str(path)]).exit_code == 1


def test_input_errors_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    empty = runner.invoke(app, ["screen", "  "])
    assert empty.exit_code == 2 and "prompt: the prompt is empty" in empty.stderr
    long = runner.invoke(app, ["screen", "word " * 30, "--max-length", "50"])
    assert long.exit_code == 2 and "the limit is 50" in long.stderr
    missing = runner.invoke(app, ["screen", "x", "--policy", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2 and "none.yaml: policy file not found" in missing.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    broken = runner.invoke(app, ["screen", "x", "--policy", str(bad)])
    assert broken.exit_code == 2 and f"{bad}:2:1: YAML syntax error" in broken.stderr


def test_module_entry_point_end_to_end() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "screen", "a ΝUDΕ figure", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["matches"][0]["text"] == "ΝUDΕ"
