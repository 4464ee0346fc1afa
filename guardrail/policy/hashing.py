"""The one canonical policy hash: SHA-256 of the canonical JSON of a resolved policy.

``Policy.hash`` calls this lazily, and the loader sets it eagerly; both give the same value, so
a policy built in code has a real hash too. Other modules must call this (or read
``policy.hash``) rather than hash a policy their own way.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guardrail.policy.schema import Policy

__all__ = ["canonical_policy_json", "policy_hash"]


def canonical_policy_json(policy: Policy) -> str:
    """Canonical JSON of ``policy``: sorted keys, no spaces, UTF-8 text, ``extends`` left out."""
    data = policy.model_dump(mode="json", exclude={"extends"})
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def policy_hash(policy: Policy) -> str:
    """SHA-256 (hex) of the canonical JSON of a resolved policy (``extends`` left out)."""
    return hashlib.sha256(canonical_policy_json(policy).encode("utf-8")).hexdigest()
