"""Read the file once, sniff its container from magic bytes, decode the pixels where we can.

The container is sniffed from bytes (not by Pillow) so that files whose pixels Pillow cannot
decode (raw DNG, HEIC without pillow-heif) still have their manifest read by c2pa.
"""

from __future__ import annotations

import io
import logging
import struct
from pathlib import Path

from PIL import Image

from guardrail.errors import ImageInputError
from guardrail.provenance.evidence.models import PixelEvidence

__all__ = ["VERIFY_MIME", "as_stored", "decode_pixels", "read_source", "sniff_format", "stored_orientation"]

log = logging.getLogger(__name__)

# container -> the MIME type c2pa reads it as
VERIFY_MIME: dict[str, str] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "avif": "image/avif",
    "heic": "image/heic",
    "heif": "image/heif",
    "gif": "image/gif",
    "tiff": "image/tiff",
    "dng": "image/dng",
}
_FIX = "verify PNG, JPEG, WebP, AVIF, HEIC/HEIF, GIF, TIFF or DNG files"
_DNG_VERSION_TAG = 50706
_AVIF_BRANDS = {b"avif", b"avis"}
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
# Where a PNG can hold an orientation Pillow reads: an eXIf chunk, or text chunks under these keys
# (EXIF as hex, XMP's tiff:Orientation). Chunk types and text keys are stored uncompressed, so a
# PNG without any of these bytes has no orientation to read.
_PNG_ORIENTATION_KEYS = (b"eXIf", b"Raw profile type exif", b"XML:com.adobe.xmp")


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """The file's bytes and how to name it; ImageInputError for a missing or unreadable file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), f"<{len(source)} bytes>"
    from guardrail.imagelimits import read_image_file

    return read_image_file(source), str(source)  # regular files only (no FIFO, device), under the size cap


def _is_dng(data: bytes) -> bool:
    """True when IFD0 of a TIFF-structured file carries the DNGVersion tag."""
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", data[4:8])
        (count,) = struct.unpack(order + "H", data[offset : offset + 2])
        for i in range(min(count, 4096)):
            start = offset + 2 + 12 * i
            (tag,) = struct.unpack(order + "H", data[start : start + 2])
            if tag == _DNG_VERSION_TAG:
                return True
    except struct.error:
        return False
    return False


def _isobmff_kind(data: bytes) -> str | None:
    if data[4:8] != b"ftyp":
        return None
    (size,) = struct.unpack(">I", data[:4])
    brands = {data[8:12]} | {data[i : i + 4] for i in range(16, min(max(size, 16), len(data), 256), 4)}
    if brands & _AVIF_BRANDS:
        return "avif"
    if data[8:12] in _HEIC_BRANDS or brands & _HEIC_BRANDS:
        return "heic"
    if brands & _HEIF_BRANDS:
        return "heif"
    return None


def sniff_format(data: bytes, where: str) -> str:
    """The container (a key of ``VERIFY_MIME``); ImageInputError when it is none of them."""
    head = data[:32]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "dng" if _is_dng(data) else "tiff"
    kind = _isobmff_kind(data)
    if kind:
        return kind
    if not data:
        raise ImageInputError("empty input: no image bytes", where=where, fix=_FIX)
    try:  # name what it is, if Pillow knows it
        with Image.open(io.BytesIO(data)) as img:
            name = img.format
    except Exception:  # Pillow raises many types for garbage headers
        name = None
    if name:
        raise ImageInputError(f"unsupported image format {name}", where=where, fix=_FIX)
    raise ImageInputError("not an image (unrecognised format)", where=where, fix=_FIX)


def decode_pixels(data: bytes, where: str) -> tuple[Image.Image | None, PixelEvidence, ImageInputError | None]:
    """The primary frame as RGB with its evidence, or None with the reason and the error."""
    from guardrail.imageio import open_image

    try:
        # Size checked before decoding; truncation fails here. Reading provenance looks at the
        # primary frame of multi-frame files (phone MPOs, GIFs), unlike the checks, which refuse them.
        img = open_image(data, frames="first", purpose="verify")  # verify's own (lower) pixel cap
    except ImageInputError as err:  # name the file, not "<N bytes>"
        named = ImageInputError(err.message, where=where, fix=err.fix)
        return None, PixelEvidence(decoded=False, reason=f"pixels not decoded: {err.message}"), named
    return img, PixelEvidence(decoded=True, width=img.width, height=img.height), None


# EXIF orientation -> the transpose that undoes what ImageOps.exif_transpose applied
_UNDO_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def stored_orientation(data: bytes) -> int | None:
    """The EXIF orientation tag (2-8) when it asks viewers to turn or flip the stored pixels, else None."""
    if data.startswith(b"\x89PNG") and not any(key in data for key in _PNG_ORIENTATION_KEYS):
        return None  # no EXIF to read: Pillow would decode the whole PNG again to look for it
    try:
        with Image.open(io.BytesIO(data)) as img:
            value = img.getexif().get(0x0112)
    except Exception:  # no or broken EXIF: nothing to undo; Pillow raises many types
        return None
    return value if value in _UNDO_ORIENTATION else None


def as_stored(img: Image.Image, orientation: int) -> Image.Image:
    """The pixels as stored in the file, before the EXIF ``orientation`` was applied for display.

    Marks are embedded into the pixels as stored: setting the orientation tag alone (no pixel
    changed) must not hide them, so verify also reads these when the displayed pixels carry none.
    """
    return img.transpose(_UNDO_ORIENTATION[orientation])
