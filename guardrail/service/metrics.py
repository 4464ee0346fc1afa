"""Prometheus metrics of one service process (a registry per app, so tests can run several)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["MetricsMiddleware", "ServiceMetrics"]

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ServiceMetrics:
    """Requests, decisions by action, latency histograms and the generate queue's depth."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "guardrail_http_requests",
            "HTTP requests answered, by route and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "guardrail_http_request_seconds",
            "Time to answer, by route.",
            ["route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.decisions = Counter(
            "guardrail_decisions",
            "Decisions and verdicts given, by operation and action.",
            ["operation", "action"],
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "guardrail_generate_queue_depth",
            "Generate requests waiting behind the running one.",
            registry=self.registry,
        )
        self.generate_running = Gauge(
            "guardrail_generate_running", "1 while the model is generating.", registry=self.registry
        )
        self.model_loaded = Gauge("guardrail_model_loaded", "1 once the generator is loaded.", registry=self.registry)
        self.audit_commits = Gauge(
            "guardrail_audit_commits",
            "Durable audit commits since start (group commit: several records each).",
            registry=self.registry,
        )
        self.audit_entries = Gauge(
            "guardrail_audit_entries",
            "Audit entries (a request and its images) committed since start.",
            registry=self.registry,
        )


class MetricsMiddleware:
    """Pure ASGI middleware counting every HTTP request by route template and status, with its latency."""

    def __init__(self, app: Any, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def send_status(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or (
                "/static" if scope.get("path", "").startswith("/static/") else "other"
            )
            self.metrics.requests.labels(path, scope.get("method", ""), str(status["code"])).inc()
            self.metrics.latency.labels(path).observe(time.perf_counter() - start)
