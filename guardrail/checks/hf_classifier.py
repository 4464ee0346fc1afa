"""The ``hf-image-classifier`` backend: any transformers image-classification model.

The policy maps the model's labels to categories (``options.labels``); unmapped labels are kept
in the verdict for information. Scores are softmax probabilities (or sigmoids for multi-label
models). Models load with ``local_files_only=True``: a local folder or a cached hub id.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from PIL import Image
from pydantic import Field

from guardrail.checks.base import (
    BackendOptions,
    cached_model,
    check_model_labels,
    label_probabilities,
    model_load_hint,
    parse_options,
    resolve_model_source,
)
from guardrail.checks.models import ClassifierOutput, Label
from guardrail.errors import ModelLoadError

__all__ = ["HFImageClassifier", "HFImageClassifierOptions"]

log = logging.getLogger(__name__)


class HFImageClassifierOptions(BackendOptions):
    """Options of the ``hf-image-classifier`` backend."""

    model: str = Field(description="Local folder (save_pretrained) or cached hub id of an image-classification model.")
    labels: dict[str, str] = Field(min_length=1, description="Model label -> policy category, e.g. {'nsfw': 'sexual'}.")
    subfolder: str | None = Field(None, description="Subfolder holding the model and its image processor.")
    activation: Literal["auto", "softmax", "sigmoid"] = Field(
        "auto", description="'auto': sigmoid for multi-label models, softmax otherwise."
    )


class HFImageClassifier:
    """A transformers image classifier with a label -> category mapping."""

    name = "hf-image-classifier"

    def __init__(self, options: dict[str, Any], where: str = "checks.classifiers[0]") -> None:
        """Validate options; the model loads on first use."""
        self.options = parse_options(HFImageClassifierOptions, options, where)
        self.where = where

    def categories(self) -> set[str]:
        """Categories named in the label mapping."""
        return set(self.options.labels.values())

    def _load(self) -> tuple[Any, Any]:
        where = f"{self.where}.options.model"
        source, is_local = resolve_model_source(self.options.model, where)
        try:
            from transformers import AutoImageProcessor, AutoModelForImageClassification

            model = AutoModelForImageClassification.from_pretrained(
                source, subfolder=self.options.subfolder or "", local_files_only=True
            )
            processor = AutoImageProcessor.from_pretrained(
                source, subfolder=self.options.subfolder or "", local_files_only=True
            )
        except Exception as err:
            hint = model_load_hint(is_local)
            raise ModelLoadError(
                f"cannot load image classifier from {self.options.model!r}: {err}", where=where, fix=hint
            ) from err
        model.eval()
        return model, processor

    def _model(self) -> tuple[Any, Any]:
        model, processor = cached_model(self.name, f"{self.options.model}|{self.options.subfolder}", self._load)
        check_model_labels(model, self.options.labels, f"{self.where}.options.labels")
        return model, processor

    def load(self) -> None:
        """Load the model and its image processor now (cached per process)."""
        self._model()

    def classify(self, image: Image.Image) -> ClassifierOutput:
        """Score every label; a category's score is the highest score of the labels mapped to it."""
        import torch

        model, processor = self._model()
        inputs = processor(images=image.convert("RGB"), return_tensors="pt")
        with torch.no_grad():
            logits = model(**inputs).logits[0].float()
        probs = label_probabilities(model, logits, self.options.activation)
        labels: list[Label] = []
        scores = {c: 0.0 for c in self.categories()}
        for idx, prob in enumerate(probs):
            name = model.config.id2label[idx]
            category = self.options.labels.get(name)
            labels.append(Label(name=name, score=round(prob, 4), category=category))
            if category:
                scores[category] = max(scores[category], round(prob, 4))
        labels.sort(key=lambda lab: -lab.score)
        return ClassifierOutput(labels=labels, scores=scores)
