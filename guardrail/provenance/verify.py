"""Verify any image: a signed manifest first, then the watermark, then the fingerprint.

Verdicts: ``ai-generated`` (a valid manifest declares AI generation), ``ai-generated-recovered``
(no manifest, but the watermark or the fingerprint led to a stored manifest), ``tampered`` (a
manifest is present but fails validation), ``signer-expired`` (the content and claim hashes
check out but the signing certificate has expired and no timestamp proves it was signed in
time: not evidence of tampering, but not a valid signature either), ``no-provenance`` (nothing
found; this never claims the image is human-made).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import ImageInputError
from guardrail.formats import signable_by_pil
from guardrail.policy.schema import SimilaritySection, WatermarkConfig
from guardrail.provenance.c2pa_io import read_c2pa
from guardrail.provenance.manifest import declares_ai, generation_assertion
from guardrail.provenance.store import ManifestRecord, ManifestStore, default_store
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND, Fingerprint, query_variants
from guardrail.similarity.hamming import hamming_distance
from guardrail.provenance.watermark import get_backend
from guardrail.provenance.watermark.detect import WatermarkResult, detect_watermark

__all__ = ["C2paEvidence", "DEFAULT_READ_BACKENDS", "FINGERPRINT_MAX_DISTANCE", "VERIFY_MAX_DISTANCE", "ProvenanceReport", "Verdict", "failure_kind", "match_fingerprint", "verify_image"]

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

Verdict = Literal["ai-generated", "ai-generated-recovered", "tampered", "signer-expired", "no-provenance"]
FailureKind = Literal["tampered", "signer-expired"]
# Failures that only say the signer's certificate is out of date. c2pa reports an expired leaf as
# both ``expired`` and ``untrusted`` (the chain no longer validates); anything else fails closed.
_EXPIRY_CODES = frozenset({"signingCredential.expired"})
_EXPIRY_COMPANIONS = frozenset({"signingCredential.untrusted"})
FINGERPRINT_MAX_DISTANCE = 10  # of 64 bits: the index's candidate radius (unrelated photos sit at 25-40)
# A candidate is accepted only when the 256-bit dct256-v1 verification codes (closest pair of query
# variant and stored variant) are within this many bits: the similarity check's default
# (SimilaritySection.verify_threshold, chosen on a 3000x3000 synthetic registry; docs/checks.md).
VERIFY_MAX_DISTANCE: int = SimilaritySection.model_fields["verify_threshold"].default
DEFAULT_READ_BACKENDS: tuple[str, ...] = ("dwtDctSvdPlus", "dwtDctSvd")


class C2paEvidence(BaseModel):
    """What the embedded C2PA manifest says."""

    model_config = ConfigDict(frozen=True)

    state: Literal["Trusted", "Valid", "Invalid"] | None = Field(description="Validation state, None when no manifest.")
    trusted: bool = Field(False, description="The signer chains to a trust anchor (our root or --trust).")
    signer: str | None = Field(None, description="Who signed (certificate common name, issuer).")
    signed_time: str | None = Field(None, description="Signing time if a timestamp authority was used.")
    model: str | None = Field(None, description="Generator model id named in the manifest.")
    declares_ai: bool = Field(False, description="A c2pa.created action with digitalSourceType trainedAlgorithmicMedia.")
    failures: list[str] = Field(default_factory=list, description="Failed validation checks.")
    failure_kind: FailureKind | None = Field(None, description="tampered or signer-expired when the state is Invalid.")


class ProvenanceReport(BaseModel):
    """One verdict with its evidence."""

    model_config = ConfigDict(frozen=True)

    source: str = Field(description="The file checked (or '<N bytes>').")
    format: str = Field(description="png, jpeg or webp.")
    verdict: Verdict = Field(description="ai-generated, ai-generated-recovered, tampered, signer-expired or no-provenance.")
    reasons: list[str] = Field(default_factory=list, description="Why, in plain words.")
    c2pa: C2paEvidence = Field(description="Embedded manifest evidence (state None when there is none).")
    watermark: WatermarkResult = Field(description="Watermark evidence.")
    recovered_by: Literal["watermark", "fingerprint"] | None = Field(None, description="Which evidence found the stored manifest.")
    fingerprint: str | None = Field(None, description="Fingerprint (hex) of the checked pixels.")
    fingerprint_distance: int | None = Field(None, description="Bits from the matched stored fingerprint.")
    fingerprint_threshold: int = Field(FINGERPRINT_MAX_DISTANCE, description="Largest 64-bit distance searched for candidates.")
    verify_distance: int | None = Field(None, description="Bits between the 256-bit verification codes of the accepted match.")
    verify_threshold: int = Field(VERIFY_MAX_DISTANCE, description="Largest verification distance accepted.")
    manifest: dict[str, Any] | None = Field(None, description="The embedded or recovered manifest data.")


def _read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), f"<{len(source)} bytes>"
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError as err:
        raise ImageInputError("no such file", where=str(path), fix="check the path") from err
    except OSError as err:
        raise ImageInputError(f"cannot read file: {err.strerror}", where=str(path), fix="check the path") from err


def _sniff_format(data: bytes, where: str) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            name = img.format or ""
    except UnidentifiedImageError as err:
        raise ImageInputError("not an image (unrecognised format)", where=where, fix="pass a PNG, JPEG or WebP file") from err
    except Exception as err:  # PIL raises many types for garbage headers
        raise ImageInputError(f"unreadable image header: {err}", where=where, fix="pass a PNG, JPEG or WebP file") from err
    found = signable_by_pil(name)
    if found is None:
        raise ImageInputError(f"unsupported image format {name or 'unknown'}", where=where,
                              fix="verify PNG, JPEG or WebP files")
    return found.name


def verify_image(
    source: str | Path | bytes,
    *,
    trust: list[Path] | None = None,
    store: ManifestStore | None = None,
    watermark_backends: Sequence[str | WatermarkConfig] = DEFAULT_READ_BACKENDS,
) -> ProvenanceReport:
    """Check ``source`` and return one verdict with evidence; bad input raises ImageInputError.

    ``watermark_backends`` (names, read with default options, or ``WatermarkConfig`` with the
    options the images were marked with, e.g. a policy's ``provenance.watermark``) are read in
    order until one detects, then every other backend/options pair the store's manifests record
    (a rivaGan release in the store adds about a second per unmarked image).
    """
    from guardrail.imageio import open_image

    data, where = _read_source(source)
    fmt = _sniff_format(data, where)
    try:
        # Size checked before decoding; truncation fails here. Reading provenance looks at the
        # primary frame of multi-frame files (phone MPOs), unlike the checks, which refuse them.
        img = open_image(data, frames="first")
    except ImageInputError as err:  # name the file, not "<N bytes>"
        raise ImageInputError(err.message, where=where, fix=err.fix) from err
    rgb = np.asarray(img)
    store = store if store is not None else default_store()
    reasons: list[str] = []

    reading = read_c2pa(data, fmt, trust=trust)
    c2pa = C2paEvidence(state=None)
    if reading is not None:
        gen = generation_assertion(reading.manifest)
        c2pa = C2paEvidence(
            state=reading.state, trusted=reading.state == "Trusted", signer=reading.signer,
            signed_time=reading.signed_time, model=gen.get("model"), declares_ai=declares_ai(reading.manifest),
            failures=reading.failures,
            failure_kind=failure_kind(reading.failure_codes) if reading.state == "Invalid" else None,
        )

    def _tag_count(tag: str) -> int:
        return len(store.find_by_tag(tag))

    readers = list(watermark_backends)
    for config in store.watermark_configs():  # backends/options this store's releases were marked with
        spec = WatermarkConfig.model_validate(config)
        if not any(_same_reader(spec, r) for r in readers):
            readers.append(spec)
    wm: WatermarkResult | None = None
    for spec in readers:
        backend = get_backend(spec) if isinstance(spec, str) else get_backend(spec.backend, spec.options)
        wm = detect_watermark(rgb, backend, tag_known=_tag_count)
        if wm.detected:
            break
    assert wm is not None, "at least one watermark backend is required"
    codes = query_variants(img, verification=True)
    fingerprint = codes[0]  # the canonical 64-bit code
    common: dict[str, Any] = {"source": where, "format": fmt, "c2pa": c2pa, "watermark": wm, "fingerprint": fingerprint.hex}

    if reading is not None and c2pa.failure_kind == "signer-expired":
        reasons.append("the C2PA manifest's content hashes match, but its signing certificate has expired and no "
                       "timestamp proves it was signed while valid: " + "; ".join(reading.failures))
        return ProvenanceReport(verdict="signer-expired", reasons=reasons, manifest=reading.manifest or None, **common)
    if reading is not None and reading.state == "Invalid":
        reasons.append("a C2PA manifest is present but failed validation: " + "; ".join(reading.failures or ["unknown"]))
        return ProvenanceReport(verdict="tampered", reasons=reasons, manifest=reading.manifest or None, **common)
    if reading is not None and c2pa.declares_ai:
        who = "a trusted signer" if c2pa.trusted else "a signer not in the trust anchors"
        reasons.append(f"valid C2PA manifest declares AI generation, signed by {who} ({c2pa.signer})")
        return ProvenanceReport(verdict="ai-generated", reasons=reasons, manifest=reading.manifest, **common)
    if reading is not None:
        reasons.append("a valid C2PA manifest is present but does not declare AI generation")

    if wm.detected:
        record = None
        if wm.watermark_id:
            record = store.get(wm.watermark_id)
        elif wm.tag:
            matches = store.find_by_tag(wm.tag)
            record = matches[0] if len(matches) == 1 else None
        ident = wm.watermark_id or wm.tag
        if record is not None:
            reasons.append(f"{wm.backend} watermark {ident} decoded (FPR <= {wm.fpr:.1e}); stored manifest found")
        else:
            reasons.append(f"{wm.backend} watermark {ident} decoded (FPR <= {wm.fpr:.1e}); manifest not in this store")
        return ProvenanceReport(
            verdict="ai-generated-recovered", reasons=reasons, recovered_by="watermark",
            manifest=record.manifest if record else None, **common,
        )

    match = match_fingerprint(codes, store)
    if match.record is not None:
        record = match.record
        if match.verify_distance is not None:
            how = f"verified: 256-bit codes {match.verify_distance} <= {VERIFY_MAX_DISTANCE} bits apart"
        else:
            how = "exact 64-bit match (record stored without verification codes)"
        reasons.append(f"no watermark; fingerprint within {match.distance} bits of stored release {record.watermark_id}, {how}")
        return ProvenanceReport(
            verdict="ai-generated-recovered", reasons=reasons, recovered_by="fingerprint",
            fingerprint_distance=match.distance, verify_distance=match.verify_distance, manifest=record.manifest, **common,
        )
    reasons.append("no C2PA manifest, no watermark, no stored fingerprint match (this does not mean human-made)")
    reasons.extend(match.rejected)
    return ProvenanceReport(verdict="no-provenance", reasons=reasons, **common)


def _same_reader(spec: WatermarkConfig, reader: str | WatermarkConfig) -> bool:
    if isinstance(reader, str):
        return spec.backend == reader and not spec.options
    return spec.backend == reader.backend and spec.options == reader.options


def failure_kind(codes: Sequence[str]) -> FailureKind:
    """What a failed C2PA validation means: ``signer-expired`` when the only failures are the
    signing certificate's expiry (and the untrusted chain that follows from it), else ``tampered``."""
    found = set(codes)
    if found & _EXPIRY_CODES and found <= _EXPIRY_CODES | _EXPIRY_COMPANIONS:
        return "signer-expired"
    return "tampered"


class FingerprintMatch(BaseModel):
    """The outcome of fingerprint recovery: the accepted record (or None) and why others were rejected."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    record: ManifestRecord | None = Field(None, description="The stored release the image was matched to.")
    distance: int | None = Field(None, description="64-bit distance of the match.")
    verify_distance: int | None = Field(None, description="256-bit verification distance (None for a legacy exact match).")
    rejected: list[str] = Field(default_factory=list, description="Candidates found by the index but not accepted, and why.")


def verification_codes(image: "Image.Image") -> list[str]:
    """The 256-bit verification codes (hex) a release is stored with: canonical, then the crops of
    ``reference_variants`` (same order as ``ManifestRecord.fingerprint`` + ``fingerprint_variants``)."""
    from guardrail.similarity.fingerprint import reference_variants

    return [f.hex for f in reference_variants(image, verification=True) if f.kind == VERIFY_KIND]


def attach_verification_codes(store: ManifestStore, watermark_id: str, image: "Image.Image") -> None:
    """Store the verification codes of the released ``image`` with its record if it has none yet.

    Needed while ``Marker.mark`` stores records without them; a no-op once it stores them itself.
    """
    store.set_verification_codes(watermark_id, verification_codes(image))


def match_fingerprint(
    codes: Sequence[Fingerprint], store: ManifestStore, *,
    max_distance: int = FINGERPRINT_MAX_DISTANCE, verify_threshold: int = VERIFY_MAX_DISTANCE,
) -> FingerprintMatch:
    """Find the stored release ``codes`` (``query_variants(img, verification=True)``) belong to.

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
            rejected.append(f"stored release {record.watermark_id} is {distance} bits away but has no verification codes "
                            "(only an exact match recovers it)")
            continue
        stored = [bytes.fromhex(h) for h in record.verification_codes]
        vd = min(hamming_distance(q, r) for q in verify_codes for r in stored)
        if vd > verify_threshold:
            rejected.append(f"stored release {record.watermark_id} is {distance} bits away on the 64-bit code but "
                            f"{vd} > {verify_threshold} bits on the 256-bit verification code")
            continue
        # Ties (the same picture released more than once) go to the lowest watermark id, so the
        # answer does not depend on the index's candidate order.
        if best is None or (vd, distance, record.watermark_id) < (best[0], best[1], best[2].watermark_id):
            best = (vd, distance, record)
    if best is None:
        return FingerprintMatch(rejected=rejected)
    return FingerprintMatch(record=best[2], distance=best[1], verify_distance=best[0], rejected=rejected)
