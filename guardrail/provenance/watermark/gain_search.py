"""The chroma-gain search of the DWT-DCT-SVD readers, from one Haar band and one DCT per image.

Both ``dwtDctSvd`` and ``dwtDctSvdPlus`` read ``s0``, the largest singular value of each 4x4 DCT
block of a Haar LL band of a chroma plane, once per chroma gain ``g`` they try (brightness and
contrast scale chroma around 128; undoing the gain restores the marked ``s0``). Each gain used to
cost a full pass: the gain applied to every pixel, the band, the DCT and a batched ``eigvalsh``.

Everything before the singular value is linear, so one pass is enough: for pixels ``p`` the gain
gives ``128 + (p - 128) / g``, whose 4x4 DCT block is ``(M + C (g - 1) E00) / g`` where ``M`` is
the block of ``p``, ``C`` the DC coefficient of a constant-128 block and ``E00`` the unit matrix
at (0, 0). So ``s0(g) = s0(M + C (g - 1) E00) / g``: only the DC entry moves. The readers also
clip the gained pixels to [0, 255]; blocks holding a pixel that clips at a gain are recomputed
from their pixels, so every value equals the per-gain pass (to float rounding).

``s0`` itself comes from a power iteration on ``M^T M`` (built once; the DC shift changes seven
of its entries), vectorised over the blocks: chroma blocks are dominated by their DC term, so it
converges at once: after two products (``G G e0``) all but ~1-3% of the blocks have a Rayleigh
quotient that is provably the top eigenvalue to 1e-13 of the trace (the Kato-Temple bound), the
others take up to two more products, and the rare block still open falls back to ``eigvalsh``.
Results equal ``np.linalg.svd``'s to ~1e-12.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

__all__ = ["block_dct", "blocks", "gain_top_singular_values", "low_band", "top_singular_values"]

_B = 4
_ITERATIONS = 4
_TOLERANCE = 1e-13  # bound on (top eigenvalue - rho) / trace: s0 within ~1e-13 of itself (trace < 2 rho)


def _dct_matrix(n: int) -> np.ndarray:
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    mat = np.sqrt(2.0 / n) * np.cos(np.pi * (2 * i + 1) * k / (2 * n))
    mat[0] /= np.sqrt(2.0)
    return mat


DCT4 = _dct_matrix(_B)


def low_band(x: np.ndarray, level: int) -> np.ndarray:
    """Haar LL band of ``level`` levels of each (rows, cols) plane in ``x`` (..., rows, cols).

    The orthonormal Haar LL coefficient at level L is the sum of its 2**L x 2**L pixel block over
    2**L: the same numbers as ``pywt.wavedec2(x, "haar", level=L)[0]`` (to rounding; exact on
    integer pixels), several times faster, and without the detail bands, which the scheme never
    changes. Rows are summed first, then columns (two contiguous reductions).
    """
    f = 2**level
    *lead, rows, cols = x.shape
    if x.dtype == np.uint8 and rows % f == 0 and cols % f == 0:
        # OpenCV's area average of 8-bit pixels in float32 is exact (every partial sum and the scale by
        # 1 / f**2 stay dyadic numbers of a few bits), so times f it is the band from a float64 copy,
        # bit for bit, about ten times faster
        import cv2

        flat = x.reshape(-1, rows, cols)
        band = np.empty((flat.shape[0], rows // f, cols // f))
        for i, plane in enumerate(flat):
            band[i] = cv2.resize(plane.astype(np.float32), (cols // f, rows // f), interpolation=cv2.INTER_AREA)
        band *= f
        return band.reshape(*lead, rows // f, cols // f)
    by_rows = x.reshape(*lead, rows // f, f, cols).sum(axis=-2)
    return by_rows.reshape(*lead, rows // f, cols // f, f).sum(axis=-1) / f


def blocks(ca: np.ndarray, size: int = _B) -> np.ndarray:
    """(..., H, W) -> (..., H/size * W/size, size, size) blocks in row-major block order."""
    *lead, rows, cols = ca.shape
    h, w = rows // size, cols // size
    x = ca[..., : h * size, : w * size]
    return x.reshape(*lead, h, size, w, size).swapaxes(-3, -2).reshape(*lead, h * w, size, size)


def block_dct(band: np.ndarray) -> np.ndarray:
    """``DCT4 @ blocks(band) @ DCT4.T``, the 2-D DCT of every 4x4 block, (..., n, 4, 4): the same
    products (one small matrix product per row of blocks, then per row of pixels) without a matrix
    product per block; equal bit for bit with OpenBLAS on this project's machines (each entry is
    the same four-term dot product), to ~1e-16 wherever a BLAS rounds otherwise."""
    *lead, rows, cols = band.shape
    h, w = rows // _B, cols // _B
    if w < 2:  # one column of blocks takes another BLAS path: one product per block as before
        return DCT4 @ blocks(band) @ DCT4.T
    left = np.matmul(DCT4, band[..., : h * _B, : w * _B].reshape(*lead, h, _B, w * _B))
    both = np.matmul(left.reshape(*lead, h * _B, w, _B), DCT4.T)
    return blocks(both.reshape(*lead, h * _B, w * _B))


def _gram(m: np.ndarray) -> np.ndarray:
    """``M^T M`` of each 4x4 matrix in ``m`` (N, 4, 4), laid out (4, 4, N)."""
    a = np.ascontiguousarray(m.transpose(1, 2, 0))  # a[i, j] = m[:, i, j], each a contiguous row
    gram = np.empty((_B, _B, m.shape[0]))
    for j in range(_B):
        for k in range(j, _B):
            entry = a[0, j] * a[0, k]
            for i in range(1, _B):
                entry += a[i, j] * a[i, k]
            gram[j, k] = entry
            gram[k, j] = entry
    return gram


def _shifted(gram: np.ndarray, row0: np.ndarray, shift: float, out: np.ndarray | None = None) -> np.ndarray:
    """The Gram matrix of ``M + shift * E00`` from that of ``M`` and M's first row (4, N).

    ``out``: a former result to overwrite (only its first row and column change from ``gram``)."""
    if out is None:
        out = gram.copy()
    else:
        out[0] = gram[0]
        out[1:, 0] = gram[1:, 0]
    out[0, :] += shift * row0
    out[:, 0] += shift * row0
    out[0, 0] += shift * shift
    return out


def _settled(g: np.ndarray, v: np.ndarray, trace: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One power step ``G v`` per matrix: (the step, the Rayleigh quotient ``rho`` of ``v``, whether
    ``rho`` is provably within ``_TOLERANCE`` of the trace ``t`` of the top eigenvalue).

    Kato-Temple: the eigenvalues are >= 0, so every one but the top is at most ``t - rho``; with
    residual ``r`` and ``2 rho > t`` the top one lies in ``[rho, rho + r**2 / (2 rho - t)]``."""
    gv = np.einsum("jkn,kn->jn", g, v)  # G v per block, without a (4, 4, N) temporary
    vv = np.maximum(np.einsum("kn,kn->n", v, v), 1e-300)  # v need not be normalised
    rho = np.einsum("kn,kn->n", v, gv) / vv
    res = gv - rho * v
    gap = 2.0 * rho - trace
    done = (gap > 0) & (np.einsum("kn,kn->n", res, res) <= (_TOLERANCE * vv) * trace * gap)
    return gv, rho, done


