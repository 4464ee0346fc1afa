"""What running classifiers in a killable worker process costs per image, beside running them in-process.

Since issue 8, ``ImageChecker`` runs every classifier in a long-lived worker process (spawned once,
models kept loaded) so that a timeout holds even when a check keeps the GIL or ends its process.
This prints, on the same 512x512 scikit-image photos and in the same process, interleaved:

- in-process: the backend's ``classify`` called directly, then the policy judged (the old path
  without its thread);
- worker: ``ImageChecker.check`` (image sent through a pipe, classified in the worker, output sent
  back and validated);

for a no-op backend (the pure cost of the worker round trip) and for nudenet (the real detector).
Also the one-time cost of starting a worker (spawn + imports) and of restarting one after a kill.

Run: python benchmarks/check_worker_bench.py [--runs 40]
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import time
from typing import Any

import skimage.data
from PIL import Image

from guardrail.checks import BACKENDS, ClassifierOutput, ImageChecker, create_classifier, judge, worker
from guardrail.policy.schema import ChecksSection, ClassifierConfig, Policy, SimilaritySection


class Noop:
    """Scores every image 0 without looking at it."""

    name = "noop"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        pass

    def categories(self) -> set[str]:
        return {"sexual"}

    def load(self) -> None:
        pass

    def classify(self, image: Image.Image) -> ClassifierOutput:
        return ClassifierOutput(scores={"sexual": 0.0})


def _policy(backend: str) -> Policy:
    config = ClassifierConfig(backend=backend, categories={"sexual": {"threshold": 0.5}})
    return Policy(name="bench", checks=ChecksSection(classifiers=[config], similarity=SimilaritySection(enabled=False)))


def _stats(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"mean {statistics.fmean(ms):6.1f}  p50 {ms[len(ms) // 2]:6.1f}  p95 {ms[int(len(ms) * 0.95) - 1]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    # by its module name: the check worker imports backends by path and never runs this script
    BACKENDS["noop"] = importlib.import_module("check_worker_bench").Noop
    images = [
        Image.fromarray(getattr(skimage.data, n)()).convert("RGB").resize((512, 512))
        for n in ("astronaut", "coffee", "chelsea", "rocket")
    ]
    print(
        f"conditions: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start, 512x512 RGB, "
        f"{args.runs} runs per path"
    )

    start = time.perf_counter()
    worker.pool().run("load", ImageChecker(_policy("noop"))._specs[0], None, 600)
    print(f"first worker start + noop load: {(time.perf_counter() - start) * 1000:.0f} ms")

    for backend in ("noop", "nudenet"):
        policy = _policy(backend)
        config = policy.checks.classifiers[0]
        direct = create_classifier(backend, {})
        checker = ImageChecker(policy)
        direct.load()
        checker.load()
        checker.check(images[0])  # warm both
        judge(backend, config, direct.classify(images[0]))
        inproc: list[float] = []
        viaworker: list[float] = []
        for i in range(args.runs):
            img = images[i % len(images)]
            for path in (0, 1) if i % 2 == 0 else (1, 0):  # alternate the order so load drift hits both
                t = time.perf_counter()
                if path == 0:
                    judge(backend, config, direct.classify(img))
                    inproc.append((time.perf_counter() - t) * 1000)
                else:
                    checker.check(img)
                    viaworker.append((time.perf_counter() - t) * 1000)
        print(f"{backend:8s} in-process  {_stats(inproc)}")
        print(
            f"{backend:8s} worker      {_stats(viaworker)}   "
            f"(+{statistics.fmean(viaworker) - statistics.fmean(inproc):.1f} ms mean)"
        )

    # a restart after a kill: the next check pays spawn + imports + model load
    pool = worker.pool()
    pool.shutdown()
    checker = ImageChecker(_policy("nudenet"))
    t = time.perf_counter()
    checker.check(images[0])
    print(
        "nudenet check on a fresh worker (spawn + onnxruntime import + model load): "
        f"{(time.perf_counter() - t) * 1000:.0f} ms"
    )
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
