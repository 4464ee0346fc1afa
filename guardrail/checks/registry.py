"""Classifier backends by name: an explicit dict, plus plugins from the entry-point group."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from guardrail.checks.base import ImageClassifier
from guardrail.errors import BackendError

__all__ = ["BACKENDS", "available_backends", "create_classifier"]

Factory = Callable[[dict[str, Any], str], ImageClassifier]

# name -> "module:Class" (imported on use) or a factory; backends import heavy libraries only when a
# model loads.
BACKENDS: dict[str, str | Factory] = {
    "nudenet": "guardrail.checks.nudenet:NudeNetClassifier",
    "sd-safety-checker": "guardrail.checks.sd_safety:SDSafetyChecker",
    "hf-image-classifier": "guardrail.checks.hf_classifier:HFImageClassifier",
}
ENTRY_POINT_GROUP = "guardrail.backends"


def _plugins() -> dict[str, str | Factory]:
    found: dict[str, str | Factory] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name.startswith("classifier."):
            found[ep.name.removeprefix("classifier.")] = ep.value
    return found


def available_backends() -> list[str]:
    """Names of every classifier backend: built-in and plugins."""
    return sorted({**_plugins(), **BACKENDS})


def create_classifier(name: str, options: dict[str, Any], where: str = "checks.classifiers[0]") -> ImageClassifier:
    """Build the backend registered as ``name`` with its ``options`` (validated; nothing loads yet)."""
    target = BACKENDS.get(name) or _plugins().get(name)
    if target is None:
        raise BackendError(
            f"unknown classifier backend {name!r}",
            where=f"{where}.backend",
            fix=f"use one of: {', '.join(available_backends())}",
        )
    if isinstance(target, str):
        module_name, _, attr = target.partition(":")
        try:
            target = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as err:
            raise BackendError(f"backend {name!r} cannot be imported: {err}", where=f"{where}.backend") from err
    return target(options, where)
