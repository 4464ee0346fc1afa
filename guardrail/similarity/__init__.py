"""Similarity of images to protected artists' references: fingerprints, index, registry, matcher."""

from __future__ import annotations

from guardrail.similarity.fingerprint import Fingerprint, compute_fingerprint, fingerprint_distance
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.matcher import SimilarityMatcher
from guardrail.similarity.registry import Reference, ReferenceRegistry, SQLiteReferenceRegistry, SQLReferenceRegistry
from guardrail.similarity.verdict import SimilarityMatch, SimilarityVerdict

__all__ = [
    "Fingerprint",
    "HammingIndex",
    "Reference",
    "ReferenceRegistry",
    "SQLReferenceRegistry",
    "SQLiteReferenceRegistry",
    "SimilarityMatch",
    "SimilarityMatcher",
    "SimilarityVerdict",
    "compute_fingerprint",
    "fingerprint_distance",
]
