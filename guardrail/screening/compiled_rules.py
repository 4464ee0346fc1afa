"""A policy's prompt rules compiled for fast matching.

All terms, co-occurrence terms and exceptions of all rules go into ONE Aho-Corasick automaton
(pyahocorasick), so the cost of a scan depends on the prompt's length, not on the number of
terms. Keys are normalised terms padded with spaces (``" nude "``) and scanned against the
normalised prompt padded the same way: every hit is a whole-word hit by construction.
Patterns are compiled with RE2 (linear time).

Besides each term itself the automaton holds two kinds of derived keys, so evasions cost
nothing extra at scan time:

- split keys: a term word of 4+ letters cut in two (``nu de``, ``po rn``; the normalised
  prompt has ``nu.de``, ``nu-de``, ``nu_de`` and ``nu de`` all as ``nu de``). A cut whose
  fragments are all common words (``an us``, ``pen is``, ``go re``) gets no key, and a hit
  counts only when the original has exactly one ``.``, ``-``, ``_`` or space between the
  fragments and the first fragment is not a clitic after an apostrophe (``it's hoot`` is not
  ``shoot``);
- doubled-letter keys: a term word with one of its single letters doubled (``nuude``,
  ``porrn``), unless that spelling is a common word itself. Longer runs (``nuuuude``) are cut
  by the screener's stretched-letter readings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from guardrail.policy.schema import PromptRule, PromptSection
from guardrail.policy.validate import compile_pattern
from guardrail.screening.fuzzy import FuzzyIndex
from guardrail.screening.normalise import Normalised, normalise_term
from guardrail.screening.readings import GLUE_SEVERITIES, Recovery
from guardrail.screening.wordlist import common_words

__all__ = ["ALWAYS", "EXCEPTION", "FUZZY", "GROUP", "TERM", "CompiledRules", "Hit", "derived_keys"]

TERM, GROUP, EXCEPTION = 0, 1, 2
GLOBAL = -1  # rule index of section-wide exceptions
ALWAYS = -2  # rule index of section-wide benign phrases (apply to final rules too)
EXACT, SPLIT, DOUBLED, FUZZY = 0, 1, 2, 3  # how a hit relates to its term
MIN_SPLIT_WORD = 4  # shorter words split into fragments that are too often real abbreviations
SPLIT_SEPARATORS = frozenset(" .-_")
APOSTROPHES = frozenset("'\u2019\u02bc`")


def derived_keys(norm: str, words: frozenset[str]) -> list[tuple[str, int, int]]:
    """Split and doubled-letter spellings of normalised term ``norm``: ``(key, form, cut)``.

    ``cut`` is the offset of the split's space inside the key (-1 for doubled letters).
    """
    out: list[tuple[str, int, int]] = []
    parts = norm.split(" ")
    offset = 0
    for i, word in enumerate(parts):
        before = " ".join(parts[:i])
        before = before + " " if before else ""
        after = " ".join(parts[i + 1 :])
        after = " " + after if after else ""
        if word.isalpha():
            if len(word) >= MIN_SPLIT_WORD:
                for cut in range(1, len(word)):
                    left, right = word[:cut], word[cut:]
                    if left in words and right in words:
                        continue
                    out.append((f"{before}{left} {right}{after}", SPLIT, offset + cut))
            if len(word) >= 3:
                for j, ch in enumerate(word):
                    if (j > 0 and word[j - 1] == ch) or (j + 1 < len(word) and word[j + 1] == ch):
                        continue
                    variant = word[: j + 1] + ch + word[j + 1 :]
                    if variant not in words:
                        out.append((f"{before}{variant}{after}", DOUBLED, -1))
        offset += len(word) + 1
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    """One automaton hit on the normalised text: ``[start, end)`` and what it belongs to."""

    start: int
    end: int
    term: str
    rule: int
    kind: int
    group: int
    form: int = EXACT


@dataclass
class CompiledRules:
    """The automaton and patterns of one prompt section (``size`` distinct terms, ``keys`` automaton keys)."""

    rules: list[PromptRule]
    automaton: Any
    patterns: list[tuple[int, Any, str]] = field(default_factory=list)
    size: int = 0
    keys: int = 0
    recovery: Recovery | None = None
    fuzzy: FuzzyIndex | None = None
    fuzzy_owners: dict[str, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)
    name_groups: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def compile(cls, section: PromptSection) -> CompiledRules:
        """Build the automaton and compile the patterns of ``section``."""
        entries: dict[str, list[tuple[int, int, int]]] = {}

        def add(term: str, rule: int, kind: int, group: int = -1) -> None:
            norm = normalise_term(term)
            if norm:
                entries.setdefault(norm, []).append((rule, kind, group))

        patterns: list[tuple[int, Any, str]] = []
        for r, rule in enumerate(section.rules):
            for term in rule.terms:
                add(term, r, TERM)
            for g, group in enumerate(rule.all_of):
                for term in group.terms:
                    add(term, r, GROUP, g)
            for term in rule.exceptions:
                add(term, r, EXCEPTION)
            for pattern in rule.patterns:
                patterns.append((r, compile_pattern(pattern), pattern))
        for term in section.exceptions:
            add(term, GLOBAL, EXCEPTION)
        for term in section.benign:
            add(term, ALWAYS, EXCEPTION)
        fuzzy_owners: dict[str, list[tuple[int, int, int]]] = {}
        name_groups: dict[int, list[int]] = {}
        for r, rule in enumerate(section.rules):
            for g, group in enumerate(rule.all_of):
                if group.person_name:
                    name_groups.setdefault(r, []).append(g)
            if not rule.fuzzy:
                continue
            for term, kind, g in [
                *((t, TERM, -1) for t in rule.terms),
                *((t, GROUP, g) for g, grp in enumerate(rule.all_of) for t in grp.terms),
            ]:
                norm = normalise_term(term)
                if norm and " " not in norm:
                    fuzzy_owners.setdefault(norm, []).append((r, kind, g))
        fuzzy = FuzzyIndex(fuzzy_owners) if fuzzy_owners else None
        automaton = ahocorasick.Automaton()
        keys: dict[str, tuple[str, tuple[tuple[int, int, int], ...], int, int]] = {}
        for norm, owners in entries.items():
            keys[norm] = (norm, tuple(dict.fromkeys(owners)), EXACT, -1)
        words = common_words()
        for norm, owners in entries.items():
            for key, form, cut in derived_keys(norm, words):
                if key not in keys:  # an exact term (or an earlier derived key) wins
                    keys[key] = (norm, tuple(dict.fromkeys(owners)), form, cut)
        for key, (norm, owners, form, cut) in keys.items():
            automaton.add_word(f" {key} ", (norm, owners, form, cut, len(key)))
        if keys:
            for letter in "abcdefghijklmnopqrstuvwxyz":  # probes: a run of three identical letters
                automaton.add_word(letter * 3, None)
            automaton.make_automaton()
        matched = [n for n, owners in entries.items() if any(kind != EXCEPTION for _, kind, _ in owners)]
        severe = [
            n
            for n in matched
            if any(
                kind != EXCEPTION and section.rules[r].severity.value in GLUE_SEVERITIES
                for r, kind, _ in entries[n]
                if r >= 0
            )
        ]
        recovery = Recovery.build(matched, words, glue_terms=severe)
        return cls(
            rules=list(section.rules),
            automaton=automaton,
            patterns=patterns,
            size=len(entries),
            keys=len(keys),
            recovery=recovery,
            fuzzy=fuzzy if fuzzy is not None and len(fuzzy) else None,
            fuzzy_owners={t: tuple(dict.fromkeys(o)) for t, o in fuzzy_owners.items()},
            name_groups=name_groups,
        )

    def scan(self, norm: Normalised) -> tuple[list[Hit], bool]:
        """Every whole-word hit of every term, group term and exception in the normalised prompt,
        and whether the text has a run of three identical letters (found by the same pass)."""
        text = norm.text
        hits: list[Hit] = []
        stretched = False
        if self.keys:
            for end, value in self.automaton.iter(f" {text} "):
                if value is None:
                    stretched = True
                    continue
                term, owners, form, cut, length = value
                start = end - length - 1  # padded end -> text start
                if form == SPLIT and not _real_split(norm, start, start + cut):
                    continue
                for rule, kind, group in owners:
                    hits.append(Hit(start, start + length, term, rule, kind, group, form))
        for rule, regex, _source in self.patterns:
            for m in regex.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit(m.start(), m.end(), m.group(0), rule, TERM, -2))
        if self.fuzzy is not None:
            hits.extend(self._fuzzy_hits(norm))
        return hits, stretched

    def _fuzzy_hits(self, norm: Normalised) -> list[Hit]:
        """Hits of prompt words that are one edit from a fuzzy rule's one-word term.

        A word written like a name after the start of the prompt (``Michał Górny``) is not read
        as a misspelling: misspellings are typed in lower case (or in capitals throughout)."""
        out: list[Hit] = []
        lookup = self.fuzzy.lookup  # type: ignore[union-attr]
        at = 0
        for word in norm.text.split(" "):
            if len(word) >= 5:
                terms = lookup(word)
                if terms and not _name_like(norm, at, at + len(word)):
                    for term in terms:
                        for rule, kind, group in self.fuzzy_owners[term]:
                            out.append(Hit(at, at + len(word), term, rule, kind, group, FUZZY))
            at += len(word) + 1
        return out


def _name_like(norm: Normalised, start: int, end: int) -> bool:
    """Whether the word at normalised ``[start, end)`` is Title-case in the original and not its first word."""
    begin, stop = norm.to_original(start, end)
    word = norm.original[begin:stop]
    return begin > 0 and len(word) > 1 and word[0].isupper() and word[1:].islower()


def _real_split(norm: Normalised, start: int, cut: int) -> bool:
    """Whether the fragments around normalised offset ``cut`` are one word split by one separator.

    In the original, exactly one of ``.``, ``-``, ``_`` or a space must separate them, and the
    first fragment must not follow an apostrophe (``it's hoot`` is not ``shoot``).
    """
    folded = norm.folded
    left_end = norm.folded_pos(cut - 1)
    right_start = norm.folded_pos(cut + 1)
    gap = folded[left_end + 1 : right_start]
    if len(gap) != 1 or gap not in SPLIT_SEPARATORS:
        return False
    space = norm.text.rfind(" ", start, cut)  # the split word starts after the key's last space before the cut
    first = norm.folded_pos(space + 1 if space >= 0 else start)
    return first == 0 or folded[first - 1] not in APOSTROPHES
