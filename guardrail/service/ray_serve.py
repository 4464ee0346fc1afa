"""guardrail's service on Ray Serve: one replica of the FastAPI app (and its GuardedPipeline) per GPU.

```
Ray Serve proxy ─► deployment "guardrail" ─► replica 1 (GPU 0): create_app(config) ─► GuardedPipeline, checks, marker
                                         └─► replica N (GPU N-1): the same app, its own models
every replica ─► the same stores (one GUARDRAIL_HOME on one machine; PostgreSQL across machines)
```

Each replica builds the very app ``guardrail serve`` runs (:func:`guardrail.service.app.create_app`:
routers, API keys, limits, the generate worker over :class:`~guardrail.pipeline.GuardedPipeline`),
so HTTP requests and responses are the same. Build the application in Python::

    from ray import serve
    from guardrail.service.config import ServiceConfig
    from guardrail.service.ray_serve import ServeOptions, build_application

    serve.run(build_application(ServiceConfig(generate=True), ServeOptions(num_replicas=2, num_gpus=1)))

or with Ray's CLI (``key=value`` arguments are :class:`ServeOptions` fields)::

    serve run guardrail.service.ray_serve:app_builder num_replicas=2 num_gpus=1 policy=policies/strict.yaml

The driver's ``GUARDRAIL_*`` environment variables go to the replicas (same home or database).
A replica's rate limits are its own: N replicas admit up to N times ``rate_limit``.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import EngineError
from guardrail.service.config import ServiceConfig

__all__ = ["GuardrailReplica", "ServeOptions", "app_builder", "build_application"]


class ServeOptions(BaseModel):
    """How the guardrail deployment is spread over the Ray cluster."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("guardrail", description="Deployment name in Ray Serve.")
    num_replicas: int = Field(1, ge=1, description="Replicas of the app; one per GPU for generation.")
    num_gpus: float = Field(1, ge=0, description="GPUs per replica (ray_actor_options); 0 on a CPU-only cluster.")
    num_cpus: float = Field(1, ge=0, description="CPUs per replica (ray_actor_options).")
    max_ongoing_requests: int = Field(
        8, ge=1, description="Requests one replica takes at once; more wait in Ray Serve's queue."
    )


class GuardrailReplica:
    """One Ray Serve replica: builds guardrail's FastAPI app when Ray Serve asks for it."""

    def __init__(self, config_json: str, env: dict[str, str]) -> None:
        os.environ.update(env)  # before the app opens the stores: GUARDRAIL_HOME, the database URL, ...
        self._config = ServiceConfig.model_validate_json(config_json)

    def __serve_build_asgi_app__(self) -> Any:
        from guardrail.service.app import create_app

        return create_app(self._config)  # a bad policy or store fails the replica's start, not a request


def _serve() -> Any:
    try:
        from ray import serve
    except ImportError as err:
        raise EngineError(
            f"Ray Serve is not installed ({err})",
            where="guardrail.service.ray_serve",
            fix="install the extra: pip install 'guardrail[ray]' (or pip install 'ray[serve]')",
        ) from err
    return serve


def build_application(config: ServiceConfig | None = None, options: ServeOptions | None = None) -> Any:
    """The Ray Serve application (``serve.run`` it): ``options.num_replicas`` replicas of the app under ``config``."""
    serve = _serve()
    config = config or ServiceConfig()
    options = options or ServeOptions()
    env = {k: v for k, v in os.environ.items() if k.startswith("GUARDRAIL_")}
    deployment = serve.deployment(
        serve.ingress()(GuardrailReplica),
        name=options.name,
        num_replicas=options.num_replicas,
        max_ongoing_requests=options.max_ongoing_requests,
        ray_actor_options={"num_gpus": options.num_gpus, "num_cpus": options.num_cpus},
    )
    return deployment.bind(config.model_dump_json(), env)


def app_builder(args: dict[str, Any]) -> Any:
    """For ``serve run guardrail.service.ray_serve:app_builder key=value ...`` (ServeOptions, ServiceConfig fields)."""
    split: dict[str, dict[str, Any]] = {"options": {}, "config": {}}
    for key, value in args.items():
        if key in ServeOptions.model_fields:
            split["options"][key] = value
        elif key in ServiceConfig.model_fields:
            split["config"][key] = value
        else:
            known = sorted({*ServeOptions.model_fields, *ServiceConfig.model_fields})
            raise EngineError(f"unknown argument {key!r}", where="serve run", fix=f"use one of: {', '.join(known)}")
    return build_application(
        ServiceConfig.model_validate(split["config"]), ServeOptions.model_validate(split["options"])
    )
