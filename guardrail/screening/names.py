"""Recognise people's names in a prompt without a model: first name + surname.

A pair of words is read as a person's name when the first is a known first name
(:func:`guardrail.screening.lexicon.first_names`, ~33,000 names) and the second could be a
surname (letters only, not one of the most frequent words of the six dictionary languages),
and either

- both are written with a capital first letter in the original prompt (``Taylor Swift``,
  ``Will Smith``), or
- the first name is not a very common word (highest Zipf frequency below ``MAX_LOWER_ZIPF``):
  ``emma watson``, ``taylor swift`` count, ``will power`` and ``mark twain``-like lower-case
  pairs of common words do not.

It finds names that no list holds, and it also finds fictional and private people: use it in a
co-occurrence with terms that are unwanted for any real person (sexual, degrading), never
alone. Mononyms (``Shakira``, ``Neymar``) are not first-name + surname pairs: list them as terms.
"""

from __future__ import annotations

from guardrail.screening.lexicon import first_names, function_words, very_common_words
from guardrail.screening.normalise import Normalised

__all__ = ["MAX_LOWER_ZIPF", "person_spans"]

MAX_LOWER_ZIPF = 5.0
"""A lower-case first name more frequent than this (in any language) is read as a common word."""


def person_spans(norm: Normalised) -> list[tuple[int, int]]:
    """Spans (in ``norm.text``) of first name + surname pairs."""
    text = norm.text
    names = first_names()
    stop = function_words()
    common = very_common_words(MAX_LOWER_ZIPF)
    out: list[tuple[int, int]] = []
    words = text.split(" ")
    at = 0
    spans = []
    for w in words:
        spans.append((at, at + len(w)))
        at += len(w) + 1
    for i in range(len(words) - 1):
        first, last = words[i], words[i + 1]
        if first not in names or first in stop or last in stop or len(last) < 2 or not last.isalpha():
            continue
        (s1, _), (s2, e2) = spans[i], spans[i + 1]
        if (_capitalised(norm, s1) and _capitalised(norm, s2)) or first not in common:
            out.append((s1, e2))
    return out


def _capitalised(norm: Normalised, start: int) -> bool:
    """Whether the word at normalised offset ``start`` begins with a capital in the original."""
    begin, _ = norm.to_original(start, start + 1)
    ch = norm.original[begin : begin + 1]
    return ch.isupper()
