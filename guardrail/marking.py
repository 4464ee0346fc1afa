"""Check and mark one image made elsewhere: the library call behind ``POST /v1/mark``.

```
image ─► check (policy) ─► blur? ─► mark (watermark, sign, store) ─► audit ─► released
            │ block / withheld                     │ error
            └──────────────► audit ─► withheld ◄───┘
```

Fails closed like :class:`~guardrail.pipeline.GuardedPipeline`: the signed bytes are returned only
after the image was checked, marked, stored and its audit record written; any failure on the way
withholds the image (and is audited when the audit log can still be written). A release whose
audit record cannot be written is not handed back, and its stored manifest is removed again.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guardrail.checks.models import ImageVerdict
from guardrail.outcomes import RELEASABLE_CHECK_ACTIONS
from guardrail.policy.schema import PolicyRef
from guardrail.results import FileBytes

if TYPE_CHECKING:
    from PIL import Image

    from guardrail.audit import AuditStore
    from guardrail.checks import ImageChecker
    from guardrail.provenance import Marker

__all__ = ["MarkOutcome", "check_and_mark"]

log = logging.getLogger(__name__)


class MarkOutcome(BaseModel):
    """What checking and marking one image produced: a release, or a withheld image and why."""

    model_config = ConfigDict(extra="forbid")

    request_id: str = Field(description="Identifier of the request in the audit log.")
    action: Literal["released", "withheld"] = Field(
        description="released (checked, marked, stored, audited) or withheld (nothing returned or stored)."
    )
    verdict: ImageVerdict = Field(description="The image verdict (scores, thresholds, reasons).")
    reasons: list[str] = Field(
        default_factory=list, description="Why the image was withheld, or the verdict's reasons."
    )
    policy: PolicyRef = Field(description="Name, version and hash of the policy in force.")
    model_id: str = Field(description="Generator model recorded in the manifest.")
    format: str | None = Field(None, description="File format of `data` (png, jpeg, webp); None when withheld.")
    watermark_id: str | None = Field(None, description="Watermark identifier embedded in the pixels (released only).")
    manifest_hash: str | None = Field(None, description="SHA-256 of the signed C2PA manifest (released only).")
    fingerprint: str | None = Field(None, description="Perceptual fingerprint (hex) of the released pixels.")
    data: FileBytes | None = Field(
        None,
        repr=False,
        description="The released file: watermarked and carrying the signed manifest (base64 in JSON).",
    )


def check_and_mark(
    image: Image.Image,
    *,
    source: bytes,
    checker: ImageChecker,
    marker: Marker,
    audit: AuditStore,
    model_id: str,
    fmt: str = "png",
    client_id: str | None = None,
) -> MarkOutcome:
    """Check ``image`` under the checker's policy, then watermark, sign, store and audit it.

    ``source`` is the uploaded file's bytes (its SHA-256 goes into the audit record). A blocked or
    withheld verdict returns ``action="withheld"`` without marking; an error while marking is
    audited as withheld and raised. The audit write of a release happens before this returns, so a
    release whose record cannot be written is never handed back.
    """
    from guardrail.audit import ImageRecord, RequestRecord
    from guardrail.provenance.verify import attach_verification_codes

    request_id = f"mark-{uuid.uuid4()}"
    policy = checker.policy

    def _audit(action: str, verdicts: list[dict[str, Any]], marked: Any = None, error: str | None = None) -> None:
        request = RequestRecord(
            request_id=request_id,
            operation="mark",
            policy=policy.ref,
            model_id=model_id,
            input_sha256=hashlib.sha256(source).hexdigest(),
            checked=True,
            final_action=action,
            attempts=1,
            client_id=client_id,
        )
        record = ImageRecord(
            request_id=request_id,
            index=0,
            attempt=1,
            action=action,
            verdicts=verdicts,  # type: ignore[arg-type]
            watermark_id=marked.watermark_id if marked else None,
            manifest_hash=marked.manifest_hash if marked else None,
            error=error,
        )
        audit.log_request_with_images(request, [record])

    verdict = checker.check(image)
    verdicts = [verdict.model_dump(mode="json")]
    common = dict(request_id=request_id, verdict=verdict, policy=policy.ref, model_id=model_id)
    if verdict.action not in RELEASABLE_CHECK_ACTIONS:
        _audit("withheld", verdicts, error=f"image check: {verdict.action}")
        return MarkOutcome(action="withheld", reasons=list(verdict.reasons) or [verdict.action], **common)
    try:
        if verdict.action == "blur":
            image = checker.apply_blur(image, verdict)
        extra = {"checked": True, "check_action": verdict.action, "check_reasons": list(verdict.reasons)}
        marked = marker.mark(image, fmt=fmt, extra=extra)
        attach_verification_codes(marker.store, marked.watermark_id, marked.image)
    except Exception as err:  # fail closed: nothing unmarked leaves; say so in the audit log
        log.exception("marking failed; withholding the image")
        try:
            _audit("withheld", verdicts, error=f"marking failed: {type(err).__name__}: {err}")
        except Exception:
            log.exception("could not audit the failed mark %s", request_id)
        raise
    try:
        _audit("released", verdicts, marked=marked)
    except BaseException:  # not audited, so not released: the image is not handed back and its manifest goes
        try:
            marker.store.discard(marked.watermark_id)
        except Exception:
            log.exception("could not remove the manifest of unreleased image %s", marked.watermark_id)
        raise
    return MarkOutcome(
        action="released",
        reasons=list(verdict.reasons),
        format=marked.format,
        watermark_id=marked.watermark_id,
        manifest_hash=marked.manifest_hash,
        fingerprint=marked.fingerprint,
        data=marked.data,
        **common,
    )
