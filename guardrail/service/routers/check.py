"""POST /v1/check: the policy's image checks on uploaded images."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from guardrail.checks.models import ImageVerdict
from guardrail.service import calls
from guardrail.service.deps import Caller, Upload, get_state, require, run_limited, uploads
from guardrail.service.problems import Problem
from guardrail.service.state import ServiceState

_require_check = require("check")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["check"], responses={s: {"model": Problem} for s in (401, 403, 413, 422, 503, 504)})


@router.post("/v1/check", response_model=ImageVerdict | list[ImageVerdict])
async def check(
    files: list[Upload] = Depends(uploads),
    caller: Caller = Depends(_require_check),
    state: ServiceState = Depends(get_state),
):
    """Check one image (raw body or one multipart file: one verdict) or several (a list)."""
    verdicts = await run_limited(state, calls.check, state, files, caller.client_id)
    return verdicts[0] if len(verdicts) == 1 else verdicts
