"""Reference registry at scale: the similarity check at 10k / 100k / 1M references, real codes.

Per size, one SQLite registry is built in bulk in the registry's own schema: N references, each
with the 28 64-bit index codes and 28 256-bit verification codes ``reference_variants`` gives an
image, from ``benchmarks/realcodes.py`` (distinct images; past ``--images`` rows, an image's
64-bit codes with a measured everyday-edit delta XORed in, ``realcodes.grow``, and that image's
256-bit codes), then one real photo registered through ``add_file`` (the stereo_motorcycle left view: no stored
row holds a view of it).

Measured per size, in this process: the first check (reads every 64-bit code, builds the index)
in wall and CPU time and the resident memory it adds, the snapshot's arrays (code table + index);
then ``SimilarityMatcher.check`` CPU time (median of 10 after one warm-up) of an unrelated photo
(a synthetic scene of an unused seed) and of a JPEG q75 copy of the registered photo (must match), with the index search
alone beside it (the four query variants' searches, no fingerprinting, no reference reads).

Then the index file (``references.db-simindex``, ``guardrail/similarity/registry_index.py``): the time
to write it, and a new registry object and matcher (what the next process does) whose first check
maps it instead of reading every code: its wall and CPU time, resident memory added, and its check
CPU time beside the built index's (same verdicts checked).

Registries are kept in ``--keep DIR`` and reused by later runs (their index file is rewritten).

Run: python benchmarks/registry_bench.py [--sizes 10000,100000,1000000] [--images 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import cpu_ms, rss_bytes  # noqa: E402


def build(home: Path, n: int, c64: np.ndarray, c256: np.ndarray) -> float:
    """The registry of ``n`` references in ``home`` (unless a finished one is there); seconds spent."""
    from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND, reference_variants
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    if (home / "built").exists():
        return 0.0
    home.mkdir(parents=True, exist_ok=True)
    (home / "references.db").unlink(missing_ok=True)
    t = time.perf_counter()
    SQLiteReferenceRegistry(home / "references.db").close()  # the schema
    names = [f.variant for f in reference_variants(Image.new("L", (64, 64))) if f.kind == FINGERPRINT_KIND]
    db = sqlite3.connect(home / "references.db")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP INDEX codes_kind")  # built once after the fill (faster than kept up per row)
    db.execute("DROP INDEX codes_ref")
    for start in range(0, n, 10_000):
        stop = min(n, start + 10_000)
        refs, codes, packed = [], [], []
        for i in range(start, stop):
            refs.append((i + 1, f"artist{i % 1000}", f"/refs/{i}.png", f"{i:064x}", 512, 512, "2026-12-01T00:00:00"))
            codes += [(i + 1, FINGERPRINT_KIND, v, 64, c64[i, k].tobytes()) for k, v in enumerate(names)]
            codes += [(i + 1, VERIFY_KIND, v, 256, c256[i % len(c256), k].tobytes()) for k, v in enumerate(names)]
            packed.append((i + 1, c256[i % len(c256), : len(names)].tobytes()))
        with db:
            db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?)", refs)
            db.executemany("INSERT INTO codes(ref_id, kind, variant, bits, code) VALUES (?, ?, ?, ?, ?)", codes)
            db.executemany("INSERT INTO verification_codes(ref_id, codes) VALUES (?, ?)", packed)
    with db:
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
    db.close()
    SQLiteReferenceRegistry(home / "references.db").close()  # its schema creates the indexes again
    photo = home / "motorcycle.png"
    Image.fromarray(data.stereo_motorcycle()[0]).save(photo)
    with SQLiteReferenceRegistry(home / "references.db") as registry:
        registry.add_file("motorcycle-owner", photo)
    (home / "built").write_text(str(n))
    return time.perf_counter() - t


def former_matcher(registry, config):
    """The matcher as it decided before candidate-only reads (the baseline, reproduced here): every
    candidate reference read whole (``registry.get``: its 56 code rows as models), judged one by one."""
    from guardrail.similarity.fingerprint import VERIFY_KIND
    from guardrail.similarity.matcher import SimilarityMatcher, _min_distance
    from guardrail.similarity.verdict import SimilarityMatch

    class Former(SimilarityMatcher):
        def _decide(self, pairs, verify_codes):
            refs = self.registry.get(pairs)
            matches = []
            for ref_id, found in pairs.items():
                if ref_id not in refs:
                    continue
                ref = refs[ref_id]
                threshold = self.threshold_for(ref.artist)
                dist, q_variant, r_variant = min(found)
                stored = [f.code for f in ref.fingerprints if f.kind == VERIFY_KIND]
                verify_distance = None
                if dist <= threshold and stored:
                    verify_distance = _min_distance(list(verify_codes.values()), stored)
                within = dist <= threshold
                verified = (
                    None
                    if not within or not stored
                    else verify_distance is not None and verify_distance <= self.config.verify_threshold
                )
                matches.append(
                    SimilarityMatch(
                        reference_id=ref.id,
                        artist=ref.artist,
                        source=ref.source,
                        distance=dist,
                        threshold=threshold,
                        matched=within and verified is not False,
                        query_variant=q_variant,
                        reference_variant=r_variant,
                        verify_distance=verify_distance,
                        verify_threshold=self.config.verify_threshold,
                        verified=verified,
                    )
                )
            matches.sort(key=lambda m: (not m.matched, m.distance, m.reference_id))
            return matches[: self.config.top_k]

    return Former(registry, config)


def run(home: Path, n: int) -> dict:
    from guardrail.policy.schema import SimilaritySection
    from guardrail.similarity.fingerprint import FINGERPRINT_KIND, query_variants
    from guardrail.similarity.matcher import SimilarityMatcher
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    registry = SQLiteReferenceRegistry(home / "references.db")
    matcher = SimilarityMatcher(registry, SimilaritySection())
    import realcodes

    unrelated = realcodes.scene(np.random.default_rng([9, 9, 9])).resize((512, 512))
    buf = io.BytesIO()
    Image.fromarray(data.stereo_motorcycle()[0]).save(buf, "JPEG", quality=75)
    copy = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    index_file = registry.index_file
    index_file.unlink(missing_ok=True)
    file_path, matcher._file.path = matcher._file.path, None  # 1. the first check without an index file
    rss0 = rss_bytes()
    t, c = time.perf_counter(), time.process_time()
    first = matcher.check(unrelated)
    load_s, load_cpu = time.perf_counter() - t, time.process_time() - c
    rss_mb = (rss_bytes() - rss0) / 2**20
    snap = matcher._snapshot
    # 2. writing the index file (what that first check does once the registry holds 100k codes)
    from guardrail.similarity.registry_index import Base

    matcher._file.path = file_path
    t = time.perf_counter()
    matcher._file.save(Base(snap.table, snap.index, snap.n_refs, snap.removals))
    save_s = time.perf_counter() - t
    # 3. a new registry object and matcher (what the next process does) map the file
    mapped_registry = SQLiteReferenceRegistry(home / "references.db")
    mapped = SimilarityMatcher(mapped_registry, SimilaritySection())
    rss1 = rss_bytes()
    t, c = time.perf_counter(), time.process_time()
    mapped_first = mapped.check(unrelated)
    mapped_s, mapped_cpu = time.perf_counter() - t, time.process_time() - c
    mapped_mb = (rss_bytes() - rss1) / 2**20
    is_mapped = isinstance(mapped._snapshot.table.codes, np.memmap)
    mapped.check(copy)
    mapped_unrelated = cpu_ms(lambda: mapped.check(unrelated), 10)
    mapped_copy = cpu_ms(lambda: mapped.check(copy), 10)
    mapped_same = mapped_first == first and mapped.check(copy) == matcher.check(copy)
    table = snap.table
    table_mb = sum(a.nbytes for a in (table.code_ids, table.reference_ids, table.variant_index, table.codes)) / 2**20
    index_mb = snap.index.memory_bytes() / 2**20
    matcher.check(copy)
    found = matcher.check(copy)
    check_unrelated = cpu_ms(lambda: matcher.check(unrelated), 10)
    check_copy = cpu_ms(lambda: matcher.check(copy), 10)
    # The former decision (whole references read) in the same process, on the same snapshot: same verdicts?
    former = former_matcher(registry, SimilaritySection())
    former._snapshot = matcher._snapshot
    # plus 8 synthetic scenes and 8 views of the photos the rows were made from (near-duplicates of rows)
    probes = [unrelated, copy]
    probes += [realcodes.scene(np.random.default_rng([9, 8, s])).resize((512, 512)) for s in range(8)]
    probes += [realcodes.photo_view(np.random.default_rng([9, 7, s])).resize((512, 512)) for s in range(8)]
    same = all(former.check(image) == matcher.check(image) for image in probes)
    former_unrelated = cpu_ms(lambda: former.check(unrelated), 10)
    former_copy = cpu_ms(lambda: former.check(copy), 10)
    radius = snap.index.free_radius(SimilaritySection().threshold)
    codes = [f.code for f in query_variants(unrelated) if f.kind == FINGERPRINT_KIND]
    search_ms = cpu_ms(lambda: [snap.search(c, k=256, max_distance=radius) for c in codes], 10)
    hits = sum(len(snap.search(c, k=256, max_distance=radius)) for c in codes)
    registry.close()
    mapped_registry.close()
    return {
        "save_s": save_s,
        "file_mb": index_file.stat().st_size / 2**20 if index_file.exists() else 0.0,
        "mapped_s": mapped_s,
        "mapped_cpu": mapped_cpu,
        "mapped_mb": mapped_mb,
        "is_mapped": is_mapped,
        "mapped_unrelated_ms": mapped_unrelated,
        "mapped_copy_ms": mapped_copy,
        "mapped_same": mapped_same,
        "n": n,
        "codes": len(table),
        "load_s": load_s,
        "load_cpu": load_cpu,
        "rss_mb": rss_mb,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "table_mb": table_mb,
        "index_mb": index_mb,
        "unrelated": first.action,
        "copy": found.action,
        "copy_matched": [m.artist for m in found.matches if m.matched],
        "check_unrelated_ms": check_unrelated,
        "check_copy_ms": check_copy,
        "former_unrelated_ms": former_unrelated,
        "former_copy_ms": former_copy,
        "same_verdicts": f"{same} ({len(probes)} images)",
        "search_ms": search_ms,
        "hits": hits,
        "radius": radius,
        "disk_mb": (home / "references.db").stat().st_size / 2**20,
    }


def main() -> None:
    import realcodes

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--images", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    keep = args.keep or Path(tempfile.mkdtemp(prefix="registry_bench_"))
    sample = realcodes.load(args.images)
    rng = np.random.default_rng(2027)
    c64 = realcodes.grow(sample["c64"], sample["delta"], max(sizes), rng)
    print(
        f"real codes: {len(sample['c64'])} distinct images; {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}, numpy {np.__version__}; registries in {keep}",
        flush=True,
    )
    for n in sizes:
        s = build(keep / f"registry_{n}", n, c64, sample["c256"])
        print(f"registry of {n} references ready ({s:.0f} s to build)", flush=True)
    if args.build_only:
        return
    print(
        "refs      codes     | first check s (CPU s) | RSS added MB (peak) | arrays MB: table + index | check CPU ms: "
        "unrelated / JPEG copy (former: whole references read) | index search alone ms (hits, radius) | verdicts | "
        "same verdicts as former | disk MB"
    )
    for n in sizes:
        r = run(keep / f"registry_{n}", n)
        print(
            f"{r['n']:<9} {r['codes']:<9} | {r['load_s']:6.2f} ({r['load_cpu']:.2f}) | {r['rss_mb']:.0f} "
            f"({r['peak_mb']:.0f}) | {r['table_mb']:.0f} + {r['index_mb']:.0f} | {r['check_unrelated_ms']:.2f} / "
            f"{r['check_copy_ms']:.2f} ({r['former_unrelated_ms']:.2f} / {r['former_copy_ms']:.2f}) | "
            f"{r['search_ms']:.2f} ({r['hits']}, {r['radius']}) | "
            f"{r['unrelated']} / {r['copy']} {r['copy_matched']} | {r['same_verdicts']} | {r['disk_mb']:.0f}",
            flush=True,
        )
        print(
            f"  index file: written in {r['save_s']:.1f} s ({r['file_mb']:.0f} MB); a new matcher's first check "
            f"{'mapping it' if r['is_mapped'] else 'NOT mapping it'}: {r['mapped_s']:.2f} s "
            f"({r['mapped_cpu']:.2f} s CPU), RSS added {r['mapped_mb']:.0f} MB; its check CPU ms unrelated / JPEG copy "
            f"{r['mapped_unrelated_ms']:.2f} / {r['mapped_copy_ms']:.2f}; same verdicts as the built index: "
            f"{r['mapped_same']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
