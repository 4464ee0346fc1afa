"""The manifest store: every signed manifest, findable by watermark id and by fingerprint.

``ManifestStore`` is the narrow interface; ``SQLManifestStore`` implements it over SQLite
(``GUARDRAIL_HOME/manifests.db``, the embedded default) or PostgreSQL (``GUARDRAIL_DATABASE_URL``,
shared by several processes and machines) through :mod:`guardrail.database`. Fingerprint search
goes through ``guardrail.similarity.index.HammingIndex`` loaded in bulk from the small
``fingerprint_codes`` table on first use and then followed by its key (each manifest contributes
its canonical code and its crop codes, so a cropped copy still finds it). Every per-operation read
is a lookup on an index (docs/scaling.md); schema changes are numbered migrations per engine
(``guardrail db upgrade``). Writers take the store's write lock, so ``fingerprint_codes.seq`` is
committed in order and a process following it never misses a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from guardrail.database import Database, database_url
from guardrail.database.migrations import open_migrated
from guardrail.errors import StoreError
from guardrail.home import guardrail_home
from guardrail.provenance.fingerprint_index import StoreIndex
from guardrail.provenance.manifest import watermark_config

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ManifestRecord",
    "ManifestStore",
    "SQLManifestStore",
    "SQLiteManifestStore",
    "default_store",
    "shared_store",
]

log = logging.getLogger(__name__)


class ManifestRecord(BaseModel):
    """One stored manifest and the keys it is found by."""

    model_config = ConfigDict(frozen=True)

    watermark_id: str = Field(description="Release id carried by the watermark (16 hex digits).")
    manifest_hash: str = Field(description="SHA-256 (hex) of the signed manifest bytes.")
    fingerprint: str = Field(description="Perceptual fingerprint (hex) of the released pixels.")
    fingerprint_variants: list[str] = Field(
        default_factory=list, description="Extra codes (centred crops) the record is also found by."
    )
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

# Entry ids of the in-memory index: fingerprint_codes.seq * _SLOTS + position of the code in the record.
_SLOTS = 64


def _migrate_columns(db: Database) -> None:
    """1: the table (or, in a file from before migrations, the columns added after the first release)."""
    db.script(_SCHEMA)
    cols = {row[1] for row in db.execute("PRAGMA table_info(manifests)")}
    if "verification" not in cols:
        db.execute("ALTER TABLE manifests ADD COLUMN verification TEXT NOT NULL DEFAULT '[]'")
    if "watermark" not in cols:
        db.execute("ALTER TABLE manifests ADD COLUMN watermark TEXT NOT NULL DEFAULT ''")


def _migrate_watermark_configs(db: Database) -> None:
    """2: the distinct watermark configurations as a small table of their own (verify reads it, not the rows)."""
    db.execute("CREATE TABLE watermark_configs (config TEXT PRIMARY KEY) WITHOUT ROWID")
    for rowid, manifest in db.execute("SELECT rowid, manifest FROM manifests WHERE watermark = ''").fetchall():
        config = watermark_config(json.loads(manifest))
        db.execute(
            "UPDATE manifests SET watermark = ? WHERE rowid = ?",
            (json.dumps(config, sort_keys=True) if config else "{}", rowid),
        )
    db.execute(
        "INSERT OR IGNORE INTO watermark_configs SELECT DISTINCT watermark FROM manifests WHERE watermark NOT IN "
        "('', '{}')"
    )


def _migrate_fingerprint_codes(db: Database) -> None:
    """3: every record's 64-bit codes packed in one small row (the index loads them in bulk, never the
    manifest rows); ``seq`` is never reused, so a process following the table by ``seq`` misses nothing."""
    db.execute(
        "CREATE TABLE fingerprint_codes (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "manifest INTEGER NOT NULL UNIQUE REFERENCES manifests(rowid), codes BLOB NOT NULL)"
    )
    rows = db.execute("SELECT rowid, fingerprint, variants FROM manifests ORDER BY rowid").fetchall()
    db.executemany(
        "INSERT INTO fingerprint_codes (manifest, codes) VALUES (?, ?)",
        [(rowid, _pack([fp, *json.loads(variants)])) for rowid, fp, variants in rows],
    )


def _pack(codes_hex: list[str]) -> bytes:
    if len(codes_hex) > _SLOTS:
        raise StoreError(
            f"a record has {len(codes_hex)} fingerprint codes, at most {_SLOTS} are indexed",
            where="fingerprint_variants",
            fix="store fewer crop variants per record",
        )
    return b"".join(bytes.fromhex(c) for c in codes_hex)


_POSTGRES_SCHEMA = """
CREATE TABLE manifests (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    watermark_id TEXT COLLATE "C" NOT NULL UNIQUE,
    manifest_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    variants TEXT NOT NULL,
    manifest TEXT NOT NULL,
    manifest_bytes BYTEA NOT NULL,
    created TEXT NOT NULL,
    verification TEXT NOT NULL DEFAULT '[]',
    watermark TEXT NOT NULL DEFAULT ''
);
CREATE TABLE watermark_configs (config TEXT PRIMARY KEY);
CREATE TABLE fingerprint_codes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    manifest BIGINT NOT NULL UNIQUE REFERENCES manifests(rowid),
    codes BYTEA NOT NULL
);
"""

# Numbered schema migrations per engine, applied in order once (guardrail.database.migrations).
MIGRATIONS = {
    "sqlite": ((1, _migrate_columns), (2, _migrate_watermark_configs), (3, _migrate_fingerprint_codes)),
    "postgres": ((1, _POSTGRES_SCHEMA),),
}
SCHEMA_VERSION = MIGRATIONS["sqlite"][-1][0]
_WRITE_LOCK = "manifests"


class SQLManifestStore:
    """The manifest store in SQLite (one file, the default) or PostgreSQL (shared by several machines)."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open the store at ``path`` (a SQLite file or a ``postgresql://`` URL); by default
        ``GUARDRAIL_DATABASE_URL`` if set, else ``GUARDRAIL_HOME/manifests.db``."""
        self._lock = threading.RLock()  # guards the connection and the in-memory index
        fix = (
            "check the file's permissions; if the file is corrupt, restore it from a backup (do not delete it: "
            "it holds every recovery record)"
        )
        # Write-ahead log, synchronous FULL: a commit is still on disk when put() returns (one
        # fsync of the log instead of the rollback journal's several: ~3 ms instead of ~15).
        self._db = open_migrated(
            path, "manifests.db", store="manifests", migrations=MIGRATIONS, what="manifest store", fix=fix
        )
        self.path = self._db.path
        # the fingerprint index: loaded in bulk, followed by seq, cached in a file beside the store (for
        # PostgreSQL, one per database in this machine's GUARDRAIL_HOME; checked against the table on load)
        if isinstance(self.path, Path):
            index_file = self.path.with_name(self.path.name + "-fpindex")
        else:
            index_file = guardrail_home() / f"manifests-{hashlib.sha256(self.path.encode()).hexdigest()[:16]}-fpindex"
        self._fp = StoreIndex(self, index_file, slots=_SLOTS)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> SQLManifestStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _row(self, row: tuple) -> ManifestRecord:
        return ManifestRecord(
            watermark_id=row[0],
            manifest_hash=row[1],
            fingerprint=row[2],
            fingerprint_variants=json.loads(row[3]),
            manifest=json.loads(row[4]),
            manifest_bytes=bytes(row[5]),
            created=dt.datetime.fromisoformat(row[6]),
            verification_codes=json.loads(row[7]),
        )

    _COLS = "watermark_id, manifest_hash, fingerprint, variants, manifest, manifest_bytes, created, verification"

    def put(self, record: ManifestRecord) -> None:
        """Insert a record; a duplicate watermark id is a StoreError."""
        with (
            self._write_failures(),
            self._db.failures(
                "cannot write manifest",
                where=str(self.path),
                fix="each watermark id is stored once: mark the image again for a new id",
                integrity=True,
            ),
        ):
            with self._lock:
                with self._db.transaction(_WRITE_LOCK):
                    config = watermark_config(record.manifest)
                    rowid = self._db.execute(
                        f"INSERT INTO manifests ({self._COLS}, watermark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING rowid",
                        (
                            record.watermark_id,
                            record.manifest_hash,
                            record.fingerprint,
                            json.dumps(record.fingerprint_variants),
                            json.dumps(record.manifest),
                            record.manifest_bytes,
                            record.created.isoformat(),
                            json.dumps(record.verification_codes),
                            json.dumps(config, sort_keys=True) if config else "",
                        ),
                    ).fetchone()[0]
                    self._db.execute(
                        "INSERT INTO fingerprint_codes (manifest, codes) VALUES (?, ?)",
                        (rowid, _pack([record.fingerprint, *record.fingerprint_variants])),
                    )
                    if config:
                        self._db.execute(
                            "INSERT INTO watermark_configs (config) VALUES (?) ON CONFLICT DO NOTHING",
                            (json.dumps(config, sort_keys=True),),
                        )
                # the index picks the row up by seq on its next search (like rows other processes add)

    def _write_failures(self) -> AbstractContextManager[None]:
        """A failed write of this store as a StoreError naming it."""
        return self._db.failures("cannot write manifest", where=str(self.path), fix="check disk space and permissions")

    def set_verification_codes(self, watermark_id: str, codes: list[str]) -> None:
        """Attach 256-bit verification codes (hex) to the record ``watermark_id`` if it has none."""
        with self._write_failures(), self._lock, self._db.transaction(_WRITE_LOCK):
            self._db.execute(
                "UPDATE manifests SET verification = ? WHERE watermark_id = ? AND verification = '[]'",
                (json.dumps(codes), watermark_id),
            )

    def discard(self, watermark_id: str) -> bool:
        """Remove the record of an image that was never released (a rolled-back release); True if removed."""
        with self._write_failures():
            with self._lock:
                with self._db.transaction(_WRITE_LOCK):
                    seq = self._db.execute(
                        "SELECT f.seq, length(f.codes) FROM fingerprint_codes f JOIN manifests m ON f.manifest = "
                        "m.rowid "
                        "WHERE m.watermark_id = ?",
                        (watermark_id,),
                    ).fetchall()
                    self._db.execute(
                        "DELETE FROM fingerprint_codes WHERE manifest = "
                        "(SELECT rowid FROM manifests WHERE watermark_id = ?)",
                        (watermark_id,),
                    )
                    removed = self._db.execute("DELETE FROM manifests WHERE watermark_id = ?", (watermark_id,)).rowcount
                if removed and seq:  # tombstones for its codes, no rebuild
                    self._fp.remove(int(seq[0][0]), int(seq[0][1]) // 8)
                return bool(removed)

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        fix = "check the file, or that the database server is reachable"
        with self._db.failures("cannot read manifests", where=str(self.path), fix=fix), self._lock:
            return self._db.execute(sql, args).fetchall()

    def get(self, watermark_id: str) -> ManifestRecord | None:
        """The record for ``watermark_id``, or None."""
        rows = self._query(f"SELECT {self._COLS} FROM manifests WHERE watermark_id = ?", (watermark_id,))
        return self._row(rows[0]) if rows else None

    def find_by_tag(self, tag: str) -> list[ManifestRecord]:
        """Records whose id starts with ``tag`` (hex)."""
        if not tag or any(c not in "0123456789abcdef" for c in tag):
            return []
        # a range on the unique index ('g' sorts after every hex digit), not a scan of the table
        rows = self._query(
            f"SELECT {self._COLS} FROM manifests WHERE watermark_id >= ? AND watermark_id < ?", (tag, tag + "g")
        )
        return [self._row(r) for r in rows]

    def watermark_configs(self) -> list[dict[str, Any]]:
        """Distinct watermark backends and options of the stored releases (their own small table,
        filled on put; configurations of discarded records stay: an extra reader, never a wrong verdict)."""
        rows = self._query("SELECT config FROM watermark_configs ORDER BY config", ())
        return [json.loads(r[0]) for r in rows]

    def count(self) -> int:
        """Number of stored manifests."""
        return int(self._query("SELECT COUNT(*) FROM manifests", ())[0][0])

    # CodeRows: what the fingerprint index reads (guardrail/provenance/fingerprint_index.py)
    def rows_after(self, seq: int) -> list[tuple[int, bytes]]:
        """fingerprint_codes rows past ``seq`` (one range read on the key)."""
        return self._query("SELECT seq, codes FROM fingerprint_codes WHERE seq > ? ORDER BY seq", (seq,))

    def count_upto(self, seq: int) -> int:
        """Number of fingerprint_codes rows up to ``seq``."""
        return int(self._query("SELECT COUNT(*) FROM fingerprint_codes WHERE seq <= ?", (seq,))[0][0])

    def codes_at(self, seq: int) -> bytes | None:
        """The packed codes of fingerprint_codes row ``seq``."""
        rows = self._query("SELECT codes FROM fingerprint_codes WHERE seq = ?", (seq,))
        return bytes(rows[0][0]) if rows else None

    @property
    def _index(self):
        return self._fp.index

    def _load_index(self):
        with self._lock:
            return self._fp.refresh()

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
                    seq = entry // _SLOTS
                    best[seq] = min(distance, best.get(seq, distance))
        out: list[tuple[ManifestRecord, int]] = []
        for seq, distance in sorted(best.items(), key=lambda kv: (kv[1], kv[0])):
            rows = self._query(
                f"SELECT {self._COLS} FROM manifests WHERE rowid = "
                "(SELECT manifest FROM fingerprint_codes WHERE seq = ?)",
                (seq,),
            )
            if rows:
                out.append((self._row(rows[0]), distance))
        return out


SQLiteManifestStore = SQLManifestStore
"""The former name of :class:`SQLManifestStore` (it opens PostgreSQL too when given a URL)."""


def default_store() -> SQLManifestStore:
    """A new connection to the store of the current ``GUARDRAIL_DATABASE_URL`` or ``GUARDRAIL_HOME``
    (the caller closes it)."""
    return SQLManifestStore()


_SHARED: dict[str, SQLManifestStore] = {}
_SHARED_LOCK = threading.Lock()


def shared_store() -> SQLManifestStore:
    """The process-wide store of the current ``GUARDRAIL_DATABASE_URL`` or ``GUARDRAIL_HOME``, opened once:
    its index is loaded once and then follows new rows incrementally (its own and other processes').
    Never close it (it is shared by every caller)."""
    location = database_url() or str((guardrail_home() / "manifests.db").resolve())
    with _SHARED_LOCK:
        store = _SHARED.get(location)
        if store is None:
            store = _SHARED[location] = SQLManifestStore(location)
        return store
