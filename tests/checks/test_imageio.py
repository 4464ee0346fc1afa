"""open_image: safe opening of untrusted files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
import skimage.data
from PIL import Image

from guardrail.errors import ImageInputError
from guardrail.imageio import open_image


def _png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_opens_path_and_bytes_as_rgb(tmp_path: Path) -> None:
    img = Image.fromarray(skimage.data.coffee())
    path = tmp_path / "coffee.png"
    img.save(path)
    from_path = open_image(path)
    from_bytes = open_image(path.read_bytes())
    assert from_path.mode == from_bytes.mode == "RGB"
    assert from_path.size == img.size
    assert from_path.tobytes() == img.tobytes()


def test_transparent_image_is_flattened_on_white() -> None:
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = open_image(_png_bytes(rgba))
    assert out.getpixel((0, 0)) == (255, 255, 255)


def test_not_an_image_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("hello")
    with pytest.raises(ImageInputError, match="not an image") as info:
        open_image(path)
    assert info.value.where == str(path)


def test_truncated_image_is_refused(tmp_path: Path) -> None:
    data = _png_bytes(Image.fromarray(skimage.data.astronaut()))
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageInputError, match="truncated"):
        open_image(path)


@pytest.mark.parametrize(("fmt", "kwargs"), [("TIFF", {"compression": "tiff_lzw"}), ("AVIF", {})])
def test_a_truncated_tiff_or_avif_is_called_truncated_not_an_unknown_format(fmt: str, kwargs: dict) -> None:
    """Red team: a TIFF or AVIF cut in half fails Pillow's identification, and the error said "not an image
    (unrecognised format), pass a PNG, JPEG or WebP file" (wrong advice: verify reads both). It now says what it is."""
    buf = io.BytesIO()
    Image.fromarray(skimage.data.astronaut()).resize((256, 256)).save(buf, fmt, **kwargs)
    data = buf.getvalue()
    with pytest.raises(ImageInputError, match=f"corrupt or truncated image: its first bytes are {fmt[:3]}") as info:
        open_image(data[: len(data) // 2])
    assert info.value.fix == "re-export the image"


def test_decompression_bomb_refused_before_decoding() -> None:
    # A valid PNG header declaring 100000 x 100000 pixels with almost no data.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))
    data = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")
    with pytest.raises(ImageInputError, match="exceeds"):
        open_image(data)


def test_max_pixels_is_respected() -> None:
    data = _png_bytes(Image.new("RGB", (100, 100)))
    with pytest.raises(ImageInputError, match="exceeds"):
        open_image(data, max_pixels=5000)


def test_missing_file_and_empty_bytes(tmp_path: Path) -> None:
    with pytest.raises(ImageInputError, match="no such file"):
        open_image(tmp_path / "nope.png")
    with pytest.raises(ImageInputError, match="empty"):
        open_image(b"")


def test_unsupported_format_is_refused() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PPM")
    with pytest.raises(ImageInputError, match="unsupported"):
        open_image(buf.getvalue())


def _frames(fmt: str, frames: list[Image.Image], **kwargs: object) -> bytes:
    buf = io.BytesIO()
    frames[0].save(buf, fmt, save_all=True, append_images=frames[1:], **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize(("fmt", "kwargs"), [("GIF", {}), ("TIFF", {}), ("PNG", {}), ("WEBP", {"lossless": True})])
def test_multi_frame_file_is_refused_not_checked_on_frame_0(tmp_path: Path, fmt: str, kwargs: dict) -> None:
    innocent = Image.new("RGB", (64, 48), (200, 200, 200))
    hidden = Image.fromarray(skimage.data.coffee()).resize((64, 48))  # e.g. a protected reference
    path = tmp_path / f"two.{fmt.lower()}"
    path.write_bytes(_frames(fmt, [innocent, hidden], **kwargs))
    assert Image.open(path).n_frames == 2
    with pytest.raises(ImageInputError) as info:
        open_image(path)
    assert "2 frames" in str(info.value) and info.value.where == str(path)
    with pytest.raises(ImageInputError):
        open_image(path.read_bytes())


def test_single_frame_gif_and_tiff_still_open() -> None:
    img = Image.fromarray(skimage.data.coffee()).resize((64, 48))
    for fmt in ("GIF", "TIFF"):
        out = open_image(_frames(fmt, [img]))
        assert out.mode == "RGB" and out.size == (64, 48)
