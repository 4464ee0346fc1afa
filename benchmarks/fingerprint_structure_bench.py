"""Fingerprint matches on images with little structure: verify's lookup with and without a structure guard.

The guard tried (not in the library: it did not work, docs/provenance.md): a query whose canonical
64-bit code has fewer than MINIMUM "informative" bits (AC coefficients of the 64x64 luminance
grid's DCT at least MARGIN grey levels from the median they are compared with) is not looked up.

Two seeded sets, each a store of releases built as the marker stores them (``watermark_bench.Fingerprint``:
64-bit codes of the image and its 27 crops, 256-bit verification codes) and looked up as verify
does (``match_fingerprint`` on ``query_variants``):

- ``selection`` (where the margin and the minimum were chosen): the 6 photos of watermark_bench at
  512 and 1024 px plus 200 synthetic releases (seed 11); 1,000 unmarked images (seed 7: edited
  versions of the other scikit-image photos, one in four synthetic);
- ``held-out``: 8 other photos released at 512 and 1024 px plus 200 synthetic releases (seed 23);
  1,000 unmarked images (seed 29) from the photos not released in this set (the 6 above among them).

Per set, side by side (guard off = the same codes with the informative-bit count removed):

- false recoveries on unmarked images (a release returned for an image that is no release),
  synthetic and edited photos apart;
- recovery of the released photos after each attack of watermark_bench (crops, resizes, JPEG, ...),
  and of 60 synthetic releases after JPEG q75 / resize 0.5 / crop 0.9 (what the guard costs);
- with ``--grid``, the same counts for other (margin, minimum) pairs (how the operating point was chosen).

Run: ``python benchmarks/fingerprint_structure_bench.py [--unmarked 1000] [--grid]`` (a few minutes).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))

import watermark_bench as wb  # noqa: E402

from guardrail.provenance.evidence import similarity as sim  # noqa: E402
from guardrail.similarity import fingerprint as fp  # noqa: E402

MARGIN, MINIMUM = 1.0, 32  # the operating point reported beside no guard (the grid adds others)

HELD_OUT_PHOTOS = ("camera", "coins", "moon", "brick", "grass", "retina", "horse", "clock")
SYNTHETIC_ATTACKS = {
    "jpeg75": lambda im: _jpeg(im, 75),
    "down0.5": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BICUBIC),
    "crop0.9": lambda im: im.crop(
        (im.width // 20, im.height // 20, im.width - im.width // 20, im.height - im.height // 20)
    ),
}


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=q)
    return Image.open(buf).convert("RGB")


class Lookup:
    """One store; every lookup keeps the codes so the guard can be judged at several operating points."""

    def __init__(self, photos: tuple[str, ...], decoy_seed: int, decoys: int = 200) -> None:
        self.method = wb.Fingerprint(decoys=0)
        self.method.fpr_sources = tuple(
            s for s in wb.FPR_SOURCES if s not in {*photos, *("cat" for p in photos if p == "chelsea")}
        )
        rng = np.random.default_rng(decoy_seed)
        self.synthetic: list[tuple[Image.Image, str]] = []
        for _ in range(decoys):
            img = Image.fromarray(wb._synthetic(rng, int(rng.integers(256, 768))))
            self.synthetic.append((img, self.method.embed(img)[1]))
        self.photos = photos

    def query(self, img: Image.Image) -> tuple[list[fp.Fingerprint], np.ndarray]:
        """The query codes and the 63 AC margins of the canonical code."""
        rgb = img.convert("RGB")
        codes = fp.query_variants(rgb, verification=True)
        d = fp._dct_matrix(64)
        coeffs = d @ fp._luma_grid(rgb.convert("L")) @ d.T
        ac = coeffs[:8, :8].ravel()[1:]
        return codes, np.abs(ac - np.median(ac))

    def lookup(self, codes: list[fp.Fingerprint]) -> str | None:
        """The release verify's lookup returns without the guard (the guard only decides whether to look up)."""
        record = sim.match_fingerprint(codes, self.method.store).record
        return record.watermark_id if record else None


def _guarded(found: str | None, margins: np.ndarray, margin: float | None, minimum: int) -> str | None:
    """What the lookup returns with the guard at (margin, minimum); margin None: no guard."""
    if margin is not None and int(np.count_nonzero(margins >= margin)) < minimum:
        return None
    return found


