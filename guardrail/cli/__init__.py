"""The ``guardrail`` command: a thin shell over the library.

Each command group lives in its own module and registers itself on :data:`app`. Modules import
heavy libraries (torch, diffusers, c2pa) inside the command functions, so ``guardrail --help``
stays fast. Exit codes: 0 allowed/ok, 1 blocked or not verified, 2 usage or input error.
"""

from __future__ import annotations

import importlib
import os

from guardrail.cli._common import app

__all__ = ["app", "main"]

# One module per command group; each adds its commands to `app` on import.
_COMMAND_MODULES = (
    "screen",
    "policy",
    "check",
    "refs",
    "keys",
    "mark",
    "verify",
    "generate",
    "audit",
    "serve",
    "db",
)

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"guardrail.cli.{_name}")
    except ModuleNotFoundError as err:  # a group not written yet
        if err.name != f"guardrail.cli.{_name}":
            raise


def main() -> None:
    """Console-script entry point."""
    # transformers warns on import that torchvision is absent (we never need it); keep the
    # terminal for guardrail's own output. Users can still raise the level themselves.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("DIFFUSERS_VERBOSITY", "error")
    app()
