"""The audit log's secret keys: prompt digests and the record chain are HMAC-SHA256 under them.

A plain SHA-256 of a prompt can be reversed by hashing guesses (prompts are short and
predictable); an HMAC under a key kept beside the log cannot, yet whoever holds the key can still
check whether a given prompt was requested. The same key links each audit record to the one
before it (``guardrail audit verify``).

Keys live in ``GUARDRAIL_HOME/audit-keys/`` (mode 0700; refused, like ``keys/``, when another
user could write it), one file per key named by its id (``<key id>.key``, 32 random bytes, mode 0600); ``current`` names
the key new records use. The id
is the first 16 hex digits of the key's SHA-256, and every record stores the id of the key it
was made with, so rotating (``rotate_audit_key``) never makes older digests or links uncheckable.
The folder is separate from ``keys/`` (the signing identity), so ``guardrail keys init --force``
leaves it alone. A key found at the old place (``keys/audit.key``, and ``keys.*.bak/audit.key``
left by earlier identity rotations) is adopted on first use, unless its folder or the file is one
another user could have written: such a key is skipped with a warning.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from guardrail.errors import StoreError
from guardrail.home import guardrail_home, private_problem, state_folder

__all__ = [
    "audit_key",
    "audit_key_by_id",
    "audit_key_ids",
    "current_audit_key",
    "key_id",
    "prompt_digest",
    "rotate_audit_key",
]

logger = logging.getLogger(__name__)

_KEY_BYTES = 32
KEYS_FOLDER = "audit-keys"
CURRENT = "current"


def key_id(key: bytes) -> str:
    """The id of ``key``: the first 16 hex digits of its SHA-256 (names the key, reveals nothing)."""
    return hashlib.sha256(key).hexdigest()[:16]


def _folder(home: Path | None) -> Path:
    # Whoever can write this folder chooses the key records are linked with: it must be private
    # (UnsafePermissionsError naming it otherwise), checked before any key is read or made in it.
    return state_folder(KEYS_FOLDER, "the audit keys folder", home).resolve()


def _write_new(folder: Path, name: str, data: bytes, *, replace: bool) -> None:
    """Write ``data`` whole under a private name, then put it in place (atomic, mode 0600).

    With ``replace=False`` the file is linked into place and an existing one is kept (another
    process got there first); with ``replace=True`` it replaces the old file.
    """
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if replace:
            os.replace(tmp, folder / name)
        else:
            try:
                os.link(tmp, folder / name)
            except FileExistsError:
                pass
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _store_key(folder: Path, key: bytes) -> str:
    kid = key_id(key)
    if not (folder / f"{kid}.key").exists():
        _write_new(folder, f"{kid}.key", key, replace=False)
    return kid


def _adopt_old_keys(folder: Path, home: Path) -> str | None:
    """Import keys from the old locations; return the id of ``keys/audit.key`` if there is one."""
    current = None
    for old in sorted(home.glob("keys.*.bak/audit.key")) + [home / "keys" / "audit.key"]:
        if old.is_file():
            problem = private_problem(old.parent) or private_problem(old)
            if problem is not None:  # another user may have planted it: never adopt it
                logger.warning(
                    "not adopting the audit key %s: %s (fix: remove it if it is not yours, or chown it and chmod "
                    "go-w it and its folder)",
                    old,
                    problem,
                )
                continue
            data = old.read_bytes()
            if len(data) == _KEY_BYTES:
                kid = _store_key(folder, data)
                if old.parent.name == "keys":
                    current = kid
    return current


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Exclusive lock on the key folder (threads and processes) while keys are created or rotated."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# (home, keys folder, pointer) as found on disk -> (key id, key), for the current key's hot path
_Stamp = tuple[tuple[int, int, int, int], ...]
_current: dict[Path, tuple[_Stamp, str, bytes]] = {}


def _stamp(*paths: Path) -> _Stamp | None:
    """Inode, change time, mode and owner of each path (None if one is missing)."""
    try:
        return tuple((st.st_ino, st.st_ctime_ns, st.st_mode, st.st_uid) for st in map(os.stat, paths))
    except OSError:
        return None


def current_audit_key(home: Path | None = None) -> tuple[str, bytes]:
    """(key id, key) of the key new records use; created (or adopted from keys/audit.key) on first use.

    Every record calls this, so the answer is kept per process while the home, the keys folder
    and the ``current`` pointer are the same on disk (inode, change time, mode, owner: three
    ``stat`` calls instead of the checks and reads, ~0.6 ms under load). A rotation (the pointer is
    replaced), a chmod or chown of either folder, or a moved folder changes a stamp, and the next
    call checks and reads everything again.
    """
    base = home if home is not None else guardrail_home(create=False)
    pointer = base / KEYS_FOLDER / CURRENT
    stamp = _stamp(base, pointer.parent, pointer)  # taken before reading: a later change is seen next time
    cached = _current.get(pointer)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    folder = _folder(home)
    pointer = folder / CURRENT
    if not pointer.exists():
        with _locked(folder):
            if not pointer.exists():
                kid = _adopt_old_keys(folder, folder.parent) or _store_key(folder, secrets.token_bytes(_KEY_BYTES))
                _write_new(folder, CURRENT, kid.encode(), replace=False)
    kid = pointer.read_text(encoding="ascii").strip()
    key = audit_key_by_id(kid, home)
    if stamp is not None:
        _current[base / KEYS_FOLDER / CURRENT] = (stamp, kid, key)
    return kid, key


def audit_key(home: Path | None = None) -> bytes:
    """The install's current audit key (created on first use)."""
    return current_audit_key(home)[1]


