"""What each endpoint does, as plain functions over the library (run in the thread pool).

Each one calls the library, counts the decision in the metrics and writes the audit record with
the caller's key id. Routes only parse, authorise and call these.

``screen`` is the exception, being the hot path: a short prompt under a rules-only policy is
screened in the event loop (tens of microseconds) and its record committed by the group-commit
writer while the loop awaits (no thread is held); anything longer goes to the thread pool.
Either way the answer leaves only after its audit record is durably committed. The resolver
lookups (``resolve_watermark``, ``resolve_fingerprint``) await their record the same way, for a
found release and for a 404 alike.
"""

from __future__ import annotations

from typing import Any

from guardrail.outcomes import ResolveOutcome
from guardrail.service.auditing import call_record, record_call
from guardrail.service.deps import Upload, check_pixels, commit_audit, open_upload, run_limited
from guardrail.service.problems import ServiceProblem
from guardrail.service.state import ServiceState

__all__ = [
    "INLINE_SCREEN_MAX_CHARS",
    "check",
    "generate",
    "mark",
    "resolve_fingerprint",
    "resolve_watermark",
    "screen",
    "verify",
]

INLINE_SCREEN_MAX_CHARS = 300
"""Longest prompt screened in the event loop (rules only: ~0.03 ms at 300 characters, 2 ms at 1000, here)."""


def _screen_records(state: ServiceState, prompts: list[str], client_id: str) -> tuple[list[Any], list[Any]]:
    """Each prompt's decision and its audit record (prompt text or HMAC, as the policy says)."""
    decisions = [state.screener.screen(p) for p in prompts]  # an empty or overlong prompt fails the batch (422)
    records = [
        call_record(
            "screen",
            client_id=client_id,
            policy=state.policy,
            final_action=d.action.value,
            prompt=d.prompt,
            prompt_mode=state.policy.audit.prompt,
            matched_rules=d.rule_ids,
            model_id=state.model_id,
        )
        for d in decisions
    ]
    return decisions, records


async def screen(state: ServiceState, prompts: list[str], client_id: str) -> list[Any]:
    """Screen each prompt; answer once every decision's audit record is durably committed."""
    inline = len(prompts) == 1 and len(prompts[0]) <= INLINE_SCREEN_MAX_CHARS and not state.policy.prompt.classifiers
    if inline:
        decisions, records = _screen_records(state, prompts, client_id)
    else:
        decisions, records = await run_limited(state, _screen_records, state, prompts, client_id)
    await commit_audit(state, records)
    for decision in decisions:
        state.metrics.decisions.labels("screen", decision.action.value).inc()
    return decisions


def check(state: ServiceState, files: list[Upload], client_id: str) -> list[Any]:
    """Run the policy's image checks on each upload; audit each verdict."""
    images = [open_upload(f, state.config.max_pixels) for f in files]  # a bad image fails the request (422)
    verdicts = []
    for upload, image in zip(files, images, strict=True):
        verdict = state.checker.check(image)
        state.metrics.decisions.labels("check", verdict.action).inc()
        record_call(
            state.audit,
            "check",
            client_id=client_id,
            policy=state.policy,
            final_action=verdict.action,
            source=upload.data,
        )
        verdicts.append(verdict)
    return verdicts


def verify(state: ServiceState, files: list[Upload], client_id: str) -> list[Any]:
    """One provenance report per upload; audit each verdict."""
    from guardrail.errors import ImageInputError
    from guardrail.provenance.verify import verify_image

    reports = []
    for upload in files:
        check_pixels(upload, state.config.max_pixels)
        try:
            report = verify_image(
                upload.data, trust=list(state.config.trust) or None, store=state.store, watermark_backends=state.readers
            )
        except ImageInputError as err:
            raise ImageInputError(err.message, where=upload.name, fix=err.fix) from err
        report = report.model_copy(update={"source": upload.name})
        state.metrics.decisions.labels("verify", report.verdict).inc()
        record_call(
            state.audit,
            "verify",
            client_id=client_id,
            policy=state.policy,
            final_action=report.verdict,
            source=upload.data,
        )
        reports.append(report)
    return reports


