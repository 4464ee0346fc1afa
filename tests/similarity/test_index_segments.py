"""HammingIndex on real fingerprint codes: bucket directories, segments built as codes arrive, and the
index saved to a file and memory-mapped back. Every answer is compared with a brute-force scan."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from skimage import data

from guardrail.similarity import index as index_module
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, query_variants, reference_variants
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.index_file import load_index, save_index

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "camera", "moon", "page", "brick", "grass", "coins")


def _photo(name: str) -> Image.Image:
    arr = getattr(data, name)()
    img = Image.fromarray(arr if arr.ndim == 3 else np.stack([arr] * 3, -1)).convert("RGB")
    return img.reduce(2) if min(img.size) >= 256 else img


@pytest.fixture(scope="module")
def real() -> tuple[np.ndarray, list[bytes]]:
    """(codes, queries): the 28 real 64-bit codes of 160 crops of 10 photos (4,480 codes, clustered the
    way real codes are), and real query codes of edited copies of some of them and of unrelated views."""
    rng = np.random.default_rng(13)
    photos = [_photo(p) for p in PHOTOS]
    codes, crops = [], []
    for _ in range(160):
        img = photos[int(rng.integers(len(photos)))]
        keep = rng.uniform(0.4, 0.95)
        w, h = int(img.width * keep), int(img.height * keep)
        x, y = int(rng.integers(0, img.width - w + 1)), int(rng.integers(0, img.height - h + 1))
        crop = img.crop((x, y, x + w, y + h)).resize((96, 96))
        crops.append(crop)
        codes += [f.code for f in reference_variants(crop) if f.kind == FINGERPRINT_KIND]
    queries = []
    for crop in crops[:12]:
        buf = io.BytesIO()
        crop.save(buf, "JPEG", quality=70)
        edited = Image.open(io.BytesIO(buf.getvalue())).crop((4, 4, 90, 92))
        queries += [f.code for f in query_variants(edited) if f.kind == FINGERPRINT_KIND]
    for name in ("coffee", "astronaut"):
        queries += [f.code for f in query_variants(_photo(name).resize((80, 120))) if f.kind == FINGERPRINT_KIND]
    return np.frombuffer(b"".join(codes), dtype=np.uint8).reshape(-1, 8), queries


def _brute(codes: np.ndarray, ids: list[int], query: bytes, radius: int, k: int) -> list[tuple[int, int]]:
    """The definition, by bit counting on unpacked bits (no code shared with the index)."""
    dist = (np.unpackbits(codes, axis=1) != np.unpackbits(np.frombuffer(query, np.uint8))).sum(axis=1)
    pairs = [(i, int(d)) for i, d in zip(ids, dist, strict=True) if d <= radius]
    return sorted(pairs, key=lambda p: (p[1], p[0]))[:k]


@pytest.fixture
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments of a few dozen codes, probed (not scanned) even when small: every path runs on little data."""
    monkeypatch.setattr(index_module, "_MIN_TAIL", 64)
    monkeypatch.setattr(index_module, "_SCAN_BELOW", 0)


@pytest.mark.parametrize("radius", [0, 4, 8, 10, 14])
def test_bulk_index_of_real_codes_equals_brute_force(real, radius: int) -> None:
    codes, queries = real
    index = HammingIndex(64)
    index.add_many(np.arange(len(codes)) * 7, codes)  # sparse ids, as the store's seq * slots + k
    assert len(index.segments) == 1 and len(index) == len(codes)
    ids = list(range(0, 7 * len(codes), 7))
    for query in queries:
        expected = _brute(codes, ids, query, radius, 40)
        assert index.search(query, k=40, max_distance=radius, strategy="mih") == expected
        assert index.search(query, k=40, max_distance=radius, strategy="scan") == expected
    if radius >= 8:  # edited copies are found
        assert any(index.search(q, k=1, max_distance=radius) for q in queries)


def test_codes_added_in_batches_form_few_segments_and_stay_exact(real, small_segments) -> None:
    codes, queries = real
    index = HammingIndex(64)
    for start in range(0, len(codes), 50):  # 90 batches: tail -> segments -> merged segments
        index.add_many(range(start, min(start + 50, len(codes))), [c.tobytes() for c in codes[start : start + 50]])
    assert len(index) == len(codes)
    sizes = [len(s) for s in index.segments]
    assert len(sizes) <= 2 * int(np.log2(len(codes))), sizes  # geometric sizes, not one segment per batch
    assert all(a > b for a, b in zip(sizes, sizes[1:], strict=False)), sizes
    removed = set(range(0, len(codes), 3))
    for i in sorted(removed):
        assert index.remove(i)
    assert not index.remove(0)
    keep = [i for i in range(len(codes)) if i not in removed]
    for query in queries:
        assert index.search(query, k=30, max_distance=12) == _brute(codes[keep], keep, query, 12, 30)


def test_re_adding_an_id_replaces_its_code_in_any_segment(real, small_segments) -> None:
    codes, queries = real
    index = HammingIndex(64)
    index.add_many(np.arange(1000), codes[:1000])
    index.add_many(np.arange(500, 1500), codes[1000:2000])  # ids 500-999 get new codes (a bulk segment)
    index.add(3, codes[2500].tobytes())  # one id replaced through the tail
    current = {i: codes[i] for i in range(500)} | {500 + j: codes[1000 + j] for j in range(1000)}
    current[3] = codes[2500]
    assert len(index) == len(current) == 1500
    ids = sorted(current)
    table = np.stack([current[i] for i in ids])
    for query in [*queries, codes[3].tobytes(), codes[600].tobytes(), codes[2500].tobytes()]:
        assert index.search(query, k=50, max_distance=10) == _brute(table, ids, query, 10, 50)


