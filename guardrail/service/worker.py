"""One worker thread for generation: the model is loaded once and called by one thread at a time.

A diffusers pipeline is not safe to call concurrently, so every generate request is queued here.
The queue is bounded: when it is full, :meth:`GenerateWorker.submit` raises :class:`QueueFull`
with an estimate of when to retry (the service answers 429 with ``Retry-After``).
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

__all__ = ["GenerateWorker", "QueueFull"]

log = logging.getLogger(__name__)


class QueueFull(Exception):
    """The generate queue is full; ``retry_after`` is a guess in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"generate queue full; retry after {retry_after} s")
        self.retry_after = retry_after


class GenerateWorker:
    """Runs ``load()`` once, then each submitted call with the loaded object, one at a time."""

    def __init__(
        self, load: Callable[[], Any], queue_size: int, on_depth: Callable[[int, bool], None] | None = None
    ) -> None:
        self._load = load
        self._queue: queue.Queue[tuple[Future, Callable[[Any], Any]] | None] = queue.Queue()
        self._queue_size = queue_size
        self._slots = threading.Lock()
        self._waiting = 0
        self._running = False
        self._on_depth = on_depth or (lambda depth, running: None)
        self._mean_s = 5.0  # until measured
        self._stopping = False
        self.loaded = threading.Event()
        self.load_error: BaseException | None = None
        self.target: Any = None
        self._thread = threading.Thread(target=self._run, name="guardrail-generate", daemon=True)

    def start(self) -> None:
        """Start the thread (it loads the model first)."""
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Let the running call finish; calls still waiting fail with RuntimeError (never dropped silently)."""
        self._stopping = True
        self._queue.put(None)
        self._thread.join(timeout)

    @property
    def depth(self) -> int:
        """Calls waiting behind the running one."""
        return self._waiting

    def submit(self, call: Callable[[Any], Any]) -> Future:
        """Queue ``call(target)``; raise QueueFull when ``queue_size`` calls already wait."""
        with self._slots:
            busy = self._running or self._waiting > 0
            if busy and self._waiting >= self._queue_size:
                raise QueueFull(max(1, math.ceil(self._mean_s * (self._waiting + 1))))
            self._waiting += 1
            self._on_depth(self._waiting, self._running)
        future: Future = Future()
        self._queue.put((future, call))
        return future

    def _run(self) -> None:
        try:
            self.target = self._load()
        except BaseException as err:  # readyz reports it; generate answers 503
            log.exception("the generator could not be loaded")
            self.load_error = err
        self.loaded.set()
        while True:
            item = self._queue.get()
            if item is None:
                self._fail_waiting()
                break
            future, call = item
            if self._stopping:
                if future.set_running_or_notify_cancel():
                    future.set_exception(RuntimeError("the service is shutting down"))
                with self._slots:
                    self._waiting -= 1
                continue
            with self._slots:
                self._waiting -= 1
                self._running = True
                self._on_depth(self._waiting, True)
            try:
                if future.set_running_or_notify_cancel():
                    if self.load_error is not None:
                        raise RuntimeError("the generator is not loaded") from self.load_error
                    start = time.perf_counter()
                    future.set_result(call(self.target))
                    self._mean_s = 0.7 * self._mean_s + 0.3 * (time.perf_counter() - start)
            except BaseException as err:
                future.set_exception(err)
            finally:
                with self._slots:
                    self._running = False
                    self._on_depth(self._waiting, False)

    def _fail_waiting(self) -> None:
        """On stop: every call still queued fails at once (its client gets an error, not a hang)."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None and item[0].set_running_or_notify_cancel():
                item[0].set_exception(RuntimeError("the service is shutting down"))
