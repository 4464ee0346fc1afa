"""POST /v1/mark: check an image made elsewhere, then watermark, sign, store and audit it."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from guardrail.marking import MarkOutcome
from guardrail.service import calls
from guardrail.service.deps import Caller, Upload, get_state, require, run_limited, uploads
from guardrail.service.problems import Problem, ServiceProblem
from guardrail.service.state import ServiceState

_require_mark = require("mark")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["mark"], responses={s: {"model": Problem} for s in (401, 403, 413, 422, 503, 504)})


@router.post("/v1/mark", response_model=MarkOutcome)
async def mark(
    files: list[Upload] = Depends(uploads),
    caller: Caller = Depends(_require_mark),
    state: ServiceState = Depends(get_state),
    model: str = Query("unknown", max_length=200, description="Generator model id recorded in the manifest."),
    format: Literal["png", "jpeg", "webp"] = Query("png", description="Format of the released file."),
):
    """Answer ``released`` with the signed file (base64 ``data``) or ``withheld`` with the verdict; the checks always
    run."""
    if len(files) != 1:
        raise ServiceProblem(
            422, "bad-input", f"mark takes one image, got {len(files)}", where="body", fix="send one image per request"
        )
    return await run_limited(state, calls.mark, state, files[0], model, format, caller.client_id)
