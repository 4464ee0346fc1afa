"""Near-duplicate detection quality: recall per transform and false matches, per fingerprint choice.

References: scikit-image photos plus seeded synthetic "paintings" (blurred random shapes).
Queries: transformed copies of every reference (must match that reference) and unrelated images
(held-out synthetic paintings and photos, must match nothing). Each choice is run side by side
with plain imagehash pHash at its usual threshold (10 of 64 bits), in one process.

Second part: the 256-bit verification code (dct256) that confirms every 64-bit index candidate.
- its distance on true pairs per transform vs on unrelated pairs that are close in 64 bits, and on
  "hybrid" images built to share a reference's 8x8 lowest DCT frequencies exactly;
- a large synthetic registry (``--large-refs`` references x 28 codes against ``--large-queries``
  unrelated queries x 4 codes, brute force over every pair): how many pairs fall within the 64-bit
  threshold (false candidates of the index alone) and how many survive verification, and the
  projected false-match chance per query for a 1M-reference registry with and without it.

Tuning vs held-out: the thresholds (64-bit 8, verification 66) were chosen on the **tuning** data
(the photos in ``PHOTOS``, painting seeds 0-199 / 100,000+ and, for the large registry, 2,000,000+ /
3,000,000+). Every figure is also reported on **held-out** data never used to choose them: the
scikit-image photos not in ``PHOTOS`` that ship offline (``HELDOUT_PHOTOS``), binary blobs, and
paintings from unseen seeds (5,000,000+ references, 6,000,000+ unrelated; 7,000,000+ / 8,000,000+
for the large registry).

Run: python benchmarks/similarity_bench.py [--refs 200] [--unrelated 300] [--large-refs 3000] [--large-queries 10000]
     [--split tuning|heldout|both]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from math import comb

import imagehash
import numpy as np
import skimage.data
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from guardrail.similarity import fingerprint as fp

PHOTOS = [
    "astronaut",
    "chelsea",
    "coffee",
    "rocket",
    "camera",
    "immunohistochemistry",
    "hubble_deep_field",
    "retina",
    "moon",
    "page",
    "text",
    "clock",
    "brick",
    "grass",
    "gravel",
    "colorwheel",
    "logo",
    "cell",
    "coins",
]


# Offline scikit-image photos not in PHOTOS (``cat`` is chelsea; stereo_motorcycle's right view is
# a near-copy of its left one, so only the left is used): held-out data, never used for tuning.
HELDOUT_PHOTOS = ["stereo_motorcycle", "horse", "shepp_logan_phantom", "checkerboard"]
# seed bases of the synthetic paintings per split: (references, unrelated, large-registry refs, large-registry queries)
SEEDS = {"tuning": (0, 100_000, 2_000_000, 3_000_000), "heldout": (5_000_000, 6_000_000, 7_000_000, 8_000_000)}


def _photo(name: str) -> Image.Image:
    arr = getattr(skimage.data, name)()
    if isinstance(arr, tuple):  # stereo_motorcycle: (left, right, disparity)
        arr = arr[0]
    if arr.dtype != np.uint8:
        arr = np.asarray(arr, dtype=float)  # horse is bool, shepp_logan_phantom float
        arr = (255 * (arr - arr.min()) / max(1e-9, float(np.ptp(arr)))).astype(np.uint8)
    return Image.fromarray(arr).convert("RGB")


def painting(seed: int, size: tuple[int, int] = (384, 320)) -> Image.Image:
    """A seeded synthetic image: gradient background, random shapes, light blur and noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack(
        [(rng.uniform(0, 255) + rng.uniform(-1, 1) * x * 0.4 + rng.uniform(-1, 1) * y * 0.4) % 255 for _ in range(3)],
        -1,
    )
    img = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.integers(6, 18)):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        x1, y1 = x0 + rng.integers(20, w // 2), y0 + rng.integers(20, h // 2)
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        if rng.random() < 0.5:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.polygon([tuple(int(v) for v in rng.integers(0, (w, h))) for _ in range(3)], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    noise = rng.normal(0, 6, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(img, dtype=float) + noise, 0, 255).astype(np.uint8))


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _crop(frac: float, rng: np.random.Generator) -> Callable[[Image.Image], Image.Image]:
    """Remove ``frac`` of each side's length, split at a random offset (not only centred)."""

    def run(img: Image.Image) -> Image.Image:
        w, h = img.size
        cw, ch = round(w * (1 - frac)), round(h * (1 - frac))
        left, top = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
        return img.crop((left, top, left + cw, top + ch))

    return run


def transforms(seed: int = 0) -> dict[str, Callable[[Image.Image], Image.Image]]:
    rng = np.random.default_rng(seed)
    return {
        "jpeg75": lambda im: _jpeg(im, 75),
        "jpeg50": lambda im: _jpeg(im, 50),
        "resize0.5": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR),
        "resize256": lambda im: im.resize((256, round(256 * im.height / im.width)), Image.Resampling.LANCZOS),
        "crop5%": _crop(0.05, rng),
        "crop10%": _crop(0.10, rng),
        "crop20%": _crop(0.20, rng),
        "flip": ImageOps.mirror,
        "bright+20%": lambda im: ImageEnhance.Brightness(im).enhance(1.2),
        "bright-20%": lambda im: ImageEnhance.Brightness(im).enhance(0.8),
        "rotate2deg": lambda im: im.rotate(2, resample=Image.Resampling.BILINEAR),
        "flip+jpeg75": lambda im: _jpeg(ImageOps.mirror(im), 75),
    }


