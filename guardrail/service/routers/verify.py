"""POST /v1/verify: one provenance report per uploaded image."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from guardrail.provenance.verify import ProvenanceReport
from guardrail.service import calls
from guardrail.service.deps import Caller, Upload, get_state, require, run_limited, uploads
from guardrail.service.problems import Problem
from guardrail.service.state import ServiceState

_require_verify = require("verify")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["verify"], responses={s: {"model": Problem} for s in (401, 403, 413, 422, 503, 504)})


@router.post("/v1/verify", response_model=ProvenanceReport | list[ProvenanceReport])
async def verify(
    files: list[Upload] = Depends(uploads),
    caller: Caller = Depends(_require_verify),
    state: ServiceState = Depends(get_state),
):
    """Verify one image (raw body or one multipart file: one report) or several (a list)."""
    reports = await run_limited(state, calls.verify, state, files, caller.client_id)
    return reports[0] if len(reports) == 1 else reports