def test_saved_index_maps_back_with_the_same_answers(real, small_segments, tmp_path: Path) -> None:
    codes, queries = real
    index = HammingIndex(64)
    index.add_many(np.arange(3000), codes[:3000])
    index.add_many(range(3000, 3040), [c.tobytes() for c in codes[3000:3040]])  # a tail: sealed on save
    index.remove(17)
    before = [index.search(q, k=20, max_distance=10) for q in queries]
    path = tmp_path / "codes.idx"
    save_index(index, path, {"seq": 3039})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mapped, meta = load_index(path, 64)
    assert meta == {"seq": 3039}
    assert all(isinstance(s.words, np.memmap) for s in mapped.segments)
    assert [mapped.search(q, k=20, max_distance=10) for q in queries] == before
    # it keeps working as an index: removals are tombstones in memory, adds go to new segments
    mapped.remove(18)
    mapped.add_many(range(3040, len(codes)), [c.tobytes() for c in codes[3040:]])
    keep = [i for i in range(len(codes)) if i not in (17, 18)]
    for query in queries:
        assert mapped.search(query, k=20, max_distance=10) == _brute(codes[keep], keep, query, 10, 20)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # the mapped file is never written


def test_unusable_index_files_load_as_none(real, tmp_path: Path) -> None:
    codes, _ = real
    index = HammingIndex(64)
    index.add_many(np.arange(len(codes)), codes)
    path = tmp_path / "codes.idx"
    size = save_index(index, path, {})
    assert load_index(tmp_path / "missing.idx", 64) is None
    assert load_index(path, 256) is None  # another code length
    raw = bytearray(path.read_bytes())
    length = int.from_bytes(raw[8:16], "little")
    header = json.loads(raw[16 : 16 + length])
    spec = header["segments"][0]["arrays"]["offsets0"]
    base = (16 + length + 63) // 64 * 64
    last = base + spec["offset"] + 4 * (spec["shape"][0] - 1)
    raw[last : last + 4] = (len(codes) + 5).to_bytes(4, "little")  # a directory that points past the codes
    damaged = tmp_path / "damaged.idx"
    damaged.write_bytes(bytes(raw))
    assert load_index(damaged, 64) is None
    assert header["version"] == 2 and b'"version": 2' in raw[16 : 16 + length]
    older = tmp_path / "v1.idx"  # the same file claiming the former layout: refused, never misread
    older.write_bytes(path.read_bytes().replace(b'"version": 2', b'"version": 1', 1))
    assert load_index(older, 64) is None
    assert load_index(path, 64) is not None
    path.write_bytes(path.read_bytes()[: size // 2])
    assert load_index(path, 64) is None  # truncated
    path.write_bytes(b"not an index at all")
    assert load_index(path, 64) is None


def test_shared_arrays_are_held_once_and_answer_the_same(real) -> None:
    codes, queries = real
    ids = np.arange(len(codes), dtype=np.int64)
    shared, copied = HammingIndex(64), HammingIndex(64)
    shared.add_many(ids, codes, share=True)
    copied.add_many(ids, codes)
    assert np.shares_memory(shared.segments[0].words, codes) and np.shares_memory(shared.segments[0].ids, ids)
    assert not np.shares_memory(copied.segments[0].words, codes)
    # shared: rows in the caller's order, a bucket order per substring; copied: clustered by the first
    # substring (no order for it), a filter copy beside every other substring's order
    n, m = len(codes), len(copied.segments[0].chunks)
    assert [t.order is not None for t in shared.segments[0].tables] == [True] * m
    assert all(t.filter is None for t in shared.segments[0].tables)
    kept = [t.order is not None and t.filter is not None for t in copied.segments[0].tables]
    assert kept == [False] + [True] * (m - 1)
    directories = sum(t.offsets.nbytes for t in copied.segments[0].tables)
    assert shared.memory_bytes() == n * (16 + 4 * m) + directories
    assert copied.memory_bytes() == n * (16 + 8 * (m - 1)) + directories
    for query in queries:
        assert shared.search(query, k=20, max_distance=10) == copied.search(query, k=20, max_distance=10)


@pytest.mark.parametrize("radius", [0, 1, 5, 10, 11])
def test_clustered_segments_probe_just_enough_substrings(real, radius: int) -> None:
    codes, queries = real
    index = HammingIndex(64)
    index.add_many(np.arange(len(codes)), codes)
    (segment,) = index.segments
    limits = segment.thresholds(radius)
    m = len(segment.chunks)
    assert sum(t + 1 for t in limits) == radius + 1  # the least the pigeonhole bound allows
    assert max(limits) - min(limits) <= 1 and max(limits) == radius // m
    if radius == 0:
        assert sorted(limits) == [-1] * (m - 1) + [0]  # an exact match is found through one substring
    shared = HammingIndex(64)
    shared.add_many(np.arange(len(codes)), codes, share=True)
    assert shared.segments[0].thresholds(radius) == [radius // m] * m
    for query in [*queries, codes[5].tobytes()]:
        expected = _brute(codes, list(range(len(codes))), query, radius, 40)
        assert index.search(query, k=40, max_distance=radius, strategy="mih") == expected
