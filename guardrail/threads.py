"""OpenCV's thread pool, set once per process by the shells that run many calls side by side.

OpenCV splits each call (``warpAffine``, ``GaussianBlur``, ``resize``, ``cvtColor``, ...) over a
pool of threads. On the images guardrail reads (a 512 px verify makes about 40 such calls, each
well under a millisecond) the pool costs more CPU than it saves: one verify of an unmarked 512 px
JPEG took 36-41 ms CPU with OpenCV's default pool and 29-33 ms with one thread, 2 ms more wall time
(benchmarks/store_bench.py, both in one process). A service answering several requests at once, or
a batch worker beside others, is faster overall without the pool: the parallelism is the
requests'.

So the CLI, the HTTP service (and its Ray Serve replicas) and the Ray batch workers call
:func:`configure_opencv_threads` at start. The library itself leaves OpenCV as it finds it: a
program calling ``verify_image`` in many threads can call this function once at start too.

``GUARDRAIL_OPENCV_THREADS``: threads per OpenCV call (default 1); ``auto`` keeps OpenCV's own
default (one per core). OpenCV's pool cannot be resized safely while another thread is inside an
OpenCV call, so this is set once, at start, before any worker thread runs.
"""

from __future__ import annotations

import os
import sys

from guardrail.errors import InputError

__all__ = ["ENV_VAR", "configure_opencv_threads", "opencv_threads"]

ENV_VAR = "GUARDRAIL_OPENCV_THREADS"
_DEFAULT = 1
_OPENCV_VAR = "OPENCV_FOR_THREADS_NUM"  # read by OpenCV when it starts


def opencv_threads(value: str | None = None) -> int | None:
    """Threads per OpenCV call asked for by ``value`` (default: the environment variable): a whole
    number >= 1, or None for ``auto`` (OpenCV's default). InputError for anything else."""
    raw = os.environ.get(ENV_VAR) if value is None else value
    if raw is None or not raw.strip():
        return _DEFAULT
    text = raw.strip().lower()
    if text == "auto":
        return None
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise InputError(
            f"{raw!r} is not a number of threads",
            where=ENV_VAR,
            fix=f"set {ENV_VAR} to a whole number >= 1 (threads per OpenCV call; 1 is the default) or to 'auto'",
        )
    return n


def configure_opencv_threads() -> int | None:
    """Set OpenCV's threads per call from ``GUARDRAIL_OPENCV_THREADS`` (default 1); return the
    count set (None: OpenCV's default). Call once at a process's start, before other threads use
    OpenCV. Before OpenCV is imported this only sets ``OPENCV_FOR_THREADS_NUM``, which OpenCV reads
    when it starts (so a command that never needs OpenCV does not import it); an
    ``OPENCV_FOR_THREADS_NUM`` the user set is kept unless ``GUARDRAIL_OPENCV_THREADS`` is set too."""
    n = opencv_threads()
    if "cv2" in sys.modules:
        sys.modules["cv2"].setNumThreads(-1 if n is None else n)  # a negative count restores OpenCV's default
    elif n is not None and (ENV_VAR in os.environ or _OPENCV_VAR not in os.environ):
        os.environ[_OPENCV_VAR] = str(n)
    return n
