"""Numbered schema migrations, per store and per engine, applied in order exactly once.

A store declares ``{"sqlite": ((1, step), (2, step), ...), "postgres": ((1, step), ...)}``; a step
is a SQL script or a function of the :class:`~guardrail.database.Database`. The version applied
last is kept in ``PRAGMA user_version`` (a SQLite file holds one store) or in the table
``guardrail_schema`` (one row per store: a PostgreSQL database holds all four). Upgrades run in
one write transaction under one lock, so processes that open a store at the same time apply each
step once; a database written by a newer guardrail is refused, never downgraded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from guardrail.database.connection import Database, open_database
from guardrail.errors import StoreError

__all__ = ["Migrations", "latest_version", "open_migrated", "schema_version", "upgrade"]

log = logging.getLogger(__name__)

Step = str | Callable[[Database], None]
Migrations = Mapping[str, Sequence[tuple[int, Step]]]
_LOCK = "schema"


def latest_version(migrations: Migrations, engine: str) -> int:
    """The version a store's schema has once every migration for ``engine`` ran."""
    return migrations[engine][-1][0]


def schema_version(db: Database, store: str) -> int:
    """The schema version of ``store`` in ``db`` (0: nothing applied yet)."""
    if db.engine == "sqlite":
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    if db.execute("SELECT to_regclass('guardrail_schema')").fetchone()[0] is None:
        return 0
    row = db.execute("SELECT version FROM guardrail_schema WHERE store = ?", (store,)).fetchone()
    return int(row[0]) if row else 0


def _set_version(db: Database, store: str, version: int) -> None:
    if db.engine == "sqlite":
        db.execute(f"PRAGMA user_version = {int(version)}")
    else:
        db.execute(
            "INSERT INTO guardrail_schema (store, version) VALUES (?, ?) "
            "ON CONFLICT (store) DO UPDATE SET version = excluded.version",
            (store, version),
        )


def _refuse_newer(db: Database, store: str, version: int, latest: int) -> None:
    if version > latest:
        raise StoreError(
            f"the {store} store has schema version {version}; this guardrail knows up to {latest}",
            where=db.where,
            fix="upgrade guardrail (never downgrade it against an existing database)",
        )


def upgrade(db: Database, store: str, migrations: Migrations) -> tuple[int, int]:
    """Apply the migrations ``store`` lacks in ``db``; returns (version before, version after)."""
    steps = migrations[db.engine]
    latest = steps[-1][0]
    try:
        before = schema_version(db, store)
        _refuse_newer(db, store, before, latest)
        if before == latest:
            return before, latest
        with db.transaction(_LOCK):
            if db.engine == "postgres":
                db.execute(
                    "CREATE TABLE IF NOT EXISTS guardrail_schema (store TEXT PRIMARY KEY, version INTEGER NOT NULL)"
                )
            before = schema_version(db, store)  # again, under the lock: another process may have upgraded
            _refuse_newer(db, store, before, latest)
            for number, step in steps:
                if number > before:
                    log.info("%s: applying migration %d on %s", store, number, db.where)
                    if isinstance(step, str):
                        db.script(step)
                    else:
                        step(db)
            _set_version(db, store, latest)
    except db.errors as err:
        raise StoreError(
            f"cannot upgrade the {store} schema: {db.message(err)}",
            where=db.where,
            fix="check the database is a guardrail store and writable; restore it from a backup if it is damaged",
        ) from err
    return before, latest


def open_migrated(
    path: str | Path | None, default_name: str, *, store: str, migrations: Migrations, **options: Any
) -> Database:
    """Open a store's database (:func:`~guardrail.database.open_database` with ``options``) and apply the
    migrations it lacks; the connection is closed again if that fails."""
    db = open_database(path, default_name, **options)
    try:
        upgrade(db, store, migrations)
    except BaseException:
        db.close()
        raise
    return db
