"""Manifest store at scale: verify, put, index load, memory and disk at 10k / 100k (/ 1M) releases.

Per size, one SQLite store is built in bulk: two real releases made by ``Marker`` (signed, with
their real manifests and codes) plus N-2 real-looking rows inserted directly (the real manifest
with its id changed, random bytes of the real signed manifest's length, and real fingerprint codes:
the 28 64-bit codes ``reference_variants`` gives each of ``--pool`` distinct images, random crops,
scales and flips of the scikit-image photos, each row taking one pool image's codes with 2 random
bits flipped per code: clustered like real codes, not uniform random bits).

Measured per size, in this process: the first index load (a new store object), resident memory it
adds, ``verify_image`` of the stripped (JPEG q75 re-encoded) marked release and of an unmarked photo
(median CPU time of 5 after one warm-up), ``put`` (median CPU time of 50; the fsync's wait is not CPU), and the
database's size on disk.
Side by side in the same run: the per-verify SQL of the old code (``watermark_configs`` as a
``DISTINCT`` scan over the manifests, ``find_by_tag`` as ``substr(...) = ?``) against the new
statements. The old quadratic index load is gone from the code; its figures are the issue's
(2,020 rows in 124 s).

With ``--postgres URL`` (an empty database: a fresh one per size is best), each size's rows are
copied into PostgreSQL through the same schema (``guardrail db upgrade``'s) and measured the same
way beside the SQLite figures (``run_postgres``); put is also timed on the wall clock there, since
a commit waits on the server.

Run: python benchmarks/store_bench.py [--sizes 10000,100000] [--million] [--pool 400] [--postgres URL]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHOTOS = [
    "astronaut",
    "coffee",
    "rocket",
    "hubble_deep_field",
    "retina",
    "brick",
    "moon",
    "camera",
    "grass",
    "gravel",
    "colorwheel",
    "horse",
    "immunohistochemistry",
    "page",
    "text",
]


def _photo(name: str) -> Image.Image:
    arr = getattr(data, name)()
    if arr.dtype != np.uint8:
        arr = (np.asarray(arr, dtype=float) / max(float(np.max(arr)), 1.0) * 255).astype(np.uint8)
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    return Image.fromarray(arr[..., :3]).convert("RGB")


def _pool(n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 28, 8) uint8: the 64-bit codes of n distinct images (random crops, scales, flips of photos)."""
    from guardrail.similarity.fingerprint import FINGERPRINT_KIND, reference_variants

    photos = [_photo(p) for p in PHOTOS]
    out = []
    for _ in range(n):
        img = photos[int(rng.integers(len(photos)))]
        keep = rng.uniform(0.3, 0.9)
        w, h = int(img.width * keep), int(img.height * keep)
        x, y = int(rng.integers(0, img.width - w + 1)), int(rng.integers(0, img.height - h + 1))
        crop = img.crop((x, y, x + w, y + h)).resize((int(rng.integers(128, 384)),) * 2)
        if rng.random() < 0.5:
            crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        codes = [f.code for f in reference_variants(crop) if f.kind == FINGERPRINT_KIND]
        out.append(np.frombuffer(b"".join(codes), dtype=np.uint8).reshape(-1, 8))
    return np.stack(out)


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _cpu_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return float(np.median(times))


