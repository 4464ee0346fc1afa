"""The one table of image formats guardrail reads, writes and signs.

Every other module derives its view from ``FORMATS``: which files ``open_image`` accepts (PIL
names), which suffixes a reference folder scan picks up, which formats a release may be written
in and signed (C2PA MIME type), and which of those decode to exactly the pixels we encode.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FORMATS",
    "IMAGE_SUFFIXES",
    "READABLE_PIL_FORMATS",
    "SIGNABLE",
    "ImageFormat",
    "extension_for",
    "signable_by_extension",
    "signable_by_pil",
]


@dataclass(frozen=True)
class ImageFormat:
    """One image format: how PIL names it, its MIME type and file suffixes, and what we do with it."""

    name: str  # our name: png, jpeg, webp, ...
    pil: str  # PIL's ``Image.format``
    mime: str
    extensions: tuple[str, ...]  # lower-case with the dot; the first is the one we write
    lossless: bool  # as guardrail encodes it, decoding gives back exactly the encoded pixels
    signable: bool  # releases may be written in it with an embedded C2PA manifest
    pil_aliases: tuple[str, ...] = ()  # other ``Image.format`` values that are this format


FORMATS: tuple[ImageFormat, ...] = (
    ImageFormat("png", "PNG", "image/png", (".png",), lossless=True, signable=True),
    ImageFormat("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), lossless=False, signable=True, pil_aliases=("MPO",)),
    # written lossless (marker); lossy WebP files are still read and verified
    ImageFormat("webp", "WEBP", "image/webp", (".webp",), lossless=True, signable=True),
    ImageFormat("bmp", "BMP", "image/bmp", (".bmp",), lossless=True, signable=False),
    ImageFormat("gif", "GIF", "image/gif", (".gif",), lossless=False, signable=False),
    ImageFormat("tiff", "TIFF", "image/tiff", (".tif", ".tiff"), lossless=True, signable=False),
    # read for verify (decoded by Pillow's own AVIF plugin / pillow-heif); never written
    ImageFormat("avif", "AVIF", "image/avif", (".avif",), lossless=False, signable=False),
    ImageFormat("heif", "HEIF", "image/heif", (".heic", ".heif"), lossless=False, signable=False),
)

# name -> format, for the formats a release can be written and signed in (png, jpeg, webp)
SIGNABLE: dict[str, ImageFormat] = {f.name: f for f in FORMATS if f.signable}
# every PIL format name open_image accepts
READABLE_PIL_FORMATS: frozenset[str] = frozenset(p for f in FORMATS for p in (f.pil, *f.pil_aliases))
# every file suffix treated as an image when scanning folders
IMAGE_SUFFIXES: frozenset[str] = frozenset(e for f in FORMATS for e in f.extensions)


def signable_by_pil(pil_name: str) -> ImageFormat | None:
    """The signable format PIL reports as ``pil_name`` (``MPO`` is JPEG), or None."""
    return next((f for f in SIGNABLE.values() if pil_name in (f.pil, *f.pil_aliases)), None)


def signable_by_extension(suffix: str) -> ImageFormat | None:
    """The signable format for a file suffix (``.jpg``, case-insensitive), or None."""
    suffix = suffix.lower()
    return next((f for f in SIGNABLE.values() if suffix in f.extensions), None)


def extension_for(name: str) -> str:
    """The suffix (without the dot) we write for format ``name``; unknown names are used as they are."""
    fmt = next((f for f in FORMATS if f.name == name), None)
    return fmt.extensions[0].lstrip(".") if fmt else name
