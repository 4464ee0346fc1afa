"""The ``sd-safety-checker`` backend: diffusers' StableDiffusionSafetyChecker, with its scores.

diffusers compares the CLIP image embedding with 17 concept embeddings (and 3 "special care"
ones), subtracts a per-concept threshold and blacks the image out when any margin is positive.
Here every concept's margin is kept: ``raw`` is the margin and ``score = sigmoid(margin /
scale)``, so a score of 0.5 is exactly diffusers' built-in decision and the policy sets its own
threshold. The category score is the highest concept score.

Models load with ``local_files_only=True`` from a folder written by ``save_pretrained`` or from a
hub id already in the local cache; nothing is ever downloaded.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from PIL import Image
from pydantic import Field

from guardrail.checks.base import BackendOptions, cached_model, model_load_hint, parse_options, resolve_model_source
from guardrail.checks.models import ClassifierOutput, Label
from guardrail.errors import ModelLoadError

__all__ = ["SDSafetyChecker", "SDSafetyOptions"]

log = logging.getLogger(__name__)


class SDSafetyOptions(BackendOptions):
    """Options of the ``sd-safety-checker`` backend."""

    model: str = Field(
        description="Local folder (save_pretrained) or cached hub id, e.g. 'CompVis/stable-diffusion-safety-checker'."
    )
    subfolder: str | None = Field(
        None, description="Subfolder holding the checker (e.g. 'safety_checker' in a pipeline folder)."
    )
    processor_subfolder: str | None = Field(
        None, description="Subfolder holding the CLIP image processor (e.g. 'feature_extractor'); default: 'subfolder'."
    )
    category: str = Field("sexual", description="Policy category the concept scores count towards.")
    scale: float = Field(
        0.02,
        gt=0,
        description="Margin scale of the score: score = sigmoid(margin / scale); 0.5 = diffusers' own threshold.",
    )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


class SDSafetyChecker:
    """diffusers' CLIP safety checker with graded, per-concept scores."""

    name = "sd-safety-checker"

    def __init__(self, options: dict[str, Any], where: str = "checks.classifiers[0]") -> None:
        """Validate options; the model loads on first use."""
        self.options = parse_options(SDSafetyOptions, options, where)
        self.where = where

    def categories(self) -> set[str]:
        """The one category the concepts count towards."""
        return {self.options.category}

    def _load(self) -> tuple[Any, Any]:
        where = f"{self.where}.options.model"
        source, is_local = resolve_model_source(self.options.model, where)
        try:
            from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
            from transformers import CLIPImageProcessor

            model = StableDiffusionSafetyChecker.from_pretrained(
                source, subfolder=self.options.subfolder or "", local_files_only=True
            )
            processor = CLIPImageProcessor.from_pretrained(
                source,
                subfolder=self.options.processor_subfolder or self.options.subfolder or "",
                local_files_only=True,
            )
        except Exception as err:  # transformers/diffusers raise OSError, ValueError, EnvironmentError...
            hint = model_load_hint(is_local)
            raise ModelLoadError(
                f"cannot load safety checker from {self.options.model!r}: {err}", where=where, fix=hint
            ) from err
        model.eval()
        return model, processor

    def _model(self) -> tuple[Any, Any]:
        key = f"{self.options.model}|{self.options.subfolder}|{self.options.processor_subfolder}"
        return cached_model(self.name, key, self._load)

    def load(self) -> None:
        """Load the checker and its image processor now (cached per process)."""
        self._model()

    def classify(self, image: Image.Image) -> ClassifierOutput:
        """Score every concept; the category score is the highest concept score."""
        import torch

        model, processor = self._model()
        pixels = processor(images=image.convert("RGB"), return_tensors="pt").pixel_values
        with torch.no_grad():
            pooled = model.vision_model(pixels.to(model.dtype))[1]
            embeds = torch.nn.functional.normalize(model.visual_projection(pooled), dim=-1)
            special = embeds @ torch.nn.functional.normalize(model.special_care_embeds, dim=-1).T
            concepts = embeds @ torch.nn.functional.normalize(model.concept_embeds, dim=-1).T
            special_margin = (special[0] - model.special_care_embeds_weights).float().tolist()
            concept_margin = (concepts[0] - model.concept_embeds_weights).float().tolist()
        adjustment = 0.01 if any(m > 0 for m in special_margin) else 0.0  # as diffusers does
        scale = self.options.scale
        labels = [
            Label(name=f"special_care_{i}", score=round(_sigmoid(m / scale), 4), raw=round(m, 4))
            for i, m in enumerate(special_margin)
        ]
        concept_labels = [
            Label(
                name=f"concept_{i}",
                score=round(_sigmoid((m + adjustment) / scale), 4),
                category=self.options.category,
                raw=round(m + adjustment, 4),
            )
            for i, m in enumerate(concept_margin)
        ]
        labels = sorted(concept_labels + labels, key=lambda lab: -lab.score)
        score = max((lab.score for lab in concept_labels), default=0.0)
        return ClassifierOutput(labels=labels, scores={self.options.category: score})
