"""Nearest-neighbour search over binary codes by Hamming distance: multi-index hashing in numpy.

Each code is split into ``m`` substrings of about log2(n) bits (so a substring bucket holds ~1
code on random data); each substring has a sorted table of values. By the pigeonhole principle a
code within ``r`` bits of the query is within ``r // m`` bits of it on at least one substring, so
a query probes, per substring, every value within ``r // m`` bits of the query's substring
(``np.searchsorted``), gathers the candidates and verifies them with a vectorised popcount. When
the probes would touch many rows anyway, the index scans all rows (vectorised, still exact). New
codes go to a small tail that is scanned linearly and merged into the tables once it grows
(amortised rebuilds, which also re-pick ``m``); removals are tombstones.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import combinations
from math import comb
from typing import Literal

import numpy as np

from guardrail.errors import InputError
from guardrail.similarity.hamming import hamming_scan

__all__ = ["HammingIndex", "hamming_scan"]

log = logging.getLogger(__name__)

_MIN_TAIL = 4096
_SCAN_BELOW = 50_000  # "auto" scans indexes smaller than this (measured faster than probing)
_MAX_PROBES = 50_000  # per query, over all substrings; past it a scan is cheaper


@lru_cache(maxsize=64)
def _masks(width: int, radius: int) -> np.ndarray:
    """All ``width``-bit masks with at most ``radius`` bits set (as int64), fewest bits first."""
    masks = [0]
    for r in range(1, radius + 1):
        masks.extend(sum(1 << b for b in combo) for combo in combinations(range(width), r))
    return np.asarray(masks, dtype=np.int64)


def _n_masks(width: int, radius: int) -> int:
    return sum(comb(width, r) for r in range(radius + 1))


def _layout(bits: int, n: int) -> list[tuple[int, int]]:
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
    return out


def _to_words(codes: np.ndarray, nbytes: int) -> np.ndarray:
    """Pad packed codes (n x nbytes uint8) to whole 64-bit words and view them as uint64."""
    nwords = (nbytes + 7) // 8
    if nwords * 8 != nbytes:
        padded = np.zeros((codes.shape[0], nwords * 8), dtype=np.uint8)
        padded[:, :nbytes] = codes
        codes = padded
    return np.ascontiguousarray(codes).view(np.uint64).reshape(codes.shape[0], nwords)


def _distinct(ids: np.ndarray) -> bool:
    """No id twice (ids loaded in order need no sort; np.unique's hashing is slow on millions)."""
    if ids.size > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        ids = np.sort(ids)
        return bool(np.all(ids[1:] != ids[:-1]))
    return True


class HammingIndex:
    """Exact k-nearest search within a radius over fixed-length binary codes (multi-index hashing)."""

    def __init__(self, bits: int) -> None:
        """Create an empty index for codes of ``bits`` bits (a positive multiple of 8)."""
        if bits <= 0 or bits % 8:
            raise InputError(f"bits must be a positive multiple of 8, got {bits}", where="bits", fix="use 64 or 256")
        self.bits = bits
        self.nbytes = bits // 8
        self._chunks: list[tuple[int, int]] = _layout(bits, 0)
        self._ids = np.zeros(0, dtype=np.int64)
        self._codes = np.zeros((0, self.nbytes), dtype=np.uint8)
        self._words = _to_words(self._codes, self.nbytes)
        self._alive = np.zeros(0, dtype=bool)
        self._tables: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted substring values, row order)
        self._tail_ids: list[int] = []
        self._tail_codes: list[bytes] = []
        self._tail_pos: dict[int, list[int]] = {}  # tail id -> its positions in the tail
        self._tail_cache: tuple[np.ndarray, np.ndarray] | None = None  # (ids, words) of the tail, built on search
        self._sorted_ids = self._ids  # ids in ascending order (a view of _ids when they were added in order)
        self._id_order: np.ndarray | None = None  # row positions in id order; None when _ids is already sorted
        self._n_dead = 0

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

    def add_many(self, ids: Iterable[int], codes: Iterable[bytes] | np.ndarray) -> None:
        """Add many codes at once (bulk loads rebuild the tables once).

        ``codes`` may be an (n, bits/8) uint8 array: the fastest path for large loads.
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
            if len(self) == 0 and _distinct(ids_arr):
                self._build(ids_arr, codes.copy())
                return
            codes = [row.tobytes() for row in codes]
            ids = ids_arr.tolist()
        ids_list = [int(i) for i in ids]
        codes_list = [self._check_code(c) for c in codes]
        if len(ids_list) != len(codes_list):
            raise InputError("ids and codes differ in length", where="add_many", fix="pass one code per id")
        if not ids_list:
            return
        if len(self):
            for i in set(ids_list):  # replaced ids: O(log n) each (sorted ids + the tail's dict), never a scan
                if self._is_present(i):
                    self.remove(i)
        for i in ids_list:
            self._tail_pos.setdefault(i, []).append(len(self._tail_ids))
            self._tail_ids.append(i)
        self._tail_codes.extend(codes_list)
        self._tail_cache = None
        if len(self._tail_ids) >= max(_MIN_TAIL, len(self._ids) // 8):
            self._merge()

    def _is_present(self, id: int) -> bool:  # noqa: A002
        return id in self._tail_pos or bool(self._positions(id).size)

    def _positions(self, id: int) -> np.ndarray:  # noqa: A002
        """Live row positions holding ``id`` (binary search over the ids sorted at the last build)."""
        lo, hi = np.searchsorted(self._sorted_ids, [id, id + 1])
        if lo == hi:
            return np.zeros(0, dtype=np.int64)
        pos = np.arange(lo, hi) if self._id_order is None else self._id_order[lo:hi]
        return pos[self._alive[pos]]

    def _merge(self) -> None:
        """Fold the tail and drop tombstones, then rebuild the bucket tables."""
        tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
        ids = np.concatenate([self._ids[self._alive], np.asarray(self._tail_ids, dtype=np.int64)])
        codes = np.concatenate([self._codes[self._alive], tail])
        self._tail_ids, self._tail_codes, self._tail_pos, self._tail_cache = [], [], {}, None
        self._build(ids, codes)

    def _build(self, ids: np.ndarray, codes: np.ndarray) -> None:
        self._ids = ids
        self._codes = np.ascontiguousarray(codes)
        self._words = _to_words(self._codes, self.nbytes)
        self._alive = np.ones(len(ids), dtype=bool)
        self._n_dead = 0
        if len(ids) < 2 or bool(np.all(ids[1:] > ids[:-1])):  # loaded in id order: no sort, no extra array
            self._sorted_ids, self._id_order = ids, None
        else:
            self._id_order = np.argsort(ids, kind="stable")
            self._sorted_ids = ids[self._id_order]
        self._chunks = _layout(self.bits, len(ids))
        self._tables = []
        for start, width in self._chunks:
            values = self._chunk_values(self._codes, start, width).astype(np.uint32)  # substrings are <= 32 bits
            order = np.argsort(values).astype(
                np.int32 if len(ids) < 2**31 else np.int64
            )  # order within a bucket is free
            self._tables.append((values[order], order))
        log.debug("built Hamming index: %d codes, substrings %s", len(ids), [w for _, w in self._chunks])

    @staticmethod
    def _chunk_values(codes: np.ndarray, start: int, width: int) -> np.ndarray:
        """The ``width``-bit substring starting at bit ``start`` of every row, as int64."""
        first, last = start // 8, (start + width - 1) // 8
        acc = np.zeros(codes.shape[0], dtype=np.int64)
        for b in range(first, last + 1):
            acc = (acc << 8) | codes[:, b].astype(np.int64)
        span = (last - first + 1) * 8
        return (acc >> (span - (start % 8) - width)) & ((1 << width) - 1)

    def remove(self, id: int) -> bool:  # noqa: A002
        """Remove ``id``; return whether it was present."""
        found = False
        if id in self._tail_pos:
            drop = set(self._tail_pos.pop(id))
            keep = [k for k in range(len(self._tail_ids)) if k not in drop]
            self._tail_ids = [self._tail_ids[k] for k in keep]
            self._tail_codes = [self._tail_codes[k] for k in keep]
            self._tail_pos = {}
            for k, i in enumerate(self._tail_ids):
                self._tail_pos.setdefault(i, []).append(k)
            self._tail_cache = None
            found = True
        hits = self._positions(id)
        if hits.size:
            self._alive[hits] = False
            self._n_dead += int(hits.size)
            found = True
        return found

    def __len__(self) -> int:
        """Number of codes currently searchable."""
        return int(self._alive.sum()) + len(self._tail_ids)

    # ------------------------------------------------------------------ search
    def free_radius(self, max_distance: int) -> int:
        """Largest radius whose multi-index search costs the same probes as ``max_distance``."""
        m = len(self._chunks)
        return m * (max_distance // m + 1) - 1

    @property
    def substrings(self) -> list[int]:
        """Bit widths of the substrings the tables are keyed on (re-picked at each rebuild)."""
        return [w for _, w in self._chunks]

    def _candidates(self, query: np.ndarray, radius: int) -> np.ndarray | None:
        """Row positions sharing a substring within ``radius // m`` bits; None if a scan is cheaper."""
        per_chunk = radius // len(self._chunks)
        if sum(_n_masks(w, min(per_chunk, w)) for _, w in self._chunks) > _MAX_PROBES:
            return None
        q = query[None, :]
        spans = []
        total = 0
        for (start, width), (values, order) in zip(self._chunks, self._tables, strict=True):
            v = int(self._chunk_values(q, start, width)[0])
            probes = (v ^ _masks(width, min(per_chunk, width))).astype(values.dtype)  # same dtype: no copy of the table
            lo = np.searchsorted(values, probes, side="left")
            hi = np.searchsorted(values, probes, side="right")
            lengths = hi - lo
            total += int(lengths.sum())
            if total > len(self._ids) // 32:
                return None
            spans.append((lo, lengths, order))
        pieces = []
        for lo, lengths, order in spans:
            n = int(lengths.sum())
            if n == 0:
                continue
            shift = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
            pieces.append(order[shift + np.arange(n)])
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(pieces))

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
        query = np.frombuffer(code, dtype=np.uint8)
        qwords = _to_words(query[None, :], self.nbytes)[0]
        found_ids: list[np.ndarray] = []
        found_d: list[np.ndarray] = []
        if len(self._ids):
            small = strategy == "auto" and len(self._ids) < _SCAN_BELOW  # a scan is faster on small indexes
            positions = None if strategy == "scan" or small else self._candidates(query, max_distance)
            if positions is None:
                dist = hamming_scan(self._words, qwords)
                keep = (dist <= max_distance) & self._alive
                found_ids.append(self._ids[keep])
                found_d.append(dist[keep])
            elif positions.size:
                positions = positions[self._alive[positions]]
                dist = hamming_scan(self._words[positions], qwords)
                keep = dist <= max_distance
                found_ids.append(self._ids[positions[keep]])
                found_d.append(dist[keep])
        if self._tail_ids:
            if self._tail_cache is None:  # rebuilt once after adds, not per search
                tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
                self._tail_cache = (np.asarray(self._tail_ids, dtype=np.int64), _to_words(tail.copy(), self.nbytes))
            tail_ids, tail_words = self._tail_cache
            dist = hamming_scan(tail_words, qwords)
            keep = dist <= max_distance
            found_ids.append(tail_ids[keep])
            found_d.append(dist[keep])
        if not found_ids:
            return []
        ids = np.concatenate(found_ids)
        dists = np.concatenate(found_d)
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