@dataclass
class Choice:
    """A fingerprint choice: reference codes, query codes, and a match threshold."""

    name: str
    reference: Callable[[Image.Image], list[bytes]]
    query: Callable[[Image.Image], list[bytes]]
    threshold: int
    verify_threshold: int | None = None  # codes are 8-byte index code + 32-byte verification code


def _phash(img: Image.Image) -> bytes:
    return np.packbits(imagehash.phash(img).hash.ravel()).tobytes()


def _ours_plain(img: Image.Image) -> list[bytes]:
    return [fp.compute_fingerprint(img).code]


def _pairs(codes: list[fp.Fingerprint]) -> list[bytes]:
    index = [f for f in codes if f.kind == fp.FINGERPRINT_KIND]
    verify = {f.variant: f.code for f in codes if f.kind == fp.VERIFY_KIND}
    return [f.code + verify[f.variant] for f in index]


def choices(threshold: int, verify_threshold: int) -> list[Choice]:
    return [
        Choice("imagehash pHash (t=10)", lambda im: [_phash(im)], lambda im: [_phash(im)], 10),
        Choice(f"dct64 canonical only (t={threshold})", _ours_plain, _ours_plain, threshold),
        Choice(
            f"dct64 + query variants (t={threshold})",
            _ours_plain,
            lambda im: [f.code for f in fp.query_variants(im)],
            threshold,
        ),
        Choice(
            f"dct64 + query variants + stored crops [shipped] (t={threshold})",
            lambda im: [f.code for f in fp.reference_variants(im)],
            lambda im: [f.code for f in fp.query_variants(im)],
            threshold,
        ),
        Choice(
            f"[shipped] + dct256 verification (t={threshold}, v={verify_threshold})",
            lambda im: _pairs(fp.reference_variants(im, verification=True)),
            lambda im: _pairs(fp.query_variants(im, verification=True)),
            threshold,
            verify_threshold,
        ),
    ]


def _dist(a: bytes, b: bytes) -> int:
    return int.from_bytes(bytes(x ^ y for x, y in zip(a, b, strict=True)), "big").bit_count()


