"""The watermark backend protocol: write and read raw bits in an RGB image."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["WatermarkBackend"]


@runtime_checkable
class WatermarkBackend(Protocol):
    """A way to hide bits in pixels. The codec decides what the bits mean.

    ``capacity_bits`` is None when the backend takes any message length (it repeats the message
    over the image), or a fixed length (rivaGan: 32). A backend may set ``inverted_reads = False``
    when an inverted read means nothing for it (``latticeSync``): the detector then decodes each
    candidate once instead of also decoding its complement, halving the tries.
    """

    name: str
    capacity_bits: int | None
    min_side: int

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Return a marked copy of ``rgb`` (HxWx3 uint8) carrying ``bits`` (uint8 0/1)."""
        ...

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterable[np.ndarray]:
        """Read ``n_bits`` soft scores in [0, 1] (1 = bit set), one array per hypothesis, lazily.

        Backends that search over distortions (e.g. a colour gain) return one candidate per
        setting, best guess first (a generator, so a reader can stop at the first decode); every
        candidate counts as one try in the false-positive budget.
        """
        ...
