"""The app factory: ``create_app(config)`` builds the FastAPI app over one ServiceState.

```
create_app ─► state (policy, stores, API keys, limiter, metrics, generate worker)
           ─► routers: screen, check, mark, verify, generate, resolve, admin, web (+ /static)
           ─► problem handlers (every error a JSON problem), metrics middleware
```
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import guardrail
from guardrail.service.config import ServiceConfig
from guardrail.service.metrics import MetricsMiddleware
from guardrail.service.problems import install_problem_handlers
from guardrail.service.routers import admin, check, generate, mark, resolve, screen, verify, web
from guardrail.service.state import build_state
from guardrail.threads import configure_opencv_threads

__all__ = ["create_app"]

_DESCRIPTION = """Screen prompts, check images, mark and verify them, generate under a policy.

Authenticate with `Authorization: Bearer <key>` (keys: `guardrail apikey create --scope ...`).
Every error is a JSON problem (RFC 9457) with `where`, `what` and `fix`."""


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """A FastAPI app serving guardrail under ``config`` (stores in the current GUARDRAIL_HOME)."""
    config = config or ServiceConfig()
    configure_opencv_threads()  # requests run side by side: one OpenCV thread each (guardrail/threads.py)
    state = build_state(config)  # a bad policy or store fails here, before the server listens

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="guardrail",
        version=guardrail.__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN: web.py serves /docs offline
        redoc_url=None,
    )
    app.state.guardrail = state
    install_problem_handlers(app)
    for router in (screen, check, mark, verify, generate, resolve, admin, web):
        app.include_router(router.router)
    app.mount(web.APIDOCS_STATIC, StaticFiles(directory=web.apidocs_folder()), name="apidocs")
    app.mount(
        "/static", StaticFiles(directory=str(resources.files("guardrail.service").joinpath("static"))), name="static"
    )

    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    return app
