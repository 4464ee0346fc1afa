"""The classifier protocol every safety backend implements, and helpers they share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from PIL import Image
from pydantic import BaseModel, ConfigDict, ValidationError

from guardrail.checks.models import ClassifierOutput
from guardrail.errors import ModelLoadError, PolicyError

__all__ = [
    "BackendOptions",
    "ImageClassifier",
    "cached_model",
    "check_model_labels",
    "label_probabilities",
    "model_load_hint",
    "parse_options",
    "resolve_model_source",
]

OptionsT = TypeVar("OptionsT", bound=BaseModel)
T = TypeVar("T")


class BackendOptions(BaseModel):
    """Base of every backend's options model (unknown keys are errors)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@runtime_checkable
class ImageClassifier(Protocol):
    """An image-safety backend: an RGB image in, labels and per-category scores out."""

    name: str

    def categories(self) -> set[str]:
        """Policy categories this backend (as configured) can score."""
        ...

    def load(self) -> None:
        """Load the model now (otherwise it loads on the first ``classify``)."""
        ...

    def classify(self, image: Image.Image) -> ClassifierOutput:
        """Return labels and per-category scores for one RGB image."""
        ...


def parse_options(model: type[OptionsT], options: dict[str, Any], where: str) -> OptionsT:
    """Validate a backend's ``options`` mapping; a bad key or value is a PolicyError at ``where``."""
    try:
        return model.model_validate(options)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PolicyError(
            first["msg"],
            key_path=f"{where}.options{'.' + loc if loc else ''}",
            fix=f"valid options: {', '.join(model.model_fields)}",
        ) from err


_CACHE: dict[tuple[str, str], Any] = {}
_CACHE_LOCK = threading.Lock()


def cached_model(backend: str, key: str, loader: Callable[[], T]) -> T:
    """Load a model once per process (per backend and source) and reuse it."""
    with _CACHE_LOCK:
        if (backend, key) not in _CACHE:
            _CACHE[(backend, key)] = loader()
        return _CACHE[(backend, key)]  # type: ignore[no-any-return]


def model_load_hint(is_local: bool) -> str:
    """How to fix a model that failed to load from a local folder or the local hub cache."""
    if is_local:
        return "check the folder holds config.json, weights and preprocessor_config.json"
    return (
        "hub ids must already be in the local Hugging Face cache (nothing is downloaded); "
        "download it once or give a local folder"
    )


def resolve_model_source(model: str, where: str) -> tuple[str, bool]:
    """Return (source, is_local) for a model given as a local folder or a hub id.

    An existing folder, or a name that can only be a path (:func:`guardrail.model_source.looks_like_path`:
    ``./x``, ``/x``, ``~/x``, ``a/b/c``), must be a folder; anything else is a hub id that must
    already be in the local cache (no download is attempted).
    """
    from guardrail.model_source import looks_like_path

    expanded = Path(model).expanduser()
    looks_local = expanded.exists() or looks_like_path(model)
    if looks_local:
        if not expanded.is_dir():
            raise ModelLoadError(
                f"model folder {model!r} does not exist",
                where=where,
                fix="point 'options.model' at a folder written by save_pretrained, or a cached hub id",
            )
        return str(expanded), True
    return model, False


def check_model_labels(model: Any, labels: dict[str, str], key_path: str) -> None:
    """Refuse a label mapping that names labels the transformers ``model`` does not output."""
    known = set(model.config.id2label.values())
    unknown = sorted(set(labels) - known)
    if unknown:
        raise PolicyError(
            f"labels {unknown} are not outputs of the model",
            key_path=key_path,
            fix=f"the model's labels are: {', '.join(sorted(known))}",
        )


def label_probabilities(model: Any, logits: Any, activation: str) -> list[float]:
    """One probability per model label: sigmoid for multi-label models (or when asked), else softmax."""
    import torch

    if activation == "auto":
        activation = "sigmoid" if model.config.problem_type == "multi_label_classification" else "softmax"
    return (torch.sigmoid(logits) if activation == "sigmoid" else torch.softmax(logits, dim=-1)).tolist()
