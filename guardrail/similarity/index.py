"""Nearest-neighbour search over binary codes by Hamming distance: multi-index hashing in numpy.

Each code is split into ``m`` substrings of about log2(n) bits (so a substring bucket holds ~1
code on random data). By the pigeonhole principle a code within ``r`` bits of the query is within
``r // m`` bits of it on at least one substring, so a query probes, per substring, every value
within ``r // m`` bits of the query's substring, gathers the candidates and verifies them with a
vectorised popcount (more tightly: it is within t_j bits on some substring j whenever the t_j + 1
sum to more than ``r``, so clustered segments probe one substring a bit less when that suffices:
``Segment.thresholds``). When the probes would touch many rows anyway, the index scans all rows
(vectorised, still exact).

Layout (docs/scaling.md): codes are held in immutable *segments*. A segment keeps its codes as
64-bit words (8 bytes per 64-bit code), its ids (8 bytes) and, per substring, a bucket directory:
``2**b + 1`` offsets keyed on the substring's first ``b`` bits (b about log2(n), at most 24), so a
probe is two array reads, not a binary search. Rows are sorted by their first substring's bucket
(a probe of that substring reads consecutive codes); every other substring keeps the rows in its
bucket order (4 bytes) and, beside each, 32 bits of the code outside that substring (4 bytes): a
lower bound of the distance read from consecutive memory refuses most candidates before their
codes are read at random places. A 64-bit code in a segment of millions (3 substrings) costs 32
bytes. A segment built on a caller's arrays (``share=True``) keeps their order and only the bucket
orders (8 + 8 + 3 x 4 bytes). Buckets are grouped by one sort of (value, row) keys, not an argsort.

New codes go to a small tail, scanned linearly; a full tail becomes a new segment, and segments
of similar size are merged (sizes stay geometric: O(log n) segments, each code rebuilt O(log n)
times over the index's life, never the whole index on one add). Removals are tombstones (a live
mask allocated on the first removal) dropped when their segment is next merged. Segments can be
written to one file and memory-mapped back (``guardrail.similarity.index_file``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from math import comb
from typing import Literal

import numpy as np

from guardrail.errors import InputError
from guardrail.similarity.hamming import hamming_scan, popcount

__all__ = ["HammingIndex", "hamming_scan"]

log = logging.getLogger(__name__)

_MIN_TAIL = 4096  # a tail this long becomes a segment
_SCAN_BELOW = 50_000  # "auto" scans segments smaller than this (measured faster than probing)
_MAX_PROBES = 50_000  # per query, over all substrings; past it a scan is cheaper
KEY_BITS = 24  # bucket directories are keyed on at most this many bits of a substring (64 MB at most)
FILTER_BITS = 32  # bits of a code outside a substring kept beside its bucket slot (clustered segments)


@lru_cache(maxsize=64)
def _masks(width: int, radius: int) -> np.ndarray:
    """All ``width``-bit masks with at most ``radius`` bits set (as uint64), fewest bits first."""
    masks = [0]
    for r in range(1, radius + 1):
        masks.extend(sum(1 << b for b in combo) for combo in combinations(range(width), r))
    return np.asarray(masks, dtype=np.uint64)


def _n_masks(width: int, radius: int) -> int:
    return sum(comb(width, r) for r in range(radius + 1))


def _layout(bits: int, n: int) -> tuple[tuple[int, int], ...]:
    """Split ``bits`` into substrings of about log2(n) bits (between 8 and 32)."""
    width = min(32, max(8, math.ceil(math.log2(max(n, 2)))))
    m = max(1, min(bits // 8, round(bits / width)))
    while bits / m > 32:
        m += 1
    sizes = [bits // m + (1 if i < bits % m else 0) for i in range(m)]
    out, start = [], 0
    for size in sizes:
        out.append((start, size))
        start += size
    return tuple(out)


def _to_words(codes: np.ndarray, nbytes: int) -> np.ndarray:
    """Pad packed codes (n x nbytes uint8) to whole 64-bit words and view them as uint64 (no copy
    when already whole words and contiguous)."""
    nwords = (nbytes + 7) // 8
    if nwords * 8 != nbytes:
        padded = np.zeros((codes.shape[0], nwords * 8), dtype=np.uint8)
        padded[:, :nbytes] = codes
        codes = padded
    return np.ascontiguousarray(codes).view(np.uint64).reshape(codes.shape[0], nwords)


def _key_bits(n: int) -> int:
    """Bits a bucket directory is keyed on for ``n`` codes: about log2(n) (a directory no larger than
    the codes; a bucket then holds ~1 code on random data), at most KEY_BITS."""
    return min(KEY_BITS, max(8, math.ceil(math.log2(max(n, 2)))))


def _substring(words: np.ndarray, start: int, width: int) -> np.ndarray:
    """Bits ``start .. start+width`` (bit 0 = the first bit of the packed code) of every row, as uint64."""
    j, offset = divmod(start, 64)
    hi = words[:, j].byteswap()  # packed bytes are big-endian bit strings; the words are little-endian
    if offset + width <= 64:
        return (hi >> np.uint64(64 - offset - width)) & np.uint64((1 << width) - 1)
    low_bits = offset + width - 64
    lo = words[:, j + 1].byteswap() >> np.uint64(64 - low_bits)
    return ((hi & np.uint64((1 << (64 - offset)) - 1)) << np.uint64(low_bits)) | lo


def _dedup(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort, not np.unique: its hashing is ~10x slower on 50k ints)."""
    if values.size < 2:
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _distinct(ids: np.ndarray) -> bool:
    """No id twice (ids loaded in order need no sort; np.unique's hashing is slow on millions)."""
    if ids.size > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        ids = np.sort(ids)
        return bool(np.all(ids[1:] != ids[:-1]))
    return True


