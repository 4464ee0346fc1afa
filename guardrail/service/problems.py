"""Every error the service returns is one JSON problem (RFC 9457) carrying where / what / fix.

```
GuardrailError ─► Problem(status by class) ─► application/problem+json
HTTP errors (401, 403, 404, 413, 429, 504), request validation (422), anything else (500)
```
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from guardrail.errors import (
    BackendError,
    GuardrailError,
    ImageInputError,
    InputError,
    PolicyError,
    ProvenanceError,
    StoreError,
)

__all__ = ["Problem", "ServiceProblem", "install_problem_handlers", "problem_response"]

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

# Most specific class first.
_STATUS: list[tuple[type[GuardrailError], int, str]] = [
    (ImageInputError, 422, "bad-image"),
    (PolicyError, 500, "policy"),
    (InputError, 422, "bad-input"),
    (StoreError, 503, "store-unavailable"),
    (BackendError, 503, "backend-unavailable"),
    (ProvenanceError, 500, "provenance"),
    (GuardrailError, 500, "error"),
]
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
    504: "Timed out",
}


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details) with the same where / what / fix as the CLI."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="Problem kind as a URI reference, e.g. '/problems/bad-image'.")
    title: str = Field(description="Short summary of the kind (HTTP reason phrase).")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="The full message: 'where: what (fix: ...)'.")
    where: str | None = Field(None, description="The place: an argument, a form field, a header, a file.")
    what: str = Field(description="What is wrong.")
    fix: str | None = Field(None, description="How to fix it.")
    instance: str | None = Field(None, description="The request path.")


class ServiceProblem(Exception):
    """Raised by the service's own checks (auth, limits, queue) to answer with a problem."""

    def __init__(
        self,
        status: int,
        kind: str,
        what: str,
        *,
        where: str | None = None,
        fix: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(what)
        self.status, self.kind, self.what, self.where, self.fix = status, kind, what, where, fix
        self.headers = headers or {}


def problem_response(
    request: Request | None,
    status: int,
    kind: str,
    what: str,
    *,
    where: str | None = None,
    fix: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON problem response."""
    detail = f"{where}: {what}" if where else what
    if fix:
        detail += f" (fix: {fix})"
    body = Problem(
        type=f"/problems/{kind}",
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        where=where,
        what=what,
        fix=fix,
        instance=request.url.path if request is not None else None,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, media_type=MEDIA_TYPE, headers=headers)


# When an error names no fix: what the caller (or the operator) can do about each kind.
_DEFAULT_FIX = {
    "store-unavailable": "retry later; the operator should check the service's stores (disk, database): see /readyz",
    "backend-unavailable": "retry later; the operator should see the server log and /readyz",
}


def _guardrail(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, GuardrailError)
    status, kind = next((s, k) for cls, s, k in _STATUS if isinstance(err, cls))
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, err, exc_info=err)
    fix = err.fix or _DEFAULT_FIX.get(kind, "see the server log" if status >= 500 else None)
    return problem_response(request, status, kind, err.message, where=err.where, fix=fix)


def _service(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, ServiceProblem)
    return problem_response(request, err.status, err.kind, err.what, where=err.where, fix=err.fix, headers=err.headers)


def _validation(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    first: dict[str, Any] = err.errors()[0] if err.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or None
    more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    return problem_response(
        request,
        422,
        "bad-request-body",
        f"{first.get('msg', 'invalid request')}{more}",
        where=where,
        fix="see the request schema at /docs",
    )


def _http(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, StarletteHTTPException)
    kind = {404: "not-found", 405: "method-not-allowed"}.get(err.status_code, "http")
    return problem_response(
        request, err.status_code, kind, str(err.detail), where=request.url.path, headers=getattr(err, "headers", None)
    )


def _internal(request: Request, err: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=err)
    return problem_response(
        request, 500, "internal", f"internal error: {type(err).__name__}", fix="see the server log; please report it"
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a JSON problem."""
    app.add_exception_handler(GuardrailError, _guardrail)
    app.add_exception_handler(ServiceProblem, _service)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _internal)
