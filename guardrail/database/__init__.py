"""Where the stores keep their rows: SQLite files in ``GUARDRAIL_HOME`` (default) or one PostgreSQL.

``GUARDRAIL_DATABASE_URL=postgresql://user:password@host:5432/dbname`` moves the manifest store,
the reference registry, the audit log and the API keys into that database, so several processes
and machines share them. Each store is one implementation over :class:`Database`, a tiny dialect
layer (placeholders, write transactions, snapshots, error types); its schema is a list of numbered
migrations per engine (:mod:`guardrail.database.migrations`, ``guardrail db upgrade``).
"""

from __future__ import annotations

from guardrail.database.connection import Database, open_database
from guardrail.database.url import DATABASE_URL_ENV, database_url, redact_url

__all__ = ["DATABASE_URL_ENV", "Database", "database_url", "open_database", "redact_url"]
