"""Screening time stays linear in prompt length when ``max_length`` is raised.

Tests never assert on time, so these count Python function calls (generator steps included)
with ``sys.setprofile``: a deterministic measure of the work done. Ten times the prompt must
cost about ten times the calls; the quadratic steps this replaced (nested-match removal,
exception spans, rewrite contexts, glued-token cuts) made it about a hundred times.
"""

from __future__ import annotations

import sys

import pytest

from guardrail.policy import load_policy
from guardrail.screening import Screener

# Every evasion reading and every per-match step at once: plain and homoglyph terms, an
# exception, a rewrite with a context, a glued term, a masked letter, doubled letters, spaced letters.
UNIT = "nude woman, breast cancer awareness, in the style of greg rutkowski, nudewoman, n*de, nnuuddee, nudе, n u d e. "


def _prompt(n: int) -> str:
    return (UNIT * (n // len(UNIT) + 1))[:n]


def _calls(screener: Screener, prompt: str) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        decision = screener.screen(prompt)
    finally:
        sys.setprofile(None)
    assert decision.action.value == "block" and decision.matches
    return count


@pytest.fixture(scope="module")
def screener() -> Screener:
    screener = Screener(load_policy("builtin:default"), max_length=200_000)
    screener.screen(_prompt(2_000))  # load the word lists once, outside the counts
    return screener


def test_screening_work_is_linear_in_prompt_length(screener: Screener) -> None:
    small, large = _calls(screener, _prompt(10_000)), _calls(screener, _prompt(100_000))
    assert large <= 13 * small, f"10x the prompt cost {large / small:.1f}x the calls"


def test_100k_character_prompt_reports_every_match(screener: Screener) -> None:
    decision = screener.screen(_prompt(100_000))
    units = 100_000 // len(UNIT)
    rewrites = [m for m in decision.matches if m.action.value == "rewrite"]
    assert decision.action.value == "block"
    assert len(rewrites) >= units  # one per "greg rutkowski", none dropped as nested in another
    assert all(decision.prompt[m.span[0] : m.span[1]] == m.text for m in decision.matches)