def _top_eigenvalues(gram: np.ndarray) -> np.ndarray:
    """Top eigenvalue of each symmetric PSD 4x4 matrix in ``gram`` (4, 4, N), to ``_TOLERANCE`` of
    its trace: power iteration from the first column (``G e0``, free) on every matrix for one more
    step, then on the few not yet settled (``_settled``) for up to ``_ITERATIONS`` steps in all; the
    rare matrix still open is solved with ``eigvalsh``."""
    trace = gram[0, 0] + gram[1, 1] + gram[2, 2] + gram[3, 3]
    v = np.einsum("jkn,kn->jn", gram, gram[:, 0])  # G G e0
    v, rho, done = _settled(gram, v, trace)
    open_ = np.flatnonzero(~done)
    if open_.size == 0:
        return rho
    g, trace = gram.take(open_, axis=2), trace[open_]
    v = v[:, open_]
    for _ in range(_ITERATIONS - 2):
        v = v / np.maximum(np.sqrt(np.einsum("kn,kn->n", v, v)), 1e-300)
        v, r, done = _settled(g, v, trace)
        rho[open_[done]] = r[done]
        keep = ~done
        open_, g, v, trace = open_[keep], g[:, :, keep], v[:, keep], trace[keep]
        if open_.size == 0:
            return rho
    rho[open_] = np.linalg.eigvalsh(g.transpose(2, 0, 1))[:, -1]
    return rho


def top_singular_values(m: np.ndarray) -> np.ndarray:
    """Largest singular value of each 4x4 matrix in ``m`` (..., 4, 4)."""
    gram = _gram(m.reshape(-1, _B, _B))
    return np.sqrt(np.maximum(_top_eigenvalues(gram), 0.0)).reshape(m.shape[:-2])


def gain_top_singular_values(planes: np.ndarray, level: int, gains: Sequence[float]) -> Iterator[np.ndarray]:
    """For each gain ``g`` (lazily): ``s0`` of every 4x4 DCT block of the level-``level`` Haar LL band
    of ``clip(128 + (planes - 128) / g, 0, 255)``, shape (..., blocks) in row-major block order.

    ``planes`` (..., rows, cols) are whole tiles (rows and cols multiples of ``4 * 2**level``), float
    or integer (uint8 chroma planes as decoded: the same values, read without a float copy).
    """
    f = 2**level
    tile = _B * f
    coeffs = block_dct(low_band(planes, level))  # (..., n, 4, 4)
    lead = coeffs.shape[:-2]
    flat = coeffs.reshape(-1, _B, _B)
    gram, row0 = _gram(flat), flat[:, 0, :].T.copy()
    dc = _B * 128.0 * f  # DC coefficient of a block of the constant-128 plane
    lowest, highest = float(planes.min()), float(planes.max())
    pixel_tiles: np.ndarray | None = None  # the planes cut into tiles, once for every gain that clips
    tile_range: tuple[np.ndarray, np.ndarray] | None = None
    work: np.ndarray | None = None  # the shifted Gram matrices, rewritten in place per gain
    for gain in gains:
        if gain == 1.0:
            g = gram
        else:
            work = _shifted(gram, row0, dc * (gain - 1.0), out=work)
            g = work
        s0 = np.sqrt(np.maximum(_top_eigenvalues(g), 0.0)).reshape(lead) / gain
        if gain == 1.0:
            yield s0
            continue
        lo, hi = 128.0 - 128.0 * gain, 128.0 + 127.0 * gain  # pixels outside clip once gained
        if lowest < lo or highest > hi:
            if pixel_tiles is None or tile_range is None:
                pixel_tiles = blocks(planes, tile)
                tile_range = pixel_tiles.min(axis=(-2, -1)), pixel_tiles.max(axis=(-2, -1))
            clipped = (tile_range[0] < lo) | (tile_range[1] > hi)
            pixels = pixel_tiles[clipped].astype(np.float64)  # (k, tile, tile)
            gained = np.clip(128.0 + (pixels - 128.0) / gain, 0, 255)
            s0[clipped] = top_singular_values(DCT4 @ low_band(gained, level) @ DCT4.T)
        yield s0
