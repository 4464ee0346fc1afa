"""The one setting that moves the stores to PostgreSQL, and how it is shown without its password."""

from __future__ import annotations

import os
import re

from guardrail.errors import InputError

__all__ = ["DATABASE_URL_ENV", "database_url", "redact_url"]

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
