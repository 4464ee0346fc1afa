"""A policy's prompt rules compiled for fast matching.

All terms, co-occurrence terms and exceptions of all rules go into ONE Aho-Corasick automaton
(pyahocorasick), so the cost of a scan depends on the prompt's length, not on the number of
terms. Keys are normalised terms padded with spaces (``" nude "``) and scanned against the
normalised prompt padded the same way: every hit is a whole-word hit by construction.
Patterns are compiled with RE2 (linear time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from guardrail.policy.schema import PromptRule, PromptSection
from guardrail.policy.validate import compile_pattern
from guardrail.screening.normalise import normalise_term

__all__ = ["EXCEPTION", "GROUP", "TERM", "CompiledRules", "Hit"]

TERM, GROUP, EXCEPTION = 0, 1, 2
GLOBAL = -1  # rule index of section-wide exceptions


@dataclass(frozen=True, slots=True)
class Hit:
    """One automaton hit on the normalised text: ``[start, end)`` and what it belongs to."""

    start: int
    end: int
    term: str
    rule: int
    kind: int
    group: int


@dataclass
class CompiledRules:
    """The automaton and patterns of one prompt section."""

    rules: list[PromptRule]
    automaton: Any
    patterns: list[tuple[int, Any, str]] = field(default_factory=list)
    size: int = 0

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
                for term in group:
                    add(term, r, GROUP, g)
            for term in rule.exceptions:
                add(term, r, EXCEPTION)
            for pattern in rule.patterns:
                patterns.append((r, compile_pattern(pattern), pattern))
        for term in section.exceptions:
            add(term, GLOBAL, EXCEPTION)
        automaton = ahocorasick.Automaton()
        for norm, owners in entries.items():
            automaton.add_word(f" {norm} ", (norm, tuple(dict.fromkeys(owners))))
        if entries:
            automaton.make_automaton()
        return cls(rules=list(section.rules), automaton=automaton, patterns=patterns, size=len(entries))

    def scan(self, text: str) -> list[Hit]:
        """Every whole-word hit of every term, group term and exception in normalised ``text``."""
        hits: list[Hit] = []
        if self.size:
            for end, (norm, owners) in self.automaton.iter(f" {text} "):
                start = end - len(norm) - 1  # padded end -> text start
                for rule, kind, group in owners:
                    hits.append(Hit(start, start + len(norm), norm, rule, kind, group))
        for rule, regex, _source in self.patterns:
            for m in regex.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit(m.start(), m.end(), m.group(0), rule, TERM, -2))
        return hits
