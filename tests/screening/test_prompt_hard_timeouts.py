"""Prompt classifiers that keep the GIL or end their process cannot pass or kill the screener.

Before: the stage ran classifiers on a thread, so a plugin that held the GIL for longer than its
``timeout_s`` ran to completion and its "clean" score was used, and ``os._exit`` in a plugin ended
the screening process itself. Now local models and plugins run in the check worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import hostile_prompt_backends as hostile
import pytest

from guardrail.checks import worker
from guardrail.policy import PromptAction, load_policy
from guardrail.screening import Screener
from guardrail.screening.classifiers.registry import BACKENDS


@pytest.fixture(autouse=True)
def own_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A pool of its own: the workers these tests kill are not the suite's warm ones."""
    fresh = worker.WorkerPool(max_workers=1)
    monkeypatch.setattr(worker, "_POOL", fresh)
    yield
    fresh.shutdown()


@pytest.fixture(autouse=True)
def backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "gil-regex", hostile.RegexBacktrack)
    monkeypatch.setitem(BACKENDS, "exit-now", hostile.ExitNow)
    monkeypatch.setitem(BACKENDS, "scores", hostile.Scores)
    monkeypatch.setitem(BACKENDS, "nan-score", hostile.NotANumber)
    monkeypatch.setitem(BACKENDS, "text-score", hostile.TextScoreInProcess)
    monkeypatch.setitem(BACKENDS, "talkative", hostile.Talkative)
    monkeypatch.setitem(BACKENDS, "gil-regex-in-process", hostile.RegexBacktrackInProcess)
    monkeypatch.setitem(BACKENDS, "talkative-in-process", hostile.TalkativeInProcess)
    monkeypatch.setitem(BACKENDS, "hangs-in-load", hostile.HangsInLoad)
    monkeypatch.setitem(BACKENDS, "load-logged", hostile.LoadLogged)


def _screener(write: Callable[[str, str], Path], backend: str, timeout: float = 1.0, extra: str = "") -> Screener:
    policy = write(
        "p.yaml",
        "name: m\nprompt:\n  rules: []\n  classifiers:\n"
        f"    - backend: {backend}\n      timeout_s: {timeout}\n{extra}"
        "      categories: {violence: {threshold: 0.8}}\n",
    )
    return Screener(load_policy(policy))


def test_a_classifier_holding_the_gil_past_its_timeout_blocks_as_could_not_check(
    write: Callable[[str, str], Path],
) -> None:
    decision = _screener(write, "gil-regex").screen("a cat at dawn")  # n=29: ~24 s of regex, timeout 1 s
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert "timed out after 1 s" in decision.reasons[0]


def test_a_plugin_hanging_in_load_blocks_at_its_load_deadline_and_says_so(
    write: Callable[[str, str], Path],
) -> None:
    """Red team: a plugin whose ``load()`` never returns held the worker for the fixed 600 s load deadline
    (the prompt waited ten minutes, whatever its ``timeout_s``). Now ``load_timeout_s`` bounds it and the
    reason names the load, not the classification."""
    screener = _screener(write, "hangs-in-load", timeout=30, extra="      load_timeout_s: 1\n")
    for _ in range(2):  # a fresh worker tries again and is killed again: never a pass
        decision = screener.screen("a cat at dawn")
        assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
        assert "did not load within 1 s (prompt.classifiers[0].load_timeout_s)" in decision.reasons[0]


def test_a_classifier_that_ends_its_process_blocks_and_the_screener_lives_on(
    write: Callable[[str, str], Path],
) -> None:
    decision = _screener(write, "exit-now").screen("a cat at dawn")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert "worker process died" in decision.reasons[0]


def test_a_well_behaved_plugin_scores_in_its_worker_and_blocks_over_threshold(
    write: Callable[[str, str], Path],
) -> None:
    screener = _screener(write, "scores", timeout=60)
    assert screener.screen("a cat at dawn").action == PromptAction.ALLOW
    blocked = screener.screen("a knife at dawn")
    assert blocked.action == PromptAction.BLOCK and blocked.rule_ids == ["model.scores.violence"]


@pytest.mark.parametrize("backend", ["nan-score", "text-score"])
def test_a_score_that_is_not_a_finite_number_blocks_as_could_not_check(
    write: Callable[[str, str], Path], backend: str
) -> None:
    """Red team: a NaN score compared below every threshold, so the prompt was allowed; a string score (from a
    backend on the caller's thread) raised out of the screener. Both are a model that could not check."""
    decision = _screener(write, backend, timeout=60).screen("a knife at dawn")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert ("'violence' is not a number" if backend == "nan-score" else "'high'") in decision.reasons[0]


@pytest.mark.parametrize("backend", ["talkative", "talkative-in-process"])
def test_a_plugin_printing_to_stdout_does_not_corrupt_screen_json(
    write: Callable[[str, str], Path], backend: str
) -> None:
    """Red team: the worker sends a plugin's print() to stderr, but its constructor runs in the CLI's process (and
    an in_process backend's classify too): 'talkative: built' came before the JSON on stdout."""
    import json

    from typer.testing import CliRunner

    import guardrail.cli  # noqa: F401
    from guardrail.cli._common import app

    policy = write(
        "p.yaml",
        "name: m\nprompt:\n  rules: []\n  classifiers:\n"
        f"    - backend: {backend}\n      timeout_s: 60\n"
        "      categories: {violence: {threshold: 0.8}}\n",
    )
    result = CliRunner().invoke(app, ["screen", "--json", "--policy", str(policy), "a knife at dawn"])
    assert json.loads(result.stdout)["action"] == "block", result.stdout
    assert "talkative" in result.stderr


def test_a_plugin_declaring_in_process_still_runs_in_a_killable_worker(write: Callable[[str, str], Path]) -> None:
    """Red team: a plugin that set ``in_process = True`` itself ran on a thread, so holding the GIL past its 1 s
    timeout let its clean score through again. Only guardrail's own network client runs in process."""
    decision = _screener(write, "gil-regex-in-process").screen("a cat at dawn")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert "timed out after 1 s" in decision.reasons[0]


def _logged_screener(write: Callable[[str, str], Path], log: Path, fail: bool) -> Screener:
    policy = write(
        "p.yaml",
        "name: m\nprompt:\n  rules: []\n  classifiers:\n"
        f"    - backend: load-logged\n      options: {{log: '{log}', fail: {str(fail).lower()}}}\n"
        "      timeout_s: 60\n      categories: {violence: {threshold: 0.8}}\n",
    )
    return Screener(load_policy(policy))


def test_load_loads_the_classifiers_in_a_worker_so_the_first_prompt_does_not(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    import os

    log = tmp_path / "loads.txt"
    screener = _logged_screener(write, log, fail=False)
    assert not log.exists()  # the library stays lazy: building a screener loads nothing
    screener.load()
    (loader,) = log.read_text().split()
    assert int(loader) != os.getpid()  # in a check worker, not in the caller
    assert screener.screen("a knife at dawn").rule_ids == ["model.load-logged.violence"]
    assert log.read_text().split() == [loader]  # the warm worker scored it: no second load


def test_a_failed_load_raises_model_load_error_and_screening_still_fails_closed(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    from guardrail.errors import ModelLoadError

    screener = _logged_screener(write, tmp_path / "loads.txt", fail=True)
    with pytest.raises(ModelLoadError, match="the weights file is missing"):
        screener.load()
    decision = screener.screen("a cat at dawn")
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
