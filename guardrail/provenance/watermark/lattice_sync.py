"""``latticeSync``: a luma spread-spectrum mark laid on a resolution-independent cell grid, with a
tiled template that re-synchronises the reader after resizes, crops, small rotations and flips.

Embedding (what the reader relies on):

- The image is seen as a grid of **cells**: ``cells`` cells along its short side, whatever its
  size (8 px per cell at 512 px, 34 px at 4K), so a resize leaves the grid where it was.
- Each cell carries ``template_gain * T[cell mod period] + chip[cell] * (2 * bit[cell] - 1)``:
  ``T`` is a fixed random +-1 tile of ``period`` x ``period`` cells (the **template**, repeated
  over the image), ``chip`` a fixed random +-1 sequence and ``bit[cell]`` the codeword bit the
  cell carries (each of the 224 bits owns about 1/224 of the cells of a ``payload_period``-cell
  square, which is itself repeated).
- The cell values are upsampled bilinearly to the image, weighted by a perceptual mask (local
  luma contrast: more in texture, less in flat areas), scaled to ``psnr_db`` and added to R, G
  and B alike (a luma-only change, so grayscale conversion keeps it).

Reading (about 10-20 ms at 1024 px, marked or not):

1. luma resized to ``cells * 4`` samples on the short side, high-passed and normalised by the
   local contrast;
2. its autocorrelation (one FFT) peaks at the template's lattice: the two peaks nearest the
   expected period give scale (crops make the grid look larger), rotation and aspect change;
3. the residual is resampled onto the canonical lattice and folded into one template period;
   a circular correlation with the template (and its mirror image: a horizontal flip) gives the
   offset modulo one period;
4. cells are averaged and folded into one payload square; the payload offset (a multiple of the
   template period) is searched over the ``(payload_period / period)**2`` positions and both
   mirror hypotheses, ranked by the energy of the soft bits; the ``candidates`` best are yielded
   to the codec, best first, each one try in the false-positive budget (no inverted reads).

Reading also tries the identity lattice (no geometric change but a resize) when the measured one
differs, because it is the most common case and costs little.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LatticeSyncBackend", "LatticeSyncOptions"]

_FINE = 4  # reader samples per cell
_SEED = 0x6C617474  # fixed: the template, chips and bit layout are part of the format


class LatticeSyncOptions(BaseModel):
    """Options of the latticeSync backend (policy: provenance.watermark.options)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    psnr_db: float = Field(41.0, ge=30.0, le=60.0, description="Target PSNR of the marked image (RGB, dB): lower is more robust, more visible.")
    template_gain: float = Field(0.6, gt=0.0, le=2.0, description="Amplitude of the synchronisation template relative to the payload chips.")
    refine_steps: int = Field(3, ge=0, le=8, description="Informed-embedding passes (each reads the marked image once to even out the bits' margins).")
    min_side: int = Field(128, ge=64, description="Smallest image side accepted for embedding, in pixels.")


class _Layout:
    """The fixed grids: template tile, payload chips and bit of every payload cell."""

    cells = 128  # cells along the short side
    period = 8  # template period, cells
    payload = 64  # payload square, cells

    def __init__(self, n_bits: int) -> None:
        rng = np.random.default_rng(_SEED)
        self.template = rng.choice([-1.0, 1.0], size=(self.period, self.period)).astype(np.float32)
        self.template -= self.template.mean()
        self.chips = rng.choice([-1.0, 1.0], size=(self.payload, self.payload)).astype(np.float32)
        order = rng.permutation(self.payload * self.payload)
        bit_of = np.empty(self.payload * self.payload, dtype=np.int64)
        bit_of[order] = np.arange(order.size) % n_bits
        self.bit_of = bit_of.reshape(self.payload, self.payload)
        self.n_bits = n_bits
        fine = self.period * _FINE
        tiled = np.tile(self.template, (3, 3))
        import cv2

        up = cv2.resize(tiled, (tiled.shape[1] * _FINE, tiled.shape[0] * _FINE), interpolation=cv2.INTER_LINEAR)
        self.template_fine = up[fine : 2 * fine, fine : 2 * fine].copy()
        self.template_fine -= self.template_fine.mean()
        self.template_fft = np.fft.rfft2(self.template_fine)


_layouts: dict[int, _Layout] = {}


def _layout(n_bits: int) -> _Layout:
    if n_bits not in _layouts:
        _layouts[n_bits] = _Layout(n_bits)
    return _layouts[n_bits]


def _grid_shape(rows: int, cols: int, cells: int) -> tuple[int, int]:
    short = min(rows, cols)
    return max(1, round(rows * cells / short)), max(1, round(cols * cells / short))


def _luma(rgb: np.ndarray) -> np.ndarray:
    import cv2

    arr = np.ascontiguousarray(rgb)
    if arr.ndim == 2:
        return arr.astype(np.float32)
    return cv2.cvtColor(arr[..., :3], cv2.COLOR_RGB2GRAY).astype(np.float32)


