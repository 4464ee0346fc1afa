"""The ``ray`` engine: a batch job over Ray Data, one guardrail worker per actor.

```
driver: items ─► ray.data.from_items ─► map_batches(_RayWorker, ActorPoolStrategy(size=workers))
actor:  job.start() once (stores, policy, models stay loaded) ─► worker(item) per image ─► ItemResult (JSON)
driver: iter_rows (items' order) ─► ItemResult; a worker's configuration fault is raised here
```

With no ``address`` a local Ray is started (and stopped after); a running one (``ray.init``
already called, as the tests do) is reused. The driver's ``GUARDRAIL_*`` environment variables
are passed to the workers, so they use the same home (SQLite stores on one machine) or the same
database. Workers read the files by path: on several machines the input and output folders must
be shared storage, and the stores must be a server database (docs/scaling.md).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from guardrail.batch.models import BatchItem, ItemResult
from guardrail.errors import EngineError, GuardrailError
from guardrail.threads import configure_opencv_threads

if TYPE_CHECKING:
    from guardrail.batch.jobs import Job

__all__ = ["BATCH_SIZE", "connect", "run_ray"]

logger = logging.getLogger(__name__)

BATCH_SIZE = 4
"""Images per Ray Data batch: small, so that a few slow images do not leave an actor idle."""

_FIX_INSTALL = "install the extra: pip install 'guardrail[ray]' (or pip install 'ray[data]')"


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as err:
        raise EngineError(f"Ray is not installed ({err})", where="--engine ray", fix=_FIX_INSTALL) from err
    return ray


def _host_port(address: str) -> tuple[str, int] | None:
    """(host, port) of ``host:port`` or ``ray://host:port``; None for ``auto`` (Ray finds the local cluster)."""
    if address in ("auto", "local"):
        return None
    rest = address.removeprefix("ray://")
    host, sep, port = rest.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise EngineError(
            f"not a Ray address: {address!r}",
            where="--address",
            fix="give host:port of the head node (e.g. 10.0.0.5:6379), ray://host:10001, or auto",
        )
    return host.strip("[]"), int(port)


def _probe(address: str, timeout: float = 3.0) -> None:
    """Fail fast with a clear error when nothing listens at ``address`` (ray.init would wait a minute)."""
    target = _host_port(address)
    if target is None:
        return
    try:
        with socket.create_connection(target, timeout=timeout):
            pass
    except OSError as err:
        raise EngineError(
            f"cannot reach a Ray cluster: {err.strerror or err}",
            where=f"--address {address}",
            fix="check the host and port of the head node (`ray start --head` prints them), or drop --address to "
            "start a local Ray",
        ) from err


def connect(address: str | None = None, *, workers: int | None = None) -> bool:
    """Make sure Ray is initialised; return True when this call started it (the caller shuts it down).

    ``address`` None starts a local Ray with ``workers`` CPUs (all of this machine's by default);
    otherwise connects to that cluster, after checking that something listens there (also when
    Ray is already initialised, so a wrong address is never silently ignored).
    """
    ray = _import_ray()
    if address is not None:
        _probe(address)
    if ray.is_initialized():
        return False
    try:
        if address is None:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    except GuardrailError:
        raise
    except Exception as err:  # ConnectionError, RuntimeError from Ray: one clear line
        raise EngineError(
            f"could not start or join Ray: {type(err).__name__}: {err}",
            where=f"--address {address}" if address else "--engine ray",
            fix="check the address and that the cluster runs the same Ray and Python versions",
        ) from err
    return True


class _RayWorker:
    """One guardrail worker per Ray actor: the job starts once, then handles batches of items."""

    def __init__(self, job: Job) -> None:
        self._fault: tuple[str, str] | None = None
        try:
            configure_opencv_threads()  # workers run side by side: one OpenCV thread each (guardrail/threads.py)
            self._run = job.start()
        except Exception as err:  # reported with the first batch, so the driver raises it as it is
            self._fault = (type(err).__name__, str(err))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = []
        for raw in batch["item"]:
            item = BatchItem.model_validate_json(raw)
            if self._fault is None:
                try:
                    out.append(self._run(item).model_dump_json())
                    continue
                except Exception as err:  # a configuration fault: the driver stops the batch
                    self._fault = (type(err).__name__, str(err))
            kind, message = self._fault
            fault = ItemResult(name=item.name, outcome="error", ok=False, row={}, fatal=f"{kind}\n{message}")
            out.append(fault.model_dump_json())
        return {"result": np.array(out, dtype=object)}


def _raise_fault(fatal: str) -> None:
    import guardrail.errors as errors

    kind, _, message = fatal.partition("\n")
    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, GuardrailError):
        raise cls(message)
    raise EngineError(f"a Ray worker failed: {kind}: {message}", where="--engine ray")


def _worker_env() -> dict[str, str]:
    """The driver's GUARDRAIL_* variables (home, database, trust, ...), for the workers."""
    return {k: v for k, v in os.environ.items() if k.startswith("GUARDRAIL_")}


def run_ray(
    job: Job,
    items: Iterable[BatchItem],
    *,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ItemResult]:
    """Run ``job`` over ``items`` on Ray Data with ``workers`` actors (default: the cluster's CPUs).

    Yields results in the items' order as they arrive. Raises EngineError when Ray is missing,
    unreachable or fails, and a worker's configuration fault (StoreError, ...) as its own class.
    """
    ray = _import_ray()
    started = connect(address, workers=workers)
    try:
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # rows come back in the listing's order
        ctx.enable_progress_bars = False  # the CLI owns the terminal: Ray Data's progress logs go quiet too
        ctx.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        rows = [{"item": item.model_dump_json()} for item in items]
        if not rows:
            return
        blocks = -(-len(rows) // batch_size)  # one block per batch: a block goes to one actor, so split them
        dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            _RayWorker,
            fn_constructor_kwargs={"job": job},
            compute=ray.data.ActorPoolStrategy(size=min(size, blocks)),  # no idle actor for a small folder
            batch_size=batch_size,
            num_cpus=1,
            runtime_env={"env_vars": _worker_env()},
        )
        try:
            for row in dataset.iter_rows():
                result = ItemResult.model_validate_json(row["result"])
                if result.fatal is not None:
                    _raise_fault(result.fatal)
                yield result
        except GuardrailError:
            raise
        except Exception as err:  # an actor died, the cluster went away, ...
            raise EngineError(
                f"the Ray batch failed: {type(err).__name__}: {str(err)[:500]}",
                where="--engine ray",
                fix="see the Ray logs (/tmp/ray/session_latest/logs on the head node)",
            ) from err
    finally:
        if started:
            ray.shutdown()
