"""Screening decisions: evasion, whole words, exceptions, co-occurrence, rewrites, input errors."""

from __future__ import annotations

import pytest

from guardrail.errors import InputError
from guardrail.policy import PromptAction, load_policy
from guardrail.screening import PromptDecision, Screener

POLICY = """
name: test
version: "7"
prompt:
  max_length: 80
  exceptions: [nude color]
  rules:
    - id: minors
      category: minors
      severity: critical
      action: block
      final: true
      all_of: [[child, kid], [nude, naked]]
    - id: nudity
      category: sexual
      severity: high
      action: block
      terms: [nude, naked]
      negative_prompt: nudity
    - id: sugg
      category: sexual
      action: flag
      terms: [breast, cunt]
      exceptions: [breast cancer]
    - id: weapons
      category: violence
      action: flag
      terms: [shoot]
      exceptions: [shoot a photo]
    - id: instructions
      category: self-harm
      action: block
      patterns: ['\\bhow to (?:hurt|cut) myself\\b']
    - id: artist
      category: artist
      severity: low
      action: rewrite
      terms: [greg rutkowski]
      replacement: a fantasy painting style
      negative_prompt: greg rutkowski style
"""


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    path = tmp_path_factory.mktemp("pol") / "test.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return Screener(load_policy(path))


@pytest.mark.parametrize(
    "prompt",
    [
        "a nude portrait",
        "a nudе portrait",  # Cyrillic e
        "a ΝUDΕ portrait",  # Greek capitals
        "a ｎｕｄｅ portrait",  # fullwidth
        "a ɴᴜᴅᴇ portrait",  # small capitals
        "a nu\u200bde portrait",  # zero-width space
        "a nu\u0301de portrait",  # combining mark
        "a n4k3d portrait",  # leetspeak
        "a n.u.d.e portrait",
        "a n u d e portrait",
        "a n-a-k-e-d portrait",
    ],
)
def test_blocks_obfuscated_term(screener, prompt):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK
    assert decision.rule_ids == ["nudity"] and not decision.allowed


def test_blocks_homoglyph_obfuscated_term_and_reports_original_span(screener):
    prompt = "portrait, ΝUDΕ, soft light"
    decision = screener.screen(prompt)
    (match,) = decision.matches
    assert match.span == (10, 14) and match.text == "ΝUDΕ" and prompt[10:14] == "ΝUDΕ"
    assert match.normalised == "nude" and match.kind == "term"
    assert match.category == "sexual" and match.severity.value == "high"


@pytest.mark.parametrize(
    "prompt",
    [
        "the town of Scunthorpe",
        "Essex and Sussex",
        "a nudeness study",
        "denuded hills",
        "a breastplate of steel",
        "a s s o c i a t e",
        "4k 1080p 2007 photo",
        "nude color dress",
    ],
)
def test_benign_look_alikes_are_allowed(screener, prompt):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.ALLOW and decision.matches == []
    assert decision.effective_prompt == prompt and not decision.rewritten


def test_exception_cancels_only_matches_inside_it(screener):
    assert screener.screen("breast cancer awareness").action == PromptAction.ALLOW
    assert screener.screen("shoot a photo of a lake").action == PromptAction.ALLOW
    decision = screener.screen("breast cancer and a bare breast")
    assert decision.action == PromptAction.FLAG
    assert [m.span for m in decision.matches] == [(25, 31)]


def test_global_exception_does_not_cancel_a_final_rule(screener):
    decision = screener.screen("nude color dress on a child")
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["minors"]


def test_co_occurrence_needs_every_group(screener):
    assert screener.screen("a child flying a kite").action == PromptAction.ALLOW
    decision = screener.screen("a k1d, n.a.k.e.d")
    assert decision.action == PromptAction.BLOCK
    assert "minors" in decision.rule_ids and "nudity" in decision.rule_ids
    minors = [m for m in decision.matches if m.rule_id == "minors"]
    assert {m.text for m in minors} == {"k1d", "n.a.k.e.d"} and {m.kind for m in minors} == {"all_of"}


def test_pattern_matches_on_normalised_text(screener):
    decision = screener.screen("HOW TO hurt mys3lf")
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["instructions"]
    assert decision.matches[0].kind == "pattern" and decision.matches[0].text == "HOW TO hurt mys3lf"


def test_rewrite_replaces_the_span_in_the_original_prompt_and_adds_negative_prompt(screener):
    decision = screener.screen("A castle, by G r e g   R u t k o w s k i!")
    assert decision.action == PromptAction.REWRITE and decision.rewritten
    assert decision.effective_prompt == "A castle, by a fantasy painting style!"
    decision = screener.screen("A castle by Greg Rutkowski, epic")
    assert decision.effective_prompt == "A castle by a fantasy painting style, epic"
    assert decision.negative_prompt == "greg rutkowski style"
    assert decision.prompt == "A castle by Greg Rutkowski, epic"


def test_strongest_action_wins_and_block_does_not_rewrite(screener):
    decision = screener.screen("a naked warrior by greg rutkowski, shoot")
    assert decision.action == PromptAction.BLOCK
    assert set(decision.rule_ids) == {"nudity", "artist", "weapons"}
    assert decision.effective_prompt == decision.prompt and not decision.rewritten
    assert decision.negative_prompt == "nudity, greg rutkowski style"
    assert screener.screen("a bare breast and a shoot").action == PromptAction.FLAG


def test_decision_carries_the_policy_ref_and_serialises(screener):
    decision = screener.screen("a nude")
    assert decision.policy.name == "test" and decision.policy.version == "7"
    assert decision.policy.hash == screener.policy.hash and len(decision.policy.hash) == 64
    again = PromptDecision.model_validate_json(decision.model_dump_json())
    assert again == decision and again.reasons == ["nudity (block, sexual): matched 'nude'"]


@pytest.mark.parametrize("prompt", ["", "   \n\t"])
def test_empty_prompt_is_an_input_error(screener, prompt):
    with pytest.raises(InputError) as info:
        screener.screen(prompt)
    assert info.value.where == "prompt" and "empty" in info.value.message


def test_over_long_prompt_is_an_input_error_with_configurable_limit(screener):
    with pytest.raises(InputError) as info:
        screener.screen("a" * 81)
    assert info.value.where == "prompt" and "limit is 80" in info.value.message
    assert Screener(screener.policy, max_length=200).screen("a " * 90).action == PromptAction.ALLOW


def test_scunthorpe_profanity_inside_a_word_is_not_hit(screener):
    assert screener.screen("Scunthorpe United").matches == []
    assert screener.screen("a c u n t").rule_ids == ["sugg"]


def test_ten_thousand_terms_compile_into_one_automaton(write):
    lines = "\n".join(f"zq{i:05d}word" for i in range(10_000))
    write("terms.txt", lines)
    policy = load_policy(
        write(
            "big.yaml",
            """
        name: big
        prompt:
          rules:
            - {id: big, category: c, action: block, terms_files: [terms.txt]}
        """,
        )
    )
    screener = Screener(policy)
    assert screener._compiled.size == 10_000
    decision = screener.screen("a prompt with zq09999word and z.q.0.9.9.9.8.w.o.r.d")
    assert decision.action == PromptAction.BLOCK
    assert [m.normalised for m in decision.matches] == ["zqo9999word", "zqo9998word"]  # 0 read as o
    assert screener.screen("zq09999words").action == PromptAction.ALLOW
