"""Choose the content bound of watermark-led recovery: true copies vs transplanted watermarks.

A watermark-led recovery claims a stored release only when the checked pixels are within
``CONTENT_BOUND`` bits (64-bit dct64-v1 code, closest query variant: canonical, mirror, small
rotations) of the release's *signed* fingerprint. This script measures, side by side:

- true recoveries: a photo marked with our default watermark backend, then attacked (JPEG q90/75/50,
  resize 0.5x and back, brightness/contrast +-10%, noise, 2-degree rotation, 5% crop); only copies
  whose watermark still decodes count (a recovery is watermark-led);
- transplants: the same release id embedded with the public embedder into every other photo,
  itself attacked the same ways; distance to the release's signed fingerprint.

Photos: scikit-image's photos at 512x512, plus crops and flips of them as further "unrelated" images.
Run: python benchmarks/transplant_bound.py
"""

from __future__ import annotations

import io
import time

import numpy as np
from PIL import Image, ImageEnhance
from skimage import data

from guardrail.provenance.codec import encode_id
from guardrail.provenance.watermark import get_backend
from guardrail.provenance.watermark.detect import detect_watermark
from guardrail.similarity.fingerprint import (
    FINGERPRINT_KIND,
    compute_fingerprint,
    query_variants,
)
from guardrail.similarity.hamming import hamming_distance

# skimage.data.cat() is chelsea(): listing both would count the same picture as "unrelated".
PHOTOS = [
    "astronaut",
    "chelsea",
    "coffee",
    "rocket",
    "camera",
    "hubble_deep_field",
    "immunohistochemistry",
    "retina",
    "brick",
    "grass",
    "gravel",
    "page",
    "text",
    "moon",
    "logo",
    "colorwheel",
    "horse",
]


def load(name: str, size: int = 512) -> Image.Image:
    arr = getattr(data, name)()
    if arr.dtype != np.uint8:
        arr = (np.asarray(arr, dtype=float) / max(float(np.max(arr)), 1.0) * 255).astype(np.uint8)
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    return Image.fromarray(arr[..., :3]).resize((size, size), Image.Resampling.LANCZOS)


def jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


ATTACKS = {
    "none": lambda im: im,
    "jpeg90": lambda im: jpeg(im, 90),
    "jpeg75": lambda im: jpeg(im, 75),
    "jpeg50": lambda im: jpeg(im, 50),
    "resize0.5": lambda im: im.resize((im.width // 2, im.height // 2)).resize(im.size),
    "bright+10": lambda im: ImageEnhance.Brightness(im).enhance(1.1),
    "bright-10": lambda im: ImageEnhance.Brightness(im).enhance(0.9),
    "contrast+10": lambda im: ImageEnhance.Contrast(im).enhance(1.1),
    "noise4": lambda im: Image.fromarray(
        np.clip(np.asarray(im, float) + np.random.default_rng(1).normal(0, 4, (im.height, im.width, 3)), 0, 255).astype(
            np.uint8
        )
    ),
    "rotate2": lambda im: im.rotate(2, resample=Image.Resampling.BILINEAR),
    "crop5": lambda im: im.crop((13, 13, im.width - 13, im.height - 13)),
}


def content_distance(img: Image.Image, signed_hex: str) -> int:
    ref = bytes.fromhex(signed_hex)
    return min(hamming_distance(f.code, ref) for f in query_variants(img) if f.kind == FINGERPRINT_KIND)


def main() -> None:
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS

    backend = get_backend(DEFAULT_READ_BACKENDS[0])
    wid = "0123456789abcdef"
    bits = encode_id(wid)
    photos = {n: load(n) for n in PHOTOS}
    t0 = time.perf_counter()
    true_d: dict[str, list[int]] = {a: [] for a in ATTACKS}
    survived: dict[str, int] = {a: 0 for a in ATTACKS}
    trans_d: list[int] = []
    marked = {n: Image.fromarray(backend.embed(np.asarray(p), bits)) for n, p in photos.items()}
    signed = {n: compute_fingerprint(m).hex for n, m in marked.items()}
    for n, m in marked.items():
        for a, attack in ATTACKS.items():
            copy = attack(m)
            if detect_watermark(np.asarray(copy), backend).watermark_id == wid:
                survived[a] += 1
                true_d[a].append(content_distance(copy, signed[n]))
    # transplants: release n's id carried by photo o (and o's mirror / crop), attacked
    for n in photos:
        for o, other in marked.items():
            if o == n:
                continue
            for variant in (
                other,
                other.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
                other.crop((64, 64, 448, 448)).resize((512, 512)),
            ):
                for a in ("none", "jpeg75", "resize0.5"):
                    trans_d.append(content_distance(ATTACKS[a](variant), signed[n]))
    elapsed = time.perf_counter() - t0
    print(f"backend {backend.name}; {len(photos)} photos at 512x512; {elapsed:.1f} s")
    print(f"{'attack':<12} {'decoded':>8} {'max dist':>9} {'dists (sorted)'}")
    all_true: list[int] = []
    for a in ATTACKS:
        d = sorted(true_d[a])
        all_true += d
        print(f"{a:<12} {survived[a]:>5}/{len(photos):<2} {max(d) if d else '-':>9} {d}")
    trans = np.array(sorted(trans_d))
    print(f"true recoveries: n={len(all_true)}, max distance {max(all_true)}")
    print(
        f"transplants: n={trans.size}, min {trans.min()}, 0.1% quantile {np.quantile(trans, 0.001):.1f}, "
        f"1% {np.quantile(trans, 0.01):.1f}, median {np.median(trans):.0f}"
    )
    for bound in (8, 10, 12, 14, 16, 18, 20):
        tp = np.mean(np.array(all_true) <= bound)
        fp = np.mean(trans <= bound)
        print(
            f"bound {bound:>2}: true recoveries kept {tp:.3f}, transplants accepted {fp:.4f} "
            f"({int((trans <= bound).sum())}/{trans.size})"
        )


if __name__ == "__main__":
    main()
