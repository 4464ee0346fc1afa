"""The narrow interface every audit store implements (SQLite by default, a server DB later)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol, TextIO, runtime_checkable

from guardrail.audit.chain import ChainReport
from guardrail.audit.records import ImageRecord, RequestRecord

__all__ = ["AuditStore", "ExportFormat"]

ExportFormat = Literal["jsonl", "csv"]


@runtime_checkable
class AuditStore(Protocol):
    """Append-only, tamper-evident log of requests and images. There is deliberately no update or delete."""

    def ready(self) -> None:
        """Raise now (StoreError, UnsafePermissionsError) if no record could be appended.

        Called before expensive work (a model's generation) so a broken or refused audit log stops
        the request before it starts instead of after minutes of work.
        """
        ...

    def log_request(self, record: RequestRecord) -> None:
        """Append one request record durably; a request id may be logged once."""
        ...

    def log_image(self, record: ImageRecord) -> None:
        """Append one image record durably; (request_id, index, attempt) may be logged once."""
        ...

    def log_request_with_images(self, request: RequestRecord, images: list[ImageRecord]) -> None:
        """Append a request and its images atomically (all or nothing)."""
        ...

    def list_requests(
        self, limit: int = 50, since: datetime | None = None, action: str | None = None
    ) -> list[RequestRecord]:
        """The newest requests first, optionally only since a time or with one final action."""
        ...

    def get_request(self, request_id: str) -> tuple[RequestRecord, list[ImageRecord]]:
        """One request and its images (ordered by index, attempt)."""
        ...

    def export(self, fmt: ExportFormat, out: TextIO) -> int:
        """Stream every record to ``out`` as JSON lines or CSV with a ``kind`` column; return rows."""
        ...

    def verify(self) -> ChainReport:
        """Check that every record is linked to the one before it; the report names the first break."""
        ...
