"""Several machines, one truth: two guardrail processes, each with its own GUARDRAIL_HOME, on one PostgreSQL.

The homes share what a deployment distributes to every machine (the signing identity and the audit
keys); everything else is theirs alone. Both mark at the same time; then the second verifies and
recovers (from a stripped copy) what the first marked, the audit chain over both machines' records
verifies, nothing is lost or duplicated, and an index loaded before the marks follows the new rows.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from guardrail.audit import AuditLog
from guardrail.audit.key import current_audit_key
from guardrail.provenance.keys import init_identity
from guardrail.provenance.store import SQLManifestStore

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

PER_MACHINE = 4

# One machine's work: mark PER_MACHINE distinct crops through the library (Marker: watermark, sign,
# manifest row, audit record: the CLI's path), write the marked PNGs, print their watermark ids.
_MACHINE = """
import json, sys
from pathlib import Path
from PIL import Image
from skimage import data
from guardrail.policy.schema import Policy
from guardrail.provenance import Marker

name, out, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket()]
marker = Marker(Policy(name="default"), model_id=f"machine-{name}")
ids = []
for i in range(count):
    k = i + (count if name == "b" else 0)  # each machine its own crops
    photo = photos[k % len(photos)]
    y, x = 16 * (k // len(photos)), 24 * (k // len(photos))
    marked = marker.mark(Image.fromarray(photo[y : y + 320, x : x + 320]).resize((256, 256)))
    (out / f"{name}-{i}.png").write_bytes(marked.data)
    ids.append(marked.watermark_id)
print(json.dumps(ids))
"""


def _machine_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, GUARDRAIL_HOME=str(home), PYTHONPATH=os.pathsep.join(sys.path))
    env["GUARDRAIL_DATABASE_URL"] = os.environ["GUARDRAIL_DATABASE_URL"]
    return env


def test_two_machines_share_one_postgres(engine: str, tmp_path: Path, guardrail_home: Path) -> None:
    url = os.environ["GUARDRAIL_DATABASE_URL"]
    # Machine a's home (this test's): a signing identity and an audit key; machine b gets copies of both.
    init_identity()
    current_audit_key()
    home_b = tmp_path / "home-b"
    home_b.mkdir(mode=0o700)
    for folder in ("keys", "audit-keys"):
        shutil.copytree(guardrail_home / folder, home_b / folder)

    with SQLManifestStore(url) as follower:  # a third process's view, its index loaded before any mark
        assert follower.nearest(bytes(8), 0) is None and len(follower._index) == 0
        index = follower._index
        out = tmp_path / "out"
        out.mkdir()
        machines = [
            subprocess.Popen(
                [sys.executable, "-c", _MACHINE, name, str(out), str(PER_MACHINE)],
                env=_machine_env(home),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name, home in (("a", guardrail_home), ("b", home_b))
        ]
        ids = {}
        for name, proc in zip("ab", machines, strict=True):
            stdout, stderr = proc.communicate(timeout=300)
            assert proc.returncode == 0, stderr[-3000:]
            ids[name] = json.loads(stdout.strip().splitlines()[-1])

        # Nothing lost, nothing duplicated: every release once in the store and once in the audit log.
        every = ids["a"] + ids["b"]
        assert len(set(every)) == 2 * PER_MACHINE and follower.count() == 2 * PER_MACHINE
        with AuditLog(url) as audit:
            requests = audit.list_requests(limit=100)
            assert len({r.request_id for r in requests}) == len(requests) == 2 * PER_MACHINE
            assert {r.model_id for r in requests} == {"machine-a", "machine-b"}
            logged = [img.watermark_id for r in requests for img in audit.get_request(r.request_id)[1]]
            assert sorted(logged) == sorted(every)
            report = audit.verify()  # one chain over both machines' records, no gap, no fork
            assert report.ok and report.records == 4 * PER_MACHINE, report

        # The index loaded before the marks followed them incrementally (same object, grown), and finds
        # each release by its own fingerprint.
        for wid in every:
            record = follower.get(wid)
            found = follower.candidates([bytes.fromhex(record.fingerprint)], 0)
            assert wid in {r.watermark_id for r, _ in found}
        assert follower._index is index and len(index) > 0

    # Machine b verifies what machine a marked: the signed file, and a copy stripped of its manifest
    # (re-encoded as JPEG q90, so only the watermark and the fingerprint are left) recovered from the store.
    marked = out / "a-1.png"
    stripped = tmp_path / "stripped.jpg"
    buf = io.BytesIO()
    Image.open(marked).convert("RGB").save(buf, format="JPEG", quality=90)
    stripped.write_bytes(buf.getvalue())
    assert np.asarray(Image.open(stripped)).shape == (256, 256, 3)
    result = subprocess.run(
        [sys.executable, "-m", "guardrail", "verify", str(marked), str(stripped), "--json"],
        env=_machine_env(home_b),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {Path(r["source"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["a-1.png"]["verdict"] == "ai-generated" and rows["a-1.png"]["c2pa"]["state"] == "Trusted"
    recovered = rows["stripped.jpg"]
    assert recovered["verdict"] == "ai-generated-recovered" and recovered["c2pa"]["state"] is None, recovered
    assert recovered["watermark"]["watermark_id"] == ids["a"][1]
