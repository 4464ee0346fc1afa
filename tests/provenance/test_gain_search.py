"""The gain search computes, from one band and DCT, what a full pass per gain computed."""

from __future__ import annotations

import numpy as np
import pytest

from guardrail.provenance.codec import encode_id
from guardrail.provenance.watermark import get_backend
from guardrail.provenance.watermark.detect import detect_watermark
from guardrail.provenance.watermark.gain_search import (
    DCT4,
    blocks,
    gain_top_singular_values,
    low_band,
    top_singular_values,
)

GAINS = [1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85, 1.25, 0.75]


def _per_gain_pass(planes: np.ndarray, level: int, gain: float) -> np.ndarray:
    """The readers' former loop: gain every pixel, then band, DCT and a full SVD per block."""
    gained = planes if gain == 1.0 else np.clip(128.0 + (planes - 128.0) / gain, 0, 255)
    coeffs = DCT4 @ blocks(low_band(gained, level)) @ DCT4.T
    return np.linalg.svd(coeffs, compute_uv=False)[..., 0]


def _chroma_planes(rgb: np.ndarray, tile: int) -> np.ndarray:
    import cv2

    yuv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV).astype(np.float64)
    rows, cols = rgb.shape[0] // tile * tile, rgb.shape[1] // tile * tile
    return np.stack([yuv[:rows, :cols, 1], yuv[:rows, :cols, 2]])


def _saturated(seed: int) -> np.ndarray:
    """Saturated colour patches over a photo-like gradient: many pixels clip once gains are undone."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:256, 0:256]
    rgb = np.stack([xx, yy, 255 - xx], axis=-1).astype(np.uint8)
    for _ in range(12):
        y, x = rng.integers(0, 224, 2)
        rgb[y : y + 32, x : x + 32] = rng.choice([0, 255], 3)
    return rgb


@pytest.mark.parametrize("level", [1, 2])
def test_every_gain_equals_a_full_pass_including_clipped_blocks(photo, level: int) -> None:
    images = [np.asarray(photo("chelsea", 256)), np.asarray(photo("coffee", 256)), _saturated(0)]
    for rgb in images:
        planes = _chroma_planes(rgb, 4 * 2**level)
        for gain, s0 in zip(GAINS, gain_top_singular_values(planes, level, GAINS), strict=True):
            assert s0.shape == planes.shape[:1] + ((planes.shape[1] * planes.shape[2]) // (4 * 2**level) ** 2,)
            assert np.allclose(s0, _per_gain_pass(planes, level, gain), rtol=1e-12, atol=1e-9)
    # the saturated image really has pixels that clip at the smallest gain (the exact-recompute path ran)
    planes = _chroma_planes(_saturated(0), 16)
    assert planes.min() < 128 - 128 * 0.75 or planes.max() > 128 + 127 * 0.75


def test_top_singular_values_match_the_svd_on_hard_matrices() -> None:
    rng = np.random.default_rng(5)
    m = rng.normal(size=(600, 4, 4)) * rng.uniform(0.1, 500, size=(600, 1, 1))
    m[:3] = 0.0  # flat blocks
    m[3] = np.outer([1, 2, 3, 4], [4, 3, 2, 1])  # rank one
    m[4] = np.diag([5.0, 5.0, 1.0, 0.0])  # two equal top values: power iteration cannot separate them
    m[5] = np.diag([0.0, 7.0, 3.0, 1.0])  # the first column (the start vector) is orthogonal to the answer
    m[6] = np.diag([1.0, 1.0, 1.0, 1.0]) * 1e-8
    expected = np.linalg.svd(m, compute_uv=False)[:, 0]
    assert np.allclose(top_singular_values(m), expected, rtol=1e-10, atol=1e-9)


def test_plus_reader_still_undoes_a_chroma_gain(photo) -> None:
    """A saturation change scales chroma around 128: a read at gain 1 fails, the search finds the id
    (dwtDctSvd's reads after brightness and contrast changes: test_watermark.py)."""
    from PIL import Image, ImageEnhance

    backend = get_backend("dwtDctSvdPlus")
    wid = "0123456789abcdef"
    marked = Image.fromarray(backend.embed(np.asarray(photo("astronaut", 512)), encode_id(wid)))
    attacked = np.asarray(ImageEnhance.Color(marked).enhance(0.8))
    result = detect_watermark(attacked, backend)
    assert result.detected and result.watermark_id == wid
    assert result.tries > 2  # found at a gain other than 1.0, both polarities of gain 1.0 counted
