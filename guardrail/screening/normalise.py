"""Normalise a prompt so that obfuscation does not hide a term, and map matches back.

Steps, in order:

1. per character: look-alikes (Cyrillic, Greek, small capitals, ...) to ASCII, NFKD
   compatibility decomposition (fullwidth, math letters, ligatures), combining marks and
   invisible/format characters (zero-width space, joiners, soft hyphen) dropped, case folded;
2. split into tokens (runs of letters, digits, ``@`` and ``$``); everything else is a separator;
3. runs of three or more single-character tokens separated by the same separator of at most
   three characters are joined (``n.u.d.e``, ``n u d e``, ``n-u-d-e`` -> ``nude``). A run is
   joined whole, so ``a s s o c i a t e`` becomes ``associate``, never ``ass``; a leading
   ``a``/``i`` is kept apart (see :func:`normalise`);
4. leetspeak (``0 1 3 4 5 7 @ $``) is decoded only in tokens that also contain a letter and
   are not a number with a unit (``1080p``, ``4k``, ``50s``, ``2nd``), so those and ``2007``
   stay numbers while ``p0rn``, ``5ex`` and ``$ex`` decode;
5. tokens are joined by single spaces: word boundaries are exactly the spaces.

:class:`Normalised` keeps enough to map any span of the normalised text back to the original.
The map is built lazily: most prompts (plain ASCII, nothing to join) take a fast path of a few
C-level string operations (``lower``, ``translate``, ``split``, ``join``), and the offset map is
only made when a match has to be located. :func:`collapse_stretched` gives the extra readings
for stretched letters (``nuuuude``); word splits and doubled letters are handled by the
matcher's derived keys (:mod:`guardrail.screening.compiled_rules`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from guardrail.screening.confusables import CONFUSABLES, LEET

__all__ = ["Normalised", "collapse_stretched", "fold_char", "normalise", "normalise_term"]

_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_INVISIBLE = frozenset({"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u034f", "\u180e"})
_TOKEN = re.compile(r"(?:[^\W_]|[@$])+")
_TOK = r"(?:[^\W_]|[@$])"  # one token character
_SEP = r"(?:[^\w@$]|_)"  # one separator character
# Three single-character tokens with the same short separator: the only case that needs joining.
_SPACED_RUN = re.compile(rf"(?<![^\W_])(?<![@$]){_TOK}({_SEP}{{1,3}}){_TOK}\1{_TOK}(?!{_TOK})")
_LEET_CANDIDATE = re.compile(r"[^ ]*[013457@$][^ ]*")  # a token of the joined text with a leet character
_STRETCH = re.compile(r"([^\W\d_])\1\1")
_ASCII_SPACED = re.compile(r" [^ ] [^ ] [^ ] ")  # three one-character tokens in a row (padded text)
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "@$")})
"""ASCII characters that separate tokens, all mapped to a space (``str.translate`` runs in C)."""
_HAS_LEET = re.compile(r"[013457@$]")
_HAS_ALPHA = re.compile(r"[^\W\d_]")
_LEET_TABLE = str.maketrans(LEET)
# A number with a unit or ordinal suffix (1080p, 4k, 3d, 35mm, 1920s, 2nd, 14yo) is not leetspeak.
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:st|nd|rd|th|s|k|p|d|px|mm|cm|m|km|kg|g|fps|yo|hz|mp|am|pm|h|min|bit|gb|mb)")
_MAX_JOIN_GAP = 3
_MIN_JOIN_RUN = 3
_ARTICLES = frozenset("ai")

_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """Fold one non-ASCII character: look-alike, NFKD, marks and invisibles dropped, casefold."""
    cached = _FOLD_CACHE.get(ch)
    if cached is not None:
        return cached
    if ch in CONFUSABLES:
        out = CONFUSABLES[ch]
    elif ch in _INVISIBLE:
        out = ""
    else:
        cat = unicodedata.category(ch)
        if cat in _DROP_CATEGORIES:
            out = ""
        elif ch.isspace() or cat in ("Zs", "Zl", "Zp", "Cc"):
            out = " "
        else:
            parts = []
            for c in unicodedata.normalize("NFKD", ch):
                if unicodedata.category(c) in _DROP_CATEGORIES or c in _INVISIBLE:
                    continue
                parts.append(CONFUSABLES.get(c, c).casefold())
            out = "".join(parts)
            # characters whose fold is again non-ASCII but foldable (e.g. a decomposed Greek letter)
            out = "".join(CONFUSABLES.get(c, c) for c in out)
    if len(_FOLD_CACHE) < 100_000:
        _FOLD_CACHE[ch] = out
    return out


_ONE_TO_ONE: dict[int, str] = {c: chr(c).lower() for c in range(128)}
"""``str.translate`` table for characters that fold to exactly one character (filled lazily)."""
_OTHER: set[str] = set()
"""Characters that fold to zero or several characters (they need the slow, indexed fold)."""


def _learn(chars: set[str]) -> bool:
    """Add unseen ``chars`` to the fold tables; True when every one folds to exactly one character."""
    simple = True
    for ch in chars:
        if ord(ch) in _ONE_TO_ONE:
            continue
        if ch in _OTHER:
            simple = False
            continue
        out = fold_char(ch)
        if len(out) == 1 and len(_ONE_TO_ONE) < 100_000:
            _ONE_TO_ONE[ord(ch)] = out
        else:
            _OTHER.add(ch)
            simple = False
    return simple


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Step 1: the folded text and, when its offsets differ from the original's, each folded char's original index."""
    if text.isascii():
        return text.lower(), None
    if _learn(set(text)):  # every character folds to one: offsets are unchanged
        return text.translate(_ONE_TO_ONE), None
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            chars.append(ch.lower())
            index.append(i)
            continue
        folded = fold_char(ch)
        for c in folded:
            chars.append(c)
            index.append(i)
    return "".join(chars), index


