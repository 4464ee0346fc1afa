"""The HTTP service (``guardrail serve``): a FastAPI shell over the library.

Install the ``service`` extra (FastAPI, uvicorn, prometheus-client, python-multipart). Names
resolve lazily so ``import guardrail.service`` does not import FastAPI.
"""

from __future__ import annotations

from guardrail._lazy import lazy_exports

_LAZY: dict[str, str] = {
    "create_app": "guardrail.service.app",
    "ServiceConfig": "guardrail.service.config",
    "ApiKey": "guardrail.service.apikeys",
    "ApiKeyStore": "guardrail.service.apikeys",
    "Problem": "guardrail.service.problems",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
