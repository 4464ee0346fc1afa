"""Real fingerprint codes of many distinct images, for the scale benchmarks (cached on disk).

Each image is made from a seeded recipe, then fingerprinted with the project's own function
(``reference_variants(image, verification=True)``: the 28 64-bit codes a release or reference is
indexed by, canonical first, and their 28 256-bit verification codes):

- half are views of the scikit-image photos: a random window (25-100% of each side, so the aspect
  ratio changes too), optionally mirrored, with a random colour change (gamma, brightness,
  contrast, channel order, saturation), resized to 64-192 pixels;
- half are synthetic scenes: a gradient background and 3-14 random shapes (ellipses, rectangles,
  polygons, lines) in random colours, sometimes blurred or with noise, at 64-192 pixels.

Every 10th image also gets one real *variant* (JPEG q60-90 re-encode, a resize, a brightness
change or a small re-crop) fingerprinted the same way: the XOR of its codes with the original's
is a measured "variant delta" (which bits real edits flip), used to grow a real sample into a
larger benchmark set without inventing bit statistics (``grow``).

Chunks of 5,000 images are cached as ``.npz`` under ``--cache`` (default
``$TMPDIR/guardrail-realcodes``) so long runs can be resumed and several processes can share the
work (``--start``/``--step``).

Run: python benchmarks/realcodes.py --images 100000 [--start 0 --step 1] [--cache DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

CHUNK = 5_000
PHOTOS = (
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
    "horse",
    "cat",
)
_PHOTOS: list[Image.Image] = []


def default_cache() -> Path:
    return Path(os.environ.get("GUARDRAIL_REALCODES", Path(tempfile.gettempdir()) / "guardrail-realcodes"))


def _photos() -> list[Image.Image]:
    if not _PHOTOS:
        import skimage.data

        for name in PHOTOS:
            arr = np.asarray(getattr(skimage.data, name)(), dtype=None)
            arr = arr.astype(np.float64) if arr.dtype == bool else arr
            if arr.dtype != np.uint8:
                arr = (255 * (arr - arr.min()) / max(1e-9, float(np.ptp(arr)))).astype(np.uint8)
            if arr.ndim == 2:
                arr = np.stack([arr] * 3, -1)
            _PHOTOS.append(Image.fromarray(arr[..., :3]).convert("RGB"))
    return _PHOTOS


def _colour(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    arr = np.asarray(img, dtype=np.float32) / 255.0
    arr = arr[..., rng.permutation(3)] if rng.random() < 0.3 else arr
    arr = np.clip(arr ** rng.uniform(0.6, 1.6), 0, 1)
    img = Image.fromarray((arr * 255).astype(np.uint8))
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.7, 1.3))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.7, 1.3))
    return ImageEnhance.Color(img).enhance(rng.uniform(0.3, 1.5))


def photo_view(rng: np.random.Generator) -> Image.Image:
    """A random window of a random photo, maybe mirrored, recoloured, resized to 64-192 px."""
    photos = _photos()
    img = photos[int(rng.integers(len(photos)))]
    kw, kh = rng.uniform(0.25, 1.0, 2)
    w, h = max(16, int(img.width * kw)), max(16, int(img.height * kh))
    x, y = int(rng.integers(0, img.width - w + 1)), int(rng.integers(0, img.height - h + 1))
    view = img.crop((x, y, x + w, y + h))
    if rng.random() < 0.5:
        view = view.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    side = int(rng.integers(64, 193))
    view = view.resize((side, max(32, int(side * h / w))) if w >= h else (max(32, int(side * w / h)), side))
    return _colour(view, rng)


def scene(rng: np.random.Generator) -> Image.Image:
    """A synthetic scene: gradient background, random shapes, sometimes blur or noise."""
    w, h = int(rng.integers(64, 193)), int(rng.integers(64, 193))
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack(
        [(rng.uniform(0, 255) + rng.uniform(-2, 2) * x + rng.uniform(-2, 2) * y) % 256 for _ in range(3)], -1
    )
    img = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(3, 15))):
        x0, y0 = int(rng.integers(-w // 4, w)), int(rng.integers(-h // 4, h))
        x1, y1 = x0 + int(rng.integers(8, w)), y0 + int(rng.integers(8, h))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        kind = rng.random()
        if kind < 0.35:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif kind < 0.65:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif kind < 0.85:
            pts = [(int(rng.integers(0, w)), int(rng.integers(0, h))) for _ in range(int(rng.integers(3, 7)))]
            draw.polygon(pts, fill=colour)
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=int(rng.integers(1, 8)))
    if rng.random() < 0.4:
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 3.0))))
    if rng.random() < 0.3:
        noise = rng.normal(0, rng.uniform(3, 20), (h, w, 3))
        img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    return img


def variant(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One everyday edit of ``img``: JPEG re-encode, resize, brightness, or a small re-crop."""
    kind = int(rng.integers(4))
    if kind == 0:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(60, 91)))
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if kind == 1:
        s = rng.uniform(0.5, 1.5)
        return img.resize((max(16, int(img.width * s)), max(16, int(img.height * s))))
    if kind == 2:
        return ImageEnhance.Brightness(img).enhance(rng.uniform(0.85, 1.15))
    dx, dy = int(img.width * rng.uniform(0, 0.05)), int(img.height * rng.uniform(0, 0.05))
    return img.crop((dx, dy, img.width - int(img.width * rng.uniform(0, 0.05)), img.height - dy))