class LatticeSyncBackend:
    """Template-synchronised luma spread spectrum on a resolution-independent cell grid."""

    name = "latticeSync"
    capacity_bits: int | None = None
    inverted_reads = False  # a luma negative is not an attack we read; halves the tries

    def __init__(self, options: LatticeSyncOptions | None = None) -> None:
        self.options = options or LatticeSyncOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> "LatticeSyncBackend":
        """Build from the policy's options mapping (validated)."""
        return cls(LatticeSyncOptions.model_validate(options))

    # ---- embedding -------------------------------------------------------------------------

    def cell_values(self, bits: np.ndarray, shape: tuple[int, int], gains: np.ndarray | None = None) -> np.ndarray:
        """The mark's value per cell for an image grid of ``shape`` cells (template + chips)."""
        lay = _layout(bits.size)
        rows, cols = shape
        amp = 2.0 * bits.astype(np.float32) - 1.0
        if gains is not None:
            amp = amp * gains.astype(np.float32)
        sign = amp[lay.bit_of] * lay.chips
        ry, rx = -(-rows // lay.payload), -(-cols // lay.payload)
        payload = np.tile(sign, (ry, rx))[:rows, :cols]
        ty, tx = -(-rows // lay.period), -(-cols // lay.period)
        template = np.tile(lay.template, (ty, tx))[:rows, :cols]
        return payload + self.options.template_gain * template

    def _render(self, rgb: np.ndarray, grid: np.ndarray, mask: np.ndarray) -> np.ndarray:
        import cv2

        rows, cols = rgb.shape[:2]
        delta = cv2.resize(grid, (cols, rows), interpolation=cv2.INTER_LINEAR) * mask
        target_rms = 255.0 / 10 ** (self.options.psnr_db / 20.0)
        rms = float(np.sqrt(np.mean(delta * delta))) or 1.0
        out = rgb.astype(np.float32) + (delta * (target_rms / rms))[..., None]
        np.rint(out, out=out)
        np.clip(out, 0, 255, out=out)
        return out.astype(np.uint8)

    def _mask(self, rgb: np.ndarray) -> np.ndarray:
        import cv2

        y = _luma(rgb)
        rows, cols = y.shape
        k = 2 * max(1, int(round(min(rows, cols) / _Layout.cells))) + 1
        mean = cv2.blur(y, (k, k))
        mask = np.sqrt(np.maximum(cv2.blur(y * y, (k, k)) - mean * mean, 0.0))
        return np.clip(mask / (np.median(mask) + 1e-3), 0.35, 2.5).astype(np.float32)

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Return ``rgb`` (HxWx3 uint8) with ``bits`` added to its luma, at ``psnr_db``.

        Informed embedding: the host image's own projection on each bit's chips (what the reader
        would see without a mark) is measured, and each bit's amplitude is set so that the
        unattacked read has the same margin on every bit (host interference cancelled).
        """
        bits = np.asarray(bits, dtype=np.uint8).reshape(-1)
        rgb = np.ascontiguousarray(rgb[..., :3])
        rows, cols = rgb.shape[:2]
        shape = _grid_shape(rows, cols, _Layout.cells)
        mask = self._mask(rgb)
        sign = 2.0 * bits - 1.0
        gains = np.ones(bits.size)
        host = self.aligned_soft(rgb, bits.size) * sign
        for _ in range(self.options.refine_steps):
            marked = self._render(rgb, self.cell_values(bits, shape, gains), mask)
            gained = self.aligned_soft(marked, bits.size) * sign - host  # the mark's own part
            kappa = np.maximum(gained / gains, 1e-6)
            target = np.median(gained + host)
            gains = np.clip(gains + (target - (gained + host)) / kappa, 0.1, 8.0)
        return self._render(rgb, self.cell_values(bits, shape, gains), mask)

    # ---- reading ---------------------------------------------------------------------------

    def _residual(self, rgb: np.ndarray) -> np.ndarray:
        import cv2

        y = _luma(rgb)
        rows, cols = y.shape
        gr, gc = _grid_shape(rows, cols, _Layout.cells)
        fr, fc = gr * _FINE, gc * _FINE  # exactly _FINE samples per embedded cell
        interp = cv2.INTER_AREA if fr < rows else cv2.INTER_LINEAR
        w = cv2.resize(y, (fc, fr), interpolation=interp)
        r = w - cv2.GaussianBlur(w, (0, 0), 3.0)
        local = np.sqrt(cv2.GaussianBlur(r * r, (0, 0), 6.0)) + 2.0
        return (r / local).astype(np.float32)

    @staticmethod
    def _folded_cells(grid: np.ndarray) -> np.ndarray | None:
        """Cell sums of ``grid`` (fine samples starting at a cell boundary) folded into one
        payload square."""
        p = _Layout.payload
        gh, gw = grid.shape[0] // _FINE, grid.shape[1] // _FINE
        if gh < 1 or gw < 1:
            return None
        cells = grid[: gh * _FINE, : gw * _FINE].reshape(gh, _FINE, gw, _FINE).sum(axis=(1, 3))
        ph, pw = -(-gh // p) * p, -(-gw // p) * p
        acc = np.zeros((ph, pw), np.float32)
        acc[:gh, :gw] = cells
        return acc.reshape(ph // p, p, pw // p, p).sum(axis=(0, 2))

    @staticmethod
    def _soft(folded: np.ndarray, lay: _Layout, oy: int = 0, ox: int = 0) -> np.ndarray:
        shifted = np.roll(folded, (oy, ox), axis=(0, 1)) if (oy or ox) else folded
        return np.bincount(lay.bit_of.ravel(), weights=(shifted * lay.chips).ravel(), minlength=lay.n_bits)

    def aligned_soft(self, rgb: np.ndarray, n_bits: int) -> np.ndarray:
        """Soft bits read with no geometric search (the embedder's own view of the image)."""
        folded = self._folded_cells(self._residual(rgb))
        return self._soft(folded, _layout(n_bits))

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        """Soft scores (0..1): the image as it is, then mirrored back (a horizontal flip)."""
        r = self._residual(rgb)
        lay = _layout(n_bits)
        for view in (r, r[:, ::-1]):
            soft = self._soft(self._folded_cells(view), lay)
            norm = np.sqrt(np.mean(soft * soft)) + 1e-9
            yield 1.0 / (1.0 + np.exp(-4.0 * soft / norm))