def evaluate(
    choice: Choice,
    refs: list[Image.Image],
    queries: dict[str, list[tuple[int, Image.Image]]],
    unrelated: list[Image.Image],
) -> dict[str, float]:
    ref_codes = [choice.reference(im) for im in refs]
    flat = np.array([np.frombuffer(c, dtype=np.uint8) for codes in ref_codes for c in codes])
    owner = np.array([i for i, codes in enumerate(ref_codes) for _ in codes])
    bits = np.unpackbits(flat, axis=1)
    n_index = 64 if choice.verify_threshold is not None else bits.shape[1]

    def nearest(img: Image.Image) -> tuple[int, int]:
        """Nearest reference by index distance; with verification, only candidates it confirms."""
        qbits = [np.unpackbits(np.frombuffer(code, dtype=np.uint8)) for code in choice.query(img)]
        d = np.min([(bits[:, :n_index] != q[:n_index]).sum(axis=1) for q in qbits], axis=0)
        if choice.verify_threshold is not None:  # as the matcher: closest pair of query and stored variants
            for ref in np.unique(owner[d <= choice.threshold]):
                rows = owner == ref
                v = min(int((bits[rows, n_index:] != q[n_index:]).sum(axis=1).min()) for q in qbits)
                if v > choice.verify_threshold:
                    d[rows] = 10**6
        i = int(d.argmin())
        return int(owner[i]), int(d[i])

    out: dict[str, float] = {}
    for name, items in queries.items():
        hits = 0
        for ref_index, img in items:
            idx, d = nearest(img)
            hits += int(idx == ref_index and d <= choice.threshold)
        out[name] = hits / len(items)
    false = sum(int(nearest(img)[1] <= choice.threshold) for img in unrelated)
    out["false_match"] = false / len(unrelated)
    return out


def _split(codes: list[fp.Fingerprint]) -> tuple[np.ndarray, np.ndarray]:
    """(index codes as uint64 words, verification codes as bit arrays) of one image's variants."""
    index = np.array([np.frombuffer(f.code, dtype=np.uint8) for f in codes if f.kind == fp.FINGERPRINT_KIND])
    verify = np.array([np.frombuffer(f.code, dtype=np.uint8) for f in codes if f.kind == fp.VERIFY_KIND])
    return index.view(">u8").astype(np.uint64).ravel(), np.unpackbits(verify, axis=1)


def _popcount64(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x).astype(np.int64)
    return np.unpackbits(x.view(np.uint8), axis=-1).reshape(*x.shape, 64).sum(-1)


def _hybrid(low: Image.Image, high: Image.Image) -> Image.Image:
    """``high`` with its 8x8 lowest DCT frequencies replaced by ``low``'s (same 64-bit code, other content)."""
    from scipy.fft import dctn, idctn

    a = dctn(np.asarray(low.convert("L").resize((512, 512)), dtype=float), norm="ortho")
    b = dctn(np.asarray(high.convert("L").resize((512, 512)), dtype=float), norm="ortho")
    b[:8, :8] = a[:8, :8]
    return Image.fromarray(np.clip(idctn(b, norm="ortho"), 0, 255).astype(np.uint8)).convert("RGB")


