"""Where guardrail keeps its state: ``GUARDRAIL_HOME`` (default ``~/.guardrail``).

The home folder holds the local signing identity (``keys/``), the manifest store, the reference
registry and the audit log (SQLite files). Tests point ``GUARDRAIL_HOME`` at a temp folder.

Whoever can write the home can plant a trust root, rewrite the stores or the audit log, so a home
(and the keys folder in it) must belong to the user running guardrail and must not be writable
by group or others: :func:`require_private` refuses anything else with an
``UnsafePermissionsError`` that names the path and gives the ``chmod``/``chown`` fix. The folders
in the home that hold secrets or drive recovery (``keys/``, ``audit-keys/``, ``pending/``) pass the
same test (:func:`state_folder`): a home others may enter (mode 0755) may still hold a subfolder
they can write, and so do the database files (:func:`require_private_db`: the file and its
``-wal``, ``-shm`` and ``-journal`` companions). The folders *above* the home are not checked (see
docs/security.md).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from guardrail.errors import UnsafePermissionsError

__all__ = ["guardrail_home", "is_private", "private_problem", "require_private", "require_private_db", "state_folder"]

ENV_VAR = "GUARDRAIL_HOME"


def private_problem(path: Path, *, readable: bool = False) -> str | None:
    """Why ``path`` is not private to this user (None when it is, or does not exist).

    Private: owned by the effective user and not writable by group or others (with
    ``readable=True``, for private keys: not readable by them either).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid != os.geteuid():
        return f"is owned by uid {st.st_uid}, not by the user running guardrail (uid {os.geteuid()})"
    open_bits = mode & (0o077 if readable else 0o022)
    if open_bits:
        who = " and ".join(w for w, bits in (("group", 0o070), ("others", 0o007)) if open_bits & bits)
        how = "readable or writable" if readable else "writable"
        return f"is {how} by {who} (mode {mode:04o})"
    return None


def is_private(path: Path, *, readable: bool = False) -> bool:
    """True when :func:`private_problem` finds nothing wrong with ``path``."""
    return private_problem(path, readable=readable) is None


def require_private(path: Path, what: str, *, readable: bool = False) -> None:
    """Raise UnsafePermissionsError (naming ``path`` and the fix) unless ``path`` is private."""
    problem = private_problem(path, readable=readable)
    if problem is None:
        return
    if readable:
        risk, fix = "read or replace it", f"chown {os.geteuid()} '{path}' && chmod 600 '{path}'"
    else:
        risk = "plant keys or rewrite records in it"
        fix = (
            f"chown {os.geteuid()} '{path}' && chmod go-w '{path}' if it is guardrail's own folder; otherwise point "
            f"{ENV_VAR} at a folder only you can write"
        )
    raise UnsafePermissionsError(
        f"{what} {problem}: another local user could {risk}; guardrail refuses to use it", where=str(path), fix=fix
    )


def guardrail_home(create: bool = True) -> Path:
    """Return the state folder from ``$GUARDRAIL_HOME`` (default ``~/.guardrail``), created 0700.

    Raises UnsafePermissionsError when the folder exists but is writable by group or others or
    owned by another user.
    """
    raw = os.environ.get(ENV_VAR)
    home = Path(raw).expanduser() if raw else Path.home() / ".guardrail"
    if create:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
    require_private(home, f"the guardrail home ({ENV_VAR})")
    return home


def state_folder(name: str, what: str, home: Path | None = None) -> Path:
    """``home/name`` (``home`` defaults to :func:`guardrail_home`), refused unless it is private.

    The folder is not created here; a folder that exists must pass :func:`require_private`, and so
    must an explicitly given ``home``. Raises UnsafePermissionsError naming the folder otherwise.
    """
    if home is not None:
        require_private(home, f"the guardrail home ({ENV_VAR})")
    folder = (home if home is not None else guardrail_home()) / name
    require_private(folder, what)
    return folder


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
"""Suffixes of the files SQLite keeps for one database: any of them lets its writer rewrite records."""


def require_private_db(path: Path, what: str) -> None:
    """Refuse a SQLite database whose file (or write-ahead log, shared memory or journal) another user
    owns or may write: they could rewrite its records behind guardrail's back. Missing files pass."""
    for suffix in SQLITE_COMPANIONS:
        require_private(path.with_name(path.name + suffix), what if not suffix else f"{what} ({suffix[1:]} file)")
