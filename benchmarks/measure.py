"""Measuring helpers the store and registry benchmarks share: resident memory and median CPU time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np


def rss_bytes() -> int:
    """Resident memory of this process (Linux /proc), in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median process CPU time of ``fn()`` over ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return float(np.median(times))
