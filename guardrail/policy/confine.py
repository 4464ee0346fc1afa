"""Policies stay in their folder: which files a policy may read through ``terms_files`` and ``extends``.

A policy may read files inside the folder of the policy file that was loaded (subfolders
included), inside the shipped policies' folder, and inside folders the user names explicitly:
``GUARDRAIL_POLICY_PATH`` (folders separated by ``os.pathsep``) or the ``search_path`` argument
of ``load_policy``/``lint_policy``. Paths are compared after symlinks are resolved, so a link
inside the folder to ``/etc/passwd`` is outside too. Anything else is a PolicyError at the key
that names the file: a policy someone hands you cannot make guardrail read your files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ENV_VAR", "MAX_TERMS_FILE_BYTES", "PolicyRoots", "outside_fix"]

ENV_VAR = "GUARDRAIL_POLICY_PATH"
"""Extra folders policies may read from, separated by ``os.pathsep``."""

MAX_TERMS_FILE_BYTES = 16 * 1024 * 1024
"""Largest terms file read (about a million terms)."""


@dataclass(frozen=True)
class PolicyRoots:
    """The folders (symlinks resolved) a policy and its parents may read files from."""

    folders: tuple[Path, ...]

    @classmethod
    def for_policy(cls, path: str | Path, search_path: Iterable[str | Path] = ()) -> PolicyRoots:
        """Roots for loading the policy at ``path``: its folder, the shipped policies, ``search_path``
        and ``$GUARDRAIL_POLICY_PATH``."""
        from guardrail.policy.loader import _builtin_dir

        extra = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
        folders = [
            Path(path).expanduser().absolute().parent,
            _builtin_dir(),
            *map(Path, search_path),
            *map(Path, extra),
        ]
        resolved: list[Path] = []
        for folder in folders:
            real = folder.expanduser().resolve()
            if real not in resolved:
                resolved.append(real)
        return cls(tuple(resolved))

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (symlinks resolved) lies inside one of the roots."""
        real = path.resolve()
        return any(real.is_relative_to(folder) for folder in self.folders)

    def describe(self) -> str:
        """The roots for a message."""
        return ", ".join(str(f) for f in self.folders)


def outside_fix() -> str:
    """How to fix a path outside the roots."""
    return (
        f"keep terms files and parent policies in the policy's folder (or below it), or name their folder in ${ENV_VAR}"
    )
