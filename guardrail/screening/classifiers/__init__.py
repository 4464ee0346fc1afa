"""Optional prompt classifiers: models that score a prompt after the rules.

A backend implements :class:`PromptClassifier` (``classify(text) -> {category: score}``) and is
registered by name in :data:`BACKENDS` (``hf-text-classifier``, ``openai-moderation``) or
through the ``guardrail.backends`` entry-point group as ``prompt_classifier.NAME``.
:class:`ModelStage` runs the classifiers a policy names, each with its timeout, and fails
closed: an error or a timeout blocks the prompt as "could not check".
"""

from __future__ import annotations

from guardrail.screening.classifiers.base import PromptClassifier, PromptScores
from guardrail.screening.classifiers.registry import (
    BACKENDS,
    available_backends,
    create_prompt_classifier,
)
from guardrail.screening.classifiers.stage import ModelStage

__all__ = [
    "BACKENDS",
    "ModelStage",
    "PromptClassifier",
    "PromptScores",
    "available_backends",
    "create_prompt_classifier",
]
