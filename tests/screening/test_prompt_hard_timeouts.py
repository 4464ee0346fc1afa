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


def _screener(write: Callable[[str, str], Path], backend: str, timeout: float = 1.0) -> Screener:
    policy = write(
        "p.yaml",
        "name: m\nprompt:\n  rules: []\n  classifiers:\n"
        f"    - backend: {backend}\n      timeout_s: {timeout}\n"
        "      categories: {violence: {threshold: 0.8}}\n",
    )
    return Screener(load_policy(policy))


def test_a_classifier_holding_the_gil_past_its_timeout_blocks_as_could_not_check(
    write: Callable[[str, str], Path],
) -> None:
    decision = _screener(write, "gil-regex").screen("a cat at dawn")  # n=29: ~24 s of regex, timeout 1 s
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "could-not-check"
    assert "timed out after 1 s" in decision.reasons[0]


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
