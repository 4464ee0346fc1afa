"""Reading provenance from multi-frame files: verify reads the primary frame, checks refuse them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from skimage import data

from guardrail.errors import ImageInputError
from guardrail.imageio import open_image
from guardrail.provenance import verify_image


def _mpo() -> bytes:
    """A phone-style MPO: a JPEG whose second frame is another picture (e.g. a gain map)."""
    primary = Image.fromarray(data.coffee())
    second = Image.fromarray(data.astronaut()).resize(primary.size)
    buf = io.BytesIO()
    primary.save(buf, format="MPO", save_all=True, append_images=[second], quality=90)
    return buf.getvalue()


def test_checks_refuse_a_multi_frame_file_but_verify_reads_its_primary_frame() -> None:
    mpo = _mpo()
    with pytest.raises(ImageInputError, match="2 frames"):
        open_image(mpo)
    assert open_image(mpo, frames="first").size == (600, 400)
    report = verify_image(mpo)
    assert report.verdict == "no-provenance"
    assert not report.watermark.detected
