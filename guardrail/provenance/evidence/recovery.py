"""Watermark-led recovery: look the decoded id up, re-validate the stored manifest, compare content.

A decoded watermark only names a release. Claiming that release needs two more things:

1. the stored record is what was signed: the manifest bytes hash to the stored hash, their C2PA
   claim signature and assertion hashes validate (only the data hash of the absent asset may
   fail), the signed manifest names this watermark id, and the row's copy of guardrail's
   assertion and fingerprint agree with the signed one (an edited row is caught here);
2. the pixels are that release's content: within ``CONTENT_BOUND`` bits (of 64) of the
   fingerprint *signed* in the manifest, closest query variant (canonical, mirror, small rotations).
   Otherwise somebody may have transplanted the mark onto other content.

``CONTENT_BOUND`` = 12, measured by ``benchmarks/transplant_bound.py`` on 17 scikit-image photos:
141 of 142 watermark-decodable attacked copies (JPEG q90-q50, resize, brightness/contrast, noise,
2-degree rotation) sit within 8 bits (one rotated copy at 22 is lost), while 2,448 transplants
onto other photos (and their flips and crops, attacked) sit at 16 bits or more (median 28).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Sequence
from typing import Any

from guardrail.provenance.evidence.models import RecoveryEvidence
from guardrail.provenance.evidence.similarity import (
    RECOVERY_SEARCH_RADIUS,
    VERIFY_MAX_DISTANCE,
)
from guardrail.provenance.manifest import GENERATION_LABEL, generation_assertion
from guardrail.provenance.store import ManifestRecord, ManifestStore
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND, Fingerprint
from guardrail.similarity.hamming import hamming_distance

__all__ = ["CONTENT_BOUND", "recover_by_watermark", "revalidate_record", "signed_code_distances"]

log = logging.getLogger(__name__)

CONTENT_BOUND = 12
# Reading a stored manifest without its asset: the asset's data hash cannot match, and a signer
# outside the trust anchors (or since expired) is a trust question, not an edit of the record.
_ALLOWED_WITHOUT_ASSET = frozenset(
    {"assertion.dataHash.mismatch", "signingCredential.untrusted", "signingCredential.expired"}
)


def _generation(manifest: dict[str, Any]) -> dict[str, Any]:
    for assertion in manifest.get("assertions", []) or []:
        if (
            str(assertion.get("label", "")).split(".v")[0] == GENERATION_LABEL
            or assertion.get("label") == GENERATION_LABEL
        ):
            return dict(assertion.get("data") or {})
    return {}


def revalidate_record(
    record: ManifestRecord, *, anchors: str
) -> tuple[dict[str, Any] | None, str | None, bool, list[str]]:
    """(signed active manifest, signer, signer trusted, problems) for a stored record; no problems when it checks
    out."""
    import c2pa

    from guardrail.provenance.c2pa_io import reader_settings, reading_from_store

    problems: list[str] = []
    if not record.manifest_bytes:
        return None, None, False, ["the store holds no signed manifest for this release (only its unsigned row)"]
    if hashlib.sha256(record.manifest_bytes).hexdigest() != record.manifest_hash:
        problems.append("the stored manifest bytes do not match the stored manifest hash")
    ctx = c2pa.Context.from_dict(reader_settings(anchors=anchors))
    try:
        with c2pa.Reader("application/c2pa", io.BytesIO(record.manifest_bytes), None, ctx) as reader:
            reading = reading_from_store(
                json.loads(reader.json()), reader.get_validation_state(), reader.get_validation_results()
            )
    except c2pa.C2paError as err:
        return None, None, False, [*problems, f"the stored manifest cannot be read: {err}"]
    finally:
        ctx.close()
    bad = [f for c, f in zip(reading.failure_codes, reading.failures, strict=True) if c not in _ALLOWED_WITHOUT_ASSET]
    if bad:
        problems.append("the stored manifest fails validation: " + "; ".join(bad))
    signed = _generation(reading.manifest)
    if (signed.get("watermark") or {}).get("id") != record.watermark_id:
        problems.append(
            f"the signed manifest names release {(signed.get('watermark') or {}).get('id')}, not {record.watermark_id}"
        )
    row = generation_assertion(record.manifest)
    if json.dumps(row, sort_keys=True) != json.dumps(signed, sort_keys=True):
        problems.append("the stored manifest row differs from the signed manifest (the row was edited)")
    if record.fingerprint != (signed.get("fingerprint") or {}).get("hex"):
        problems.append("the stored fingerprint differs from the signed one (the row was edited)")
    trusted = (
        "signingCredential.untrusted" not in reading.failure_codes
        and "signingCredential.expired" not in reading.failure_codes
    )
    return reading.manifest, reading.signer, trusted, problems


def signed_code_distances(manifest: dict[str, Any], codes: Sequence[Fingerprint]) -> tuple[int | None, int | None]:
    """``_signed_crop_distances`` for a signed manifest (its guardrail assertion's fingerprint block)."""
    return _signed_crop_distances(_generation(manifest).get("fingerprint") or {}, codes)


def _signed_crop_distances(signed_fp: dict[str, Any], codes: Sequence[Fingerprint]) -> tuple[int | None, int | None]:
    """(64-bit, 256-bit) distances of the closest query variant to the crop codes *signed* in the
    release's manifest; (None, None) for a release signed without them. The store's own copy of
    the crop codes is unsigned and never used here: an edited row could point it at any content."""
    crops, verification = signed_fp.get("crops"), (signed_fp.get("verification") or {}).get("codes")
    if not crops or not verification:
        return None, None
    try:
        signed64 = [bytes.fromhex(h) for h in [signed_fp.get("hex") or "", *crops] if h]
        signed256 = [bytes.fromhex(h) for h in verification]
    except (TypeError, ValueError):
        return None, None
    q64 = [f.code for f in codes if f.kind == FINGERPRINT_KIND]
    q256 = [f.code for f in codes if f.kind == VERIFY_KIND]
    if not q64 or not q256:
        return None, None
    d64 = min(hamming_distance(q, r) for q in q64 for r in signed64 if len(r) == len(q))
    d256 = min(hamming_distance(q, r) for q in q256 for r in signed256 if len(r) == len(q))
    return d64, d256


def recover_by_watermark(
    watermark_id: str | None,
    tag: str | None,
    codes: Sequence[Fingerprint],
    store: ManifestStore,
    *,
    anchors: str,
) -> RecoveryEvidence | None:
    """The recovery evidence for a decoded id (or a 32-bit tag with exactly one stored id); None without either."""
    record: ManifestRecord | None = None
    ident = watermark_id or tag
    if ident is None:
        return None
    if watermark_id:
        record = store.get(watermark_id)
    elif tag:
        matches = store.find_by_tag(tag)
        record = matches[0] if len(matches) == 1 else None
    if record is None:
        return RecoveryEvidence(watermark_id=ident, record_found=False, content_bound=CONTENT_BOUND)
    manifest, signer, trusted, problems = revalidate_record(record, anchors=anchors)
    distance = None
    signed_fp = (_generation(manifest).get("fingerprint") or {}) if manifest else {}
    signed_hex = signed_fp.get("hex")
    if signed_hex:
        ref = bytes.fromhex(signed_hex)
        distance = min(hamming_distance(f.code, ref) for f in codes if f.kind == FINGERPRINT_KIND)
    crop_distance, crop_verify = _signed_crop_distances(signed_fp, codes)
    return RecoveryEvidence(
        watermark_id=record.watermark_id,
        record_found=True,
        revalidated=not problems,
        problems=problems,
        content_distance=distance,
        content_bound=CONTENT_BOUND,
        content_matches=distance is not None and distance <= CONTENT_BOUND,
        crop_distance=crop_distance,
        crop_verify_distance=crop_verify,
        crop_matches=crop_distance is not None
        and crop_verify is not None
        and crop_distance <= RECOVERY_SEARCH_RADIUS
        and crop_verify <= VERIFY_MAX_DISTANCE,
        released=record.created,
        signer=signer,
        signer_trusted=trusted,
        manifest=manifest,
    )