def _fill(path: Path, n: int, template, pool: np.ndarray, rng: np.random.Generator) -> None:
    """Insert n real-looking rows directly (the store's own schema, one transaction per 10k rows)."""
    import sqlite3

    manifest = dict(template.manifest)
    blob_len = len(template.manifest_bytes)
    verification = json.dumps(template.verification_codes)
    config = json.dumps({"backend": template.manifest_backend, "options": template.options}, sort_keys=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    start = 0
    while start < n:
        rows, codes = [], []
        for i in range(start, min(n, start + 10_000)):
            wid = f"{(i * 0x9E3779B97F4A7C15 + 0x1234567) % 2**64:016x}"
            flips = rng.integers(0, 64, size=(pool.shape[1], 2))
            c = pool[i % len(pool)].copy()
            bits = np.unpackbits(c, axis=1)
            np.put_along_axis(bits, flips, 1 - np.take_along_axis(bits, flips, axis=1), axis=1)
            c = np.packbits(bits, axis=1)
            manifest["title"] = wid
            rows.append(
                (
                    wid,
                    "ab" * 32,
                    c[0].tobytes().hex(),
                    json.dumps([r.tobytes().hex() for r in c[1:]]),
                    json.dumps(manifest),
                    rng.bytes(blob_len),
                    "2026-12-01T00:00:00+00:00",
                    verification,
                    config,
                )
            )
            codes.append(c.tobytes())
        with db:
            first = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM manifests").fetchone()[0] + 1
            db.executemany(
                "INSERT INTO manifests (watermark_id, manifest_hash, fingerprint, variants, manifest, manifest_bytes,"
                " created, verification, watermark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.executemany(
                "INSERT INTO fingerprint_codes (manifest, codes) VALUES (?, ?)",
                [(first + k, blob) for k, blob in enumerate(codes)],
            )
        start += 10_000
    db.close()


def run(size: int, pool: np.ndarray, rng: np.random.Generator) -> dict:
    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker
    from guardrail.provenance.manifest import watermark_config
    from guardrail.provenance.store import SQLiteManifestStore
    from guardrail.provenance.trust import load_anchors
    from guardrail.provenance.verify import verify_image

    home = Path(tempfile.mkdtemp(prefix="store_bench_"))
    os.environ["GUARDRAIL_HOME"] = str(home)
    path = home / "manifests.db"
    with SQLiteManifestStore(path) as store:
        marker = Marker(Policy(name="default"), model_id="demo-model", store=store)
        marked = marker.mark(_photo("astronaut").resize((512, 512)), fmt="png")
        template = marked.record
        cfg = watermark_config(template.manifest) or {"backend": "dwtDctSvdPlus", "options": {}}
    t_build = time.perf_counter()

    class _T:  # what _fill needs of the real record
        manifest = template.manifest
        manifest_bytes = template.manifest_bytes
        verification_codes = template.verification_codes
        manifest_backend = cfg["backend"]
        options = cfg["options"]

    _fill(path, size - 1, _T, pool, rng)
    build_s = time.perf_counter() - t_build
    buf = io.BytesIO()
    marked.image.save(buf, "JPEG", quality=75)
    stripped = buf.getvalue()
    buf = io.BytesIO()
    _photo("chelsea").resize((512, 512)).save(buf, "JPEG", quality=90)
    unmarked = buf.getvalue()
    anchors = load_anchors(None)

    store = SQLiteManifestStore(path)
    rss0 = _rss()
    t = time.perf_counter()
    store._load_index()
    load_s = time.perf_counter() - t
    index_mb = (_rss() - rss0) / 2**20
    ix = store._index
    arrays = [ix._ids, ix._codes, ix._alive, *(a for pair in ix._tables for a in pair)]
    if ix._id_order is not None:
        arrays += [ix._id_order, ix._sorted_ids]
    array_mb = sum(a.nbytes for a in arrays) / 2**20
    n_codes = len(store._index)
    report = verify_image(stripped, store=store, anchors=anchors)  # warm-up (and the verdict reported)
    verdict_unmarked = verify_image(unmarked, store=store, anchors=anchors).verdict
    v_marked = _cpu_ms(lambda: verify_image(stripped, store=store, anchors=anchors), 5)
    v_unmarked = _cpu_ms(lambda: verify_image(unmarked, store=store, anchors=anchors), 5)

    def one_put(i=[0]) -> None:  # noqa: B006 - a counter
        i[0] += 1
        store.put(template.model_copy(update={"watermark_id": f"f{i[0]:015x}"}))

    put_ms = _cpu_ms(one_put, 50)
    db = store._db
    old_cfg = _cpu_ms(
        lambda: db.execute(
            "SELECT DISTINCT watermark FROM manifests WHERE watermark NOT IN ('', '{}') ORDER BY watermark"
        ).fetchall(),
        3,
    )
    new_cfg = _cpu_ms(lambda: store.watermark_configs(), 3)
    tag = marked.watermark_id[:8]
    old_tag = _cpu_ms(
        lambda: db.execute(
            "SELECT watermark_id FROM manifests WHERE substr(watermark_id, 1, ?) = ?", (8, tag)
        ).fetchall(),
        3,
    )
    new_tag = _cpu_ms(lambda: store.find_by_tag(tag), 3)
    disk = sum(p.stat().st_size for p in home.glob("manifests.db*")) / 2**20
    store.close()
    return {
        "size": size,
        "path": str(path),
        "stripped": stripped,
        "unmarked": unmarked,
        "template": template,
        "build_s": build_s,
        "verdict": report.verdict,
        "verdict_unmarked": verdict_unmarked,
        "verify_marked_ms": v_marked,
        "verify_unmarked_ms": v_unmarked,
        "put_ms": put_ms,
        "load_s": load_s,
        "codes": n_codes,
        "index_mb": index_mb,
        "array_mb": array_mb,
        "disk_mb": disk,
        "old_cfg_ms": old_cfg,
        "new_cfg_ms": new_cfg,
        "old_tag_ms": old_tag,
        "new_tag_ms": new_tag,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--million", action="store_true", help="add 1,000,000 releases (~5 GB of disk, tens of minutes)"
    )
    parser.add_argument("--pool", type=int, default=400, help="distinct images whose real codes fill the rows")
    parser.add_argument("--postgres", metavar="URL", help="also measure each size in this (empty) PostgreSQL database")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    rng = np.random.default_rng(2026)
    t = time.perf_counter()
    pool = _pool(args.pool, rng)
    print(
        f"code pool: {args.pool} distinct images x {pool.shape[1]} codes in {time.perf_counter() - t:.1f} s; "
        f"{os.cpu_count()} cores, numpy {np.__version__}"
    )
    print(
        "size      build_s  verdict(stripped)       verify_stripped_ms  verify_unmarked_ms  put_ms  index_load_s  "
        "codes     "
        "index_MB(arrays/RSS)  disk_MB  configs old/new ms  tag old/new ms"
    )
    for size in sizes:
        r = run(size, pool, rng)
        print(
            f"{r['size']:<9} {r['build_s']:7.1f}  {r['verdict']:<22}  {r['verify_marked_ms']:18.1f}  "
            f"{r['verify_unmarked_ms']:18.1f}"
            f"  {r['put_ms']:6.2f}  {r['load_s']:12.2f}  {r['codes']:<9} {r['array_mb']:8.1f} / "
            f"{r['index_mb']:<8.1f}  {r['disk_mb']:7.0f}"
            f"  {r['old_cfg_ms']:8.1f} / {r['new_cfg_ms']:<6.2f}  {r['old_tag_ms']:6.1f} / {r['new_tag_ms']:.2f}"
            f"  (unmarked: {r['verdict_unmarked']})",
            flush=True,
        )
        if args.postgres:
            print_postgres(run_postgres(r, args.postgres), r)
    print(
        "issue 13 (old code, same machine): index load 220 rows 1.0 s, 2,020 rows 124 s (quadratic); verify of a "
        "re-encoded marked JPEG 257 ms at 10k rows, 1.39 s at 100k, 22.6 s at 1M."
    )


def _copy_to_postgres(sqlite_path: str, url: str) -> float:
    """Copy the SQLite store's rows into the (emptied) PostgreSQL store; returns seconds."""
    import sqlite3

    import psycopg

    from guardrail.provenance.store import SQLManifestStore

    SQLManifestStore(url).close()  # the schema, through the store's own migrations
    t = time.perf_counter()
    src = sqlite3.connect(sqlite_path)
    cols = (
        "watermark_id, manifest_hash, fingerprint, variants, manifest, manifest_bytes, created, verification, watermark"
    )
    with psycopg.connect(url) as pg:
        pg.execute("TRUNCATE fingerprint_codes, manifests, watermark_configs")
        with pg.cursor().copy(f"COPY manifests ({cols}) FROM STDIN") as copy:
            for row in src.execute(f"SELECT {cols} FROM manifests ORDER BY rowid"):
                copy.write_row(row)
        rowids = dict(pg.execute("SELECT watermark_id, rowid FROM manifests").fetchall())
        with pg.cursor().copy("COPY fingerprint_codes (manifest, codes) FROM STDIN") as copy:
            for wid, codes in src.execute(
                "SELECT m.watermark_id, f.codes FROM fingerprint_codes f JOIN manifests m ON m.rowid = f.manifest "
                "ORDER BY f.seq"
            ):
                copy.write_row((rowids[wid], codes))
        for (config,) in src.execute("SELECT config FROM watermark_configs").fetchall():
            pg.execute("INSERT INTO watermark_configs (config) VALUES (%s) ON CONFLICT DO NOTHING", (config,))
        pg.execute("ANALYZE")
    src.close()
    return time.perf_counter() - t


def run_postgres(sqlite_result: dict, url: str) -> dict:
    """The SQLite store of ``sqlite_result`` copied into PostgreSQL and measured the same way."""
    from guardrail.provenance.store import SQLManifestStore
    from guardrail.provenance.trust import load_anchors
    from guardrail.provenance.verify import verify_image

    copy_s = _copy_to_postgres(sqlite_result["path"], url)
    anchors = load_anchors(None)
    store = SQLManifestStore(url)
    rss0 = _rss()
    t = time.perf_counter()
    store._load_index()
    load_s = time.perf_counter() - t
    index_mb = (_rss() - rss0) / 2**20
    stripped, unmarked = sqlite_result["stripped"], sqlite_result["unmarked"]
    report = verify_image(stripped, store=store, anchors=anchors)
    verdict_unmarked = verify_image(unmarked, store=store, anchors=anchors).verdict
    v_marked = _cpu_ms(lambda: verify_image(stripped, store=store, anchors=anchors), 5)
    v_unmarked = _cpu_ms(lambda: verify_image(unmarked, store=store, anchors=anchors), 5)
    template, walls = sqlite_result["template"], []

    def one_put(i=[0]) -> None:  # noqa: B006 - a counter
        i[0] += 1
        t = time.perf_counter()
        store.put(template.model_copy(update={"watermark_id": f"e{i[0]:015x}"}))
        walls.append((time.perf_counter() - t) * 1000)

    put_ms = _cpu_ms(one_put, 50)
    disk = (
        store._db.execute(
            "SELECT sum(pg_total_relation_size(c)) FROM unnest(array['manifests', 'fingerprint_codes', "
            "'watermark_configs']::regclass[]) c"
        ).fetchone()[0]
        / 2**20
    )
    store.close()
    return {
        "copy_s": copy_s,
        "verdict": report.verdict,
        "verdict_unmarked": verdict_unmarked,
        "verify_marked_ms": v_marked,
        "verify_unmarked_ms": v_unmarked,
        "put_ms": put_ms,
        "put_wall_ms": float(np.median(walls)),
        "load_s": load_s,
        "index_mb": index_mb,
        "disk_mb": disk,
    }


def print_postgres(r: dict, sqlite_r: dict) -> None:
    """One line of PostgreSQL figures under the SQLite line of the same size."""
    print(
        f"  postgres: copy {r['copy_s']:.1f} s; verify stripped {r['verify_marked_ms']:.1f} ms CPU ({r['verdict']}), "
        f"unmarked {r['verify_unmarked_ms']:.1f} ms CPU ({r['verdict_unmarked']}); put {r['put_ms']:.2f} ms CPU, "
        f"{r['put_wall_ms']:.2f} ms wall; index load {r['load_s']:.2f} s (sqlite {sqlite_r['load_s']:.2f} s); "
        f"RSS added {r['index_mb']:.1f} MB; disk {r['disk_mb']:.0f} MB (sqlite {sqlite_r['disk_mb']:.0f} MB)",
        flush=True,
    )


if __name__ == "__main__":
    main()
