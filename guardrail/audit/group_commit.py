"""Group commit: concurrent writers share one durable commit of the audit log.

A durable commit costs one disk sync (milliseconds), whatever it holds. ``GroupCommitWriter``
wraps an :class:`~guardrail.audit.store.AuditStore`; its writer thread takes every entry waiting
when the previous commit finished and writes them in one transaction (``log_batch``). Each
caller blocks (or awaits the future of :meth:`GroupCommitWriter.submit`) until the commit that
holds its entry returned, so nothing is answered before it is audited, exactly as with the store
itself; one caller alone pays one sync, as before, and N callers at once share a few.

```
caller ─► submit(entry) ─► queue ─► writer thread: take all waiting ─► store.log_batch(all)
   ▲                                                   │ failed? each entry alone, own error
   └──────────────── future: done / StoreError ◄───────┘
```

A store without ``log_batch`` (e.g. a server database) gets one ``log_request_with_images``
(or ``log_image``) per entry, still from the one writer thread. If a batch fails, its entries
are retried one by one (the failed transaction wrote nothing), so one bad entry (a duplicate
request id) fails only its own caller.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import Any, Protocol, runtime_checkable

from guardrail.audit.records import ImageRecord, RequestRecord
from guardrail.audit.store import AuditStore
from guardrail.errors import StoreError

__all__ = ["BatchAppend", "GroupCommitWriter"]

log = logging.getLogger(__name__)

Entry = tuple[RequestRecord | None, list[ImageRecord]]


@runtime_checkable
class BatchAppend(Protocol):
    """A store that appends several entries in one durable transaction (``AuditLog``)."""

    def log_batch(self, entries: list[Entry]) -> None:
        """Append every entry (a request and its images, or images alone): all or nothing."""
        ...


def _settle(future: Future[None], error: BaseException | None = None) -> None:
    """Answer the waiter, unless it gave up before its entry was taken (its future was cancelled)."""
    if future.cancelled():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


class GroupCommitWriter:
    """An AuditStore that funnels every write through one thread, committing waiting writes together.

    Reads (``list_requests``, ``verify``, ...) go straight to the wrapped store. ``close`` writes
    what is queued, stops the thread and closes the store.
    """

    def __init__(self, store: AuditStore, *, max_batch: int = 512) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1 but is {max_batch}")
        self.store = store
        self.max_batch = max_batch
        self._pending: list[tuple[Entry, Future[None]]] = []
        self._cond = threading.Condition()
        self._closed = False
        self.commits = 0  # transactions written (a batch that fell back to one by one counts each)
        self.entries = 0  # entries durably written
        self._thread = threading.Thread(target=self._run, name="audit-group-commit", daemon=True)
        self._thread.start()

    # -- writing -----------------------------------------------------------------------------

    def submit(self, request: RequestRecord | None, images: list[ImageRecord] | None = None) -> Future[None]:
        """Queue one entry; the future is done once it is durably committed (or holds the error)."""
        future: Future[None] = Future()
        with self._cond:
            if self._closed:
                raise StoreError("the audit writer is closed", where="audit log", fix="restart the service")
            self._pending.append(((request, list(images or [])), future))
            self._cond.notify()
        return future

    def log_request(self, record: RequestRecord) -> None:
        """Append one request record; it is on disk when this returns."""
        self.submit(record).result()

    def log_image(self, record: ImageRecord) -> None:
        """Append one image record; it is on disk when this returns."""
        self.submit(None, [record]).result()

    def log_request_with_images(self, request: RequestRecord, images: list[ImageRecord]) -> None:
        """Append a request and its images atomically; on disk when this returns."""
        self.submit(request, images).result()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if not self._pending:  # closed and drained
                    return
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
            for _, future in batch:  # from here a waiter cannot cancel; one that gave up (timed out) is still written
                future.set_running_or_notify_cancel()
            self._commit(batch)

    def _commit(self, batch: list[tuple[Entry, Future[None]]]) -> None:
        if len(batch) > 1 and isinstance(self.store, BatchAppend):
            try:
                self.store.log_batch([entry for entry, _ in batch])
            except Exception as err:  # nothing of the batch was written: each entry alone, with its own error
                log.warning("batched audit write of %d entries failed (%s); writing them one by one", len(batch), err)
            else:
                self.commits += 1
                self.entries += len(batch)
                for _, future in batch:
                    _settle(future)
                return
        for entry, future in batch:
            try:
                self._write_one(entry)
            except BaseException as err:  # the caller sees it: nothing is answered unaudited
                _settle(future, err)
            else:
                self.commits += 1
                self.entries += 1
                _settle(future)

    def _write_one(self, entry: Entry) -> None:
        request, images = entry
        if request is None:
            for image in images:
                self.store.log_image(image)
        elif images:
            self.store.log_request_with_images(request, images)
        else:
            self.store.log_request(request)

    # -- lifecycle and reading ---------------------------------------------------------------

    def close(self) -> None:
        """Write what is queued, stop the writer thread and close the wrapped store."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join()
        self.store.close()

    def __enter__(self) -> GroupCommitWriter:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:  # reading: list_requests, get_request, export, verify, path
        if name == "store":  # not set yet: never recurse
            raise AttributeError(name)
        return getattr(self.store, name)
