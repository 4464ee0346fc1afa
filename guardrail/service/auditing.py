"""Audit records of service calls, each with the caller's API key id (never the key).

Generate and mark write their records through the library (``GuardedPipeline``,
``check_and_mark``) before anything is returned; :class:`ClientStampedAudit` adds the key id to
those. Screen, check, verify and resolve release nothing; :func:`record_call` logs their outcome
(:func:`call_record` builds the record, for a caller that awaits the commit itself).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from typing import Any

from guardrail.audit import AuditStore, ImageRecord, RequestRecord

__all__ = ["ClientStampedAudit", "call_record", "record_call"]

_NO_MODEL = "-"  # check and verify involve no generator


class ClientStampedAudit:
    """An AuditStore that writes through to another, stamping the calling thread's client id."""

    def __init__(self, inner: AuditStore) -> None:
        self.inner = inner
        self._local = threading.local()

    def set_client(self, client_id: str | None) -> None:
        """Client id for the records this thread writes next."""
        self._local.client_id = client_id

    def _stamp(self, record: RequestRecord) -> RequestRecord:
        return record.model_copy(update={"client_id": getattr(self._local, "client_id", None)})

    def ready(self) -> None:
        self.inner.ready()

    def log_request(self, record: RequestRecord) -> None:
        self.inner.log_request(self._stamp(record))

    def log_image(self, record: ImageRecord) -> None:
        self.inner.log_image(record)

    def log_request_with_images(self, request: RequestRecord, images: list[ImageRecord]) -> None:
        self.inner.log_request_with_images(self._stamp(request), images)

    def __getattr__(self, name: str) -> Any:  # reading: list_requests, get_request, export, ...
        return getattr(self.inner, name)


def call_record(
    operation: str,
    *,
    client_id: str | None,
    policy: Any,
    final_action: str,
    prompt: str | None = None,
    prompt_mode: str = "full",
    source: bytes | None = None,
    model_id: str = _NO_MODEL,
    matched_rules: list[str] | None = None,
    parameters: dict[str, Any] | None = None,
    reason: str | None = None,
) -> RequestRecord:
    """The audit record of one screen / check / verify / resolve call (a new request id)."""
    request_id = f"{operation}-{uuid.uuid4()}"
    fields: dict[str, Any] = dict(
        request_id=request_id,
        operation=operation,
        policy=policy.ref,
        model_id=model_id,
        final_action=final_action,
        client_id=client_id,
        input_sha256=hashlib.sha256(source).hexdigest() if source is not None else None,
        matched_rules=matched_rules or [],
        parameters=parameters or {},
        reason=reason,
    )
    if prompt is not None:
        return RequestRecord.for_prompt(prompt, mode=prompt_mode, prompt_action=final_action, **fields)  # type: ignore[arg-type]
    return RequestRecord(**fields)


def record_call(audit: AuditStore, operation: str, **fields: Any) -> str:
    """Log one screen / check / verify call durably (fields as :func:`call_record`); return its request id."""
    record = call_record(operation, **fields)
    audit.log_request(record)
    return record.request_id
