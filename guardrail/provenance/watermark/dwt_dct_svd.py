"""``dwtDctSvd`` (invisible-watermark): one bit per 4x4 block of the Haar LL band of U.

Embedding uses invisible-watermark's own ``EmbedDwtDctSvd``. Reading is a vectorised version of
its decoder (the same rule: a block votes 1 when ``s0 mod scale > scale / 2``, where ``s0`` is the
largest singular value of the block's DCT) that returns soft scores and also tries a few chroma
gains: brightness and contrast changes scale U around 128, which moves ``s0`` and can flip every
bit; undoing the gain before reading restores them. Each gain is one try in the FPR budget. The
gain is undone in real arithmetic (gained values are no longer rounded to whole levels), from one
Haar band and DCT shared by every gain (``gain_search``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.watermark.colour import rgb_to_yuv
from guardrail.provenance.watermark.gain_search import DCT4, gain_top_singular_values

__all__ = ["DwtDctSvdBackend", "DwtDctSvdOptions"]

_BLOCK = 4


class DwtDctSvdOptions(BaseModel):
    """Options of the dwtDctSvd backend (policy: provenance.watermark.options)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: float = Field(
        36.0, gt=0, description="Quantisation step of s0 in the U channel: larger is more robust, less invisible."
    )
    gains: list[float] = Field(
        default_factory=lambda: [1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85, 1.25, 0.75],
        min_length=1,
        max_length=32,
        description="Chroma gains tried when reading (1.0 first); each is one try in the false-positive budget.",
    )
    min_side: int = Field(256, ge=64, description="Smallest image side accepted for embedding, in pixels.")


_DCT = DCT4


class DwtDctSvdBackend:
    """invisible-watermark's dwtDctSvd, any message length (repeated over the blocks)."""

    name = "dwtDctSvd"
    capacity_bits: int | None = None

    def __init__(self, options: DwtDctSvdOptions | None = None) -> None:
        self.options = options or DwtDctSvdOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> DwtDctSvdBackend:
        """Build from the policy's options mapping (validated)."""
        return cls(DwtDctSvdOptions.model_validate(options))

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Mark ``rgb`` with invisible-watermark's EmbedDwtDctSvd (U channel only)."""
        import cv2
        from imwatermark.dwtDctSvd import EmbedDwtDctSvd

        message = [int(b) for b in np.asarray(bits).reshape(-1)]
        embedder = EmbedDwtDctSvd(message, wmLen=len(message), scales=[0, self.options.scale, 0], block=_BLOCK)
        bgr = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)
        return cv2.cvtColor(embedder.encode(bgr), cv2.COLOR_BGR2RGB)

    def block_votes(self, u: np.ndarray) -> np.ndarray:
        """Per-block votes (0/1, row-major block order) for one U channel (float).

        The Haar LL band is computed directly (each coefficient is its 2x2 pixel sum over 2, what
        ``pywt.dwt2`` gives to rounding) and ``s0`` from the 4x4 Gram matrix's top eigenvalue.
        """
        rows, cols = u.shape
        h, w = rows // 8, cols // 8  # whole 4x4 blocks of the half-size LL band
        x = u[: h * 8, : w * 8]
        ca = x.reshape(h * 4, 2, w * 8).sum(axis=1).reshape(h * 4, w * 4, 2).sum(axis=-1) / 2.0
        blocks = ca.reshape(h, _BLOCK, w, _BLOCK).swapaxes(1, 2).reshape(-1, _BLOCK, _BLOCK)
        coeffs = _DCT @ blocks @ _DCT.T
        gram = np.swapaxes(coeffs, -1, -2) @ coeffs
        s0 = np.sqrt(np.maximum(np.linalg.eigvalsh(gram)[:, -1], 0.0))
        return (np.mod(s0, self.options.scale) > self.options.scale * 0.5).astype(np.float64)

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        """Soft scores per bit for each chroma gain in ``options.gains``, lazily (one Haar band and
        DCT for every gain: ``gain_search``)."""
        u = rgb_to_yuv(rgb)[:, :, 1]  # uint8: gain_search reads it as is
        h, w = u.shape[0] // 8, u.shape[1] // 8  # whole 4x4 blocks of the half-size LL band
        if h * w < n_bits:
            return
        idx = np.arange(h * w) % n_bits
        counts = np.bincount(idx, minlength=n_bits)
        scale = self.options.scale
        for s0 in gain_top_singular_values(np.ascontiguousarray(u[: h * 8, : w * 8]), 1, self.options.gains):
            votes = (np.mod(s0, scale) > scale * 0.5).astype(np.float64)
            yield np.bincount(idx, weights=votes, minlength=n_bits) / counts
