"""The one way guardrail opens a SQLite store (manifest store, reference registry, audit log).

``connect`` creates the folder, opens the file for use from several threads, sets the busy
timeout, the journal mode (write-ahead log with ``synchronous=FULL`` by default: a commit is on
disk when it returns, with one fsync of the log), foreign keys if asked, applies the schema, and
turns any sqlite3 failure into a StoreError naming the file and how to fix it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from guardrail.errors import StoreError
from guardrail.home import require_private_db

__all__ = ["BUSY_TIMEOUT_S", "connect"]

BUSY_TIMEOUT_S = 30.0
"""How long a statement waits for another connection's write lock before failing."""


def connect(
    path: str | Path,
    *,
    what: str,
    schema: str | None = None,
    wal: bool = True,
    foreign_keys: bool = False,
    autocommit: bool = False,
    fix: str = "check the file's permissions and free disk space",
) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite file at ``path`` for ``what`` (e.g. "manifest store").

    ``autocommit`` opens with ``isolation_level=None`` (the caller issues BEGIN/COMMIT itself).
    The connection may be used from any thread; callers serialise use with their own lock or
    keep one connection per thread.
    """
    path = Path(path)
    require_private_db(path, f"the {what}")  # before opening: another user's writes are not ours to trust
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_S,
            check_same_thread=False,
            **({"isolation_level": None} if autocommit else {}),
        )
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        if wal:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.close()
                raise StoreError(f"cannot switch the {what} to WAL mode (got {mode})", where=str(path), fix=fix)
            conn.execute("PRAGMA synchronous=FULL")
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys = ON")
        if schema is not None:
            conn.executescript(schema)
    except sqlite3.Error as err:
        raise StoreError(f"cannot open the {what}: {err}", where=str(path), fix=fix) from err
    except OSError as err:
        raise StoreError(f"cannot create the {what}: {err}", where=str(path), fix=fix) from err
    return conn
