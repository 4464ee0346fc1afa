"""Verify of an unmarked image, stage by stage: this tree's readers beside a baseline commit's, in one process.

The baseline's watermark readers (``guardrail/provenance/watermark/``) and public SD detectors
(``evidence/public_watermark.py``) are taken from ``--baseline`` (a git commit, ``git archive``) and
imported as a separate copy of the package; every other step is this tree's. Per image size, each
repeat times the baseline and the current code back to back (alternating which goes first), so
both see the same machine load. Stages as ``store_bench.verify_stages`` (the library's own step
functions), plus the whole ``verify_image`` with the baseline readers swapped into the backend
cache; an empty SQLite manifest store (the store's share is not what this measures).

Image: scikit-image's ``stereo_motorcycle`` left view (a photo no test marks), resized to each
size and saved as JPEG q90. Figures: median CPU ms (``time.process_time``) of ``--repeats``.

Run: python benchmarks/verify_readers_bench.py [--baseline fa0c4e4] [--sizes 512,1024] [--repeats 15]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
from PIL import Image
from skimage import data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASELINE_MODULES = (
    "guardrail.provenance.watermark.gain_search",
    "guardrail.provenance.watermark.dwt_dct_svd",
    "guardrail.provenance.watermark.dwt_dct_svd_plus",
    "guardrail.provenance.watermark.lattice_sync",
    "guardrail.provenance.watermark.lattice_sync2",
    "guardrail.provenance.evidence.public_watermark",
)
READERS = (
    ("latticeSync2", "guardrail.provenance.watermark.lattice_sync2", "LatticeSync2Backend"),
    ("latticeSync", "guardrail.provenance.watermark.lattice_sync", "LatticeSyncBackend"),
    ("dwtDctSvdPlus", "guardrail.provenance.watermark.dwt_dct_svd_plus", "DwtDctSvdPlusBackend"),
    ("dwtDctSvd", "guardrail.provenance.watermark.dwt_dct_svd", "DwtDctSvdBackend"),
)


def load_baseline(ref: str, workdir: Path) -> dict[str, ModuleType]:
    """The modules of ``BASELINE_MODULES`` as committed at ``ref``, imported beside this tree's."""
    tree = workdir / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", ref, "guardrail"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    current = {k: v for k, v in sys.modules.items() if k == "guardrail" or k.startswith("guardrail.")}
    for k in current:
        del sys.modules[k]
    sys.path.insert(0, str(tree))
    try:
        import importlib

        loaded = {name: importlib.import_module(name) for name in BASELINE_MODULES}
    finally:
        sys.path.remove(str(tree))
        for k in [k for k in sys.modules if k == "guardrail" or k.startswith("guardrail.")]:
            del sys.modules[k]
        sys.modules.update(current)
    return loaded


def _image(size: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(data.stereo_motorcycle()[0]).resize((size, size)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _cpu_ms(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return (time.process_time() - t) * 1000


def run(
    size: int, repeats: int, baseline: dict[str, ModuleType], store, anchors: str
) -> dict[str, tuple[float, float]]:
    """{stage: (current median ms, baseline median ms)} for the unmarked image at ``size`` px."""
    import guardrail.provenance.evidence.watermark_step as watermark_step
    from guardrail.provenance.evidence.image_source import decode_pixels
    from guardrail.provenance.evidence.models import PublicWatermarkResult
    from guardrail.provenance.evidence.public_watermark import read_public_watermarks
    from guardrail.provenance.verify import verify_image
    from guardrail.provenance.watermark import _cache, get_backend
    from guardrail.provenance.watermark.detect import detect_watermark
    from guardrail.similarity.fingerprint import query_variants

    image = _image(size)
    img, _, _ = decode_pixels(image, "<bench>")
    rgb = np.asarray(img)
    ours = {name: get_backend(name) for name, _, _ in READERS}
    theirs = {name: getattr(baseline[module], cls)() for name, module, cls in READERS}
    base_public = baseline["guardrail.provenance.evidence.public_watermark"].read_public_watermarks

    def public_before(x: np.ndarray, names: list[str] | None = None) -> list[PublicWatermarkResult]:
        return [PublicWatermarkResult(**r.model_dump()) for r in base_public(x, names)]

    def verify_before() -> None:
        saved, saved_public = dict(_cache), watermark_step.read_public_watermarks
        try:
            for key in list(_cache):
                if key[0] in theirs and key[1] == "[]":
                    _cache[key] = theirs[key[0]]
            watermark_step.read_public_watermarks = public_before
            verify_image(image, store=store, anchors=anchors)
        finally:
            _cache.clear()
            _cache.update(saved)
            watermark_step.read_public_watermarks = saved_public

    # same verdicts and reads before and after (a benchmark of two codes that disagree means nothing)
    for name in ours:
        assert detect_watermark(rgb, ours[name]) == detect_watermark(rgb, theirs[name]), name
    assert read_public_watermarks(rgb) == public_before(rgb)
    report = verify_image(image, store=store, anchors=anchors)
    assert report.verdict == "no-provenance", report.verdict

    stages: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "verify_image (whole)": (lambda: verify_image(image, store=store, anchors=anchors), verify_before),
        "decode (JPEG)": (lambda: decode_pixels(image, "<bench>"),) * 2,
        "fingerprints (4 variants)": (lambda: query_variants(img, verification=True),) * 2,
    }
    for name in ours:
        stages[f"reader {name}"] = (
            lambda b=ours[name]: detect_watermark(rgb, b),
            lambda b=theirs[name]: detect_watermark(rgb, b),
        )
    stages["public SD detectors (2)"] = (lambda: read_public_watermarks(rgb), lambda: base_public(rgb))
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in stages}
    for fns in stages.values():  # warm-up (caches, lazy imports)
        fns[0](), fns[1]()
    for i in range(repeats):
        for stage, (now, before) in stages.items():
            order = ((0, now), (1, before)) if i % 2 == 0 else ((1, before), (0, now))
            for which, fn in order:
                times[stage][which].append(_cpu_ms(fn))
    return {k: (float(np.median(a)), float(np.median(b))) for k, (a, b) in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="fa0c4e4", help="git commit whose readers are the baseline")
    parser.add_argument("--sizes", default="512,1024")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GUARDRAIL_HOME"] = tmp
        baseline = load_baseline(args.baseline, Path(tmp))
        from guardrail.provenance.store import SQLiteManifestStore
        from guardrail.provenance.trust import load_anchors

        anchors = load_anchors(None)
        with SQLiteManifestStore(Path(tmp) / "manifests.db") as store:
            sizes = [int(s) for s in args.sizes.split(",")]
            results = {size: run(size, args.repeats, baseline, store, anchors) for size in sizes}
    load = os.getloadavg()
    print(f"median CPU ms of {args.repeats}, unmarked JPEG q90 photo, empty store; baseline {args.baseline}")
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| stage | " + " | ".join(f"{s} px before | {s} px after" for s in sizes) + " |")
    print("|---|" + "---|---|" * len(sizes))
    for stage in results[sizes[0]]:
        cells = " | ".join(f"{results[s][stage][1]:.2f} | {results[s][stage][0]:.2f}" for s in sizes)
        print(f"| {stage} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
