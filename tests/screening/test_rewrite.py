"""Rewrite rules with contexts: the phrasing around a match is replaced with it, so the result reads naturally."""

from __future__ import annotations

import pytest

from guardrail.errors import PolicyError
from guardrail.policy import PromptAction, lint_policy, load_policy
from guardrail.screening import Screener

POLICY = """
name: rewrite
prompt:
  rules:
    - id: artist
      category: artist
      action: rewrite
      terms: [greg rutkowski, rutkowski]
      replacement: a fantasy painting style
      contexts: &ctx
        - before: [in the style of, style of, by]
          replacement: "in {replacement}"
        - before: [in]
          after: [style, s style]
          replacement: "in {replacement}"
        - after: [style, s style]
          replacement: "{replacement}"
    - id: other
      category: artist
      action: rewrite
      terms: [karla ortiz]
      replacement: a concept art style
      contexts: *ctx
    - id: nudity
      category: sexual
      action: block
      terms: [nude]
"""


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    path = tmp_path_factory.mktemp("rewrite") / "rewrite.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return Screener(load_policy(path))


@pytest.mark.parametrize(
    ("prompt", "rewritten"),
    [
        ("a castle in the style of Greg Rutkowski", "a castle in a fantasy painting style"),
        ("a castle by greg rutkowski, epic", "a castle in a fantasy painting style, epic"),
        ("a castle, style of rutkowski", "a castle, in a fantasy painting style"),
        ("a castle in Greg Rutkowski's style", "a castle in a fantasy painting style"),
        ("a castle in greg rutkowski style", "a castle in a fantasy painting style"),
        ("greg rutkowski style castle", "a fantasy painting style castle"),
        ("a castle, greg rutkowski", "a castle, a fantasy painting style"),
        ("a castle by karla ortiz and greg rutkowski", "a castle in a concept art style and a fantasy painting style"),
        ("a castle in the style of G.r.e.g R.u.t.k.o.w.s.k.i", "a castle in a fantasy painting style"),
    ],
)
def test_context_and_match_are_replaced_together(screener, prompt, rewritten):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.REWRITE and decision.rewritten
    assert decision.effective_prompt == rewritten


def test_the_match_span_stays_the_name_while_the_rewrite_covers_the_context(screener):
    decision = screener.screen("a castle in the style of Greg Rutkowski")
    assert [m.text for m in decision.matches] == ["Greg Rutkowski"]


def test_replacement_at_the_start_of_the_prompt_keeps_its_capital(screener):
    assert screener.screen("Greg Rutkowski, a castle").effective_prompt == "A fantasy painting style, a castle"
    assert screener.screen("By Greg Rutkowski: a castle").effective_prompt == "In a fantasy painting style: a castle"
    assert screener.screen("a castle, Greg Rutkowski").effective_prompt == "a castle, a fantasy painting style"


def test_block_still_beats_rewrite(screener):
    decision = screener.screen("a nude by greg rutkowski")
    assert decision.action == PromptAction.BLOCK and decision.effective_prompt == decision.prompt


def test_contexts_only_on_rewrite_rules_and_need_a_phrase(write):
    path = write(
        "bad.yaml",
        """
        name: bad
        prompt:
          rules:
            - id: a
              category: c
              action: block
              terms: [x]
              contexts:
                - {before: [by], replacement: "in {replacement}"}
                - {replacement: "{replacement}"}
        """,
    )
    problems = lint_policy(path)
    assert [(p.line, p.col) for p in problems] == [(9, 11), (10, 11), (10, 11)]
    assert "only apply to 'rewrite' rules" in problems[0].message
    assert "needs 'before' or 'after'" in problems[2].message
    with pytest.raises(PolicyError):
        load_policy(path)
