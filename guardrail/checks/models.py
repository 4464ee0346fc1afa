"""Verdict models of the image checks: what each classifier saw and what the policy decided."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.outcomes import CheckAction, strongest_check_action
from guardrail.policy.schema import PolicyRef
from guardrail.similarity.verdict import SimilarityVerdict

__all__ = [
    "CategoryScore",
    "ClassifierOutput",
    "ClassifierVerdict",
    "ImageVerdict",
    "Label",
    "VerdictAction",
    "strongest",
]

# The words and their order live in guardrail.outcomes (one vocabulary for every module).
VerdictAction = CheckAction
strongest = strongest_check_action


class Label(BaseModel):
    """One raw output of a backend: a detection (with a box) or a class score."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Backend label, e.g. 'FEMALE_BREAST_EXPOSED' or 'concept_3'.")
    score: float = Field(description="Confidence in [0, 1].")
    category: str | None = Field(
        None, description="Policy category the label maps to (None: kept for information only)."
    )
    box: tuple[int, int, int, int] | None = Field(
        None, description="Region as (x, y, width, height) in pixels, for detectors."
    )
    raw: float | None = Field(
        None, description="Backend-native value before mapping to [0, 1] (e.g. the safety checker's margin)."
    )


class ClassifierOutput(BaseModel):
    """What a backend returns for one image, before the policy judges it."""

    labels: list[Label] = Field(default_factory=list, description="Raw labels with scores and boxes.")
    scores: dict[str, float] = Field(
        default_factory=dict, description="Per-category score: the highest label score mapped to it."
    )


class CategoryScore(BaseModel):
    """One policy category judged against its threshold."""

    model_config = ConfigDict(frozen=True)

    category: str = Field(description="Policy category.")
    score: float = Field(description="Highest score among the labels mapped to it (0 when none).")
    threshold: float = Field(description="Threshold from the policy.")
    action: str = Field(description="Action from the policy when triggered.")
    triggered: bool = Field(description="score >= threshold.")


class ClassifierVerdict(BaseModel):
    """One classifier's judgement of one image."""

    model_config = ConfigDict(frozen=True)

    backend: str = Field(description="Backend name.")
    status: Literal["ok", "error"] = Field(
        description="'error' when the backend failed, crashed, timed out or is missing."
    )
    action: VerdictAction = Field(
        description="Strongest action of the triggered categories; 'could-not-check' on error."
    )
    labels: list[Label] = Field(default_factory=list, description="Raw labels with scores and boxes.")
    scores: dict[str, float] = Field(default_factory=dict, description="Per-category scores.")
    categories: list[CategoryScore] = Field(
        default_factory=list, description="Each configured category with its threshold and outcome."
    )
    reasons: list[str] = Field(default_factory=list, description="Human-readable reasons for the action.")
    error: str | None = Field(None, description="What failed when status is 'error'.")
    elapsed_ms: float = Field(0.0, description="Time the backend took.")


class ImageVerdict(BaseModel):
    """The combined judgement of one image: classifiers and similarity under one policy."""

    model_config = ConfigDict(frozen=True)

    action: VerdictAction = Field(
        description="pass, flag, blur, block, or could-not-check (a check could not run: never safe)."
    )
    classifiers: list[ClassifierVerdict] = Field(
        default_factory=list, description="One verdict per configured classifier."
    )
    similarity: SimilarityVerdict | None = Field(
        None, description="Similarity to protected references (None when disabled)."
    )
    reasons: list[str] = Field(default_factory=list, description="Why the action was chosen.")
    policy: PolicyRef = Field(description="The policy the image was judged under.")

    @property
    def blur_whole_image(self) -> bool:
        """True when a 'blur' was triggered that no box locates: similarity, or a category without boxed labels.

        Classifiers that score the whole image (hf-image-classifier, sd-safety-checker) never give
        boxes, so their 'blur' must cover everything rather than nothing.
        """
        if self.similarity is not None and self.similarity.action == "blur":
            return True
        for verdict in self.classifiers:
            threshold = {c.category: c.threshold for c in verdict.categories}
            for cat in (c.category for c in verdict.categories if c.triggered and c.action == "blur"):
                if not any(lab.box and lab.category == cat and lab.score >= threshold[cat] for lab in verdict.labels):
                    return True
        return False

    @property
    def blur_boxes(self) -> list[tuple[int, int, int, int]]:
        """Boxes of labels whose category triggered a 'blur' action."""
        boxes: list[tuple[int, int, int, int]] = []
        for verdict in self.classifiers:
            blur_cats = {c.category for c in verdict.categories if c.triggered and c.action == "blur"}
            threshold = {c.category: c.threshold for c in verdict.categories}
            for label in verdict.labels:
                if label.box and label.category in blur_cats and label.score >= threshold[label.category]:
                    boxes.append(label.box)
        return boxes
