"""Common English words (2-7 letters) used to tell word splits from obfuscation.

The list lives in ``guardrail/data/common_words.txt`` (derived from SCOWL size 35; its notice is
at the top of that file). It is used only when a policy is compiled: a term word split into
fragments that are ALL common words ("an us", "pen is", "go re") gets no split key, and a
stretched spelling of a term that is itself a common word gets no variant key.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["common_words"]

_NAMES = frozenset({"anna", "cassino", "gregg", "platte", "riffle", "starr"})
"""Words and names found one doubled letter away from a shipped policy's terms (riffle/rifle, Monte
Cassino/casino) by checking every derived spelling against a 100,000-word dictionary."""


@cache
def common_words() -> frozenset[str]:
    """The common-word set (read once, on first use)."""
    text = files("guardrail").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(words) | {"a", "i"} | _NAMES
