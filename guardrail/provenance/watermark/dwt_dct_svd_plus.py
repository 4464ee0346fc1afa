"""``dwtDctSvdPlus``: invisible-watermark's DWT-DCT-SVD scheme, vectorised and repaired.

Same embedding rule as ``dwtDctSvd`` (quantise the largest singular value ``s0`` of each 4x4 DCT
block of a Haar LL band to ``(k + 0.25 + 0.5 * bit) * scale``) with five changes that the
benchmark measured as wins:

- the blocks sit in the level-2 Haar LL band (a block covers 16x16 pixels, the size of a JPEG
  chroma block under 4:2:0), which is what makes JPEG q50 readable; ``scale`` 72 keeps PSNR ~40 dB;
- both chroma channels carry the message (U, and V shifted by half a message), doubling the votes;
- pixels are clipped before the uint8 conversion (invisible-watermark wraps around, which leaves
  150-level speckles on saturated colours) and the detail bands are put back unswapped;
- reading uses soft votes ``-sin(2 pi s0 / scale)`` instead of a hard vote per block;
- reading tries a few chroma gains (brightness/contrast), each one try in the FPR budget (one Haar
  band and DCT serve every gain: ``gain_search``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.watermark.colour import rgb_to_yuv
from guardrail.provenance.watermark.dwt_dct_svd import _DCT
from guardrail.provenance.watermark.gain_search import blocks as _blocks
from guardrail.provenance.watermark.gain_search import gain_top_singular_values
from guardrail.provenance.watermark.gain_search import low_band as _low_band

__all__ = ["DwtDctSvdPlusBackend", "DwtDctSvdPlusOptions"]

_B = 4
_CHANNELS = (1, 2)  # U, V in OpenCV's YUV


class DwtDctSvdPlusOptions(BaseModel):
    """Options of the dwtDctSvdPlus backend (policy: provenance.watermark.options)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: float = Field(
        72.0,
        gt=0,
        description="Quantisation step of s0 (scale it with 2**level): larger is more robust, less invisible.",
    )
    gains: list[float] = Field(
        default_factory=lambda: [1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85, 1.25, 0.75],
        min_length=1,
        max_length=32,
        description="Chroma gains tried when reading (1.0 first); each is one try in the false-positive budget.",
    )
    level: int = Field(
        2,
        ge=1,
        le=3,
        description=(
            "Haar decomposition levels: each level doubles the pixel area a block covers (more robust to JPEG, fewer "
            "votes)."
        ),
    )
    min_side: int = Field(256, ge=64, description="Smallest image side accepted for embedding, in pixels.")


def _spread(band: np.ndarray, level: int) -> np.ndarray:
    """Pixels (..., rows, cols) whose Haar LL band is ``band`` and whose detail bands are zero."""
    f = 2**level
    *lead, h, w = band.shape
    out = np.broadcast_to((band / f)[..., :, None, :, None], (*lead, h, f, w, f))
    return out.reshape(*lead, h * f, w * f)


def _unblocks(blocks: np.ndarray, h: int, w: int) -> np.ndarray:
    *lead, _, _, _ = blocks.shape
    return blocks.reshape(*lead, h, w, _B, _B).swapaxes(-3, -2).reshape(*lead, h * _B, w * _B)


def _top_singular_value(m: np.ndarray) -> np.ndarray:
    """Largest singular value of each 4x4 matrix: sqrt of the top eigenvalue of m^T m."""
    gram = np.swapaxes(m, -1, -2) @ m
    return np.sqrt(np.maximum(np.linalg.eigvalsh(gram)[..., -1], 0.0))