def verification_study(
    refs: list[Image.Image],
    unrelated: list[Image.Image],
    photos: list[Image.Image],
    threshold: int,
    verify_threshold: int,
) -> None:
    """Verification distance on true pairs, near-candidate unrelated pairs and hybrids."""
    table = [_split(fp.reference_variants(im, verification=True)) for im in refs]
    r64 = np.concatenate([t[0] for t in table])
    r256 = np.concatenate([t[1] for t in table])
    owner = np.concatenate([[i] * len(t[0]) for i, t in enumerate(table)])

    def dists(img: Image.Image) -> tuple[np.ndarray, np.ndarray]:
        q64, q256 = _split(fp.query_variants(img, verification=True))
        d64 = _popcount64(q64[:, None] ^ r64[None, :])
        return d64, (q256[:, None, :] != r256[None, :, :]).sum(-1)

    print(
        f"\nverification distance (dct256 bits, closest pair of the 4 query x 28 stored variants) of references within "
        f"the index threshold {threshold}; threshold v={verify_threshold}"
    )
    print(f"{'true pairs':<22}| {'n':>5} | {'p50':>5} | {'p99':>5} | {'max':>5} | rejected at v")
    for name, f in transforms(seed=1).items():
        values = []
        for i, im in enumerate(refs):
            d64, d256 = dists(f(im))
            own = owner == i
            if (d64[:, own] <= threshold).any():
                values.append(int(d256[:, own].min()))
        v = np.array(values)
        print(
            f"  {name:<20}| {len(v):>5} | {np.median(v):>5.0f} | {np.percentile(v, 99):>5.0f} | {v.max():>5} | "
            f"{(v > verify_threshold).sum()}"
        )
    print(f"{'unrelated candidates':<22}| {'n':>9} | {'min':>5} | {'p1':>5} | {'p50':>5} | pass at v")
    buckets: dict[int, list[int]] = {threshold: [], 12: [], 16: [], 20: [], 64: []}
    for img in unrelated:
        d64, d256 = dists(img)
        for radius in buckets:
            for ref in np.unique(owner[(d64 <= radius).any(axis=0)]):
                buckets[radius].append(int(d256[:, owner == ref].min()))
    for radius, values in buckets.items():
        v = np.array(values)
        label = f"  d64 <= {radius}" if radius < 64 else "  any reference"
        if len(v):
            print(
                f"{label:<22}| {len(v):>9} | {v.min():>5} | {np.percentile(v, 1):>5.0f} | {np.median(v):>5.0f} | "
                f"{(v <= verify_threshold).sum()}"
            )
        else:
            print(f"{label:<22}| {0:>9} |")
    hyb = []
    for a in photos[:6]:
        for b in photos[:6]:
            if a is not b:
                h = _hybrid(a, b)
                (r64, r256), (q64, q256) = (
                    _split(fp.reference_variants(a.resize((512, 512)), verification=True)),
                    _split(fp.query_variants(h, verification=True)),
                )
                hyb.append(
                    (
                        int(_popcount64(q64[:, None] ^ r64[None, :]).min()),
                        int((q256[:, None, :] != r256[None, :, :]).sum(-1).min()),
                    )
                )
    d64s, d256s = zip(*hyb, strict=True)
    print(
        f"  hybrids (8x8 DCT of one photo + rest of another), {len(hyb)}: d64 {min(d64s)}..{max(d64s)}, "
        f"d256 {min(d256s)}..{max(d256s)}; pass at v: "
        f"{sum(1 for d, v in hyb if d <= threshold and v <= verify_threshold)}"
    )


