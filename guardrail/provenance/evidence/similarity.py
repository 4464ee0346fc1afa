"""Fingerprint evidence: the closest stored release by content (a match of content, not proof)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from guardrail.policy.schema import SimilaritySection
from guardrail.provenance.evidence.models import SimilarityEvidence
from guardrail.provenance.store import ManifestRecord, ManifestStore
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND, Fingerprint
from guardrail.similarity.hamming import hamming_distance

__all__ = [
    "RECOVERY_SEARCH_RADIUS",
    "VERIFY_MAX_DISTANCE",
    "FingerprintMatch",
    "match_fingerprint",
    "similarity_evidence",
]

# verify's recovery bound, not a match threshold: the 64-bit radius within which the manifest
# store's index returns candidates for a stripped image (unrelated photos sit at 25-40 bits). A
# candidate is then accepted or rejected on its 256-bit verification code (below). Distinct from
# the similarity check's ``checks.similarity.threshold`` (8 bits, the distance at which an image
# counts as a near-copy of a protected reference and the check's action applies).
RECOVERY_SEARCH_RADIUS = 10
# A candidate is accepted only when the 256-bit dct256-v1 verification codes (closest pair of query
# variant and stored variant) are within this many bits: the similarity check's default
# (SimilaritySection.verify_threshold, chosen on a 3000x3000 synthetic registry; docs/checks.md).
VERIFY_MAX_DISTANCE: int = SimilaritySection.model_fields["verify_threshold"].default


class FingerprintMatch(BaseModel):
    """The outcome of a fingerprint search: the accepted record (or None) and why others were rejected."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    record: ManifestRecord | None = Field(None, description="The stored release the image was matched to.")
    distance: int | None = Field(None, description="64-bit distance of the match.")
    verify_distance: int | None = Field(
        None, description="256-bit verification distance (None for a legacy exact match)."
    )
    rejected: list[str] = Field(
        default_factory=list, description="Candidates found by the index but not accepted, and why."
    )


def match_fingerprint(
    codes: Sequence[Fingerprint],
    store: ManifestStore,
    *,
    max_distance: int = RECOVERY_SEARCH_RADIUS,
    verify_threshold: int = VERIFY_MAX_DISTANCE,
) -> FingerprintMatch:
    """Find the stored release ``codes`` (``query_variants(img, verification=True)``) look like.

    The 64-bit codes of every query variant find candidates within ``max_distance`` bits; a
    candidate is accepted only if its 256-bit verification codes are within ``verify_threshold``
    bits of the query's (closest pair of query and stored variants). A record stored without
    verification codes is accepted only on an exact 64-bit match of the canonical codes.
    """
    index_codes = [f for f in codes if f.kind == FINGERPRINT_KIND]
    verify_codes = [f.code for f in codes if f.kind == VERIFY_KIND]
    canonical = index_codes[0].hex
    rejected: list[str] = []
    best: tuple[int, int, ManifestRecord] | None = None  # (verify distance, 64-bit distance, record)
    for record, distance in store.candidates([f.code for f in index_codes], max_distance):
        if not record.verification_codes:
            if record.fingerprint == canonical:
                return FingerprintMatch(record=record, distance=0, rejected=rejected)
            rejected.append(
                f"stored release {record.watermark_id} is {distance} bits away but has no verification codes "
                "(only an exact match recovers it)"
            )
            continue
        stored = [bytes.fromhex(h) for h in record.verification_codes]
        vd = min(hamming_distance(q, r) for q in verify_codes for r in stored)
        if vd > verify_threshold:
            rejected.append(
                f"stored release {record.watermark_id} is {distance} bits away on the 64-bit code but "
                f"{vd} > {verify_threshold} bits on the 256-bit verification code"
            )
            continue
        # Ties (the same picture released more than once) go to the lowest watermark id, so the
        # answer does not depend on the index's candidate order.
        if best is None or (vd, distance, record.watermark_id) < (best[0], best[1], best[2].watermark_id):
            best = (vd, distance, record)
    if best is None:
        return FingerprintMatch(rejected=rejected)
    return FingerprintMatch(record=best[2], distance=best[1], verify_distance=best[0], rejected=rejected)


def similarity_evidence(
    codes: Sequence[Fingerprint], store: ManifestStore, *, anchors: str | None = None
) -> SimilarityEvidence:
    """The fingerprint match as evidence.

    With ``anchors`` (verify), the matched record is re-validated like a watermark-led recovery and
    the match must also hold against the codes *signed* in its manifest (when it has them): the
    store's codes and manifest row are unsigned, and an edited row must not make any picture
    "similar" to a release or report a manifest nobody signed. The manifest reported is the signed one.
    """
    match = match_fingerprint(codes, store)
    record = match.record
    if record is None:
        return SimilarityEvidence(rejected=match.rejected)
    manifest: dict | None = record.manifest
    revalidated: bool | None = None
    if anchors is not None and not record.manifest_bytes:  # a row stored without its signed manifest: nothing to check
        manifest, revalidated = None, False
    elif anchors is not None:
        from guardrail.provenance.evidence.recovery import (
            revalidate_record,
            signed_code_distances,
        )

        signed, _signer, _trusted, problems = revalidate_record(record, anchors=anchors)
        d64, d256 = signed_code_distances(signed or {}, codes)
        if (
            not problems
            and d256 is not None
            and (d64 is None or d64 > RECOVERY_SEARCH_RADIUS or d256 > VERIFY_MAX_DISTANCE)
        ):
            problems = [
                (
                    f"the store's codes match but the codes signed in its manifest do not ({d64} of 64, {d256} of 256 "
                    "bits): the row was edited"
                )
            ]
        if problems:
            why = (
                f"stored release {record.watermark_id} matches by content but its record failed re-validation: "
                + "; ".join(problems)
            )
            return SimilarityEvidence(rejected=[*match.rejected, why])
        manifest, revalidated = signed, True
    return SimilarityEvidence(
        watermark_id=record.watermark_id,
        distance=match.distance,
        verify_distance=match.verify_distance,
        released=record.created,
        manifest=manifest,
        revalidated=revalidated,
        rejected=match.rejected,
    )
