"""Classifier backends by name: an explicit dict, plus plugins from the entry-point group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guardrail.checks.base import ImageClassifier
from guardrail.registry import ENTRY_POINT_GROUP, BackendRegistry

__all__ = ["BACKENDS", "ENTRY_POINT_GROUP", "available_backends", "classifier_reference", "create_classifier"]

Factory = Callable[[dict[str, Any], str], ImageClassifier]

# name -> "module:Class" (imported on use) or a factory; backends import heavy libraries only when a
# model loads.
BACKENDS: dict[str, str | Factory] = {
    "nudenet": "guardrail.checks.nudenet:NudeNetClassifier",
    "sd-safety-checker": "guardrail.checks.sd_safety:SDSafetyChecker",
    "hf-image-classifier": "guardrail.checks.hf_classifier:HFImageClassifier",
}
_REGISTRY = BackendRegistry("classifier", BACKENDS)


def available_backends() -> list[str]:
    """Names of every classifier backend: built-in and plugins."""
    return _REGISTRY.names()


def create_classifier(name: str, options: dict[str, Any], where: str = "checks.classifiers[0]") -> ImageClassifier:
    """Build the backend registered as ``name`` with its ``options`` (validated; nothing loads yet)."""
    return _REGISTRY.resolve(name, f"{where}.backend")(options, where)


def classifier_reference(name: str, where: str = "checks.classifiers[0]") -> str:
    """Import path (``module:Class``) of the backend registered as ``name``, for the check worker process.

    BackendError when the registered object cannot be imported by path (e.g. a class defined
    inside a function): the worker could not build it.
    """
    from guardrail.checks.worker import reference_of

    return reference_of(_REGISTRY.resolve(name, f"{where}.backend"), f"{where}.backend")
