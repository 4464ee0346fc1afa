"""POST /v1/generate: the guarded pipeline, one call at a time through the generate worker."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from guardrail.results import GuardedResult
from guardrail.service import calls
from guardrail.service.deps import Caller, get_state, require
from guardrail.service.models import GenerateRequest
from guardrail.service.problems import Problem, ServiceProblem
from guardrail.service.state import ServiceState
from guardrail.service.worker import QueueFull

_require_generate = require("generate")  # one dependency per scope, built at import (not in a default)

router = APIRouter(tags=["generate"], responses={s: {"model": Problem} for s in (401, 403, 422, 429, 503, 504)})


@router.post("/v1/generate", response_model=GuardedResult)
async def generate(
    body: GenerateRequest, caller: Caller = Depends(_require_generate), state: ServiceState = Depends(get_state)
):
    """Screen, generate, check, mark and audit; released images come back as base64 ``data``."""
    worker = state.worker
    if worker is None:
        raise ServiceProblem(
            503,
            "generation-disabled",
            "this service does not generate",
            where="/v1/generate",
            fix="start the service without --no-generate",
        )
    if body.num_images_per_prompt > state.config.max_images:
        raise ServiceProblem(
            422,
            "bad-input",
            f"at most {state.config.max_images} images per request, asked {body.num_images_per_prompt}",
            where="num_images_per_prompt",
        )
    if worker.load_error is not None:
        raise ServiceProblem(
            503,
            "model-unavailable",
            f"the generator could not be loaded: {worker.load_error}",
            where=state.model_id,
            fix="see the server log; check --model",
        )
    try:
        future = worker.submit(lambda pipe: calls.generate(pipe, body.model_dump(), caller.client_id))
    except QueueFull as err:
        raise ServiceProblem(
            429,
            "queue-full",
            "the generate queue is full",
            where="/v1/generate",
            fix=f"retry after {err.retry_after} s",
            headers={"Retry-After": str(err.retry_after)},
        ) from err
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout=state.config.timeout_s)
    except TimeoutError as err:
        future.cancel()  # only drops it if it has not started; a running call finishes and is audited
        raise ServiceProblem(
            504,
            "timeout",
            f"generation took longer than {state.config.timeout_s:g} s",
            fix="retry later, with fewer steps or images",
        ) from err
