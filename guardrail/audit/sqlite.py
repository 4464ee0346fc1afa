"""The audit store: one SQLite file (default) or PostgreSQL, append-only, durable, safe under concurrent writers.

- SQLite: WAL journal and ``synchronous=FULL``: a record is on disk when ``log_*`` returns.
  PostgreSQL (``GUARDRAIL_DATABASE_URL``): a record is committed when ``log_*`` returns.
- Append-only: there is no update or delete API, and triggers abort any UPDATE or DELETE (and,
  on PostgreSQL, TRUNCATE).
- Concurrency: one connection per thread (and per process after a fork); writes take the audit
  write lock (SQLite ``BEGIN IMMEDIATE`` with a generous ``busy_timeout``; PostgreSQL an advisory
  lock), so parallel threads, processes and machines queue instead of losing records or forking
  the chain.
- Tamper-evident: each record is linked to the one before it by an HMAC under the install's
  audit key (``guardrail.audit.chain``); :meth:`AuditLog.verify` reports the first broken link.

Schema versions (numbered migrations, :mod:`guardrail.database.migrations`): SQLite 1 had no
chain; opening a version-1 log adds the chain table and links the existing records in time order
(logged as a warning), in one transaction. PostgreSQL starts with the chain (its version 1). A log
written by a newer guardrail is refused.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from guardrail.audit.chain import GENESIS, ChainReport, link_mac, verify_chain
from guardrail.audit.export import write_rows
from guardrail.audit.key import audit_key_by_id, current_audit_key
from guardrail.audit.records import ImageRecord, RequestRecord
from guardrail.audit.store import ExportFormat
from guardrail.database import Database, database_url
from guardrail.database.migrations import open_migrated
from guardrail.errors import InputError, StoreError
from guardrail.home import guardrail_home

__all__ = ["AuditLog", "default_audit_path"]

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 60_000
_WRITE_LOCK = "audit"
_TABLES = ("requests", "images", "chain")

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL UNIQUE,
    time TEXT NOT NULL,
    final_action TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_time ON requests(time);
CREATE TABLE IF NOT EXISTS images (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (request_id, idx, attempt)
);
CREATE TABLE IF NOT EXISTS chain (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('request', 'image')),
    row INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    mac TEXT NOT NULL,
    UNIQUE (kind, row)
);
"""
_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} refused'); END;"
    for table in _TABLES
    for op in ("UPDATE", "DELETE")
]

_POSTGRES_SCHEMA = """
CREATE TABLE requests (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    time TEXT COLLATE "C" NOT NULL,
    final_action TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX requests_time ON requests(time);
CREATE TABLE images (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (request_id, idx, attempt)
);
CREATE TABLE chain (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('request', 'image')),
    row BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    mac TEXT NOT NULL,
    UNIQUE (kind, row)
);
CREATE FUNCTION guardrail_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END
$$;
""" + "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION guardrail_audit_append_only();\n"
    for table in _TABLES
)


def default_audit_path() -> Path:
    """``GUARDRAIL_HOME/audit.db``."""
    return guardrail_home() / "audit.db"


