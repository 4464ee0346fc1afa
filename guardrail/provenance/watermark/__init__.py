"""Watermark backends, registered by name (built-ins plus ``watermark.NAME`` entry-point plugins).

A backend class provides ``from_options(options: dict) -> WatermarkBackend``.
"""

from __future__ import annotations

import threading
from typing import Any

from guardrail.provenance.watermark.base import WatermarkBackend
from guardrail.registry import BackendRegistry

__all__ = ["BACKENDS", "WatermarkBackend", "available_backends", "get_backend"]

# name -> "module:Class" (imported on first use) or a class with ``from_options``.
BACKENDS: dict[str, Any] = {
    "dwtDctSvd": "guardrail.provenance.watermark.dwt_dct_svd:DwtDctSvdBackend",
    "dwtDctSvdPlus": "guardrail.provenance.watermark.dwt_dct_svd_plus:DwtDctSvdPlusBackend",
    "latticeSync": "guardrail.provenance.watermark.lattice_sync:LatticeSyncBackend",
    "latticeSync2": "guardrail.provenance.watermark.lattice_sync2:LatticeSync2Backend",
    "rivaGan": "guardrail.provenance.watermark.riva_gan:RivaGanBackend",
}
_REGISTRY = BackendRegistry("watermark", BACKENDS)
_cache: dict[tuple[str, str], WatermarkBackend] = {}
_cache_lock = threading.Lock()


def available_backends() -> list[str]:
    """Names of every watermark backend: built-in and plugins."""
    return _REGISTRY.names()


def get_backend(name: str, options: dict[str, Any] | None = None) -> WatermarkBackend:
    """The backend registered as ``name`` (cached per options); unknown names list the valid ones."""
    cls = _REGISTRY.resolve(name, "provenance.watermark.backend")
    key = (name, repr(sorted((options or {}).items())))
    with _cache_lock:
        if key not in _cache:
            _cache[key] = cls.from_options(dict(options or {}))
        return _cache[key]
