"""Do two versions of the readers read the same? Dump every candidate of every reader, then compare.

A change to a reader's arithmetic (float32, another summation order, a sparse product) must not
change what it decodes. This records, for a fixed set of images, every candidate score array each
reader yields (all of them, not only up to the first that decodes), the hard bits, what
``detect_watermark`` decodes and with how many tries, the public detectors' reads, and a hash of
every marked image (the embedders must stay byte-identical). Run ``dump`` once with the old code
on ``PYTHONPATH`` and once with the new, then ``compare``:

    PYTHONPATH=/path/to/old python benchmarks/reader_equivalence.py dump old.npz [--unmarked 1000]
    PYTHONPATH=$PWD python benchmarks/reader_equivalence.py dump new.npz [--unmarked 1000]
    python benchmarks/reader_equivalence.py compare old.npz new.npz

Images: watermark_bench's photos (``--photos``, ``--sizes``) marked by each backend with a fixed id,
then every watermark_bench attack (seeded); and ``--unmarked`` of watermark_bench's unmarked images
(edited photos and synthetic images, seed 7). ``compare`` prints, per reader: arrays compared,
arrays bit-identical, the largest score difference, hard bits that differ, and decoded results
(id or none, tries) that differ; exit code 1 if any decoded result or marked image differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

READERS = ("latticeSync2", "latticeSync", "dwtDctSvdPlus", "dwtDctSvd")


def _items(photos: list[str], sizes: list[int], unmarked: int, attacks: list[str] | None = None):
    """(name, RGB array, marked-image hash or '') for every image read."""
    from PIL import Image
    from watermark_bench import ATTACKS, photo, unmarked_images

    from guardrail.provenance.codec import encode_id
    from guardrail.provenance.watermark import get_backend

    for size in sizes:
        for p, name in enumerate(photos):
            base = photo(name, size)
            for b, backend in enumerate(READERS):
                wid = f"{(p * 7 + b * 131 + size) & 0xFFFF:04x}" + "c0ffee00d15ea5e"[:12]
                marked = Image.fromarray(get_backend(backend).embed(np.asarray(base), encode_id(wid)))
                digest = hashlib.sha256(np.asarray(marked).tobytes()).hexdigest()
                for a, (attack, fn) in enumerate(ATTACKS.items()):
                    if attacks and attack not in attacks:
                        continue
                    img = fn(marked, 1000 * p + 10 * b + a).convert("RGB")
                    yield f"{name}@{size}/{backend}/{attack}", np.asarray(img), digest
    for i, img in enumerate(unmarked_images(unmarked)):
        yield f"unmarked/{i}", np.asarray(img.convert("RGB")), ""


def dump(out: Path, photos: list[str], sizes: list[int], unmarked: int, attacks: list[str] | None = None) -> None:
    from guardrail.provenance.codec import CODE_BITS
    from guardrail.provenance.evidence.public_watermark import read_public_watermarks
    from guardrail.provenance.watermark import get_backend
    from guardrail.provenance.watermark.detect import detect_watermark

    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, dict] = {}
    for name, rgb, digest in _items(photos, sizes, unmarked, attacks):
        entry: dict = {"marked_sha256": digest}
        for reader in READERS:
            backend = get_backend(reader)
            scores = list(backend.extract(rgb, CODE_BITS))
            arrays[f"{name}|{reader}"] = np.array(scores, dtype=np.float64).reshape(len(scores), CODE_BITS)
            result = detect_watermark(rgb, backend)
            entry[reader] = [result.watermark_id, result.tries]
        entry["public"] = [[p.detected, p.agreement] for p in read_public_watermarks(rgb)]
        meta[name] = entry
    np.savez(out, meta=np.array(json.dumps(meta)), **arrays)
    print(f"{len(meta)} images, {len(arrays)} score sets -> {out}")


def compare(old_path: Path, new_path: Path) -> int:
    old, new = np.load(old_path), np.load(new_path)
    old_meta, new_meta = json.loads(str(old["meta"])), json.loads(str(new["meta"]))
    if old_meta.keys() != new_meta.keys():
        print("different image sets")
        return 1
    bad = 0
    marked_diff = {n for n in old_meta if old_meta[n]["marked_sha256"] != new_meta[n]["marked_sha256"]}
    public_diff = [n for n in old_meta if old_meta[n]["public"] != new_meta[n]["public"]]
    for group in ("marked", "unmarked"):
        names = [n for n in old_meta if n.startswith("unmarked/") == (group == "unmarked")]
        print(f"{group}: {len(names)} images")
        for reader in READERS:
            n_arrays = identical = hard_diff = decoded_diff = shape_diff = 0
            found = sum(old_meta[n][reader][0] is not None for n in names)
            worst = 0.0
            for n in names:
                a, b = old[f"{n}|{reader}"], new[f"{n}|{reader}"]
                if old_meta[n][reader] != new_meta[n][reader]:
                    decoded_diff += 1
                    print(f"  DECODED DIFFERS {n} {reader}: {old_meta[n][reader]} -> {new_meta[n][reader]}")
                if a.shape != b.shape:
                    shape_diff += 1
                    continue
                n_arrays += a.shape[0]
                identical += int(sum(np.array_equal(x, y) for x, y in zip(a, b, strict=True)))
                hard_diff += int(((a > 0.5) != (b > 0.5)).sum())
                if a.size:
                    worst = max(worst, float(np.abs(a - b).max()))
            bad += decoded_diff + shape_diff
            print(
                f"  {reader:14s} arrays {n_arrays:6d}  bit-identical {identical:6d}  max |diff| {worst:.3g}  "
                f"hard bits differing {hard_diff}  try counts differing {shape_diff}  "
                f"decoded differing {decoded_diff}  (ids decoded in the first dump: {found})"
            )
    print(f"marked images differing: {len(marked_diff)}; public detector reads differing: {len(public_diff)}")
    return 1 if bad or marked_diff or public_diff else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="read every image with every reader, save to a .npz")
    d.add_argument("out", type=Path)
    d.add_argument("--photos", default="astronaut,chelsea,coffee", help="watermark_bench --quick's photos")
    d.add_argument("--sizes", default="512")
    d.add_argument("--unmarked", type=int, default=1000)
    d.add_argument("--attacks", default="", help="comma-separated subset of watermark_bench's attacks (default: all)")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        sizes = [int(s) for s in args.sizes.split(",")]
        dump(args.out, args.photos.split(","), sizes, args.unmarked, [a for a in args.attacks.split(",") if a])
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    raise SystemExit(main())
