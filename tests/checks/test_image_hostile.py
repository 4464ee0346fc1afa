"""Hostile and unusual image files: high bit depths, truncation, size bombs, non-regular files.

Every hostile file is built here. Each is refused with an ImageInputError naming the file
(exit 2 in the CLI, nothing written) or, for honest high-bit-depth files, read as the same
pixels as the 8-bit original, so a 16-bit copy of a protected image is still caught.
"""

from __future__ import annotations

import io
import json
import os
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import skimage.data
import tifffile
from PIL import Image, ImageFile
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app
from guardrail.errors import ImageInputError, InputError
from guardrail.imageio import open_image
from guardrail.imagelimits import read_image_file

runner = CliRunner()
GREY = skimage.data.camera()  # 512x512 uint8
RGB = skimage.data.astronaut()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(
    width: int, height: int, raw: bytes, *, color: int = 2, depth: int = 8, interlace: int = 0, iend: bool = True
) -> bytes:
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace))
    return b"\x89PNG\r\n\x1a\n" + ihdr + _chunk(b"IDAT", zlib.compress(raw)) + (_chunk(b"IEND", b"") if iend else b"")


def _saved(img: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def _tiff(array: np.ndarray, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    tifffile.imwrite(buf, array, **kwargs)
    return buf.getvalue()


# 16-bit, 32-bit and float copies of the same 8-bit photo, as other tools write them.
HIGH_DEPTH = {
    "png I;16": lambda: _saved(Image.fromarray(GREY.astype(np.uint16) * 257)),
    "tiff I;16B": lambda: _tiff(GREY.astype(np.uint16) * 257, byteorder=">"),
    "tiff I (int32, 16-bit range)": lambda: _tiff(GREY.astype(np.int32) * 257),
    "tiff I (uint32, 8-bit range)": lambda: _tiff(GREY.astype(np.uint32)),
    "tiff F (0-1)": lambda: _tiff(GREY.astype(np.float32) / 255),
    "tiff F (0-255)": lambda: _tiff(GREY.astype(np.float32)),
}


@pytest.mark.parametrize("kind", list(HIGH_DEPTH))
def test_high_bit_depth_reads_as_the_8bit_pixels(kind: str) -> None:
    data = HIGH_DEPTH[kind]()
    mode = Image.open(io.BytesIO(data)).mode
    assert mode in ("I;16", "I;16B", "I", "F"), mode
    out = np.asarray(open_image(data))
    assert out.shape == (*GREY.shape, 3)
    assert np.array_equal(out[..., 0], GREY) and np.array_equal(out[..., 2], GREY)


def test_16bit_rgb_png_reads_as_the_8bit_pixels() -> None:
    import cv2

    ok, encoded = cv2.imencode(".png", RGB[..., ::-1].astype(np.uint16) * 257)
    assert ok
    assert np.array_equal(np.asarray(open_image(encoded.tobytes())), RGB)


def test_float_image_with_nan_is_refused() -> None:
    bad = GREY.astype(np.float32)
    bad[0, 0] = np.nan
    with pytest.raises(ImageInputError, match="NaN or infinite"):
        open_image(_tiff(bad))


def test_unusual_float_range_is_stretched_not_clipped() -> None:
    out = np.asarray(open_image(_tiff(GREY.astype(np.float32) * 1000 - 5000)))[..., 0]
    assert out.min() == 0 and out.max() == 255
    assert np.corrcoef(out.ravel(), GREY.ravel())[0, 1] > 0.999


def test_16bit_copy_of_a_protected_image_is_blocked_by_similarity(tmp_path: Path) -> None:
    from check_helpers import policy_with

    from guardrail.checks import ImageChecker
    from guardrail.similarity.fingerprint import reference_variants
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    original = tmp_path / "camera.png"
    Image.fromarray(GREY).save(original)
    copy = tmp_path / "camera16.png"
    copy.write_bytes(HIGH_DEPTH["png I;16"]())
    codes = lambda path: [f.code for f in reference_variants(open_image(path))]  # noqa: E731
    assert codes(copy) == codes(original)  # the same fingerprint, bit for bit
    registry = SQLiteReferenceRegistry(tmp_path / "refs.db")
    registry.add_file("Ansel", original)
    verdict = ImageChecker(policy_with(similarity={"enabled": True}), registry=registry).check(open_image(copy))
    assert verdict.action == "block" and verdict.similarity is not None and verdict.similarity.matches[0].distance == 0


def _rows(array: np.ndarray, n: int) -> bytes:
    return b"".join(b"\x00" + array[y].tobytes() for y in range(n))


def test_png_missing_rows_is_refused() -> None:
    data = _png(512, 512, _rows(RGB, 400))  # a complete zlib stream holding 400 of 512 rows
    with pytest.raises(ImageInputError, match="rows are missing"):
        open_image(data)


def test_png_missing_iend_is_refused() -> None:
    with pytest.raises(ImageInputError, match="before its IEND"):
        open_image(_saved(Image.fromarray(RGB))[:-12])


def test_png_with_a_bad_crc_is_refused() -> None:
    data = bytearray(_saved(Image.fromarray(RGB)))
    data[60] ^= 0xFF  # inside the first IDAT
    with pytest.raises(ImageInputError):
        open_image(bytes(data))


def test_whole_pngs_of_every_kind_pass_the_completeness_check() -> None:
    for mode in ("1", "L", "LA", "P", "RGB", "RGBA"):
        open_image(_saved(Image.fromarray(RGB).convert(mode)))
    # Adam7-interlaced 4x3 grey image: every pass written out by hand (filter byte 0 per row)
    pixels = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
    raw = b"".join(
        b"\x00" + pixels[y, x0::dx].tobytes()
        for x0, y0, dx, dy in passes
        for y in range(y0, 3, dy)
        if pixels[y, x0::dx].size
    )
    out = np.asarray(open_image(_png(4, 3, raw, color=0, interlace=1)))[..., 0]
    assert np.array_equal(out, pixels)
    with pytest.raises(ImageInputError, match="rows are missing"):
        open_image(_png(4, 3, raw[:-3], color=0, interlace=1))


def test_truncation_is_refused_even_if_someone_turned_load_truncated_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    jpeg = _saved(Image.fromarray(RGB), "JPEG")
    with pytest.raises(ImageInputError, match="truncated"):
        open_image(jpeg[: len(jpeg) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def _bomb() -> bytes:
    """126 bytes: a PNG header declaring 7070x7071 RGB (49.99 MP) with a tiny complete zlib stream."""
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 7070, 7071, 8, 2, 0, 0, 0))
    text = _chunk(b"tEXt", b"Comment\x00" + b"x" * 37)
    return b"\x89PNG\r\n\x1a\n" + ihdr + text + _chunk(b"IDAT", zlib.compress(b"\x00" * 64, 9)) + _chunk(b"IEND", b"")


def test_the_bomb_is_126_bytes_declaring_49_99_megapixels() -> None:
    data = _bomb()
    assert len(data) == 126 and Image.open(io.BytesIO(data)).size == (7070, 7071)


@pytest.mark.parametrize("command", ["check", "mark", "verify", "refs"])
def test_pixel_bomb_is_refused_before_decoding_by_every_command(tmp_path: Path, command: str) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_bomb())
    out = tmp_path / "out.png"
    args = {
        "check": ["check", str(path), "--json"],
        "mark": ["mark", str(path), "-o", str(out), "--no-check"],
        "verify": ["verify", str(path), "--json"],
        "refs": ["refs", "add", "--artist", "Ada", str(path)],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert (
        "declared size 7070x7071 (49,991,970 pixels) exceeds the limit" in result.output and str(path) in result.output
    )
    assert not out.exists()


def test_pixel_caps_are_configurable_and_verify_has_the_lower_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from guardrail.imagelimits import image_limits

    assert image_limits("verify").max_pixels < image_limits("check").max_pixels < 49_990_970
    data = _saved(Image.fromarray(RGB))
    monkeypatch.setenv("GUARDRAIL_MAX_PIXELS", "100000")
    with pytest.raises(ImageInputError, match="limit of 100,000 pixels") as info:
        open_image(data)
    assert "GUARDRAIL_MAX_PIXELS" in (info.value.fix or "")
    monkeypatch.setenv("GUARDRAIL_VERIFY_MAX_PIXELS", "1000")
    with pytest.raises(ImageInputError, match="limit of 1,000 pixels"):
        open_image(data, purpose="verify")
    monkeypatch.setenv("GUARDRAIL_MAX_PIXELS", "lots")
    with pytest.raises(InputError, match="GUARDRAIL_MAX_PIXELS must be a positive whole number"):
        open_image(data)


def test_file_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(_saved(Image.fromarray(RGB)))
    monkeypatch.setenv("GUARDRAIL_MAX_IMAGE_BYTES", "1000")
    with pytest.raises(ImageInputError, match="the limit is 1,000") as info:
        open_image(path)
    assert info.value.where == str(path)
    result = runner.invoke(app, ["verify", str(path), "--json"])
    assert result.exit_code == 2 and "the limit is 1,000" in result.output


def _within(seconds: float, fn: Callable[[], object]) -> object:
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it has not returned in time."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(fn())
        except BaseException as err:  # re-raised in the test's thread
            box.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked on a non-regular file"
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _specials(tmp_path: Path) -> dict[str, Path]:
    zero = tmp_path / "zero.png"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.png"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.png"
    folder.mkdir()
    return {"a device": zero, "a FIFO": fifo, "is a folder": folder}


def test_non_regular_files_are_refused_without_reading(tmp_path: Path) -> None:
    for expected, path in _specials(tmp_path).items():
        with pytest.raises(ImageInputError, match=expected) as info:
            _within(20, lambda path=path: read_image_file(path))
        assert info.value.where == str(path)


@pytest.mark.parametrize("command", ["check", "mark", "verify", "refs"])
def test_every_command_refuses_devices_fifos_and_folders(tmp_path: Path, command: str) -> None:
    out = tmp_path / "out.png"
    for expected, path in _specials(tmp_path).items():
        args = {
            "check": ["check", str(path)],
            "mark": ["mark", str(path), "-o", str(out), "--no-check"],
            "verify": ["verify", str(path), "--json"],
            "refs": ["refs", "add", "--artist", "Ada", str(path)],
        }[command]
        if command in ("check", "mark", "refs", "verify") and expected == "is a folder":
            continue  # these scan a folder for images (their own tests cover an empty one)
        result = _within(60, lambda args=args: runner.invoke(app, args))
        assert result.exit_code == 2, (expected, result.output)  # type: ignore[attr-defined]
        assert expected in result.output and str(path) in result.output  # type: ignore[attr-defined]
        assert not out.exists()


def test_verify_reports_a_png_missing_iend_as_unreadable_not_tampered(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    plain.write_bytes(_saved(Image.fromarray(RGB))[:-12])
    src = tmp_path / "src.png"
    Image.fromarray(RGB).save(src)
    signed = tmp_path / "signed.png"
    assert runner.invoke(app, ["mark", str(src), "-o", str(signed), "--no-check"]).exit_code == 0
    cut = tmp_path / "signed-cut.png"
    cut.write_bytes(signed.read_bytes()[:-12])
    result = runner.invoke(app, ["verify", str(plain), "--json"])  # no manifest: bad input
    assert result.exit_code == 2, result.output
    assert "ends before its IEND chunk" in result.output and str(plain) in result.output
    assert "tampered" not in result.output
    result = runner.invoke(app, ["verify", str(cut), "--json"])  # a manifest: verify judges it, pixels unread
    report = json.loads(result.stdout)
    assert result.exit_code != 0 and report["verdict"] != "tampered"
    assert not report["pixels"]["decoded"] and "ends before its IEND chunk" in report["pixels"]["reason"]
