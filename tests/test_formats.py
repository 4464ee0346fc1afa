"""The one image-format table agrees with PIL and with how the marker encodes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data

from guardrail.formats import FORMATS, IMAGE_SUFFIXES, SIGNABLE, extension_for, signable_by_extension, signable_by_pil


def test_every_extension_is_one_pil_reads_as_that_format() -> None:
    registered = Image.registered_extensions()
    for fmt in FORMATS:
        for ext in fmt.extensions:
            assert registered[ext] == fmt.pil, (fmt.name, ext)


def test_signable_formats_are_png_jpeg_webp_and_mpo_is_jpeg() -> None:
    assert sorted(SIGNABLE) == ["jpeg", "png", "webp"]
    assert signable_by_pil("MPO") is SIGNABLE["jpeg"] and signable_by_pil("TIFF") is None
    assert signable_by_extension(".JPG") is SIGNABLE["jpeg"] and signable_by_extension(".tif") is None
    assert extension_for("jpeg") == "jpg" and ".tiff" in IMAGE_SUFFIXES


@pytest.mark.parametrize("name", sorted(SIGNABLE))
def test_lossless_flag_matches_what_the_marker_writes(name: str) -> None:
    from guardrail.provenance.marker import encode_image

    rgb = data.chelsea()
    decoded = np.asarray(Image.open(io.BytesIO(encode_image(Image.fromarray(rgb), name))).convert("RGB"))
    assert np.array_equal(decoded, rgb) == SIGNABLE[name].lossless
