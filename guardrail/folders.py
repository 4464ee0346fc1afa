"""The one way a command expands a folder into the image files in it.

Every entry under the folder (recursively, sorted) whose suffix names an image is returned unless it
is a folder: a broken symbolic link or a FIFO named ``x.png`` is returned too, so the reader refuses
it by name (an input error the user sees) instead of the scan skipping it silently. Symbolic links
to folders are followed, each real folder once: the folder's own tree is scanned first, then the
folders its links lead to (and theirs), so files are named by their real path when the tree holds
one, and a link back to a folder already scanned (a loop, or a second name for a folder) adds
nothing instead of scanning forever (logged at INFO: its files are in the scan under their first
name). A link is part of the folder as its owner sees it: it was skipped silently before, so a
release kept in ``inbox/2024 -> /mnt/archive/2024`` was neither verified nor checked. A folder in the tree that
cannot be listed (permission denied) is an ``InputError`` naming it: ``Path.rglob`` would skip it
silently and the scan would look complete. A regular file whose suffix names no image (``x.jfif``,
``x.jpe``, ``x.bin``, no suffix) is returned when its first bytes are those of an image format the
caller takes (:func:`sniffed_suffix`): renaming a file does not take it out of a scan.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from guardrail.errors import InputError

__all__ = ["image_files_in", "sniffed_suffix"]

log = logging.getLogger(__name__)


def _refuse(err: OSError) -> NoReturn:
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


def _folder_key(path: str) -> tuple[int, int]:
    """The identity of the folder ``path`` leads to (links followed): device and inode."""
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _scan_tree(
    top: str, wanted: frozenset[str], seen: set[tuple[int, int]], found: list[Path], links: list[str]
) -> None:
    """Add the images of ``top``'s own tree (links not followed) to ``found`` and its links to folders to ``links``."""
    # os.walk puts a link to a folder among the folders and does not follow it; a broken link or a
    # special file is among the files
    for root, dirs, files in os.walk(top, onerror=_refuse):
        try:
            key = _folder_key(root)
        except OSError as err:  # removed or made unreadable while we scan
            _refuse(err)
        if key in seen:  # the same folder reached twice within one tree (a bind mount): once is enough
            dirs[:] = []
            continue
        seen.add(key)
        links += [os.path.join(root, d) for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in files:
            path = Path(root) / name
            if path.suffix.lower() in wanted or _sniffs_as(path, wanted):
                found.append(path)


def image_files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The image files under ``folder`` with one of ``suffixes`` (lower-case, with the dot), or whose
    content is one of those formats whatever their name, sorted. Links to folders are followed,
    each real folder scanned once (the tree's own folders first).

    Raises InputError naming a folder in the tree (or one a link leads to) that cannot be listed.
    """
    wanted = frozenset(suffixes)
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    links: list[str] = []
    _scan_tree(str(folder), wanted, seen, found, links)
    links.sort()
    while links:
        link = links.pop(0)
        try:
            key = _folder_key(link)
        except OSError as err:  # its target vanished since the listing, or may not be entered
            _refuse(err)
        if key in seen:
            log.info("not scanning %s again: the folder it links to is in this scan under another name", link)
            continue
        more: list[str] = []
        _scan_tree(link, wanted, seen, found, more)
        links = sorted(links + more)
    return sorted(found)