@dataclass(slots=True)
class Normalised:
    """A normalised prompt: ``text`` plus what is needed to map its spans to the original."""

    text: str
    original: str
    folded: str
    _starts: list[int] | None
    _positions: list[int | list[int]] | None
    _fold_index: list[int] | None
    ambiguous: bool = False
    _detach: bool = True

    def build_map(self) -> None:
        """Build the token map the fast path skipped (idempotent).

        The fast path is taken only when no tokens are joined, so each token is one contiguous
        run of the folded text and the map is just where each run starts.
        """
        if self._starts is None or self._positions is None:
            positions: list[int | list[int]] = []
            starts: list[int] = []
            at = 0
            for m in _TOKEN.finditer(self.folded):
                positions.append(m.start())
                starts.append(at)
                at += m.end() - m.start() + 1
            self._starts, self._positions = starts, positions

    def token_positions(self) -> list[int | list[int]]:
        """Where each token of ``text`` lies in ``folded``: its start (a contiguous run) or one
        folded index per character."""
        self.build_map()
        assert self._positions is not None
        return self._positions

    def reading(self, tokens: list[tuple[str, int | list[int]]]) -> Normalised:
        """Another reading of the same prompt: ``(token, folded positions)`` pairs, mapped back to
        the original prompt like this one (the one way to build a derived reading)."""
        starts: list[int] = []
        at = 0
        for tok, _ in tokens:
            starts.append(at)
            at += len(tok) + 1
        return Normalised(
            " ".join(tok for tok, _ in tokens),
            self.original,
            self.folded,
            starts,
            [where for _, where in tokens],
            self._fold_index,
            False,
            self._detach,
        )

    def folded_pos(self, pos: int) -> int:
        """Folded-text index of normalised index ``pos`` (which must lie inside a token)."""
        self.build_map()
        assert self._starts is not None and self._positions is not None
        k = bisect_right(self._starts, pos) - 1
        where = self._positions[k]
        off = pos - self._starts[k]
        return where[off] if isinstance(where, list) else where + off

    def _orig(self, folded_pos: int) -> int:
        return folded_pos if self._fold_index is None else self._fold_index[folded_pos]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to a span of the original prompt."""
        text = self.text
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start >= end:
            return (0, 0)
        first = self.folded_pos(start)
        last = self.folded_pos(end - 1)
        o_start = self._orig(first)
        o_end = self._orig(last) + 1
        original = self.original
        while o_end < len(original) and _is_dropped(original[o_end]):
            o_end += 1  # keep trailing combining marks / zero-width chars with the match
        return (o_start, o_end)


def _is_dropped(ch: str) -> bool:
    return not ch.isascii() and fold_char(ch) == ""


def normalise(text: str, *, detach_articles: bool = True) -> Normalised:
    """Normalise ``text`` (see the module docstring) keeping a map back to original offsets.

    A run of spaced single letters that starts with ``a`` or ``i`` (``a n u d e``) is read as
    the word plus the rest (``a nude``); with ``detach_articles=False`` it is joined whole
    (``anude``). ``Normalised.ambiguous`` says whether the two readings differ, so a caller can
    match both.

    The common case (no run of spaced single letters) is a few C-level passes: fold (a no-op
    ``lower`` for ASCII), split into tokens with one regex, join, and decode leetspeak only in
    tokens that mix letters with ``0 1 3 4 5 7 @ $``; the offset map is then built only if a
    match needs it.
    """
    if text.isascii():
        folded = text.lower()
        tokens = folded.translate(_ASCII_SEPARATORS).split()
        joined = " ".join(tokens)
        if _ASCII_SPACED.search(f" {joined} ") is None:  # fastest path: no run of one-character tokens
            if not "".join(tokens).isalpha():  # digits, @ or $ somewhere: decode leetspeak where it mixes with letters
                joined = " ".join([t if t.isalpha() or t.isdigit() else _decode_leet(t) for t in tokens])
            return Normalised(joined, text, folded, None, None, None, False, detach_articles)
    folded, index = _fold(text)
    if _SPACED_RUN.search(folded) is None:  # fast path: nothing to join
        joined = " ".join(_TOKEN.findall(folded))
        if _HAS_LEET.search(joined):
            joined = _LEET_CANDIDATE.sub(_leet_sub, joined)
        return Normalised(joined, text, folded, None, None, index, False, detach_articles)
    tokens, starts, positions, ambiguous = _tokenise(folded, detach_articles)
    return Normalised(" ".join(tokens), text, folded, starts, positions, index, ambiguous, detach_articles)


def _leet_sub(match: re.Match[str]) -> str:
    return _decode_leet(match.group(0))


def _decode_leet(token: str) -> str:
    """Decode leetspeak in a token that has letters and is not a number with a unit."""
    if _HAS_LEET.search(token) and _HAS_ALPHA.search(token) and not _NUMBER_WITH_UNIT.fullmatch(token):
        return token.translate(_LEET_TABLE)
    return token


def collapse_stretched(norm: Normalised, keep: int) -> Normalised:
    """Another reading of ``norm`` where each run of 3+ identical letters is cut to ``keep`` letters.

    ``nuuuude`` becomes ``nude`` (keep=1) or ``nuude`` (keep=2: matched by the doubled-letter
    keys of the automaton); words with ordinary double letters (``coffee``) are untouched. The
    result maps back to the original prompt like ``norm``.
    """
    tokens: list[tuple[str, int | list[int]]] = []
    for tok, where in zip(norm.text.split(" ") if norm.text else [], norm.token_positions(), strict=False):
        if not _STRETCH.search(tok):
            tokens.append((tok, where))
            continue
        pos = where if isinstance(where, list) else list(range(where, where + len(tok)))
        chars: list[str] = []
        kept: list[int] = []
        i = 0
        while i < len(tok):
            j = i
            while j + 1 < len(tok) and tok[j + 1] == tok[i]:
                j += 1
            n = j - i + 1
            take = min(n, keep) if n >= 3 and tok[i].isalpha() else n
            chars.append(tok[i] * take)
            kept.extend(
                pos[i : i + take - 1] + [pos[j]] if take < n else pos[i : j + 1]
            )  # last kept char at the run's end
            i = j + 1
        tokens.append(("".join(chars), kept))
    return norm.reading(tokens)


def _tokenise(folded: str, detach_articles: bool) -> tuple[list[str], list[int], list[int | list[int]], bool]:
    """Steps 2-4 with positions: tokens, their start in the joined text, their folded positions."""
    spans = [m.span() for m in _TOKEN.finditer(folded)]
    tokens: list[str] = []
    positions: list[int | list[int]] = []
    i, n = 0, len(spans)
    ambiguous = False
    while i < n:
        s, e = spans[i]
        if e - s == 1:
            j = i
            gap = folded[spans[i][1] : spans[i + 1][0]] if i + 1 < n else ""
            while (
                j + 1 < n
                and spans[j + 1][1] - spans[j + 1][0] == 1
                and folded[spans[j][1] : spans[j + 1][0]] == gap
                and len(gap) <= _MAX_JOIN_GAP
            ):
                j += 1
            if j - i + 1 > _MIN_JOIN_RUN and folded[s] in _ARTICLES and gap.strip() == "":
                # "a n u d e": the leading "a" is probably a word; keep it apart unless told not to
                ambiguous = True
                if detach_articles:
                    tokens.append(folded[s])
                    positions.append(s)
                    i += 1
                    s = spans[i][0]
            if j - i + 1 >= _MIN_JOIN_RUN:
                pos = [spans[k][0] for k in range(i, j + 1)]
                tokens.append("".join(folded[p] for p in pos))
                positions.append(pos)
                i = j + 1
                continue
        tokens.append(folded[s:e])
        positions.append(s)
        i += 1
    starts: list[int] = []
    at = 0
    for k, tok in enumerate(tokens):
        tokens[k] = _decode_leet(tok)
        starts.append(at)
        at += len(tok) + 1
    return tokens, starts, positions, ambiguous


def normalise_term(term: str) -> str:
    """Normalise a policy term or phrase exactly as prompts are normalised."""
    return normalise(term).text
