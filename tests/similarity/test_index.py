"""HammingIndex: exact radius search, same answers as a brute-force scan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardrail.errors import InputError
from guardrail.similarity.index import HammingIndex


def _flip_bits(code: bytes, positions: list[int]) -> bytes:
    arr = bytearray(code)
    for p in positions:
        arr[p // 8] ^= 0x80 >> (p % 8)
    return bytes(arr)


@pytest.fixture(scope="module")
def random_codes() -> np.ndarray:
    return np.random.default_rng(7).integers(0, 256, size=(20_000, 8), dtype=np.uint8)


@pytest.fixture(scope="module")
def filled(random_codes: np.ndarray) -> HammingIndex:
    index = HammingIndex(64)
    index.add_many(range(len(random_codes)), [c.tobytes() for c in random_codes])
    return index


def test_finds_planted_neighbour_at_exact_distance(filled: HammingIndex, random_codes: np.ndarray) -> None:
    query = _flip_bits(random_codes[42].tobytes(), [0, 17, 33, 63, 5, 50])
    hits = filled.search(query, k=1, max_distance=8)
    assert hits == [(42, 6)]


@pytest.mark.parametrize("radius", [0, 3, 8, 12, 16, 20])
def test_multi_index_matches_brute_force(filled: HammingIndex, random_codes: np.ndarray, radius: int) -> None:
    rng = np.random.default_rng(radius)
    for row in rng.integers(0, len(random_codes), size=10):
        query = _flip_bits(random_codes[row].tobytes(), list(rng.choice(64, size=radius // 2, replace=False)))
        mih = filled.search(query, k=50, max_distance=radius, strategy="mih")
        scan = filled.search(query, k=50, max_distance=radius, strategy="scan")
        assert mih == scan
        assert (int(row), radius // 2) in mih or any(d < radius // 2 for _, d in mih)


def test_results_sorted_and_capped_at_k() -> None:
    index = HammingIndex(64)
    base = bytes(8)
    index.add_many([1, 2, 3, 4], [_flip_bits(base, list(range(n))) for n in (3, 1, 2, 0)])
    assert index.search(base, k=3, max_distance=64) == [(4, 0), (2, 1), (3, 2)]
    assert index.search(base, k=10, max_distance=1) == [(4, 0), (2, 1)]


def test_remove_and_replace() -> None:
    index = HammingIndex(64)
    index.add(1, bytes(8))
    index.add(2, b"\xff" * 8)
    assert len(index) == 2
    assert index.remove(1) is True
    assert index.remove(1) is False
    assert index.search(bytes(8), k=5, max_distance=10) == []
    index.add(2, bytes(8))  # replaces id 2's code
    assert len(index) == 1
    assert index.search(bytes(8), k=5, max_distance=0) == [(2, 0)]


def test_remove_after_merge_into_tables(random_codes: np.ndarray) -> None:
    index = HammingIndex(64)
    index.add_many(range(5000), [c.tobytes() for c in random_codes[:5000]])  # past the tail size: merged
    assert index.search(random_codes[10].tobytes(), k=1, max_distance=0) == [(10, 0)]
    index.remove(10)
    assert index.search(random_codes[10].tobytes(), k=1, max_distance=0) == []
    assert len(index) == 4999


def test_search_many_keeps_best_distance_per_id() -> None:
    index = HammingIndex(64)
    index.add(7, bytes(8))
    hits = index.search_many([_flip_bits(bytes(8), [1, 2, 3]), _flip_bits(bytes(8), [9])], k=5, max_distance=5)
    assert hits == [(7, 1)]


def test_256_bit_codes_supported() -> None:
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 256, size=(3000, 32), dtype=np.uint8)
    index = HammingIndex(256)
    index.add_many(range(3000), [c.tobytes() for c in codes])
    query = _flip_bits(codes[5].tobytes(), list(range(0, 200, 10)))
    assert index.search(query, k=1, max_distance=31, strategy="mih") == [(5, 20)]


def test_wrong_code_length_is_an_input_error() -> None:
    index = HammingIndex(64)
    with pytest.raises(InputError):
        index.add(1, b"\x00" * 4)
    with pytest.raises(InputError):
        HammingIndex(12)


def test_bulk_array_load_matches_incremental(random_codes: np.ndarray, filled: HammingIndex) -> None:
    bulk = HammingIndex(64)
    bulk.add_many(np.arange(len(random_codes)), random_codes)
    assert len(bulk) == len(filled)
    for row in (0, 999, 19_999):
        query = _flip_bits(random_codes[row].tobytes(), [3, 40])
        assert bulk.search(query, k=5, max_distance=11) == filled.search(query, k=5, max_distance=11)
    with pytest.raises(InputError):
        bulk.add_many([1], np.zeros((1, 4), dtype=np.uint8))


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.binary(min_size=8, max_size=8), min_size=1, max_size=60),
    removed=st.sets(st.integers(0, 59), max_size=10),
    query=st.binary(min_size=8, max_size=8),
    radius=st.integers(0, 24),
)
def test_search_equals_definition_after_adds_and_removes(
    rows: list[bytes], removed: set[int], query: bytes, radius: int
) -> None:
    index = HammingIndex(64)
    # bulk array load builds the substring tables directly (no linear tail), then one more in the tail
    index.add_many(np.arange(len(rows) - 1), np.frombuffer(b"".join(rows[:-1]), dtype=np.uint8).reshape(-1, 8))
    index.add(len(rows) - 1, rows[-1])
    for i in removed:
        index.remove(i)
    expected = sorted(
        (
            (i, bin(int.from_bytes(code, "big") ^ int.from_bytes(query, "big")).count("1"))
            for i, code in enumerate(rows)
            if i not in removed
        ),
        key=lambda pair: (pair[1], pair[0]),
    )
    expected = [pair for pair in expected if pair[1] <= radius][:5]
    assert index.search(query, k=5, max_distance=radius, strategy="mih") == expected
    assert index.search(query, k=5, max_distance=radius) == expected


def test_byte_table_popcount_agrees_with_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    from guardrail.similarity import hamming as module

    words = np.random.default_rng(3).integers(0, 2**63, size=(50, 4), dtype=np.uint64)
    expected = module.hamming_scan(words, words[7])
    filters = words[:, 0].astype(np.uint32)  # the index's 32-bit filter values
    counts = module.popcount(filters)
    monkeypatch.setattr(module, "_HAS_BITWISE_COUNT", False)  # the numpy < 2.0 path
    assert np.array_equal(module.hamming_scan(words, words[7]), expected)
    assert expected[7] == 0
    assert np.array_equal(module.popcount(filters), counts)
    assert counts.tolist() == [bin(int(v)).count("1") for v in filters]
