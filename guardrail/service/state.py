"""What one service process holds: the policy, the library's objects, the stores, the worker.

Everything is built once at startup (``build_state``) with explicit store paths, so a request
never depends on the environment at call time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from guardrail.service.apikeys import ApiKeyStore
from guardrail.service.config import ServiceConfig
from guardrail.service.limits import RateLimiter
from guardrail.service.metrics import ServiceMetrics
from guardrail.service.warmup import ClassifierLoader
from guardrail.service.worker import GenerateWorker

__all__ = ["ServiceState", "build_state"]

log = logging.getLogger(__name__)


@dataclass
class ServiceState:
    """The objects every route uses (one per process)."""

    config: ServiceConfig
    policy: Any
    screener: Any
    checker: Any
    store: Any
    audit: Any
    keys: ApiKeyStore
    limiter: RateLimiter
    metrics: ServiceMetrics
    worker: GenerateWorker | None
    model_id: str
    readers: list[Any]
    classifiers: ClassifierLoader
    _markers: dict[str, Any] = field(default_factory=dict)
    _markers_lock: threading.Lock = field(default_factory=threading.Lock)

    def marker(self, model_id: str) -> Any:
        """A Marker for ``model_id`` sharing the service's manifest store (built once per model id)."""
        from guardrail.provenance import Marker

        with self._markers_lock:
            if model_id not in self._markers:
                self._markers[model_id] = Marker(self.policy, model_id=model_id, store=self.store)
            return self._markers[model_id]

    def close(self) -> None:
        """Stop the worker and close the stores."""
        if self.worker is not None:
            self.worker.stop()
        for closer in (self.store.close, self.audit.close, self.keys.close):
            try:
                closer()
            except Exception:
                log.exception("closing a store failed")


def build_state(config: ServiceConfig) -> ServiceState:
    """Load the policy and open every store; start loading the classifiers and the model, each on its thread."""
    from guardrail.audit import AuditLog
    from guardrail.audit.group_commit import GroupCommitWriter
    from guardrail.checks import ImageChecker
    from guardrail.generation import DEMO_MODEL_ID
    from guardrail.policy import load_policy
    from guardrail.provenance.store import default_store
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS
    from guardrail.screening import Screener
    from guardrail.service.auditing import ClientStampedAudit

    policy = load_policy(config.policy)
    metrics = ServiceMetrics()
    store = default_store()
    audit = GroupCommitWriter(AuditLog())  # concurrent requests share durable commits; each waits for its own
    metrics.audit_commits.set_function(lambda: audit.commits)
    metrics.audit_entries.set_function(lambda: audit.entries)
    checker = ImageChecker(policy)
    screener = Screener(policy)
    model_id = config.model or DEMO_MODEL_ID
    state = ServiceState(
        config=config,
        policy=policy,
        screener=screener,
        checker=checker,
        store=store,
        audit=audit,
        keys=ApiKeyStore(),
        limiter=RateLimiter(config.rate_limit, config.rate_burst or config.rate_limit),
        metrics=metrics,
        worker=None,
        model_id=model_id,
        readers=[policy.provenance.watermark, *DEFAULT_READ_BACKENDS],
        classifiers=ClassifierLoader([screener.load, checker.load]),  # not on first request: readyz waits
    )
    state.classifiers.start()
    if config.generate:

        def load() -> Any:
            from guardrail.generation import load_pipeline
            from guardrail.pipeline import GuardedPipeline

            loaded = load_pipeline(config.model)
            pipe = GuardedPipeline(
                loaded.pipe,
                policy=policy,
                model_id=loaded.model_id,
                checker=checker,
                marker=state.marker(loaded.model_id),
                audit=ClientStampedAudit(audit),
            )
            metrics.model_loaded.set(1)
            return pipe

        def on_depth(depth: int, running: bool) -> None:
            metrics.queue_depth.set(depth)
            metrics.generate_running.set(1 if running else 0)

        state.worker = GenerateWorker(load, config.queue_size, on_depth)
        state.worker.start()
    return state
