"""Nearest-neighbour search over binary codes by Hamming distance: multi-index hashing in numpy.

Each code is split into ``m`` substrings of 16 bits; every substring has an exact-match bucket
table (a counting sort: ``offsets`` + ``order``). By the pigeonhole principle a code within
``r`` bits of the query is within ``r // m`` bits of it on at least one substring, so a query
probes, per substring, every value within ``r // m`` bits of the query's substring, gathers the
candidates and verifies them with a vectorised popcount. When the probes would touch more than
a sixteenth of the rows, the index scans all rows (vectorised, still exact). New codes go to a small
tail that is scanned linearly and merged into the tables once it grows (amortised rebuilds);
removals are tombstones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

import numpy as np

from guardrail.errors import InputError

__all__ = ["HammingIndex", "hamming_scan"]

log = logging.getLogger(__name__)

_CHUNK_BITS = 16
_MIN_TAIL = 4096


@lru_cache(maxsize=32)
def _masks(width: int, radius: int) -> np.ndarray:
    """All ``width``-bit masks with at most ``radius`` bits set (as int64)."""
    values = np.arange(1 << width, dtype=np.int64)
    pop = np.bitwise_count(values.astype(np.uint64))
    return values[pop <= radius]


def _to_words(codes: np.ndarray, nbytes: int) -> np.ndarray:
    """Pad packed codes (n x nbytes uint8) to whole 64-bit words and view them as uint64."""
    nwords = (nbytes + 7) // 8
    if nwords * 8 != nbytes:
        padded = np.zeros((codes.shape[0], nwords * 8), dtype=np.uint8)
        padded[:, :nbytes] = codes
        codes = padded
    return np.ascontiguousarray(codes).view(np.uint64).reshape(codes.shape[0], nwords)


def hamming_scan(words: np.ndarray, query_words: np.ndarray) -> np.ndarray:
    """Hamming distances from one query to every row (brute force, vectorised popcount)."""
    return np.bitwise_count(words ^ query_words).sum(axis=1, dtype=np.int64)


class HammingIndex:
    """Exact k-nearest search within a radius over fixed-length binary codes (multi-index hashing)."""

    def __init__(self, bits: int) -> None:
        """Create an empty index for codes of ``bits`` bits (a positive multiple of 8)."""
        if bits <= 0 or bits % 8:
            raise InputError(f"bits must be a positive multiple of 8, got {bits}", where="bits", fix="use 64 or 256")
        self.bits = bits
        self.nbytes = bits // 8
        self._chunks = [(start, min(_CHUNK_BITS, bits - start)) for start in range(0, bits, _CHUNK_BITS)]
        self._ids = np.zeros(0, dtype=np.int64)
        self._codes = np.zeros((0, self.nbytes), dtype=np.uint8)
        self._words = _to_words(self._codes, self.nbytes)
        self._alive = np.zeros(0, dtype=bool)
        self._tables: list[tuple[np.ndarray, np.ndarray]] = []
        self._tail_ids: list[int] = []
        self._tail_codes: list[bytes] = []
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

    def add_many(self, ids: Iterable[int], codes: Iterable[bytes]) -> None:
        """Add many codes at once (fast path for bulk loads: rebuilds the tables once)."""
        ids_list = [int(i) for i in ids]
        codes_list = [self._check_code(c) for c in codes]
        if len(ids_list) != len(codes_list):
            raise InputError("ids and codes differ in length", where="add_many", fix="pass one code per id")
        if not ids_list:
            return
        existing = set(ids_list)
        if len(self):
            for i in existing & self._present_ids():
                self.remove(i)
        self._tail_ids.extend(ids_list)
        self._tail_codes.extend(codes_list)
        if len(self._tail_ids) >= max(_MIN_TAIL, len(self._ids) // 8):
            self._merge()

    def _present_ids(self) -> set[int]:
        return set(self._ids[self._alive].tolist()) | set(self._tail_ids)

    def _merge(self) -> None:
        """Fold the tail and drop tombstones, then rebuild the bucket tables."""
        tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
        ids = np.concatenate([self._ids[self._alive], np.asarray(self._tail_ids, dtype=np.int64)])
        codes = np.concatenate([self._codes[self._alive], tail])
        self._tail_ids, self._tail_codes = [], []
        self._build(ids, codes)

    def _build(self, ids: np.ndarray, codes: np.ndarray) -> None:
        self._ids = ids
        self._codes = np.ascontiguousarray(codes)
        self._words = _to_words(self._codes, self.nbytes)
        self._alive = np.ones(len(ids), dtype=bool)
        self._n_dead = 0
        self._tables = []
        for start, width in self._chunks:
            values = self._chunk_values(self._codes, start, width)
            order = np.argsort(values, kind="stable").astype(np.int64)
            counts = np.bincount(values, minlength=1 << width)
            offsets = np.zeros((1 << width) + 1, dtype=np.int64)
            np.cumsum(counts, out=offsets[1:])
            self._tables.append((offsets, order))
        log.debug("built Hamming index: %d codes, %d chunks", len(ids), len(self._chunks))

    @staticmethod
    def _chunk_values(codes: np.ndarray, start: int, width: int) -> np.ndarray:
        b = start // 8
        if width == 16:
            return (codes[:, b].astype(np.int64) << 8) | codes[:, b + 1].astype(np.int64)
        return codes[:, b].astype(np.int64)

    def remove(self, id: int) -> bool:  # noqa: A002
        """Remove ``id``; return whether it was present."""
        found = False
        if self._tail_ids and id in self._tail_ids:
            keep = [k for k, i in enumerate(self._tail_ids) if i != id]
            self._tail_ids = [self._tail_ids[k] for k in keep]
            self._tail_codes = [self._tail_codes[k] for k in keep]
            found = True
        hits = np.flatnonzero((self._ids == id) & self._alive)
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

    def _candidates(self, query: np.ndarray, radius: int) -> np.ndarray | None:
        """Row positions sharing a substring within ``radius // m`` bits; None if a scan is cheaper."""
        per_chunk = radius // len(self._chunks)
        q = query[None, :]
        starts_all, lengths_all, orders = [], [], []
        total = 0
        for (start, width), (offsets, order) in zip(self._chunks, self._tables, strict=True):
            if per_chunk >= width:
                return None
            v = int(self._chunk_values(q, start, width)[0])
            probes = v ^ _masks(width, per_chunk)
            starts = offsets[probes]
            lengths = offsets[probes + 1] - starts
            total += int(lengths.sum())
            if total > len(self._ids) // 16:
                return None
            starts_all.append(starts)
            lengths_all.append(lengths)
            orders.append(order)
        pieces = []
        for starts, lengths, order in zip(starts_all, lengths_all, orders, strict=True):
            n = int(lengths.sum())
            if n == 0:
                continue
            shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
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
        "scan" forces the brute-force popcount scan (the benchmark baseline). Both are exact.
        """
        code = self._check_code(code)
        if k <= 0 or max_distance < 0:
            return []
        query = np.frombuffer(code, dtype=np.uint8)
        qwords = _to_words(query[None, :], self.nbytes)[0]
        found_ids: list[np.ndarray] = []
        found_d: list[np.ndarray] = []
        if len(self._ids):
            positions = None if strategy == "scan" else self._candidates(query, max_distance)
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
            tail = np.frombuffer(b"".join(self._tail_codes), dtype=np.uint8).reshape(-1, self.nbytes)
            dist = hamming_scan(_to_words(tail, self.nbytes), qwords)
            keep = dist <= max_distance
            found_ids.append(np.asarray(self._tail_ids, dtype=np.int64)[keep])
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