def _iso(value: datetime) -> str:
    """Fixed-width UTC ISO time, so text order is time order."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class AuditLog:
    """Append-only audit log in SQLite (default ``GUARDRAIL_HOME/audit.db``); implements AuditStore.

    Use as a context manager or call :meth:`close`. Safe to share between threads; other
    processes may open the same file at the same time.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        """Open the log at ``path`` (a SQLite file or a ``postgresql://`` URL); by default
        ``GUARDRAIL_DATABASE_URL`` if set, else ``GUARDRAIL_HOME/audit.db``."""
        self._location = path if path is not None else (database_url() or default_audit_path())
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[Database] = []
        self._pid = os.getpid()
        self.path = self._conn().path  # create the file and schema now, so errors surface here

    def ready(self) -> None:
        """Open the file and load the current audit key (creating it on first use): refusals surface here."""
        self._conn()
        current_audit_key()

    # -- connections -------------------------------------------------------------------------

    def _conn(self) -> Database:
        if os.getpid() != self._pid:  # forked: never reuse the parent's connections
            with self._lock:
                self._pid = os.getpid()
                self._local = threading.local()
                self._connections = []
        conn: Database | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _open(self) -> Database:
        db = open_migrated(
            self._location,
            "audit.db",
            store="audit",
            migrations=MIGRATIONS,
            what="audit log",
            fix="check that the file is a guardrail audit database and the folder is writable",
        )
        if db.engine == "sqlite":  # writers queue for up to a minute (the default is 30 s)
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return db

    @staticmethod
    def _link(conn: Database, kind: str, row: int, record_json: str) -> None:
        """Append the chain link of one record just inserted (inside the write transaction)."""
        last = conn.execute("SELECT seq, mac FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        kid, key = current_audit_key()
        conn.execute(
            "INSERT INTO chain (seq, kind, row, key_id, mac) VALUES (?, ?, ?, ?, ?)",
            (seq, kind, row, kid, link_mac(key, prev, seq, kind, record_json)),
        )

    def close(self) -> None:
        """Close every connection this log opened (in this process)."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections = []
            self._local = threading.local()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def _write(self, rows: list[tuple[str, str, tuple[Any, ...]]], what: str) -> None:
        """Insert ``rows`` (kind, sql, params) and their chain links in one durable transaction: all or none."""
        conn = self._conn()
        try:
            with conn.transaction(_WRITE_LOCK):
                for kind, sql, params in rows:
                    row = conn.execute(sql + " RETURNING seq", params).fetchone()[0]
                    self._link(conn, kind, int(row), params[-1])
        except conn.integrity_errors as err:
            raise StoreError(
                f"{what} is already in the audit log (records are never replaced)", where=str(self.path)
            ) from err
        except conn.errors as err:
            raise StoreError(
                f"cannot write {what} to the audit log: {conn.message(err)}",
                where=str(self.path),
                fix="check the disk holding the audit log (free space, permissions, I/O errors) or its database "
                "server; nothing was recorded, so nothing was released",
            ) from err

    @staticmethod
    def _request_row(record: RequestRecord) -> tuple[str, str, tuple[Any, ...]]:
        return (
            "request",
            "INSERT INTO requests (request_id, time, final_action, record) VALUES (?, ?, ?, ?)",
            (record.request_id, _iso(record.time), record.final_action, record.model_dump_json()),
        )

    @staticmethod
    def _image_row(record: ImageRecord) -> tuple[str, str, tuple[Any, ...]]:
        return (
            "image",
            "INSERT INTO images (request_id, idx, attempt, record) VALUES (?, ?, ?, ?)",
            (record.request_id, record.index, record.attempt, record.model_dump_json()),
        )

    def log_request(self, record: RequestRecord) -> None:
        """Append one request record; it is on disk when this returns."""
        self._write([self._request_row(record)], f"request {record.request_id}")

    def log_image(self, record: ImageRecord) -> None:
        """Append one image record; it is on disk when this returns."""
        self._write([self._image_row(record)], f"image {record.request_id}#{record.index} attempt {record.attempt}")

    def log_request_with_images(self, request: RequestRecord, images: list[ImageRecord]) -> None:
        """Append a request and its images atomically (one transaction, one disk sync).

        Cheaper than separate calls (each durable commit costs a sync, ~8 ms here) and never
        leaves a request without its images after a crash.
        """
        strangers = sorted({img.request_id for img in images} - {request.request_id})
        if strangers:
            raise InputError(
                f"images of other requests given with request {request.request_id}: {strangers}", where="images"
            )
        rows = [self._request_row(request), *(self._image_row(img) for img in images)]
        self._write(rows, f"request {request.request_id} or one of its images")

    def log_batch(self, entries: list[tuple[RequestRecord | None, list[ImageRecord]]]) -> None:
        """Append several entries (a request and its images, or images alone) in one transaction.

        All or nothing, one disk sync for the lot: the group-commit writer
        (``guardrail.audit.group_commit``) uses it to share one sync between concurrent callers.
        """
        rows = []
        for request, images in entries:
            if request is not None and any(img.request_id != request.request_id for img in images):
                raise InputError(f"images of other requests given with request {request.request_id}", where="images")
            rows += [self._request_row(request)] if request is not None else []
            rows += [self._image_row(img) for img in images]
        self._write(rows, f"one of {len(entries)} batched entries")

    # -- reading -----------------------------------------------------------------------------

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = self._conn()
        try:
            return conn.execute(sql, params).fetchall()
        except conn.errors as err:
            raise StoreError(f"cannot read the audit log: {conn.message(err)}", where=str(self.path)) from err

    def list_requests(
        self, limit: int = 50, since: datetime | None = None, action: str | None = None
    ) -> list[RequestRecord]:
        """The newest ``limit`` requests first, optionally since a time and with one final action."""
        if limit < 1:
            raise InputError(f"limit must be at least 1 but is {limit}", where="--limit")
        where, params = [], []
        if since is not None:
            if since.tzinfo is None:
                raise InputError("since must be timezone-aware", where="--since", fix="add +00:00 for UTC")
            where.append("time >= ?")
            params.append(_iso(since))
        if action is not None:
            where.append("final_action = ?")
            params.append(action)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(
            f"SELECT record FROM requests {clause} ORDER BY time DESC, seq DESC LIMIT ?", (*params, limit)
        )
        return [RequestRecord.model_validate_json(row[0]) for row in rows]

    def get_request(self, request_id: str) -> tuple[RequestRecord, list[ImageRecord]]:
        """One request and its images ordered by index and attempt; InputError if unknown."""
        rows = self._query("SELECT record FROM requests WHERE request_id = ?", (request_id,))
        if not rows:
            raise InputError(
                f"no request {request_id!r} in the audit log",
                where=str(self.path),
                fix="list request ids with `guardrail audit list`",
            )
        images = self._query("SELECT record FROM images WHERE request_id = ? ORDER BY idx, attempt", (request_id,))
        return RequestRecord.model_validate_json(rows[0][0]), [ImageRecord.model_validate_json(r[0]) for r in images]

    def _stream(self) -> Iterator[RequestRecord | ImageRecord]:
        """Every record, each request followed by its images, then images without a request.

        Runs on its own connection inside one read-only transaction (a consistent snapshot), reading
        the requests a batch at a time.
        """
        conn = self._open()
        try:
            with conn.snapshot():
                for (request_json,) in conn.stream("SELECT record FROM requests ORDER BY seq"):
                    request = RequestRecord.model_validate_json(request_json)
                    yield request
                    for (image_json,) in conn.execute(
                        "SELECT record FROM images WHERE request_id = ? ORDER BY idx, attempt", (request.request_id,)
                    ):
                        yield ImageRecord.model_validate_json(image_json)
                for (image_json,) in conn.stream(
                    "SELECT record FROM images WHERE request_id NOT IN (SELECT request_id FROM requests) ORDER BY seq"
                ):
                    yield ImageRecord.model_validate_json(image_json)
        except conn.errors as err:
            raise StoreError(f"cannot read the audit log: {conn.message(err)}", where=str(self.path)) from err
        finally:
            conn.close()

    def verify(self) -> ChainReport:
        """Check the database and every chain link, oldest first; the report names the first break."""
        conn = self._open()
        try:
            with conn.snapshot():  # one consistent snapshot
                return verify_chain(conn, str(self.path), audit_key_by_id, integrity=_integrity(conn))
        except conn.errors as err:
            raise StoreError(
                f"cannot read the audit log: {conn.message(err)}",
                where=str(self.path),
                fix="restore the audit database from a backup",
            ) from err
        finally:
            conn.close()

    def export(self, fmt: ExportFormat, out: TextIO) -> int:
        """Stream every record to ``out`` (``jsonl`` or ``csv``, ``kind`` column); return rows."""
        return write_rows(self._stream(), fmt, out)


def _statements() -> list[str]:
    return [s.strip() for s in _SCHEMA.split(";") if s.strip()] + _TRIGGERS


def _sqlite_create_or_migrate(conn: Database) -> None:
    """SQLite 2: create the schema, or bring a version-1 log to version 2 (inside the write transaction)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('requests', 'images')").fetchone()[0]
    if version == 0 and has_tables:
        raise StoreError(
            "the file has audit tables but no schema version",
            where=str(conn.path),
            fix="move the file aside (keep it) and let guardrail create a new audit log",
        )
    for statement in _statements():
        conn.execute(statement)
    if version == 1:
        rows = [(t, 0, s, "request", r) for s, t, r in conn.execute("SELECT seq, time, record FROM requests")]
        for seq, record in conn.execute("SELECT seq, record FROM images"):
            rows.append((ImageRecord.model_validate_json(record).time.isoformat(), 1, seq, "image", record))
        rows.sort()
        for _, _, row, kind, record in rows:
            AuditLog._link(conn, kind, row, record)
        logger.warning(
            "audit log %s upgraded to schema %d: %d existing records linked into the chain (their links prove "
            "integrity only from now on)",
            conn.path,
            SCHEMA_VERSION,
            len(rows),
        )


# Numbered schema migrations per engine (guardrail.database.migrations).
MIGRATIONS = {"sqlite": ((SCHEMA_VERSION, _sqlite_create_or_migrate),), "postgres": ((1, _POSTGRES_SCHEMA),)}


def _integrity(conn: Database) -> str:
    """'ok' when the database is intact: SQLite's integrity check; on PostgreSQL, the append-only
    triggers are in place and enabled on every audit table."""
    if conn.engine == "sqlite":
        return "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()) or "?"
    guarded = {
        r[0]
        for r in conn.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname = c.relname || '_append_only' "
            "AND t.tgenabled <> 'D'"
        )
    }
    missing = [t for t in _TABLES if t not in guarded]
    return "ok" if not missing else f"append-only trigger missing or disabled on {', '.join(missing)}"
