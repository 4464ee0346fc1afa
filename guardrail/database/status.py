"""The schema of every store at a glance, and bringing them all up to date (``guardrail db status|upgrade``)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.database.connection import Database, open_database
from guardrail.database.migrations import latest_version, schema_version, upgrade
from guardrail.database.url import database_url
from guardrail.home import guardrail_home

__all__ = ["SCHEMA_STATES", "STORES", "SchemaState", "StoreSchema", "schema_status", "upgrade_all"]

SchemaState = Literal["current", "behind", "newer", "absent"]
SCHEMA_STATES: dict[str, str] = {
    "current": "every migration this guardrail knows is applied",
    "behind": "migrations are pending: run `guardrail db upgrade` (stores also upgrade themselves when opened)",
    "newer": "written by a newer guardrail: upgrade guardrail, never downgrade against it",
    "absent": "not created yet (the store creates it on first use)",
}

# (store name, SQLite file in GUARDRAIL_HOME, module with MIGRATIONS, SQLite connection options)
STORES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("manifests", "manifests.db", "guardrail.provenance.store", {}),
    ("references", "references.db", "guardrail.similarity.registry", {"wal": False, "foreign_keys": True}),
    ("audit", "audit.db", "guardrail.audit.sqlite", {}),
    ("apikeys", "apikeys.db", "guardrail.service.apikeys", {}),
)


class StoreSchema(BaseModel):
    """Where one store lives and which schema version it has."""

    model_config = ConfigDict(extra="forbid")

    store: str = Field(description="manifests, references, audit or apikeys.")
    engine: Literal["sqlite", "postgres"] = Field(description="The database engine holding it.")
    location: str = Field(description="The SQLite file, or the PostgreSQL URL without its password.")
    version: int = Field(description="Schema version applied (0: none).")
    latest: int = Field(description="Schema version this guardrail knows for the engine.")
    state: SchemaState = Field(description="current, behind, newer or absent (see SCHEMA_STATES).")
    upgraded_from: int | None = Field(None, description="Version before `guardrail db upgrade` (None: not upgraded).")


def _state(version: int, latest: int, exists: bool) -> SchemaState:
    if not exists:
        return "absent"
    return "current" if version == latest else "behind" if version < latest else "newer"


def _each(apply: bool) -> list[StoreSchema]:
    url = database_url()
    shared: Database | None = open_database(url, "", what="guardrail database", fix="") if url else None
    out = []
    try:
        for name, filename, module, options in STORES:
            migrations = importlib.import_module(module).MIGRATIONS
            path = guardrail_home() / filename
            exists = shared is not None or Path(path).is_file()
            if not exists and not apply:
                latest = latest_version(migrations, "sqlite")
                out.append(
                    StoreSchema(
                        store=name, engine="sqlite", location=str(path), version=0, latest=latest, state="absent"
                    )
                )
                continue
            db = shared or open_database(path, filename, what=f"{name} store", fix="check the file", **options)
            try:
                before = schema_version(db, name)
                after = upgrade(db, name, migrations)[1] if apply else before
                latest = latest_version(migrations, db.engine)
                out.append(
                    StoreSchema(
                        store=name,
                        engine=db.engine,
                        location=str(db.path),
                        version=after,
                        latest=latest,
                        state=_state(after, latest, exists=after > 0 if db.engine == "postgres" else True),
                        upgraded_from=before if apply and after != before else None,
                    )
                )
            finally:
                if db is not shared:
                    db.close()
    finally:
        if shared is not None:
            shared.close()
    return out


def schema_status() -> list[StoreSchema]:
    """The schema version of every store (nothing is created or changed)."""
    return _each(apply=False)


def upgrade_all() -> list[StoreSchema]:
    """Apply every pending migration of every store (creating what is absent); StoreError if one fails."""
    return _each(apply=True)
