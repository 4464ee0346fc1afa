"""``guardrail mark``: writes a signed, watermarked file; nothing written on error."""

from __future__ import annotations

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
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    result = runner.invoke(app, ["mark", str(small), "-o", str(tmp_path / "out.gif")])
    assert result.exit_code == 2 and "extension" in result.output


def test_mark_with_a_policy_naming_a_mismatched_key_exits_2_and_writes_nothing(photo_path: Path, tmp_path: Path) -> None:
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
    policy.write_text("name: mine\nprovenance:\n  signer:\n    cert: own/keys/signer.pem\n    key: own/keys/signer.key\n")
    out = tmp_path / "out.png"
    assert runner.invoke(app, ["mark", str(photo_path), "-o", str(out), "--policy", str(policy)]).exit_code == 0
    trusted = runner.invoke(app, ["verify", str(out), "--trust", str(info.root_path), "--json"])
    assert json.loads(trusted.stdout)["c2pa"]["state"] == "Trusted"
