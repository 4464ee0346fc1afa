"""One more reading of a prompt that undoes three evasions the automaton keys cannot cover.

- a term glued to a common word: ``nudewoman`` is read ``nude woman`` (a token of letters
  only that is not an English word, split into a term of 4+ letters of a high or critical rule
  and a common word of 3+ letters, either order; real compounds such as ``therapist``, ``childhood`` or ``cocktails``
  are words of the
  dictionary list and stay whole, and a token written like a name, ``Penistone``, is left
  alone: ``NUDEWOMAN`` and ``NudeWoman`` are read, ``Nudewoman`` is not);
- every letter doubled: ``nnuuddee`` is read ``nude`` (a token of 6+ letters made only of
  pairs);
- one masked letter: ``n*de``, ``n#de``, ``n_de`` is read ``nude`` when exactly one letter of
  a policy term of 4+ letters is replaced by ``*``, ``#`` or ``_`` between letters.

The reading keeps the offset map of the reading it came from, so matches map back to the
original prompt. :class:`Recovery` is built once per policy from its terms.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files

from guardrail.screening.normalise import Normalised

__all__ = ["GLUE_SEVERITIES", "MASKS", "Recovery", "dictionary_words"]

MASKS = frozenset("*#_")
"""Characters read as one masked letter between letters."""
MIN_GLUE_TERM = 4
MIN_GLUE_WORD = 3
MIN_MASK_TERM = 4
GLUE_SEVERITIES = frozenset({"high", "critical"})
"""Only terms of rules this severe are read out of glued tokens: a glued reading of ``kill``,
``weed`` or ``bomb`` found mostly code names and compounds (``killall``, ``hogweed``,
``bombproof``) in measured text, while ``nude``/``porn``/minors terms are what evaders glue."""
_PREFIXES = ("non", "un", "re", "pre", "over", "under", "anti", "out", "self")
_SUFFIXES = ("s", "es", "ed", "ing", "er", "ers", "ly", "ness", "less")
MIN_DOUBLED = 6


@cache
def dictionary_words() -> frozenset[str]:
    """About 73,000 English words (SCOWL via wamerican), read once on first use."""
    raw = files("guardrail").joinpath("data/dictionary_words.txt.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@dataclass(frozen=True)
class Recovery:
    """What a policy needs to undo glued, doubled and masked spellings of its terms."""

    glue_terms: frozenset[str]
    masks: dict[str, str]
    words: frozenset[str]

    @classmethod
    def build(cls, terms: list[str], words: frozenset[str], glue_terms: list[str] | None = None) -> Recovery:
        """From normalised terms (exceptions left out), the common-word set, and the terms that
        may be read out of glued tokens (default: all of ``terms``)."""
        single = [t for t in terms if t.isalpha() and t.isascii()]
        masks: dict[str, str] = {}
        for term in single:
            if len(term) >= MIN_MASK_TERM:
                for i in range(1, len(term) - 1):  # a mask between letters, never at a word's edge
                    masks.setdefault(f"{term[:i]}*{term[i + 1 :]}", term)
        glue_from = terms if glue_terms is None else glue_terms
        glue = frozenset(t for t in glue_from if t.isalpha() and t.isascii() and len(t) >= MIN_GLUE_TERM)
        return cls(glue_terms=glue, masks=masks, words=words)

    def reading(self, norm: Normalised) -> Normalised | None:
        """The recovered reading of ``norm``, or None when no token needs it (the common case)."""
        tokens = norm.text.split(" ") if norm.text else []
        masked = bool(self.masks) and ("*" in norm.folded or "#" in norm.folded or "_" in norm.folded)
        if not masked:  # cheap test first: most prompts have no long token outside the dictionary, no pairs
            long = [t for t in tokens if len(t) >= MIN_DOUBLED]
            if not long:
                return None
            rare = set(long).difference(self.words, dictionary_words()) if self.glue_terms else set()
            if not any(self._glue(t) is not None for t in rare) and not any(
                t[0] == t[1] and _undoubled(t) for t in long
            ):
                return None
        spans = [
            list(range(p, p + len(t))) if isinstance(p, int) else p
            for t, p in zip(tokens, norm.token_positions(), strict=False)
        ]
        out: list[tuple[str, list[int]]] = []
        changed = False
        k = 0
        while k < len(tokens):
            tok, pos = tokens[k], spans[k]
            if masked and k + 1 < len(tokens):
                term = self._mask(norm.folded, tok, pos, tokens[k + 1], spans[k + 1])
                if term is not None:
                    out.append((term, [*pos, pos[-1] + 1, *spans[k + 1]]))  # the mask stands for one letter
                    changed = True
                    k += 2
                    continue
            half = _undoubled(tok)
            if half:
                out.append((half, [pos[0]] + [pos[2 * i + 1] for i in range(1, len(half))]))
                changed = True
            elif (
                (cut := self._glue(tok)) is not None
                and not _title_case(norm, pos)
                and all(norm.folded[p].isalpha() for p in pos)
            ):
                out.append((tok[:cut], pos[:cut]))
                out.append((tok[cut:], pos[cut:]))
                changed = True
            else:
                out.append((tok, pos))
            k += 1
        if not changed:
            return None
        return norm.reading(list(out))

    def _mask(self, folded: str, left: str, lpos: list[int], right: str, rpos: list[int]) -> str | None:
        """The term that ``left`` + one mask character + ``right`` spells, if any."""
        gap_at = lpos[-1] + 1
        if rpos[0] != gap_at + 1 or folded[gap_at] not in MASKS:
            return None
        if (lpos[0] > 0 and folded[lpos[0] - 1] in MASKS) or (
            rpos[-1] + 1 < len(folded) and folded[rpos[-1] + 1] in MASKS
        ):
            return None  # more than one mask: too little left of the word
        if not (left.isalpha() and right.isalpha()):
            return None
        return self.masks.get(f"{left}*{right}")

    @cached_property
    def _longest_glue(self) -> int:
        """Length of the longest token ``_glue`` can cut: the longest term plus the longest term or word."""
        longest_term = max(map(len, self.glue_terms), default=0)
        return longest_term + max(longest_term, max(map(len, self.words), default=0))

    def _glue(self, tok: str) -> int | None:
        """Where to cut ``tok`` into a term and a common word (either order), or None."""
        if (
            len(tok) < MIN_GLUE_TERM + MIN_GLUE_WORD
            or not self.glue_terms
            or tok in self.words
            or tok in self.glue_terms
        ):
            return None
        if len(tok) > self._longest_glue:  # no term + word is this long: skip the cuts (each copies tok)
            return None
        if not tok.isalpha() or _is_word(tok):
            return None
        for cut in range(MIN_GLUE_WORD, len(tok) - MIN_GLUE_WORD + 1):
            left, right = tok[:cut], tok[cut:]
            if (left in self.glue_terms and (right in self.words or right in self.glue_terms)) or (
                right in self.glue_terms and left in self.words
            ):
                return cut
        return None


def _is_word(tok: str) -> bool:
    """Whether ``tok`` is a dictionary word, also after one common prefix or suffix is taken off
    (``nonconforming``, ``shootdowns``)."""
    words = dictionary_words()
    if tok in words:
        return True
    for prefix in _PREFIXES:
        if tok.startswith(prefix) and tok[len(prefix) :] in words:
            return True
    return any(tok.endswith(suffix) and tok[: -len(suffix)] in words for suffix in _SUFFIXES)


def _title_case(norm: Normalised, pos: list[int]) -> bool:
    """Whether the token at folded positions ``pos`` is written ``Penistone`` in the original: a
    name (a place, a surname), so it is not read as a glued term."""
    text = "".join(norm.original[norm._orig(p)] for p in pos)
    return len(text) > 1 and text[0].isupper() and text[1:].islower()


def _undoubled(tok: str) -> str | None:
    """``nnuuddee`` -> ``nude``: a token of 6+ letters made only of letter pairs, halved."""
    if len(tok) < MIN_DOUBLED or len(tok) % 2 or not tok.isalpha():
        return None
    half = tok[0::2]
    if half != tok[1::2] or any(a == b for a, b in zip(half, half[1:], strict=False)):
        return None  # "xxxxxx" is not a doubled "xxx"
    return half
