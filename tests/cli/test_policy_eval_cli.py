"""``guardrail policy eval|diff`` and ``guardrail screen --file`` on the shipped policies and the labelled set."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
HELDOUT = DATA / "prompts.heldout.jsonl"
TUNING = DATA / "prompts.tuning.jsonl"


def test_default_policy_meets_its_targets_on_the_held_out_half() -> None:
    result = runner.invoke(
        app,
        [
            "policy",
            "eval",
            "builtin:default",
            "--labelled",
            str(HELDOUT),
            "--min-recall",
            "0.95",
            "--max-false-blocks",
            "0.02",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["total"]["unsafe"] == 156 and report["total"]["benign"] == 156
    assert {g["name"] for g in report["by_category"]} == {
        "sexual",
        "minors",
        "violence",
        "self-harm",
        "hate",
        "real-people",
    }
    assert {g["name"] for g in report["by_language"]} == {"en", "fr", "es", "de", "it", "pt"}
    for item in report["false_blocks"]:
        assert item["rules"] and item["reasons"]  # every false block names the rule that fired


@pytest.mark.parametrize("part", [TUNING, HELDOUT])
def test_children_policy_blocks_what_the_default_blocks(part: Path) -> None:
    result = runner.invoke(app, ["policy", "eval", "builtin:children", "--labelled", str(part), "--min-recall", "0.95"])
    assert result.exit_code == 0, result.output
    assert "category" in result.stdout and "language" in result.stdout


def test_eval_gate_fails_with_exit_1(write: Callable[[str, str], Path]) -> None:
    weak = write(
        "weak.yaml",
        "name: weak\nprompt:\n  rules:\n    - {id: nudity, category: sexual, action: block, terms: [nude]}\n",
    )
    result = runner.invoke(app, ["policy", "eval", str(weak), "--labelled", str(TUNING), "--min-recall", "0.95"])
    assert result.exit_code == 1
    assert "misses (unsafe, not blocked)" in result.stdout


def test_eval_refuses_an_unlabelled_file(write: Callable[[str, str], Path]) -> None:
    result = runner.invoke(app, ["policy", "eval", "builtin:default", "--labelled", str(write("p.txt", "a cat\n"))])
    assert result.exit_code == 2 and "no labelled prompts" in result.stderr


def test_diff_of_the_shipped_policies_lists_what_children_adds() -> None:
    result = runner.invoke(
        app, ["policy", "diff", "builtin:default", "builtin:children", "--corpus", str(TUNING), "--json"]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["prompts"] == 312 and report["changes"]
    assert all(c["old_action"] in ("allow", "flag", "block") and c["new_action"] == "block" for c in report["changes"])
    assert all(c["new_reasons"] for c in report["changes"])


def test_diff_of_a_policy_with_itself_changes_nothing() -> None:
    result = runner.invoke(app, ["policy", "diff", "builtin:default", "builtin:default", "--corpus", str(HELDOUT)])
    assert result.exit_code == 0, result.output
    assert "0 decisions change" in result.stdout


def test_screen_file_prints_a_summary_and_exits_1_when_a_prompt_is_blocked(write: Callable[[str, str], Path]) -> None:
    path = write(
        "p.csv", "text,label\na nude woman,unsafe\na lighthouse at dawn,benign\na castle by greg rutkowski,benign\n"
    )
    result = runner.invoke(app, ["screen", "--file", str(path), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "prompts": 3,
        "actions": {"allow": 1, "block": 1, "rewrite": 1},
        "rules": {"sexual.nudity": 1, "artist.greg_rutkowski": 1},
    }
    assert [d["line"] for d in data["decisions"]] == [2, 3, 4]
    ok = runner.invoke(app, ["screen", "--file", str(write("ok.txt", "a lighthouse\na cat\n"))])
    assert ok.exit_code == 0 and "2 prompts" in ok.stdout


def test_screen_needs_a_prompt_or_a_file_and_names_the_bad_line(write: Callable[[str, str], Path]) -> None:
    assert runner.invoke(app, ["screen"]).exit_code == 2
    long = write("long.txt", "a cat\n" + "x" * 3000 + "\n")
    result = runner.invoke(app, ["screen", "--file", str(long)])
    assert result.exit_code == 2 and "long.txt:2" in result.stderr
