"""Open untrusted image files safely: one place that checks size, format and integrity.

``open_image`` reads the declared size from the header before decoding (decompression bombs are
refused without allocating the pixels), decodes fully (truncated files fail here, not later) and
returns an RGB image. Multi-frame files (animated GIF/PNG/WebP, multi-page TIFF, MPO) are
refused: only one frame would be checked. Every failure is an
:class:`~guardrail.errors.ImageInputError` naming the source.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

from guardrail.errors import ImageInputError
from guardrail.formats import READABLE_PIL_FORMATS

__all__ = ["DEFAULT_MAX_PIXELS", "SUPPORTED_FORMATS", "open_image"]

log = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS = 50_000_000
SUPPORTED_FORMATS = READABLE_PIL_FORMATS  # PIL format names (guardrail.formats)


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
    max_pixels: int = DEFAULT_MAX_PIXELS,
    frames: Literal["refuse", "first"] = "refuse",
) -> Image.Image:
    """Open ``source`` (a path or the file's bytes) and return a fully loaded RGB image.

    Raises ImageInputError (``where`` = the path) when the file is missing, not an image, in an
    unsupported format, truncated or corrupt, declares more than ``max_pixels`` pixels, or has
    more than one frame. ``frames="first"`` reads the primary frame of a multi-frame file
    instead: right for reading provenance (a phone JPEG with a gain map opens as a 2-frame MPO),
    never for checks, where a later frame could hold what no check saw.
    """
    where = _describe(source)
    _register_plugins()
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) == 0:
            raise ImageInputError("empty input: no image bytes", where=where, fix="pass a PNG, JPEG or WebP file")
        fp: io.BytesIO | Path = io.BytesIO(bytes(source))
    else:
        fp = Path(source)
        if not fp.is_file():
            raise ImageInputError("no such file", where=where, fix="check the path")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(fp)
            img_format = img.format or "unknown"
            width, height = img.size
            if img_format not in SUPPORTED_FORMATS:
                img.close()
                raise ImageInputError(
                    f"unsupported image format {img_format}",
                    where=where,
                    fix=f"convert to one of {', '.join(sorted(SUPPORTED_FORMATS))}",
                )
            if width <= 0 or height <= 0 or width * height > max_pixels:
                img.close()
                raise ImageInputError(
                    f"declared size {width}x{height} ({width * height} pixels) exceeds the limit of {max_pixels} pixels",
                    where=where,
                    fix="downscale the image or raise max_pixels",
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
            img.load()
            img = ImageOps.exif_transpose(img)
            if img.mode in ("RGBA", "LA", "P", "PA") or "transparency" in img.info:
                rgba = img.convert("RGBA")
                background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                img = Image.alpha_composite(background, rgba)
            return img.convert("RGB")
    except ImageInputError:
        raise
    except UnidentifiedImageError as err:
        raise ImageInputError("not an image (unrecognised format)", where=where, fix="pass a PNG, JPEG or WebP file") from err
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageInputError(f"decompression bomb refused: {err}", where=where, fix="downscale the image") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise ImageInputError(f"corrupt or truncated image: {err}", where=where, fix="re-export the image") from err
