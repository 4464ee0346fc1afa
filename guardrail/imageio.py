"""Open untrusted image files safely: one place that checks size, format and integrity.

``open_image`` reads a regular file only, under a size cap, reads the declared size from the
header and refuses it above the pixel cap before decoding (``guardrail.imagelimits``), checks a
PNG is whole (``guardrail.pngcheck``: Pillow would zero-fill missing rows), decodes fully with
``ImageFile.LOAD_TRUNCATED_IMAGES`` off (truncated files fail here, not later) and returns an
8-bit RGB image. High-bit-depth modes are scaled by their range, never clipped: 16-bit
(``I;16``, ``I;16B``) by 65535 -> 255; 32-bit integer (``I``) and float (``F``) by the range
their values use (0-255 as is, 0-65535 like 16-bit, float 0-1 times 255, anything else
stretched from its minimum to its maximum; NaN or infinite pixels are refused). Multi-frame
files (animated GIF/PNG/WebP, multi-page TIFF, MPO) are refused: only one frame would be
checked. Every failure is an :class:`~guardrail.errors.ImageInputError` naming the source.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from guardrail.errors import ImageInputError
from guardrail.formats import READABLE_PIL_FORMATS
from guardrail.imagelimits import DEFAULT_MAX_PIXELS, DEFAULT_VERIFY_MAX_PIXELS, image_limits, read_image_file
from guardrail.pngcheck import check_png_complete

__all__ = ["DEFAULT_MAX_PIXELS", "DEFAULT_VERIFY_MAX_PIXELS", "SUPPORTED_FORMATS", "open_image", "to_8bit"]

log = logging.getLogger(__name__)

SUPPORTED_FORMATS = READABLE_PIL_FORMATS  # PIL format names (guardrail.formats)
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N")


_plugins_registered = False


def _register_plugins() -> None:
    """Register pillow-heif's HEIC/HEIF opener once (Pillow decodes AVIF itself)."""
    global _plugins_registered
    if _plugins_registered:
        return
    _plugins_registered = True
    try:
        import pillow_heif
    except ImportError:  # HEIC pixels then read as unsupported; verify still reads the manifest
        log.info("pillow-heif is not installed: HEIC/HEIF pixels cannot be decoded")
        return
    pillow_heif.register_heif_opener()


def _describe(source: str | Path | bytes) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return f"<{len(source)} bytes>"
    return str(source)


