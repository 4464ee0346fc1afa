"""``guardrail check``: JSON per image, exit codes, bad files reported without stopping the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import skimage.data
from PIL import Image
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()


@pytest.fixture()
def images(tmp_path: Path) -> dict[str, Path]:
    """Real photos as files, a JPEG copy of coffee, and broken files."""
    out = {}
    for name in ("astronaut", "coffee", "rocket"):
        out[name] = tmp_path / f"{name}.png"
        Image.fromarray(getattr(skimage.data, name)()).save(out[name])
    out["coffee_copy"] = tmp_path / "copy.jpg"
    Image.fromarray(skimage.data.coffee()).resize((300, 200)).save(out["coffee_copy"], quality=70)
    out["text"] = tmp_path / "notes.png"
    out["text"].write_text("not an image")
    data = out["rocket"].read_bytes()
    out["truncated"] = tmp_path / "cut.png"
    out["truncated"].write_bytes(data[: len(data) // 3])
    return out


def _policy(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(body)
    return path


def test_clean_photo_passes_with_labels_in_json(images: dict[str, Path]) -> None:
    result = runner.invoke(app, ["check", str(images["astronaut"]), "--json"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert entry["action"] == "pass"
    assert [(clf["backend"], lab["name"]) for clf in entry["classifiers"] for lab in clf["labels"]] == [
        ("nudenet", "FACE_FEMALE")
    ]
    assert "classifier" not in entry  # one key for the classifiers: per backend, with their labels
    assert entry["similarity"]["status"] == "ok"
    assert entry["policy"]["name"]


def test_copy_of_registered_reference_is_blocked_exit_1(images: dict[str, Path]) -> None:
    added = runner.invoke(app, ["refs", "add", "--artist", "Ada Painter", str(images["coffee"])])
    assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["check", str(images["coffee_copy"]), str(images["rocket"]), "--json"])
    assert result.exit_code == 1
    copy, rocket = json.loads(result.stdout)
    assert copy["action"] == "block" and rocket["action"] == "pass"
    match = copy["similarity"]["matches"][0]
    assert match["artist"] == "Ada Painter" and match["matched"] and match["distance"] <= match["threshold"]


def test_bad_files_are_reported_and_others_still_checked(images: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "missing.png"
    args = ["check", str(images["text"]), str(images["truncated"]), str(missing), str(images["astronaut"]), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    text, cut, gone, good = json.loads(result.stdout)
    assert text["action"] == cut["action"] == gone["action"] == "error"
    assert "not an image" in text["error"] and "truncated" in cut["error"] and "no such file" in gone["error"]
    assert good["action"] == "pass"


def test_backend_that_cannot_load_withholds_exit_1(images: dict[str, Path], tmp_path: Path) -> None:
    policy = _policy(
        tmp_path,
        f"""
name: broken
checks:
  classifiers:
    - backend: sd-safety-checker
      options: {{model: {tmp_path / "no-model"}}}
      categories: {{sexual: {{threshold: 0.5, action: block}}}}
  similarity: {{enabled: false}}
""",
    )
    result = runner.invoke(app, ["check", str(images["astronaut"]), "--policy", str(policy), "--json"])
    assert result.exit_code == 1, result.output
    [entry] = json.loads(result.stdout)
    assert entry["action"] == "could-not-check"
    assert entry["classifiers"][0]["status"] == "error"


def test_unknown_backend_in_policy_is_usage_error(images: dict[str, Path], tmp_path: Path) -> None:
    policy = _policy(tmp_path, "name: typo\nchecks:\n  classifiers:\n    - backend: nudenett\n")
    result = runner.invoke(app, ["check", str(images["astronaut"]), "--policy", str(policy)])
    assert result.exit_code == 2
    assert "nudenett" in result.output and "hf-image-classifier" in result.output


def test_table_output_for_people(images: dict[str, Path]) -> None:
    result = runner.invoke(app, ["check", str(images["astronaut"]), str(images["text"])])
    assert result.exit_code == 2
    assert "FACE_FEMALE" in result.output and "pass" in result.output and "not an image" in result.output


def test_end_to_end_subprocess(images: dict[str, Path], guardrail_home: Path) -> None:
    import os

    env = {**os.environ, "GUARDRAIL_HOME": str(guardrail_home)}
    proc = subprocess.run(
        [sys.executable, "-m", "guardrail", "check", str(images["coffee"]), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["action"] == "pass"


def test_two_frame_gif_hiding_a_reference_is_an_input_error(images: dict[str, Path], tmp_path: Path) -> None:
    added = runner.invoke(app, ["refs", "add", "--artist", "Ada Painter", str(images["coffee"])])
    assert added.exit_code == 0, added.output
    blank = Image.new("RGB", (300, 200), (128, 128, 128))
    gif = tmp_path / "two.gif"
    blank.save(gif, save_all=True, append_images=[Image.open(images["coffee"]).resize((300, 200))])
    result = runner.invoke(app, ["check", str(gif), "--json"])
    assert result.exit_code == 2, result.output
    [entry] = json.loads(result.stdout)
    assert entry["action"] == "error" and "2 frames" in entry["error"]
