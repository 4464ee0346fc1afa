"""The ``nudenet`` backend: the ONNX nudity detector shipped in the nudenet wheel (offline).

Detections keep their boxes (so 'blur' can cover them). Labels map to policy categories:
exposed genitalia, breasts (female), anus and buttocks -> ``sexual``; covered ones and exposed
belly, armpits, feet and male breast -> ``suggestive``; faces -> no category (kept as labels).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from pydantic import Field

from guardrail.checks.base import BackendOptions, cached_model, parse_options
from guardrail.checks.models import ClassifierOutput, Label
from guardrail.errors import ModelLoadError

__all__ = ["LABEL_CATEGORIES", "NudeNetClassifier", "NudeNetOptions"]

log = logging.getLogger(__name__)

LABEL_CATEGORIES: dict[str, str | None] = {
    "FEMALE_GENITALIA_EXPOSED": "sexual",
    "MALE_GENITALIA_EXPOSED": "sexual",
    "FEMALE_BREAST_EXPOSED": "sexual",
    "ANUS_EXPOSED": "sexual",
    "BUTTOCKS_EXPOSED": "sexual",
    "FEMALE_GENITALIA_COVERED": "suggestive",
    "FEMALE_BREAST_COVERED": "suggestive",
    "ANUS_COVERED": "suggestive",
    "BUTTOCKS_COVERED": "suggestive",
    "MALE_BREAST_EXPOSED": "suggestive",
    "BELLY_EXPOSED": "suggestive",
    "ARMPITS_EXPOSED": "suggestive",
    "FEET_EXPOSED": "suggestive",
    "BELLY_COVERED": None,
    "FEET_COVERED": None,
    "ARMPITS_COVERED": None,
    "FACE_FEMALE": None,
    "FACE_MALE": None,
}


class NudeNetOptions(BackendOptions):
    """Options of the ``nudenet`` backend."""

    model: str | None = Field(None, description="Path to a NudeNet ONNX detector; default: the 320n model in the wheel.")
    resolution: int = Field(320, ge=32, le=2048, description="Inference resolution the model was exported for.")
    min_score: float = Field(0.2, ge=0.0, le=1.0, description="Detections below this score are dropped.")


class NudeNetClassifier:
    """Nudity detector with per-region labels."""

    name = "nudenet"

    def __init__(self, options: dict[str, Any], where: str = "checks.classifiers[0]") -> None:
        """Validate options; the model loads on first use."""
        self.options = parse_options(NudeNetOptions, options, where)
        self.where = where

    def categories(self) -> set[str]:
        """Categories this backend scores: ``sexual`` and ``suggestive``."""
        return {c for c in LABEL_CATEGORIES.values() if c}

    def _load(self) -> Any:
        model = self.options.model
        if model is not None and not Path(model).expanduser().is_file():
            raise ModelLoadError(f"NudeNet model {model!r} not found", where=f"{self.where}.options.model", fix="give the path of an .onnx file")
        try:
            from nudenet import NudeDetector

            return NudeDetector(
                model_path=str(Path(model).expanduser()) if model else None,
                providers=["CPUExecutionProvider"],
                inference_resolution=self.options.resolution,
            )
        except Exception as err:  # onnxruntime raises its own types
            raise ModelLoadError(f"NudeNet detector failed to load: {err}", where=f"{self.where}.options.model") from err

    def load(self) -> None:
        """Load the ONNX session now (cached per process)."""
        self._detector()

    def _detector(self) -> Any:
        key = f"{self.options.model or 'builtin'}@{self.options.resolution}"
        return cached_model(self.name, key, self._load)

    def classify(self, image: Image.Image) -> ClassifierOutput:
        """Detect exposed/covered body parts; score each category by its best detection."""
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        detections = self._detector().detect(bgr)
        labels: list[Label] = []
        scores: dict[str, float] = {c: 0.0 for c in self.categories()}
        for det in detections:
            score = float(det["score"])
            if score < self.options.min_score:
                continue
            name = str(det["class"])
            category = LABEL_CATEGORIES.get(name)
            x, y, w, h = (int(v) for v in det["box"])
            labels.append(Label(name=name, score=round(score, 4), category=category, box=(x, y, w, h)))
            if category:
                scores[category] = max(scores[category], round(score, 4))
        labels.sort(key=lambda lab: -lab.score)
        return ClassifierOutput(labels=labels, scores=scores)
