"""Index speed: multi-index hashing (HammingIndex) vs a brute-force numpy popcount scan.

Synthetic uniformly random 64-bit codes at 10k, 100k and 1M; queries are stored codes with a
few bits flipped (so every query has a true neighbour) plus fresh random codes. Both methods run
in the same process on the same data; answers are checked to be identical. numpy runs these ops
on one core (no BLAS involved).

Run: python benchmarks/index_bench.py [--sizes 10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from guardrail.policy.schema import SimilaritySection  # noqa: E402
from guardrail.similarity.index import HammingIndex  # noqa: E402


def _queries(codes: np.ndarray, n: int, rng: np.random.Generator, flips: int) -> list[bytes]:
    out = []
    for i in range(n):
        if i % 2 == 0:  # a stored code with `flips` bits changed
            code = codes[rng.integers(0, len(codes))].copy()
            bits = np.unpackbits(code)
            bits[rng.choice(64, size=flips, replace=False)] ^= 1
            out.append(np.packbits(bits).tobytes())
        else:  # an unrelated random code
            out.append(rng.integers(0, 256, 8, dtype=np.uint8).tobytes())
    return out


def _time(index: HammingIndex, queries: list[bytes], radius: int, strategy: str) -> tuple[np.ndarray, list]:
    lat, answers = [], []
    for q in queries:
        start = time.perf_counter()
        answers.append(index.search(q, k=5, max_distance=radius, strategy=strategy))  # type: ignore[arg-type]
        lat.append((time.perf_counter() - start) * 1000)
    return np.array(lat), answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    threshold = SimilaritySection().threshold
    rng = np.random.default_rng(0)
    print(f"64-bit codes; policy threshold {threshold}; MIH = HammingIndex 'auto' (scans below 50k codes)")
    print(
        f"{'codes':>9} {'radius':>6} | {'build MIH':>10} | {'MIH mean':>9} {'p50':>7} {'p99':>7} | {'scan mean':>9} "
        f"{'p50':>7} {'p99':>7} | speed-up | same answers"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        codes = rng.integers(0, 256, (size, 8), dtype=np.uint8)
        index = HammingIndex(64)
        start = time.perf_counter()
        index.add_many(np.arange(size), codes)
        build = time.perf_counter() - start
        print(
            f"  {size} codes: substrings {index.substrings} bits; matcher radius {index.free_radius(threshold)} "
            f"(same probe cost as {threshold})"
        )
        for radius in sorted({threshold, index.free_radius(threshold)}):
            queries = _queries(codes, args.queries, rng, flips=min(radius, 6))
            mih, a = _time(index, queries, radius, "auto")
            scan, b = _time(index, queries, radius, "scan")
            print(
                f"{size:>9} {radius:>6} | {build:>9.2f}s | {mih.mean():>7.3f}ms {np.median(mih):>5.3f}ms "
                f"{np.percentile(mih, 99):>5.3f}ms |"
                f" {scan.mean():>7.3f}ms {np.median(scan):>5.3f}ms {np.percentile(scan, 99):>5.3f}ms | "
                f"{scan.mean() / mih.mean():>7.1f}x | {a == b}"
            )


if __name__ == "__main__":
    main()