def run_set(name: str, photos: tuple[str, ...], decoy_seed: int, unmarked_seed: int, n: int, points) -> dict:
    t0 = time.perf_counter()
    lk = Lookup(photos, decoy_seed)
    same_picture = lk.method.SAME_PICTURE
    rows: dict[str, list] = defaultdict(list)  # kind -> [(codes, margins, expected id or None)]
    seed = 1000 * decoy_seed
    for size in (512, 1024):
        for photo in photos:
            original = wb.photo(photo, size)
            _, wid = lk.method.embed(original)
            for i, (attack, fn) in enumerate(wb.ATTACKS.items()):
                rows[f"photo:{attack}"].append((*lk.query(fn(original, seed + i)), wid))
            seed += 100
    for img, wid in lk.synthetic[:60]:
        for attack, fn in SYNTHETIC_ATTACKS.items():
            rows[f"synthetic:{attack}"].append((*lk.query(fn(img)), wid))
    for i, img in enumerate(wb.unmarked_images(n, unmarked_seed, sources=lk.method.fpr_sources)):
        rows["unmarked:synthetic" if i % 4 == 3 else "unmarked:photo"].append((*lk.query(img), None))

    def same(found: str | None, wid: str) -> bool:
        from guardrail.similarity.hamming import hamming_distance

        return found is not None and hamming_distance(lk.method.codes[found], lk.method.codes[wid]) <= same_picture

    looked = {kind: [lk.lookup(c) for c, _, _ in items] for kind, items in rows.items()}
    out = {}
    for margin, minimum in points:
        counts = {}
        for kind, items in rows.items():
            hits = [_guarded(f, m, margin, minimum) for f, (_, m, _) in zip(looked[kind], items, strict=True)]
            if kind.startswith("unmarked"):
                counts[kind] = (sum(h is not None for h in hits), len(items))
            else:
                counts[kind] = (sum(same(h, w) for h, (_, _, w) in zip(hits, items, strict=True)), len(items))
        out[(margin, minimum)] = counts
    bits = {kind: [int(np.count_nonzero(m >= MARGIN)) for _, m, _ in items] for kind, items in rows.items()}
    print(
        f"\n[{name}] releases: {', '.join(photos)} at 512 and 1024 px + 200 synthetic (seed {decoy_seed}); "
        f"{n} unmarked images (seed {unmarked_seed}); {time.perf_counter() - t0:.0f} s"
    )
    return {"counts": out, "bits": bits}


def _fmt(c: tuple[int, int]) -> str:
    return f"{c[0]}/{c[1]}"


def report(name: str, result: dict, points) -> None:
    counts = result["counts"]
    baseline, current = counts[(None, 0)], counts[(MARGIN, MINIMUM)]
    print(f"guard: margin {MARGIN:g}, minimum {MINIMUM} informative bits of 63")
    print(f"{'':34}{'no guard':>12}{'guard':>12}")
    for kind in ("unmarked:synthetic", "unmarked:photo"):
        print(f"  false recoveries {kind:<16}{_fmt(baseline[kind]):>12}{_fmt(current[kind]):>12}")
    photo_kinds = [k for k in baseline if k.startswith("photo:")]
    tot = lambda c, ks: (sum(c[k][0] for k in ks), sum(c[k][1] for k in ks))  # noqa: E731
    before, after = _fmt(tot(baseline, photo_kinds)), _fmt(tot(current, photo_kinds))
    print(f"  {'photo releases found, all attacks':<32}{before:>12}{after:>12}")
    for kind in photo_kinds:
        if baseline[kind] != current[kind]:
            print(f"    {kind:<30}{_fmt(baseline[kind]):>12}{_fmt(current[kind]):>12}")
    for kind in [k for k in baseline if k.startswith("synthetic:")]:
        print(f"  {kind + ' found':<32}{_fmt(baseline[kind]):>12}{_fmt(current[kind]):>12}")
    bits = result["bits"]
    for kind in ("unmarked:synthetic", "unmarked:photo"):
        b = np.array(bits[kind])
        print(
            f"  informative bits, {kind}: median {np.median(b):.0f}, 5th pct {np.percentile(b, 5):.0f}, min {b.min()}"
        )
    b = np.array([x for k in photo_kinds for x in bits[k]])
    print(f"  informative bits, attacked photo releases: median {np.median(b):.0f}, min {b.min()}")
    if len(points) > 2:
        print(
            "  grid (margin, minimum): false synthetic / false photo / photo releases found / synthetic releases found"
        )
        for point in points[2:]:
            c = counts[point]
            syn = [k for k in c if k.startswith("synthetic:")]
            print(
                f"    {point[0]:>4g} {point[1]:>3}: {_fmt(c['unmarked:synthetic']):>9} {_fmt(c['unmarked:photo']):>9} "
                f"{_fmt(tot(c, photo_kinds)):>9} {_fmt(tot(c, syn)):>9}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unmarked", type=int, default=1000, help="unmarked images per set")
    parser.add_argument("--grid", action="store_true", help="also count other (margin, minimum) pairs")
    parser.add_argument("--sets", default="selection,held-out", help="which sets to run")
    args = parser.parse_args(argv)
    points = [(None, 0), (MARGIN, MINIMUM)]
    if args.grid:
        points += [(m, k) for m in (0.5, 1.0, 2.0, 4.0) for k in (8, 16, 24, 32, 40, 48)]
    sets = {
        "selection": (wb.PHOTOS, 11, 7),
        "held-out": (HELD_OUT_PHOTOS, 23, 29),
    }
    for name in args.sets.split(","):
        photos, decoy_seed, unmarked_seed = sets[name]
        report(name, run_set(name, photos, decoy_seed, unmarked_seed, args.unmarked, points), points)
    return 0


if __name__ == "__main__":
    sys.exit(main())
