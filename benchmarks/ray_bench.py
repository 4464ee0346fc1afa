"""Batch verify over Ray Data (2 local workers) beside the single-process CLI, on one folder.

Builds a folder of 512x512 images from scikit-image photos (seeded crops and flips): a third
unmarked, a third marked by ``guardrail mark`` (PNG with a signed manifest), a third of those
marked files re-encoded as JPEG q90 (manifest stripped: recovered through watermark and store).
Then, in one run, on the same folder and the same GUARDRAIL_HOME:

1. ``guardrail verify DIR --json`` (the local engine, one process): the baseline;
2. ``guardrail verify DIR --json --engine ray --workers 2``: starts a local Ray, two actors;
3. in this process, ``run_batch`` on the local engine and then on Ray (started first, its start-up
   timed apart) with 2 actors: wall time of the batch, and the window in which images were
   processed (first image started to last image done, timed inside the workers), i.e. the rate
   once the workers are up, without process start-up and model loading.

It prints wall time and images/s of each, and whether every verdict (and every JSON row) is the
same as the baseline's. The machine's cores and load average are printed: on a shared machine
two workers only help when two cores are free.

Run: python benchmarks/ray_bench.py [--images 48]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field", "immunohistochemistry")


def _build(folder: Path, n: int, home: Path) -> None:
    """n images: n/3 unmarked, n/3 marked PNG, n/3 marked then re-encoded as JPEG q90 (manifest stripped)."""
    rng = np.random.default_rng(7)
    src, plain = folder / "src", folder / "in"
    src.mkdir(parents=True)
    plain.mkdir()
    third = n // 3
    for i in range(2 * third):
        photo = getattr(data, PHOTOS[i % len(PHOTOS)])()
        h, w = photo.shape[:2]
        side = int(min(h, w) * rng.uniform(0.6, 1.0))
        y, x = int(rng.integers(0, h - side + 1)), int(rng.integers(0, w - side + 1))
        crop = photo[y : y + side, x : x + side]
        if rng.random() < 0.5:
            crop = crop[:, ::-1]
        img = Image.fromarray(np.ascontiguousarray(crop)).convert("RGB").resize((512, 512))
        img.save((src if i < third else plain) / f"{i:03d}.png")
    marked = folder / "in" / "marked"
    env = {**os.environ, "GUARDRAIL_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "guardrail", "mark", str(src), "-o", str(marked), "--no-check", "--json"],
        env=env,
        check=True,
        capture_output=True,
    )
    for path in sorted(marked.glob("*.png")):
        Image.open(path).convert("RGB").save(folder / "in" / f"stripped-{path.stem}.jpg", quality=90)


def _cli(folder: Path, home: Path, *extra: str) -> tuple[float, list[dict], int]:
    env = {**os.environ, "GUARDRAIL_HOME": str(home)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "guardrail", "verify", str(folder), "--json", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode == 2:
        sys.stderr.write(done.stderr[-2000:])
    return wall, rows, done.returncode


class TimedJob:
    """The verify job, with when each image's work started and ended (kept apart from the row)."""

    def __init__(self, job: object) -> None:
        self.job = job

    def start(self):
        run = self.job.start()

        def timed(item):
            t0 = time.time()
            result = run(item)
            return result.model_copy(update={"name": f"{result.name}\t{t0}\t{time.time()}\t{os.getpid()}"})

        return timed


def _batch(engine: str, folder: Path) -> dict:
    """One batch in this process: wall time, the window in which images were processed, rows, processes."""
    from guardrail.batch import BatchItem, VerifyJob, run_batch
    from guardrail.cli.verify import expand_inputs
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS

    items = [BatchItem(name=n, path=str(p)) for n, p in expand_inputs([str(folder)])]
    job = TimedJob(VerifyJob(readers=list(DEFAULT_READ_BACKENDS)))
    rows, starts, ends, pids = [], [], [], set()
    begin = time.time()
    for result in run_batch(job, items, engine=engine, workers=2 if engine == "ray" else None):
        _, t0, t1, pid = result.name.split("\t")
        starts.append(float(t0))
        ends.append(float(t1))
        pids.add(pid)
        rows.append(result.row)
    wall = time.time() - begin
    return {"wall": wall, "first": min(starts) - begin, "window": max(ends) - min(starts), "rows": rows, "pids": pids}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=48, help="images in the folder (a multiple of 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home, folder = Path(tmp) / "home", Path(tmp)
        home.mkdir(mode=0o700)
        _build(folder, args.images, home)
        files = folder / "in"
        n = sum(1 for p in files.rglob("*") if p.is_file())
        print(f"ray_bench: {n} images (512x512; 1/3 unmarked, 1/3 marked PNG, 1/3 marked then JPEG q90)")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
        import ray

        print(f"ray {ray.__version__}, python {sys.version.split()[0]}")

        local_wall, local_rows, local_code = _cli(files, home)
        ray_wall, ray_rows, ray_code = _cli(files, home, "--engine", "ray", "--workers", "2")
        os.environ["GUARDRAIL_HOME"] = str(home)
        local = _batch("local", files)
        begin = time.time()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray_start = time.time() - begin
        on_ray = _batch("ray", files)
        ray.shutdown()
        print(f"load average {os.getloadavg()[0]:.1f} at end")

        def verdicts(rows: list[dict]) -> list[tuple[str, str | None]]:
            return [(r["source"], r["verdict"]) for r in rows]

        print()
        print(f"{'run':<62} {'wall s':>7} {'images/s':>9}  same verdicts")
        print(f"{'CLI, local engine (baseline: one process, cold)':<62} {local_wall:7.1f} {n / local_wall:9.2f}  -")
        same = verdicts(ray_rows) == verdicts(local_rows)
        label = "CLI, --engine ray --workers 2 (cold: starts a local Ray)"
        print(f"{label:<62} {ray_wall:7.1f} {n / ray_wall:9.2f}  {same}")
        for name, run in (("local engine", local), ("ray, 2 actors, Ray running", on_ray)):
            same = verdicts(run["rows"]) == verdicts(local_rows)
            print(f"{'in process, ' + name + ': whole batch':<62} {run['wall']:7.1f} {n / run['wall']:9.2f}  {same}")
            label = f"in process, {name}: processing window"
            print(f"{label:<62} {run['window']:7.1f} {n / run['window']:9.2f}  {same}")
        print(
            f"\nRay start-up (ray.init in process): {ray_start:.1f} s; from the batch's start to the first image "
            f"started: local {local['first']:.1f} s, ray {on_ray['first']:.1f} s (actors starting, models loading); "
            f"processes that did the work: local {len(local['pids'])}, ray {len(on_ray['pids'])}"
        )
        print(f"exit codes: local {local_code}, ray {ray_code}; CLI rows identical: {ray_rows == local_rows}")
        print("processing window: first image started to last image done, timed inside the workers")
        from collections import Counter

        print("verdicts:", dict(Counter(r["verdict"] for r in local_rows)))


if __name__ == "__main__":
    main()
