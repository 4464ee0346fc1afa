"""Soft-binding resolution: stored manifests found by watermark id or by fingerprint.

The answer is the signed manifest store (JUMBF bytes, ``application/c2pa``) exactly as signed,
so the caller validates the signature itself; headers name the release it belongs to. Every
lookup, found or not, is audited (operation ``resolve``) before the answer leaves.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from guardrail.service import calls
from guardrail.service.deps import Caller, Upload, get_state, require, uploads
from guardrail.service.problems import Problem, ServiceProblem
from guardrail.service.state import ServiceState

_require_verify = require("verify")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["resolve"], responses={s: {"model": Problem} for s in (401, 403, 404, 413, 422, 503, 504)})

_C2PA = "application/c2pa"
_MANIFEST = {200: {"content": {_C2PA: {}}, "description": "The signed manifest store (JUMBF)."}}


def _answer(record, **extra: str) -> Response:
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
    """The manifest of the release a watermark id (or an unambiguous tag) names; every lookup is audited."""
    wid = watermark_id.lower()
    if not re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{16}", wid):
        raise ServiceProblem(
            422,
            "bad-input",
            f"not a watermark id: {watermark_id!r}",
            where="watermark_id",
            fix="give 16 hex digits (or an 8-digit tag)",
        )
    return _answer(await calls.resolve_watermark(state, wid, caller.client_id))


@router.post("/v1/manifests/by-fingerprint", response_class=Response, responses=_MANIFEST)
async def by_fingerprint(
    files: list[Upload] = Depends(uploads),
    caller: Caller = Depends(_require_verify),
    state: ServiceState = Depends(get_state),
):
    """The manifest of the release an uploaded image matches by fingerprint (verified on 256-bit codes); every
    lookup is audited."""
    if len(files) != 1:
        raise ServiceProblem(422, "bad-input", f"give one image, got {len(files)}", where="body")
    match = await calls.resolve_fingerprint(state, files[0], caller.client_id)
    return _answer(
        match.record,
        **{
            "X-Guardrail-Fingerprint-Distance": str(match.distance),
            "X-Guardrail-Verify-Distance": str(match.verify_distance),
        },
    )
