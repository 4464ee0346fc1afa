"""``guardrail mark IMAGE -o OUT``: check an image generated elsewhere under the policy, then
watermark and sign it.

The policy's image checks run first (``--no-check`` skips them and the manifest says so:
``checked: false``); a blocked or withheld image exits 1 with nothing written or stored. The
audit log is opened first (exit 2 and nothing written if it cannot be), and the release is
write-ahead (``guardrail.audit.release``): the signed file appears under OUT only after its audit
record and manifest row are committed. Every mark, released or withheld, is logged as an audit
request (operation 'mark') with its image record. Interrupted releases are recovered first.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import uuid
from pathlib import Path
from typing import Any

import typer

from guardrail.cli._common import EXIT_FAIL, EXIT_USAGE, app, err_console, exit_with, guarded, out_console, print_json
from guardrail.formats import signable_by_extension
from guardrail.outcomes import RELEASABLE_CHECK_ACTIONS

__all__ = ["mark"]


def _policy(path: Path | None):
    from guardrail.policy import load_policy

    return load_policy(path)


def _check_output_folder(output: Path) -> None:
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


@app.command()
@guarded
def mark(
    image: Path = typer.Argument(..., help="Image to mark (PNG, JPEG, WebP, ...)."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the marked image (.png, .jpg, .webp)."),
    model: str = typer.Option("unknown", "--model", help="Generator model id recorded in the manifest."),
    policy: Path | None = typer.Option(None, "--policy", help="Policy file (default: the built-in default policy)."),
    no_check: bool = typer.Option(
        False, "--no-check", help="Skip the policy's image checks (recorded in the manifest as checked: false)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check IMAGE under the policy, watermark it, sign a C2PA manifest, store it, write OUT.

    Exit 1 (nothing written or stored) when the policy blocks or withholds the image.
    """
    found = signable_by_extension(output.suffix)
    fmt = found.name if found else None
    if fmt is None:
        err_console.print(f"error: {output}: unsupported output extension (use .png, .jpg or .webp)", markup=False)
        exit_with(EXIT_USAGE)
    if output.exists() and not force:
        err_console.print(f"error: {output}: already exists (fix: pass --force to overwrite)", markup=False)
        exit_with(EXIT_USAGE)
    from guardrail.audit import AuditLog
    from guardrail.audit.refusal import invalid_text_error
    from guardrail.cli.audit import recover_at_startup
    from guardrail.imageio import open_image

    bad = invalid_text_error(model, "--model")
    if bad is not None:
        raise bad
    log = AuditLog()  # first: without an audit log nothing may be released (StoreError, exit 2)
    recover_at_startup(log)
    pol = _policy(policy)
    img = open_image(image)
    request_id = f"mark-{uuid.uuid4()}"
    records = functools.partial(
        _records,
        request_id,
        policy=pol,
        model=model,
        source_sha256=hashlib.sha256(image.read_bytes()).hexdigest(),
        checked=not no_check,
    )
    verdicts: list[dict[str, Any]] = []
    check: dict[str, Any] = {"checked": False}
    if not no_check:
        from guardrail.checks import ImageChecker

        checker = ImageChecker(pol)
        verdict = checker.check(img)
        verdicts = [verdict.model_dump(mode="json")]
        check = {"checked": True, "check_action": verdict.action, "check_reasons": list(verdict.reasons)}
        if verdict.action not in RELEASABLE_CHECK_ACTIONS:
            log.log_request_with_images(
                *records(action="withheld", verdicts=verdicts, error=f"image check: {verdict.action}")
            )
            why = "; ".join(verdict.reasons) or verdict.action
            if as_json:
                print_json(
                    {"image": str(image), "action": verdict.action, "reasons": verdict.reasons, "written": False}
                )
            else:
                err_console.print(
                    f"{image}: {verdict.action} under policy {pol.name}: {why}; nothing written", markup=False
                )
            exit_with(EXIT_FAIL)
        if verdict.action == "blur":
            img = checker.apply_blur(img, verdict)
    from guardrail.audit.release import ReleaseFile, publish
    from guardrail.errors import GuardrailError, StoreError
    from guardrail.provenance import Marker

    _check_output_folder(output)  # before marking: a folder we cannot write fails before any work
    try:
        marker = Marker(pol, model_id=model, audit=log)
        marked = marker._sign(img, fmt=fmt, extra=check)
        request, images = records(action="released", verdicts=verdicts, marked=marked, output=output)
        # Write-ahead: temp file, manifest row, audit record committed, then OUT appears.
        publish(
            log,
            request,
            images,
            files=[ReleaseFile(output, marked.data, 0, marked.watermark_id)],
            manifests=[marked.record],
            store=marker.store,
            overwrite=force,
        )
    except Exception as err:
        if not isinstance(err, StoreError):  # not released: say so in the audit log too (unless the log is what failed)
            try:
                log.log_request_with_images(
                    *records(action="withheld", verdicts=verdicts, error=f"marking failed: {type(err).__name__}: {err}")
                )
            except GuardrailError as log_err:  # e.g. the audit keys folder is refused too: one line, not a stack
                logging.getLogger(__name__).warning("could not log the failed mark %s: %s", request_id, log_err)
            except Exception:
                logging.getLogger(__name__).exception("could not log the failed mark %s", request_id)
        raise
    summary = {
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
    }
    if as_json:
        print_json(summary)
    else:
        note = "" if check["checked"] else " (checks skipped: --no-check)"
        out_console.print(
            f"marked {image} -> {output} (watermark {marked.watermark_id}, {marked.watermark_backend}; manifest "
            f"{marked.manifest_hash[:16]}...){note}"
        )