def mark(state: ServiceState, upload: Upload, model_id: str, fmt: str, client_id: str) -> Any:
    """Check, mark, store and audit one image made elsewhere (library: check_and_mark)."""
    from guardrail.marking import check_and_mark

    image = open_upload(upload, state.config.max_pixels)
    outcome = check_and_mark(
        image,
        source=upload.data,
        checker=state.checker,
        marker=state.marker(model_id),
        audit=state.audit,
        model_id=model_id,
        fmt=fmt,
        client_id=client_id,
    )
    state.metrics.decisions.labels("mark", outcome.action).inc()
    return outcome


def generate(pipe: Any, request: dict[str, Any], client_id: str) -> Any:
    """Run the guarded pipeline once (in the generate worker's thread), audited with the key id."""
    pipe.audit.set_client(client_id)
    try:
        return pipe(**request)
    finally:
        pipe.audit.set_client(None)


def _one_release(records: list[Any], none: str) -> tuple[Any, str | None]:
    """The one release with signed bytes among ``records``, or None and why not."""
    if not records:
        return None, none
    if len(records) > 1:
        return None, f"{len(records)} releases share this tag"
    if not records[0].manifest_bytes:
        return None, f"release {records[0].watermark_id} was stored without its signed bytes"
    return records[0], None


async def _audit_lookup(
    state: ServiceState,
    client_id: str,
    release: Any,
    parameters: dict[str, Any],
    reason: str | None,
    source: bytes | None = None,
) -> None:
    """Commit the lookup's audit record (found or not-found) before anything is answered."""
    outcome: ResolveOutcome = "found" if release is not None else "not-found"
    if release is not None:
        parameters = {**parameters, "release": release.watermark_id}
    record = call_record(
        "resolve",
        client_id=client_id,
        policy=state.policy,
        final_action=outcome,
        parameters=parameters,
        reason=reason,
        source=source,
    )
    await commit_audit(state, [record])
    state.metrics.decisions.labels("resolve", outcome).inc()


async def resolve_watermark(state: ServiceState, watermark_id: str, client_id: str) -> Any:
    """The stored release a watermark id (16 hex digits) or an unambiguous 8-digit tag names; 404 when none.

    Audited either way (operation ``resolve``) before the answer leaves.
    """
    if len(watermark_id) == 16:
        records = [r for r in [state.store.get(watermark_id)] if r is not None]
    else:
        records = state.store.find_by_tag(watermark_id)
    release, why = _one_release(records, "no release with this watermark")
    await _audit_lookup(state, client_id, release, {"by": "watermark", "query": watermark_id}, why)
    if release is None:
        raise ServiceProblem(404, "not-found", why or "not found", where=watermark_id)
    return release


def _match_fingerprint(state: ServiceState, upload: Upload) -> Any:
    """The stored release an image's fingerprint matches (verified on 256-bit codes); its record is None if none."""
    from guardrail.provenance.verify import match_fingerprint
    from guardrail.similarity.fingerprint import query_variants

    image = open_upload(upload, state.config.max_pixels)
    return match_fingerprint(query_variants(image, verification=True), state.store)


async def resolve_fingerprint(state: ServiceState, upload: Upload, client_id: str) -> Any:
    """The fingerprint match of an uploaded image (its ``record`` the release); 404 when none.

    Audited either way (operation ``resolve``, the upload's SHA-256) before the answer leaves.
    """
    match = await run_limited(state, _match_fingerprint, state, upload)
    none = "no stored release matches this image's fingerprint"
    release, why = _one_release([match.record] if match.record is not None else [], none)
    parameters: dict[str, Any] = {"by": "fingerprint"}
    if release is not None:
        parameters.update(distance=match.distance, verify_distance=match.verify_distance)
    await _audit_lookup(state, client_id, release, parameters, why, source=upload.data)
    if release is None:
        raise ServiceProblem(404, "not-found", why or "not found", where=upload.name)
    return match
