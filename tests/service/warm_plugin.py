"""A prompt-classifier plugin for the start-up loading tests, installed by the tests as a real
entry-point plugin (a dist-info folder on the server's path).

``load`` records each load (the worker's pid) in the file named by ``log``, then waits until the
file named by ``gate`` exists: the test decides when a "slow" load ends, so nothing depends on
timing. With ``fail: true`` the load raises, as a plugin whose weights are missing does.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from guardrail.errors import ModelLoadError


class GatedScores:
    """Scores 'violence' 0.9 when the prompt names a knife, else 0.1, once loaded."""

    name = "gated"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        self.options = options
        self.where = where

    def categories(self) -> set[str]:
        return {"violence"}

    def load(self) -> None:
        with open(self.options["log"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        if self.options.get("fail"):
            raise ModelLoadError("the weights file is missing", where=f"{self.where}.options")
        while not Path(self.options["gate"]).exists():  # the test opens the gate
            time.sleep(0.02)

    def classify(self, text: str, timeout_s: float) -> dict[str, float]:
        return {"violence": 0.9 if "knife" in text else 0.1}
