"""Engines run a batch job over items: ``local`` (this process) or ``ray`` (a Ray cluster).

An engine is one function ``(job, items, *, address, workers) -> Iterator[ItemResult]`` yielding
results in the items' order; engines are chosen by name in :data:`ENGINES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from guardrail.batch.models import BatchItem, ItemResult

if TYPE_CHECKING:
    from guardrail.batch.jobs import Job

__all__ = ["ENGINES", "run_batch", "run_local"]


def run_local(
    job: Job, items: Iterable[BatchItem], *, address: str | None = None, workers: int | None = None
) -> Iterator[ItemResult]:
    """One worker in this process, one image after the other (``address`` and ``workers`` unused)."""
    worker = job.start()
    for item in items:
        yield worker(item)


ENGINES: dict[str, str] = {
    "local": "guardrail.batch.engines:run_local",
    "ray": "guardrail.batch.ray_engine:run_ray",
}
"""Engine name -> ``module:function`` (imported on use: Ray is an optional extra)."""


def run_batch(
    job: Job,
    items: Iterable[BatchItem],
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
) -> Iterator[ItemResult]:
    """Run ``job`` over ``items`` with the named engine; results come in the items' order.

    Raises InputError for an unknown engine, EngineError when the engine is missing or fails,
    and the job's configuration faults (StoreError, ...) as they are.
    """
    from guardrail.errors import InputError

    target = ENGINES.get(engine)
    if target is None:
        raise InputError(
            f"unknown engine {engine!r}", where="--engine", fix=f"use one of: {', '.join(sorted(ENGINES))}"
        )
    if engine == "local" and address is not None:
        raise InputError("--address needs --engine ray", where="--address", fix="add --engine ray, or drop --address")
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(job, items, address=address, workers=workers)
