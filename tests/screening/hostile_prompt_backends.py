"""Prompt classifiers that misbehave the way local models and plugins can, for the hard-timeout tests.

Real work, no sleeps standing in for it: a catastrophic ``re`` backtracking match keeps the GIL for
its whole run, and ``os._exit`` ends the process from inside ``classify``. Importable by module path,
so a worker process finds them the way it finds an installed plugin.
"""

from __future__ import annotations

import os
import re
from typing import Any


class _Base:
    name = "hostile-prompt"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        self.options = options

    def categories(self) -> set[str]:
        return {"violence"}

    def load(self) -> None:
        pass


class RegexBacktrack(_Base):
    """Matches ``(a+)+$`` against ``'a' * n + '!'``: 2**n steps inside ``re`` with the GIL held, then scores 0."""

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        re.match(r"(a+)+$", "a" * int(self.options.get("n", 29)) + "!")
        return {"violence": 0.0}


class ExitNow(_Base):
    """Ends its process with status 0 from inside ``classify`` (no exception, no output)."""

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        os._exit(0)


class Scores(_Base):
    """Scores 'violence' 0.9 when the prompt names a knife, else 0.1 (a well-behaved local model)."""

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        return {"violence": 0.9 if "knife" in text else 0.1}


class NotANumber(_Base):
    """Scores 'violence' NaN: every comparison with a threshold is False, so a careless stage lets it pass."""

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        return {"violence": float("nan")}


class TextScoreInProcess(_Base):
    """Claims ``in_process`` (not granted to a plugin: it runs in a worker) and scores with a string, not a number."""

    in_process = True

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        return {"violence": "high"}  # type: ignore[dict-item]


class Talkative(Scores):
    """Prints to stdout when built (in the caller's process) and when it classifies (in its worker)."""

    def __init__(self, options: dict[str, Any], where: str) -> None:
        super().__init__(options, where)
        print("talkative: built")

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        print("talkative: classifying")
        return super().classify(text, timeout_s)


class TalkativeInProcess(Talkative):
    """The same, declaring ``in_process``: its ``classify`` runs on the caller's thread."""

    in_process = True


class RegexBacktrackInProcess(RegexBacktrack):
    """Holds the GIL like :class:`RegexBacktrack` and claims ``in_process`` to run on the caller's thread."""

    in_process = True


class HangsInLoad(Scores):
    """Its ``load()`` never returns: it waits on a pipe nobody writes to (the write end is its own, so no EOF
    comes), as a plugin waiting on a model server that never answers does."""

    def load(self) -> None:
        read, _write = os.pipe()
        os.read(read, 1)


class LoadLogged(Scores):
    """Scores like :class:`Scores`; each ``load`` appends its process id to the file named by ``log``, and
    raises (as a plugin whose weights are missing) when ``fail`` is set."""

    def load(self) -> None:
        from guardrail.errors import ModelLoadError

        with open(self.options["log"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        if self.options.get("fail"):
            raise ModelLoadError("the weights file is missing", where="prompt.classifiers[0].options")
