"""The append-only audit log: one record per request and per image, every decision kept.

Records are HMAC-chained (``AuditLog.verify``); releases are write-ahead
(``guardrail.audit.release.publish``) and crashes are reconciled by ``recover``. See docs/audit.md.

``AuditLog`` is the ``AuditStore``: SQLite in ``GUARDRAIL_HOME/audit.db`` by default, or the
PostgreSQL database of ``GUARDRAIL_DATABASE_URL`` (one log for several machines).
"""

from __future__ import annotations

from guardrail.audit.chain import ChainBreak, ChainReport
from guardrail.audit.export import CSV_COLUMNS
from guardrail.audit.key import audit_key, prompt_digest, rotate_audit_key
from guardrail.audit.records import REFUSED, ImageRecord, PromptMode, RecoveryAction, RequestRecord, utc_now
from guardrail.audit.recover import RecoveryReport, recover
from guardrail.audit.sqlite import AuditLog, default_audit_path
from guardrail.audit.store import AuditStore, ExportFormat

__all__ = [
    "CSV_COLUMNS",
    "REFUSED",
    "ChainBreak",
    "ChainReport",
    "RecoveryAction",
    "RecoveryReport",
    "recover",
    "rotate_audit_key",
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
