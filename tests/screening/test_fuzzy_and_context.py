"""Misspellings, benign phrases that final rules honour, co-occurrence windows and person names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guardrail.errors import PolicyError
from guardrail.policy import PromptAction, load_policy
from guardrail.screening import Screener
from guardrail.screening.fuzzy import FuzzyIndex
from guardrail.screening.names import person_spans
from guardrail.screening.normalise import normalise

POLICY = """
name: ctx
prompt:
  exceptions: [nude lipstick]
  benign: [naked eye, gore vidal, how to cut myself a fringe, cut myself a fringe]
  rules:
    - id: minors
      category: minors
      severity: critical
      action: block
      final: true
      fuzzy: true
      all_of: [[child, kid], [naked, nude]]
    - id: nudity
      category: sexual
      severity: high
      action: block
      fuzzy: true
      terms: [naked, decapitated, swastika, raped]
    - id: gore
      category: violence
      action: block
      terms: [gore]
    - id: selfharm
      category: self-harm
      action: block
      patterns: ['\\bhow to cut myself\\b']
    - id: person
      category: real-people
      action: block
      window: 5
      all_of:
        - {person_name: true, terms: [shakira]}
        - [lingerie, thong]
    - id: near
      category: test
      action: flag
      window: 3
      all_of: [[red], [car]]
"""


@pytest.fixture
def screener(write: Callable[[str, str], Path]) -> Screener:
    return Screener(load_policy(write("ctx.yaml", POLICY)))


@pytest.mark.parametrize(
    "prompt", ["a nakid woman", "a decapatated statue", "a swastica flag", "a nacked man", "Nakid woman on a bed"]
)
def test_blocks_one_edit_misspellings_of_fuzzy_terms(screener: Screener, prompt: str) -> None:
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK and decision.matches[0].kind == "fuzzy"


@pytest.mark.parametrize(
    "prompt", ["a baked potato", "a zen garden with raked gravel", "a makid", "a nakd man", "a letter from Mr Nakid"]
)
def test_common_words_and_other_first_letters_are_not_misspellings(screener: Screener, prompt: str) -> None:
    decision = screener.screen(prompt)
    assert not any(m.kind == "fuzzy" for m in decision.matches), decision.reasons


def test_fuzzy_index_needs_five_letters_and_confirms_the_distance() -> None:
    index = FuzzyIndex(["gore", "naked", "swastika"])
    assert index.lookup("gorr") == []  # 'gore' is too short to be matched fuzzily
    assert index.lookup("swatsika") == ["swastika"]  # neighbours swapped: one edit
    assert index.lookup("swstka") == []  # two edits
    assert index.lookup("naked") == []  # the term itself is an exact match, not a fuzzy one


def test_benign_phrases_apply_to_final_rules(screener: Screener) -> None:
    assert screener.screen("a kid spotting Jupiter with the naked eye").action == PromptAction.ALLOW
    assert screener.screen("a naked kid").action == PromptAction.BLOCK


def test_section_exceptions_still_skip_final_rules(screener: Screener) -> None:
    decision = screener.screen("nude lipstick on a kid")
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["minors"]


def test_benign_phrase_cancels_an_overlapping_pattern_and_a_name(screener: Screener) -> None:
    assert screener.screen("how to cut myself a fringe").action == PromptAction.ALLOW
    assert screener.screen("how to cut myself").action == PromptAction.BLOCK
    assert screener.screen("Gore Vidal giving a lecture").action == PromptAction.ALLOW
    assert screener.screen("extreme gore").action == PromptAction.BLOCK


def test_window_limits_how_far_apart_the_groups_may_be(screener: Screener) -> None:
    assert screener.screen("a red sports car").action == PromptAction.FLAG
    assert screener.screen("a red house by the lake and a car").action == PromptAction.ALLOW


@pytest.mark.parametrize("prompt", ["Taylor Swift in lingerie", "emma watson in a thong", "Shakira in lingerie"])
def test_a_named_person_with_sexual_terms_is_blocked(screener: Screener, prompt: str) -> None:
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["person"]


@pytest.mark.parametrize(
    "prompt",
    ["Taylor Swift on stage", "a woman in lingerie", "lingerie on a hanger, Emma Watson walks in later that day"],
)
def test_no_name_or_name_far_away_is_not_the_person_rule(screener: Screener, prompt: str) -> None:
    assert "person" not in screener.screen(prompt).rule_ids


def test_person_spans_need_a_first_name_and_a_surname() -> None:
    def names(prompt: str) -> list[str]:
        norm = normalise(prompt)
        return [norm.text[a:b] for a, b in person_spans(norm)]

    assert names("Angela Merkel in Berlin") == ["angela merkel"]
    assert names("scarlett johansen topless") == ["scarlett johansen"]
    assert names("emma in the garden") == []  # 'in' is a function word, not a surname
    assert names("a lighthouse at dawn") == []


def test_child_policy_cannot_add_a_benign_phrase_that_touches_a_final_rule(write: Callable[[str, str], Path]) -> None:
    write("parent.yaml", POLICY)
    child = write("child.yaml", "name: c\nextends: parent.yaml\nprompt:\n  benign: [naked kid in a bath]\n")
    with pytest.raises(PolicyError, match="contains 'kid'.*final rule"):
        load_policy(child)
    fine = write("fine.yaml", "name: c\nextends: parent.yaml\nprompt:\n  benign: [gore tex]\n")
    assert "gore tex" in load_policy(fine).prompt.benign


def test_child_policy_cannot_turn_fuzzy_off_on_a_final_rule(write: Callable[[str, str], Path]) -> None:
    write("parent.yaml", POLICY)
    child = write(
        "child.yaml",
        """
name: c
extends: parent.yaml
prompt:
  rules:
    - id: minors
      category: minors
      severity: critical
      action: block
      all_of: [[child, kid], [naked, nude]]
""",
    )
    with pytest.raises(PolicyError, match="fuzzy"):
        load_policy(child)
