"""What each endpoint does, as plain functions over the library (run in the thread pool).

Each one calls the library, counts the decision in the metrics and writes the audit record with
the caller's key id. Routes only parse, authorise and call these.
"""

from __future__ import annotations

from typing import Any

from guardrail.service.auditing import record_call
from guardrail.service.deps import Upload, check_pixels, open_upload
from guardrail.service.state import ServiceState

__all__ = ["check", "generate", "mark", "resolve_fingerprint", "screen", "verify"]


def screen(state: ServiceState, prompts: list[str], client_id: str) -> list[Any]:
    """Screen each prompt and audit each decision (prompt text or HMAC, as the policy says)."""
    decisions = [state.screener.screen(p) for p in prompts]  # an empty or overlong prompt fails the batch (422)
    for decision in decisions:
        action = decision.action.value
        state.metrics.decisions.labels("screen", action).inc()
        record_call(
            state.audit,
            "screen",
            client_id=client_id,
            policy=state.policy,
            final_action=action,
            prompt=decision.prompt,
            prompt_mode=state.policy.audit.prompt,
            matched_rules=decision.rule_ids,
            model_id=state.model_id,
        )
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


def resolve_fingerprint(state: ServiceState, upload: Upload) -> Any:
    """The stored release an image's fingerprint matches (verified on 256-bit codes), or None."""
    from guardrail.provenance.verify import match_fingerprint
    from guardrail.similarity.fingerprint import query_variants

    image = open_upload(upload, state.config.max_pixels)
    return match_fingerprint(query_variants(image, verification=True), state.store)
