"""The append-only audit log: one record per request and per image, every decision kept.

``AuditLog`` (SQLite in ``GUARDRAIL_HOME/audit.db``) is the default ``AuditStore``; a server
database can replace it by implementing the same small protocol.
"""

from __future__ import annotations

from guardrail.audit.export import CSV_COLUMNS
from guardrail.audit.key import audit_key, prompt_digest
from guardrail.audit.records import ImageRecord, PromptMode, RequestRecord, utc_now
from guardrail.audit.sqlite import AuditLog, default_audit_path
from guardrail.audit.store import AuditStore, ExportFormat

__all__ = [
    "CSV_COLUMNS",
    "AuditLog",
    "AuditStore",
    "ExportFormat",
    "ImageRecord",
    "PromptMode",
    "RequestRecord",
    "default_audit_path",
    "audit_key",
    "prompt_digest",
    "utc_now",
]
