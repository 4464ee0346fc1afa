"""Cost of verify on unmarked and marked images, and the recall of the dwtDctSvd readers, side by side
with the former per-gain readers (the baseline, reproduced here and run in the same process).

The dwtDctSvd and dwtDctSvdPlus readers try 11 chroma gains in two polarities (22 tries). The former
readers gained every pixel and recomputed the Haar band, DCT and a batched ``eigvalsh`` per gain;
the current ones compute the band and DCT once (``guardrail.provenance.watermark.gain_search``).

Three parts, each current vs baseline on the same inputs:

1. **Recall (paired):** photos at 512 and 1024 px marked with fixed ids by each backend, then
   attacked (watermark_bench.py's attacks that these readers survive or nearly survive, plus a
   saturation change); counted: right id decoded. Any read where the two disagree is listed.
2. **False positives:** unmarked images (verify_bench.py's held-out half: crops, resizes, flips,
   JPEG re-saves, synthetic images); detections and tries per image of each reader.
3. **CPU time** (``time.process_time``, mean of ``--repeats``) of each reader and of
   ``verify_image`` on an unmarked PNG and on a stripped release (JPEG q90, recovered through the
   watermark) at 512 and 1024 px, with an empty manifest store apart from that release. The
   baseline ``verify_image`` runs with the former readers swapped into the backend cache.

Run: python benchmarks/verify_cost_bench.py [--repeats 5] [--unmarked 100] [--quick]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from guardrail.provenance.codec import encode_id  # noqa: E402
from guardrail.provenance.watermark import _cache, get_backend  # noqa: E402
from guardrail.provenance.watermark.detect import detect_watermark  # noqa: E402
from guardrail.provenance.watermark.dwt_dct_svd import DwtDctSvdBackend  # noqa: E402
from guardrail.provenance.watermark.dwt_dct_svd_plus import DwtDctSvdPlusBackend, _top_singular_value  # noqa: E402
from guardrail.provenance.watermark.gain_search import DCT4, blocks, low_band  # noqa: E402

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket")
ATTACKS = ("none", "jpeg50", "jpeg30", "webp80", "bright+20", "contrast-20", "noise5", "blur1", "saturation0.8")
READERS = ("dwtDctSvdPlus", "dwtDctSvd")


class FormerPlusReader(DwtDctSvdPlusBackend):
    """dwtDctSvdPlus as read before: gain, band, DCT and eigvalsh once per gain (the baseline)."""

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        _, planes = self._chroma(rgb)
        scale, level = self.options.scale, self.options.level
        index: list[np.ndarray] = []
        counts = np.zeros(n_bits)
        for gain in self.options.gains:
            ch = planes if gain == 1.0 else np.clip(128.0 + (planes - 128.0) / gain, 0, 255)
            blk = blocks(low_band(ch, level))
            n = blk.shape[-3]
            if n < n_bits:
                return
            if not index:
                index = [self._bit_index(n, n_bits, c) for c in (1, 2)]
                counts = sum(np.bincount(i, minlength=n_bits) for i in index)
            s0 = _top_singular_value(DCT4 @ blk @ DCT4.T)
            votes = -np.sin(2.0 * np.pi * s0 / scale)
            sums = sum(np.bincount(i, weights=v, minlength=n_bits) for i, v in zip(index, votes, strict=True))
            yield (sums / counts + 1.0) / 2.0


class FormerSvdReader(DwtDctSvdBackend):
    """dwtDctSvd as read before: gained pixels rounded to whole levels, eigvalsh once per gain."""

    def extract(self, rgb: np.ndarray, n_bits: int) -> Iterator[np.ndarray]:
        import cv2

        u = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2YUV)[:, :, 1].astype(np.float64)
        h, w = u.shape[0] // 8, u.shape[1] // 8
        for gain in self.options.gains:
            channel = u if gain == 1.0 else np.clip(np.rint(128.0 + (u - 128.0) / gain), 0, 255)
            s0 = _top_singular_value(DCT4 @ blocks(low_band(channel[: h * 8, : w * 8], 1)) @ DCT4.T)
            votes = (np.mod(s0, self.options.scale) > self.options.scale * 0.5).astype(np.float64)
            if votes.size < n_bits:
                return
            idx = np.arange(votes.size) % n_bits
            yield np.bincount(idx, weights=votes, minlength=n_bits) / np.bincount(idx, minlength=n_bits)


FORMER = {"dwtDctSvdPlus": FormerPlusReader, "dwtDctSvd": FormerSvdReader}


def _attack(img: Image.Image, name: str, seed: int) -> Image.Image:
    import watermark_bench

    if name == "saturation0.8":
        return ImageEnhance.Color(img).enhance(0.8)
    return watermark_bench.ATTACKS[name](img, seed)


def _cpu_ms(fn, repeats: int) -> float:
    fn()  # warm
    t0 = time.process_time()
    for _ in range(repeats):
        fn()
    return (time.process_time() - t0) / repeats * 1000


def recall(sizes: list[int], photos: tuple[str, ...]) -> None:
    import watermark_bench

    print(f"\n1. recall, paired (photos {', '.join(photos)} at {sizes} px; right id decoded / marked images)")
    print(f"{'attack':<15}" + "".join(f"{r + ' now':>20}{'before':>9}" for r in READERS))
    rows: dict[str, list[str]] = {a: [] for a in ATTACKS}
    disagreements: list[str] = []
    for reader in READERS:
        now, before = get_backend(reader), FORMER[reader]()
        hits = {a: [0, 0, 0] for a in ATTACKS}
        for size in sizes:
            for p, name in enumerate(photos):
                wid = f"{p:02x}{size:04x}" + "5eed" * 2 + "ab"
                marked = Image.fromarray(now.embed(np.asarray(watermark_bench.photo(name, size)), encode_id(wid)))
                for i, attack in enumerate(ATTACKS):
                    rgb = np.asarray(_attack(marked, attack, 100 * p + i).convert("RGB"))
                    a, b = detect_watermark(rgb, now), detect_watermark(rgb, before)
                    ok_a, ok_b = a.watermark_id == wid, b.watermark_id == wid
                    hits[attack][0] += ok_a
                    hits[attack][1] += ok_b
                    hits[attack][2] += 1
                    if (ok_a, a.tries) != (ok_b, b.tries):
                        disagreements.append(
                            f"{reader} {name}@{size} {attack}: now {ok_a} ({a.tries} tries), "
                            f"before {ok_b} ({b.tries} tries)"
                        )
        for attack, (x, y, n) in hits.items():
            rows[attack].append(f"{x:>16}/{n:<3}{y:>6}/{n:<2}")
    for attack in ATTACKS:
        print(f"{attack:<15}" + "".join(rows[attack]))
    print("reads where now and before differ (id or tries): " + (str(len(disagreements)) if disagreements else "none"))
    for line in disagreements:
        print("  " + line)


def false_positives(n: int) -> None:
    from verify_bench import PHOTOS_B, unmarked_half

    images = unmarked_half(list(PHOTOS_B), n, seed=2)
    print(f"\n2. false positives on {n} unmarked images (verify_bench.py's held-out half)")
    for reader in READERS:
        for label, backend in (("now", get_backend(reader)), ("before", FORMER[reader]())):
            hits = tries = 0
            t0 = time.process_time()
            for rgb in images:
                r = detect_watermark(rgb, backend)
                hits += r.detected
                tries += r.tries
            ms = (time.process_time() - t0) / n * 1000
            print(
                f"  {reader:<14} {label:<7} detected {hits}/{n}; {tries / n:.1f} tries per image "
                f"(design FPR <= {tries / n:.0f} x 2**-32); {ms:.1f} CPU ms per image (sizes 256-640 px)"
            )


def costs(sizes: list[int], repeats: int) -> None:
    import watermark_bench

    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker
    from guardrail.provenance.evidence.public_watermark import read_public_watermarks
    from guardrail.provenance.store import SQLiteManifestStore
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS, verify_image

    home = Path(tempfile.mkdtemp())
    os.environ["GUARDRAIL_HOME"] = str(home)
    store = SQLiteManifestStore(home / "manifests.db")
    marker = Marker(Policy(name="default"), model_id="demo-model", store=store)
    print(
        f"\n3. CPU ms (process_time, mean of {repeats} after one warm-up; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs): now / before"
    )
    for size in sizes:
        unmarked = np.asarray(watermark_bench.photo("chelsea", size))
        for reader in DEFAULT_READ_BACKENDS:
            backend = get_backend(reader)
            former = FORMER[reader]() if reader in FORMER else backend
            a = _cpu_ms(lambda b=backend, x=unmarked: detect_watermark(x, b), repeats)
            b = _cpu_ms(lambda b=former, x=unmarked: detect_watermark(x, b), repeats)
            print(f"  {size:>4} px  read unmarked  {reader:<14} {a:7.1f} / {b:7.1f}")
        public = _cpu_ms(lambda x=unmarked: read_public_watermarks(x), repeats)
        print(f"  {size:>4} px  public SD/SDXL detectors      {public:7.1f}")
        buf = io.BytesIO()
        Image.fromarray(unmarked).save(buf, "PNG")
        png = buf.getvalue()
        release = marker.mark(watermark_bench.photo("astronaut", size))
        buf = io.BytesIO()
        release.image.save(buf, "JPEG", quality=90)
        stripped = buf.getvalue()
        for label, data, verdict in (
            ("verify unmarked PNG", png, "no-provenance"),
            ("verify stripped release JPEG", stripped, "ai-generated-recovered"),
        ):
            assert verify_image(data, store=store).verdict == verdict
            now = _cpu_ms(lambda d=data: verify_image(d, store=store), repeats)
            saved = dict(_cache)
            try:
                for key in list(_cache):
                    if key[0] in FORMER and key[1] == "[]":
                        _cache[key] = FORMER[key[0]]()
                before = _cpu_ms(lambda d=data: verify_image(d, store=store), repeats)
            finally:
                _cache.clear()
                _cache.update(saved)
            print(f"  {size:>4} px  {label:<30} {now:7.1f} / {before:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure (after one warm-up)")
    parser.add_argument("--unmarked", type=int, default=100, help="unmarked images for part 2")
    parser.add_argument("--quick", action="store_true", help="512 px only, 2 photos, 30 unmarked images")
    args = parser.parse_args()
    sizes, photos, unmarked = [512, 1024], PHOTOS, args.unmarked
    if args.quick:
        sizes, photos, unmarked = [512], PHOTOS[:2], 30
    print(f"verify_cost_bench: numpy {np.__version__}; {os.cpu_count()} CPUs")
    costs([512, 1024], args.repeats)
    recall(sizes, photos)
    false_positives(unmarked)


if __name__ == "__main__":
    main()
