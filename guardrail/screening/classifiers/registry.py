"""Prompt-classifier backends by name: an explicit dict, plus plugins from the entry-point group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guardrail.registry import BackendRegistry
from guardrail.screening.classifiers.base import PromptClassifier

__all__ = ["BACKENDS", "available_backends", "create_prompt_classifier", "prompt_classifier_reference"]

Factory = Callable[[dict[str, Any], str], PromptClassifier]

BACKENDS: dict[str, str | Factory] = {
    "hf-text-classifier": "guardrail.screening.classifiers.hf_text:HFTextClassifier",
    "openai-moderation": "guardrail.screening.classifiers.moderation:ModerationEndpoint",
}
_REGISTRY = BackendRegistry("prompt_classifier", BACKENDS)


def available_backends() -> list[str]:
    """Names of every prompt-classifier backend: built-in and plugins."""
    return _REGISTRY.names()


def create_prompt_classifier(
    name: str, options: dict[str, Any], where: str = "prompt.classifiers[0]"
) -> PromptClassifier:
    """Build the backend registered as ``name`` with its ``options`` (validated; nothing loads yet)."""
    return _REGISTRY.resolve(name, f"{where}.backend")(options, where)


def prompt_classifier_reference(name: str, where: str = "prompt.classifiers[0]") -> str:
    """Import path (``module:Class``) of the backend registered as ``name``, for the worker process.

    BackendError when the registered object cannot be imported by path: the worker could not build it.
    """
    from guardrail.checks.worker import reference_of

    return reference_of(_REGISTRY.resolve(name, f"{where}.backend"), f"{where}.backend")