def _bucket_table(values: np.ndarray, key_bits: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, order) of one substring: rows grouped by their value's first ``key_bits`` bits (rows
    ascending within a bucket)."""
    n = len(values)
    keys = (values >> np.uint64(shift)).astype(np.uint32)  # key_bits <= 24
    del values
    odtype = np.uint32 if n < 2**32 else np.int64
    offsets = np.zeros((1 << key_bits) + 1, dtype=odtype)
    np.cumsum(np.bincount(keys, minlength=1 << key_bits), out=offsets[1:])
    if n < 2**32:
        packed = keys.astype(np.uint64)  # one sort of (key << 32 | row): no argsort
        del keys
        packed <<= np.uint64(32)
        packed |= np.arange(n, dtype=np.uint64)
        packed.sort()
        order = packed.astype(np.uint32)  # the low 32 bits: rows, in key order
    else:  # pragma: no cover - four billion codes in one segment
        order = np.argsort(keys, kind="stable")
    return offsets, order


def _filter_values(words: np.ndarray, bits: int, start: int, width: int) -> np.ndarray | None:
    """Up to FILTER_BITS bits of every row taken outside the substring ``start .. start+width`` (the first
    ones before it, then after it), as uint32; None when the substring is the whole code."""
    before = min(start, FILTER_BITS)
    after = min(FILTER_BITS - before, bits - start - width)
    if before + after == 0:
        return None
    out = np.zeros(len(words), dtype=np.uint64)
    if before:
        out |= _substring(words, 0, before) << np.uint64(after)
    if after:
        out |= _substring(words, start + width, after)
    return out.astype(np.uint32)


@lru_cache(maxsize=64)
def _mask_weights(width: int, radius: int) -> np.ndarray:
    """Bits set in each of ``_masks(width, radius)`` (what a probe's bucket differs from the query by)."""
    return popcount(_masks(width, radius))


@dataclass
class Table:
    """The bucket directory of one substring. ``offsets`` (2**b + 1) delimit the buckets. ``order`` maps a
    bucket slot to its row (None: the rows themselves are in this substring's bucket order). ``filter`` holds,
    per slot, FILTER_BITS bits of that row's code outside the substring (None: not kept), so most candidates
    are refused by reading consecutive memory instead of their codes at random places."""

    offsets: np.ndarray
    order: np.ndarray | None = None
    filter: np.ndarray | None = None


@dataclass
class Segment:
    """Immutable codes with their bucket directories (``live`` is the only thing that changes).

    Two layouts. *Clustered* (what the index builds): rows are sorted by their first substring's
    bucket, so that substring needs no ``order`` (a probe reads a run of consecutive codes), and every
    other substring keeps ``order`` and a ``filter`` copy: 8 + 8 + (m - 1) x 8 bytes per 64-bit code
    (32 with 3 substrings). *Shared* (``add_many(..., share=True)``): rows stay in the caller's order
    (its arrays are held, not copied), every substring keeps ``order`` and no filter: 8 + 8 + m x 4.
    """

    ids: np.ndarray  # (n,) int64
    words: np.ndarray  # (n, words per code) uint64
    bits: int
    chunks: tuple[tuple[int, int], ...]  # (start bit, width) per substring
    tables: list[Table]
    id_min: int = 0
    id_max: int = -1
    ids_sorted: bool = True  # ids ascending (binary search finds them); else found by a range scan
    live: np.ndarray | None = None  # None: every row live
    dead: int = 0

    @classmethod
    def build(cls, ids: np.ndarray, words: np.ndarray, bits: int, *, clustered: bool = True) -> Segment:
        n = len(ids)
        chunks = _layout(bits, n)
        key_bits = _key_bits(n)
        tables = []
        for j, (start, width) in enumerate(chunks):
            used = min(width, key_bits)
            offsets, order = _bucket_table(_substring(words, start, width), used, width - used)
            if j == 0 and clustered:
                ids, words = ids[order], words[order]  # rows in this substring's bucket order: no order array
                tables.append(Table(offsets))
                continue
            values = _filter_values(words, bits, start, width) if clustered else None
            tables.append(Table(offsets, order, None if values is None else values[order]))
        seg = cls(ids=ids, words=words, bits=bits, chunks=chunks, tables=tables)
        seg.describe_ids()
        log.debug("built Hamming segment: %d codes, substrings %s", n, [w for _, w in chunks])
        return seg

    def describe_ids(self) -> None:
        """Record the ids' range and whether they are ascending (one pass; ids found by id later use it)."""
        if len(self.ids):
            self.id_min, self.id_max = int(self.ids.min()), int(self.ids.max())
            self.ids_sorted = len(self.ids) < 2 or bool(np.all(self.ids[1:] > self.ids[:-1]))

    def __len__(self) -> int:
        return len(self.ids) - self.dead

    def nbytes(self) -> int:
        arrays = [self.ids, self.words, self.live]
        arrays += [a for t in self.tables for a in (t.offsets, t.order, t.filter)]
        return sum(int(a.nbytes) for a in arrays if a is not None)

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Live row positions holding any of ``ids``: a binary search when the segment's ids are ascending,
        else one pass over the ids within the range asked (a removal is rare: no id order is kept)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not ids.size or not len(self.ids) or int(ids.max()) < self.id_min or int(ids.min()) > self.id_max:
            return np.zeros(0, dtype=np.int64)
        if self.ids_sorted:
            lo = np.searchsorted(self.ids, ids, side="left")
            hi = np.searchsorted(self.ids, ids, side="right")
            lengths = hi - lo
            pos = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        else:
            near = np.flatnonzero((self.ids >= ids.min()) & (self.ids <= ids.max()))
            pos = near[np.isin(self.ids[near], ids)]
        return pos if self.live is None else pos[self.live[pos]]

    def kill(self, positions: np.ndarray) -> None:
        if self.live is None:
            self.live = np.ones(len(self.ids), dtype=bool)
        self.live[positions] = False
        self.dead = int(len(self.ids) - self.live.sum())

    def live_rows(self) -> tuple[np.ndarray, np.ndarray]:
        if self.live is None:
            return self.ids, self.words
        return self.ids[self.live], self.words[self.live]

    def thresholds(self, radius: int) -> list[int]:
        """Bits each substring is probed within (-1: not probed). A code within ``radius`` is within t_j bits
        on some substring j whenever sum(t_j + 1) > radius (pigeonhole). Shared segments probe every
        substring within ``radius // m``; clustered ones lower that by one on the substrings expecting
        the most candidates until the sum is just enough (at radius 10 with 3 substrings: 3, 2, 3 instead
        of 3, 3, 3: a quarter fewer candidates)."""
        m = len(self.chunks)
        limits = [radius // m] * m
        if self.tables and self.tables[0].order is None:
            excess = m * (radius // m) - (radius + 1 - m)
            by_cost = sorted(range(m), key=lambda j: -_n_masks(self.chunks[j][1], radius // m) / 2 ** self.chunks[j][1])
            for j in by_cost[:excess]:
                limits[j] -= 1
        return [min(t, w) for t, (_, w) in zip(limits, self.chunks, strict=True)]

    def candidates(self, query_words: np.ndarray, radius: int) -> np.ndarray | None:
        """Row positions sharing a substring within its threshold (``thresholds``) and not refused by a
        filter (a row may come more than once); None if a scan is cheaper."""
        limits = self.thresholds(radius)
        if sum(_n_masks(w, t) for (_, w), t in zip(self.chunks, limits, strict=True) if t >= 0) > _MAX_PROBES:
            return None
        spans, total = [], 0
        for (start, width), table, limit in zip(self.chunks, self.tables, limits, strict=True):
            if limit < 0:
                continue
            value = _substring(query_words[None, :], start, width)[0]
            probes = value ^ _masks(width, limit)
            key_bits = len(table.offsets).bit_length() - 1  # the directory has 2**key_bits + 1 offsets
            weights = None
            if key_bits < width:
                probes = _dedup(probes >> np.uint64(width - key_bits))
            else:  # a bucket is one substring value: it differs from the query's by its mask's bits
                weights = _mask_weights(width, limit)
            probes = probes.astype(np.int64)
            lo = table.offsets[probes].astype(np.int64)
            lengths = table.offsets[probes + 1].astype(np.int64) - lo
            total += int(lengths.sum())
            if total > len(self.ids) // 32:
                return None
            spans.append((start, width, table, lo, lengths, weights))
        pieces = []
        for start, width, table, lo, lengths, weights in spans:
            n = int(lengths.sum())
            if not n:
                continue
            slots = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths) + np.arange(n)
            if table.filter is not None:  # a lower bound of the distance from consecutive memory
                query = _filter_values(query_words[None, :], self.bits, start, width)[0]  # type: ignore[index]
                bound = popcount(table.filter[slots] ^ query)
                if weights is not None:
                    bound = bound + np.repeat(weights, lengths)
                slots = slots[bound <= radius]
            pieces.append(slots if table.order is None else table.order[slots])
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(pieces)

    def search(self, query_words: np.ndarray, radius: int, strategy: str) -> tuple[np.ndarray, np.ndarray]:
        """(ids, distances) of the live rows within ``radius``."""
        small = strategy == "auto" and len(self.ids) < _SCAN_BELOW  # a scan is faster on small segments
        positions = None if strategy == "scan" or small else self.candidates(query_words, radius)
        if positions is None:
            dist = hamming_scan(self.words, query_words)
            keep = dist <= radius
            if self.live is not None:
                keep &= self.live
            return self.ids[keep], dist[keep]
        if self.live is not None:
            positions = positions[self.live[positions]]
        dist = hamming_scan(self.words[positions], query_words)
        keep = dist <= radius
        hits = _dedup(positions[keep])  # a row found through two substrings counts once (few rows here)
        return self.ids[hits], hamming_scan(self.words[hits], query_words)


class HammingIndex:
    """Exact k-nearest search within a radius over fixed-length binary codes (multi-index hashing)."""

    def __init__(self, bits: int) -> None:
        """Create an empty index for codes of ``bits`` bits (a positive multiple of 8)."""
        if bits <= 0 or bits % 8:
            raise InputError(f"bits must be a positive multiple of 8, got {bits}", where="bits", fix="use 64 or 256")
        self.bits = bits
        self.nbytes = bits // 8
        self.nwords = (self.nbytes + 7) // 8
        self.segments: list[Segment] = []
        self._tail_ids: list[int] = []
        self._tail_codes: list[bytes] = []
        self._tail_pos: dict[int, list[int]] = {}  # tail id -> its positions in the tail
        self._tail_cache: tuple[np.ndarray, np.ndarray] | None = None  # (ids, words) of the tail, built on search

    # ------------------------------------------------------------------ building
    def _check_code(self, code: bytes) -> bytes:
        if len(code) != self.nbytes:
            raise InputError(
                f"code has {len(code) * 8} bits, index holds {self.bits}-bit codes",
                where="code",
                fix="use fingerprints of the same kind as the index",
            )
        return bytes(code)

    def add(self, id: int, code: bytes) -> None:  # noqa: A002 - the contract's name
        """Add one code under ``id`` (an id already present is replaced)."""
        self.add_many([id], [code])

    def add_many(self, ids: Iterable[int], codes: Iterable[bytes] | np.ndarray, *, share: bool = False) -> None:
        """Add many codes at once (an id already present is replaced).

        ``codes`` may be an (n, bits/8) uint8 array: the fastest path for large loads (a bulk of
        at least 4,096 distinct ids becomes a segment at once, with no per-code Python objects).
        With ``share=True`` such a segment keeps the caller's id and code arrays instead of copies
        (the caller must never change them): a code table and its index then hold the codes once.
        """
        if isinstance(codes, np.ndarray):
            ids_arr = np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids, dtype=np.int64)
            if (
                codes.ndim != 2
                or codes.shape[1] != self.nbytes
                or codes.dtype != np.uint8
                or len(ids_arr) != len(codes)
            ):
                raise InputError(
                    f"codes array must be uint8 of shape (n, {self.nbytes}) with one id per row",
                    where="add_many",
                    fix="pass packed codes",
                )
            if len(ids_arr) >= _MIN_TAIL and _distinct(ids_arr):
                self._remove_many(ids_arr)
                # clustered: the build reorders (copies) the rows; shared: the caller's arrays are kept
                self._add_segment(Segment.build(ids_arr, _to_words(codes, self.nbytes), self.bits, clustered=not share))
                return
            codes = [row.tobytes() for row in codes]
            ids = ids_arr.tolist()
        ids_list = [int(i) for i in ids]
        codes_list = [self._check_code(c) for c in codes]
        if len(ids_list) != len(codes_list):
            raise InputError("ids and codes differ in length", where="add_many", fix="pass one code per id")
        if not ids_list:
            return
        self._remove_many(np.asarray(sorted(set(ids_list)), dtype=np.int64))
        for i in ids_list:
            self._tail_pos.setdefault(i, []).append(len(self._tail_ids))
            self._tail_ids.append(i)
        self._tail_codes.extend(codes_list)
        self._tail_cache = None
        if len(self._tail_ids) >= _MIN_TAIL:
            tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
            ids_arr = np.asarray(self._tail_ids, dtype=np.int64)
            self._tail_ids, self._tail_codes, self._tail_pos, self._tail_cache = [], [], {}, None
            self._add_segment(Segment.build(ids_arr, _to_words(tail.copy(), self.nbytes), self.bits))

    def _add_segment(self, segment: Segment) -> None:
        """Append a segment, then merge the newest two while the newer is at least half the older."""
        self.segments.append(segment)
        while len(self.segments) > 1 and 2 * len(self.segments[-1]) >= len(self.segments[-2]):
            newer = self.segments.pop()
            older = self.segments.pop()
            (ids_a, words_a), (ids_b, words_b) = older.live_rows(), newer.live_rows()
            self.segments.append(
                Segment.build(np.concatenate([ids_a, ids_b]), np.concatenate([words_a, words_b]), self.bits)
            )
        self.segments = [s for s in self.segments if len(s.ids)]

    def seal(self) -> None:
        """Turn the tail into a segment and rebuild segments holding tombstones (before saving)."""
        if self._tail_ids:
            tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
            ids = np.asarray(self._tail_ids, dtype=np.int64)
            self._tail_ids, self._tail_codes, self._tail_pos, self._tail_cache = [], [], {}, None
            self.segments.append(Segment.build(ids, _to_words(tail.copy(), self.nbytes), self.bits))
        self.segments = [Segment.build(*s.live_rows(), self.bits) if s.dead else s for s in self.segments if len(s)]

    def _remove_many(self, ids: np.ndarray) -> int:
        """Tombstone every row holding one of ``ids`` (sorted or not); return how many rows went."""
        removed = 0
        if self._tail_pos:
            drop = {k for i in ids.tolist() for k in self._tail_pos.get(i, ())}
            if drop:
                keep = [k for k in range(len(self._tail_ids)) if k not in drop]
                self._tail_ids = [self._tail_ids[k] for k in keep]
                self._tail_codes = [self._tail_codes[k] for k in keep]
                self._tail_pos = {}
                for k, i in enumerate(self._tail_ids):
                    self._tail_pos.setdefault(i, []).append(k)
                self._tail_cache = None
                removed += len(drop)
        for seg in self.segments:
            hits = seg.positions(ids)
            if hits.size:
                seg.kill(hits)
                removed += int(hits.size)
        return removed

    def remove(self, id: int) -> bool:  # noqa: A002
        """Remove ``id``; return whether it was present."""
        return self._remove_many(np.asarray([id], dtype=np.int64)) > 0

    def remove_many(self, ids: Iterable[int]) -> int:
        """Remove every code held under one of ``ids`` (one pass per segment); return how many went."""
        return self._remove_many(np.asarray(list(ids), dtype=np.int64))

    def __len__(self) -> int:
        """Number of codes currently searchable."""
        return sum(len(s) for s in self.segments) + len(self._tail_ids)

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays (memory-mapped ones included; the small tail left out)."""
        return sum(s.nbytes() for s in self.segments)

    # ------------------------------------------------------------------ search
    def free_radius(self, max_distance: int) -> int:
        """Largest radius whose multi-index search costs the same probes as ``max_distance`` (on
        every segment)."""
        radii = []
        for seg in self.segments or [None]:
            chunks = seg.chunks if seg is not None else _layout(self.bits, 0)
            limits = seg.thresholds(max_distance) if seg is not None else [max_distance // len(chunks)] * len(chunks)
            radii.append(sum(t + 1 for t in limits) - 1)  # the largest radius these thresholds still cover
        return max(max_distance, min(radii))

    @property
    def substrings(self) -> list[int]:
        """Bit widths of the largest segment's substrings (re-picked whenever a segment is built)."""
        if not self.segments:
            return [w for _, w in _layout(self.bits, 0)]
        return [w for _, w in max(self.segments, key=lambda s: len(s.ids)).chunks]

    def search(
        self,
        code: bytes,
        k: int,
        max_distance: int,
        *,
        strategy: Literal["auto", "mih", "scan"] = "auto",
    ) -> list[tuple[int, int]]:
        """Return up to ``k`` (id, distance) pairs within ``max_distance`` bits, nearest first.

        ``strategy`` "auto" uses multi-index hashing unless probing would touch most rows;
        "scan" forces the brute-force popcount scan (the benchmark baseline), "mih" forces probing
        when it is possible. All are exact.
        """
        code = self._check_code(code)
        if k <= 0 or max_distance < 0:
            return []
        qwords = _to_words(np.frombuffer(code, dtype=np.uint8)[None, :], self.nbytes)[0]
        found = [seg.search(qwords, max_distance, strategy) for seg in self.segments]
        if self._tail_ids:
            if self._tail_cache is None:  # rebuilt once after adds, not per search
                tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
                self._tail_cache = (np.asarray(self._tail_ids, dtype=np.int64), _to_words(tail.copy(), self.nbytes))
            tail_ids, tail_words = self._tail_cache
            dist = hamming_scan(tail_words, qwords)
            keep = dist <= max_distance
            found.append((tail_ids[keep], dist[keep]))
        if not found:
            return []
        ids = np.concatenate([f[0] for f in found])
        dists = np.concatenate([f[1] for f in found])
        order = np.lexsort((ids, dists))[:k]
        return [(int(ids[i]), int(dists[i])) for i in order]

    def search_many(self, codes: Sequence[bytes], k: int, max_distance: int) -> list[tuple[int, int]]:
        """Search with several codes of one image (e.g. it and its mirror); best distance per id."""
        best: dict[int, int] = {}
        for code in codes:
            for id_, dist in self.search(code, k, max_distance):
                if dist < best.get(id_, max_distance + 1):
                    best[id_] = dist
        return sorted(best.items(), key=lambda item: (item[1], item[0]))[:k]
