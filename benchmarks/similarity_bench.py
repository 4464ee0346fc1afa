"""Near-duplicate detection quality: recall per transform and false matches, per fingerprint choice.

References: scikit-image photos plus seeded synthetic "paintings" (blurred random shapes).
Queries: transformed copies of every reference (must match that reference) and unrelated images
(held-out synthetic paintings and photos, must match nothing). Each choice is run side by side
with plain imagehash pHash at its usual threshold (10 of 64 bits), in one process.

Run: python benchmarks/similarity_bench.py [--refs 200] [--unrelated 300]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import imagehash
import numpy as np
import skimage.data
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from guardrail.similarity import fingerprint as fp

PHOTOS = ["astronaut", "chelsea", "coffee", "rocket", "camera", "immunohistochemistry", "hubble_deep_field",
          "retina", "moon", "page", "text", "clock", "brick", "grass", "gravel", "colorwheel", "logo", "cell", "coins"]


def _photo(name: str) -> Image.Image:
    arr = getattr(skimage.data, name)()
    if arr.dtype != np.uint8:
        arr = (255 * (arr - arr.min()) / max(1e-9, float(np.ptp(arr)))).astype(np.uint8)
    return Image.fromarray(arr).convert("RGB")


def painting(seed: int, size: tuple[int, int] = (384, 320)) -> Image.Image:
    """A seeded synthetic image: gradient background, random shapes, light blur and noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(rng.uniform(0, 255) + rng.uniform(-1, 1) * x * 0.4 + rng.uniform(-1, 1) * y * 0.4) % 255 for _ in range(3)], -1)
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


def _phash(img: Image.Image) -> bytes:
    return np.packbits(imagehash.phash(img).hash.ravel()).tobytes()


def _ours_plain(img: Image.Image) -> list[bytes]:
    return [fp.compute_fingerprint(img).code]


def choices(threshold: int) -> list[Choice]:
    return [
        Choice("imagehash pHash (t=10)", lambda im: [_phash(im)], lambda im: [_phash(im)], 10),
        Choice(f"dct64 canonical only (t={threshold})", _ours_plain, _ours_plain, threshold),
        Choice(f"dct64 + query variants (t={threshold})", _ours_plain, lambda im: [f.code for f in fp.query_variants(im)], threshold),
        Choice(
            f"dct64 + query variants + stored crops [shipped] (t={threshold})",
            lambda im: [f.code for f in fp.reference_variants(im)],
            lambda im: [f.code for f in fp.query_variants(im)],
            threshold,
        ),
    ]


def _dist(a: bytes, b: bytes) -> int:
    return int.from_bytes(bytes(x ^ y for x, y in zip(a, b, strict=True)), "big").bit_count()


def evaluate(choice: Choice, refs: list[Image.Image], queries: dict[str, list[tuple[int, Image.Image]]], unrelated: list[Image.Image]) -> dict[str, float]:
    ref_codes = [choice.reference(im) for im in refs]
    flat = np.array([np.frombuffer(c, dtype=np.uint8) for codes in ref_codes for c in codes])
    owner = np.array([i for i, codes in enumerate(ref_codes) for _ in codes])
    bits = np.unpackbits(flat, axis=1)

    def nearest(img: Image.Image) -> tuple[int, int]:
        best_d, best_i = 10**9, -1
        for code in choice.query(img):
            q = np.unpackbits(np.frombuffer(code, dtype=np.uint8))
            d = (bits != q).sum(axis=1)
            i = int(d.argmin())
            if d[i] < best_d:
                best_d, best_i = int(d[i]), int(owner[i])
        return best_i, best_d

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--refs", type=int, default=200, help="Synthetic references (plus the photos).")
    parser.add_argument("--unrelated", type=int, default=300, help="Unrelated synthetic queries (plus held-out photos).")
    parser.add_argument("--threshold", type=int, default=None, help="Match threshold for dct64 (default: the policy default).")
    args = parser.parse_args()
    from guardrail.policy.schema import SimilaritySection

    threshold = args.threshold if args.threshold is not None else SimilaritySection().threshold
    photos = [_photo(n) for n in PHOTOS]
    held_out = photos[-4:]  # photos never registered: unrelated queries
    refs = photos[:-4] + [painting(seed) for seed in range(args.refs)]
    unrelated = held_out + [painting(100_000 + seed) for seed in range(args.unrelated)]
    tfs = transforms()
    queries = {name: [(i, f(img)) for i, img in enumerate(refs)] for name, f in tfs.items()}
    print(f"references: {len(refs)} ({len(photos) - 4} scikit-image photos + {args.refs} synthetic); "
          f"queries per transform: {len(refs)}; unrelated queries: {len(unrelated)}")
    results = {}
    for choice in choices(threshold):
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
    print("\nfingerprint cost (512x512, mean of 50):")
    img = photos[0]
    for label, func in [("imagehash.phash", lambda: imagehash.phash(img)), ("compute_fingerprint", lambda: fp.compute_fingerprint(img)),
                        ("query_variants", lambda: fp.query_variants(img)), ("reference_variants", lambda: fp.reference_variants(img))]:
        start = time.perf_counter()
        for _ in range(50):
            func()
        print(f"  {label:<26} {(time.perf_counter() - start) / 50 * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
