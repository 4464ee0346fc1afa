"""Typed evidence the verify steps gather. Evidence decides nothing: ``decide`` does."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.source_types import SourceTypeClass
from guardrail.provenance.verdicts import TrustStatus
from guardrail.provenance.watermark.detect import WatermarkResult

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

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SourceTypeDeclaration(BaseModel):
    """One IPTC digital source type found in the file, and where."""

    model_config = _FROZEN

    source_type: str = Field(description="The value as found (URI in either spelling, or a bare term).")
    term: str = Field(description="The bare IPTC term, e.g. trainedAlgorithmicMedia.")
    kind: SourceTypeClass = Field(description="ai-generated, ai-composite, not-ai or unknown.")
    where: str = Field(
        description=(
            "Where it was found: 'active manifest', 'ingredient 1 (title)', 'ingredient 1 > ingredient 2', 'XMP "
            "metadata'."
        )
    )
    action: str | None = Field(
        None, description="The C2PA action that carries it (c2pa.created, c2pa.edited, ...), if any."
    )
    signed: bool = Field(description="True when it comes from a manifest whose signature validated.")


class C2paEvidence(BaseModel):
    """What the C2PA manifest in the file says (state None when the file carries none)."""

    model_config = _FROZEN

    state: Literal["Trusted", "Valid", "Invalid", "Unreadable"] | None = Field(
        description=(
            "c2pa's validation state; Unreadable when c2pa could not validate it; None when there is no manifest."
        )
    )
    trust: TrustStatus = Field(
        "unsigned",
        description=(
            "trusted (chains to an anchor you gave), untrusted (valid, signer not in the trust list) or unsigned."
        ),
    )
    trusted: bool = Field(False, description="Shorthand for trust == 'trusted'.")
    signer: str | None = Field(None, description="Who signed (certificate common name, issuer).")
    signed_time: str | None = Field(None, description="Signing time if a timestamp authority was used.")
    claim_generator: str | None = Field(
        None, description="The tool that wrote the manifest (claim generator name and version)."
    )
    model: str | None = Field(None, description="Generator model id named in guardrail's own assertion, if any.")
    declarations: list[SourceTypeDeclaration] = Field(
        default_factory=list, description="Every digital source type in the active manifest and its ingredient chain."
    )
    declares_ai: bool = Field(False, description="The active manifest or an ingredient declares an AI source type.")
    ingredients: int = Field(0, description="Ingredients in the chain (all depths).")
    ingredient_failures: list[str] = Field(
        default_factory=list,
        description=(
            "Ingredients whose own manifest failed validation when they were added (where: codes); their "
            "declarations are not counted as signed."
        ),
    )
    failures: list[str] = Field(
        default_factory=list,
        description="Failed validation checks (an untrusted signer is reported under trust, not here).",
    )
    failure_codes: list[str] = Field(default_factory=list, description="The failed codes alone.")
    failure_kind: Literal["tampered", "signer-expired"] | None = Field(
        None, description="tampered or signer-expired when the state is Invalid."
    )
    unreadable: str | None = Field(None, description="c2pa's reason when the manifest could not be validated.")
    remote_url: str | None = Field(
        None, description="Where the file points for its manifest (not fetched unless --allow-network)."
    )


class GeneratorChunk(BaseModel):
    """An unsigned generator record (AUTOMATIC1111 ``parameters``, ComfyUI ``prompt``/``workflow``)."""

    model_config = _FROZEN

    generator: Literal["AUTOMATIC1111", "ComfyUI"] = Field(description="The tool whose record format it is.")
    key: str = Field(
        description="Where it was found: the PNG text chunk (parameters, prompt, workflow) or 'EXIF UserComment'."
    )
    model: str | None = Field(None, description="Model or checkpoint the record names, if any.")
    excerpt: str = Field(description="The first characters of the record.")


class MetadataEvidence(BaseModel):
    """Unsigned metadata that speaks about AI: easy to forge or strip."""

    model_config = _FROZEN

    declarations: list[SourceTypeDeclaration] = Field(
        default_factory=list, description="XMP Iptc4xmpExt:DigitalSourceType values."
    )
    generators: list[GeneratorChunk] = Field(default_factory=list, description="Generator chunks found.")


class PixelEvidence(BaseModel):
    """Whether the pixels could be decoded for watermark and fingerprint evidence."""

    model_config = _FROZEN

    decoded: bool = Field(description="True when the pixels were decoded.")
    width: int | None = Field(None, description="Width in pixels, when decoded.")
    height: int | None = Field(None, description="Height in pixels, when decoded.")
    reason: str | None = Field(None, description="Why not, when they were not decoded.")
    orientation_ignored: int | None = Field(
        None,
        description=(
            "EXIF orientation tag set aside: the watermark was read from the pixels as stored, not as displayed."
        ),
    )


class PublicWatermarkResult(BaseModel):
    """A public AI watermark detector's read (e.g. Stable Diffusion XL's dwtDct message)."""

    model_config = _FROZEN

    detector: str = Field(description="Detector name (registry key).")
    detected: bool = Field(description="At least ``threshold`` bits agreed with the known message.")
    agreement: int = Field(description="Bits agreeing with the known message (the better of the two polarities).")
    bits: int = Field(description="Message length in bits.")
    threshold: int = Field(description="Agreeing bits needed, chosen on unmarked images (calibration half).")
    tries: int = Field(description="Reads made (polarities); all count in the false-positive rate.")
    fpr: float = Field(
        description="False-positive rate measured on held-out unmarked images for this detector at this threshold."
    )


class WatermarkEvidence(BaseModel):
    """Every watermark read made on the image: ours (each backend) and the public detectors."""

    model_config = _FROZEN

    detected: bool = Field(description="Our watermark decoded (payload check passed, or a stored 32-bit tag matched).")
    backend: str | None = Field(None, description="Our backend that decoded it (the last one tried when none did).")
    watermark_id: str | None = Field(None, description="The decoded release id (16 hex digits).")
    tag: str | None = Field(None, description="For 32-bit backends: the tag read.")
    bit_errors: int | None = Field(None, description="Bits the error-correcting code fixed.")
    reads: list[WatermarkResult] = Field(default_factory=list, description="Each of our backends' reads, in order.")
    public: list[PublicWatermarkResult] = Field(default_factory=list, description="Each public detector's read.")
    tries: int = Field(0, description="All decoding attempts made on this image, every backend and detector.")
    fpr: float = Field(
        0.0,
        description="False-positive bound covering every read made on this image, ours and public (sum over reads).",
    )
    ours_tries: int = Field(0, description="Decoding attempts of our readers alone (every backend tried).")
    ours_fpr: float = Field(
        0.0, description="False-positive bound of our readers alone, over every backend and try (sum)."
    )
    skipped: str | None = Field(None, description="Why no watermark was read (pixels not decoded), if so.")


class RecoveryEvidence(BaseModel):
    """Our watermark's id looked up in the store, re-validated, and compared with the pixels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    watermark_id: str = Field(description="The release id the watermark carries.")
    record_found: bool = Field(description="The store holds a record for it.")
    revalidated: bool = Field(False, description="The stored manifest's signature and hashes checked out.")
    problems: list[str] = Field(default_factory=list, description="What failed re-validation, in plain words.")
    content_distance: int | None = Field(
        None,
        description="Bits (of 64) between these pixels and the release's signed fingerprint (closest query variant).",
    )
    content_bound: int = Field(description="Largest content distance accepted (measured; docs/verify.md).")
    content_matches: bool = Field(False, description="content_distance <= content_bound.")
    crop_distance: int | None = Field(
        None, description="Bits (of 64) between these pixels and the closest of the release's signed crop codes."
    )
    crop_verify_distance: int | None = Field(
        None, description="Bits between the 256-bit codes of these pixels and the release's signed ones (closest pair)."
    )
    crop_matches: bool = Field(
        False,
        description=(
            "A crop of the release by its signed codes: crop_distance and crop_verify_distance within the "
            "fingerprint search's bounds."
        ),
    )
    released: dt.datetime | None = Field(None, description="When the release was stored.")
    signer: str | None = Field(None, description="Signer of the stored manifest.")
    signer_trusted: bool = Field(False, description="The stored manifest's signer chains to a trust anchor.")
    manifest: dict[str, Any] | None = Field(None, description="The signed manifest of the release (as re-validated).")


