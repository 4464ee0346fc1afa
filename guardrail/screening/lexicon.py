"""Word lists from maintained packages: common words in six languages, first names.

- :func:`known_words`: every word with a Zipf frequency of 3 or more (about once per million
  words) in English, French, Spanish, German, Italian or Portuguese, from ``wordfreq``'s small
  lists (~200,000 entries; read in ~0.3 s, once per process). Folded like prompts (lower case,
  accents removed). Fuzzy matching never reads such a word as a misspelling of a term.
- :func:`function_words`: the 80 most frequent words of each of those languages (articles,
  prepositions, pronouns): never a surname.
- :func:`first_names`: ~45,000 first names from ``gender-guesser``'s name dictionary (Jörg
  Michael's ``nam_dict.txt``, GNU FDL, covering most European countries and many others),
  folded like prompts.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

__all__ = ["LANGUAGES", "MIN_ZIPF", "first_names", "fold_word", "function_words", "known_words", "very_common_words"]

LANGUAGES = ("en", "fr", "es", "de", "it", "pt")
"""The dictionary languages."""

MIN_ZIPF = 3.0
"""A word at least this frequent (Zipf scale: log10 of uses per billion words) is a known word."""

_BUCKETS = round((9 - MIN_ZIPF) * 100)  # wordfreq buckets are centibels below frequency 1


def fold_word(word: str) -> str:
    """Lower case with accents removed (``Mädchen`` -> ``madchen``), as prompts are normalised."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def known_words() -> frozenset[str]:
    """Words with Zipf frequency >= MIN_ZIPF in any of LANGUAGES (folded)."""
    import wordfreq

    out: set[str] = set()
    for lang in LANGUAGES:
        for bucket in wordfreq.get_frequency_list(lang, wordlist="small")[: _BUCKETS + 1]:
            out.update(fold_word(w) for w in bucket)
    return frozenset(out)


@cache
def function_words() -> frozenset[str]:
    """The 80 most frequent words of each of LANGUAGES (folded)."""
    import wordfreq

    return frozenset(fold_word(w) for lang in LANGUAGES for w in wordfreq.top_n_list(lang, 80, wordlist="small"))


@cache
def very_common_words(min_zipf: float = 5.0) -> frozenset[str]:
    """Words with Zipf frequency >= ``min_zipf`` in any of LANGUAGES (folded): ``will``, ``may``, ``mark``."""
    import wordfreq

    buckets = round((9 - min_zipf) * 100)
    return frozenset(
        fold_word(w)
        for lang in LANGUAGES
        for bucket in wordfreq.get_frequency_list(lang, wordlist="small")[: buckets + 1]
        for w in bucket
    )


@cache
def first_names() -> frozenset[str]:
    """First names from gender-guesser's dictionary, folded (names of 3+ letters, single words)."""
    raw = files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes().decode("latin-1")
    out: set[str] = set()
    for line in raw.splitlines():
        if not line or line[0] in "#=" or len(line) < 30:
            continue
        name = line[3:29].strip()
        if "+" in name or " " in name or "-" in name:
            continue
        name = fold_word(name)
        if len(name) >= 3 and name.isalpha():
            out.add(name)
    return frozenset(out)
