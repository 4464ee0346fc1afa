"""Where guardrail keeps its state: ``GUARDRAIL_HOME`` (default ``~/.guardrail``).

The home folder holds the local signing identity (``keys/``), the manifest store, the reference
registry and the audit log (SQLite files). Tests point ``GUARDRAIL_HOME`` at a temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["guardrail_home"]

ENV_VAR = "GUARDRAIL_HOME"


def guardrail_home(create: bool = True) -> Path:
    """Return the state folder from ``$GUARDRAIL_HOME`` (default ``~/.guardrail``), created 0700."""
    raw = os.environ.get(ENV_VAR)
    home = Path(raw).expanduser() if raw else Path.home() / ".guardrail"
    if create:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home
