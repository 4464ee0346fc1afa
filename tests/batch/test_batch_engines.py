"""Batches on the local engine and the engine errors (no Ray cluster needed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.batch import BatchItem, VerifyJob, run_batch
from guardrail.cli._common import app
from guardrail.errors import EngineError, InputError

runner = CliRunner()


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_mark_folder_releases_withholds_and_reports_each_image(photos: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["refs", "add", str(photos / "astronaut.png"), "--artist", "someone"]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["mark", str(photos), "-o", str(out), "--json"])
    assert result.exit_code == 2, result.output  # one input could not be marked
    rows = {Path(r["image"]).name: r for r in _lines(result.stdout)}
    assert sorted(rows) == ["astronaut.png", "broken.png", "chelsea.png", "coffee.png", "rocket.png"]
    assert rows["astronaut.png"]["action"] == "block" and rows["broken.png"]["action"] == "error"
    assert "not an image" in rows["broken.png"]["error"]
    assert [r["written"] for _, r in sorted(rows.items())] == [False, False, True, True, True]
    assert {rows[n]["check_action"] for n in ("chelsea.png", "coffee.png", "rocket.png")} == {"pass"}
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["chelsea.png", "coffee.png", "sub/rocket.png"]  # the folder's layout, nothing else
    verified = runner.invoke(app, ["verify", str(out), "--json"])
    assert verified.exit_code == 0 and {r["verdict"] for r in _lines(verified.stdout)} == {"ai-generated"}
    again = runner.invoke(app, ["mark", str(photos), "-o", str(out), "--json"])  # outputs exist, no --force
    assert {r["action"] for r in _lines(again.stdout)} == {"block", "error"}
    assert all("already exists" in r["error"] for r in _lines(again.stdout) if "rocket" in r["image"])


def test_mark_folder_refuses_two_inputs_that_would_share_an_output(photos: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.open(photos / "coffee.png").save(photos / "coffee.tif")  # not signable: written as coffee.png
    result = runner.invoke(app, ["mark", str(photos), "-o", str(tmp_path / "out"), "--force"])
    assert result.exit_code == 2 and "would both be written to" in result.output
    assert not (tmp_path / "out").exists()


def test_mark_empty_folder_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["mark", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no image files found in" in result.output
    assert not (tmp_path / "out").exists()


def test_engine_options_are_checked_before_any_work(photos: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(photos), "--engine", "spark"])
    assert result.exit_code == 2 and "unknown engine 'spark'" in result.output and "local, ray" in result.output
    result = runner.invoke(app, ["check", str(photos), "--address", "127.0.0.1:1"])
    assert result.exit_code == 2 and "--address needs --engine ray" in result.output
    single = runner.invoke(app, ["mark", str(photos / "coffee.png"), "-o", str(tmp_path / "x.png"), "--engine", "ray"])
    assert single.exit_code == 2 and "need a folder" in single.output and not (tmp_path / "x.png").exists()


def test_ray_engine_unreachable_address_is_one_clear_error(photos: Path) -> None:
    pytest.importorskip("ray")
    job = VerifyJob(readers=["dwtDctSvdPlus"])
    items = [BatchItem(name="x", path=str(photos / "coffee.png"))]
    with pytest.raises(EngineError) as err:
        list(run_batch(job, items, engine="ray", address="127.0.0.1:9"))  # the discard port: nothing listens
    assert err.value.where == "--address 127.0.0.1:9" and "cannot reach a Ray cluster" in err.value.message
    assert "ray start --head" in (err.value.fix or "")
    result = runner.invoke(app, ["verify", str(photos), "--engine", "ray", "--address", "127.0.0.1:9"])
    assert result.exit_code == 2 and "cannot reach a Ray cluster" in result.output
    result = runner.invoke(app, ["verify", str(photos), "--engine", "ray", "--address", "head-node"])
    assert result.exit_code == 2 and "not a Ray address" in result.output


def test_ray_engine_without_ray_installed_says_how_to_install(photos: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError, as on a machine without it
    result = runner.invoke(app, ["verify", str(photos), "--engine", "ray"])
    assert result.exit_code == 2 and "Ray is not installed" in result.output
    assert "pip install 'guardrail[ray]'" in result.output
    with pytest.raises(InputError):
        list(run_batch(VerifyJob(readers=[]), [], engine="nope"))


def test_a_ray_workers_store_fault_reaches_the_driver_as_a_store_error(photos: Path, guardrail_home: Path) -> None:
    """The actor class run in this process: a corrupt store is one StoreError for the batch, not per-image errors."""
    import numpy as np

    from guardrail.batch.models import ItemResult
    from guardrail.batch.ray_engine import _raise_fault, _RayWorker
    from guardrail.errors import StoreError

    (guardrail_home / "manifests.db").write_bytes(b"not a database " * 200)
    worker = _RayWorker(VerifyJob(readers=["dwtDctSvdPlus"]))
    items = [BatchItem(name=p.name, path=str(p)).model_dump_json() for p in sorted(photos.glob("*.png"))]
    out = [ItemResult.model_validate_json(r) for r in worker({"item": np.array(items, dtype=object)})["result"]]
    assert len(out) == len(items) and all(r.fatal and r.fatal.startswith("StoreError\n") for r in out)
    with pytest.raises(StoreError) as err:
        _raise_fault(out[0].fatal)
    assert "manifests.db" in str(err.value) and "backup" in str(err.value)
