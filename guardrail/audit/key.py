"""The audit log's secret key: prompts are recorded as HMAC-SHA256 digests under it.

A plain SHA-256 of a prompt can be reversed by hashing guesses (prompts are short and
predictable); an HMAC under a key kept beside the log cannot, yet whoever holds the key can still
check whether a given prompt was requested. The key is 32 random bytes in
``GUARDRAIL_HOME/keys/audit.key`` (mode 0600), created on first use without races.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path

from guardrail.errors import StoreError
from guardrail.home import guardrail_home

__all__ = ["audit_key", "prompt_digest"]

_KEY_BYTES = 32


@lru_cache(maxsize=8)
def _read_or_create(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Write the key whole under a private name, then link it into place: the link is atomic
        # and fails if another thread or process got there first, so nobody reads a partial key.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit.key.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(_KEY_BYTES))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        raise StoreError(f"audit key has {len(key)} bytes, expected {_KEY_BYTES}", where=str(path), fix="restore the key from a backup; without it, recorded prompt digests cannot be checked")
    return key


def audit_key(home: Path | None = None) -> bytes:
    """The install's audit key (created on first use)."""
    return _read_or_create(((home or guardrail_home()) / "keys" / "audit.key").resolve())


def prompt_digest(text: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 (hex) of ``text`` under the audit key."""
    return hmac.new(key if key is not None else audit_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()
