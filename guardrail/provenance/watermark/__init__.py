"""Watermark backends, registered by name, and the detector that runs them through the codec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guardrail.errors import BackendError
from guardrail.provenance.watermark.base import WatermarkBackend

__all__ = ["BACKENDS", "WatermarkBackend", "get_backend"]


def _dwt_dct_svd(options: dict[str, Any]) -> WatermarkBackend:
    from guardrail.provenance.watermark.dwt_dct_svd import DwtDctSvdBackend

    return DwtDctSvdBackend.from_options(options)


def _dwt_dct_svd_plus(options: dict[str, Any]) -> WatermarkBackend:
    from guardrail.provenance.watermark.dwt_dct_svd_plus import DwtDctSvdPlusBackend

    return DwtDctSvdPlusBackend.from_options(options)


def _riva_gan(options: dict[str, Any]) -> WatermarkBackend:
    from guardrail.provenance.watermark.riva_gan import RivaGanBackend

    return RivaGanBackend.from_options(options)


# name -> factory(options) -> backend
BACKENDS: dict[str, Callable[[dict[str, Any]], WatermarkBackend]] = {
    "dwtDctSvd": _dwt_dct_svd,
    "dwtDctSvdPlus": _dwt_dct_svd_plus,
    "rivaGan": _riva_gan,
}

_cache: dict[tuple[str, str], WatermarkBackend] = {}


def get_backend(name: str, options: dict[str, Any] | None = None) -> WatermarkBackend:
    """The backend registered as ``name`` (cached per options); unknown names list the valid ones."""
    factory = BACKENDS.get(name)
    if factory is None:
        raise BackendError(
            f"unknown watermark backend {name!r}; valid: {', '.join(sorted(BACKENDS))}",
            where="provenance.watermark.backend",
            fix=f"use one of {', '.join(sorted(BACKENDS))}",
        )
    key = (name, repr(sorted((options or {}).items())))
    if key not in _cache:
        _cache[key] = factory(dict(options or {}))
    return _cache[key]
