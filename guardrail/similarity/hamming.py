"""Hamming distance between binary codes: the one implementation every guardrail module uses.

``hamming_distance`` compares two packed codes (bytes); ``hamming_scan`` compares one query with
every row of a matrix of 64-bit words (the vectorised popcount behind the index and brute force).
"""

from __future__ import annotations

import numpy as np

from guardrail.errors import InputError

__all__ = ["hamming_distance", "hamming_scan", "popcount"]

_HAS_BITWISE_COUNT = hasattr(np, "bitwise_count")  # numpy >= 2.0; a byte table otherwise
_POPCOUNT8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def hamming_distance(a: bytes, b: bytes) -> int:
    """Number of differing bits between two packed codes of the same length.

    Codes of different lengths are different kinds (e.g. a 64-bit index code and a 256-bit
    verification code): comparing them is an error, not a distance.
    """
    if len(a) != len(b):
        raise InputError(
            f"codes differ in length ({len(a) * 8} vs {len(b) * 8} bits)",
            where="fingerprint",
            fix="compare codes of the same kind",
        )
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).bit_count()


def hamming_scan(words: np.ndarray, query_words: np.ndarray) -> np.ndarray:
    """Hamming distances from one query to every row (brute force, vectorised popcount).

    ``words`` is (n, w) uint64, ``query_words`` (w,) uint64; returns (n,) int64.
    """
    diff = words ^ query_words
    if _HAS_BITWISE_COUNT:
        return np.bitwise_count(diff).sum(axis=1, dtype=np.int64)
    return _POPCOUNT8[diff.view(np.uint8)].reshape(len(diff), -1).sum(axis=1, dtype=np.int64)


def popcount(values: np.ndarray) -> np.ndarray:
    """Bits set in each element of an unsigned integer array (uint8 counts, same shape)."""
    if _HAS_BITWISE_COUNT:
        return np.bitwise_count(values)
    values = np.ascontiguousarray(values)
    per_byte = _POPCOUNT8[values.view(np.uint8)].reshape(*values.shape, values.dtype.itemsize)
    return per_byte.sum(axis=-1, dtype=np.uint8)