class SimilarityEvidence(BaseModel):
    """The closest stored release by fingerprint alone: a match of content, not proof of release."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    watermark_id: str | None = Field(None, description="The stored release matched, if any.")
    distance: int | None = Field(None, description="64-bit distance of the match.")
    verify_distance: int | None = Field(
        None, description="256-bit verification distance (None for a legacy exact match)."
    )
    released: dt.datetime | None = Field(None, description="When the matched release was stored.")
    manifest: dict[str, Any] | None = Field(
        None,
        description="The signed manifest of the matched release, as re-validated (None for a row stored without one).",
    )
    revalidated: bool | None = Field(
        None,
        description=(
            "True when the matched record re-validated; False for a row stored without a signed manifest "
            "(unverified); None when not checked."
        ),
    )
    rejected: list[str] = Field(
        default_factory=list, description="Candidates the index found but verification rejected, and why."
    )


class Evidence(BaseModel):
    """All evidence about one image; ``decide`` turns it into one verdict."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(description="The file checked (or '<N bytes>').")
    format: str = Field(description="Container format as sniffed: png, jpeg, webp, avif, heic, heif, gif, tiff or dng.")
    pixels: PixelEvidence = Field(description="Whether the pixels were decoded.")
    c2pa: C2paEvidence = Field(description="The file's C2PA manifest.")
    metadata: MetadataEvidence = Field(description="Unsigned metadata about AI.")
    watermark: WatermarkEvidence = Field(description="Every watermark read.")
    recovery: RecoveryEvidence | None = Field(None, description="Store lookup led by our watermark, when it decoded.")
    similarity: SimilarityEvidence = Field(description="Fingerprint match against the store.")
    fingerprint: str | None = Field(None, description="Fingerprint (hex) of the pixels, when decoded.")
