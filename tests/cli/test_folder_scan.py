"""Folders given to verify, check and refs add: a broken link named like an image is reported, not skipped;
a link to a folder is followed (once per real folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app

runner = CliRunner()


def _folder_with_a_broken_link(tmp_path: Path, photo: Path) -> Path:
    folder = tmp_path / "shots"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.png").write_bytes(photo.read_bytes())
    os.symlink(tmp_path / "gone.png", folder / "lost.png")  # a link whose target was deleted
    os.symlink(folder, folder / "sub" / "loop")  # a link back to the scanned folder: a loop, adds nothing
    return folder


def test_verify_reports_a_broken_link_in_a_folder(tmp_path: Path, guardrail_home: Path, photo: Path) -> None:
    folder = _folder_with_a_broken_link(tmp_path, photo)
    result = runner.invoke(app, ["verify", "--json", str(folder)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert set(by_name) == {"good.png", "lost.png"}, rows
    assert by_name["good.png"]["verdict"] == "no-provenance"
    assert by_name["lost.png"]["verdict"] is None and "lost.png" in result.stdout
    assert result.exit_code == 2  # an input error, the other file still verified


def test_check_reports_a_broken_link_in_a_folder(tmp_path: Path, guardrail_home: Path, photo: Path) -> None:
    folder = _folder_with_a_broken_link(tmp_path, photo)
    result = runner.invoke(app, ["check", "--json", str(folder)])
    entries = json.loads(result.stdout)
    actions = {Path(e["path"]).name: e["action"] for e in entries}
    assert actions["lost.png"] == "error" and actions["good.png"] != "error", entries
    assert result.exit_code == 2


def test_refs_add_refuses_a_folder_with_a_broken_link(tmp_path: Path, guardrail_home: Path, photo: Path) -> None:
    folder = _folder_with_a_broken_link(tmp_path, photo)
    result = runner.invoke(app, ["refs", "add", "--artist", "Jane Doe", str(folder)])
    assert result.exit_code == 2 and "lost.png" in result.output, result.output


def test_verify_follows_a_link_to_a_folder_outside_the_scanned_one(
    tmp_path: Path, guardrail_home: Path, photo: Path
) -> None:
    """Red team: ``inbox/archive -> elsewhere`` was skipped silently (not followed, not reported)."""
    inbox, elsewhere = tmp_path / "inbox", tmp_path / "elsewhere"
    inbox.mkdir()
    elsewhere.mkdir()
    (elsewhere / "kept.png").write_bytes(photo.read_bytes())
    os.symlink(elsewhere, inbox / "archive")
    result = runner.invoke(app, ["verify", "--json", str(inbox)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]).relative_to(inbox).as_posix() for r in rows] == ["archive/kept.png"], result.output
    assert rows[0]["verdict"] == "no-provenance"
