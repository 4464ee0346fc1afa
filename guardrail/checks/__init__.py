"""Output image checks: safety classifiers (by backend name) and similarity to protected references.

``ImageChecker(policy).check(image)`` returns an :class:`ImageVerdict`: ``pass``, ``flag``,
``blur``, ``block`` or ``could-not-check``, with every classifier's labels, scores,
thresholds and reasons, and the nearest protected references.
"""

from __future__ import annotations

from guardrail.checks.models import CategoryScore, ClassifierOutput, ClassifierVerdict, ImageVerdict, Label
from guardrail.checks.registry import BACKENDS, available_backends, create_classifier
from guardrail.checks.runner import ImageChecker, judge
from guardrail.similarity.verdict import SimilarityMatch, SimilarityVerdict

__all__ = [
    "BACKENDS",
    "CategoryScore",
    "ClassifierOutput",
    "ClassifierVerdict",
    "ImageChecker",
    "ImageVerdict",
    "Label",
    "SimilarityMatch",
    "SimilarityVerdict",
    "available_backends",
    "create_classifier",
    "judge",
]