@lru_cache(maxsize=64)
def _read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        raise StoreError(
            f"audit key has {len(key)} bytes, expected {_KEY_BYTES}",
            where=str(path),
            fix="restore the key from a backup; without it, records made with it cannot be checked",
        )
    if key_id(key) != path.stem:
        raise StoreError(
            f"audit key does not match its id {path.stem}",
            where=str(path),
            fix="restore the key from a backup; without it, records made with it cannot be checked",
        )
    return key


def audit_key_by_id(kid: str, home: Path | None = None) -> bytes:
    """The audit key with id ``kid``; StoreError naming the file when it is missing or damaged."""
    if not kid or any(c not in "0123456789abcdef" for c in kid):
        raise StoreError(
            f"invalid audit key id {kid!r}",
            where=str(_folder(home) / CURRENT),
            fix="restore the audit-keys folder from a backup",
        )
    path = _folder(home) / f"{kid}.key"
    if not path.is_file():
        raise StoreError(
            f"audit key {kid} is missing",
            where=str(path),
            fix="restore the audit-keys folder from a backup; records made with this key cannot be checked without it",
        )
    return _read(path)


def audit_key_ids(home: Path | None = None) -> list[str]:
    """Ids of every audit key kept (current and older ones)."""
    folder = _folder(home)
    return sorted(p.stem for p in folder.glob("*.key")) if folder.is_dir() else []


def rotate_audit_key(home: Path | None = None) -> str:
    """Make a new key current and return its id; older keys stay, so older records still verify."""
    current_audit_key(home)  # make sure the folder and the old key exist
    folder = _folder(home)
    with _locked(folder):
        kid = _store_key(folder, secrets.token_bytes(_KEY_BYTES))
        _write_new(folder, CURRENT, kid.encode(), replace=True)
    return kid


def _encode(text: str) -> bytes:
    # 'surrogatepass' keeps lone surrogates (invalid Unicode, refused with a record) digestible;
    # for any valid text the bytes are plain UTF-8.
    return text.encode("utf-8", "surrogatepass")


def prompt_digest(text: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 (hex) of ``text`` under ``key`` (default: the current audit key)."""
    return hmac.new(key if key is not None else audit_key(), _encode(text), hashlib.sha256).hexdigest()
