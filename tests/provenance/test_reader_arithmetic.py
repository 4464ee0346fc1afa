"""The faster read paths compute the same numbers as the straightforward ones they replace.

Each helper is compared with the former expression, bit for bit, on seeded random data and on
photos (scikit-image): a reader whose arithmetic drifts could decode differently.
"""

from __future__ import annotations

import numpy as np
import pytest
from skimage import data

from guardrail.provenance.evidence.public_watermark import dwtdct_block_votes
from guardrail.provenance.watermark.gain_search import (
    DCT4,
    _gram,
    _shifted,
    block_dct,
    blocks,
    low_band,
)
from guardrail.provenance.watermark.lattice_sync import (
    _SEARCH_FINE,
    LatticeSyncBackend,
    _cell_sums,
    _fold,
    _fold_padded,
    _mirrored_fold,
)


def _photos() -> list[np.ndarray]:
    return [data.astronaut(), data.chelsea(), data.coffee()]


@pytest.mark.parametrize("fine", [2, 4])
def test_cell_sums_equal_the_4d_sum(fine: int) -> None:
    rng = np.random.default_rng(7)
    for rows, cols in ((512, 512), (130, 702), (8, 4), (40, 4), (4, 40)):
        grid = (rng.normal(size=(rows, cols)) * rng.uniform(0.01, 50, (rows, cols))).astype(np.float32)
        gh, gw = rows // fine, cols // fine
        want = grid[: gh * fine, : gw * fine].reshape(gh, fine, gw, fine).sum(axis=(1, 3))
        got = _cell_sums(grid[: gh * fine, : gw * fine], fine)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_fold_equals_the_4d_sum() -> None:
    rng = np.random.default_rng(8)
    for shape, q in (((128, 128), 64), ((192, 320), 64), ((272, 256), 16), ((544, 512), 32), ((16, 16), 16)):
        pad = (rng.normal(size=shape) * rng.uniform(0.01, 50, shape)).astype(np.float32)
        want = pad.reshape(shape[0] // q, q, shape[1] // q, q).sum(axis=(0, 2))
        assert np.array_equal(_fold(pad, q), want)


def test_fold_of_a_padded_view_equals_padding_then_folding_and_mirrors_by_a_permutation() -> None:
    rng = np.random.default_rng(14)
    for (h, w), q in (((264, 264), 16), ((256, 256), 16), ((231, 250), 16), ((530, 512), 32), ((10, 40), 16)):
        canon = (rng.normal(size=(h, w)) * 20).astype(np.float32)
        folds = []
        for view in (canon, canon[:, ::-1]):
            pad = np.zeros((-(-h // q) * q, -(-w // q) * q))
            pad[:h, :w] = view
            want = pad.reshape(pad.shape[0] // q, q, pad.shape[1] // q, q).sum(axis=(0, 2))
            got = _fold_padded(view, q)
            assert got.dtype == np.float64 and np.abs(got - want).max() <= 1e-12 * np.abs(want).max()
            folds.append(got)
        mirrored = _mirrored_fold(folds[0], w)
        assert np.abs(mirrored - folds[1]).max() <= 1e-12 * np.abs(folds[1]).max()
        assert not np.allclose(folds[0], folds[1])  # the mirror is a different view


def _former_lattice_scores(ac, scales, angles, reach, fine):
    rows, cols = ac.shape
    q = 8 * fine
    k, ll = np.meshgrid(np.arange(-reach, reach + 1), np.arange(0, reach + 1), indexing="ij")
    keep = (ll > 0) | (k > 0)
    k, ll = k[keep].astype(np.float64), ll[keep].astype(np.float64)
    s = scales[:, None, None] * q
    c, n = np.cos(angles)[None, :, None], np.sin(angles)[None, :, None]
    x, y = s * (k * c - ll * n), s * (k * n + ll * c)
    x0, y0 = np.floor(x), np.floor(y)
    fx, fy = x - x0, y - y0
    xi, yi = x0.astype(np.int64), y0.astype(np.int64)

    def at(dy, dx):
        return ac[(yi + dy) % rows, (xi + dx) % cols]

    vals = at(0, 0) * (1 - fx) * (1 - fy) + at(0, 1) * fx * (1 - fy) + at(1, 0) * (1 - fx) * fy + at(1, 1) * fx * fy
    return vals.mean(axis=-1)


def test_lattice_scores_from_kept_lookups_equal_the_former() -> None:
    rng = np.random.default_rng(9)
    scales = np.arange(0.95, 1.5, 0.01)
    angles = np.deg2rad(np.arange(-6.0, 6.01, 0.5))
    for shape in ((256, 256), (256, 450), (256, 256)):  # the third hits the kept lookups
        ac = rng.normal(size=shape)
        got = LatticeSyncBackend._lattice_scores(ac, scales, angles, 4, _SEARCH_FINE)
        assert np.array_equal(got, _former_lattice_scores(ac, scales, angles, 4, _SEARCH_FINE))


@pytest.mark.parametrize("level", [1, 2, 3])
def test_low_band_of_uint8_planes_equals_the_float_band(level: int) -> None:
    planes = [np.ascontiguousarray(p[:296, :448, 1:3].transpose(2, 0, 1)) for p in _photos()]  # whole tiles
    planes.append(np.full((2, 64, 96), 255, np.uint8))
    planes.append(np.random.default_rng(10).integers(0, 256, (1, 128, 256), dtype=np.uint8))
    for p in planes:
        want = low_band(p.astype(np.float64), level)
        got = low_band(p, level)
        assert got.dtype == np.float64 and np.array_equal(got, want)


def test_block_dct_equals_a_product_per_block() -> None:
    rng = np.random.default_rng(11)
    for shape in ((256, 256), (2, 128, 128), (300, 200), (1, 4, 4), (8, 4), (4, 8)):
        band = rng.integers(0, 256, shape) * 0.5 + rng.normal(size=shape)
        want = DCT4 @ blocks(band) @ DCT4.T
        # bit for bit with this machine's OpenBLAS; another BLAS may round a four-term dot product otherwise
        np.testing.assert_allclose(block_dct(band), want, rtol=0, atol=1e-12)


def test_shifted_gram_rewritten_in_place_equals_a_fresh_copy() -> None:
    rng = np.random.default_rng(12)
    m = rng.normal(size=(500, 4, 4)) * 20
    gram, row0 = _gram(m), m[:, 0, :].T.copy()
    work = None
    for shift in (30.0, -12.5, 400.0, 0.25):
        work = _shifted(gram, row0, shift, out=work)
        assert np.array_equal(work, _shifted(gram, row0, shift))


def _former_block_votes(rgb: np.ndarray) -> np.ndarray | None:
    import cv2

    rows, cols = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    if rows * cols < 256 * 256:
        return None
    bgr = np.ascontiguousarray(rgb[:rows, :cols, ::-1])
    u = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV)[:, :, 1].astype(np.float64)
    ll = (u[0::2, 0::2] + u[0::2, 1::2] + u[1::2, 0::2] + u[1::2, 1::2]) / 2.0
    h, w = ll.shape[0] // 4, ll.shape[1] // 4
    blk = ll[: h * 4, : w * 4].reshape(h, 4, w, 4).swapaxes(1, 2).reshape(-1, 16)
    ac = np.abs(blk[:, 1:])
    val = ac[np.arange(ac.shape[0]), np.argmax(ac, axis=1)]
    if (np.ptp(blk, axis=1) >= 0.5).mean() < 0.5:
        return None
    return (np.mod(val, 36.0) > 18.0).astype(np.float64)


def test_public_block_votes_equal_the_former_reader() -> None:
    images = [p[:, :-3] for p in _photos()]  # an odd width
    images.append(np.dstack([np.tile(np.arange(300, dtype=np.uint8), (300, 1))] * 3))  # flat rows: too flat
    images.append(np.random.default_rng(13).integers(0, 256, (260, 300, 3), dtype=np.uint8))
    for rgb in images:
        want, got = _former_block_votes(rgb), dwtdct_block_votes(rgb)
        assert (want is None) == (got is None)
        if want is not None:
            assert np.array_equal(got, want)


def test_shared_conversions_serve_one_array_per_image_and_only_inside_the_scope() -> None:
    import cv2

    from guardrail.provenance.watermark.colour import rgb_to_yuv, shared_conversions

    rgb, other = data.astronaut(), data.coffee()
    want = cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV)
    with shared_conversions(rgb):
        first, again = rgb_to_yuv(rgb), rgb_to_yuv(rgb)
        assert first is again and not first.flags.writeable and np.array_equal(first, want)
        assert np.array_equal(rgb_to_yuv(other), cv2.cvtColor(other, cv2.COLOR_RGB2YUV))  # another image: its own
        assert rgb_to_yuv(rgb.copy()) is not first  # equal pixels in another array are not served from it
    outside = rgb_to_yuv(rgb)
    assert outside is not first and outside.flags.writeable and np.array_equal(outside, want)


def test_read_watermarks_with_shared_conversions_reads_as_each_reader_alone() -> None:
    from PIL import Image

    from guardrail.provenance.codec import encode_id
    from guardrail.provenance.evidence.public_watermark import read_public_watermarks
    from guardrail.provenance.evidence.watermark_step import read_watermarks
    from guardrail.provenance.watermark import get_backend
    from guardrail.provenance.watermark.detect import detect_watermark

    readers = ["dwtDctSvdPlus", "dwtDctSvd"]
    photo = np.asarray(Image.fromarray(data.chelsea()).resize((384, 256)))
    marked = get_backend("dwtDctSvd").embed(photo, encode_id("0123456789abcdef"))
    for rgb in (photo, marked):
        evidence = read_watermarks(rgb, readers)
        alone = [detect_watermark(rgb, get_backend(name)) for name in readers]
        alone = alone[: next((i + 1 for i, r in enumerate(alone) if r.detected), len(alone))]
        assert evidence.reads == alone and evidence.public == read_public_watermarks(rgb)
    assert evidence.watermark_id == "0123456789abcdef"  # the marked one decodes (by its reader)


def test_high_pass_in_place_equals_the_former_expression() -> None:
    import cv2

    from guardrail.provenance.watermark.lattice_sync import _fine_luma, _high_pass

    for rgb in _photos():
        fine = _fine_luma(rgb, (512, 384))
        r = fine - cv2.GaussianBlur(fine, (0, 0), 3.0)
        want = r / (np.sqrt(np.maximum(cv2.blur(r * r, (17, 17)), 0.0)) + 2.0)
        assert np.array_equal(_high_pass(fine), want)


def test_template_match_by_matrix_finds_the_phase_and_score_of_the_fft_correlation() -> None:
    from scipy import fft

    from guardrail.provenance.watermark.lattice_sync import _layout

    lay = _layout(224)
    q = lay.period * _SEARCH_FINE
    backend = LatticeSyncBackend()
    rng = np.random.default_rng(21)
    views = [backend._residual(p)[::2, ::2] for p in _photos()]
    views += [(rng.normal(size=(264, 250)) * 20).astype(np.float32)]
    for view in views:
        fold = _fold_padded(view, q)
        want = fft.irfft2(fft.rfft2(fold) * lay.template_fft(_SEARCH_FINE), s=(q, q)).ravel()
        got = lay.template_matrix(_SEARCH_FINE) @ fold.ravel()
        assert np.abs(got - want).max() <= 1e-12 * np.abs(want).max()
        z, dy, dx = backend._template_match(fold, lay, _SEARCH_FINE)
        peak = int(np.argmax(want))
        assert (dy, dx) == divmod(peak, q)
        assert z == pytest.approx((want[peak] - want.mean()) / (want.std() + 1e-9), rel=1e-9)
