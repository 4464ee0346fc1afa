"""``latticeSync``: a luma spread-spectrum mark on a resolution-independent cell grid.

Embedding:

- The image is seen as a grid of **cells**, 128 along its short side whatever its size (4 px per
  cell at 512 px, 17 px at 4K): a resize of the whole image leaves the grid where it was.
- Each cell carries ``chip[cell] * gain[bit] * (2 * bit - 1) + template_gain * T[cell mod 8]``:
  ``bit`` is the codeword bit the cell carries (a fixed layout gives each of the 224 bits 1/224
  of the cells of a 64x64-cell payload square, repeated over the image), ``chip`` a fixed random
  +-1 sign, and ``T`` a fixed random 8x8-cell tile (the synchronisation **template**).
- **Informed embedding**: the host image's own projection on each bit's chips (what a reader of
  the unmarked image would see) is cancelled by per-bit gains, found in ``refine_steps`` passes
  simulated in the reader's working domain (4 samples per cell). Without it the image content is
  several times stronger than the mark on each bit; with it the unattacked read has the same
  margin on every bit. Images smaller than the working domain are simulated as released (rendered
  at their own size, rounded, clipped, upsampled as the reader does). Passes are damped; up to
  twice ``refine_steps`` run until every bit has a margin, and up to 8 bits whose host outweighs
  the largest gain are given up to the BCH code (dense texture: grass, the random demo's images).
- The cell values are upsampled bilinearly, weighted by a perceptual mask (local luma contrast
  over about two cells: more in texture, less in flat areas), scaled to ``psnr_db`` and added to
  R, G and B alike: a luma-only change, so grayscale conversion keeps it.

Reading, direct (2 tries): the luma resized to 4 samples per cell, high-passed and divided by its
local contrast; cells summed and folded into one payload square; 224 soft bits from the chips.
Then the same on the mirrored residual (a horizontal flip). No inverted reads.

Reading, geometric search (``candidates``, default 16 tries after the direct ones; 0 turns it
off): on the residual at 2 samples per cell (a quarter of the cost), the template lattice's scale
and angle are estimated from the residual's autocorrelation (a crop makes the grid look larger),
the best hypotheses are checked and polished by folding the resampled residual into one template
period and correlating with ``T`` (which also gives the grid's phase and a flip), the best one is
also resampled at full working resolution, and the payload offset (a multiple of the template
period) is searched; the ``candidates`` best offsets go to the codec, each one try in the
false-positive budget. The template is weak next to the content of
textured photos, so this finds the lattice only in part of the cases, and a crop also loses the
informed embedding's cancellation of the host (see docs/provenance.md: measured with the true
geometry given, crops keeping 70-80% per side fail on textured photos).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LatticeSyncBackend", "LatticeSyncOptions"]

_FINE = 4  # samples per cell in the working domain
_SEARCH_FINE = 2  # samples per cell in the geometric search (a quarter of the cost, about the same reads)
_SEED = 0x6C617474  # fixed: the template, chips and bit layout are part of the format
_MAX_GAIN = 8.0  # informed embedding: largest gain of one bit, relative to the mean
_MAX_DROPPED = 8  # bits the embedding may give up (left to the BCH code) when the host outweighs them
_SETTLED = 0.25  # extra passes stop once every kept bit's margin is at least this share of the median
_MATRIX_MATCH = 256  # template matches of a period of at most this many samples use a correlation matrix
_DAMPING = 0.7  # share of each gain correction applied per pass (full steps oscillate on textured images)


class LatticeSyncOptions(BaseModel):
    """Options of the latticeSync backend (policy: provenance.watermark.options)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    psnr_db: float = Field(
        40.3,
        ge=30.0,
        le=60.0,
        description="Target PSNR of the marked image (RGB, dB): lower is more robust, more visible.",
    )
    template_gain: float = Field(
        0.6, gt=0.0, le=2.0, description="Amplitude of the synchronisation template relative to the payload chips."
    )
    candidates: int = Field(
        16,
        ge=0,
        le=128,
        description=(
            "Geometric search: re-synchronised hypotheses (rotation, crop scale and offset, mirror) decoded after "
            "the direct and mirrored reads; each is one try in the false-positive budget. 0 turns the search off "
            "(2 tries, about a fifth of the read cost)."
        ),
    )
    lattices: int = Field(
        4, ge=1, le=32, description="Lattice (scale, angle) candidates checked against the template per read."
    )
    refine_steps: int = Field(
        3,
        ge=0,
        le=8,
        description="Informed-embedding passes (each reads the marked image once to even out the bits' margins).",
    )
    min_side: int = Field(
        256,
        ge=64,
        description="Smallest image side accepted for embedding, in pixels (the mark itself works from 128).",
    )


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
        self._template_ffts: dict[int, np.ndarray] = {}
        self._template_matrices: dict[int, np.ndarray] = {}
        # Payload offsets (multiples of the template period) read in one weighted bincount: for offset
        # o = (oy, ox), cell c of the folded square rolled by o is cell ``roll_source[o, c]`` of the
        # square (what np.roll gives), and its weight goes to bin ``o * n_bits + bit_of[c]``.
        steps = np.arange(0, self.payload, self.period)
        p = self.payload
        rows, cols = np.meshgrid(np.arange(p), np.arange(p), indexing="ij")
        self.roll_source = np.stack([((rows - oy) % p * p + (cols - ox) % p).ravel() for oy in steps for ox in steps])
        n = len(self.roll_source)
        self.offset_bins = (self.bit_of.ravel()[None, :] + n_bits * np.arange(n)[:, None]).ravel()
        self._offset_matrix: Any = None

    def offset_matrix(self) -> Any:
        """The offsets' bincount as one sparse matrix (offsets x bits, cells): row ``o * n_bits + b``
        holds ``chips[c]`` at column ``roll_source[o, c]`` for every cell ``c`` of bit ``b``, in
        increasing ``c`` (the order the bincount adds them in, so the sums are the same bit for bit)."""
        if self._offset_matrix is None:
            from scipy.sparse import csr_array

            bins = self.offset_bins
            order = np.argsort(bins, kind="stable")  # by row; within a row, by offset then cell as before
            cells = self.payload * self.payload
            data = np.tile(self.chips.ravel().astype(np.float64), len(self.roll_source))[order]
            indptr = np.concatenate([[0], np.cumsum(np.bincount(bins, minlength=len(self.roll_source) * self.n_bits))])
            self._offset_matrix = csr_array(
                (data, self.roll_source.ravel()[order], indptr), shape=(len(self.roll_source) * self.n_bits, cells)
            )
        return self._offset_matrix

    def template_fft(self, fine: int = _FINE) -> np.ndarray:
        """The template tile upsampled to ``fine`` samples per cell (bilinear, as embedded): the complex
        conjugate of its rfft2 (what the circular correlation multiplies by)."""
        if fine not in self._template_ffts:
            import cv2

            q = self.period * fine
            tiled = np.tile(self.template, (3, 3))
            up = cv2.resize(tiled, (tiled.shape[1] * fine, tiled.shape[0] * fine), interpolation=cv2.INTER_LINEAR)
            tile = up[q : 2 * q, q : 2 * q].copy()
            self._template_ffts[fine] = np.conj(np.fft.rfft2(tile - tile.mean()))
        return self._template_ffts[fine]

    def template_matrix(self, fine: int) -> np.ndarray:
        """The circular correlation with the template (``template_fft``'s) as one matrix: ``M @
        fold.ravel()`` is ``irfft2(rfft2(fold) * template_fft(fine))`` within rounding (~1e-15
        relative), a matrix-vector product a few times faster than the two small FFTs."""
        if fine not in self._template_matrices:
            from scipy import fft

            q = self.period * fine
            impulses = np.eye(q * q).reshape(q * q, q, q)
            cols = fft.irfft2(fft.rfft2(impulses, axes=(1, 2)) * self.template_fft(fine), s=(q, q), axes=(1, 2))
            self._template_matrices[fine] = np.ascontiguousarray(cols.reshape(q * q, q * q).T)
        return self._template_matrices[fine]


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


