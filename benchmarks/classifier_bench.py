"""Classifier latency per image for every backend that runs offline, beside a no-op baseline.

- nudenet: the real detector shipped in the wheel (320n.onnx).
- sd-safety-checker and hf-image-classifier: TINY models built here (random weights, a few
  layers); their figures show the loading/decision overhead of our code path, not the cost of the
  real CLIP or ViT weights, which cannot be downloaded on this machine.
Baselines in the same run: the same ImageChecker with no classifiers (similarity off), i.e. our
fixed overhead, and nudenet's own ``NudeDetector.detect`` called directly on the same images.

Run: python benchmarks/classifier_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image

from guardrail.checks import ImageChecker
from guardrail.policy.schema import ChecksSection, ClassifierConfig, Policy, SimilaritySection


def _tiny_models(folder: Path) -> tuple[Path, Path]:
    import torch
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig, CLIPImageProcessor, ViTConfig, ViTForImageClassification, ViTImageProcessor

    torch.manual_seed(0)
    small = dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2)
    sd = StableDiffusionSafetyChecker(
        CLIPConfig(text_config={**small, "vocab_size": 100, "bos_token_id": 0, "eos_token_id": 1},
                   vision_config={**small, "image_size": 32, "patch_size": 8}, projection_dim=16)
    )
    sd.save_pretrained(folder / "sd")
    CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(folder / "sd")
    labels = {0: "safe", 1: "nsfw"}
    vit = ViTForImageClassification(ViTConfig(**small, image_size=32, patch_size=8, num_labels=2, id2label=labels, label2id={v: k for k, v in labels.items()}))
    vit.save_pretrained(folder / "vit")
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder / "vit")
    return folder / "sd", folder / "vit"


def _policy(*classifiers: ClassifierConfig) -> Policy:
    return Policy(name="bench", checks=ChecksSection(classifiers=list(classifiers), similarity=SimilaritySection(enabled=False)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)  # one core: on a busy 2-core machine extra intra-op threads only contend
    images = [Image.fromarray(getattr(skimage.data, n)()).convert("RGB").resize((512, 512)) for n in ("astronaut", "coffee", "chelsea", "rocket")]
    with tempfile.TemporaryDirectory() as tmp:
        sd_dir, vit_dir = _tiny_models(Path(tmp))
        setups = {
            "baseline (no classifier)": _policy(),
            "nudenet (real 320n model)": _policy(ClassifierConfig(backend="nudenet", categories={"sexual": {"threshold": 0.5}})),
            "sd-safety-checker (TINY)": _policy(ClassifierConfig(backend="sd-safety-checker", options={"model": str(sd_dir)}, categories={"sexual": {"threshold": 0.5}})),
            "hf-image-classifier (TINY)": _policy(ClassifierConfig(backend="hf-image-classifier", options={"model": str(vit_dir), "labels": {"nsfw": "sexual"}}, categories={"sexual": {"threshold": 0.5}})),
        }
        print(f"512x512 images, {args.runs} runs each after one warm-up; one process; torch on 1 thread")
        print(f"{'backend':<28} | {'load':>8} | {'mean':>8} | {'p50':>8} | {'p95':>8}")
        for name, policy in setups.items():
            checker = ImageChecker(policy)
            start = time.perf_counter()
            checker.load()
            checker.check(images[0])
            load = time.perf_counter() - start
            lat = []
            for i in range(args.runs):
                start = time.perf_counter()
                verdict = checker.check(images[i % len(images)])
                lat.append((time.perf_counter() - start) * 1000)
                assert verdict.action != "withheld", verdict.reasons
            _row(name, load, lat)
        from nudenet import NudeDetector

        start = time.perf_counter()
        detector = NudeDetector()
        arrays = [np.ascontiguousarray(np.asarray(im)[:, :, ::-1]) for im in images]
        detector.detect(arrays[0])
        load = time.perf_counter() - start
        lat = []
        for i in range(args.runs):
            start = time.perf_counter()
            detector.detect(arrays[i % len(arrays)])
            lat.append((time.perf_counter() - start) * 1000)
        _row("raw NudeDetector.detect", load, lat)


def _row(name: str, load: float, lat: list[float]) -> None:
    arr = np.array(lat)
    print(f"{name:<28} | {load * 1000:>6.0f}ms | {arr.mean():>6.1f}ms | {np.median(arr):>6.1f}ms | {np.percentile(arr, 95):>6.1f}ms")


if __name__ == "__main__":
    main()
