"""Check one image under a policy, then mark it and release it to a file (write-ahead).

The per-image code of ``guardrail mark``, for one image (``mark IMAGE -o OUT``) and for batches
(``mark DIR -o OUTDIR``, any engine):

```
image ─► check (policy) ─► blur? ─► watermark + sign ─► publish: temp file, manifest row, AUDIT, rename ─► OUT
            │ block / could-not-check               │ error
            └──────► audit "withheld", nothing written ◄┘
```

Fails closed: OUT appears only through :func:`guardrail.audit.release.publish`, after its audit
record and manifest row are committed; a withheld image or a failure leaves nothing written.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardrail.outcomes import RELEASABLE_CHECK_ACTIONS

if TYPE_CHECKING:
    from guardrail.audit import AuditStore
    from guardrail.checks import ImageChecker
    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker

__all__ = ["check_output_folder", "mark_to_file"]

logger = logging.getLogger(__name__)


def check_output_folder(output: Path) -> None:
    """Create OUT's folder and make sure it is writable (InputError otherwise), before anything is marked."""
    from guardrail.errors import InputError

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(
            f"cannot write the output: {err.strerror or err}",
            where=str(output),
            fix="choose a writable directory for -o",
        ) from err
    if not os.access(output.parent, os.W_OK | os.X_OK):
        raise InputError(
            "cannot write the output: permission denied", where=str(output), fix="choose a writable directory for -o"
        )


def _records(
    request_id: str,
    *,
    policy: Any,
    model: str,
    source_sha256: str,
    checked: bool,
    action: str,
    verdicts: list[dict[str, Any]],
    marked: Any = None,
    output: Path | None = None,
    error: str | None = None,
) -> tuple[Any, list[Any]]:
    """This mark as one request (operation 'mark') and its one image record."""
    from guardrail.audit import ImageRecord, RequestRecord
    from guardrail.audit.records import escape_text
    from guardrail.audit.release import sha256_hex

    request = RequestRecord(
        request_id=request_id,
        operation="mark",
        policy=policy.ref,
        model_id=model,
        input_sha256=source_sha256,
        checked=checked,
        final_action=action,
        attempts=1,
    )
    image = ImageRecord(
        request_id=request_id,
        index=0,
        attempt=1,
        action=action,
        verdicts=verdicts,  # type: ignore[arg-type]
        watermark_id=marked.watermark_id if marked else None,
        manifest_hash=marked.manifest_hash if marked else None,
        output_path=escape_text(str(output)) if output else None,
        file_sha256=sha256_hex(marked.data) if marked else None,
        error=error,
    )
    return request, [image]


def mark_to_file(
    image: Path,
    output: Path,
    *,
    fmt: str,
    log: AuditStore,
    policy: Policy,
    checker: ImageChecker | None,
    marker: Callable[[], Marker],
    model: str,
    force: bool = False,
) -> tuple[bool, dict[str, Any]]:
    """Check ``image`` (unless ``checker`` is None: ``--no-check``), mark it and release it as ``output``.

    Returns ``(released, row)``: the row is the JSON object ``guardrail mark --json`` prints. A
    blocked or could-not-check image is audited as withheld and nothing is written. Errors
    (unreadable image, OUT exists without ``force``, marking or store failures) are raised; a
    failure while marking is audited as withheld first. ``marker`` builds (or returns) the Marker.
    """
    from guardrail.errors import GuardrailError, InputError, StoreError
    from guardrail.imageio import open_image
    from guardrail.imagelimits import image_limits, read_image_file

    if output.exists() and not force:
        raise InputError("already exists", where=str(output), fix="pass --force to overwrite")
    # Read once: the audited input hash is of the very bytes that were checked and marked (a
    # second read could see a file changed in between).
    data = read_image_file(image, max_bytes=image_limits("check").max_bytes)
    img = open_image(data, where=str(image))
    request_id = f"mark-{uuid.uuid4()}"
    records = functools.partial(
        _records,
        request_id,
        policy=policy,
        model=model,
        source_sha256=hashlib.sha256(data).hexdigest(),
        checked=checker is not None,
    )
    verdicts: list[dict[str, Any]] = []
    check: dict[str, Any] = {"checked": False}
    if checker is not None:
        verdict = checker.check(img)
        verdicts = [verdict.model_dump(mode="json")]
        check = {"checked": True, "check_action": verdict.action, "check_reasons": list(verdict.reasons)}
        if verdict.action not in RELEASABLE_CHECK_ACTIONS:
            log.log_request_with_images(
                *records(action="withheld", verdicts=verdicts, error=f"image check: {verdict.action}")
            )
            return False, {"image": str(image), "action": verdict.action, "reasons": verdict.reasons, "written": False}
        if verdict.action == "blur":
            img = checker.apply_blur(img, verdict)
    from guardrail.audit.release import ReleaseFile, publish

    check_output_folder(output)  # before marking: a folder we cannot write fails before any work
    try:
        mk = marker()
        marked = mk._sign(img, fmt=fmt, extra=check)
        request, images = records(action="released", verdicts=verdicts, marked=marked, output=output)
        # Write-ahead: temp file, manifest row, audit record committed, then OUT appears.
        publish(
            log,
            request,
            images,
            files=[ReleaseFile(output, marked.data, 0, marked.watermark_id)],
            manifests=[marked.record],
            store=mk.store,
            overwrite=force,
        )
    except Exception as err:
        if not isinstance(err, StoreError):  # not released: say so in the audit log too (unless the log is what failed)
            try:
                log.log_request_with_images(
                    *records(action="withheld", verdicts=verdicts, error=f"marking failed: {type(err).__name__}: {err}")
                )
            except GuardrailError as log_err:  # e.g. the audit keys folder is refused too: one line, not a stack
                logger.warning("could not log the failed mark %s: %s", request_id, log_err)
            except Exception:
                logger.exception("could not log the failed mark %s", request_id)
        raise
    return True, {
        "image": str(image),
        "output": str(output),
        "format": marked.format,
        "watermark_id": marked.watermark_id,
        "watermark_backend": marked.watermark_backend,
        "manifest_hash": marked.manifest_hash,
        "fingerprint": marked.fingerprint,
        "model": model,
        "bytes": len(marked.data),
        "checked": check["checked"],
        "check_action": check.get("check_action"),
        "audit_request_id": request_id,
        "written": True,
    }
