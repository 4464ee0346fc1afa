"""POST /v1/screen: one prompt or a batch, against the service's policy."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from guardrail.screening.decision import PromptDecision
from guardrail.service import calls
from guardrail.service.deps import Caller, get_state, require
from guardrail.service.models import ScreenRequest
from guardrail.service.problems import Problem
from guardrail.service.state import ServiceState

_require_screen = require("screen")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["screen"], responses={s: {"model": Problem} for s in (401, 403, 422, 503, 504)})


@router.post("/v1/screen", response_model=PromptDecision | list[PromptDecision])
async def screen(
    body: ScreenRequest, caller: Caller = Depends(_require_screen), state: ServiceState = Depends(get_state)
):
    """Screen ``prompt`` (answer: one decision) or ``prompts`` (answer: a list, same order)."""
    decisions = await calls.screen(state, [body.prompt] if body.prompts is None else body.prompts, caller.client_id)
    return decisions[0] if body.prompts is None else decisions
