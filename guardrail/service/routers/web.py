"""The web page: ``/`` verifies images, ``/screen`` screens a prompt. Static files, no external assets.

Also the API docs, offline too: ``/docs`` (Swagger UI) loads its script and style from
``/static/apidocs``, the assets the ``fastapi-offline`` package ships (FastAPI's own page loads
them from a CDN). There is no ReDoc page: its side menu fetches a logo from the web.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["web"], include_in_schema=False)

# The page loads only its own files: no CDN, font or script from elsewhere.
_CSP = (
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'"
)


def _page(name: str) -> HTMLResponse:
    html = resources.files("guardrail.service").joinpath("static", name).read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"})


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    """Verify images."""
    return _page("index.html")


@router.get("/screen", response_class=HTMLResponse)
async def screen_page() -> HTMLResponse:
    """Screen a prompt."""
    return _page("screen.html")


APIDOCS_STATIC = "/static/apidocs"
"""Where the app mounts the Swagger UI assets (``apidocs_folder``)."""

# The docs page has one inline script (their set-up): allowed, but nothing may come from elsewhere.
_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; frame-ancestors 'none'"
)


def apidocs_folder() -> str:
    """The folder of the Swagger UI assets (in the ``fastapi-offline`` package)."""
    return str(resources.files("fastapi_offline").joinpath("static"))


def _docs_page(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = _DOCS_CSP
    page.headers["X-Content-Type-Options"] = "nosniff"
    return page


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    """The OpenAPI docs in Swagger UI (offline)."""
    root = request.scope.get("root_path", "")
    return _docs_page(
        get_swagger_ui_html(
            openapi_url=f"{root}{request.app.openapi_url}",
            title=f"{request.app.title} - API",
            swagger_js_url=f"{root}{APIDOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{APIDOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{APIDOCS_STATIC}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # never send the schema to an online validator
        )
    )
