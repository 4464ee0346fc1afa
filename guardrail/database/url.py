"""The one setting that moves the stores to PostgreSQL, and how it is shown without its password."""

from __future__ import annotations

import os
import re

from guardrail.errors import InputError, StoreError

__all__ = ["DATABASE_URL_ENV", "database_url", "is_database_url", "recorded_location", "redact_url"]

DATABASE_URL_ENV = "GUARDRAIL_DATABASE_URL"
_SCHEMES = ("postgresql://", "postgres://")


def redact_url(url: str) -> str:
    """``url`` with any password removed (safe for messages, logs and audit records)."""
    text = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", text)


def is_database_url(location: str | None) -> bool:
    """True when ``location`` names a PostgreSQL database rather than a SQLite file."""
    return bool(location) and str(location).startswith(_SCHEMES)


def database_url() -> str | None:
    """The PostgreSQL URL from ``GUARDRAIL_DATABASE_URL``, or None (SQLite files in GUARDRAIL_HOME).

    Raises InputError for a value that is not a ``postgresql://`` URL (shown without its password).
    """
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if not url:
        return None
    if not is_database_url(url):
        raise InputError(
            f"{DATABASE_URL_ENV} is not a PostgreSQL URL: {redact_url(url)!r}",
            where=DATABASE_URL_ENV,
            fix="set it to postgresql://USER:PASSWORD@HOST:5432/DBNAME, or unset it to use SQLite in GUARDRAIL_HOME",
        )
    return url


def recorded_location(recorded: str) -> str:
    """The store a pending release named (a file, or a URL recorded without its password), ready to open.

    A recorded URL is opened through ``GUARDRAIL_DATABASE_URL``, which must name the same database:
    recovery never decides what was released by looking in another database.
    """
    if not is_database_url(recorded):
        return recorded
    configured = database_url()
    if configured is None or redact_url(configured) != recorded:
        raise StoreError(
            f"a pending release was recorded in the database {recorded}, but GUARDRAIL_DATABASE_URL "
            f"{'is not set' if configured is None else 'names ' + redact_url(configured)}",
            where=DATABASE_URL_ENV,
            fix="set GUARDRAIL_DATABASE_URL to that database and run `guardrail audit recover` again",
        )
    return configured
