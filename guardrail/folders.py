"""The one way a command expands a folder into the image files in it.

Every entry under the folder (recursively, sorted) whose suffix names an image is returned unless it
is a folder: a broken symbolic link or a FIFO named ``x.png`` is returned too, so the reader refuses
it by name (an input error the user sees) instead of the scan skipping it silently. Symbolic links
to folders are not followed (no loops, no escaping the folder by a link). A folder in the tree that
cannot be listed (permission denied) is an ``InputError`` naming it: ``Path.rglob`` would skip it
silently and the scan would look complete. A regular file whose suffix names no image (``x.jfif``,
``x.jpe``, ``x.bin``, no suffix) is returned when its first bytes are those of an image format the
caller takes (:func:`sniffed_suffix`): renaming a file does not take it out of a scan.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from guardrail.errors import InputError

__all__ = ["image_files_in", "sniffed_suffix"]


def _refuse(err: OSError) -> None:
    raise InputError(
        f"cannot list this folder: {err.strerror or err}",
        where=str(err.filename),
        fix="make it readable (chmod u+rx) or move it out of the folder you scan",
    ) from err


_ISO_BRANDS = {b"avif": ".avif", b"avis": ".avif", b"heic": ".heic", b"heix": ".heic", b"mif1": ".heif"}


def sniffed_suffix(head: bytes) -> str | None:
    """The usual suffix of the image format whose signature starts ``head`` (16 bytes suffice), else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return ".tif"
    if head[:2] == b"BM" and len(head) >= 10 and head[6:10] == b"\x00\x00\x00\x00":
        return ".bmp"
    if head[4:8] == b"ftyp":
        return _ISO_BRANDS.get(head[8:12])
    return None


def _sniffs_as(path: Path, wanted: frozenset[str]) -> bool:
    """True when ``path`` is a regular file whose first bytes are an image format in ``wanted``."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return sniffed_suffix(f.read(16)) in wanted
    except OSError:  # gone or unreadable, and not named like an image: not one we can tell is an image
        return False


def image_files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The image files under ``folder`` with one of ``suffixes`` (lower-case, with the dot), or whose
    content is one of those formats whatever their name, sorted.

    Raises InputError naming a folder in the tree that cannot be listed.
    """
    wanted = frozenset(suffixes)
    found: list[Path] = []
    # os.walk puts a link to a folder among the folders and does not follow it; a broken link or a
    # special file is among the files
    for root, _dirs, files in os.walk(folder, onerror=_refuse):
        for name in files:
            path = Path(root) / name
            if path.suffix.lower() in wanted or _sniffs_as(path, wanted):
                found.append(path)
    return sorted(found)
