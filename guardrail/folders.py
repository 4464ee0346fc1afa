"""The one way a command expands a folder into the image files in it.

Every entry under the folder (recursively, sorted) whose suffix names an image is returned unless it
is a folder: a broken symbolic link or a FIFO named ``x.png`` is returned too, so the reader refuses
it by name (an input error the user sees) instead of the scan skipping it silently. Symbolic links
to folders are not followed (no loops, no escaping the folder by a link).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["image_files_in"]


def image_files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The image files under ``folder`` with one of ``suffixes`` (lower-case, with the dot), sorted."""
    wanted = frozenset(suffixes)
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in wanted and not p.is_dir())
