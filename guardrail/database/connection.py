"""One connection to a store's database, SQLite or PostgreSQL, behind the few operations stores use.

The stores write their SQL once, with ``?`` placeholders, ``INSERT ... ON CONFLICT DO NOTHING``
and ``RETURNING`` (both engines speak them); :class:`Database` translates placeholders for
PostgreSQL and gives the two things that differ in kind:

- ``transaction(lock)``: a write transaction that writers of one store take one after another
  (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock named by ``lock``).
  Serialised writers commit rows in the order of their ids, so a reader that follows a table by
  id (the fingerprint index, the reference matcher, the audit chain) never misses a row.
- ``snapshot()``: a read-only transaction that sees one consistent state (SQLite: ``BEGIN``;
  PostgreSQL: ``REPEATABLE READ READ ONLY``).

Connections are in autocommit mode outside these blocks, so no idle transaction holds a snapshot
or a lock. Failures become StoreError naming the file or the URL (never its password).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from guardrail.database.url import database_url, is_database_url, redact_url
from guardrail.errors import StoreError
from guardrail.home import guardrail_home

__all__ = ["Database", "Engine", "open_database", "split_script"]

Engine = Literal["sqlite", "postgres"]
CONNECT_TIMEOUT_S = 10
_CURSORS = itertools.count(1)


def split_script(script: str) -> list[str]:
    """The statements of a SQL script (a trigger body's inner ``;`` does not end its statement)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n\t;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip(" \n\t;"):
        out.append(buf.strip())
    return out


def _lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for ``name`` (stable across processes and machines)."""
    return int.from_bytes(hashlib.sha256(f"guardrail:{name}".encode()).digest()[:8], "big", signed=True)


class Database:
    """One connection (SQLite file or PostgreSQL database) with the dialect differences handled.

    Not locked: a store serialises its own use of one Database (or keeps one per thread).
    """

    def __init__(self, raw: Any, engine: Engine, path: Path | str, *, url: str | None = None, what: str = "") -> None:
        self.raw, self.engine, self.path = raw, engine, path
        self._url, self._what = url, what
        if engine == "sqlite":
            self.errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
            self.integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
        else:
            import psycopg

            self.errors, self.integrity_errors = (psycopg.Error,), (psycopg.IntegrityError,)

    def __getattr__(self, name: str) -> Any:
        """Anything else is the driver connection's (e.g. sqlite3's ``set_trace_callback``, which the tests
        that inspect query plans use)."""
        if name == "raw":  # not set yet (during __init__): no recursion
            raise AttributeError(name)
        return getattr(self.raw, name)

    @property
    def where(self) -> str:
        """The file or the URL without its password: what error messages name."""
        return str(self.path)

    def message(self, err: BaseException) -> str:
        """``str(err)`` with the URL's password removed, should a driver ever echo it."""
        text = str(err).strip()
        if self._url:
            from urllib.parse import unquote, urlsplit

            secret = urlsplit(self._url).password
            if secret:
                text = text.replace(secret, "***").replace(unquote(secret), "***")
        return text

    @contextlib.contextmanager
    def failures(
        self, what: str, *, where: str | None = None, fix: str | None = None, integrity: bool = False
    ) -> Iterator[None]:
        """Driver errors raised inside become ``StoreError("{what}: {message}")`` naming ``where`` (default:
        this database) and ``fix``; with ``integrity=True`` only constraint violations are converted."""
        caught = self.integrity_errors if integrity else self.errors
        try:
            yield
        except caught as err:
            raise StoreError(f"{what}: {self.message(err)}", where=where or self.where, fix=fix) from err

    def _sql(self, sql: str) -> str:
        return sql if self.engine == "sqlite" else sql.replace("%", "%%").replace("?", "%s")

    def _live(self) -> Any:
        if self.engine == "postgres" and (self.raw.closed or self.raw.broken):  # the server dropped us: reconnect
            self.raw = _connect_postgres(self._url or "", self._what).raw
        return self.raw

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        """Run one statement; returns a cursor (``fetchone``, ``fetchall``, ``rowcount``, iteration)."""
        return self._live().execute(self._sql(sql), tuple(args))

    def stream(self, sql: str, args: Iterable[Any] = (), *, batch: int = 2000) -> Iterator[tuple]:
        """The rows of a query a batch at a time, not all in memory (PostgreSQL: a server-side cursor
        fetching ``batch`` rows per round trip, which needs a transaction: use inside :meth:`snapshot`)."""
        if self.engine == "sqlite":
            yield from self.raw.execute(sql, tuple(args))
            return
        with self._live().cursor(name=f"guardrail_stream_{next(_CURSORS)}") as cur:
            cur.itersize = batch
            cur.execute(self._sql(sql), tuple(args))
            yield from cur

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """Run one statement for each row of parameters."""
        rows = [tuple(r) for r in rows]
        if self.engine == "sqlite":
            self.raw.executemany(sql, rows)
        elif rows:
            with self._live().cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def script(self, script: str) -> None:
        """Run several statements without parameters (inside the caller's transaction, if any)."""
        if self.engine == "sqlite":
            for statement in split_script(script):  # executescript would COMMIT the caller's transaction
                self.raw.execute(statement)
        else:
            self._live().execute(script)

    @contextlib.contextmanager
    def transaction(self, lock: str) -> Iterator[Database]:
        """A write transaction; writers holding the same ``lock`` name run one after another."""
        if self.engine == "sqlite":
            self.raw.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.raw.execute("ROLLBACK")
                raise
            self.raw.execute("COMMIT")
        else:
            with self._live().transaction():
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(lock),))
                yield self

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A read-only transaction: every read inside sees the same committed state."""
        begin = "BEGIN" if self.engine == "sqlite" else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        self._live().execute(begin)
        try:
            yield self
        finally:
            self.raw.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()


def _connect_postgres(url: str, what: str) -> Database:
    shown = redact_url(url)
    try:
        import psycopg
    except ModuleNotFoundError as err:
        raise StoreError(
            f"the {what} is configured in PostgreSQL but psycopg is not installed",
            where=shown,
            fix='pip install "guardrail[postgres]" (psycopg 3)',
        ) from err
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as err:
        db = Database(None, "postgres", shown, url=url, what=what)
        raise StoreError(
            f"cannot connect to the {what}: {db.message(err)}",
            where=shown,
            fix="check GUARDRAIL_DATABASE_URL (host, port, database, user, password) and that the server is running",
        ) from err
    return Database(raw, "postgres", shown, url=url, what=what)


def open_database(
    path: str | Path | None,
    default_name: str,
    *,
    what: str,
    fix: str,
    wal: bool = True,
    foreign_keys: bool = False,
) -> Database:
    """Open the database of one store.

    ``path`` (a file, or a ``postgresql://`` URL) wins; without it, ``GUARDRAIL_DATABASE_URL`` if set,
    else the SQLite file ``default_name`` in ``GUARDRAIL_HOME``. ``wal`` and ``foreign_keys`` are
    SQLite settings (PostgreSQL always logs ahead and enforces foreign keys).
    """
    if path is None:
        path = database_url() or guardrail_home() / default_name
    if is_database_url(str(path)):
        return _connect_postgres(str(path), what)
    from guardrail.sqlite_connect import connect

    raw = connect(Path(path), what=what, wal=wal, foreign_keys=foreign_keys, autocommit=True, fix=fix)
    return Database(raw, "sqlite", Path(path), what=what)
