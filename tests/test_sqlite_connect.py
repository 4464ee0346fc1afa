"""The one SQLite helper: WAL and durability on, schema applied, failures as StoreError naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.errors import StoreError
from guardrail.provenance.store import SQLiteManifestStore
from guardrail.similarity.registry import SQLiteReferenceRegistry
from guardrail.sqlite_connect import connect


def test_connect_creates_the_folder_applies_the_schema_and_uses_wal(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a" / "b.db", what="test store", schema="CREATE TABLE IF NOT EXISTS t (x INTEGER);")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    assert (tmp_path / "a" / "b.db").is_file()


def test_a_file_that_is_not_a_database_is_a_store_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a SQLite file" * 100)
    with pytest.raises(StoreError) as info:
        connect(bad, what="test store", fix="restore it")
    assert info.value.where == str(bad) and "test store" in str(info.value) and "restore it" in str(info.value)


@pytest.mark.parametrize("store", [SQLiteManifestStore, SQLiteReferenceRegistry])
def test_both_stores_open_through_the_helper_and_report_a_broken_file(tmp_path: Path, store: type) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError) as info:
        store(bad)
    assert info.value.where == str(bad)
    good = store(tmp_path / "good.db")
    good.close()
