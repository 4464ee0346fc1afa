"""``--engine ray`` on a local Ray started by the tests: the same rows and verdicts as the local engine.

Each test runs a Ray Data batch over two actors, each loading guardrail's models once (tens of
seconds on a busy 2-core machine), so there are few of them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_ray")]

runner = CliRunner()
RAY = ["--engine", "ray", "--workers", "2"]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def _untimed(rows: list[dict]) -> list[dict]:
    """The rows without the classifiers' elapsed_ms (wall-clock time, the only field that may differ)."""
    return [{**r, "classifiers": [{**c, "elapsed_ms": None} for c in r["classifiers"]]} for r in rows]


def test_mark_on_ray_releases_and_withholds_like_the_local_engine(photos: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["refs", "add", str(photos / "astronaut.png"), "--artist", "someone"]).exit_code == 0
    local = runner.invoke(app, ["mark", str(photos), "-o", str(tmp_path / "local"), "--json"])
    on_ray = runner.invoke(app, ["mark", str(photos), "-o", str(tmp_path / "ray"), "--json", *RAY])
    assert on_ray.exit_code == local.exit_code == 2, on_ray.output  # broken.png could not be marked

    def outcome(row: dict) -> tuple:
        return row["image"], row.get("action"), row.get("check_action"), row["written"]

    assert [outcome(r) for r in _lines(on_ray.stdout)] == [outcome(r) for r in _lines(local.stdout)]
    written = sorted(p.relative_to(tmp_path / "ray").as_posix() for p in (tmp_path / "ray").rglob("*") if p.is_file())
    assert written == ["chelsea.png", "coffee.png", "sub/rocket.png"]  # write-ahead: no temp file left behind
    # both actors appended to one audit log in the shared home: every record there, the chain intact
    audit = runner.invoke(app, ["audit", "verify", "--json"])
    assert audit.exit_code == 0, audit.output
    verified = runner.invoke(app, ["verify", str(tmp_path / "ray"), "--json", *RAY])
    assert verified.exit_code == 0 and [r["verdict"] for r in _lines(verified.stdout)] == ["ai-generated"] * 3


def test_verify_and_check_on_ray_give_the_local_engine_rows(photos: Path, tmp_path: Path) -> None:
    marked = tmp_path / "marked"
    assert runner.invoke(app, ["mark", str(photos), "-o", str(marked), "--no-check"]).exit_code == 2  # broken.png
    mixed = tmp_path / "mixed"
    shutil.copytree(photos, mixed)  # unmarked originals (and broken.png)
    shutil.copy(marked / "chelsea.png", mixed / "marked-chelsea.png")
    Image.open(marked / "coffee.png").convert("RGB").save(mixed / "stripped-coffee.jpg", quality=90)

    local = runner.invoke(app, ["verify", str(mixed), "--json"])
    on_ray = runner.invoke(app, ["verify", str(mixed), "--json", *RAY])
    assert on_ray.exit_code == local.exit_code == 2  # broken.png
    assert _lines(on_ray.stdout) == _lines(local.stdout)
    verdicts = {Path(r["source"]).name: r["verdict"] for r in _lines(on_ray.stdout)}
    assert verdicts["marked-chelsea.png"] == "ai-generated"
    assert verdicts["stripped-coffee.jpg"] == "ai-generated-recovered"  # watermark -> store -> manifest
    assert verdicts["broken.png"] is None

    local = runner.invoke(app, ["check", str(mixed), "--json"])
    on_ray = runner.invoke(app, ["check", str(mixed), "--json", *RAY])
    assert on_ray.exit_code == local.exit_code
    assert _untimed(_lines(on_ray.stdout)) == _untimed(json.loads(local.stdout))  # one per line, the same objects
    assert {r["action"] for r in _lines(on_ray.stdout)} >= {"pass", "error"}


def test_mark_on_ray_keeps_its_records_in_postgresql(
    photos: Path, tmp_path: Path, postgres_url: str, guardrail_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers receive GUARDRAIL_DATABASE_URL: manifests and audit records land in PostgreSQL, not in the home."""
    monkeypatch.setenv("GUARDRAIL_DATABASE_URL", postgres_url)
    out = tmp_path / "ray"
    on_ray = runner.invoke(app, ["mark", str(photos), "-o", str(out), "--no-check", "--json", *RAY])
    assert on_ray.exit_code == 2, on_ray.output  # broken.png
    assert [r["written"] for r in _lines(on_ray.stdout)] == [True, False, True, True, True]  # broken.png second
    assert not (guardrail_home / "manifests.db").exists() and not (guardrail_home / "audit.db").exists()
    Image.open(out / "coffee.png").convert("RGB").save(tmp_path / "stripped.jpg", quality=90)
    verified = runner.invoke(app, ["verify", str(tmp_path / "stripped.jpg"), "--json"])  # this process, same URL
    assert json.loads(verified.stdout)["verdict"] == "ai-generated-recovered"
    assert runner.invoke(app, ["audit", "verify", "--json"]).exit_code == 0
