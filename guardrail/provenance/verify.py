"""Verify any image: gather evidence in small steps, then ``decide`` turns it into one verdict.

The file is read and decoded once. Steps (guardrail.provenance.evidence), each returning typed
evidence: the C2PA manifest and its ingredient chain (offline unless ``allow_network``), unsigned
metadata (XMP digital source type, AUTOMATIC1111 / ComfyUI chunks), our watermark (every backend
in the registry order given) and the public SD/SDXL watermarks, the store lookup the watermark
leads to (re-validated and compared with the pixels), and the fingerprint match. The verdict
vocabulary lives in guardrail.provenance.verdicts, the rules in guardrail.provenance.decide.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import ImageInputError
from guardrail.policy.schema import WatermarkConfig
from guardrail.provenance.decide import decide
from guardrail.provenance.evidence.c2pa_step import failure_kind, gather_c2pa
from guardrail.provenance.evidence.image_source import (
    as_stored,
    decode_pixels,
    read_source,
    sniff_format,
    stored_orientation,
)
from guardrail.provenance.evidence.metadata import gather_metadata
from guardrail.provenance.evidence.models import (
    C2paEvidence,
    Evidence,
    MetadataEvidence,
    PixelEvidence,
    RecoveryEvidence,
    SimilarityEvidence,
    WatermarkEvidence,
)
from guardrail.provenance.evidence.recovery import CONTENT_BOUND, recover_by_watermark
from guardrail.provenance.evidence.similarity import (
    RECOVERY_SEARCH_RADIUS,
    VERIFY_MAX_DISTANCE,
    FingerprintMatch,
    match_fingerprint,
    similarity_evidence,
)
from guardrail.provenance.evidence.watermark_step import read_watermarks, same_reader
from guardrail.provenance.store import ManifestStore, shared_store
from guardrail.provenance.verdicts import VERDICTS, TrustStatus, Verdict, exit_code
from guardrail.similarity.fingerprint import VERIFY_KIND, query_variants

__all__ = [
    "CONTENT_BOUND",
    "DEFAULT_READ_BACKENDS",
    "RECOVERY_SEARCH_RADIUS",
    "VERIFY_MAX_DISTANCE",
    "C2paEvidence",
    "FingerprintMatch",
    "ProvenanceReport",
    "Verdict",
    "attach_verification_codes",
    "failure_kind",
    "gather_evidence",
    "match_fingerprint",
    "verification_codes",
    "verify_image",
]

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

DEFAULT_READ_BACKENDS: tuple[str, ...] = (
    "latticeSync2",
    "dwtDctSvdPlus",
    "dwtDctSvd",
)
"""The default mark first, then the earlier defaults (released marks keep verifying). ``latticeSync``
(the default of issue 9's first rounds) is not read separately: ``latticeSync2``'s reader has its
grid, chips and codeword and reads its marks more often than its own reader (333 against 300 of 360
attacked copies, docs/provenance.md); a store whose releases were marked with it adds its reader
(``_readers``), and ``--watermark latticeSync`` asks for it."""


class ProvenanceReport(BaseModel):
    """One verdict with its evidence (what the CLI prints and the service returns)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(description="The file checked (or '<N bytes>').")
    format: str = Field(description="Container as sniffed: png, jpeg, webp, avif, heic, heif, gif, tiff or dng.")
    verdict: Verdict = Field(description="One of guardrail.provenance.verdicts.VERDICTS (docs/verify.md).")
    meaning: str = Field(description="The verdict in one plain sentence.")
    exit_code: Literal[0, 1] = Field(
        description="0 provenance verified, 1 not verified (the CLI's exit code for this image)."
    )
    trust: TrustStatus = Field(description="trusted, untrusted or unsigned: reported apart from the verdict.")
    trust_words: str = Field(description="The trust status in plain words, naming the signer.")
    reasons: list[str] = Field(default_factory=list, description="Why, in plain words.")
    pixels: PixelEvidence = Field(description="Whether the pixels were decoded for watermark and fingerprint evidence.")
    c2pa: C2paEvidence = Field(description="The file's manifest (state None when there is none).")
    metadata: MetadataEvidence = Field(description="Unsigned metadata about AI.")
    watermark: WatermarkEvidence = Field(
        description="Every watermark read, with one false-positive bound covering them all."
    )
    recovery: RecoveryEvidence | None = Field(None, description="Store lookup led by our watermark, when one decoded.")
    similarity: SimilarityEvidence = Field(description="Fingerprint match against the store (a match of content only).")
    recovered_by: Literal["watermark"] | None = Field(
        None, description="'watermark' when the verdict is ai-generated-recovered."
    )
    fingerprint: str | None = Field(None, description="Fingerprint (hex) of the checked pixels.")
    fingerprint_distance: int | None = Field(None, description="64-bit distance of the fingerprint match, if any.")
    fingerprint_search_radius: int = Field(
        RECOVERY_SEARCH_RADIUS,
        description="Largest 64-bit distance at which stored releases are candidates (then accepted or rejected on the"
        " verification code); a search radius, not the similarity check's match threshold.",
    )
    verify_distance: int | None = Field(None, description="Bits between the 256-bit verification codes of the match.")
    verify_threshold: int = Field(VERIFY_MAX_DISTANCE, description="Largest verification distance accepted.")
    manifest: dict[str, Any] | None = Field(
        None, description="The embedded manifest, or the recovered (re-validated) or matched one."
    )


def verification_codes(image: Image.Image) -> list[str]:
    """The 256-bit verification codes (hex) a release is stored with: canonical, then the crops of
    ``reference_variants`` (same order as ``ManifestRecord.fingerprint`` + ``fingerprint_variants``)."""
    from guardrail.similarity.fingerprint import reference_variants

    return [f.hex for f in reference_variants(image, verification=True) if f.kind == VERIFY_KIND]


def attach_verification_codes(store: ManifestStore, watermark_id: str, image: Image.Image) -> None:
    """Store the verification codes of the released ``image`` with its record if it has none yet."""
    store.set_verification_codes(watermark_id, verification_codes(image))


def _readers(store: ManifestStore, given: Sequence[str | WatermarkConfig]) -> list[str | WatermarkConfig]:
    """The readers given, then every backend/options pair the store's releases were marked with; each
    pair once (the service puts its policy's backend before the defaults, often the same one: read
    twice, it would cost a second read and count its tries twice in the false-positive bound)."""
    readers: list[str | WatermarkConfig] = []
    stored = [WatermarkConfig.model_validate(config) for config in store.watermark_configs()]
    for reader in [*given, *stored]:
        if not any(_same(reader, r) for r in readers):
            readers.append(reader)
    return readers


def _same(a: str | WatermarkConfig, b: str | WatermarkConfig) -> bool:
    if isinstance(a, str):
        return a == b if isinstance(b, str) else same_reader(b, a)
    return same_reader(a, b)


def _marked(watermark: WatermarkEvidence) -> bool:
    return watermark.detected or any(p.detected for p in watermark.public)


def _pixel_evidence(
    img: Image.Image,
    codes: list[Any],
    readers: list[str | WatermarkConfig],
    store: ManifestStore,
    anchors: str,
) -> tuple[WatermarkEvidence, RecoveryEvidence | None, SimilarityEvidence]:
    """Watermark reads, the recovery they lead to, and the fingerprint match, for one orientation of the pixels."""
    watermark = read_watermarks(np.asarray(img), readers, tag_known=lambda t: len(store.find_by_tag(t)))
    recovery = None
    if watermark.detected:
        recovery = recover_by_watermark(watermark.watermark_id, watermark.tag, codes, store, anchors=anchors)
    return watermark, recovery, similarity_evidence(codes, store, anchors=anchors)


def gather_evidence(
    source: str | Path | bytes,
    *,
    anchors: str,
    store: ManifestStore,
    watermark_backends: Sequence[str | WatermarkConfig] = DEFAULT_READ_BACKENDS,
    allow_network: bool = False,
) -> tuple[Evidence, dict[str, Any] | None]:
    """Every piece of evidence about ``source`` and the embedded manifest; ImageInputError for a
    file that is no image we read, or whose pixels cannot be decoded and that carries no manifest."""
    data, where = read_source(source)
    fmt = sniff_format(data, where)
    c2pa, embedded = gather_c2pa(data, fmt, anchors=anchors, allow_network=allow_network)
    img, pixels, pixel_error = decode_pixels(data, where)
    if img is None and c2pa.state is None:
        assert pixel_error is not None
        raise pixel_error  # nothing to say about a file we can neither decode nor read a manifest from
    metadata = gather_metadata(data, fmt)
    recovery: RecoveryEvidence | None = None
    fingerprint = None
    codes = None
    if img is not None:
        try:
            codes = query_variants(img, verification=True)
        except ImageInputError as err:  # too small or thin to fingerprint: say so, keep the manifest's verdict
            pixels = PixelEvidence(
                decoded=False,
                width=img.width,
                height=img.height,
                reason=f"pixels too small for watermark and fingerprint evidence: {err.message}",
            )
    if img is not None and codes is not None:
        readers = _readers(store, watermark_backends)
        watermark, recovery, similarity = _pixel_evidence(img, codes, readers, store, anchors)
        fingerprint = codes[0].hex
        orientation = None if _marked(watermark) else stored_orientation(data)
        if (
            orientation is not None
        ):  # the tag alone (no pixel changed) must not hide a mark or a match: read the stored pixels
            stored = as_stored(img, orientation)
            stored_codes = query_variants(stored, verification=True)
            found = _pixel_evidence(stored, stored_codes, readers, store, anchors)
            if _marked(found[0]) or (found[2].watermark_id and not similarity.watermark_id):
                watermark, recovery, similarity = found
                fingerprint = stored_codes[0].hex
                pixels = pixels.model_copy(update={"orientation_ignored": orientation})
    else:
        watermark = WatermarkEvidence(detected=False, skipped=pixels.reason)
        similarity = SimilarityEvidence()
    evidence = Evidence(
        source=where,
        format=fmt,
        pixels=pixels,
        c2pa=c2pa,
        metadata=metadata,
        watermark=watermark,
        recovery=recovery,
        similarity=similarity,
        fingerprint=fingerprint,
    )
    return evidence, embedded


def verify_image(
    source: str | Path | bytes,
    *,
    trust: list[Path] | None = None,
    store: ManifestStore | None = None,
    watermark_backends: Sequence[str | WatermarkConfig] = DEFAULT_READ_BACKENDS,
    allow_network: bool = False,
    anchors: str | None = None,
) -> ProvenanceReport:
    """Check ``source`` (a path or the file's bytes) and return one verdict with its evidence.

    ``trust``: extra PEM bundles or folders of them (``anchors``, PEM text, replaces them and the
    local roots when given). ``watermark_backends`` (names, or ``WatermarkConfig`` with the options
    the images were marked with) are read in order until one decodes, then every other
    backend/options pair the store's manifests record. No network access unless ``allow_network``
    (remote manifests are then fetched). Bad input raises ImageInputError.
    """
    from guardrail.provenance.trust import load_anchors

    store = (
        store if store is not None else shared_store()
    )  # opened once per process: its index is not reloaded per call
    pem = anchors if anchors is not None else load_anchors(trust)
    evidence, embedded = gather_evidence(
        source, anchors=pem, store=store, watermark_backends=watermark_backends, allow_network=allow_network
    )
    decision = decide(evidence)
    verdict = decision.verdict
    manifest = embedded
    rec, sim = evidence.recovery, evidence.similarity
    if verdict == "ai-generated-recovered" and rec is not None:
        manifest = rec.manifest
    elif verdict == "similar-to-ai-release":
        manifest = sim.manifest
    return ProvenanceReport(
        source=evidence.source,
        format=evidence.format,
        verdict=verdict,
        meaning=VERDICTS[verdict].sentence,
        exit_code=exit_code(verdict, decision.trust),
        trust=decision.trust,
        trust_words=decision.trust_words,
        reasons=decision.reasons,
        pixels=evidence.pixels,
        c2pa=evidence.c2pa,
        metadata=evidence.metadata,
        watermark=evidence.watermark,
        recovery=rec,
        similarity=sim,
        recovered_by="watermark" if verdict == "ai-generated-recovered" else None,
        fingerprint=evidence.fingerprint,
        fingerprint_distance=sim.distance,
        verify_distance=sim.verify_distance,
        manifest=manifest,
    )
