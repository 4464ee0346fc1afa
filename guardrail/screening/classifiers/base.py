"""The prompt-classifier protocol."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["PromptClassifier", "PromptScores"]

PromptScores = dict[str, float]
"""Per-category score in [0, 1] (categories named by the policy's label mapping)."""


@runtime_checkable
class PromptClassifier(Protocol):
    """A model that scores one prompt per policy category.

    Backends run in a worker process that is killed at the policy's ``timeout_s``
    (``guardrail.checks.worker``), unless the class sets ``in_process = True`` and is one of
    guardrail's own (a network client such as ``openai-moderation``, whose ``classify`` honours
    ``timeout_s`` itself and can neither hold the GIL nor end the process); it then runs on a thread
    of the caller. A plugin's own ``in_process`` is ignored: it always runs in a worker.
    """

    name: str

    def categories(self) -> set[str]:
        """Policy categories this backend (as configured) can score."""
        ...

    def load(self) -> None:
        """Load the model (or check the endpoint's settings) now instead of on first use."""
        ...

    def classify(self, text: str, timeout_s: float) -> PromptScores:
        """Score ``text``; raise on any failure (the stage turns failures into blocks)."""
        ...
