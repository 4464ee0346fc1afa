"""The manifest store (SQLite and PostgreSQL): by watermark id, by tag, by nearest fingerprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from guardrail.errors import StoreError
from guardrail.provenance.store import ManifestRecord, SQLManifestStore


def _record(wid: str, fp: str) -> ManifestRecord:
    return ManifestRecord(
        watermark_id=wid,
        manifest_hash="ab" * 32,
        fingerprint=fp,
        manifest={"title": wid},
        manifest_bytes=b"jumbf",
        created=dt.datetime.now(dt.UTC),
    )


Where = Callable[[str], "str | Path"]


def test_finds_records_by_id_tag_and_fingerprint(db_location: Where) -> None:
    with SQLManifestStore(db_location("m.db")) as store:
        store.put(_record("0123456789abcdef", "ffff0000ffff0000"))
        store.put(_record("fedcba9876543210", "0000ffff0000ffff"))
        assert store.get("0123456789abcdef").manifest == {"title": "0123456789abcdef"}
        assert store.get("1111111111111111") is None
        assert [r.watermark_id for r in store.find_by_tag("fedcba98")] == ["fedcba9876543210"]
        hit = store.nearest(bytes.fromhex("ffff0000ffff0001"), max_distance=4)
        assert hit is not None and hit[0].watermark_id == "0123456789abcdef" and hit[1] == 1
        assert store.nearest(bytes.fromhex("ff00ff00ff00ff00"), max_distance=4) is None
        # added after the index was built: still found
        store.put(_record("aaaaaaaaaaaaaaaa", "ff00ff00ff00ff00"))
        assert store.nearest(bytes.fromhex("ff00ff00ff00ff00"), max_distance=0)[0].watermark_id == "aaaaaaaaaaaaaaaa"


def test_records_survive_reopening_and_duplicates_fail(db_location: Where) -> None:
    path = db_location("m.db")
    with SQLManifestStore(path) as store:
        store.put(_record("0123456789abcdef", "ffff0000ffff0000"))
        with pytest.raises(StoreError):
            store.put(_record("0123456789abcdef", "ffff0000ffff0000"))
    with SQLManifestStore(path) as store:
        assert store.count() == 1
        assert store.nearest(bytes.fromhex("ffff0000ffff0000"), 0) is not None


@pytest.mark.sqlite_only
def test_old_store_without_verification_column_opens_and_keeps_its_rows(engine: str, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE manifests (rowid INTEGER PRIMARY KEY, watermark_id TEXT NOT NULL UNIQUE, manifest_hash TEXT "
        "NOT NULL,"
        " fingerprint TEXT NOT NULL, variants TEXT NOT NULL, manifest TEXT NOT NULL, manifest_bytes BLOB NOT NULL,"
        " created TEXT NOT NULL);"
    )
    db.execute(
        "INSERT INTO manifests VALUES (1, '0123456789abcdef', 'ab', 'ffff0000ffff0000', '[]', '{}', x'00', ?)",
        (dt.datetime.now(dt.UTC).isoformat(),),
    )
    db.commit()
    db.close()
    with SQLManifestStore(path) as store:
        assert store.get("0123456789abcdef").verification_codes == []
        store.set_verification_codes("0123456789abcdef", ["00" * 32])
        assert store.get("0123456789abcdef").verification_codes == ["00" * 32]


def test_concurrent_puts_keep_index_entries_distinct(db_location: Where) -> None:
    import threading

    with SQLManifestStore(db_location("m.db")) as store:
        store.put(_record("0000000000000000", "0000000000000000"))
        assert store.nearest(bytes(8), 0) is not None  # index built: later puts add to it
        codes = [f"{i:016x}" for i in range(1, 201)]

        def fp(c: str) -> str:  # a distinct fingerprint per record
            return f"{(int(c, 16) * 0x9E3779B97F4A7C15) % 2**64:016x}"

        def put(chunk: list[str]) -> None:
            for c in chunk:
                store.put(_record(c, fp(c)))

        threads = [threading.Thread(target=put, args=(codes[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for c in codes:  # every record is found by its own exact fingerprint
            hit = store.nearest(bytes.fromhex(fp(c)), 0)
            assert hit is not None and hit[0].watermark_id == c


@pytest.mark.sqlite_only
def test_corrupt_store_says_restore_from_backup_and_leaves_the_file(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "manifests.db"
    junk = b"this is not a database" * 100
    path.write_bytes(junk)
    with pytest.raises(StoreError) as info:
        SQLManifestStore(path)
    assert "backup" in (info.value.fix or "") and "remove" not in (info.value.fix or "")
    assert path.read_bytes() == junk


def test_the_index_file_cache_is_mapped_by_the_next_store_and_dropped_when_stale(
    db_location: Where, monkeypatch: pytest.MonkeyPatch
) -> None:
    import guardrail.provenance.fingerprint_index as fingerprint_index

    monkeypatch.setattr(fingerprint_index, "SAVE_MIN_CODES", 1)  # save even a tiny index
    fps = {f"{i:016x}": f"{(i * 0x9E3779B97F4A7C15) % 2**64:016x}" for i in range(1, 6)}
    where = db_location("m.db")
    with SQLManifestStore(where) as first:
        for wid, fp in fps.items():
            first.put(_record(wid, fp))
        assert first.nearest(bytes.fromhex(fps[f"{3:016x}"]), 0) is not None
        assert first._fp.path is not None and first._fp.path.is_file()  # saved (SQLite: beside it; else in the home)
        saved = first._fp.path.stat().st_mtime_ns
    with SQLManifestStore(where) as second, SQLManifestStore(where) as other:
        second._load_index()  # mapped from the file: no row re-read, so nothing saved again
        assert second._fp.loaded_rows == 5 and second._fp.path.stat().st_mtime_ns == saved
        assert other.discard(f"{2:016x}")  # another connection removes a row: the file no longer matches
    with SQLManifestStore(where) as third:
        assert third.nearest(bytes.fromhex(fps[f"{2:016x}"]), 0) is None
        assert third.nearest(bytes.fromhex(fps[f"{4:016x}"]), 0)[0].watermark_id == f"{4:016x}"
