"""Watermark backends through the codec on real photos."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from guardrail.errors import BackendError
from guardrail.provenance.codec import encode_id, watermark_tag
from guardrail.provenance.watermark import get_backend
from guardrail.provenance.watermark.detect import detect_watermark


def _jpeg(img: Image.Image, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(buf).convert("RGB"))


def seeded_id(seed: int) -> str:
    """A release id drawn from ``random.Random(seed)`` (as benchmarks/watermark_q75_margin.py draws them)."""
    return f"{random.Random(seed).getrandbits(64):016x}"


def _mark_all(photo, backend_name: str) -> list[tuple[str, Image.Image]]:
    backend = get_backend(backend_name)
    out = []
    for seed, name in enumerate(("astronaut", "chelsea", "coffee")):
        wid = seeded_id(seed)
        out.append((wid, Image.fromarray(backend.embed(np.asarray(photo(name)), encode_id(wid)))))
    return out


@pytest.fixture(scope="module")
def marked(photo) -> list[tuple[str, Image.Image]]:
    return _mark_all(photo, "dwtDctSvd")


@pytest.fixture(scope="module")
def marked_plus(photo) -> list[tuple[str, Image.Image]]:
    return _mark_all(photo, "dwtDctSvdPlus")


@pytest.mark.parametrize("quality", [75, 50])
def test_plus_backend_reads_the_id_after_jpeg(marked_plus, quality: int) -> None:
    backend = get_backend("dwtDctSvdPlus")
    for wid, img in marked_plus:
        result = detect_watermark(_jpeg(img, quality), backend)
        assert result.detected and result.watermark_id == wid and result.fpr <= 1e-6


@pytest.mark.parametrize(
    "kind,factor", [("brightness", 1.2), ("brightness", 0.8), ("contrast", 1.2), ("contrast", 0.8)]
)
def test_plus_backend_reads_the_id_after_brightness_and_contrast(marked_plus, kind: str, factor: float) -> None:
    backend = get_backend("dwtDctSvdPlus")
    enhancer = ImageEnhance.Brightness if kind == "brightness" else ImageEnhance.Contrast
    for wid, img in marked_plus:
        result = detect_watermark(np.asarray(enhancer(img).enhance(factor)), backend)
        assert result.detected and result.watermark_id == wid


def test_plus_backend_keeps_psnr_above_38_db(marked_plus, photo) -> None:
    from skimage.metrics import peak_signal_noise_ratio

    for (_, img), name in zip(marked_plus, ("astronaut", "chelsea", "coffee"), strict=True):
        assert peak_signal_noise_ratio(np.asarray(photo(name)), np.asarray(img)) >= 38.0


def test_vectorised_reader_matches_invisible_watermark_decoder(marked) -> None:
    import cv2
    from imwatermark.dwtDctSvd import EmbedDwtDctSvd

    backend = get_backend("dwtDctSvd")
    for _, img in marked:
        bgr = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
        theirs = EmbedDwtDctSvd([0] * 224, wmLen=224, scales=[0, 36, 0], block=4).decode(bgr)
        ours = next(iter(backend.extract(np.asarray(img), 224))) * 255 > 127
        assert np.array_equal(theirs, ours)


def test_detects_the_id_after_jpeg_q75(marked) -> None:
    """Seeded ids (astronaut 0, chelsea 1, coffee 2): with random ids this failed ~4% of runs.

    The margin depends on the id, and on the astronaut it is thin. benchmarks/watermark_q75_margin.py
    over seeded_id(0..199), bit errors of the best read after JPEG q75 against the code's capacity
    of 16: astronaut mean 10.3, p95 15, max 19, 4/200 ids over 16 (undetectable); chelsea mean 1.9,
    max 7; coffee mean 3.6, max 8. This test's ids need 9, 1 and 3 corrections (of 16). The
    dwtDctSvdPlus (the default before latticeSync) is the robust one of the two.
    """
    backend = get_backend("dwtDctSvd")
    for wid, img in marked:
        result = detect_watermark(_jpeg(img, 75), backend)
        assert result.detected and result.watermark_id == wid
        assert result.fpr <= 1e-6 and result.confidence > 0.999999


@pytest.mark.parametrize(
    "kind,factor", [("brightness", 1.2), ("brightness", 0.8), ("contrast", 1.2), ("contrast", 0.8)]
)
def test_detects_after_brightness_and_contrast_changes(marked, kind: str, factor: float) -> None:
    backend = get_backend("dwtDctSvd")
    enhancer = ImageEnhance.Brightness if kind == "brightness" else ImageEnhance.Contrast
    hits = 0
    for wid, img in marked:
        result = detect_watermark(np.asarray(enhancer(img).enhance(factor)), backend)
        hits += result.detected and result.watermark_id == wid
    assert hits >= 2  # measured per photo in benchmarks/watermark_bench.py


@pytest.mark.parametrize("backend_name", ["dwtDctSvd", "dwtDctSvdPlus"])
def test_unmarked_photos_are_never_detected(photo, backend_name: str) -> None:
    """Measured false positives of the detector on unmarked photos and their variants."""
    backend = get_backend(backend_name)
    checked = 0
    for name in (
        "astronaut",
        "chelsea",
        "coffee",
        "rocket",
        "camera",
        "cat",
        "immunohistochemistry",
        "hubble_deep_field",
    ):
        base = photo(name)
        for variant in (base, base.resize((384, 384)), ImageEnhance.Brightness(base).enhance(1.2)):
            result = detect_watermark(_jpeg(variant, 90), backend)
            assert not result.detected and result.watermark_id is None
            checked += 1
    assert checked == 24


def test_unknown_backend_lists_valid_names() -> None:
    with pytest.raises(BackendError, match="dwtDctSvd, dwtDctSvdPlus, latticeSync, latticeSync2, rivaGan"):
        get_backend("nope")


@pytest.mark.slow
def test_rivagan_carries_the_32_bit_tag_confirmed_by_the_store(photo) -> None:
    backend = get_backend("rivaGan")
    wid = seeded_id(3)
    tag = watermark_tag(wid)
    bits = np.unpackbits(np.frombuffer(bytes.fromhex(tag), dtype=np.uint8))
    img = np.asarray(photo("astronaut", 256))
    found = detect_watermark(backend.embed(img, bits), backend, tag_known=lambda t: int(t == tag))
    assert found.detected and found.tag == tag and found.fpr == 2.0**-32
    unconfirmed = detect_watermark(img, backend, tag_known=lambda t: int(t == tag))
    assert not unconfirmed.detected


def _reference_plus_embed(rgb: np.ndarray, bits: np.ndarray, scale: float = 72.0, level: int = 2) -> np.ndarray:
    """dwtDctSvdPlus embedding as first written (full pywt wavedec2/waverec2 and full block SVD).

    The backend now works on the LL band directly; this copy is the reference its output must
    match bit for bit, so images marked before the change are the images marked after it.
    """
    import cv2
    import pywt

    from guardrail.provenance.watermark.dwt_dct_svd import _DCT

    def blocks_of(ca: np.ndarray) -> tuple[np.ndarray, int, int]:
        h, w = ca.shape[0] // 4, ca.shape[1] // 4
        return ca[: h * 4, : w * 4].reshape(h, 4, w, 4).transpose(0, 2, 1, 3).reshape(-1, 4, 4), h, w

    bits = np.asarray(bits, dtype=np.float64).reshape(-1)
    yuv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV).astype(np.float64)
    step = 2 ** (level + 2)
    rows, cols = yuv.shape[0] // step * step, yuv.shape[1] // step * step
    for c in (1, 2):
        ca, *details = pywt.wavedec2(yuv[:rows, :cols, c], "haar", level=level)
        blocks, h, w = blocks_of(ca)
        u, s, vt = np.linalg.svd(_DCT @ blocks @ _DCT.T)
        shift = 0 if c == 1 else bits.size // 2
        wm = bits[(np.arange(len(blocks)) + shift) % bits.size]
        s[:, 0] = (np.floor(s[:, 0] / scale) + 0.25 + 0.5 * wm) * scale
        coeffs = _DCT.T @ (u @ (s[:, :, None] * vt)) @ _DCT
        ca[: h * 4, : w * 4] = coeffs.reshape(h, w, 4, 4).transpose(0, 2, 1, 3).reshape(h * 4, w * 4)
        yuv[:rows, :cols, c] = pywt.waverec2([ca, *details], "haar")
    return cv2.cvtColor(np.clip(np.rint(yuv), 0, 255).astype(np.uint8), cv2.COLOR_YUV2RGB)


@pytest.mark.parametrize("size", [(512, 512), (517, 389)])
def test_plus_embedding_equals_the_pywt_reference_bit_for_bit(photo, size: tuple[int, int]) -> None:
    backend = get_backend("dwtDctSvdPlus")
    for seed, name in enumerate(("astronaut", "coffee", "rocket")):
        rgb = np.asarray(photo(name).resize(size))
        bits = encode_id(seeded_id(seed))
        assert np.array_equal(backend.embed(rgb, bits), _reference_plus_embed(rgb, bits))


def test_plus_reader_decodes_images_marked_by_the_reference_embedder(photo) -> None:
    backend = get_backend("dwtDctSvdPlus")
    for seed, name in enumerate(("chelsea", "camera")):
        wid = seeded_id(10 + seed)
        old_style = Image.fromarray(_reference_plus_embed(np.asarray(photo(name)), encode_id(wid)))
        for pixels in (np.asarray(old_style), _jpeg(old_style, 75)):
            result = detect_watermark(pixels, backend)
            assert result.detected and result.watermark_id == wid


def test_top_singular_triple_matches_the_svd_including_zero_blocks() -> None:
    from guardrail.provenance.watermark.dwt_dct_svd_plus import _top_singular, _top_singular_value

    rng = np.random.default_rng(3)
    m = rng.normal(size=(500, 4, 4)) * rng.uniform(0.1, 500, size=(500, 1, 1))
    m[:3] = 0.0  # flat blocks: no direction to take from the eigenvectors
    m[3] = np.outer([1, 2, 3, 4], [4, 3, 2, 1])  # rank one
    s0, u0, v0 = _top_singular(m)
    u, s, vt = np.linalg.svd(m)
    assert np.allclose(s0, s[:, 0], rtol=1e-10, atol=1e-12)
    assert np.allclose(_top_singular_value(m), s[:, 0], rtol=1e-10, atol=1e-12)
    # The rank-one term s0 u0 v0^T is what embedding changes; it is unique up to the vectors' sign.
    assert np.allclose(
        s0[:, None, None] * u0[:, :, None] * v0[:, None, :], s[:, 0, None, None] * u[:, :, :1] * vt[:, :1, :], atol=1e-8
    )
    assert np.allclose(np.linalg.norm(u0, axis=1), 1.0) and np.allclose(np.linalg.norm(v0, axis=1), 1.0)
