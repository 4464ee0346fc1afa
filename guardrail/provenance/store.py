"""The manifest store: every signed manifest, findable by watermark id and by fingerprint.

``ManifestStore`` is the narrow interface; ``SQLiteManifestStore`` (``GUARDRAIL_HOME/manifests.db``)
is the embedded default. Fingerprint search goes through ``guardrail.similarity.index.HammingIndex``
built from the rows on first use (each manifest contributes its canonical code and two centred
crops, so a cropped copy still finds it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import StoreError
from guardrail.home import guardrail_home
from guardrail.provenance.manifest import watermark_config
from guardrail.sqlite_connect import connect

__all__ = ["ManifestRecord", "ManifestStore", "SQLiteManifestStore", "default_store"]

log = logging.getLogger(__name__)


class ManifestRecord(BaseModel):
    """One stored manifest and the keys it is found by."""

    model_config = ConfigDict(frozen=True)

    watermark_id: str = Field(description="Release id carried by the watermark (16 hex digits).")
    manifest_hash: str = Field(description="SHA-256 (hex) of the signed manifest bytes.")
    fingerprint: str = Field(description="Perceptual fingerprint (hex) of the released pixels.")
    fingerprint_variants: list[str] = Field(default_factory=list, description="Extra codes (centred crops) the record is also found by.")
    verification_codes: list[str] = Field(
        default_factory=list,
        description="256-bit dct256-v1 verification codes (hex) of the canonical image and its crops, in the order of "
        "fingerprint + fingerprint_variants. Empty for records written before they existed: such a record is recovered "
        "by fingerprint only on an exact 64-bit match.",
    )
    manifest: dict[str, Any] = Field(description="The manifest definition that was signed (plain data).")
    manifest_bytes: bytes = Field(b"", description="The signed manifest store (JUMBF) bytes.")
    created: dt.datetime = Field(description="When the record was written (UTC).")


@runtime_checkable
class ManifestStore(Protocol):
    """Where signed manifests are kept for recovery (SQLite here; a server DB can replace it)."""

    def put(self, record: ManifestRecord) -> None:
        """Store a record (the watermark id is unique)."""
        ...

    def get(self, watermark_id: str) -> ManifestRecord | None:
        """The record for a full watermark id, or None."""
        ...

    def find_by_tag(self, tag: str) -> list[ManifestRecord]:
        """Records whose watermark id starts with ``tag`` (32-bit backends carry only a tag)."""
        ...

    def nearest(self, fingerprint: bytes, max_distance: int) -> tuple[ManifestRecord, int] | None:
        """The record with the closest fingerprint within ``max_distance`` bits, with its distance."""
        ...

    def candidates(self, codes: list[bytes], max_distance: int) -> list[tuple[ManifestRecord, int]]:
        """Every record with a stored 64-bit code within ``max_distance`` bits of any of ``codes``
        (best distance per record, closest first). Candidates still need verification."""
        ...

    def set_verification_codes(self, watermark_id: str, codes: list[str]) -> None:
        """Attach 256-bit verification codes to a stored record that has none."""
        ...

    def discard(self, watermark_id: str) -> bool:
        """Remove the record of an image that was never released (write-ahead rollback); True if one was removed."""
        ...

    def watermark_configs(self) -> list[dict[str, Any]]:
        """Every distinct ``{"backend", "options"}`` the stored releases were marked with."""
        ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS manifests (
    rowid INTEGER PRIMARY KEY,
    watermark_id TEXT NOT NULL UNIQUE,
    manifest_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    variants TEXT NOT NULL,
    manifest TEXT NOT NULL,
    manifest_bytes BLOB NOT NULL,
    created TEXT NOT NULL,
    verification TEXT NOT NULL DEFAULT '[]',
    watermark TEXT NOT NULL DEFAULT ''
);
"""


