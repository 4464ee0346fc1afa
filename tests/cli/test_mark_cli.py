"""``guardrail mark``: writes a signed, watermarked file; nothing written on error."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from skimage import data
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app

runner = CliRunner()


@pytest.fixture()
def photo_path(tmp_path: Path) -> Path:
    path = tmp_path / "in.png"
    Image.fromarray(data.astronaut()).resize((512, 512)).save(path)
    return path


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp"])
def test_mark_writes_a_signed_file_that_verifies(photo_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--model", "demo", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert out.exists() and info["bytes"] == out.stat().st_size and len(info["watermark_id"]) == 16
    verified = runner.invoke(app, ["verify", str(out), "--json"])
    assert verified.exit_code == 0
    report = json.loads(verified.stdout)
    assert report["verdict"] == "ai-generated" and report["c2pa"]["state"] == "Trusted"
    assert report["c2pa"]["model"] == "demo"


def test_mark_refuses_to_overwrite_without_force(photo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    out.write_bytes(b"keep me")
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    assert runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes() != b"keep me"


def test_mark_errors_write_nothing(tmp_path: Path) -> None:
    small = tmp_path / "small.png"
    Image.fromarray(np.zeros((64, 64, 3), dtype=np.uint8)).save(small)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image at all")
    for src, needle in ((small, "at least 256x256"), (bad, "not an image"), (tmp_path / "missing.png", "no such file")):
        out = tmp_path / "out.png"
        result = runner.invoke(app, ["mark", str(src), "-o", str(out)])
        assert result.exit_code == 2 and needle in result.output
        assert not out.exists()
    import os

    failed = [
        r
        for r in _audit_images(Path(os.environ["GUARDRAIL_HOME"]))
        if r.get("error", "") and "marking failed" in r["error"]
    ]
    assert (
        len(failed) == 1 and failed[0]["action"] == "withheld" and "256x256" in failed[0]["error"]
    )  # the too-small image
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    result = runner.invoke(app, ["mark", str(small), "-o", str(tmp_path / "out.gif")])
    assert result.exit_code == 2 and "extension" in result.output


def test_mark_with_a_policy_naming_a_mismatched_key_exits_2_and_writes_nothing(
    photo_path: Path, tmp_path: Path
) -> None:
    from guardrail.provenance.keys import init_identity

    init_identity(tmp_path / "a")
    init_identity(tmp_path / "b")
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: mine\nprovenance:\n  signer:\n    cert: a/keys/signer.pem\n    key: b/keys/signer.key\n")
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--policy", str(policy)])
    assert result.exit_code == 2 and "does not match" in result.output
    assert not out.exists()


def test_mark_with_a_policy_naming_its_own_certificate_signs_with_it(photo_path: Path, tmp_path: Path) -> None:
    from guardrail.provenance.keys import init_identity

    info = init_identity(tmp_path / "own")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: mine\nprovenance:\n  signer:\n    cert: own/keys/signer.pem\n    key: own/keys/signer.key\n"
    )
    out = tmp_path / "out.png"
    assert runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--policy", str(policy)]).exit_code == 0
    trusted = runner.invoke(app, ["verify", str(out), "--trust", str(info.root_path), "--json"])
    assert json.loads(trusted.stdout)["c2pa"]["state"] == "Trusted"


def _manifests(home: Path) -> int:
    from guardrail.provenance.store import SQLiteManifestStore

    if not (home / "manifests.db").exists():
        return 0
    with SQLiteManifestStore(home / "manifests.db") as store:
        return store.count()


def _audit_rows(kind: str) -> list:
    import io as _io

    from guardrail.audit import AuditLog

    buf = _io.StringIO()
    with AuditLog() as log:
        log.export("jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]
    return [r for r in rows if r["kind"] == kind]


def _audit_images(home: Path) -> list:
    return _audit_rows("image")


def test_mark_refuses_an_image_the_policy_blocks_and_writes_nothing(photo_path: Path, tmp_path: Path) -> None:
    import os

    home = Path(os.environ["GUARDRAIL_HOME"])
    assert runner.invoke(app, ["refs", "add", str(photo_path), "--artist", "someone"]).exit_code == 0
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out)])
    assert result.exit_code == 1 and "block" in result.output
    assert not out.exists() and _manifests(home) == 0
    records = _audit_images(home)
    assert len(records) == 1 and records[0]["action"] == "withheld" and records[0]["watermark_id"] is None


def test_mark_no_check_skips_checks_and_the_manifest_says_so(photo_path: Path, tmp_path: Path) -> None:
    import os

    home = Path(os.environ["GUARDRAIL_HOME"])
    assert runner.invoke(app, ["refs", "add", str(photo_path), "--artist", "someone"]).exit_code == 0
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--no-check", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["checked"] is False
    report = json.loads(runner.invoke(app, ["verify", str(out), "--json"]).stdout)
    gen = next(a["data"] for a in report["manifest"]["assertions"] if a["label"] == "org.guardrail.generation")
    assert gen["extra"]["checked"] is False
    records = _audit_images(home)
    assert [r["action"] for r in records] == ["released"] and records[0]["watermark_id"] == info["watermark_id"]
    [request] = _audit_rows("request")
    assert request["operation"] == "mark" and request["checked"] is False and request["prompt"] is None
    assert request["request_id"] == records[0]["request_id"]
    assert request["input_sha256"] == hashlib.sha256(photo_path.read_bytes()).hexdigest()  # the bytes marked


def test_checked_mark_is_recorded_as_checked_with_its_verdict(photo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(runner.invoke(app, ["verify", str(out), "--json"]).stdout)
    gen = next(a["data"] for a in report["manifest"]["assertions"] if a["label"] == "org.guardrail.generation")
    assert gen["extra"]["checked"] is True and gen["extra"]["check_action"] == "pass"
    records = _audit_images(Path(__import__("os").environ["GUARDRAIL_HOME"]))
    assert records[0]["action"] == "released" and records[0]["verdicts"][0]["policy"]["name"] == "default"
    [request] = _audit_rows("request")
    assert request["operation"] == "mark" and request["checked"] is True and request["final_action"] == "released"


def test_unwritable_output_fails_before_any_manifest_is_stored(photo_path: Path, tmp_path: Path) -> None:
    import os

    home = Path(os.environ["GUARDRAIL_HOME"])
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    out = blocker / "sub" / "out.png"
    result = runner.invoke(app, ["mark", str(photo_path), "-o", str(out)])
    assert result.exit_code == 2 and str(out) in result.output
    assert _manifests(home) == 0
