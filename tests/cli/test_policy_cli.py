"""``guardrail policy lint`` and ``guardrail policy test``: output lines and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app
from guardrail.policy import default_policy_path

runner = CliRunner()
SHIPPED = default_policy_path().parent


def test_lint_shipped_policies_folder_exits_0_and_skips_tests_files() -> None:
    result = runner.invoke(app, ["policy", "lint", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{SHIPPED / 'default.yaml'}: ok" in lines and f"{SHIPPED / 'children.yaml'}: ok" in lines
    assert not any("tests.yaml" in line for line in lines)


def test_lint_prints_file_line_col_for_each_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nprompt:\n  rules:\n    - id: a\n      category: c\n      action: blok\n      terms: [x]\n      "
        "colour: red\n"
    )
    result = runner.invoke(app, ["policy", "lint", str(bad), str(SHIPPED / "default.yaml")])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{bad}:6:7: prompt.rules[0].action: expected:") for line in lines)
    assert any(line.startswith(f"{bad}:8:7: prompt.rules[0].colour: unknown key 'colour'") for line in lines)
    assert f"{SHIPPED / 'default.yaml'}: ok" in lines


def test_lint_json_and_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "lint", str(tmp_path / "nope.yaml"), "--json"])
    assert result.exit_code == 2
    (entry,) = json.loads(result.stdout)
    assert entry["valid"] is False and "not found" in entry["problems"][0]["message"]


def test_test_shipped_policies_passes_with_exit_0() -> None:
    result = runner.invoke(app, ["policy", "test", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("PASS") == 2 and "FAIL" not in result.stdout


def test_test_reports_failures_with_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "pols"
    shutil.copytree(SHIPPED, folder)
    tests = folder / "default.tests.yaml"
    tests.write_text(tests.read_text() + '  - {prompt: "a calm lake at dawn", expect: block}\n')
    result = runner.invoke(app, ["policy", "test", str(folder), "--json"])
    assert result.exit_code == 1
    reports = {Path(r["policy_file"]).name: r for r in json.loads(result.stdout)}
    assert reports["children.yaml"]["failed"] == 0 and reports["default.yaml"]["failed"] == 1
    table = runner.invoke(app, ["policy", "test", str(folder / "default.yaml")])
    assert table.exit_code == 1 and "FAIL" in table.stdout and "calm" in table.stdout  # only the failing case is listed
    assert "lighthouse" not in table.stdout


def test_test_without_any_tests_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\n")
    result = runner.invoke(app, ["policy", "test", str(tmp_path)])
    assert result.exit_code == 2 and "no policy with a tests file" in result.stderr


def test_lint_empty_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "lint", str(tmp_path)])
    assert result.exit_code == 2 and "no policy files found" in result.stderr


def test_failing_case_table_wraps_a_long_prompt_instead_of_cutting_it(tmp_path: Path) -> None:
    long_prompt = "a quiet harbour at dawn with fishing boats and gulls over the water " * 3
    (tmp_path / "p.yaml").write_text(
        "name: p\nprompt:\n  rules:\n    - {id: boats, category: c, action: block, terms: [fishing boats]}\n"
    )
    (tmp_path / "p.tests.yaml").write_text(f'cases:\n  - {{prompt: "{long_prompt.strip()}", expect: allow}}\n')
    result = runner.invoke(app, ["policy", "test", str(tmp_path)], terminal_width=80)
    assert result.exit_code == 1, result.output
    assert "…" not in result.output
    cases = result.output[result.output.index("expected") :]
    prompt_column = "".join(line.split("│")[2] for line in cases.splitlines() if line.count("│") > 2)
    assert "".join(long_prompt.split()) in "".join(prompt_column.split())


def test_lint_prints_schema_pattern_and_backend_problems_of_one_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: p\n"
        "prompt:\n"
        "  rules:\n"
        "    - {id: a, category: c, action: blok, terms: [x]}\n"
        "    - {id: b, category: c, action: block, patterns: ['(a)\\1']}\n"
        "checks:\n"
        "  classifiers:\n"
        "    - backend: nudenett\n"
        "provenance:\n"
        "  watermark: {backend: dwtDctSvdPlus, options: {scale: -1}}\n"
    )
    result = runner.invoke(app, ["policy", "lint", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(f"{path}:4:") and "prompt.rules[0].action" in line for line in lines)
    assert any(line.startswith(f"{path}:5:") and "bad pattern" in line for line in lines)
    assert any(line.startswith(f"{path}:8:") and "unknown classifier backend 'nudenett'" in line for line in lines)
    assert any(line.startswith(f"{path}:10:") and "provenance.watermark.options.scale" in line for line in lines)
