"""One registry shape for every backend kind: an explicit dict by name plus entry-point plugins.

A third-party package adds a backend by declaring an entry point in the group
``guardrail.backends`` named ``KIND.NAME`` (``classifier.my-model``, ``watermark.my-mark``) whose
value is ``"module:Class"``. Built-ins win over plugins of the same name.
"""

from __future__ import annotations

import importlib
import threading
from importlib.metadata import entry_points
from typing import Any

from guardrail.errors import BackendError

__all__ = ["ENTRY_POINT_GROUP", "BackendRegistry"]

ENTRY_POINT_GROUP = "guardrail.backends"


class BackendRegistry:
    """Resolves backend names of one ``kind`` to classes (or factories), importing each once."""

    def __init__(self, kind: str, builtins: dict[str, Any]) -> None:
        """``builtins`` maps name -> ``"module:Class"`` or an already imported class/factory.

        The dict is kept by reference, so callers may expose and extend it (``BACKENDS``).
        """
        self.kind = kind
        self.builtins = builtins
        self._lock = threading.Lock()
        self._imported: dict[str, Any] = {}

    def plugins(self) -> dict[str, str]:
        """Names -> ``"module:Class"`` of the plugins installed for this kind."""
        prefix = f"{self.kind}."
        return {
            ep.name.removeprefix(prefix): ep.value
            for ep in entry_points(group=ENTRY_POINT_GROUP)
            if ep.name.startswith(prefix)
        }

    def names(self) -> list[str]:
        """Every registered name, built-in and plugin, sorted."""
        return sorted({**self.plugins(), **self.builtins})

    def resolve(self, name: str, where: str) -> Any:
        """The class or factory registered as ``name``; unknown names raise listing valid ones."""
        target = self.builtins.get(name)
        if target is None:
            target = self.plugins().get(name)
        if target is None:
            valid = ", ".join(self.names())
            raise BackendError(
                f"unknown {self.kind} backend {name!r}; valid: {valid}",
                where=where,
                fix=f"use one of: {valid}",
            )
        if not isinstance(target, str):
            return target
        with self._lock:
            if target not in self._imported:
                module_name, _, attr = target.partition(":")
                try:
                    self._imported[target] = getattr(importlib.import_module(module_name), attr)
                except (ImportError, AttributeError) as err:
                    raise BackendError(f"{self.kind} backend {name!r} cannot be imported: {err}", where=where) from err
            return self._imported[target]
