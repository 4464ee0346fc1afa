"""latticeSync marks read by latticeSync's own reader and by latticeSync2's, side by side.

Why: verify's default readers are ``latticeSync2``, ``dwtDctSvdPlus``, ``dwtDctSvd``; ``latticeSync``
(the default mark of issue 9's first rounds) is read by ``latticeSync2``'s reader, which shares its
grid, chips and codeword, and by its own reader only when a store records it. This measures what an
editor without that store gets for a ``latticeSync`` mark.

Conditions: watermark_bench's 6 photos at 512 and 1024 px, each marked by ``latticeSync`` with a new
random id, then each of watermark_bench's 30 attacks (its seeds); detection = the right id decoded
by ``detect_watermark`` with that reader (every try of its search counted as usual).

Run: python benchmarks/watermark_crossread.py [--sizes 512,1024]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import watermark_bench as wb  # noqa: E402

from guardrail.provenance.codec import encode_id, new_watermark_id  # noqa: E402
from guardrail.provenance.watermark import get_backend  # noqa: E402
from guardrail.provenance.watermark.detect import detect_watermark  # noqa: E402

PHOTOS = ["astronaut", "chelsea", "coffee", "rocket", "immunohistochemistry", "hubble_deep_field"]
READERS = ("latticeSync", "latticeSync2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="512,1024")
    args = parser.parse_args(argv)
    marker = get_backend("latticeSync")
    readers = {name: get_backend(name) for name in READERS}
    hits: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    count: dict[str, int] = defaultdict(int)
    print(f"2 readers on latticeSync marks; load average {os.getloadavg()[0]:.1f}", flush=True)
    seed = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        for name in PHOTOS:
            wid = new_watermark_id()
            marked = Image.fromarray(marker.embed(np.asarray(wb.photo(name, size)), encode_id(wid)))
            for i, (attack, fn) in enumerate(wb.ATTACKS.items()):
                pixels = np.asarray(fn(marked, seed + i).convert("RGB"))
                count[attack] += 1
                for reader, backend in readers.items():
                    result = detect_watermark(pixels, backend)
                    hits[attack][reader] += bool(result.detected and result.watermark_id == wid)
            seed += 100
    print(f"{'attack':18s} {'n':>3s} " + " ".join(f"{r:>13s}" for r in READERS))
    for attack in wb.ATTACKS:
        print(f"{attack:18s} {count[attack]:3d} " + " ".join(f"{hits[attack][r]:13d}" for r in READERS))
    total = sum(count.values())
    print(f"{'total':18s} {total:3d} " + " ".join(f"{sum(h[r] for h in hits.values()):13d}" for r in READERS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
