"""The manifest store's fingerprint index file: saved once the index is large, memory-mapped by the next
store object (which then reads only rows added since), ignored and rebuilt when it no longer matches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from guardrail.provenance import fingerprint_index
from guardrail.provenance.store import ManifestRecord, SQLiteManifestStore


def _codes(i: int) -> list[str]:
    rng = np.random.default_rng(i)
    return [rng.bytes(8).hex() for _ in range(4)]


def _record(i: int) -> ManifestRecord:
    codes = _codes(i)
    return ManifestRecord(
        watermark_id=f"{i:016x}",
        manifest_hash="ab" * 32,
        fingerprint=codes[0],
        fingerprint_variants=codes[1:],
        manifest={"title": str(i)},
        created=dt.datetime.now(dt.UTC),
    )


def _found(store: SQLiteManifestStore, i: int) -> list[str]:
    return [r.watermark_id for r, _ in store.candidates([bytes.fromhex(_codes(i)[2])], 0)]


@pytest.fixture(autouse=True)
def save_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fingerprint_index, "SAVE_MIN_CODES", 200)  # 50 records of 4 codes


def _rows_read(store: SQLiteManifestStore) -> list[int]:
    """Record the ``seq`` every code-table read starts after."""
    seen: list[int] = []
    original = store.rows_after

    def spy(seq: int) -> list[tuple[int, bytes]]:
        seen.append(seq)
        return original(seq)

    store.rows_after = spy  # type: ignore[method-assign]
    return seen


def test_next_store_maps_the_saved_index_and_reads_only_new_rows(tmp_path: Path) -> None:
    db = tmp_path / "manifests.db"
    with SQLiteManifestStore(db) as store:
        for i in range(1, 61):
            store.put(_record(i))
        assert _found(store, 7) == [f"{7:016x}"]  # first use: built from every row, then saved
        assert (tmp_path / "manifests.db-fpindex").exists()
        assert isinstance(store._index.segments[0].words, np.memmap)  # and mapped back
    with SQLiteManifestStore(db) as writer:  # rows added after the save, by another store object
        for i in range(61, 66):
            writer.put(_record(i))
    with SQLiteManifestStore(db) as store:
        reads = _rows_read(store)
        assert _found(store, 63) == [f"{63:016x}"]
        assert _found(store, 12) == [f"{12:016x}"]
        assert reads[0] == 60  # the file covered rows 1-60: only the 5 new rows were read
        assert isinstance(store._index.segments[0].words, np.memmap)
        assert len(store._index) == 65 * 4


def test_saved_index_is_ignored_after_a_discard_and_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "manifests.db"
    with SQLiteManifestStore(db) as store:
        for i in range(1, 61):
            store.put(_record(i))
        _found(store, 1)  # saved
    with SQLiteManifestStore(db) as store:
        assert store.discard(f"{9:016x}")
    with SQLiteManifestStore(db) as store:
        reads = _rows_read(store)
        assert _found(store, 9) == []
        assert _found(store, 10) == [f"{10:016x}"]
        assert reads[0] == 0  # the file no longer matched the table: every row read again
        assert len(store._index) == 59 * 4


def test_discard_in_the_same_process_leaves_a_tombstone(tmp_path: Path) -> None:
    with SQLiteManifestStore(tmp_path / "manifests.db") as store:
        for i in range(1, 61):
            store.put(_record(i))
        _found(store, 1)
        assert store.discard(f"{9:016x}")
        assert _found(store, 9) == []
        assert len(store._index) == 59 * 4


def test_index_file_of_another_store_is_not_trusted(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "manifests.db", tmp_path / "b" / "manifests.db"
    first.parent.mkdir()
    second.parent.mkdir()
    with SQLiteManifestStore(first) as store:
        for i in range(1, 61):
            store.put(_record(i))
        _found(store, 1)
    with SQLiteManifestStore(second) as store:  # same row count, other records
        for i in range(101, 161):
            store.put(_record(i))
    (tmp_path / "b" / "manifests.db-fpindex").write_bytes((tmp_path / "a" / "manifests.db-fpindex").read_bytes())
    with SQLiteManifestStore(second) as store:
        assert _found(store, 5) == []
        assert _found(store, 105) == [f"{105:016x}"]


def test_damaged_index_file_is_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "manifests.db"
    with SQLiteManifestStore(db) as store:
        for i in range(1, 61):
            store.put(_record(i))
        _found(store, 1)
    (tmp_path / "manifests.db-fpindex").write_bytes(b"GRHIDX01garbage")
    with SQLiteManifestStore(db) as store:
        assert _found(store, 33) == [f"{33:016x}"]


def test_index_file_another_user_may_write_is_not_mapped(tmp_path: Path) -> None:
    db = tmp_path / "manifests.db"
    with SQLiteManifestStore(db) as store:
        for i in range(1, 61):
            store.put(_record(i))
        _found(store, 1)
    index_file = tmp_path / "manifests.db-fpindex"
    index_file.chmod(0o666)
    with SQLiteManifestStore(db) as store:
        reads = _rows_read(store)
        assert _found(store, 33) == [f"{33:016x}"]
        assert reads[0] == 0  # rebuilt from the table, not mapped
    assert index_file.stat().st_mode & 0o022 == 0  # and written again, private
