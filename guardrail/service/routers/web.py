"""The web page: ``/`` verifies images, ``/screen`` screens a prompt. Static files, no external assets."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
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