def _top_singular(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(s0, u0, v0): the largest singular value of each 4x4 matrix and its singular vectors.

    From the eigendecomposition of m^T m (about 2x faster than a batched full SVD); blocks whose
    s0 is too small for ``u0 = m v0 / s0`` take the SVD's vectors instead.
    """
    vals, vecs = np.linalg.eigh(np.swapaxes(m, -1, -2) @ m)
    s0 = np.sqrt(np.maximum(vals[..., -1], 0.0))
    v0 = vecs[..., :, -1]
    tiny = s0 < 1e-6
    safe = np.where(tiny, 1.0, s0)
    u0 = (m @ v0[..., None])[..., 0] / safe[..., None]
    if tiny.any():
        u, s, vt = np.linalg.svd(m[tiny])
        s0[tiny], u0[tiny], v0[tiny] = s[:, 0], u[:, :, 0], vt[:, 0, :]
    return s0, u0, v0


class DwtDctSvdPlusBackend:
    """DWT-DCT-SVD in both chroma channels with soft reading; any message length."""

    name = "dwtDctSvdPlus"
    capacity_bits: int | None = None

    def __init__(self, options: DwtDctSvdPlusOptions | None = None) -> None:
        self.options = options or DwtDctSvdPlusOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> DwtDctSvdPlusBackend:
        """Build from the policy's options mapping (validated)."""
        return cls(DwtDctSvdPlusOptions.model_validate(options))

    def _crop(self, shape: tuple[int, ...]) -> tuple[int, int]:
        step = 2 ** (self.options.level + 2)  # whole blocks at the coarsest level
        return shape[0] // step * step, shape[1] // step * step

    @staticmethod
    def _bit_index(n_blocks: int, n_bits: int, channel: int) -> np.ndarray:
        shift = 0 if channel == _CHANNELS[0] else n_bits // 2
        return (np.arange(n_blocks) + shift) % n_bits

    def _chroma(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(YUV uint8 image, its U and V planes cropped to whole blocks as float (2, rows, cols))."""
        yuv = rgb_to_yuv(rgb)
        rows, cols = self._crop(yuv.shape)
        planes = np.empty((len(_CHANNELS), rows, cols))
        for i, c in enumerate(_CHANNELS):
            planes[i] = yuv[:rows, :cols, c]
        return yuv, planes

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Mark ``rgb`` (HxWx3 uint8) with ``bits`` repeated over the blocks of U and V.

        Only ``s0`` of each block changes, so the new pixels are the old ones plus the spread of
        ``(s0' - s0) u0 v0^T`` back through the DCT and the Haar LL band (exact in real arithmetic;
        equal after rounding to the full wavedec2 / waverec2 round trip, see the tests).
        """
        import cv2

        bits = np.asarray(bits, dtype=np.float64).reshape(-1)
        scale, level = self.options.scale, self.options.level
        yuv, planes = self._chroma(rgb)
        _, rows, cols = planes.shape
        ca = _low_band(planes, level)
        h, w = ca.shape[-2] // _B, ca.shape[-1] // _B
        coeffs = _DCT @ _blocks(ca) @ _DCT.T
        s0, u0, v0 = _top_singular(coeffs)
        n = h * w
        wm = np.stack([bits[self._bit_index(n, bits.size, c)] for c in _CHANNELS])
        shift = (np.floor(s0 / scale) + 0.25 + 0.5 * wm) * scale - s0
        delta = shift[..., None, None] * (u0[..., :, None] * v0[..., None, :])
        delta_ca = _unblocks(_DCT.T @ delta @ _DCT, h, w)
        marked = _spread(delta_ca, level)  # a fresh array: finish it in place
        marked += planes
        np.rint(marked, out=marked)
        np.clip(marked, 0, 255, out=marked)
        marked = marked.astype(np.uint8)
        for i, c in enumerate(_CHANNELS):
            yuv[:rows, :cols, c] = marked[i]
        return cv2.cvtColor(yuv, cv2.COLOR_YUV2RGB)

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        """Soft scores per bit (0..1) for each chroma gain in ``options.gains``, lazily.

        The band and DCT are computed once for every gain (``gain_search``): same values as
        gaining the pixels before each read.
        """
        yuv = rgb_to_yuv(rgb)
        rows, cols = self._crop(yuv.shape)
        planes = np.ascontiguousarray(yuv[:rows, :cols, _CHANNELS[0] : _CHANNELS[-1] + 1].transpose(2, 0, 1))  # uint8
        scale, level = self.options.scale, self.options.level
        n = (planes.shape[-2] >> (level + 2)) * (planes.shape[-1] >> (level + 2))
        if n < n_bits:
            return
        index = [self._bit_index(n, n_bits, c) for c in _CHANNELS]
        counts = sum(np.bincount(i, minlength=n_bits) for i in index)
        for s0 in gain_top_singular_values(planes, level, self.options.gains):
            votes = -np.sin(2.0 * np.pi * s0 / scale)
            sums = sum(np.bincount(i, weights=v, minlength=n_bits) for i, v in zip(index, votes, strict=True))
            yield (sums / counts + 1.0) / 2.0