def _fine_luma(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Luma resized to ``size`` (width, height): the working domain."""
    import cv2

    y = _luma(rgb)
    interp = cv2.INTER_AREA if size[1] < y.shape[0] else cv2.INTER_LINEAR
    return cv2.resize(y, size, interpolation=interp).astype(np.float32)


def _high_pass(fine: np.ndarray) -> np.ndarray:
    """The reader's whitening: luma minus its blur, over the local contrast."""
    import cv2

    r = fine - cv2.GaussianBlur(fine, (0, 0), 3.0)
    local = cv2.blur(r * r, (17, 17))
    np.maximum(local, 0.0, out=local)  # the same float32 operations as before, in place
    np.sqrt(local, out=local)
    local += 2.0
    r /= local
    return r


class _ReleasedLuma:
    """The reader's working-domain luma of ``rgb`` plus an integer luma pattern, without rendering
    three channels: ``rgb`` is integer, so adding a rounded pattern ``q`` moves the luma by exactly
    ``q`` except where a channel clips at 0 or 255, recomputed from the clipped channels."""

    def __init__(self, rgb: np.ndarray, fine_size: tuple[int, int]) -> None:
        self.rgb, self.fine_size = rgb, fine_size
        self.luma = _luma(rgb)
        self.low, self.high = rgb.min(axis=2).astype(np.float32), rgb.max(axis=2).astype(np.float32)

    def fine(self, q: np.ndarray) -> np.ndarray:
        """The working-domain luma of ``clip(rgb + q)``, ``q`` (rows, cols) integer-valued."""
        import cv2

        y = self.luma + q
        clips = (self.low + q < 0) | (self.high + q > 255)
        if clips.any():
            channels = np.clip(self.rgb[clips].astype(np.float32) + q[clips][:, None], 0, 255)
            y[clips] = np.rint(channels @ np.array([0.299, 0.587, 0.114], np.float32))
        interp = cv2.INTER_AREA if self.fine_size[1] < y.shape[0] else cv2.INTER_LINEAR
        return cv2.resize(y, self.fine_size, interpolation=interp)


class LatticeSyncBackend:
    """Template-synchronised luma spread spectrum on a resolution-independent cell grid."""

    name = "latticeSync"
    capacity_bits: int | None = None
    inverted_reads = False  # a luma negative is not an attack we read; halves the tries
    max_gain = _MAX_GAIN  # informed embedding: largest gain of one bit, relative to the mean

    def __init__(self, options: LatticeSyncOptions | None = None) -> None:
        self.options = options or LatticeSyncOptions()
        self.min_side = self.options.min_side

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> LatticeSyncBackend:
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

    def _mask(self, fine: np.ndarray) -> np.ndarray:
        """Perceptual weight per working sample: local luma contrast over about two cells,
        relative to its median (flat areas get less of the mark, texture more)."""
        import cv2

        k = 2 * _FINE + 1
        mean = cv2.blur(fine, (k, k))
        mask = np.sqrt(np.maximum(cv2.blur(fine * fine, (k, k)) - mean * mean, 0.0))
        return np.clip(mask / (np.median(mask) + 1e-3), 0.35, 2.5).astype(np.float32)

    def embed(self, rgb: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Return ``rgb`` (HxWx3 uint8) with ``bits`` added to its luma, at ``psnr_db``.

        Informed embedding, simulated in the reader's working domain (``_FINE`` samples per
        cell): the host's own projection on each bit's chips is measured, and each bit's gain
        is adjusted ``refine_steps`` times so that every bit reads with about the same margin
        (the host's interference cancelled). Then one render at full resolution.

        An image with fewer pixels than the working domain (short side under 512 px) is upsampled
        by the reader, so there the simulation renders the pattern as released (at the image's
        own resolution, rounded to integers, clipped to 0-255) and upsamples it as the reader
        does: the pattern drawn directly in the working domain differs from that render by more
        than the margins the gains even out (the demo model's saturated 256 px images failed their
        read-back with 16-27 raw bit errors).
        """
        import cv2

        bits = np.asarray(bits, dtype=np.uint8).reshape(-1)
        rgb = np.ascontiguousarray(rgb[..., :3])
        rows, cols = rgb.shape[:2]
        shape = _grid_shape(rows, cols, _Layout.cells)
        fine_size = (shape[1] * _FINE, shape[0] * _FINE)
        fine = _fine_luma(rgb, fine_size)
        mask = self._mask(fine)
        weight = cv2.resize(mask, (cols, rows), interpolation=cv2.INTER_LINEAR)
        lay = _layout(bits.size)
        sign = 2.0 * bits - 1.0
        target_rms = 255.0 / 10 ** (self.options.psnr_db / 20.0)

        def render(gains: np.ndarray) -> np.ndarray:
            """The pattern added to every channel of the image (float, before rounding)."""
            pattern = cv2.resize(self.cell_values(bits, shape, gains), (cols, rows), interpolation=cv2.INTER_LINEAR)
            pattern *= weight
            pattern *= target_rms / (float(np.sqrt(np.mean(pattern * pattern))) or 1.0)
            return pattern

        def margins(image: np.ndarray) -> np.ndarray:
            return self._soft(self._read_cells(_high_pass(image)), lay) * sign

        if rows * cols < fine_size[0] * fine_size[1]:
            released = _ReleasedLuma(rgb, fine_size)

            def simulate(gains: np.ndarray) -> np.ndarray:
                return margins(released.fine(np.rint(render(gains))))

        else:

            def simulate(gains: np.ndarray) -> np.ndarray:
                pattern = cv2.resize(self.cell_values(bits, shape, gains), fine_size, interpolation=cv2.INTER_LINEAR)
                pattern *= mask
                pattern *= target_rms / (float(np.sqrt(np.mean(pattern * pattern))) or 1.0)
                return margins(fine + pattern)

        gains = np.ones(bits.size)
        host = margins(fine)
        dropped = np.zeros(bits.size, dtype=bool)
        for done in range(2 * self.options.refine_steps):
            total = simulate(gains)
            if done >= self.options.refine_steps and np.all(total[~dropped] > _SETTLED * np.median(total[~dropped])):
                break  # settled; textured images take up to twice the passes
            kappa = np.maximum((total - host) / np.maximum(gains, 1e-3), 1e-6)  # each bit's response per unit gain
            hopeless = ~dropped & (gains >= self.max_gain) & (total < 0)
            room = _MAX_DROPPED - int(dropped.sum())
            if room > 0 and hopeless.any():  # its energy is better spent on the bits that can be won
                dropped[np.flatnonzero(hopeless)[np.argsort(total[hopeless])][:room]] = True
            step = _DAMPING * (np.median(total[~dropped]) - total) / kappa
            gains = np.clip(gains + step, 0.1, self.max_gain)
            gains[dropped] = 0.0
        out = rgb.astype(np.int16)
        out += np.rint(render(gains)).astype(np.int16)[..., None]
        np.clip(out, 0, 255, out=out)
        return out.astype(np.uint8)

    # ---- reading ---------------------------------------------------------------------------

    def _residual(self, rgb: np.ndarray) -> np.ndarray:
        rows, cols = rgb.shape[:2]
        gr, gc = _grid_shape(rows, cols, _Layout.cells)
        return _high_pass(_fine_luma(rgb, (gc * _FINE, gr * _FINE)))  # _FINE samples per cell

    @staticmethod
    def _folded_cells(grid: np.ndarray, fine: int = _FINE) -> np.ndarray | None:
        """Cell sums of ``grid`` (``fine`` samples per cell, starting at a cell boundary) folded
        into one payload square."""
        cells = LatticeSyncBackend._cells_of(grid, fine)
        return None if cells is None else LatticeSyncBackend._fold_cells(cells)

    @staticmethod
    def _cells_of(grid: np.ndarray, fine: int = _FINE) -> np.ndarray | None:
        """Sums of ``grid``'s samples per cell (``fine`` samples per cell, from a cell boundary)."""
        gh, gw = grid.shape[0] // fine, grid.shape[1] // fine
        if gh < 1 or gw < 1:
            return None
        return _cell_sums(grid[: gh * fine, : gw * fine], fine)

    @staticmethod
    def _fold_cells(cells: np.ndarray) -> np.ndarray:
        """A grid of cell values folded (summed) into one payload square."""
        p = _Layout.payload
        gh, gw = cells.shape
        ph, pw = -(-gh // p) * p, -(-gw // p) * p
        acc = np.zeros((ph, pw), np.float32)
        acc[:gh, :gw] = cells
        return _fold(acc, p)

    def _search_residual(self, r: np.ndarray, fine: int) -> np.ndarray:
        """The residual the geometric search works on (``fine`` samples per cell): ``r`` itself."""
        return r

    def _read_cells(self, grid: np.ndarray, fine: int = _FINE) -> np.ndarray | None:
        """The payload square the bits are read from: ``grid``'s cell sums, folded."""
        return self._folded_cells(grid, fine)

    @staticmethod
    def _soft(folded: np.ndarray, lay: _Layout, oy: int = 0, ox: int = 0) -> np.ndarray:
        shifted = np.roll(folded, (oy, ox), axis=(0, 1)) if (oy or ox) else folded
        return np.bincount(lay.bit_of.ravel(), weights=(shifted * lay.chips).ravel(), minlength=lay.n_bits)

    @staticmethod
    def _lattice_scores(
        ac: np.ndarray, scales: np.ndarray, angles: np.ndarray, reach: int, fine: int = _FINE
    ) -> np.ndarray:
        """Mean autocorrelation over the template lattice points (k, l), |k|, |l| <= ``reach``, of
        every (scale, angle) hypothesis; bilinear lookups, lags taken modulo the shape."""
        i00, i01, i10, i11, fx, fy = _score_points(ac.shape, scales, angles, reach, fine)
        gx, gy = 1 - fx, 1 - fy
        flat = ac.ravel()
        vals = flat[i00] * gx * gy + flat[i01] * fx * gy + flat[i10] * gx * fy + flat[i11] * fx * fy
        return vals.mean(axis=-1)

    def lattices(self, r: np.ndarray, count: int, fine: int = _FINE) -> list[tuple[float, float]]:
        """Up to ``count`` (scale, angle in radians) candidates for the template lattice in ``r``
        (``fine`` samples per cell), strongest first: the autocorrelation summed over the lattice
        points within four periods, over scales 0.95-1.5 (a crop makes the grid look larger) and
        angles +-6 degrees, with non-maximum suppression."""
        from scipy import fft

        # scipy's FFT in double precision: ~4x numpy's speed here, and numpy 2 computed a float32
        # residual's transform in single precision (the scores move by ~1e-8; near-exact ties may swap)
        spec = fft.rfft2(r.astype(np.float64))
        ac = fft.irfft2((spec * np.conj(spec)).real, s=r.shape)
        ac /= ac[0, 0] + 1e-9
        scales = np.arange(0.95, 1.5, 0.005 * _FINE / fine)
        angles = np.deg2rad(np.arange(-6.0, 6.01, 0.25 * _FINE / fine))
        score = self._lattice_scores(ac, scales, angles, 4, fine)
        out: list[tuple[float, float]] = []
        for _ in range(count):
            i, j = np.unravel_index(int(np.argmax(score)), score.shape)
            if not np.isfinite(score[i, j]):
                break
            out.append((float(scales[i]), float(angles[j])))
            nms = max(1, 4 * fine // _FINE)
            score[max(0, i - nms) : i + nms + 1, max(0, j - nms) : j + nms + 1] = -np.inf
        return out

    def _template_match(self, fold: np.ndarray, lay: _Layout, fine: int) -> tuple[float, int, int]:
        """(z-score, dy, dx): the template's phase in a canonical residual folded into one period
        (``_fold_padded``), by correlating the fold circularly with the template."""
        from scipy import fft

        q = lay.period * fine
        if q * q <= _MATRIX_MATCH:  # the search's resolution: one small matrix product
            corr = lay.template_matrix(fine) @ fold.ravel()
        else:
            corr = fft.irfft2(fft.rfft2(fold) * lay.template_fft(fine), s=(q, q)).ravel()
        peak = int(np.argmax(corr))
        dy, dx = divmod(peak, q)
        # (peak - mean) / std, numpy's mean and std spelt out (one sum for both)
        mean = corr.sum() / corr.size
        dev = corr - mean
        std = np.sqrt((dev * dev).sum() / corr.size)
        return float((corr.flat[peak] - mean) / (std + 1e-9)), dy, dx

    def _canonical(self, r: np.ndarray, scale: float, angle: float) -> np.ndarray:
        """``r`` resampled so that the lattice (``scale``, ``angle``) becomes the embedded grid;
        samples outside the image are zero."""
        import cv2

        a = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        rows, cols = r.shape
        corners = np.linalg.inv(a) @ np.array([[0, cols, 0, cols], [0, 0, rows, rows]], dtype=np.float64)
        lo, hi = corners.min(axis=1), corners.max(axis=1)
        w, h = (np.ceil(hi - lo)).astype(int)
        m = np.hstack([a, (a @ lo)[:, None]])
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        return cv2.warpAffine(r, m, (int(w), int(h)), flags=flags, borderMode=cv2.BORDER_CONSTANT, borderValue=0)

    def _view(
        self, r: np.ndarray, scale: float, angle: float, mirror: bool, lay: _Layout, fine: int, memo: dict | None = None
    ):
        """((z, dy, dx), canonical view) of ``r`` under one lattice hypothesis. ``memo``: the
        resamplings and matches already made of this ``r`` (one read), reused when a hypothesis
        comes back (the refinement starts where the search stood; both mirrors share a lattice)."""
        memo = {} if memo is None else memo
        key = (fine, scale, angle)
        if (*key, mirror) not in memo:
            if key not in memo:
                canon = self._canonical(r, scale, angle)
                memo[key] = canon, _fold_padded(canon, lay.period * fine)
            canon, fold = memo[key]
            if mirror:  # both views of one resampling, and of its fold
                canon, fold = canon[:, ::-1], _mirrored_fold(fold, canon.shape[1])
            memo[(*key, mirror)] = self._template_match(fold, lay, fine), canon
        return memo[(*key, mirror)]

    def _refine(
        self, r: np.ndarray, scale: float, angle: float, mirror: bool, lay: _Layout, fine: int, memo: dict | None = None
    ):
        """((z, dy, dx), view), scale, angle: the lattice hypothesis polished by the template match,
        scale in 0.25% steps, then angle in 0.125 degree steps (the autocorrelation's grid is too
        coarse for a crop's payload)."""
        best, best_scale, best_angle = self._view(r, scale, angle, mirror, lay, fine, memo), scale, angle
        for ds in (-0.0075, -0.005, -0.0025, 0.0025, 0.005, 0.0075):
            cand = self._view(r, scale * (1 + ds), angle, mirror, lay, fine, memo)
            if cand[0][0] > best[0][0]:
                best, best_scale = cand, scale * (1 + ds)
        scale = best_scale
        for da in np.deg2rad((-0.25, -0.125, 0.125, 0.25)):
            cand = self._view(r, scale, angle + da, mirror, lay, fine, memo)
            if cand[0][0] > best[0][0]:
                best, best_angle = cand, angle + da
        return best, scale, best_angle

    def _offsets(self, canon: np.ndarray, lay: _Layout, dy: int, dx: int, fine: int) -> list[tuple[float, np.ndarray]]:
        """(rank statistic, soft bits) for each payload offset (a multiple of the template period),
        the template phase known; all offsets in one weighted bincount."""
        folded = self._read_cells(canon[dy:, dx:], fine)  # starts at the template origin: a cell boundary
        if folded is None:
            return []
        # every np.roll of the square times the chips, summed per (offset, bit): one sparse product
        softs = (lay.offset_matrix() @ folded.ravel().astype(np.float64)).reshape(-1, lay.n_bits)
        ranks = np.abs(softs).mean(axis=1) / (np.sqrt((softs * softs).mean(axis=1)) + 1e-9)
        return list(zip(ranks.tolist(), softs, strict=True))

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        """Soft scores (0..1), best guess first: the image as it is, mirrored back (a horizontal
        flip), then the ``candidates`` best re-synchronised hypotheses (lattice, template phase,
        payload offset, mirror), searched at ``search_fine`` samples per cell."""
        r = self._residual(rgb)
        lay = _layout(n_bits)
        for view in (r, r[:, ::-1]):
            yield _probabilities(self._soft(self._read_cells(view), lay))
        if self.options.candidates == 0:
            return
        full = r
        fine = _SEARCH_FINE
        if fine != _FINE:
            import cv2

            r = cv2.resize(r, (r.shape[1] * fine // _FINE, r.shape[0] * fine // _FINE), interpolation=cv2.INTER_AREA)
        r = self._search_residual(r, fine)  # the lattice, template phase and offsets are found on this
        views = []
        memo: dict = {}  # every resampling and template match of this read, by hypothesis
        for scale, angle in self.lattices(r, self.options.lattices, fine):
            for mirror in (False, True):  # one resampling serves both mirror hypotheses
                views.append((self._view(r, scale, angle, mirror, lay, fine, memo), scale, angle, mirror))
        views.sort(key=lambda t: -t[0][0][0])
        hyps: list[tuple[float, np.ndarray]] = []
        for i, (_, scale, angle, mirror) in enumerate(views[:2]):
            ((_, dy, dx), view), scale, angle = self._refine(r, scale, angle, mirror, lay, fine, memo)
            hyps += self._offsets(view, lay, dy, dx, fine)
            if i == 0 and fine != _FINE:  # the best lattice also read at full working resolution
                (_, dy, dx), view = self._view(full, scale, angle, mirror, lay, _FINE)
                hyps += self._offsets(view, lay, dy, dx, _FINE)
        hyps.sort(key=lambda t: -t[0])
        for _, soft in hyps[: self.options.candidates]:
            yield _probabilities(soft)


_POINTS_CACHE = 4  # working-domain shapes (one per aspect ratio) whose lattice lookups are kept (~2.6 MB each)


def _score_points(
    shape: tuple[int, int], scales: np.ndarray, angles: np.ndarray, reach: int, fine: int
) -> tuple[np.ndarray, ...]:
    """The bilinear lookups of ``_lattice_scores`` for an autocorrelation of ``shape``: flat indices
    of the four neighbours (lags modulo the shape) and the fractions ``fx, fy`` of every (scale,
    angle, lattice point). They depend on the shape only, which depends on the
    image's aspect ratio only (the grid has 128 cells on the short side), so they are kept."""
    key = (shape, scales.tobytes(), angles.tobytes(), reach, fine)
    with _points_lock:
        if key in _points:
            return _points[key]
    rows, cols = shape
    q = _Layout.period * fine
    k, ll = np.meshgrid(np.arange(-reach, reach + 1), np.arange(0, reach + 1), indexing="ij")
    keep = (ll > 0) | (k > 0)  # half plane: the autocorrelation is symmetric
    k, ll = k[keep].astype(np.float64), ll[keep].astype(np.float64)
    s = scales[:, None, None] * q
    c, n = np.cos(angles)[None, :, None], np.sin(angles)[None, :, None]
    x = s * (k * c - ll * n)
    y = s * (k * n + ll * c)
    x0, y0 = np.floor(x), np.floor(y)
    fx, fy = x - x0, y - y0
    xi, yi = x0.astype(np.int64), y0.astype(np.int64)

    def at(dy: int, dx: int) -> np.ndarray:
        return (yi + dy) % rows * cols + (xi + dx) % cols

    points = (at(0, 0), at(0, 1), at(1, 0), at(1, 1), fx, fy)
    with _points_lock:
        if len(_points) >= _POINTS_CACHE:
            _points.pop(next(iter(_points)))
        _points[key] = points
    return points


_points: dict[tuple, tuple[np.ndarray, ...]] = {}
_points_lock = threading.Lock()


def _cell_sums(grid: np.ndarray, fine: int) -> np.ndarray:
    """``grid.reshape(gh, fine, gw, fine).sum(axis=(1, 3))`` with the same additions in the same
    order (numpy sums the short inner axis first, then the rows), about ten times faster."""
    gh, gw = grid.shape[0] // fine, grid.shape[1] // fine
    x = grid.reshape(gh, fine, gw, fine)
    if gw == 1:  # numpy merges the axes of a single column of cells: its own order is kept
        return np.ascontiguousarray(x).sum(axis=(1, 3))
    rows = x[..., 0].copy()
    for j in range(1, fine):
        rows += x[..., j]
    out = rows[:, 0].copy()
    for i in range(1, fine):
        out += rows[:, i]
    return out


def _fold(pad: np.ndarray, q: int) -> np.ndarray:
    """``pad.reshape(h // q, q, w // q, q).sum(axis=(0, 2))`` (every q x q tile added, in row-major
    tile order, as numpy does) from one contiguous copy of the tiles: the same sums, faster."""
    h, w = pad.shape
    tiles = pad.reshape(h // q, q, w // q, q).transpose(0, 2, 1, 3).reshape(-1, q * q)
    return tiles.sum(axis=0).reshape(q, q)


def _fold_padded(canon: np.ndarray, q: int) -> np.ndarray:
    """``canon`` zero-padded to whole q x q tiles, every tile added: (q, q) in double precision (the
    tiles' rows first, then their columns). Float32 samples added in float64 round at ~1e-16 of the
    largest, so the order of the additions no longer matters to the search (``_mirrored_fold``
    reorders them); the single-precision tile sums this replaced rounded at ~1e-7."""
    h, w = canon.shape
    a, c = -(-h // q), -(-w // q)
    pad = np.zeros((a * q, c * q))
    pad[:h, :w] = canon
    return pad.reshape(a, q, c * q).sum(axis=0).reshape(q, c, q).sum(axis=1)


def _mirrored_fold(fold: np.ndarray, width: int) -> np.ndarray:
    """``_fold_padded(canon[:, ::-1], q)`` from ``fold = _fold_padded(canon, q)`` (``width``: canon's
    columns): mirrored column x holds the columns x' of canon with x' = width - 1 - x (mod q)."""
    q = fold.shape[1]
    return fold[:, (width - 1 - np.arange(q)) % q]


def _probabilities(soft: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-4.0 * soft / (np.sqrt(np.mean(soft * soft)) + 1e-9)))
