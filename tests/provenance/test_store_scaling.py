"""The manifest store's per-operation cost stays bounded: checked structurally (query plans, which
statements run, what the index holds), never on time. Plus migration of an old store and
incremental index updates (own puts, discards, another connection's puts)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np

from guardrail.provenance.manifest import GENERATION_LABEL
from guardrail.provenance.store import SCHEMA_VERSION, ManifestRecord, SQLiteManifestStore, SQLManifestStore


def _fp(i: int) -> str:
    return f"{(i * 0x9E3779B97F4A7C15 + 12345) % 2**64:016x}"


def _record(i: int, backend: str = "dwtDctSvdPlus") -> ManifestRecord:
    return ManifestRecord(
        watermark_id=f"{i:016x}",
        manifest_hash="ab" * 32,
        fingerprint=_fp(i),
        fingerprint_variants=[_fp(i + 10_000), _fp(i + 20_000)],
        manifest={
            "title": str(i),
            "assertions": [{"label": GENERATION_LABEL, "data": {"watermark": {"backend": backend, "id": f"{i:016x}"}}}],
        },
        manifest_bytes=b"jumbf" * 200,
        created=dt.datetime.now(dt.UTC),
    )


def _statements(store: SQLiteManifestStore, action) -> list[str]:
    seen: list[str] = []
    store._db.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store._db.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def _plan(db: sqlite3.Connection, sql: str) -> str:
    return " | ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())


def test_per_operation_reads_use_indexes_never_scan_the_manifests(tmp_path: Path) -> None:
    with SQLiteManifestStore(tmp_path / "m.db") as store:
        for i in range(1, 40):
            store.put(_record(i))
        store.nearest(bytes.fromhex(_fp(1)), 0)  # first use: the index loads (from fingerprint_codes only)
        store.put(_record(99))

        def one_verify() -> None:
            store.watermark_configs()
            store.find_by_tag("00000000")
            store.get(f"{5:016x}")
            assert store.candidates([bytes.fromhex(_fp(7)), bytes.fromhex(_fp(99))], 2)

        statements = _statements(store, one_verify)
        assert statements
        for sql in statements:
            plan = _plan(store._db, sql)
            assert "SCAN manifests" not in plan, (sql, plan)
            assert "SCAN fingerprint_codes" not in plan, (sql, plan)
            if "FROM manifests" in sql:
                assert "SEARCH" in plan, (sql, plan)


def test_first_index_load_reads_the_codes_table_not_the_manifest_rows(tmp_path: Path) -> None:
    with SQLiteManifestStore(tmp_path / "m.db") as store:
        for i in range(1, 10):
            store.put(_record(i))
        statements = _statements(store, lambda: store.nearest(bytes.fromhex(_fp(3)), 0))
        loads = [s for s in statements if "fingerprint_codes" in s and "FROM manifests" not in s]
        assert loads and all("manifests" not in _plan(store._db, s) for s in loads)


def test_index_follows_puts_discards_and_another_connection(db_location: Callable[[str], str | Path]) -> None:
    path = db_location("m.db")
    with SQLManifestStore(path) as a, SQLManifestStore(path) as b:
        for i in range(1, 6):
            a.put(_record(i))
        assert a.nearest(bytes.fromhex(_fp(2)), 0)[0].watermark_id == f"{2:016x}"
        first = a._index
        b.put(_record(50))  # another process's put: found without reloading the whole index
        hit = a.nearest(bytes.fromhex(_fp(50 + 20_000)), 0)  # by a crop variant
        assert hit is not None and hit[0].watermark_id == f"{50:016x}"
        assert a._index is first and len(a._index) == 6 * 3
        assert a.discard(f"{2:016x}")
        assert a.nearest(bytes.fromhex(_fp(2)), 0) is None and len(a._index) == 5 * 3
        a.put(_record(2))  # the same id again (a rowid may be reused; the seq is not)
        assert a.nearest(bytes.fromhex(_fp(2)), 0)[0].watermark_id == f"{2:016x}"
        assert b.nearest(bytes.fromhex(_fp(2)), 0)[0].watermark_id == f"{2:016x}"
        assert len(a._index) == 6 * 3


def test_old_store_is_migrated_once_with_its_configs_and_codes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE manifests (rowid INTEGER PRIMARY KEY, watermark_id TEXT NOT NULL UNIQUE, manifest_hash TEXT "
        "NOT NULL,"
        " fingerprint TEXT NOT NULL, variants TEXT NOT NULL, manifest TEXT NOT NULL, manifest_bytes BLOB NOT NULL,"
        " created TEXT NOT NULL);"
    )
    now = dt.datetime.now(dt.UTC).isoformat()
    for i, backend in [(1, "dwtDctSvdPlus"), (2, "dwtDctSvd"), (3, "dwtDctSvdPlus")]:
        r = _record(i, backend)
        db.execute(
            "INSERT INTO manifests VALUES (?, ?, 'ab', ?, ?, ?, x'00', ?)",
            (i, r.watermark_id, r.fingerprint, json.dumps(r.fingerprint_variants), json.dumps(r.manifest), now),
        )
    db.commit()
    db.close()
    with SQLiteManifestStore(path) as store:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [c["backend"] for c in store.watermark_configs()] == ["dwtDctSvd", "dwtDctSvdPlus"]
        assert store._db.execute("SELECT COUNT(*) FROM fingerprint_codes").fetchone()[0] == 3
        assert store.nearest(bytes.fromhex(_fp(3 + 10_000)), 0)[0].watermark_id == f"{3:016x}"
        store.put(_record(4))
    with SQLiteManifestStore(path) as store:  # reopening applies nothing twice
        assert store._db.execute("SELECT COUNT(*) FROM fingerprint_codes").fetchone()[0] == 4
        assert store.count() == 4


def test_bulk_loaded_index_matches_brute_force(db_location: Callable[[str], str | Path]) -> None:
    rng = np.random.default_rng(7)
    with SQLManifestStore(db_location("m.db")) as store:
        for i in range(1, 120):
            store.put(_record(i))
        query = bytes.fromhex(_fp(33))
        flipped = bytearray(query)
        for bit in rng.choice(64, size=3, replace=False):
            flipped[bit // 8] ^= 1 << (bit % 8)
        found = store.candidates([bytes(flipped)], 6)
        codes = {f"{i:016x}": [_fp(i), _fp(i + 10_000), _fp(i + 20_000)] for i in range(1, 120)}
        expect = {}
        for wid, cs in codes.items():
            d = min((int.from_bytes(bytes(flipped), "big") ^ int(c, 16)).bit_count() for c in cs)
            if d <= 6:
                expect[wid] = d
        assert {r.watermark_id: d for r, d in found} == expect and found[0][0].watermark_id == f"{33:016x}"
