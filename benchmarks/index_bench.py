"""Index speed on REAL fingerprint codes: HammingIndex (multi-index hashing) vs a brute-force scan,
beside the same index on uniform random codes (what this benchmark used to measure).

Codes: ``benchmarks/realcodes.py`` (the 28 64-bit codes ``reference_variants`` gives each of many
distinct images: views of the scikit-image photos and synthetic scenes; see that module). An
index of N releases holds 28 N codes: rows 0..images-1 are the real images, further rows a real
image with a measured everyday-edit delta XORed in (``realcodes.grow``).

First the statistics of the real codes that matter to an index (bit balance, duplicates, pairwise
distances of distinct images against the binomial law of random codes, how many bits an everyday
edit flips). Then per size: build time and memory of the index, and per query (CPU time, median
and p99): "copy" queries (an indexed image's canonical code with an edit delta of another image
XORed in: a true neighbour exists) and "unrelated" queries (canonical codes of held-out real
images), at radius 8 (the similarity check's threshold) and 10 (verify's recovery search radius),
k=64; "auto" against "scan" on the same data, answers checked identical.

With ``--baseline REV`` the index module of git revision REV (e.g. ``main``) is built on the same codes
and timed on the same queries in the same process (rows marked "before"; answers checked identical).

Run: python benchmarks/index_bench.py [--releases 10000,100000,1000000] [--images 50000] [--queries 200]
[--baseline REV]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from math import comb
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guardrail.similarity.index import HammingIndex  # noqa: E402

HELD_OUT = 2_000  # the last images of the sample are queries only


def _popcount(x: np.ndarray) -> np.ndarray:
    return np.bitwise_count(x.view(np.uint64)).reshape(len(x), -1).sum(axis=1)


def statistics(c64: np.ndarray, deltas: np.ndarray, rng: np.random.Generator) -> None:
    canon = c64[:, 0]
    bits = np.unpackbits(canon, axis=1)[:, 1:].mean(axis=0)  # bit 0 (the DC term) is always set
    print(
        f"real canonical codes of {len(canon)} distinct images: P(bit=1) per bit {bits.min():.2f}..{bits.max():.2f} "
        f"(mean |P-0.5| {np.abs(bits - 0.5).mean():.3f}); distinct codes {len(np.unique(canon.view(np.uint64)))}"
    )
    a, b = rng.integers(0, len(canon), (2, 500_000))
    a, b = a[a != b], b[a != b]
    d = _popcount(canon[a] ^ canon[b])
    # random 64-bit codes with bit 0 fixed: the other 63 bits binomial(63, 1/2)
    for r in (0, 4, 8, 10):
        p_rand = sum(comb(63, k) for k in range(r + 1)) / 2**63
        p_real = float((d <= r).mean())
        print(
            f"  pairs of distinct images within {r:>2} bits: real {p_real:.2e}, random {p_rand:.2e} "
            f"({p_real / p_rand:,.0f}x)"
        )
    print(f"  pairwise distance: median {np.median(d):.0f}, p1 {np.percentile(d, 1):.0f} (random: median 32)")
    edit = _popcount(deltas[:, 0])
    all_codes = _popcount(deltas.reshape(-1, 8))
    print(
        f"  an everyday edit (JPEG, resize, brightness, small crop) moves the canonical code by median "
        f"{np.median(edit):.0f}, p90 {np.percentile(edit, 90):.0f} bits "
        f"(all 28 codes: median {np.median(all_codes):.0f})"
    )


def _queries(c64: np.ndarray, deltas: np.ndarray, n_indexed: int, n: int, rng: np.random.Generator) -> dict:
    copies = c64[rng.integers(0, n_indexed, n), 0] ^ deltas[rng.integers(0, len(deltas), n), 0]
    unrelated = c64[len(c64) - HELD_OUT + rng.integers(0, HELD_OUT, n), 0]
    return {"copy": [q.tobytes() for q in copies], "unrelated": [q.tobytes() for q in unrelated]}


def _time(index: HammingIndex, queries: list[bytes], radius: int, strategy: str) -> tuple[np.ndarray, list]:
    lat, answers = [], []
    for q in queries:
        start = time.process_time()
        answers.append(index.search(q, k=64, max_distance=radius, strategy=strategy))  # type: ignore[arg-type]
        lat.append((time.process_time() - start) * 1000)
    return np.array(lat), answers


def _baseline(rev: str):
    """The HammingIndex class of git revision ``rev`` (loaded from ``git show``, beside this one)."""
    import importlib.util
    import subprocess

    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(
        ["git", "show", f"{rev}:guardrail/similarity/index.py"], cwd=root, check=True, capture_output=True, text=True
    ).stdout
    spec = importlib.util.spec_from_loader("index_before", loader=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["index_before"] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:guardrail/similarity/index.py", "exec"), module.__dict__)  # noqa: S102
    return module.HammingIndex


def _build(codes: np.ndarray, cls=HammingIndex) -> tuple[HammingIndex, float]:
    index = cls(64)
    start = time.process_time()
    index.add_many(np.arange(len(codes), dtype=np.int64), codes)
    return index, time.process_time() - start


def main() -> None:
    import realcodes

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", default="10000,100000,1000000")
    parser.add_argument("--images", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-random", action="store_true", help="skip the uniform random codes beside")
    parser.add_argument("--baseline", default=None, help="git revision whose index is timed beside (e.g. main)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    sample = realcodes.load(args.images)
    c64, deltas = sample["c64"], sample["delta"]
    indexed = c64[:-HELD_OUT]
    print(
        f"{len(c64)} real images ({len(indexed)} indexed, {HELD_OUT} held out as queries), {len(deltas)} edit deltas; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, numpy {np.__version__}; CPU times"
    )
    statistics(indexed, deltas, rng)
    print(
        f"\n{'releases':>9} {'codes':>10} {'data':>13} | build s | MB   | {'query':>9} r  | auto p50   p99  | "
        "scan p50   p99  | speed-up | hits/query | same"
    )
    for releases in (int(s) for s in args.releases.split(",")):
        real = realcodes.grow(indexed, deltas, releases, rng).reshape(-1, 8)
        datasets = [("real", real)]
        if not args.no_random:
            datasets.append(("random", rng.integers(0, 256, real.shape, dtype=np.uint8)))
        for label, codes in datasets:
            versions = [("", HammingIndex)] + ([(" before", _baseline(args.baseline))] if args.baseline else [])
            built = [(name, *_build(codes, cls)) for name, cls in versions]
            if label == "real":
                queries = _queries(c64, deltas, min(releases, len(indexed)), args.queries, rng)
            else:  # the same kinds of query against random codes: a stored code with edit bits, a fresh one
                queries = {
                    "copy": [
                        (codes[i * 28] ^ deltas[j, 0]).tobytes()
                        for i, j in zip(
                            rng.integers(0, releases, args.queries),
                            rng.integers(0, len(deltas), args.queries),
                            strict=True,
                        )
                    ],
                    "unrelated": [rng.integers(0, 256, 8, dtype=np.uint8).tobytes() for _ in range(args.queries)],
                }
            for kind, qs in queries.items():
                for radius in (8, 10):
                    scan, b = _time(built[0][1], qs[: max(20, len(qs) // 5)], radius, "scan")
                    for name, index, build_s in built:
                        mb = index.memory_bytes() / 2**20
                        auto, a = _time(index, qs, radius, "auto")
                        hits = np.mean([len(x) for x in a])
                        print(
                            f"{releases:>9} {len(codes):>10} {label + name:>13} | {build_s:7.1f} | {mb:4.0f} | "
                            f"{kind:>9} {radius:>2} |"
                            f" {np.median(auto):5.2f} {np.percentile(auto, 99):6.2f} | {np.median(scan):6.1f} "
                            f"{np.percentile(scan, 99):5.1f} | {np.median(scan) / np.median(auto):7.0f}x | "
                            f"{hits:10.1f} | {a[: len(b)] == b}",
                            flush=True,
                        )
            del built


if __name__ == "__main__":
    main()