def open_image(
    source: str | Path | bytes,
    *,
    max_pixels: int | None = None,
    frames: Literal["refuse", "first"] = "refuse",
    purpose: Literal["check", "verify"] = "check",
    where: str | None = None,
) -> Image.Image:
    """Open ``source`` (a path or the file's bytes) and return a fully loaded 8-bit RGB image.

    Raises ImageInputError (``where``, default the path) when the file is missing or not a
    regular file, larger than the byte cap, not an image, in an unsupported format, truncated or
    corrupt, declares more than ``max_pixels`` pixels (default: the cap for ``purpose``, see
    ``guardrail.imagelimits``), or has more than one frame. ``frames="first"`` reads the primary
    frame of a multi-frame file instead: right for reading provenance (a phone JPEG with a gain
    map opens as a 2-frame MPO), never for checks, where a later frame could hold what no check saw.
    """
    limits = image_limits(purpose)
    cap = max_pixels if max_pixels is not None else limits.max_pixels
    where = where or _describe(source)
    _register_plugins()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > limits.max_bytes:
            raise ImageInputError(
                f"{len(data):,} bytes; the limit is {limits.max_bytes:,}",
                where=where,
                fix="downscale or recompress the image",
            )
    else:
        data = read_image_file(source, max_bytes=limits.max_bytes)
    if not data:
        raise ImageInputError("empty input: no image bytes", where=where, fix="pass a PNG, JPEG or WebP file")
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # someone turned it on process-wide; truncated data must fail here
        log.warning("PIL.ImageFile.LOAD_TRUNCATED_IMAGES was on; guardrail turns it off to refuse truncated images")
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            img_format = img.format or "unknown"
            width, height = img.size
            if img_format not in SUPPORTED_FORMATS:
                img.close()
                raise ImageInputError(
                    f"unsupported image format {img_format}",
                    where=where,
                    fix=f"convert to one of {', '.join(sorted(SUPPORTED_FORMATS))}",
                )
            if width <= 0 or height <= 0 or width * height > cap:
                img.close()
                raise ImageInputError(
                    f"declared size {width}x{height} ({width * height:,} pixels) exceeds the limit of {cap:,} pixels",
                    where=where,
                    fix="downscale the image, or raise $GUARDRAIL_VERIFY_MAX_PIXELS"
                    if purpose == "verify"
                    else "downscale the image, or raise $GUARDRAIL_MAX_PIXELS",
                )
            n_frames = int(getattr(img, "n_frames", 1) or 1)
            if n_frames > 1 and frames == "first":
                img.seek(0)
            elif n_frames > 1:
                img.close()
                raise ImageInputError(
                    f"{img_format} with {n_frames} frames: only single-frame images can be checked"
                    " (a later frame could hold content no check would see)",
                    where=where,
                    fix="export the one frame you mean to use as a single-frame PNG or JPEG",
                )
            if img_format == "PNG":
                check_png_complete(data, where)
            img.load()
            img = ImageOps.exif_transpose(to_8bit(img, where))
            if img.mode in ("RGBA", "LA", "P", "PA") or "transparency" in img.info:
                rgba = img.convert("RGBA")
                background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                img = Image.alpha_composite(background, rgba)
            return img.convert("RGB")
    except ImageInputError:
        raise
    except UnidentifiedImageError as err:
        from guardrail.folders import sniffed_suffix

        known = sniffed_suffix(data[:16])
        if known is not None:  # a TIFF or AVIF cut short fails Pillow's identification, not its decoding
            raise ImageInputError(
                f"corrupt or truncated image: its first bytes are {known[1:].upper()} but Pillow cannot read it",
                where=where,
                fix="re-export the image",
            ) from err
        raise ImageInputError(
            "not an image (unrecognised format)", where=where, fix="pass a PNG, JPEG or WebP file"
        ) from err
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageInputError(f"decompression bomb refused: {err}", where=where, fix="downscale the image") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise ImageInputError(f"corrupt or truncated image: {err}", where=where, fix="re-export the image") from err


def to_8bit(img: Image.Image, where: str = "image") -> Image.Image:
    """``img`` with 16-bit, 32-bit integer and float grey modes scaled to 8-bit ``L`` (or ``LA``
    when the file marks a transparent grey value); other modes are returned as they are."""
    if img.mode not in (*_SIXTEEN_BIT, "I", "F"):
        return img
    values = np.asarray(img)
    if img.mode == "F" and not np.isfinite(values).all():
        raise ImageInputError(
            "float image with NaN or infinite pixels", where=where, fix="re-export the image with finite values"
        )
    wide = values.astype(np.float64)
    low, high = (float(wide.min()), float(wide.max())) if wide.size else (0.0, 0.0)
    if img.mode in _SIXTEEN_BIT:
        scale, offset = 255.0 / 65535.0, 0.0
    elif low >= 0 and high <= 1.0 and img.mode == "F":
        scale, offset = 255.0, 0.0
    elif low >= 0 and high <= 255:
        scale, offset = 1.0, 0.0
    elif low >= 0 and high <= 65535:
        scale, offset = 255.0 / 65535.0, 0.0
    else:  # a range of its own: stretch it
        scale, offset = (255.0 / (high - low) if high > low else 0.0), low
    grey = Image.fromarray(np.clip(np.rint((wide - offset) * scale), 0, 255).astype(np.uint8), "L")
    transparent = img.info.get("transparency")
    if isinstance(transparent, (int, float)) and not isinstance(transparent, bool):
        alpha = Image.fromarray(np.where(values == transparent, 0, 255).astype(np.uint8), "L")
        grey = Image.merge("LA", (grey, alpha))
    if "exif" in img.info:
        grey.info["exif"] = img.info["exif"]
    return grey
