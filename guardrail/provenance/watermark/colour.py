"""Colour conversions of one image, done once while several readers read it.

``dwtDctSvdPlus``, ``dwtDctSvd`` and the public SD detectors all read chroma from OpenCV's YUV of
the same pixels. Inside ``shared_conversions(rgb)`` (what ``read_watermarks`` opens around its
readers) the first reader converts and the others reuse that array; anywhere else every call
converts, as before. The shared array is read-only, and only the very ``rgb`` object the scope was
opened for is served from it, so a reader given other pixels never sees a stale conversion.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

__all__ = ["rgb_to_yuv", "shared_conversions"]

_shared: ContextVar[tuple[np.ndarray, dict[str, np.ndarray]] | None] = ContextVar("shared_conversions", default=None)


@contextmanager
def shared_conversions(rgb: np.ndarray) -> Iterator[None]:
    """Within this scope, conversions of ``rgb`` (this object) are computed once."""
    token = _shared.set((rgb, {}))
    try:
        yield
    finally:
        _shared.reset(token)


def rgb_to_yuv(rgb: np.ndarray) -> np.ndarray:
    """OpenCV's ``COLOR_RGB2YUV`` of ``rgb`` (HxWx3 uint8); shared (read-only) inside ``shared_conversions``."""
    import cv2

    entry = _shared.get()
    if entry is None or entry[0] is not rgb:
        return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV)
    cache = entry[1]
    if "yuv" not in cache:
        yuv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV)
        yuv.flags.writeable = False
        cache["yuv"] = yuv
    return cache["yuv"]
