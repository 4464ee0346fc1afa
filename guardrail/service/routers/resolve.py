"""Soft-binding resolution: stored manifests found by watermark id or by fingerprint.

The answer is the signed manifest store (JUMBF bytes, ``application/c2pa``) exactly as signed,
so the caller validates the signature itself; headers name the release it belongs to.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from guardrail.service import calls
from guardrail.service.deps import Caller, Upload, get_state, require, run_limited, uploads
from guardrail.service.problems import Problem, ServiceProblem
from guardrail.service.state import ServiceState

_require_verify = require("verify")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["resolve"], responses={s: {"model": Problem} for s in (401, 403, 404, 413, 422)})

_C2PA = "application/c2pa"
_MANIFEST = {200: {"content": {_C2PA: {}}, "description": "The signed manifest store (JUMBF)."}}


def _answer(record, **extra: str) -> Response:
    if not record.manifest_bytes:
        raise ServiceProblem(
            404,
            "not-found",
            f"release {record.watermark_id} was stored without its signed bytes",
            where=record.watermark_id,
        )
    headers = {
        "X-Guardrail-Watermark-Id": record.watermark_id,
        "X-Guardrail-Manifest-Hash": record.manifest_hash,
        **extra,
    }
    return Response(record.manifest_bytes, media_type=_C2PA, headers=headers)


@router.get("/v1/manifests/by-watermark/{watermark_id}", response_class=Response, responses=_MANIFEST)
async def by_watermark(
    watermark_id: str = Path(description="Watermark id (16 hex digits) or a 32-bit backend's tag (8 hex digits)."),
    caller: Caller = Depends(_require_verify),
    state: ServiceState = Depends(get_state),
):
    """The manifest of the release a watermark id (or an unambiguous tag) names."""
    wid = watermark_id.lower()
    if not re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{16}", wid):
        raise ServiceProblem(
            422,
            "bad-input",
            f"not a watermark id: {watermark_id!r}",
            where="watermark_id",
            fix="give 16 hex digits (or an 8-digit tag)",
        )
    records = [r for r in [state.store.get(wid)] if r] if len(wid) == 16 else state.store.find_by_tag(wid)
    if len(records) != 1:
        what = "no release with this watermark" if not records else f"{len(records)} releases share this tag"
        raise ServiceProblem(404, "not-found", what, where=watermark_id)
    return _answer(records[0])


@router.post("/v1/manifests/by-fingerprint", response_class=Response, responses=_MANIFEST)
async def by_fingerprint(
    files: list[Upload] = Depends(uploads),
    caller: Caller = Depends(_require_verify),
    state: ServiceState = Depends(get_state),
):
    """The manifest of the release an uploaded image matches by fingerprint (verified on 256-bit codes)."""
    if len(files) != 1:
        raise ServiceProblem(422, "bad-input", f"give one image, got {len(files)}", where="body")
    match = await run_limited(state, calls.resolve_fingerprint, state, files[0])
    if match.record is None:
        raise ServiceProblem(
            404, "not-found", "no stored release matches this image's fingerprint", where=files[0].name
        )
    return _answer(
        match.record,
        **{
            "X-Guardrail-Fingerprint-Distance": str(match.distance),
            "X-Guardrail-Verify-Distance": str(match.verify_distance),
        },
    )
