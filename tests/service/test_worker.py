"""The generate worker's queue, with a target that waits on an event (deterministic, no model)."""

from __future__ import annotations

import threading

import pytest

from guardrail.service.worker import GenerateWorker, QueueFull


def test_one_call_runs_queue_size_wait_the_next_is_refused_and_shutdown_fails_the_waiting() -> None:
    gate = threading.Event()
    started = threading.Event()
    depths: list[tuple[int, bool]] = []
    worker = GenerateWorker(lambda: "model", queue_size=1, on_depth=lambda d, r: depths.append((d, r)))
    worker.start()

    def slow(target: str) -> str:
        started.set()
        gate.wait(30)
        return f"made by {target}"

    first = worker.submit(slow)
    assert started.wait(30)
    second = worker.submit(lambda target: "second")
    with pytest.raises(QueueFull) as refused:
        worker.submit(lambda target: "third")
    assert refused.value.retry_after >= 1 and worker.depth == 1
    gate.set()
    assert first.result(30) == "made by model" and second.result(30) == "second"
    assert (1, True) in depths and depths[-1] == (0, False)

    gate.clear()
    started.clear()
    running = worker.submit(slow)
    assert started.wait(30)
    waiting = worker.submit(lambda target: "never")
    stopper = threading.Thread(target=worker.stop)
    stopper.start()
    gate.set()
    stopper.join(30)
    assert running.result(30) == "made by model"
    with pytest.raises(RuntimeError, match="shutting down"):
        waiting.result(30)


def test_a_model_that_fails_to_load_fails_each_call() -> None:
    def broken() -> None:
        raise OSError("no such model folder")

    worker = GenerateWorker(broken, queue_size=2)
    worker.start()
    assert worker.loaded.wait(30) and isinstance(worker.load_error, OSError)
    with pytest.raises(RuntimeError, match="not loaded"):
        worker.submit(lambda target: target).result(30)
    worker.stop()
