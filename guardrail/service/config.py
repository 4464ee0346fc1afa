"""The service's settings: one pydantic model, filled from ``guardrail serve`` options."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ServiceConfig"]


class ServiceConfig(BaseModel):
    """How one ``guardrail serve`` process behaves. Every limit is per process (per replica)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    policy: str | None = Field(None, description="Policy file or builtin:NAME (default: the shipped default policy).")
    model: str | None = Field(
        None, description="Generator: hub id (local cache), local path, or None for the offline demo model."
    )
    generate: bool = Field(
        True, description="Load the model and serve /v1/generate; False serves everything else without a model."
    )
    public_verify: bool = Field(
        False,
        description="Let /v1/verify and the resolver endpoints answer without an API key (nothing else can be public).",
    )
    trust: list[Path] = Field(default_factory=list, description="Extra C2PA trust anchors (PEM bundles) for verify.")
    max_body_bytes: int = Field(20 * 1024 * 1024, ge=1, description="Largest request body accepted (413 above it).")
    max_pixels: int = Field(
        40_000_000, ge=1, description="Largest declared image size in pixels accepted (413 above it)."
    )
    max_files: int = Field(16, ge=1, description="Most images in one multipart request.")
    rate_limit: int = Field(
        600,
        ge=1,
        description="Requests per minute per API key (or per client address for public verify); 429 above it.",
    )
    rate_burst: int | None = Field(
        None, ge=1, description="Requests a key may make at once before the rate applies (default: rate_limit)."
    )
    timeout_s: float = Field(
        60.0, gt=0, description="Longest a request may take (504 after it); generate counts its queue wait."
    )
    queue_size: int = Field(
        4, ge=0, description="Generate requests that may wait behind the running one (429 with Retry-After above it)."
    )
    max_images: int = Field(4, ge=1, le=16, description="Most images one generate request may ask for.")
