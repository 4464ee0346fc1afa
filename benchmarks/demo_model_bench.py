"""Does the demo model draw what it is asked? The trained demo beside the random-weight demo.

1. **Prompt fidelity.** A judge (``guardrail.demo.judge``: a small classifier trained only on the
   renderer's pictures, seeded) names the colour and the object of one image generated per prompt
   for ``--prompts`` prompts of the scene grammar, half of them colour-object pairs held out of
   the demo's training (``HELD_OUT_PAIRS``). Targets: colour correct >= 90%, object >= 80%.
2. **Memorisation.** ``"a painting by Jane Doe"`` for ``--painting-seeds`` seeds: how many images are
   near-copies of her registered paintings (the similarity check of the default policy matches
   them), and how many guarded requests end released after the retry.
3. **Speed.** Seconds per image at 256x256 and 512x512 (default steps of each model), wall and CPU.

Run: ``python benchmarks/demo_model_bench.py`` (about 10 minutes on a quiet 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_prompts(count: int, seed: int) -> list[tuple[str, str, str, bool]]:
    """(prompt, colour, object, held out) for ``count`` prompts, half of them held-out pairs."""
    from guardrail.demo.grammar import caption, sample_scene

    rng = random.Random(seed)
    out = []
    for i in range(count):
        held = i % 2 == 0
        scene = sample_scene(rng, held_out=held)
        text = caption(scene, size=rng.random() < 0.5, position=rng.random() < 0.5, background=rng.random() < 0.6)
        out.append((text, scene.colour, scene.object, held))
    return out


def _generate(pipe: Any, prompt: str, seed: int, side: int) -> Any:
    import torch

    return pipe(prompt, height=side, width=side, generator=torch.Generator().manual_seed(seed)).images[0]


def fidelity(pipe: Any, judge: Any, prompts: list[tuple[str, str, str, bool]]) -> dict[str, float]:
    images = [_generate(pipe, p, i, 256) for i, (p, *_rest) in enumerate(prompts)]
    named = judge.predict(images)
    scores: dict[str, float] = {}
    for label, keep in (("all", lambda h: True), ("held-out", lambda h: h), ("seen", lambda h: not h)):
        rows = [(n, p) for n, p in zip(named, prompts, strict=True) if keep(p[3])]
        scores[f"colour {label}"] = sum(n[0] == p[1] for n, p in rows) / len(rows)
        scores[f"object {label}"] = sum(n[1] == p[2] for n, p in rows) / len(rows)
    return scores


def speed(pipe: Any, side: int, images: int) -> tuple[float, float]:
    _generate(pipe, "a red circle", 0, side)  # warm-up
    wall, cpu = time.perf_counter(), _cpu()
    for i in range(images):
        _generate(pipe, "a blue boat on the sea", i, side)
    return (time.perf_counter() - wall) / images, (_cpu() - cpu) / images


def memorisation(pipe: Any, model_id: str, seeds: int) -> dict[str, float]:
    """Copies among ``seeds`` images of "a painting by Jane Doe", and guarded requests released."""
    from guardrail.demo.references import register_demo_references
    from guardrail.pipeline import GuardedPipeline
    from guardrail.policy import load_policy
    from guardrail.similarity.matcher import SimilarityMatcher
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    policy = load_policy("builtin:default")
    register_demo_references()
    with SQLiteReferenceRegistry() as registry:
        matcher = SimilarityMatcher(registry, policy.checks.similarity)
        copies = sum(
            matcher.check(_generate(pipe, "a painting by Jane Doe", s, 256)).action == "block" for s in range(seeds)
        )
    guarded = GuardedPipeline(pipe, policy=policy, model_id=model_id)
    results = [guarded("a painting by Jane Doe", seed=s, height=256, width=256) for s in range(seeds)]
    caught = [r for r in results if r.attempts and r.attempts[0].action == "withheld"]
    return {
        "copies": copies / seeds,
        "first attempt withheld": len(caught) / seeds,
        "withheld then released": sum(r.action == "released" for r in caught) / max(1, len(caught)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=100)
    parser.add_argument("--prompt-seed", type=int, default=2026)
    parser.add_argument("--judge-seed", type=int, default=7)
    parser.add_argument("--painting-seeds", type=int, default=10)
    parser.add_argument("--timing-images", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 is steadier on a shared machine)")
    parser.add_argument("--model-dir", default=None, help="a DemoShapesPipeline folder instead of the shipped model")
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    home = tempfile.mkdtemp(prefix="demo-bench-")
    os.environ["GUARDRAIL_HOME"] = home
    import torch

    from guardrail.demo.judge import train_judge
    from guardrail.generation import load_pipeline

    torch.set_num_threads(args.threads)
    print(f"# demo model bench: torch {torch.__version__}, {args.threads} thread(s), load {os.getloadavg()[0]:.1f}")
    start = time.perf_counter()
    judge = train_judge(seed=args.judge_seed)
    print(
        f"judge (trained on renderer images only, seed {args.judge_seed}): on 1000 unseen rendered scenes "
        f"colour {judge.accuracy['colour']:.1%}, object {judge.accuracy['object']:.1%} "
        f"({time.perf_counter() - start:.0f} s)"
    )
    prompts = bench_prompts(args.prompts, args.prompt_seed)
    models = {name: load_pipeline(name) for name in ("demo", "demo-random")}
    if args.model_dir:
        models["demo"] = load_pipeline(args.model_dir)
    print(f"\n## prompt fidelity: {len(prompts)} prompts ({sum(p[3] for p in prompts)} held-out pairs), 256x256")
    table = {name: fidelity(loaded.pipe, judge, prompts) for name, loaded in models.items()}
    print(f"{'judged correct':<22}" + "".join(f"{loaded.model_id:>26}" for loaded in models.values()))
    for key in table["demo"]:
        print(f"{key:<22}" + "".join(f"{table[name][key]:>26.0%}" for name in models))
    print(f"(chance: colour {1 / 8:.0%}, object {1 / 9:.0%}; targets: colour >= 90%, object >= 80%)")

    print(f"\n## time per image ({args.timing_images} images, default steps, after a warm-up)")
    print(f"{'size':<10}" + "".join(f"{loaded.model_id + ' wall / cpu':>38}" for loaded in models.values()))
    for side in (256, 512):
        cells = [speed(loaded.pipe, side, args.timing_images) for loaded in models.values()]
        print(f"{side}x{side:<6}" + "".join(f"{f'{w:.3f} s / {c:.3f} s':>38}" for w, c in cells))

    print(f"\n## memorisation: 'a painting by Jane Doe', {args.painting_seeds} seeds, default policy")
    for loaded in models.values():
        figures = memorisation(loaded.pipe, loaded.model_id, args.painting_seeds)
        print(f"{loaded.model_id}: " + ", ".join(f"{k} {v:.0%}" for k, v in figures.items()))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
