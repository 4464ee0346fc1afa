"""Classifiers (image checks and local prompt classifiers) run in worker processes that are killed
at their deadline.

A thread cannot stop a check that keeps the GIL (a C extension, a catastrophic regex) or that ends
its own process (``os._exit`` in a plugin, a segfault): the timeout never fires, or the caller
dies with it. So every ``classify`` (and ``load``) runs in a separate process, a fresh
interpreter (no state inherited from a parent that runs torch/onnxruntime threads, and no
re-import of the parent's ``__main__``), which keeps its classifiers and their models loaded
between images. The parent waits for the reply up to the
check's ``timeout_s``; past it the worker is killed (SIGKILL) and a fresh one started on next use.
On Linux a worker is also killed when its parent process dies (``PR_SET_PDEATHSIG``).
A worker that dies mid-check (any exit status) is a failure too. Both are reported as
:class:`CheckAbandoned`, which the runner turns into an ``error`` verdict (``could-not-check``):
the image is withheld.

Workers form one pool per process, shared by every ``ImageChecker`` (a worker builds each
classifier once per backend, options and key path). The pool starts at most ``max_workers``
processes (default ``min(4, cpu count)``); a caller waits for a free one. A worker's first use of a
classifier loads it under the classifier's ``load_timeout_s`` (policy; default
``DEFAULT_LOAD_TIMEOUT_S``); the check's ``timeout_s`` bounds each classification. A load past its
deadline kills the worker and is reported as such ("the model did not load within N s"), never as
a classification timeout.

How the worker finds a backend: by import path (``module:qualified.name``) of the class or factory
the registry resolved, so built-ins, entry-point plugins and backends registered in
``checks.BACKENDS`` at run time all work, provided the object is importable at module level.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from PIL import Image

from guardrail.errors import BackendError, GuardrailError
from guardrail.policy.schema import DEFAULT_LOAD_TIMEOUT_S

__all__ = ["CheckAbandoned", "CheckFailed", "ClassifierSpec", "WorkerPool", "import_reference", "pool", "reference_of"]

log = logging.getLogger(__name__)

# Generous: a spawned interpreter imports PIL and pydantic (~0.3 s idle, several seconds on a busy
# machine). A worker that cannot start in this time fails the check (could-not-check), never passes it.
STARTUP_TIMEOUT_S = 120.0
# The load deadline of a spec that names none (policies set ``load_timeout_s`` per classifier).
LOAD_TIMEOUT_S = DEFAULT_LOAD_TIMEOUT_S


class CheckAbandoned(BackendError):
    """A check did not finish: it passed its deadline, or its worker process died."""


class ClassifierSpec:
    """What a worker needs to build one classifier (import path, options, key path) and how long it may load."""

    __slots__ = ("key", "load_timeout_s", "options", "reference", "where")

    def __init__(
        self, reference: str, options: dict[str, Any], where: str, load_timeout_s: float = LOAD_TIMEOUT_S
    ) -> None:
        self.reference = reference
        self.options = options
        self.where = where
        self.load_timeout_s = load_timeout_s
        self.key = json.dumps([reference, options, where], sort_keys=True, default=str)

    def as_message(self) -> tuple[str, str, dict[str, Any], str]:
        return (self.key, self.reference, self.options, self.where)


def import_reference(reference: str) -> Any:
    """Import ``"module:qualified.name"`` and return the object."""
    module_name, _, qualname = reference.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def reference_of(target: Any, where: str) -> str:
    """The import path of a backend class/factory; BackendError when a worker could not import it."""
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    reference = f"{module}:{qualname}"
    try:  # a worker never imports the caller's __main__ script
        found = (
            import_reference(reference)
            if module and module != "__main__" and qualname and "<locals>" not in qualname
            else None
        )
    except (ImportError, AttributeError):
        found = None
    if found is not target:
        raise BackendError(
            f"backend {target!r} cannot be imported by path ({reference}), so the worker process that runs"
            " checks cannot build it",
            where=where,
            fix="define the backend class at module level of an importable module (not the script being run)"
            " and register it as 'module:Class' or by that class object",
        )
    return reference


# ---- the worker process ------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:  # pragma: no cover - runs in the child process
    """Ask Linux to SIGKILL this worker when its parent dies (even mid-check, GIL held or not).

    Without it, a worker whose parent was killed would run its current check to the end. The
    signal follows the parent *thread* that started the worker: the pool starts workers from one
    long-lived thread for that reason. Elsewhere than Linux the worker exits at its next request.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        os._exit(1)


