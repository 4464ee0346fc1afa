"""Load the policy's classifiers (prompt and image) in the check workers when the service starts.

The library loads a classifier on its first use (in a check worker, under the workers' 600 s load
deadline), which suits a script but would make a service's first screen or check wait for a model
load. :class:`ClassifierLoader` runs the loads once, on its own thread, right after startup;
``/readyz`` answers 503 (``"classifiers": "loading"``) until they are done, and ``failed: ...`` if
one failed (requests then still fail closed: a classifier that cannot run gives could-not-check).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

__all__ = ["ClassifierLoader"]

log = logging.getLogger(__name__)


class ClassifierLoader:
    """Runs each of ``loads`` once, in order, on a thread of its own; ``status`` says how far it got."""

    def __init__(self, loads: list[Callable[[], None]]) -> None:
        self._loads = loads
        self.loaded = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="guardrail-classifier-load", daemon=True)

    def start(self) -> None:
        """Start loading (returns at once)."""
        self._thread.start()

    def _run(self) -> None:
        try:
            for load in self._loads:
                load()
        except BaseException as err:  # readyz reports it; checks then fail closed (could-not-check)
            log.exception("the policy's classifiers could not be loaded")
            self.error = err
        finally:
            self.loaded.set()

    @property
    def status(self) -> str:
        """``ok``, ``loading`` or ``failed: <why>``."""
        if not self.loaded.is_set():
            return "loading"
        return "ok" if self.error is None else f"failed: {self.error}"