def _codes(img: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    from guardrail.similarity.fingerprint import FINGERPRINT_KIND, reference_variants

    fps = reference_variants(img, verification=True)
    c64 = b"".join(f.code for f in fps if f.kind == FINGERPRINT_KIND)
    c256 = b"".join(f.code for f in fps if f.kind != FINGERPRINT_KIND)
    return np.frombuffer(c64, np.uint8).reshape(-1, 8), np.frombuffer(c256, np.uint8).reshape(-1, 32)


def make_chunk(index: int) -> dict[str, np.ndarray]:
    """Chunk ``index``: CHUNK images (seeded by the index), their codes and their variants' deltas."""
    rng = np.random.default_rng([2026, 13, index])
    c64 = np.zeros((CHUNK, 28, 8), np.uint8)
    c256 = np.zeros((CHUNK, 28, 32), np.uint8)
    kind = np.zeros(CHUNK, np.uint8)  # 0 photo view, 1 scene
    deltas = []
    for i in range(CHUNK):
        kind[i] = i % 2
        img = photo_view(rng) if kind[i] == 0 else scene(rng)
        c64[i], c256[i] = _codes(img)
        if i % 10 == 0:
            v64, _ = _codes(variant(img, rng))
            deltas.append(v64 ^ c64[i])
    return {"c64": c64, "c256": c256, "kind": kind, "delta": np.stack(deltas)}


def load(n_images: int, cache: Path | None = None) -> dict[str, np.ndarray]:
    """The first ``n_images`` cached images (whole chunks, in order); fewer if fewer were made."""
    cache = cache or default_cache()
    parts = []
    for index in range((n_images + CHUNK - 1) // CHUNK):
        path = cache / f"chunk{index:05d}.npz"
        if not path.exists():
            break
        with np.load(path) as z:
            parts.append({k: z[k] for k in z.files})
    if not parts:
        raise FileNotFoundError(f"no real codes cached in {cache}: run python benchmarks/realcodes.py first")
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    n = min(n_images, len(out["c64"]))
    return {"c64": out["c64"][:n], "c256": out["c256"][:n], "kind": out["kind"][:n], "delta": out["delta"]}


def grow(codes: np.ndarray, deltas: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` releases' codes from a real sample: rows 0..len-1 are the real codes; each further row
    takes real image ``row % len`` and XORs a measured variant delta (of another image) into its 28
    codes. So every row is a real image's code set as an everyday edit would shift it."""
    if n <= len(codes):
        return codes[:n]
    extra = n - len(codes)
    src = np.arange(extra) % len(codes)
    picks = rng.integers(0, len(deltas), extra)
    return np.concatenate([codes, codes[src] ^ deltas[picks]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0, help="first chunk this process makes")
    parser.add_argument("--step", type=int, default=1, help="make every step-th chunk (several processes)")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    cache = args.cache or default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    for index in range(args.start, (args.images + CHUNK - 1) // CHUNK, args.step):
        path = cache / f"chunk{index:05d}.npz"
        if path.exists():
            continue
        t = time.process_time()
        chunk = make_chunk(index)
        tmp = path.with_suffix(f".tmp{os.getpid()}.npz")
        np.savez(tmp, **chunk)
        os.replace(tmp, path)
        print(f"chunk {index}: {CHUNK} images in {time.process_time() - t:.1f} s CPU", flush=True)


if __name__ == "__main__":
    main()
