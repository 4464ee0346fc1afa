"""Each normalisation step, and the map from normalised spans back to the original prompt."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardrail.screening import normalise, normalise_term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NuDe", "nude"),  # case folding
        ("Straße", "strasse"),  # full case folding
        ("ｎｕｄｅ", "nude"),  # fullwidth
        ("𝐧𝐮𝐝𝐞", "nude"),  # mathematical bold
        ("ⓝⓤⓓⓔ", "nude"),  # circled
        ("ﬁre", "fire"),  # ligature
        ("nudе", "nude"),  # Cyrillic small ie
        ("ΝUDΕ", "nude"),  # Greek capital nu and epsilon
        ("ɴᴜᴅᴇ", "nude"),  # small capitals
        ("nu\u200bde", "nude"),  # zero-width space
        ("n\u00adu\u200dd\ufeffe", "nude"),  # soft hyphen, zero-width joiner, BOM
        ("nu\u0301de\u0308", "nude"),  # combining marks
        ("nùdé", "nude"),  # precomposed accents
        ("p0rn", "porn"),  # leetspeak 0
        ("l1st", "list"),  # 1
        ("n4k3d", "naked"),  # 4 and 3
        ("a55", "ass"),  # 5
        ("7ext", "text"),  # 7
        ("n@ked $ex 5ex", "naked sex sex"),  # @ and $; a leading digit that is no unit
        ("n.u.d.e", "nude"),  # dots
        ("n u d e", "nude"),  # spaces
        ("n-u-d-e", "nude"),  # dashes
        ("n. u. d. e", "nude"),  # dot and space
        ("n u d 3", "nude"),  # joined, then leetspeak
    ],
)
def test_each_obfuscation_is_undone(text, expected):
    assert normalise(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1080p 2007 4 8 4k 3d 50s 5s 35mm 2nd", "1080p 2007 4 8 4k 3d 50s 5s 35mm 2nd"),  # numbers are not leetspeak
        ("$100 @ 5", "$100 @ 5"),
        ("a s s o c i a t e", "a ssociate"),  # the run is joined whole: never "ass"
        ("a n.u.d.e", "a nude"),  # a separator change ends the run
        ("Hello,   World!", "hello world"),  # separators collapse to one space
        ("self-harm", "self harm"),
        ("x y", "x y"),  # two single letters are not a run
    ],
)
def test_benign_text_is_not_turned_into_terms(text, expected):
    assert normalise(text).text == expected


def test_leading_article_of_a_spaced_run_is_ambiguous_and_both_readings_exist():
    first = normalise("a n u d e woman")
    assert first.text == "a nude woman" and first.ambiguous
    assert normalise("a n u d e woman", detach_articles=False).text == "anude woman"
    assert not normalise("the n u d e woman").ambiguous


def test_spans_map_back_to_the_original_prompt():
    prompt = "Ｎ.Ｕ.Ｄ.Ｅ nu\u200bde ɴᴜᴅᴇ nude\u0301!"
    norm = normalise(prompt)
    assert norm.text == "nude nude nude nude"
    spans = [norm.to_original(i, i + 4) for i in (0, 5, 10, 15)]
    assert [prompt[s:e] for s, e in spans] == ["Ｎ.Ｕ.Ｄ.Ｅ", "nu\u200bde", "ɴᴜᴅᴇ", "nude\u0301"]


def test_terms_normalise_like_prompts():
    assert normalise_term("Greg  RUTKOWSKI") == "greg rutkowski"
    assert normalise_term("14yo") == normalise("a 14yo").text.split()[1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeXYZ 01345$@.-_ \u200bёΝɴｎé\u0301\u00ad,")), max_size=40))
def test_every_token_maps_back_inside_the_prompt(text):
    norm = normalise(text)
    at = 0
    for token in norm.text.split(" "):
        if not token:
            continue
        start, end = norm.to_original(at, at + len(token))
        assert 0 <= start < end <= len(text)
        at += len(token) + 1


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z]{2,8}( [a-z]{2,8}){0,5}", fullmatch=True))
def test_plain_words_are_unchanged_and_map_to_themselves(text):
    norm = normalise(text)
    assert norm.text == text
    at = 0
    for word in text.split(" "):
        assert norm.to_original(at, at + len(word)) == (at, at + len(word))
        at += len(word) + 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abnude 0134 5$@.-\u200bΝé")), max_size=30))
def test_fast_path_and_mapped_path_give_the_same_text(text):
    from guardrail.screening.normalise import _fold, _tokenise

    folded, _ = _fold(text)
    assert normalise(text).text == " ".join(_tokenise(folded, True)[0])


def test_a_derived_reading_maps_back_to_the_original_prompt() -> None:
    from guardrail.screening.normalise import collapse_stretched, normalise

    prompt = "Ｎｕｕｕｕde  beach at d.u.s.k"
    norm = normalise(prompt)
    collapsed = collapse_stretched(norm, 1)
    assert collapsed.text == "nude beach at dusk"
    start, end = collapsed.to_original(0, 4)
    assert prompt[start:end] == "Ｎｕｕｕｕde"
    start, end = collapsed.to_original(14, 18)
    assert prompt[start:end] == "d.u.s.k"
    # the one constructor of readings: any (token, folded positions) pairs, same map to the original
    positions = norm.token_positions()
    swapped = norm.reading([("dusk", positions[3]), ("beach", positions[1])])
    assert swapped.text == "dusk beach"
    start, end = swapped.to_original(0, 4)
    assert prompt[start:end] == "d.u.s.k"
    start, end = swapped.to_original(5, 10)
    assert prompt[start:end] == "beach"


def test_no_module_reads_the_private_fields_of_a_normalised_prompt() -> None:
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "guardrail"
    private = re.compile(r"(?<!self)\.(_starts|_positions|_fold_index|_detach)\b")  # another object's field
    readers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "normalise.py" and private.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []
