"""The one rule for telling a model's hub id from a local path (pipelines and classifiers alike).

A hub id is spelled ``name`` or ``org/name`` (letters, digits, ``-``, ``_``, ``.``; starting with a
letter or digit). Anything else is a path: a string starting with ``.``, ``/``, ``~`` or ``\\``,
holding a backslash or more than one slash (``a/b/c``), or otherwise not spelled like a hub id.
An existing folder is always a path, whatever its spelling (callers check that first).
"""

from __future__ import annotations

import re

__all__ = ["looks_like_path"]

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


def looks_like_path(model: str) -> bool:
    """True when ``model`` can only be a filesystem path, never a hub id (see the module docstring)."""
    return model.startswith((".", "/", "~", "\\")) or "\\" in model or not _HUB_ID.match(model)
