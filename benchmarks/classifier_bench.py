"""Classifier latency per image for every backend that runs offline, beside a no-op baseline.

- nudenet: the real detector shipped in the wheel (320n.onnx).
- sd-safety-checker and hf-image-classifier: TINY models built here (random weights, a few
  layers); their figures show the loading/decision overhead of our code path, not the cost of the
  real CLIP or ViT weights, which cannot be downloaded on this machine.
Baselines in the same run: the same ImageChecker with no classifier and only similarity against
an EMPTY reference registry (a policy must enable at least one check), i.e. our fixed overhead
including one fingerprint, and nudenet's own ``NudeDetector.detect`` called directly on the same
images. Classifier rows have similarity off.

Then nudenet's onnxruntime session settings side by side (same images, interleaved runs so load
changes hit every setting alike): onnxruntime's defaults (one intra-op thread per core, spinning
workers) vs one thread, vs two threads without spinning; on the machine as it is, with two busy
processes competing for the cores, and with two checks running in parallel threads. The raw
model outputs of every setting are compared with the default session's.

Run: python benchmarks/classifier_bench.py [--runs 30] [--session-runs 20] [--no-backends]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import skimage.data
from PIL import Image

from guardrail.checks import ImageChecker
from guardrail.policy.schema import ChecksSection, ClassifierConfig, Policy, SimilaritySection
from guardrail.similarity.registry import SQLiteReferenceRegistry


def _tiny_models(folder: Path) -> tuple[Path, Path]:
    import torch
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig, CLIPImageProcessor, ViTConfig, ViTForImageClassification, ViTImageProcessor

    torch.manual_seed(0)
    small = dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2)
    sd = StableDiffusionSafetyChecker(
        CLIPConfig(
            text_config={**small, "vocab_size": 100, "bos_token_id": 0, "eos_token_id": 1},
            vision_config={**small, "image_size": 32, "patch_size": 8},
            projection_dim=16,
        )
    )
    sd.save_pretrained(folder / "sd")
    CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(folder / "sd")
    labels = {0: "safe", 1: "nsfw"}
    vit = ViTForImageClassification(
        ViTConfig(
            **small,
            image_size=32,
            patch_size=8,
            num_labels=2,
            id2label=labels,
            label2id={v: k for k, v in labels.items()},
        )
    )
    vit.save_pretrained(folder / "vit")
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder / "vit")
    return folder / "sd", folder / "vit"


def _policy(*classifiers: ClassifierConfig) -> Policy:
    """Only the given classifiers; with none, similarity alone (a policy must enable some check)."""
    return Policy(
        name="bench",
        checks=ChecksSection(classifiers=list(classifiers), similarity=SimilaritySection(enabled=not classifiers)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--session-runs", type=int, default=20, help="runs per nudenet session setting and condition")
    parser.add_argument("--no-backends", action="store_true", help="only the nudenet session comparison")
    args = parser.parse_args()
    if not args.no_backends:
        backends(args.runs)
    sessions(args.session_runs)


def backends(runs: int) -> None:
    """Latency of every offline backend through ImageChecker, beside no classifier and raw nudenet."""
    import torch

    torch.set_num_threads(1)  # one core: on a busy 2-core machine extra intra-op threads only contend
    images = [
        Image.fromarray(getattr(skimage.data, n)()).convert("RGB").resize((512, 512))
        for n in ("astronaut", "coffee", "chelsea", "rocket")
    ]
    with tempfile.TemporaryDirectory() as tmp:
        sd_dir, vit_dir = _tiny_models(Path(tmp))
        setups = {
            "baseline (similarity, 0 refs)": _policy(),
            "nudenet (real 320n model)": _policy(
                ClassifierConfig(backend="nudenet", categories={"sexual": {"threshold": 0.5}})
            ),
            "sd-safety-checker (TINY)": _policy(
                ClassifierConfig(
                    backend="sd-safety-checker",
                    options={"model": str(sd_dir)},
                    categories={"sexual": {"threshold": 0.5}},
                )
            ),
            "hf-image-classifier (TINY)": _policy(
                ClassifierConfig(
                    backend="hf-image-classifier",
                    options={"model": str(vit_dir), "labels": {"nsfw": "sexual"}},
                    categories={"sexual": {"threshold": 0.5}},
                )
            ),
        }
        print(f"512x512 images, {runs} runs each after one warm-up; one process; torch on 1 thread")
        print(f"{'backend':<28} | {'load':>8} | {'mean':>8} | {'p50':>8} | {'p95':>8}")
        for name, policy in setups.items():
            # An empty registry in the temp folder: the user's GUARDRAIL_HOME is never touched.
            checker = ImageChecker(policy, registry=SQLiteReferenceRegistry(Path(tmp) / "refs.db"))
            start = time.perf_counter()
            checker.load()
            checker.check(images[0])
            load = time.perf_counter() - start
            lat = []
            for i in range(runs):
                start = time.perf_counter()
                verdict = checker.check(images[i % len(images)])
                lat.append((time.perf_counter() - start) * 1000)
                assert verdict.action != "could-not-check", verdict.reasons
            _row(name, load, lat)
        from nudenet import NudeDetector

        start = time.perf_counter()
        detector = NudeDetector()
        arrays = [np.ascontiguousarray(np.asarray(im)[:, :, ::-1]) for im in images]
        detector.detect(arrays[0])
        load = time.perf_counter() - start
        lat = []
        for i in range(runs):
            start = time.perf_counter()
            detector.detect(arrays[i % len(arrays)])
            lat.append((time.perf_counter() - start) * 1000)
        _row("raw NudeDetector.detect", load, lat)


SESSIONS = {
    "onnxruntime default (2 thr, spin)": {"threads": 0, "spin": True},
    "1 thread": {"threads": 1},
    "2 threads, no spin": {"threads": 2, "spin": False},
    "default threads, no spin": {"threads": 0, "spin": False},
}


def _busy(stop: Any) -> None:
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


def sessions(runs: int) -> None:
    """nudenet session settings side by side, idle-ish, under contention, and two threads at once."""
    import multiprocessing as mp
    import os
    from concurrent.futures import ThreadPoolExecutor

    from guardrail.checks.nudenet import NudeNetClassifier

    names = (
        "astronaut",
        "coffee",
        "chelsea",
        "rocket",
        "immunohistochemistry",
        "retina",
        "hubble_deep_field",
        "colorwheel",
    )
    photos = [Image.fromarray(getattr(skimage.data, n)()).convert("RGB") for n in names]
    images = [im.resize((512, 512)) for im in photos[:4]]
    classifiers = {name: NudeNetClassifier(opts) for name, opts in SESSIONS.items()}
    for c in classifiers.values():
        c.load()

    # Same model, same outputs? Compare raw model outputs and the labels/scores we report.
    print("\nnudenet session settings: outputs vs the default session on", len(photos), "scikit-image photos")
    ref = classifiers["onnxruntime default (2 thr, spin)"]
    for name, c in classifiers.items():
        worst, same_labels = 0.0, True
        for im in photos:
            bgr = np.ascontiguousarray(np.asarray(im)[:, :, ::-1])
            det_a, det_b = ref._detector(), c._detector()
            blob = _nudenet_blob(bgr)
            out_a = det_a.onnx_session.run(None, {det_a.input_name: blob})[0]
            out_b = det_b.onnx_session.run(None, {det_b.input_name: blob})[0]
            worst = max(worst, float(np.abs(out_a - out_b).max()))
            same_labels &= ref.classify(im) == c.classify(im)
        print(f"  {name:<36} max |raw output diff| {worst:.2e}   labels+scores identical: {same_labels}")

    def timed(c: NudeNetClassifier, im: Image.Image) -> float:
        start = time.perf_counter()
        c.classify(im)
        return (time.perf_counter() - start) * 1000

    from guardrail.similarity.fingerprint import query_variants

    def table(title: str) -> None:
        # Each run: nudenet, then the next check stage (the similarity query codes), timed apart: a
        # session whose idle workers spin-wait slows whatever runs right after it. The order of the
        # settings rotates every run so no setting always follows a spinning one.
        print(
            f"\n{title} (load avg {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores), 512x512, {runs} runs each, "
            "order rotated"
        )
        names = list(classifiers)
        lat: dict[str, list[float]] = {n: [] for n in names}
        after: dict[str, list[float]] = {n: [] for n in names}
        cpu: dict[str, float] = dict.fromkeys(names, 0.0)
        for i in range(runs):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                image = images[i % len(images)]
                t0 = time.process_time()
                lat[name].append(timed(classifiers[name], image))
                start = time.perf_counter()
                query_variants(image)
                after[name].append((time.perf_counter() - start) * 1000)
                cpu[name] += (time.process_time() - t0) * 1000
        print(f"  {'session':<36} | {'mean':>8} | {'p50':>8} | {'p95':>8} | {'next stage':>10} | {'CPU/img':>8}")
        for name in names:
            arr = np.array(lat[name])
            print(
                f"  {name:<36} | {arr.mean():>6.1f}ms | {np.median(arr):>6.1f}ms | {np.percentile(arr, 95):>6.1f}ms | "
                f"{np.mean(after[name]):>8.1f}ms | {cpu[name] / runs:>6.1f}ms"
            )

    table("nudenet sessions, machine as it is")
    stop = mp.Event()
    procs = [mp.Process(target=_busy, args=(stop,), daemon=True) for _ in range(2)]
    for p in procs:
        p.start()
    try:
        table("nudenet sessions, 2 busy processes competing")
    finally:
        stop.set()
        for p in procs:
            p.join()

    print(
        "\nnudenet sessions, 2 checks at once from 2 threads sharing the session (load avg "
        f"{os.getloadavg()[0]:.1f}): throughput"
    )
    with ThreadPoolExecutor(2) as pool:
        for name, c in classifiers.items():
            jobs = [images[i % len(images)] for i in range(2 * runs)]
            list(pool.map(c.classify, jobs[:2]))
            start = time.perf_counter()
            list(pool.map(c.classify, jobs))
            wall = time.perf_counter() - start
            print(f"  {name:<36} | {len(jobs) / wall:>5.1f} img/s | {wall * 1000 / len(jobs):>6.1f}ms per image")


def _nudenet_blob(bgr: np.ndarray) -> np.ndarray:
    from nudenet.nudenet import _read_image

    return _read_image(bgr, 320)[0]


def _row(name: str, load: float, lat: list[float]) -> None:
    arr = np.array(lat)
    print(
        f"{name:<28} | {load * 1000:>6.0f}ms | {arr.mean():>6.1f}ms | {np.median(arr):>6.1f}ms | "
        f"{np.percentile(arr, 95):>6.1f}ms"
    )


if __name__ == "__main__":
    main()