def _main(fd: int, parent_pid: int) -> None:  # pragma: no cover - runs in the child process
    """Entry point of a worker process: serve requests on the connection inherited as ``fd``."""
    from multiprocessing.connection import Connection

    _serve(Connection(fd), parent_pid)


def _serve(conn: Any, parent_pid: int) -> None:  # pragma: no cover - runs in the child process
    """Worker main loop: build classifiers on demand, answer ``load``/``classify`` until EOF."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    os.dup2(2, 1)  # a plugin's print() must never mix into the CLI's --json on stdout
    classifiers: dict[str, Any] = {}
    conn.send(("ready", os.getpid()))
    while True:
        try:
            op, (key, reference, options, where), payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            classifier = classifiers.get(key)
            if classifier is None:
                classifier = classifiers[key] = import_reference(reference)(options, where)
            if op == "load":
                classifier.load()
                reply: tuple[str, Any] = ("ok", None)
            elif op == "classify-text":  # a prompt classifier: (text, timeout_s) -> {category: score}
                text, timeout_s = payload
                reply = ("ok", {str(k): float(v) for k, v in classifier.classify(text, timeout_s).items()})
            else:
                mode, size, data = payload
                output = classifier.classify(Image.frombytes(mode, size, data))
                reply = ("ok", output.model_dump(mode="json"))
        except GuardrailError as err:
            reply = ("error", (type(err).__name__, str(err), _portable(err)))
        except BaseException as err:  # noqa: BLE001 - SystemExit too: any failure is reported, never "safe"
            reply = ("error", (type(err).__name__, f"{type(err).__name__}: {err}", None))
        conn.send(reply)


def _portable(err: GuardrailError) -> GuardrailError | None:  # pragma: no cover - runs in the child
    """``err`` itself when it survives pickling (so ``load()`` re-raises its type), else None."""
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:  # noqa: BLE001 - a plugin's own error class may not pickle
        return None
    return err


# ---- the parent side ---------------------------------------------------------------------------


class _Worker:
    """One worker process and the parent's end of its pipe.

    The worker is a fresh interpreter (``python -c``) that gets the parent's ``sys.path`` and
    imports only this module: unlike ``multiprocessing``'s spawn, it never re-imports the
    parent's ``__main__`` (a user's script without an ``if __name__ == "__main__"`` guard would
    otherwise run again inside the worker).
    """

    def __init__(self) -> None:
        self.loaded: set[str] = set()  # keys of the classifiers this worker has built and loaded
        self.conn, child = multiprocessing.Pipe(duplex=True)
        fd = child.fileno()
        code = (
            f"import sys; sys.path[:] = {list(sys.path)!r}; "
            f"from guardrail.checks.worker import _main; _main({fd}, {os.getpid()})"
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code], pass_fds=(fd,), stdin=subprocess.DEVNULL, close_fds=True
            )
        except OSError as err:
            self.conn.close()
            raise CheckAbandoned(f"the check worker could not start: {err}") from err
        finally:
            child.close()
        if not self.conn.poll(STARTUP_TIMEOUT_S):
            self.kill()
            raise CheckAbandoned(f"the check worker did not start within {STARTUP_TIMEOUT_S:g} s")
        try:
            self.conn.recv()
        except (EOFError, OSError) as err:
            self.kill()
            raise CheckAbandoned(f"the check worker died while starting (exit code {self.process.returncode})") from err

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, op: str, spec: ClassifierSpec, payload: Any, timeout_s: float) -> tuple[str, Any]:
        """Send one request and wait up to ``timeout_s`` for the reply; kill the worker otherwise (a ``load``
        past its deadline says so, with the policy key that sets it)."""
        try:
            self.conn.send((op, spec.as_message(), payload))
            ready = self.conn.poll(timeout_s)
            reply = self.conn.recv() if ready else None
        except (EOFError, OSError) as err:  # the worker died: pipe closed under us
            self.kill()
            raise CheckAbandoned(f"its worker process died (exit code {self.process.returncode})") from err
        if reply is None:
            self.kill()
            if op == "load":
                raise CheckAbandoned(
                    f"the model did not load within {timeout_s:g} s ({spec.where}.load_timeout_s); its worker "
                    "process was killed",
                    fix="raise load_timeout_s if the model is large or the disk slow; a plugin whose load() never "
                    "returns must be fixed",
                )
            raise CheckAbandoned(f"timed out after {timeout_s:g} s; its worker process was killed")
        return reply  # type: ignore[no-any-return]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            log.warning("check worker %s did not exit after SIGKILL", self.process.pid)
        self.conn.close()


class WorkerPool:
    """At most ``max_workers`` worker processes, shared by every caller of this process."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers or max(1, min(4, os.cpu_count() or 1))
        self._idle: list[_Worker] = []
        self._count = 0
        self._cond = threading.Condition()
        # Workers are started from this one long-lived thread: Linux's parent-death signal follows
        # the thread that started a process, so a worker must not die with a short-lived caller thread.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guardrail-check-spawner")

    @contextmanager
    def _worker(self) -> Iterator[_Worker]:
        with self._cond:
            while not self._idle and self._count >= self.max_workers:
                self._cond.wait()
            worker = self._idle.pop() if self._idle else None
            if worker is None:
                self._count += 1
        try:
            if worker is not None and not worker.alive():  # died between checks: start a fresh one
                worker.kill()
                worker = None
            if worker is None:
                worker = self._spawner.submit(_Worker).result()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise
        healthy = False
        try:
            yield worker
            healthy = True
        finally:
            with self._cond:
                if healthy and worker.alive():
                    self._idle.append(worker)
                else:
                    if worker.alive():  # interrupted mid-request: its reply would be read by the next caller
                        worker.kill()
                    self._count -= 1
                self._cond.notify()

    def run(self, op: str, spec: ClassifierSpec, payload: Any, timeout_s: float) -> Any:
        """Run ``op`` ("load", "classify" an image or "classify-text" a prompt) for ``spec`` in a worker.

        Raises CheckAbandoned past ``timeout_s`` or when the worker dies, CheckFailed when the
        backend raised (the message is the worker's).
        """
        with self._worker() as worker:
            status, value = "ok", None
            if op != "load" and spec.key not in worker.loaded:
                # a worker's first use of a classifier loads its model under the load deadline, so
                # ``timeout_s`` bounds the classification alone (not an interpreter's start-up and a
                # checkpoint read); a load that fails fails this call
                status, value = worker.call("load", spec, None, spec.load_timeout_s)
            if status == "ok":
                if op != "load":
                    worker.loaded.add(spec.key)  # loaded (above or before): kept whatever the op gives
                status, value = worker.call(op, spec, payload, timeout_s)
            if status == "ok":
                worker.loaded.add(spec.key)
                return value
        raise CheckFailed(*value)

    def shutdown(self) -> None:
        """Stop every idle worker (busy ones stop when their caller returns them)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            worker.kill()


class CheckFailed(BackendError):
    """The backend raised inside the worker: ``kind`` is the exception's class name, the message as
    rendered there, ``original`` the GuardrailError itself when it could be sent back."""

    def __init__(self, kind: str, message: str, original: GuardrailError | None = None) -> None:
        self.kind = kind
        self.original = original
        super().__init__(message)


_POOL: WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def pool() -> WorkerPool:
    """The process-wide worker pool (created on first use)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = WorkerPool()
        return _POOL