def large_registry(n_refs: int, n_queries: int, threshold: int, verify_threshold: int, split: str = "tuning") -> None:
    """False candidates of the 64-bit index vs false matches after verification, over every (query, reference) pair.

    References and queries are unrelated synthetic paintings (192x160, distinct seeds). The index
    (HammingIndex, exact) finds every reference with a code within ``threshold`` of a query code.
    """
    from guardrail.similarity.index import HammingIndex

    _, _, ref_seed, query_seed = SEEDS[split]
    start = time.perf_counter()
    ref_codes = [fp.reference_variants(painting(ref_seed + i, (192, 160)), verification=True) for i in range(n_refs)]
    per_ref = len(ref_codes[0]) // 2
    index = HammingIndex(64)
    index.add_many(
        np.arange(n_refs * per_ref),
        np.array([np.frombuffer(f.code, dtype=np.uint8) for codes in ref_codes for f in codes[:per_ref]]),
    )
    r256 = np.array(
        [np.unpackbits(np.frombuffer(f.code, dtype=np.uint8)) for codes in ref_codes for f in codes[per_ref:]]
    )
    built = time.perf_counter() - start
    candidates = passed = 0
    verify_values: list[int] = []
    for i in range(n_queries):
        codes = fp.query_variants(painting(query_seed + i, (192, 160)), verification=True)
        hits = index.search_many([f.code for f in codes[:4]], k=n_refs * per_ref, max_distance=threshold)
        q256 = np.array([np.unpackbits(np.frombuffer(f.code, dtype=np.uint8)) for f in codes[4:]])
        for ref in sorted({row // per_ref for row, _ in hits}):
            v = int((q256[:, None, :] != r256[None, ref * per_ref : (ref + 1) * per_ref, :]).sum(-1).min())
            verify_values.append(v)
            candidates += 1
            passed += int(v <= verify_threshold)
    vv = np.array(verify_values or [0])
    from scipy.stats import beta, norm

    def upper(k: int, n: int) -> float:  # one-sided 95% Clopper-Pearson upper bound of a rate k/n
        return float(beta.ppf(0.95, k + 1, n - k)) if n else 1.0

    qr = n_refs * n_queries
    print(
        f"\nlarge synthetic registry ({split} seeds): {n_refs} references x {per_ref} codes = "
        f"{n_refs * per_ref} codes; "
        f"{n_queries} unrelated queries x 4 codes; "
        f"{qr:.3g} (query, reference) pairs (references {built:.0f} s, queries "
        f"{time.perf_counter() - start - built:.0f} s)"
    )
    print(
        f"  (query, reference) pairs within the 64-bit threshold {threshold} (index-only false matches): {candidates}"
    )
    print(
        f"  ... of which pass verification (v={verify_threshold}): {passed}  -> P(pass | candidate) "
        f"{passed}/{candidates}, "
        f"95% upper bound {upper(passed, candidates):.2g}"
    )
    if candidates:
        print(
            f"  verification distance of those candidates: min {vv.min()}, p5 {np.percentile(vv, 5):.0f}, median "
            f"{np.median(vv):.0f}, "
            f"sd {vv.std():.1f} (near-copies: <= 62); normal-tail estimate of P(pass) "
            f"{norm.cdf((verify_threshold + 1 - vv.mean()) / vv.std()):.1e}"
        )
    theory = (
        sum(comb(64, k) for k in range(threshold + 1)) / 2**64 * 28 * 4
    )  # per (query, reference), uniform random codes
    print(
        "  projected false-match chance per query against 1M references (1 - exp(-1e6 x rate per (query, reference) "
        "pair)):"
    )
    for label, rate in [
        ("64-bit only, random-code theory", theory),
        ("64-bit only, measured", candidates / qr),
        ("verified, measured", passed / qr),
        ("verified, 95% upper bound", upper(passed, qr)),
        (
            "verified, measured x normal tail",
            candidates / qr * (norm.cdf((verify_threshold + 1 - vv.mean()) / vv.std()) if candidates else 0),
        ),
    ]:
        print(f"    {label:<34} rate {rate:.2e} -> {1 - np.exp(-1e6 * rate):.2%}")


def run_split(
    refs: list[Image.Image],
    unrelated: list[Image.Image],
    study_photos: list[Image.Image],
    threshold: int,
    verify_threshold: int,
) -> dict[str, float]:
    """Recall per transform and false matches of every choice on one split; returns the shipped choice's figures."""
    tfs = transforms()
    queries = {name: [(i, f(img)) for i, img in enumerate(refs)] for name, f in tfs.items()}
    print(f"references: {len(refs)}; queries per transform: {len(refs)}; unrelated queries: {len(unrelated)}")
    results = {}
    for choice in choices(threshold, verify_threshold):
        start = time.perf_counter()
        results[choice.name] = evaluate(choice, refs, queries, unrelated)
        print(f"  evaluated {choice.name} in {time.perf_counter() - start:.1f} s")
    names = list(results)
    width = max(len(n) for n in tfs) + 2
    for i, n in enumerate(names):
        print(f"  [{i + 1}] {n}")
    header = "transform".ljust(width) + "".join(f"| {f'[{i + 1}]':>8} " for i in range(len(names)))
    print("\nrecall per transform (higher is better), false-match rate on unrelated images (lower is better)")
    print(header)
    print("-" * len(header))
    for row in [*tfs, "false_match"]:
        print(row.ljust(width) + "".join(f"| {results[n][row] * 100:>7.1f}% " for n in names))
    verification_study(refs, unrelated, study_photos, threshold, verify_threshold)
    return results[names[-1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--refs", type=int, default=200, help="Synthetic references (plus the photos).")
    parser.add_argument(
        "--unrelated", type=int, default=300, help="Unrelated synthetic queries (plus held-out photos)."
    )
    parser.add_argument(
        "--threshold", type=int, default=None, help="Match threshold for dct64 (default: the policy default)."
    )
    parser.add_argument(
        "--verify-threshold",
        type=int,
        default=None,
        help="Verification threshold for dct256 (default: the policy default).",
    )
    parser.add_argument(
        "--large-refs", type=int, default=3000, help="References of the large synthetic registry (0 skips it)."
    )
    parser.add_argument(
        "--large-queries", type=int, default=10000, help="Unrelated queries against the large registry."
    )
    parser.add_argument(
        "--split",
        choices=["tuning", "heldout", "both"],
        default="both",
        help="Data to report on: the tuning data, the held-out data, or both side by side.",
    )
    args = parser.parse_args()
    from guardrail.policy.schema import SimilaritySection

    threshold = args.threshold if args.threshold is not None else SimilaritySection().threshold
    verify_threshold = (
        args.verify_threshold if args.verify_threshold is not None else SimilaritySection().verify_threshold
    )
    parts = ["tuning", "heldout"] if args.split == "both" else [args.split]
    photos = [_photo(n) for n in PHOTOS]
    shipped: dict[str, dict[str, float]] = {}
    for part in parts:
        ref_seed, unrelated_seed, _, _ = SEEDS[part]
        if part == "tuning":
            held_out = photos[-4:]  # photos never registered: unrelated queries
            refs = photos[:-4] + [painting(ref_seed + seed) for seed in range(args.refs)]
            unrelated = held_out + [painting(unrelated_seed + seed) for seed in range(args.unrelated)]
            study_photos = photos
        else:
            from skimage.data import binary_blobs

            new = [_photo(n) for n in HELDOUT_PHOTOS]
            blobs = [
                Image.fromarray((binary_blobs(384, rng=seed) * 255).astype(np.uint8)).convert("RGB") for seed in (1, 2)
            ]
            refs = [*new[:2], blobs[0]] + [painting(ref_seed + seed) for seed in range(args.refs)]
            unrelated = [*new[2:], blobs[1]] + [painting(unrelated_seed + seed) for seed in range(args.unrelated)]
            study_photos = new + blobs + photos[:2]
        title = (
            "TUNING data (the thresholds were chosen on it)"
            if part == "tuning"
            else "HELD-OUT data (never used to choose a threshold)"
        )
        print(f"\n=== {title} ===")
        shipped[part] = run_split(refs, unrelated, study_photos, threshold, verify_threshold)
        if args.large_refs:
            large_registry(args.large_refs, args.large_queries, threshold, verify_threshold, part)
    if len(shipped) == 2:
        print(f"\nshipped choice (t={threshold}, v={verify_threshold}), tuning vs held-out:")
        print(f"{'transform':<14}| {'tuning':>8} | {'held-out':>8}")
        for row in shipped["tuning"]:
            print(f"{row:<14}| {shipped['tuning'][row] * 100:>7.1f}% | {shipped['heldout'][row] * 100:>7.1f}%")
    print("\nfingerprint cost (512x512, mean of 50):")
    img = photos[0]
    for label, func in [
        ("imagehash.phash", lambda: imagehash.phash(img)),
        ("compute_fingerprint", lambda: fp.compute_fingerprint(img)),
        ("query_variants", lambda: fp.query_variants(img)),
        ("query_variants +verify", lambda: fp.query_variants(img, verification=True)),
        ("reference_variants", lambda: fp.reference_variants(img)),
        ("reference_variants +verify", lambda: fp.reference_variants(img, verification=True)),
    ]:
        start = time.perf_counter()
        for _ in range(50):
            func()
        print(f"  {label:<26} {(time.perf_counter() - start) / 50 * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
