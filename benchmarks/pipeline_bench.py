"""Per-image overhead of the guardrail layer at 512x512, by stage, against two baselines.

Everything runs in one process on CPU, on the offline demo model (its pictures are not
meaningful; generation cost is only a reference point):

- ``bare``: the diffusers pipeline alone (demo defaults: 512x512, 4 steps), output as PIL.
- ``guardrail``: the components GuardedPipeline uses, called one by one on the same images
  (Screener.screen, ImageChecker.check, Marker.mark, AuditLog.log_request_with_images), with
  Marker.mark's sub-stages timed by wrapping the functions it calls (in this process only; no
  library file is changed); then whole GuardedPipeline calls, whose overhead is the call's time
  minus the time spent inside the wrapped diffusers pipeline.
- ``hand-wired``: what a user wires by hand with diffusers: the CLIP feature extractor and
  ``StableDiffusionSafetyChecker`` (as StableDiffusionPipeline.run_safety_checker runs them) plus
  the SDXL watermarker (``StableDiffusionXLWatermarker``: imwatermark ``dwtDct``, fixed 48-bit
  message). The real safety-checker weights are not available offline, so it is built with random
  weights from two configs: a tiny CLIPConfig (tests the path, not the cost) and a
  CLIP-ViT-L/14-sized one (the real model's architecture: that is the real cost).

Stage inputs: the bare pipeline's images, topped up with scikit-image photos resized to 512x512.
The similarity check runs against an empty reference registry (index lookups: index_bench.py).

Wall times on a shared machine include waiting for a core; the ``cpu ms`` column (process CPU
time, all threads) is steadier. With 2 torch threads on a busy 2-core machine, small torch calls
spin-wait (the tiny checker takes ~250 ms instead of ~2 ms): compare with ``--torch-threads 1``.

Run: ``python benchmarks/pipeline_bench.py`` (about 2-4 minutes; options: ``--n`` images per
stage, ``--gen`` generation calls per mode, ``--large-n`` images for the ViT-L/14 checker or
``--no-large`` to skip it, ``--torch-threads``, ``--profile`` to print cProfile's top functions
for check and mark).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import os
import pstats
import sys
import tempfile
import time
import uuid
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import numpy as np
from PIL import Image

SIDE = 512
PROMPTS = (
    "a watercolour painting of a lighthouse at dusk",
    "portrait of an astronaut, studio lighting, 85mm",
    "a cat sleeping on a pile of books",
    "isometric city block, pastel colours, tilt-shift",
    "a bowl of ramen on a wooden table, steam rising",
)
PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "immunohistochemistry", "hubble_deep_field", "camera", "cat")


# -- timing ------------------------------------------------------------------------------------


class Recorder:
    """Per-image timings: top-level stages (wall + CPU) and nested wrapped calls (wall)."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.order: dict[str, None] = {}  # labels in the order their calls started
        self._frame: dict[str, float] | None = None
        self._stack: list[str] = []

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        """Time one top-level stage for one image; nested wrapped calls are attributed to it."""
        self._frame, self._stack = defaultdict(float), [label]
        self.order.setdefault(label)
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.samples[label].append((time.perf_counter() - wall) * 1e3)
            self.cpu[label].append((time.process_time() - cpu) * 1e3)
            for key, ms in self._frame.items():
                self.samples[key].append(ms)
            self._frame, self._stack = None, []

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        """Replace ``owner.attr`` by a wrapper that adds its wall time under the current stage."""
        fn = getattr(owner, attr)

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._frame is None:
                return fn(*args, **kwargs)
            self._stack.append(label)
            key = "/".join(self._stack)
            self.order.setdefault(key)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._frame[key] += (time.perf_counter() - start) * 1e3
                self._stack.pop()

        setattr(owner, attr, timed)


