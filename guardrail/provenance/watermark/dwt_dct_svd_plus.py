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
- reading tries a few chroma gains (brightness/contrast), each one try in the FPR budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.watermark.dwt_dct_svd import _DCT

__all__ = ["DwtDctSvdPlusBackend", "DwtDctSvdPlusOptions"]

_B = 4
_CHANNELS = (1, 2)  # U, V in OpenCV's YUV


class DwtDctSvdPlusOptions(BaseModel):
    """Options of the dwtDctSvdPlus backend (policy: provenance.watermark.options)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: float = Field(72.0, gt=0, description="Quantisation step of s0 (scale it with 2**level): larger is more robust, less invisible.")
    gains: list[float] = Field(
        default_factory=lambda: [1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85, 1.25, 0.75],
        min_length=1, max_length=32,
        description="Chroma gains tried when reading (1.0 first); each is one try in the false-positive budget.",
    )
    level: int = Field(2, ge=1, le=3, description="Haar decomposition levels: each level doubles the pixel area a block covers (more robust to JPEG, fewer votes).")
    min_side: int = Field(256, ge=64, description="Smallest image side accepted for embedding, in pixels.")


def _blocks(ca: np.ndarray) -> tuple[np.ndarray, int, int]:
    h, w = ca.shape[0] // _B, ca.shape[1] // _B
    blocks = ca[: h * _B, : w * _B].reshape(h, _B, w, _B).transpose(0, 2, 1, 3).reshape(-1, _B, _B)
    return blocks, h, w


def _unblocks(blocks: np.ndarray, h: int, w: int) -> np.ndarray:
    return blocks.reshape(h, w, _B, _B).transpose(0, 2, 1, 3).reshape(h * _B, w * _B)


class DwtDctSvdPlusBackend:
    """DWT-DCT-SVD in both chroma channels with soft reading; any message length."""

    name = "dwtDctSvdPlus"
    capacity_bits: int | None = None

    def __init__(self, options: DwtDctSvdPlusOptions | None = None) -> None:
        self.options = options or DwtDctSvdPlusOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> "DwtDctSvdPlusBackend":
        """Build from the policy's options mapping (validated)."""
        return cls(DwtDctSvdPlusOptions.model_validate(options))

    def _crop(self, shape: tuple[int, ...]) -> tuple[int, int]:
        step = 2 ** (self.options.level + 2)  # whole blocks at the coarsest level
        return shape[0] // step * step, shape[1] // step * step

    @staticmethod
    def _bit_index(n_blocks: int, n_bits: int, channel: int) -> np.ndarray:
        shift = 0 if channel == _CHANNELS[0] else n_bits // 2
        return (np.arange(n_blocks) + shift) % n_bits

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Mark ``rgb`` (HxWx3 uint8) with ``bits`` repeated over the blocks of U and V."""
        import cv2
        import pywt

        bits = np.asarray(bits, dtype=np.float64).reshape(-1)
        scale = self.options.scale
        yuv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV).astype(np.float64)
        rows, cols = self._crop(yuv.shape)
        for c in _CHANNELS:
            ca, *details = pywt.wavedec2(yuv[:rows, :cols, c], "haar", level=self.options.level)
            blocks, h, w = _blocks(ca)
            u, s, vt = np.linalg.svd(_DCT @ blocks @ _DCT.T)
            wm = bits[self._bit_index(len(blocks), bits.size, c)]
            s[:, 0] = (np.floor(s[:, 0] / scale) + 0.25 + 0.5 * wm) * scale
            coeffs = u @ (s[:, :, None] * vt)
            ca[: h * _B, : w * _B] = _unblocks(_DCT.T @ coeffs @ _DCT, h, w)
            yuv[:rows, :cols, c] = pywt.waverec2([ca, *details], "haar")
        out = np.clip(np.rint(yuv), 0, 255).astype(np.uint8)
        return cv2.cvtColor(out, cv2.COLOR_YUV2RGB)

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        """Soft scores per bit (0..1) for each chroma gain in ``options.gains``."""
        import cv2
        import pywt

        yuv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV).astype(np.float64)
        rows, cols = self._crop(yuv.shape)
        scale = self.options.scale
        for gain in self.options.gains:
            sums = np.zeros(n_bits)
            counts = np.zeros(n_bits)
            for c in _CHANNELS:
                ch = yuv[:rows, :cols, c]
                if gain != 1.0:
                    ch = np.clip(128.0 + (ch - 128.0) / gain, 0, 255)
                ca = pywt.wavedec2(ch, "haar", level=self.options.level)[0]
                blocks, _, _ = _blocks(ca)
                if len(blocks) < n_bits:
                    return
                s0 = np.linalg.svd(_DCT @ blocks @ _DCT.T, compute_uv=False)[:, 0]
                votes = -np.sin(2.0 * np.pi * s0 / scale)
                idx = self._bit_index(len(blocks), n_bits, c)
                sums += np.bincount(idx, weights=votes, minlength=n_bits)
                counts += np.bincount(idx, minlength=n_bits)
            yield (sums / counts + 1.0) / 2.0
