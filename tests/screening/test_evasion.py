"""Words split in two, stretched and doubled letters: caught, without hitting ordinary text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardrail.policy import PromptAction, load_policy
from guardrail.screening import Screener, normalise
from guardrail.screening.compiled_rules import DOUBLED, SPLIT, derived_keys
from guardrail.screening.wordlist import common_words

POLICY = """
name: evasion
prompt:
  exceptions: [nude lipstick]
  rules:
    - {id: nudity, category: sexual, severity: high, action: block, terms: [nude, naked, porn, boobs]}
    - {id: short, category: sexual, action: block, terms: [sex, ass]}
    - {id: words, category: test, action: block, terms: [penis, anus, gore, shoot]}
    - {id: bet, category: gambling, action: flag, terms: [bet, kill]}
    - {id: artist, category: artist, action: rewrite, terms: [greg rutkowski], replacement: a painting style}
"""

CAPTIONS = Path(__file__).parent / "data" / "benign_captions.txt"


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    path = tmp_path_factory.mktemp("evasion") / "evasion.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return Screener(load_policy(path))


@pytest.mark.parametrize(
    ("prompt", "text"),
    [
        ("a nu.de woman", "nu.de"),
        ("a nu-de woman", "nu-de"),
        ("a nu de woman", "nu de"),
        ("a na_ked man", "na_ked"),
        ("po-rn still", "po-rn"),
        ("a n.ude woman", "n.ude"),
    ],
)
def test_word_split_by_one_separator_is_rejoined(screener, prompt, text):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["nudity"]
    assert [m.text for m in decision.matches] == [text]


def test_split_word_inside_a_phrase_term_is_rejoined(screener):
    decision = screener.screen("a castle by greg rut-kowski")
    assert decision.rule_ids == ["artist"] and decision.matches[0].text == "greg rut-kowski"
    assert decision.effective_prompt == "a castle by a painting style"


@pytest.mark.parametrize("prompt", ["a nu - de woman", "a nu..de woman", "a nu. de woman"])
def test_split_needs_exactly_one_separator_character(screener, prompt):
    assert screener.screen(prompt).action == PromptAction.ALLOW


@pytest.mark.parametrize("prompt", ["it's hoot time", "it\u2019s hoot time", "owl's hoot"])
def test_fragment_after_an_apostrophe_is_not_rejoined(screener, prompt):
    assert screener.screen(prompt).action == PromptAction.ALLOW
    assert screener.screen(prompt.replace("'", " ").replace("\u2019", " ")).rule_ids == ["words"]


def test_three_letter_terms_are_never_split(screener):
    assert screener.screen("Mary's ex-husband on a boat").action == PromptAction.ALLOW
    assert screener.screen("a s.ex scene").action == PromptAction.ALLOW


@pytest.mark.parametrize(
    "prompt", ["a pen is on the desk", "an us flag", "let's go re-do it", "a SS officer's cap", "as s"]
)
def test_splits_into_common_words_or_of_short_terms_are_not_rejoined(screener, prompt):
    assert screener.screen(prompt).matches == []


def test_split_term_inside_an_exception_is_still_cancelled(screener):
    assert screener.screen("nu-de lipstick on a model").action == PromptAction.ALLOW


@pytest.mark.parametrize(
    ("prompt", "text"),
    [
        ("a nuuuude model", "nuuuude"),
        ("pooorn", "pooorn"),
        ("boooobs!", "boooobs"),
        ("kiiilll them", "kiiilll"),
        ("NAAAKED", "NAAAKED"),
    ],
)
def test_stretched_letters_are_collapsed_and_the_span_covers_the_run(screener, prompt, text):
    decision = screener.screen(prompt)
    assert decision.matches, prompt
    assert decision.matches[0].text == text


@pytest.mark.parametrize("prompt", ["a nuude model", "porrn", "a naaked man", "boobbs"])
def test_one_doubled_letter_is_read_as_single(screener, prompt):
    assert screener.screen(prompt).action == PromptAction.BLOCK


def test_doubled_spelling_that_is_a_common_word_is_not_a_term(screener):
    assert "beet" in common_words()
    assert screener.screen("a beet salad").matches == []
    assert screener.screen("a bbet").rule_ids == ["bet"]


@pytest.mark.parametrize(
    "prompt",
    [
        "assess the coffee",
        "a Mississippi riverboat",
        "brrr, a frozen lake",
        "sooo cute",
        "zzz sleeping cat",
        "www dot example",
        "Essex, Sussex",
        "a booklet",
    ],
)
def test_ordinary_double_and_stretched_letters_are_not_hits(screener, prompt):
    assert screener.screen(prompt).matches == []


def test_derived_keys_split_and_double_but_skip_common_word_pairs():
    words = common_words()
    keys = {(key, form) for key, form, _ in derived_keys("nude", words)}
    assert ("nu de", SPLIT) in keys and ("nud e", SPLIT) in keys
    assert ("nuude", DOUBLED) in keys and ("nudee", DOUBLED) in keys
    assert not any(key == "pen is" for key, _, _ in derived_keys("penis", words))
    assert derived_keys("sex", words) == [(k, f, c) for k, f, c in derived_keys("sex", words) if f == DOUBLED]
    phrase = {key: cut for key, form, cut in derived_keys("greg rutkowski", words) if form == SPLIT}
    assert phrase["greg rut kowski"] == len("greg rut")


def test_shipped_default_policy_has_no_false_hits_on_ordinary_captions():
    captions = [
        line.strip()
        for line in CAPTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(captions) >= 300
    screener = Screener(load_policy())
    hits = {c: screener.screen(c).rule_ids for c in captions}
    assert {c: r for c, r in hits.items() if r} == {}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abnude 0134$@.-'\u200bΝé")), max_size=30))
def test_lazy_offset_map_equals_the_full_tokeniser(text):
    from guardrail.screening.normalise import _fold, _tokenise

    norm = normalise(text)
    if norm._starts is not None:  # only the fast path builds its map lazily
        return
    norm.build_map()
    folded, _ = _fold(text)
    _, starts, positions, _ = _tokenise(folded, True)
    assert (norm._starts, norm._positions) == (starts, positions)


def test_allow_decision_built_without_validation_equals_a_validated_one(screener):
    from guardrail.screening import PromptDecision

    fast = screener.screen("a quiet harbour at dawn")
    slow = PromptDecision.model_validate(fast.model_dump())
    assert fast == slow and fast.model_dump_json() == slow.model_dump_json()
    assert fast.allowed and fast.rule_ids == []


@pytest.mark.parametrize(
    ("prompt", "text"),
    [
        ("a nudewoman", "nude"),
        ("a NUDEWOMAN on a beach", "NUDE"),
        ("a NudeWoman", "Nude"),
        ("a womannude", "nude"),
        ("pornstill", "porn"),
    ],
)
def test_term_glued_to_a_common_word_is_read_apart(screener, prompt, text):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["nudity"]
    assert [m.text for m in decision.matches] == [text]


@pytest.mark.parametrize(
    "prompt",
    [
        "a therapist's office",
        "a childhood photo on a shelf",
        "troubleshooting a bike",
        "a shootout at noon",
        "Penistone market square",
        "a bloodhound in the snow",
    ],
)
def test_dictionary_compounds_and_capitalised_names_are_not_read_as_glued_terms(prompt):
    assert Screener(load_policy()).screen(prompt).matches == []


def test_glued_term_inside_an_exception_is_still_cancelled(screener):
    assert screener.screen("nudelipstick on a model").action == PromptAction.ALLOW


@pytest.mark.parametrize(
    ("prompt", "text"), [("a nnuuddee woman", "nnuuddee"), ("NNAAKKEEDD", "NNAAKKEEDD"), ("ppoorrnn still", "ppoorrnn")]
)
def test_every_letter_doubled_is_read_single(screener, prompt, text):
    decision = screener.screen(prompt)
    assert decision.rule_ids == ["nudity"] and decision.matches[0].text == text


@pytest.mark.parametrize(
    ("prompt", "text"),
    [
        ("a n*de woman", "n*de"),
        ("a n#de woman", "n#de"),
        ("a n_de woman", "n_de"),
        ("p*rn", "p*rn"),
        ("a pe#is", "pe#is"),
    ],
)
def test_one_masked_letter_is_read_as_the_term_it_spells(screener, prompt, text):
    decision = screener.screen(prompt)
    assert decision.action == PromptAction.BLOCK
    assert [m.text for m in decision.matches] == [text]


@pytest.mark.parametrize(
    "prompt", ["a n**de woman", "*ude beach", "a my_file.txt icon", "C# code on a screen", "5*5 grid", "a no_de graph"]
)
def test_masks_that_do_not_spell_exactly_one_term_letter_are_not_hits(screener, prompt):
    assert screener.screen(prompt).matches == []


def test_only_high_and_critical_terms_are_read_out_of_glued_tokens(screener):
    assert (
        screener.screen("a killjoyful day").matches == []
    )  # 'bet'/'kill' rule is medium: killall, hogweed, ... stay whole
    assert screener.screen("a nakedbeach").rule_ids == ["nudity"]


@pytest.mark.parametrize("prompt", ["bug XXXXXX", "x*x grid", "nonconforming parts", "CHECK_STOPPED0"])
def test_repeated_letters_short_masks_and_prefixed_words_are_not_recovered(prompt):
    assert Screener(load_policy()).screen(prompt).matches == []