class TimedPipe:
    """A diffusers pipeline proxy that records the wall time of each call."""

    def __init__(self, pipe: Any) -> None:
        object.__setattr__(self, "_pipe", pipe)
        object.__setattr__(self, "calls_ms", [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pipe, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._pipe, name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._pipe(*args, **kwargs)
        finally:
            self.calls_ms.append((time.perf_counter() - start) * 1e3)


def stats(values: list[float]) -> tuple[float, float, float]:
    """(mean, p50, p95) in ms."""
    arr = np.asarray(values, dtype=np.float64)
    return float(arr.mean()), float(np.percentile(arr, 50)), float(np.percentile(arr, 95))


def row(label: str, values: list[float] | None, cpu: list[float] | None = None, note: str = "") -> str:
    """One table line: label, mean, p50, p95, CPU mean, n, note."""
    if not values:
        return f"{label:<46} {'-':>8} {'-':>8} {'-':>8} {'-':>8} {0:>3}  {note}"
    mean, p50, p95 = stats(values)
    cpu_s = f"{np.mean(cpu):8.1f}" if cpu else f"{'':>8}"
    return f"{label:<46} {mean:8.1f} {p50:8.1f} {p95:8.1f} {cpu_s} {len(values):>3}  {note}"


HEADER = f"{'stage':<46} {'mean ms':>8} {'p50':>8} {'p95':>8} {'cpu ms':>8} {'n':>3}"


def section(title: str) -> None:
    print(f"\n== {title}")
    print(HEADER)


# -- inputs ------------------------------------------------------------------------------------


def photo(name: str) -> Image.Image:
    """A scikit-image photo as 512x512 RGB."""
    from skimage import data

    arr = getattr(data, name)()
    img = Image.fromarray(arr).convert("RGB")
    return img.resize((SIDE, SIDE), Image.Resampling.LANCZOS)


# -- the hand-wired baseline ---------------------------------------------------------------------


def build_safety_checker(size: str) -> tuple[Any, Any, int]:
    """A StableDiffusionSafetyChecker with random weights: ``tiny`` or ``vit-l14`` config."""
    import torch
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig

    try:
        from transformers import CLIPImageProcessorPil as Processor  # transformers 5 without torchvision
    except ImportError:  # pragma: no cover - older transformers
        from transformers import CLIPImageProcessor as Processor

    torch.manual_seed(0)
    if size == "tiny":
        vision = dict(
            hidden_size=32,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            image_size=224,
            patch_size=32,
        )
        projection = 16
    else:  # openai/clip-vit-large-patch14, the vision tower of CompVis/stable-diffusion-safety-checker
        vision = dict(
            hidden_size=1024,
            intermediate_size=4096,
            num_attention_heads=16,
            num_hidden_layers=24,
            image_size=224,
            patch_size=14,
        )
        projection = 768
    config = CLIPConfig(
        text_config={"hidden_size": 32, "intermediate_size": 37, "num_attention_heads": 4, "num_hidden_layers": 2},
        vision_config=vision,
        projection_dim=projection,
    )
    model = StableDiffusionSafetyChecker(config).eval()
    processor = Processor()  # SD's feature_extractor: resize 224, centre crop 224, CLIP mean/std
    params = sum(p.numel() for p in model.parameters())
    return model, processor, params


def run_safety_checker(model: Any, processor: Any, img: Image.Image, rec: Recorder, label: str) -> None:
    """StableDiffusionPipeline.run_safety_checker's steps, feature extraction and model timed apart."""
    import torch

    arr = (np.asarray(img, dtype=np.float32) / 255.0)[None]
    with rec.stage(f"{label}: CLIP feature extractor"):
        inputs = processor([img], return_tensors="pt")
    with rec.stage(f"{label}: safety checker forward"), torch.no_grad():
        model(images=arr, clip_input=inputs.pixel_values)


# -- guardrail components ------------------------------------------------------------------------


def instrument_modules(rec: Recorder) -> None:
    """Wrap the module functions Marker.mark and ImageChecker.check call (once per process)."""
    import guardrail.imageio
    import guardrail.provenance.marker as marker_mod
    import guardrail.similarity.fingerprint as fp_mod
    import guardrail.similarity.matcher as matcher_mod

    rec.wrap(marker_mod, "encode_image", "encode file (PIL)")
    rec.wrap(guardrail.imageio, "open_image", "decode file")
    rec.wrap(marker_mod, "detect_watermark", "detect watermark (all gains)")
    rec.wrap(fp_mod, "compute_fingerprint", "fingerprint")
    rec.wrap(fp_mod, "reference_variants", "fingerprint crop variants")
    rec.wrap(marker_mod, "build_manifest", "build manifest")
    rec.wrap(marker_mod, "sign_c2pa", "C2PA sign")
    rec.wrap(matcher_mod.SimilarityMatcher, "check", "similarity")
    rec.wrap(matcher_mod, "query_variants", "query variants (mirror, 2 rotations)")


def instrument_marker(rec: Recorder, marker: Any) -> None:
    """Wrap one Marker's backend, read-back check and store so they show up under 'mark/...'."""
    rec.wrap(marker.backend, "embed", f"watermark embed ({marker.backend.name})")
    rec.wrap(marker, "_check_readback", "read-back check")
    rec.wrap(marker.store, "get", "store get (id unique)")
    rec.wrap(marker.store, "put", "store put")


def log_records(gp: Any, prompt: str, decision: Any, verdict: Any, marked: Any, seed: int) -> tuple[Any, Any]:
    """The request and image records GuardedPipeline._log writes for one released image."""
    from guardrail.audit import ImageRecord, RequestRecord

    request_id = uuid.uuid4().hex
    request = RequestRecord.for_prompt(
        prompt,
        mode=gp.policy.audit.prompt,
        rewritten_prompt=None,
        request_id=request_id,
        policy=gp.policy.ref,
        model_id=gp.model_id,
        seed=seed,
        parameters={
            "num_inference_steps": None,
            "guidance_scale": None,
            "height": None,
            "width": None,
            "num_images_per_prompt": 1,
            "negative_prompt": "",
        },
        prompt_action=decision.action.value,
        matched_rules=decision.rule_ids,
        final_action="released",
        attempts=1,
    )
    image = ImageRecord(
        request_id=request_id,
        index=0,
        attempt=1,
        seed=seed,
        action="released",
        verdicts=[verdict.model_dump(mode="json")],
        watermark_id=marked.watermark_id,
        manifest_hash=marked.manifest_hash,
        output_path=None,
        error=None,
    )
    return request, image


def profile(label: str, fn: Callable[[], Any], repeat: int = 3) -> None:
    """Print cProfile's top functions (cumulative) for ``repeat`` calls of ``fn``."""
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        fn()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
    print(f"\n== cProfile: {label} ({repeat} calls)")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


# -- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10, help="images per stage (after one warm-up)")
    parser.add_argument(
        "--gen", type=int, default=3, help="generation calls per mode: bare and guarded (after one warm-up)"
    )
    parser.add_argument(
        "--large-n", type=int, default=3, help="images for the ViT-L/14-sized safety checker (about 1-10 s each)"
    )
    parser.add_argument("--no-large", action="store_true", help="skip the ViT-L/14-sized safety checker")
    parser.add_argument("--torch-threads", type=int, default=None, help="torch.set_num_threads (default: torch's own)")
    parser.add_argument("--profile", action="store_true", help="print cProfile top functions for check and mark")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore")
    os.environ["GUARDRAIL_HOME"] = tempfile.mkdtemp(prefix="guardrail-bench-")
    import logging

    logging.disable(logging.WARNING)
    import torch

    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    t0 = time.perf_counter()
    load0 = os.getloadavg()
    from guardrail.generation import load_pipeline
    from guardrail.pipeline import GuardedPipeline

    loaded = load_pipeline(None)
    timed = TimedPipe(loaded.pipe)
    gp = GuardedPipeline(timed, model_id=loaded.model_id)
    print(
        f"pipeline_bench: {SIDE}x{SIDE}, CPU, {os.cpu_count()} cores, torch threads {torch.get_num_threads()}, "
        f"load average at start {load0[0]:.1f}"
    )
    print(
        f"model: {loaded.model_id} (offline demo, random weights; 4 steps) loaded in {time.perf_counter() - t0:.1f} s"
    )
    print(
        f"policy: {gp.policy.name} (classifiers: "
        f"{', '.join(c.backend for c in gp.policy.checks.classifiers) or 'none'}; "
        f"similarity: {'on' if gp.policy.checks.similarity.enabled else 'off'}, empty registry; "
        f"watermark: {gp.marker.backend.name}; C2PA thumbnail: {gp.policy.provenance.signer.thumbnail}; "
        f"output: {gp.output_format})"
    )

    rec = Recorder()

    # 1. bare diffusers pipeline ------------------------------------------------------------
    images: list[Image.Image] = []
    for i in range(args.gen + 1):
        with rec.stage("bare: pipe(prompt) -> PIL") if i else nullcontext():
            out = loaded.pipe(
                prompt=PROMPTS[i % len(PROMPTS)], generator=torch.Generator().manual_seed(i), output_type="pil"
            )
        images.append(out.images[0])
    assert images[0].size == (SIDE, SIDE), images[0].size
    photos = [photo(name) for name in PHOTOS]
    pool = [("demo", im) for im in images] + [("photo", im) for im in photos]
    tagged = [pool[i % len(pool)] for i in range(args.n + 1)]
    stage_inputs = [im for _, im in tagged]
    n_demo = sum(kind == "demo" for kind, _ in tagged[1:])
    print(
        f"stage inputs: {args.n} timed images (+1 warm-up): {n_demo} from the demo model, "
        f"{args.n - n_demo} scikit-image photos"
    )

    # 2. guardrail stages, one component at a time --------------------------------------------
    instrument_modules(rec)
    instrument_marker(rec, gp.marker)
    classifier_ms: dict[str, list[float]] = defaultdict(list)
    blocked = 0
    marked_images: list[Image.Image] = []
    for i, img in enumerate(stage_inputs):
        warm = i == 0
        prompt = PROMPTS[i % len(PROMPTS)]
        if warm:
            decision = gp.screener.screen(prompt)
            verdict = gp.checker.check(img)
            marked = gp.marker.mark(img, fmt=gp.output_format)
            req, im = log_records(gp, prompt, decision, verdict, marked, i)
            gp.audit.log_request_with_images(req, [im])
            continue
        with rec.stage("screen"):
            decision = gp.screener.screen(prompt)
        with rec.stage("check"):
            verdict = gp.checker.check(img)
        for cv in verdict.classifiers:
            classifier_ms[f"check/{cv.backend} (verdict elapsed_ms)"].append(cv.elapsed_ms)
        blocked += verdict.action not in ("pass", "flag")
        with rec.stage("mark"):
            marked = gp.marker.mark(img, fmt=gp.output_format)
        marked_images.append(marked.image)
        req, im = log_records(gp, prompt, decision, verdict, marked, i)
        with rec.stage("log"):  # what GuardedPipeline._log does: one transaction
            gp.audit.log_request_with_images(req, [im])
        with rec.stage("alt: log_request + log_image (two commits)"):
            req2, im2 = log_records(gp, prompt, decision, verdict, marked, i)
            gp.audit.log_request(req2)
            gp.audit.log_image(im2)
    rec.samples.update(classifier_ms)
    for key in classifier_ms:  # list them under 'check', before similarity (they run first)
        rec.order = {key: None, **rec.order}

    # 2b. other watermark backends through the same Marker (own stores) ----------------------
    from guardrail.policy.schema import WatermarkConfig
    from guardrail.provenance import Marker

    alt: list[str] = []
    for backend in ("dwtDctSvdPlus", "dwtDctSvd"):
        if backend == gp.marker.backend.name:
            continue
        provenance = gp.policy.provenance.model_copy(update={"watermark": WatermarkConfig(backend=backend)})
        policy = gp.policy.model_copy(update={"provenance": provenance})
        other = Marker(policy, model_id=gp.model_id)
        instrument_marker(rec, other)
        other.mark(stage_inputs[0])
        for img in stage_inputs[1:]:
            with rec.stage(f"mark [{backend}]"):
                other.mark(img)
        alt.append(f"mark [{backend}]")

    # 2c. measured alternatives for the slow parts of mark and log (same images) -------------
    from guardrail.provenance.watermark import get_backend
    from guardrail.provenance.watermark.detect import detect_watermark

    wm_cfg = gp.policy.provenance.watermark
    one_gain = type(gp.marker.backend).from_options({**wm_cfg.options, "gains": [1.0]})
    for i, marked_img in enumerate(marked_images):
        arr = np.asarray(marked_img)
        if i == 0:
            detect_watermark(arr, one_gain)
        with rec.stage("alt: detect, gain 1.0 only, on the array (no file round trip)"):
            found = detect_watermark(arr, one_gain)
        assert found.detected, "the one-gain read-back missed a fresh mark"
        with rec.stage("alt: detect, all gains, on the array"):
            detect_watermark(arr, get_backend(wm_cfg.backend, wm_cfg.options))
        for level in (1, 3):
            with rec.stage(f"alt: encode PNG compress_level={level}"):
                marked_img.save(io.BytesIO(), format="PNG", compress_level=level)

    # 3. the hand-wired baseline ------------------------------------------------------------
    from diffusers.pipelines.stable_diffusion_xl.watermark import StableDiffusionXLWatermarker

    checkers = [("tiny", *build_safety_checker("tiny"))]
    large_note = "skipped (--no-large)"
    if not args.no_large:
        start = time.perf_counter()
        checkers.append(("vit-l14", *build_safety_checker("vit-l14")))
        large_note = f"built in {time.perf_counter() - start:.1f} s"
    sizes = {name: params for name, _, _, params in checkers}
    wm = StableDiffusionXLWatermarker()
    for i, img in enumerate(stage_inputs):
        warm = i == 0
        tensor = torch.from_numpy(np.asarray(img, dtype=np.float32) / 127.5 - 1.0).permute(2, 0, 1)[None]
        for name, model, processor, _ in checkers:
            if name == "vit-l14" and i > args.large_n:
                continue
            if warm:
                run_safety_checker(model, processor, img, Recorder(), name)
            else:
                run_safety_checker(model, processor, img, rec, f"SD safety checker {name}")
        if warm:
            wm.apply_watermark(tensor)
            continue
        with rec.stage("SDXL watermarker (dwtDct, 48 bits)"):
            wm.apply_watermark(tensor)
        with rec.stage("save PNG (PIL defaults; not in totals)"):
            img.save(io.BytesIO(), format="PNG")

    # 4. whole GuardedPipeline calls ----------------------------------------------------------
    for method in ("log_request", "log_image", "log_request_with_images"):
        rec.wrap(gp.audit, method, "log")
    rec.wrap(gp.screener, "screen", "screen")
    rec.wrap(gp.checker, "check", "check")
    rec.wrap(gp.marker, "mark", "mark")
    e2e_total: list[float] = []
    e2e_gen: list[float] = []
    actions = []
    for i in range(args.gen + 1):
        timed.calls_ms.clear()
        with rec.stage("guarded call") if i else nullcontext():
            result = gp(PROMPTS[i % len(PROMPTS)], seed=100 + i)
        actions.append(result.action)
        if i:
            e2e_total.append(rec.samples["guarded call"][-1])
            e2e_gen.append(sum(timed.calls_ms))
    overhead = [t - g for t, g in zip(e2e_total, e2e_gen, strict=True)]

    if args.profile:
        img = stage_inputs[1]
        profile("ImageChecker.check", lambda: gp.checker.check(img))
        profile("Marker.mark", lambda: gp.marker.mark(img, fmt=gp.output_format))

    # -- report ------------------------------------------------------------------------------
    s = rec.samples
    c = rec.cpu

    def tree(top: str, note: str = "") -> None:
        print(row(top, s[top], c[top], note=note))
        children = [k for k in rec.order if k.startswith(top + "/") and k in s]
        for key in children:
            print(row("  " * key.count("/") + key.rsplit("/", 1)[1], s[key]))
        direct = [k for k in children if k.count("/") == 1]
        if direct:
            rest = float(np.mean(s[top]) - sum(np.mean(s[k]) for k in direct))
            print(f"{'  (rest, by difference of means)':<46} {rest:8.1f}")

    section(f"guardrail stages, components called one by one ({args.n} images)")
    for top in ("screen", "check", "mark", "log"):
        tree(top)
    for top in alt:
        tree(top, note="same images, other backend (not the policy's)")

    section("measured alternatives for the slow parts (same marked images; not what the library does now)")
    for key in [k for k in s if k.startswith("alt: ")]:
        print(row(key.removeprefix("alt: "), s[key], c[key]))

    section("hand-wired baseline: diffusers safety checker + SDXL watermarker")
    for name, params in sizes.items():
        for part in ("CLIP feature extractor", "safety checker forward"):
            key = f"SD safety checker {name}: {part}"
            print(row(key, s[key], c[key], note=f"{params / 1e6:.1f}M params" if part.endswith("forward") else ""))
    for key in ("SDXL watermarker (dwtDct, 48 bits)", "save PNG (PIL defaults; not in totals)"):
        print(row(key, s[key], c[key]))

    section(f"whole calls ({args.gen} calls each, after one warm-up)")
    print(row("bare: pipe(prompt) -> PIL", s["bare: pipe(prompt) -> PIL"], c["bare: pipe(prompt) -> PIL"]))
    print(row("guarded call (total)", e2e_total, c["guarded call"]))
    print(row("  of which: generation inside the call", e2e_gen))
    print(row("  of which: guardrail overhead (total - gen)", overhead, note=f"actions: {', '.join(actions[1:])}"))
    for top in ("screen", "check", "mark", "log"):
        key = f"guarded call/{top}"
        print(row(f"    {top} (inside the call)", s.get(key)))

    def mean(key: str) -> float:
        return float(np.mean(s[key])) if s.get(key) else 0.0

    guard = sum(mean(k) for k in ("screen", "check", "mark", "log"))
    bare = mean("bare: pipe(prompt) -> PIL")
    wm_ms = mean("SDXL watermarker (dwtDct, 48 bits)")
    print("\n== totals per 512x512 image (mean ms)")
    print(f"{'bare generation (demo model, 4 steps)':<58} {bare:9.1f}")
    print(
        f"{'guardrail overhead, sum of stages (screen+check+mark+log)':<58} {guard:9.1f}   target < 100: "
        f"{'MET' if guard < 100 else 'NOT MET'}"
    )
    print(f"{'guardrail overhead, measured in whole calls':<58} {float(np.mean(overhead)):9.1f}")
    for name in sizes:
        hand = (
            mean(f"SD safety checker {name}: CLIP feature extractor")
            + mean(f"SD safety checker {name}: safety checker forward")
            + wm_ms
        )
        print(f"{'hand-wired baseline, safety checker ' + name + ' + dwtDct':<58} {hand:9.1f}")
    print(
        f"ViT-L/14 checker: {large_note}; random weights (real weights are not available offline), "
        f"so its decisions are meaningless, its cost is the real model's."
    )
    if blocked:
        print(f"note: {blocked} stage image(s) got a non-pass verdict; they were marked anyway to time the stage.")
    load1 = os.getloadavg()
    print(
        f"load average at end {load1[0]:.1f} (cores: {os.cpu_count()}); wall clock {time.perf_counter() - t0:.0f} s; "
        "'cpu ms' = process CPU time (all threads) per stage, steadier than wall time on a busy machine"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
