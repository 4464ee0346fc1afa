"""Classifier backends that misbehave the way real ones can, for the hard-timeout tests.

They do real work (no sleeps standing in for it): a catastrophic ``re`` backtracking match keeps
the GIL for its whole run, ``ctypes.PyDLL`` calls libc's ``sleep`` without releasing the GIL (as a
C extension can), and ``os._exit`` ends the process from inside ``classify``. Importable by module
path, so a worker process finds them the way it finds an installed plugin.
"""

from __future__ import annotations

import ctypes
import os
import re
from typing import Any

from PIL import Image

from guardrail.checks.models import ClassifierOutput


class _Base:
    name = "hostile"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        self.options = options

    def categories(self) -> set[str]:
        return {"sexual"}

    def load(self) -> None:
        pass

    def _clean(self) -> ClassifierOutput:
        return ClassifierOutput(labels=[], scores={"sexual": 0.0})


class RegexBacktrack(_Base):
    """Matches ``(a+)+$`` against ``'a' * n + '!'``: 2**n steps inside ``re``, GIL held throughout.

    n=29 takes ~24 s on this machine (n=24: 0.74 s; each +1 doubles it).
    """

    name = "gil-regex"

    def classify(self, image: Image.Image) -> ClassifierOutput:
        re.match(r"(a+)+$", "a" * int(self.options.get("n", 29)) + "!")
        return self._clean()


class GilSleep(_Base):
    """Calls libc ``sleep(seconds)`` through ``ctypes.PyDLL``, which keeps the GIL during the call.

    With option ``pidfile`` it first writes its process id there (so a test can kill it).
    """

    name = "gil-sleep"

    def classify(self, image: Image.Image) -> ClassifierOutput:
        if "pidfile" in self.options:
            with open(self.options["pidfile"], "w") as fh:
                fh.write(str(os.getpid()))
        ctypes.PyDLL(None).sleep(int(self.options.get("seconds", 30)))
        return self._clean()


class ExitNow(_Base):
    """Ends its process with status 0 from inside ``classify`` (no exception, no output)."""

    name = "exit-now"

    def classify(self, image: Image.Image) -> ClassifierOutput:
        os._exit(0)


class Clean(_Base):
    """Scores every image 0 (a well-behaved backend, to show the worker serves again after a kill)."""

    name = "clean"

    def classify(self, image: Image.Image) -> ClassifierOutput:
        return self._clean()


class Chatty(_Base):
    """Prints to stdout from inside ``classify`` (as a careless plugin does), then scores 0."""

    name = "chatty"

    def classify(self, image: Image.Image) -> ClassifierOutput:
        print('[{"action": "pass"}]', flush=True)
        return self._clean()


class ChattyBuilt(Chatty):
    """Prints to stdout when built and when asked its categories: both run in the caller's process."""

    name = "chatty-built"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        super().__init__(options, where)
        print('[{"action": "pass", "built": true}]', flush=True)

    def categories(self) -> set[str]:
        print('[{"action": "pass", "categories": true}]', flush=True)
        return super().categories()


class HangsInLoad(Clean):
    """Its ``load()`` never returns: it waits on a pipe nobody writes to (the write end is its own, so no EOF
    comes), as a plugin waiting on a model server that never answers does. Classifies clean once loaded."""

    name = "hangs-in-load"

    def load(self) -> None:
        read, _write = os.pipe()
        os.read(read, 1)
