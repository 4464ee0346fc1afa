"""Verify's evidence steps: each reads one kind of evidence and decides nothing (``decide`` does)."""

from guardrail.provenance.evidence.models import (
    C2paEvidence,
    Evidence,
    GeneratorChunk,
    MetadataEvidence,
    PixelEvidence,
    PublicWatermarkResult,
    RecoveryEvidence,
    SimilarityEvidence,
    SourceTypeDeclaration,
    WatermarkEvidence,
)

__all__ = [
    "C2paEvidence",
    "Evidence",
    "GeneratorChunk",
    "MetadataEvidence",
    "PixelEvidence",
    "PublicWatermarkResult",
    "RecoveryEvidence",
    "SimilarityEvidence",
    "SourceTypeDeclaration",
    "WatermarkEvidence",
]
