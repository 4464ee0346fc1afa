"""Misspellings of terms: a deletion index (SymSpell style) with one edit.

Every one-word term of ``MIN_FUZZY`` letters or more is stored under itself and under each
spelling with one letter deleted. A prompt word is looked up the same way (itself and its
one-letter deletions: ``len(word) + 1`` dictionary lookups, whatever the number of terms), and
each candidate is confirmed with the optimal-string-alignment distance (one insertion,
deletion, substitution, or swap of two neighbours: ``nakid``, ``sucide``, ``swastica``,
``chlid``). Guards against benign words:

- a prompt word that is a common word in any of the six dictionary languages
  (:func:`guardrail.screening.lexicon.known_words`) or in the 73,000-word English dictionary
  with inflections (:func:`guardrail.screening.readings.dictionary_words`: ``raked`` is not
  ``raped``) is never read as a misspelling;
- the first letter must agree (people misspell the middle of a word, rarely its start);
- a prompt word longer than the longest term plus one is never looked up (so a 100,000-letter
  token costs one comparison, not 100,000 deletions);
- a prompt word must be at least ``MIN_FUZZY`` letters long and all letters (a 4-letter word
  one letter short of a 5-letter term was mostly code and acronyms: ``NACK`` is not ``nackt``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

from guardrail.screening.lexicon import known_words
from guardrail.screening.readings import dictionary_words

__all__ = ["MIN_FUZZY", "FuzzyIndex"]

MIN_FUZZY = 5
"""Shortest term (in letters) matched fuzzily; shorter ones have too many one-edit neighbours."""


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyIndex:
    """One-edit lookups of one-word terms; build once per policy."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(t for t in terms if len(t) >= MIN_FUZZY and t.isalpha())
        self._longest = max((len(t) for t in self.terms), default=0)
        self._index: dict[str, list[str]] = {}
        for term in self.terms:
            for key in {term} | _deletions(term):
                self._index.setdefault(key, []).append(term)
        self._known = known_words() if self.terms else frozenset()
        self._english = dictionary_words() if self.terms else frozenset()

    def __len__(self) -> int:
        return len(self.terms)

    def lookup(self, word: str) -> list[str]:
        """Terms one edit from ``word`` (none when ``word`` is a term or a common word)."""
        if (
            not MIN_FUZZY <= len(word) <= self._longest + 1
            or word in self.terms
            or word in self._known
            or word in self._english
            or not word.isalpha()
        ):
            return []
        index = self._index
        found: set[str] = set()
        for key in {word} | _deletions(word):
            for term in index.get(key, ()):
                if term[0] == word[0] and OSA.distance(word, term, score_cutoff=1) <= 1:
                    found.add(term)
        return sorted(found)
