"""Dependencies every route declares: who is calling (auth and scope), limits, uploaded images.

```
request ─► caller(scope): key ─► 401 / 403 ─► rate limit ─► 429
        ─► uploads(): body cap ─► 413, multipart or raw body ─► [(name, bytes)]
        ─► open_upload(): pixel cap ─► 413, bad image ─► 422
```
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from guardrail.service.problems import ServiceProblem
from guardrail.service.state import ServiceState

__all__ = [
    "Caller",
    "Upload",
    "check_pixels",
    "commit_audit",
    "get_state",
    "open_upload",
    "require",
    "run_limited",
    "uploads",
]

T = TypeVar("T")


class Caller(BaseModel):
    """Who made the request: an API key's id, or 'public' for an open verify."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str = Field(description="API key id, or 'public'.")
    scopes: list[str] = Field(default_factory=list, description="Scopes of the key.")


class Upload(BaseModel):
    """One uploaded image file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="File name given by the client, or 'body' for a raw body.")
    data: bytes = Field(repr=False, description="The file's bytes.")


async def get_state(request: Request) -> ServiceState:
    """The process's ServiceState (async: FastAPI runs a plain ``def`` dependency in a worker thread)."""
    return request.app.state.guardrail


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-key")


def require(scope: str) -> Callable[..., Any]:
    """A dependency: the caller must hold an active key with ``scope`` (verify may be public)."""

    async def dependency(request: Request, state: ServiceState = Depends(get_state)) -> Caller:
        # In the event loop: a key lookup is one indexed SQLite read (tens of microseconds).
        token = _token(request)
        if token is None and scope == "verify" and state.config.public_verify:
            caller = Caller(client_id="public")
            bucket = f"public:{request.client.host if request.client else '-'}"
        else:
            if token is None:
                raise ServiceProblem(
                    401,
                    "unauthorized",
                    "no API key given",
                    where="Authorization",
                    fix="send 'Authorization: Bearer <key>' (create one with `guardrail apikey create`)",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            key = state.keys.authenticate(token)
            if key is None:
                raise ServiceProblem(
                    401,
                    "unauthorized",
                    "unknown or revoked API key",
                    where="Authorization",
                    fix="check the key; list active keys with `guardrail apikey list`",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if scope not in key.scopes:
                raise ServiceProblem(
                    403,
                    "forbidden",
                    f"API key {key.key_id} lacks the '{scope}' scope",
                    where="Authorization",
                    fix=f"create a key with --scope {scope}",
                )
            caller = Caller(client_id=key.key_id, scopes=list(key.scopes))
            bucket = key.key_id
        wait = state.limiter.take(bucket)
        if wait:
            raise ServiceProblem(
                429,
                "rate-limited",
                f"rate limit of {state.config.rate_limit} requests per minute reached",
                where=caller.client_id,
                fix=f"retry after {wait} s",
                headers={"Retry-After": str(wait)},
            )
        request.state.client_id = caller.client_id
        return caller

    return dependency


def _too_large(limit: int) -> ServiceProblem:
    return ServiceProblem(
        413,
        "too-large",
        f"request body larger than {limit} bytes",
        where="body",
        fix="send a smaller image (or ask the operator to raise --max-body-mb)",
    )


async def uploads(request: Request, state: ServiceState = Depends(get_state)) -> list[Upload]:
    """The images of the request: multipart files (any field name), or the raw body as one image."""
    limit = state.config.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # lets request.form() parse what was read (starlette reads _body first)
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        form = await request.form(
            max_files=state.config.max_files, max_fields=state.config.max_files, max_part_size=limit
        )
        files = [(v.filename or key, await v.read()) for key, v in form.multi_items() if not isinstance(v, str)]
        if not files:
            raise ServiceProblem(
                422,
                "bad-input",
                "no image file in the form",
                where="body",
                fix="send the image as a multipart file field named 'image'",
            )
        return [Upload(name=name, data=data) for name, data in files]
    if not body:
        raise ServiceProblem(
            422,
            "bad-image",
            "empty body: no image bytes",
            where="body",
            fix="send the image as the raw body or as a multipart file field named 'image'",
        )
    return [Upload(name="body", data=body)]


def check_pixels(upload: Upload, max_pixels: int) -> None:
    """413 when the image header declares more than ``max_pixels`` (nothing is decoded)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(upload.data)) as probe:
            width, height = probe.size
    except Exception:
        width = height = 0  # open_image says what is wrong
    if width * height > max_pixels:
        raise ServiceProblem(
            413,
            "too-many-pixels",
            f"image is {width}x{height} ({width * height} pixels); the limit is {max_pixels}",
            where=upload.name,
            fix="downscale the image",
        )


def open_upload(upload: Upload, max_pixels: int) -> Any:
    """Decode an upload to RGB; 413 above ``max_pixels``, ImageInputError (422) when it is no usable image."""
    from guardrail.errors import ImageInputError
    from guardrail.imageio import open_image

    check_pixels(upload, max_pixels)
    try:
        return open_image(upload.data, max_pixels=max_pixels)
    except ImageInputError as err:
        raise ImageInputError(err.message, where=upload.name, fix=err.fix) from err


async def run_limited(state: ServiceState, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking library work in the thread pool; 504 after the configured timeout."""
    try:
        return await asyncio.wait_for(run_in_threadpool(func, *args, **kwargs), timeout=state.config.timeout_s)
    except TimeoutError as err:
        raise ServiceProblem(
            504,
            "timeout",
            f"the request took longer than {state.config.timeout_s:g} s",
            fix="retry later or with a smaller input",
        ) from err


async def commit_audit(state: ServiceState, records: list[Any]) -> None:
    """Return once every record is durably committed by the group-commit writer (no thread held while
    waiting); the writer's error (503) if it failed, 504 after the configured timeout. Either way the
    caller answers nothing but the problem: nothing leaves unaudited."""
    futures = [asyncio.wrap_future(state.audit.submit(record)) for record in records]
    try:
        await asyncio.wait_for(asyncio.gather(*futures), timeout=state.config.timeout_s)
    except TimeoutError as err:
        raise ServiceProblem(
            504,
            "timeout",
            f"the audit log did not commit within {state.config.timeout_s:g} s",
            where="audit log",
            fix="retry later; check the disk of GUARDRAIL_HOME",
        ) from err
