"""API keys of the HTTP service: created once, stored hashed, scoped per endpoint, revocable.

A key reads ``grk_<key id>_<secret>``. Only the id and the SHA-256 of the secret are stored
(``GUARDRAIL_HOME/apikeys.db``, or the PostgreSQL database of ``GUARDRAIL_DATABASE_URL`` so every
replica of the service knows every key); the secret has 256 random bits, so a plain hash cannot be
reversed by guessing. The full key is shown once, at creation. The id names the key in listings
and in the audit log; the key itself is never logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from guardrail.database.migrations import open_migrated
from guardrail.errors import InputError, StoreError

__all__ = ["SCOPES", "ApiKey", "ApiKeyStore", "Scope", "parse_scopes"]

Scope = Literal["screen", "check", "mark", "verify", "generate"]
SCOPES: tuple[str, ...] = get_args(Scope)
_PREFIX = "grk_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
);
"""
# Numbered schema migrations per engine (guardrail.database.migrations): the one table reads the same in both.
MIGRATIONS = {"sqlite": ((1, _SCHEMA),), "postgres": ((1, _SCHEMA),)}


class ApiKey(BaseModel):
    """What is known about a key (never the key itself)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str = Field(description="Public identifier of the key (recorded in the audit log).")
    name: str = Field(description="Label given at creation (who or what uses the key).")
    scopes: list[Scope] = Field(description="Endpoints the key may call: screen, check, mark, verify, generate.")
    created: dt.datetime = Field(description="When the key was created (UTC).")
    revoked: dt.datetime | None = Field(None, description="When the key was revoked (UTC); None while active.")


def parse_scopes(text: str | Iterable[str]) -> list[Scope]:
    """``"verify,screen"`` -> ``["screen", "verify"]``; an unknown scope raises InputError listing the valid ones."""
    items = text.split(",") if isinstance(text, str) else list(text)
    scopes = sorted({s.strip() for s in items if s.strip()})
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise InputError(
            f"unknown scope(s) {', '.join(unknown) or '(none given)'}",
            where="--scope",
            fix=f"use a comma-separated list of {', '.join(SCOPES)}",
        )
    return scopes  # type: ignore[return-value]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiKeyStore:
    """API keys in SQLite (default ``GUARDRAIL_HOME/apikeys.db``) or PostgreSQL; safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open the store at ``path`` (a SQLite file or a ``postgresql://`` URL); by default
        ``GUARDRAIL_DATABASE_URL`` if set, else ``GUARDRAIL_HOME/apikeys.db``."""
        self._lock = threading.Lock()
        self._db = open_migrated(
            path,
            "apikeys.db",
            store="apikeys",
            migrations=MIGRATIONS,
            what="API key store",
            fix="check the file's permissions, or restore it from a backup",
        )
        self.path = self._db.path

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> ApiKeyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, args: tuple = (), write: bool = False) -> list[tuple]:
        try:
            with self._lock:
                if write:
                    with self._db.transaction("apikeys"):
                        self._db.execute(sql, args)
                        return []
                return self._db.execute(sql, args).fetchall()
        except self._db.errors as err:
            raise StoreError(
                f"API key store failed: {self._db.message(err)}",
                where=str(self.path),
                fix="check the file and disk space, or that the database server is reachable",
            ) from err

    @staticmethod
    def _key(row: tuple) -> ApiKey:
        return ApiKey(
            key_id=row[0],
            name=row[1],
            scopes=json.loads(row[2]),
            created=dt.datetime.fromisoformat(row[3]),
            revoked=dt.datetime.fromisoformat(row[4]) if row[4] else None,
        )

    def create(self, scopes: str | Iterable[str], name: str = "") -> tuple[ApiKey, str]:
        """Create a key with ``scopes``; return its record and the full key (shown once, never stored)."""
        parsed = parse_scopes(scopes)
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.UTC)
        self._run(
            "INSERT INTO api_keys (key_id, name, scopes, secret_sha256, created) VALUES (?, ?, ?, ?, ?)",
            (key_id, name, json.dumps(parsed), _digest(secret), now.isoformat()),
            write=True,
        )
        return ApiKey(key_id=key_id, name=name, scopes=parsed, created=now), f"{_PREFIX}{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        """Every key, oldest first (revoked ones too)."""
        return [
            self._key(r)
            for r in self._run("SELECT key_id, name, scopes, created, revoked FROM api_keys ORDER BY created")
        ]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke ``key_id`` (at once: the next request with it is refused); InputError if unknown."""
        now = dt.datetime.now(dt.UTC).isoformat()
        self._run("UPDATE api_keys SET revoked = ? WHERE key_id = ? AND revoked IS NULL", (now, key_id), write=True)
        rows = self._run("SELECT key_id, name, scopes, created, revoked FROM api_keys WHERE key_id = ?", (key_id,))
        if not rows:
            raise InputError(f"no API key {key_id!r}", where="KEY_ID", fix="list the keys with `guardrail apikey list`")
        return self._key(rows[0])

    def authenticate(self, token: str) -> ApiKey | None:
        """The active key ``token`` belongs to, or None (unknown, malformed, wrong secret or revoked)."""
        if not token.startswith(_PREFIX):
            return None
        key_id, _, secret = token[len(_PREFIX) :].partition("_")
        if not key_id or not secret:
            return None
        rows = self._run(
            "SELECT key_id, name, scopes, created, revoked, secret_sha256 FROM api_keys WHERE key_id = ?", (key_id,)
        )
        if not rows or not hmac.compare_digest(rows[0][5], _digest(secret)):
            return None
        key = self._key(rows[0][:5])
        return None if key.revoked is not None else key
