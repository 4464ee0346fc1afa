"""The SQLite manifest store: by watermark id, by tag, by nearest fingerprint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guardrail.errors import StoreError
from guardrail.provenance.store import ManifestRecord, SQLiteManifestStore


def _record(wid: str, fp: str) -> ManifestRecord:
    return ManifestRecord(
        watermark_id=wid, manifest_hash="ab" * 32, fingerprint=fp, manifest={"title": wid},
        manifest_bytes=b"jumbf", created=dt.datetime.now(dt.timezone.utc),
    )


def test_finds_records_by_id_tag_and_fingerprint(tmp_path: Path) -> None:
    with SQLiteManifestStore(tmp_path / "m.db") as store:
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


def test_records_survive_reopening_and_duplicates_fail(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with SQLiteManifestStore(path) as store:
        store.put(_record("0123456789abcdef", "ffff0000ffff0000"))
        with pytest.raises(StoreError):
            store.put(_record("0123456789abcdef", "ffff0000ffff0000"))
    with SQLiteManifestStore(path) as store:
        assert store.count() == 1
        assert store.nearest(bytes.fromhex("ffff0000ffff0000"), 0) is not None
