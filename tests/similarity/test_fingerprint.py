"""Fingerprints: stable under copies' usual transforms, far apart for different photos."""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image, ImageEnhance, ImageOps

from guardrail.errors import ImageInputError, InputError
from guardrail.similarity.fingerprint import (
    FINGERPRINT_BITS,
    FINGERPRINT_KIND,
    compute_fingerprint,
    fingerprint_distance,
    query_variants,
    reference_variants,
)

MATCH = 8  # the default policy threshold, tuned by benchmarks/similarity_bench.py


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _best(query: Image.Image, reference: Image.Image) -> int:
    return min(fingerprint_distance(q.hex, r.hex) for q in query_variants(query) for r in reference_variants(reference))


def test_fingerprint_has_declared_shape(photos: dict[str, Image.Image]) -> None:
    fp = compute_fingerprint(photos["astronaut"])
    assert fp.kind == FINGERPRINT_KIND
    assert fp.bits == FINGERPRINT_BITS == len(fp.code) * 8
    assert bytes.fromhex(fp.hex) == fp.code
    assert fp.variant == "canonical"


def test_same_image_gives_same_code(photos: dict[str, Image.Image]) -> None:
    img = photos["coffee"]
    assert compute_fingerprint(img).code == compute_fingerprint(img.copy()).code


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda im: _jpeg(im, 50), id="jpeg50"),
        pytest.param(lambda im: im.resize((im.width // 2, im.height // 2)), id="half-size"),
        pytest.param(lambda im: ImageEnhance.Brightness(im).enhance(1.1), id="brightness+10%"),
        pytest.param(ImageOps.mirror, id="flip"),
        pytest.param(lambda im: im.rotate(2, resample=Image.Resampling.BILINEAR), id="rotate2deg"),
        pytest.param(
            lambda im: im.crop((im.width // 20, im.height // 20, im.width * 19 // 20, im.height * 19 // 20)),
            id="crop10%",
        ),
    ],
)
def test_transformed_copy_stays_close(photos: dict[str, Image.Image], transform) -> None:  # type: ignore[no-untyped-def]
    for img in photos.values():
        assert _best(transform(img), img) <= MATCH


def test_different_photos_are_far_apart(photos: dict[str, Image.Image]) -> None:
    for a, b in itertools.combinations(photos.values(), 2):
        assert _best(a, b) > MATCH


def test_flip_without_mirror_variant_is_far(photos: dict[str, Image.Image]) -> None:
    img = photos["astronaut"]
    plain = fingerprint_distance(compute_fingerprint(ImageOps.mirror(img)).hex, compute_fingerprint(img).hex)
    assert plain > MATCH  # which is why the matcher also queries with the mirror


def test_distance_counts_differing_bits() -> None:
    assert fingerprint_distance("ff00", "ff00") == 0
    assert fingerprint_distance("ff00", "0f01") == 5


def test_distance_rejects_mismatched_lengths_and_bad_hex() -> None:
    with pytest.raises(InputError):
        fingerprint_distance("ff", "ffff")
    with pytest.raises(InputError):
        fingerprint_distance("zz", "ff")


def test_tiny_image_is_refused() -> None:
    with pytest.raises(ImageInputError):
        compute_fingerprint(Image.new("RGB", (4, 4)))
