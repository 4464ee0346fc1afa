"""What the similarity check returns: the nearest protected references and the decision."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.outcomes import CheckAction

__all__ = ["SimilarityMatch", "SimilarityVerdict"]


class SimilarityMatch(BaseModel):
    """One registered reference close to the checked image."""

    model_config = ConfigDict(frozen=True)

    reference_id: int = Field(description="Id of the reference in the registry.")
    artist: str = Field(description="Artist the reference protects.")
    source: str = Field(description="Path the reference was registered from.")
    distance: int = Field(description="Fingerprint distance in bits (lower is closer).")
    threshold: int = Field(description="Threshold in force for this artist (match when distance <= threshold).")
    matched: bool = Field(description="Whether distance <= threshold.")
    query_variant: str = Field(description="Which variant of the checked image matched: canonical or mirror.")
    reference_variant: str = Field(description="Which stored code of the reference matched: canonical, crop90, ...")
    verify_distance: int | None = Field(
        None,
        description="Distance in bits between the 256-bit verification codes (closest pair of query and stored "
        "variants), computed when the 64-bit distance is within the threshold (None otherwise, or for a reference "
        "registered before verification codes existed).",
    )
    verify_threshold: int = Field(
        256, description="Verification threshold in force (match needs verify_distance <= it)."
    )
    verified: bool | None = Field(
        None,
        description=(
            "True/False: the verification code confirmed/rejected the index match; None: not verified (see "
            "verify_distance)."
        ),
    )


class SimilarityVerdict(BaseModel):
    """Result of comparing one image with the reference registry."""

    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "error"] = Field(
        description="'ok' when the check ran; 'error' when it could not (never safe)."
    )
    action: CheckAction = Field(
        description="What the similarity check asks for; could-not-check when it could not run."
    )
    matches: list[SimilarityMatch] = Field(
        default_factory=list, description="Nearest references, closest first (top_k)."
    )
    threshold: int = Field(description="Global threshold in bits.")
    fingerprint_kind: str = Field(description="Fingerprint algorithm compared.")
    references: int = Field(0, description="How many references the registry held.")
    reasons: list[str] = Field(default_factory=list, description="Why the action was chosen.")
    error: str | None = Field(None, description="What failed when status is 'error'.")
