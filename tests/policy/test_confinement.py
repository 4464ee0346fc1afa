"""Hostile policy files: files outside the policy's folder, deep nesting, bad timeouts, checks that check nothing.

Each case is refused by ``load_policy`` and reported by ``lint_policy`` and ``guardrail policy
lint`` (exit 2) at ``file:line:col`` with the key and a fix.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app
from guardrail.errors import PolicyError
from guardrail.policy import lint_policy, load_policy
from guardrail.policy.confine import ENV_VAR

runner = CliRunner()

RULE = """
name: p
prompt:
  rules:
    - id: r
      category: c
      action: block
      terms_files: [{file}]
"""


def _lint_cli(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["policy", "lint", str(path)])
    return result.exit_code, result.stdout


def _only(problems: list[PolicyError], key: str) -> PolicyError:
    found = [p for p in problems if p.key_path == key]
    assert found, [str(p) for p in problems]
    return found[0]


@pytest.mark.parametrize("file", ["../../../../../../etc/passwd", "/etc/passwd"])
def test_terms_file_outside_the_folder_is_refused_at_its_key(write, file: str) -> None:
    path = write("pol/p.yaml", RULE.format(file=file))
    problem = _only(lint_policy(path), "prompt.rules[0].terms_files[0]")
    assert (problem.file, problem.line, problem.col) == (str(path), 7, 21)
    assert "outside the policy's folder" in problem.message and file in problem.message
    assert ENV_VAR in problem.fix
    with pytest.raises(PolicyError, match="outside the policy's folder") as info:
        load_policy(path)
    assert info.value.line == 7 and "root:" not in str(info.value)  # /etc/passwd never read
    code, out = _lint_cli(path)
    assert code == 2 and f"{path}:7:21: prompt.rules[0].terms_files[0]: terms file {file!r} is outside" in out


def test_symlinked_terms_file_pointing_outside_is_refused(write, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2\n")
    path = write("pol/p.yaml", RULE.format(file="terms/words.txt"))
    (path.parent / "terms").mkdir()
    (path.parent / "terms" / "words.txt").symlink_to(secret)
    problem = _only(lint_policy(path), "prompt.rules[0].terms_files[0]")
    assert "outside the policy's folder" in problem.message and str(secret) in problem.message
    with pytest.raises(PolicyError, match="outside"):
        load_policy(path)


def test_terms_files_in_subfolders_and_named_folders_are_read(
    write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = write("pol/p.yaml", RULE.format(file="terms/words.txt"))
    write("pol/terms/words.txt", "alpha\n")
    assert load_policy(inside).prompt.rules[0].terms == ["alpha"]
    shared = write("shared/words.txt", "beta\n")
    outside = write("pol/q.yaml", RULE.format(file=str(shared)))
    assert lint_policy(outside)
    assert load_policy(outside, search_path=[shared.parent]).prompt.rules[0].terms == ["beta"]
    monkeypatch.setenv(ENV_VAR, os.pathsep.join(["/nonexistent", str(shared.parent)]))
    assert lint_policy(outside) == [] and load_policy(outside).prompt.rules[0].terms == ["beta"]


def test_extends_outside_the_folder_is_refused_unless_named(write, monkeypatch: pytest.MonkeyPatch) -> None:
    write("base.yaml", "name: base\n")
    child = write("team/child.yaml", "name: child\nextends: ../base.yaml\n")
    with pytest.raises(PolicyError, match="extends target .* is outside the policy's folder") as info:
        load_policy(child)
    assert (info.value.file, info.value.line, info.value.key_path) == (str(child), 2, "extends")
    code, out = _lint_cli(child)
    assert code == 2 and f"{child}:2:1: extends: extends target" in out
    monkeypatch.setenv(ENV_VAR, str(child.parent.parent))
    assert load_policy(child).name == "child"


def test_builtin_parents_and_their_terms_files_still_load(write) -> None:
    child = write("p.yaml", "name: mine\nextends: builtin:children\n")
    policy = load_policy(child)
    assert policy.name == "mine" and any(r.id.startswith("minors") for r in policy.prompt.rules)
    assert lint_policy(child) == []


def test_terms_file_that_is_a_fifo_is_refused_without_blocking(write) -> None:
    path = write("pol/p.yaml", RULE.format(file="pipe.txt"))
    os.mkfifo(path.parent / "pipe.txt")
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(lint_policy(path)), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "lint blocked on the FIFO"
    problem = _only(result[0], "prompt.rules[0].terms_files[0]")  # type: ignore[arg-type]
    assert "not a regular file" in problem.message


def test_fifo_given_as_the_policy_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PolicyError, match="not a file"):
        load_policy(fifo)


def test_50000_nested_brackets_are_a_policy_error_at_line_and_col(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("name: deep\nprompt: " + "[" * 50_000)
    with pytest.raises(PolicyError, match="nesting deeper than 64 levels") as info:
        load_policy(path)
    assert (info.value.file, info.value.line, info.value.col) == (
        str(path),
        2,
        8 + 64,
    )  # the document's mapping is level 1
    code, out = _lint_cli(path)
    assert code == 2 and f"{path}:2:72: nesting deeper than 64 levels" in out
    assert "RecursionError" not in out


def test_nesting_built_through_aliases_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    levels = "[" * 40 + "{}" + "]" * 40
    text = "name: a\nx0: &x0 " + levels + "\n"
    text += "".join(f"x{i}: &x{i} {'[' * 40}*x{i - 1}{']' * 40}\n" for i in range(1, 6))
    path.write_text(text)
    with pytest.raises(PolicyError, match="nesting deeper than 64 levels once aliases are copied out"):
        load_policy(path)


@pytest.mark.parametrize("value", [".inf", ".nan", "-1", "0", "7200"])
def test_classifier_timeout_must_be_finite_positive_and_bounded(write, value: str) -> None:
    path = write(
        "p.yaml",
        f"""
        name: p
        checks:
          classifiers:
            - backend: nudenet
              categories: {{sexual: {{threshold: 0.5}}}}
              timeout_s: {value}
        """,
    )
    problem = _only(lint_policy(path), "checks.classifiers[0].timeout_s")
    assert (problem.line, problem.col) == (6, 7)
    with pytest.raises(PolicyError, match="timeout_s"):
        load_policy(path)


def test_a_classifier_without_categories_and_similarity_off_checks_nothing(write) -> None:
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenet
              categories: {}
          similarity: {enabled: false}
        """,
    )
    problems = lint_policy(path)
    assert "decides nothing" in _only(problems, "checks.classifiers[0].categories").message
    assert (_only(problems, "checks.classifiers[0].categories").line, _only(problems, "checks").line) == (5, 2)
    assert "every image would pass unchecked" in _only(problems, "checks").message
    code, out = _lint_cli(path)
    assert code == 2 and f"{path}:5:7: checks.classifiers[0].categories: classifier 'nudenet' decides nothing" in out


def test_a_classifier_whose_categories_only_allow_decides_nothing(write) -> None:
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenet
              categories: {sexual: {threshold: 0.5, action: allow}}
        """,
    )
    problems = lint_policy(path)
    assert [p.key_path for p in problems] == ["checks.classifiers[0].categories"]


@pytest.mark.parametrize("value", [".inf", ".nan", "-1"])
def test_prompt_classifier_timeout_must_be_finite_and_positive(write, value: str) -> None:
    path = write(
        "p.yaml",
        f"""
        name: p
        prompt:
          classifiers:
            - backend: hf-text-classifier
              categories: {{sexual: {{threshold: 0.5}}}}
              timeout_s: {value}
        """,
    )
    problem = _only(lint_policy(path), "prompt.classifiers[0].timeout_s")
    assert (problem.line, problem.col) == (6, 7)
