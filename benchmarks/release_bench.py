"""Cost of a write-ahead release vs the old release order, and of `audit verify`.

Baseline (the order before write-ahead release): store the manifest row, write the file to a temp
name, rename it into place, then commit the audit record (chain link included, so the two differ
only in ordering and the extra syncs). Write-ahead (`guardrail.audit.release.publish`): pending
entry (synced), temp file (synced), folder synced, manifest row, audit commit, link into place,
folder synced, entry removed. Both run in the same process on the same signed 256x256 PNG, in one
temp GUARDRAIL_HOME, alternating, so disk and load affect both alike. Then `AuditLog.verify` on
the log they filled.

Run: python benchmarks/release_bench.py [--runs 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ["GUARDRAIL_HOME"] = tempfile.mkdtemp(prefix="release-bench-")

    from PIL import Image
    from skimage import data

    from guardrail.audit import AuditLog, ImageRecord, RequestRecord
    from guardrail.audit.release import ReleaseFile, publish, sha256_hex
    from guardrail.policy.schema import Policy
    from guardrail.provenance import Marker

    policy = Policy(name="bench")
    marker = Marker(policy, model_id="bench")
    log = AuditLog()
    out = Path(os.environ["GUARDRAIL_HOME"]) / "out"
    out.mkdir()
    image = Image.fromarray(data.astronaut()).resize((256, 256))

    def records(marked, path: Path) -> tuple[RequestRecord, list[ImageRecord]]:
        rid = f"bench-{uuid.uuid4()}"
        request = RequestRecord(
            request_id=rid, operation="mark", policy=policy.ref, model_id="bench", final_action="released", attempts=1
        )
        return request, [
            ImageRecord(
                request_id=rid,
                index=0,
                attempt=1,
                action="released",
                watermark_id=marked.watermark_id,
                manifest_hash=marked.manifest_hash,
                output_path=str(path),
                file_sha256=sha256_hex(marked.data),
            )
        ]

    def old_order(marked, path: Path) -> None:
        marker.store.put(marked.record)
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(marked.data)
        os.replace(tmp, path)
        log.log_request_with_images(*records(marked, path))

    def write_ahead(marked, path: Path) -> None:
        publish(
            log,
            *records(marked, path),
            files=[ReleaseFile(path, marked.data, 0, marked.watermark_id)],
            manifests=[marked.record],
            store=marker.store,
        )

    signed = [marker._sign(image) for _ in range(2 * args.runs)]  # signing is not what is measured
    times: dict[str, list[float]] = {"old order (file visible before its record)": [], "write-ahead publish": []}
    for i in range(args.runs):
        for j, (name, fn) in enumerate(zip(times, (old_order, write_ahead), strict=True)):
            marked = signed[2 * i + j]
            start = time.perf_counter()
            fn(marked, out / f"{i}-{j}.png")
            times[name].append((time.perf_counter() - start) * 1000)
    load = os.getloadavg()[0]
    print(
        f"release of one signed 256x256 PNG ({len(signed[0].data)} bytes), {args.runs} runs each, load average "
        f"{load:.1f}, GUARDRAIL_HOME on {os.environ['GUARDRAIL_HOME']}"
    )
    print(f"{'':46s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, values in times.items():
        values.sort()
        print(f"{name:46s} {statistics.median(values):10.1f} {values[int(0.9 * (len(values) - 1))]:8.1f}")
    start = time.perf_counter()
    report = log.verify()
    print(f"audit verify: {report.records} records in {(time.perf_counter() - start) * 1000:.1f} ms (ok={report.ok})")


if __name__ == "__main__":
    main()
