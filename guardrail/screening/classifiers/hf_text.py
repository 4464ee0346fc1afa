"""The ``hf-text-classifier`` backend: a transformers text-classification model.

Loads with ``local_files_only=True`` from a local folder (``save_pretrained``) or a hub id already
in the local cache; nothing is downloaded. The policy maps the model's labels to categories.
"""

from __future__ import annotations

from typing import Any, Literal

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
from guardrail.errors import ModelLoadError
from guardrail.screening.classifiers.base import PromptScores

__all__ = ["HFTextClassifier", "HFTextClassifierOptions"]


class HFTextClassifierOptions(BackendOptions):
    """Options of the ``hf-text-classifier`` backend."""

    model: str = Field(
        description="Local folder (save_pretrained) or cached hub id of a text-classification model and its tokenizer."
    )
    labels: dict[str, str] = Field(
        min_length=1, description="Model label -> policy category, e.g. {'unsafe': 'unsafe'}."
    )
    activation: Literal["auto", "softmax", "sigmoid"] = Field(
        "auto", description="'auto': sigmoid for multi-label models, softmax otherwise."
    )
    max_tokens: int = Field(512, ge=8, description="Prompts are truncated to this many tokens.")


class HFTextClassifier:
    """A transformers sequence classifier with a label -> category mapping."""

    name = "hf-text-classifier"
    in_process = False  # a local model: run in a worker process that is killed at the deadline

    def __init__(self, options: dict[str, Any], where: str = "prompt.classifiers[0]") -> None:
        """Validate options; the model loads on first use."""
        self.options = parse_options(HFTextClassifierOptions, options, where)
        self.where = where

    def categories(self) -> set[str]:
        """Categories named in the label mapping."""
        return set(self.options.labels.values())

    def _load(self) -> tuple[Any, Any]:
        where = f"{self.where}.options.model"
        source, is_local = resolve_model_source(self.options.model, where)
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            model = AutoModelForSequenceClassification.from_pretrained(source, local_files_only=True)
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        except Exception as err:
            raise ModelLoadError(
                f"cannot load text classifier from {self.options.model!r}: {err}",
                where=where,
                fix=model_load_hint(is_local),
            ) from err
        model.eval()
        check_model_labels(model, self.options.labels, f"{self.where}.options.labels")
        return model, tokenizer

    def load(self) -> None:
        """Load the model and tokenizer now (cached per process)."""
        cached_model(self.name, self.options.model, self._load)

    def classify(self, text: str, timeout_s: float) -> PromptScores:
        """Score every label; a category's score is the highest score of the labels mapped to it."""
        import torch

        model, tokenizer = cached_model(self.name, self.options.model, self._load)
        inputs = tokenizer(text, return_tensors="pt", truncation=True, max_length=self.options.max_tokens)
        with torch.inference_mode():
            logits = model(**inputs).logits[0]
        probs = label_probabilities(model, logits, self.options.activation)
        scores: PromptScores = {}
        for i, p in enumerate(probs):
            category = self.options.labels.get(model.config.id2label[i])
            if category is not None:
                scores[category] = max(scores.get(category, 0.0), float(p))
        return scores