class SQLiteManifestStore:
    """The embedded default store: one SQLite file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else guardrail_home() / "manifests.db"
        self._lock = threading.RLock()  # guards the connection and the in-memory index
        self._index = None
        self._index_rows: dict[int, int] = {}  # index entry id -> manifests.rowid
        fix = ("check the file's permissions; if the file is corrupt, restore it from a backup (do not delete it: "
               "it holds every recovery record)")
        # Write-ahead log, synchronous FULL: a commit is still on disk when put() returns (one
        # fsync of the log instead of the rollback journal's several: ~3 ms instead of ~15).
        self._db = connect(self.path, what="manifest store", schema=_SCHEMA, fix=fix)
        try:
            cols = {row[1] for row in self._db.execute("PRAGMA table_info(manifests)")}
            with self._db:  # a store written before these columns existed
                if "verification" not in cols:
                    self._db.execute("ALTER TABLE manifests ADD COLUMN verification TEXT NOT NULL DEFAULT '[]'")
                if "watermark" not in cols:
                    self._db.execute("ALTER TABLE manifests ADD COLUMN watermark TEXT NOT NULL DEFAULT ''")
        except sqlite3.Error as err:
            raise StoreError(f"cannot open manifest store: {err}", where=str(self.path), fix=fix) from err

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> "SQLiteManifestStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _row(self, row: tuple) -> ManifestRecord:
        return ManifestRecord(
            watermark_id=row[0], manifest_hash=row[1], fingerprint=row[2], fingerprint_variants=json.loads(row[3]),
            manifest=json.loads(row[4]), manifest_bytes=bytes(row[5]), created=dt.datetime.fromisoformat(row[6]),
            verification_codes=json.loads(row[7]),
        )

    _COLS = "watermark_id, manifest_hash, fingerprint, variants, manifest, manifest_bytes, created, verification"

    def put(self, record: ManifestRecord) -> None:
        """Insert a record; a duplicate watermark id is a StoreError."""
        try:
            with self._lock:
                with self._db:
                    config = watermark_config(record.manifest)
                    cur = self._db.execute(
                        f"INSERT INTO manifests ({self._COLS}, watermark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (record.watermark_id, record.manifest_hash, record.fingerprint,
                         json.dumps(record.fingerprint_variants), json.dumps(record.manifest),
                         record.manifest_bytes, record.created.isoformat(), json.dumps(record.verification_codes),
                         json.dumps(config, sort_keys=True) if config else ""),
                    )
                    rowid = int(cur.lastrowid or 0)
                if self._index is not None:  # under the lock: entry ids stay unique under concurrent puts
                    self._add_to_index(rowid, record.fingerprint, record.fingerprint_variants)
        except sqlite3.Error as err:
            raise StoreError(f"cannot write manifest: {err}", where=str(self.path),
                             fix="check disk space and permissions") from err

    def set_verification_codes(self, watermark_id: str, codes: list[str]) -> None:
        """Attach 256-bit verification codes (hex) to the record ``watermark_id`` if it has none."""
        try:
            with self._lock, self._db:
                self._db.execute(
                    "UPDATE manifests SET verification = ? WHERE watermark_id = ? AND verification = '[]'",
                    (json.dumps(codes), watermark_id),
                )
        except sqlite3.Error as err:
            raise StoreError(f"cannot write manifest: {err}", where=str(self.path),
                             fix="check disk space and permissions") from err

    def discard(self, watermark_id: str) -> bool:
        """Remove the record of an image that was never released (a rolled-back release); True if removed."""
        try:
            with self._lock:
                with self._db:
                    removed = self._db.execute("DELETE FROM manifests WHERE watermark_id = ?", (watermark_id,)).rowcount
                if removed:
                    self._index, self._index_rows = None, {}  # rebuilt from the rows on next search
                return bool(removed)
        except sqlite3.Error as err:
            raise StoreError(f"cannot write manifest: {err}", where=str(self.path),
                             fix="check disk space and permissions") from err

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"cannot read manifests: {err}", where=str(self.path), fix="check the file") from err

    def get(self, watermark_id: str) -> ManifestRecord | None:
        """The record for ``watermark_id``, or None."""
        rows = self._query(f"SELECT {self._COLS} FROM manifests WHERE watermark_id = ?", (watermark_id,))
        return self._row(rows[0]) if rows else None

    def find_by_tag(self, tag: str) -> list[ManifestRecord]:
        """Records whose id starts with ``tag`` (hex)."""
        if not tag or any(c not in "0123456789abcdef" for c in tag):
            return []
        rows = self._query(f"SELECT {self._COLS} FROM manifests WHERE substr(watermark_id, 1, ?) = ?", (len(tag), tag))
        return [self._row(r) for r in rows]

    def watermark_configs(self) -> list[dict[str, Any]]:
        """Distinct watermark backends and options of the stored releases (from their manifests).

        Rows written before this column existed are filled in from their stored manifests once.
        """
        with self._lock:
            for rowid, manifest in self._query("SELECT rowid, manifest FROM manifests WHERE watermark = ''", ()):
                config = watermark_config(json.loads(manifest))
                try:
                    with self._db:
                        self._db.execute("UPDATE manifests SET watermark = ? WHERE rowid = ?",
                                         (json.dumps(config, sort_keys=True) if config else "{}", rowid))
                except sqlite3.Error as err:
                    raise StoreError(f"cannot write manifest: {err}", where=str(self.path), fix="check disk space and permissions") from err
            rows = self._query("SELECT DISTINCT watermark FROM manifests WHERE watermark NOT IN ('', '{}') ORDER BY watermark", ())
        return [json.loads(r[0]) for r in rows]

    def count(self) -> int:
        """Number of stored manifests."""
        return int(self._query("SELECT COUNT(*) FROM manifests", ())[0][0])

    def _add_to_index(self, rowid: int, canonical: str, variants: list[str]) -> None:
        assert self._index is not None
        for code_hex in [canonical, *variants]:
            entry = len(self._index_rows)
            self._index_rows[entry] = rowid
            self._index.add(entry, bytes.fromhex(code_hex))

    def _load_index(self):
        from guardrail.similarity.index import HammingIndex

        with self._lock:
            if self._index is None:
                index = HammingIndex(64)
                self._index, self._index_rows = index, {}
                try:
                    for rowid, fp, variants in self._query("SELECT rowid, fingerprint, variants FROM manifests", ()):
                        self._add_to_index(int(rowid), fp, json.loads(variants))
                except BaseException:
                    self._index, self._index_rows = None, {}
                    raise
            return self._index

    def nearest(self, fingerprint: bytes, max_distance: int) -> tuple[ManifestRecord, int] | None:
        """Closest stored fingerprint (canonical or crop variant) within ``max_distance`` bits."""
        found = self.candidates([fingerprint], max_distance)
        return found[0] if found else None

    def candidates(self, codes: list[bytes], max_distance: int, k: int = 64) -> list[tuple[ManifestRecord, int]]:
        """Records with a stored 64-bit code within ``max_distance`` of any query code, closest first
        (best distance per record; at most ``k`` index hits per query code)."""
        best: dict[int, int] = {}
        with self._lock:
            index = self._load_index()
            for code in codes:
                for entry, distance in index.search(code, k=k, max_distance=max_distance):
                    rowid = self._index_rows[entry]
                    best[rowid] = min(distance, best.get(rowid, distance))
        out: list[tuple[ManifestRecord, int]] = []
        for rowid, distance in sorted(best.items(), key=lambda kv: (kv[1], kv[0])):
            rows = self._query(f"SELECT {self._COLS} FROM manifests WHERE rowid = ?", (rowid,))
            if rows:
                out.append((self._row(rows[0]), distance))
        return out


def default_store() -> SQLiteManifestStore:
    """The SQLite store in the current ``GUARDRAIL_HOME``."""
    return SQLiteManifestStore()
