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

    model: str | None = Field(
        None, description="Path to a NudeNet ONNX detector; default: the 320n model in the wheel."
    )
    resolution: int = Field(320, ge=32, le=2048, description="Inference resolution the model was exported for.")
    min_score: float = Field(0.2, ge=0.0, le=1.0, description="Detections below this score are dropped.")
    threads: int = Field(
        2,
        ge=0,
        le=64,
        description="onnxruntime intra-op threads; 0 = onnxruntime's default (one per core). 2 without spinning was "
        "fastest on a busy 2-core machine, alone and with checks in parallel threads sharing the session "
        "(benchmarks/classifier_bench.py).",
    )
    spin: bool = Field(
        False,
        description=(
            "Let idle onnxruntime worker threads spin-wait (only matters with threads != 1); off avoids burning CPU "
            "other work needs."
        ),
    )


class NudeNetClassifier:
    """Nudity detector with per-region labels."""

    name = "nudenet"
    label_categories: dict[str, str | None] = LABEL_CATEGORIES  # a subclass may map labels differently

    def __init__(self, options: dict[str, Any], where: str = "checks.classifiers[0]") -> None:
        """Validate options; the model loads on first use."""
        self.options = parse_options(NudeNetOptions, options, where)
        self.where = where

    def categories(self) -> set[str]:
        """Categories this backend scores: ``sexual`` and ``suggestive``."""
        return {c for c in self.label_categories.values() if c}

    def _load(self) -> Any:
        model = self.options.model
        if model is not None and not Path(model).expanduser().is_file():
            raise ModelLoadError(
                f"NudeNet model {model!r} not found",
                where=f"{self.where}.options.model",
                fix="give the path of an .onnx file",
            )
        try:
            import nudenet.nudenet as nudenet_module
            import onnxruntime

            path = Path(model).expanduser() if model else Path(nudenet_module.__file__).parent / "320n.onnx"
            opts = onnxruntime.SessionOptions()
            opts.intra_op_num_threads = self.options.threads
            opts.inter_op_num_threads = 1
            opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if self.options.spin else "0")
            session = onnxruntime.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
            # NudeDetector's constructor takes no session options: build it around our session (its
            # detect() only reads these four attributes; the model is still the wheel's 320n.onnx).
            detector = nudenet_module.NudeDetector.__new__(nudenet_module.NudeDetector)
            detector.onnx_session = session
            detector.input_width = detector.input_height = self.options.resolution
            detector.input_name = session.get_inputs()[0].name
            return detector
        except Exception as err:  # onnxruntime raises its own types
            raise ModelLoadError(
                f"NudeNet detector failed to load: {err}", where=f"{self.where}.options.model"
            ) from err

    def load(self) -> None:
        """Load the ONNX session now (cached per process)."""
        self._detector()

    def _detector(self) -> Any:
        key = (
            f"{self.options.model or 'builtin'}@{self.options.resolution}"
            f"/t{self.options.threads}/spin{int(self.options.spin)}"
        )
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
            category = self.label_categories.get(name)
            x, y, w, h = (int(v) for v in det["box"])
            labels.append(Label(name=name, score=round(score, 4), category=category, box=(x, y, w, h)))
            if category:
                scores[category] = max(scores[category], round(score, 4))
        labels.sort(key=lambda lab: -lab.score)
        return ClassifierOutput(labels=labels, scores=scores)
