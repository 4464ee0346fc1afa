"""GET /healthz, /readyz, /metrics."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response

from guardrail.service.deps import get_state
from guardrail.service.models import Health, Readiness
from guardrail.service.state import ServiceState

router = APIRouter(tags=["admin"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(state: ServiceState = Depends(get_state)):
    """Ready when the model (if generating) and the policy's classifiers are loaded and the stores answer; 503
    otherwise."""
    checks: dict[str, str] = {}
    worker = state.worker
    if worker is None:
        checks["model"] = "disabled"
    elif worker.load_error is not None:
        checks["model"] = f"failed: {worker.load_error}"
    else:
        checks["model"] = "ok" if worker.loaded.is_set() else "loading"
    checks["classifiers"] = state.classifiers.status
    for name, probe in (
        ("manifest_store", state.store.count),
        ("audit_log", lambda: state.audit.list_requests(limit=1)),
        ("api_keys", state.keys.list),
    ):
        try:
            probe()
            checks[name] = "ok"
        except Exception as err:
            checks[name] = f"failed: {err}"
    ready = all(v in ("ok", "disabled") for v in checks.values())
    ref = state.policy.ref
    body = Readiness(
        ready=ready, checks=checks, policy=f"{ref.name} {ref.version} ({ref.hash[:12]})", model_id=state.model_id
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", response_class=Response)
async def metrics(state: ServiceState = Depends(get_state)) -> Response:
    """Prometheus text format."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
