"""The one way a command expands a folder into the image files in it.

Every entry under the folder (recursively, sorted) whose suffix names an image is returned unless it
is a folder: a broken symbolic link or a FIFO named ``x.png`` is returned too, so the reader refuses
it by name (an input error the user sees) instead of the scan skipping it silently. Symbolic links
to folders are not followed (no loops, no escaping the folder by a link). A folder in the tree that
cannot be listed (permission denied) is an ``InputError`` naming it: ``Path.rglob`` would skip it
silently and the scan would look complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from guardrail.errors import InputError

__all__ = ["image_files_in"]


def _refuse(err: OSError) -> None:
    raise InputError(
        f"cannot list this folder: {err.strerror or err}",
        where=str(err.filename),
        fix="make it readable (chmod u+rx) or move it out of the folder you scan",
    ) from err


def image_files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The image files under ``folder`` with one of ``suffixes`` (lower-case, with the dot), sorted.

    Raises InputError naming a folder in the tree that cannot be listed.
    """
    wanted = frozenset(suffixes)
    found: list[Path] = []
    # os.walk puts a link to a folder among the folders and does not follow it; a broken link or a
    # special file is among the files
    for root, _dirs, files in os.walk(folder, onerror=_refuse):
        found.extend(Path(root) / name for name in files if Path(name).suffix.lower() in wanted)
    return sorted(found)
