"""``guardrail refs add|list|remove``."""

from __future__ import annotations

import json
from pathlib import Path

import skimage.data
from PIL import Image
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ada"
    (folder / "sub").mkdir(parents=True)
    Image.fromarray(skimage.data.coffee()).save(folder / "coffee.png")
    Image.fromarray(skimage.data.rocket()).save(folder / "sub" / "rocket.jpg")
    (folder / "readme.txt").write_text("ignored: not an image suffix")
    return folder


def test_add_folder_list_and_remove(tmp_path: Path, guardrail_home: Path) -> None:
    added = runner.invoke(app, ["refs", "add", "--artist", "Ada", str(_folder(tmp_path)), "--json"])
    assert added.exit_code == 0, added.output
    assert len(json.loads(added.stdout)["added"]) == 2
    listed = runner.invoke(app, ["refs", "list", "--json"])
    refs = json.loads(listed.stdout)
    assert [r["artist"] for r in refs] == ["Ada", "Ada"]
    assert {Path(r["source"]).name for r in refs} == {"coffee.png", "rocket.jpg"}
    assert refs[0]["fingerprints"][0]["variant"] == "canonical" and len(refs[0]["fingerprints"][0]["hex"]) == 16
    assert (guardrail_home / "references.db").is_file()
    table = runner.invoke(app, ["refs", "list"])
    assert table.exit_code == 0 and "Ada" in table.output and "references.db" in table.output
    removed = runner.invoke(app, ["refs", "remove", str(refs[0]["id"]), "--json"])
    assert json.loads(removed.stdout) == {"removed": 1, "not_found": []}
    removed = runner.invoke(app, ["refs", "remove", "--artist", "Ada"])
    assert removed.exit_code == 0 and "removed 1" in removed.output
    assert json.loads(runner.invoke(app, ["refs", "list", "--json"]).stdout) == []


def test_bad_file_is_reported_and_the_rest_registered(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    result = runner.invoke(app, ["refs", "add", "--artist", "Ada", str(folder), "--json"])
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert len(body["added"]) == 2 and body["errors"][0]["path"].endswith("broken.png")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["refs", "remove"]).exit_code == 2
    missing = runner.invoke(app, ["refs", "add", "--artist", "Ada", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    assert runner.invoke(app, ["refs", "add", str(tmp_path)]).exit_code == 2  # --artist is required
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["refs", "add", "--artist", "Ada", str(empty)]).exit_code == 2


def test_upgrade_adds_verification_codes_to_an_old_registry(tmp_path: Path, guardrail_home: Path) -> None:
    import sqlite3

    folder = _folder(tmp_path)
    assert runner.invoke(app, ["refs", "add", "--artist", "Ada", str(folder)]).exit_code == 0
    with sqlite3.connect(guardrail_home / "references.db") as db:  # as an older guardrail left it: 64-bit codes only
        db.execute("DELETE FROM codes WHERE kind = 'dct256-v1'")
    (folder / "sub" / "rocket.jpg").write_bytes((folder / "coffee.png").read_bytes())  # changed since registration
    result = runner.invoke(app, ["refs", "upgrade", "--json"])
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert report["upgraded"] == 1
    assert [(Path(f["source"]).name, "changed" in f["error"]) for f in report["failed"]] == [("rocket.jpg", True)]
    again = runner.invoke(app, ["refs", "upgrade"])
    assert (
        again.exit_code == 2
        and "upgraded 0 reference(s)" in again.output
        and "remove it and add the image again" in again.output
    )
    listed = json.loads(runner.invoke(app, ["refs", "list", "--json"]).stdout)
    coffee = next(r for r in listed if r["source"].endswith("coffee.png"))
    assert {fp["kind"] for fp in coffee["fingerprints"]} == {"dct64-v1", "dct256-v1"}


def test_remove_that_matches_nothing_exits_1(tmp_path: Path, guardrail_home: Path) -> None:
    added = runner.invoke(app, ["refs", "add", "--artist", "Ada Painter", str(_folder(tmp_path)), "--json"])
    assert added.exit_code == 0, added.output
    wrong_id = runner.invoke(app, ["refs", "remove", "999"])
    assert wrong_id.exit_code == 1 and "removed 0" in wrong_id.output and "no reference with id 999" in wrong_id.output
    typo = runner.invoke(app, ["refs", "remove", "--artist", "Ada Paintr", "--json"])
    assert typo.exit_code == 1 and json.loads(typo.stdout) == {"removed": 0, "not_found": []}
    gone = runner.invoke(app, ["refs", "remove", "--source", str(tmp_path / "nope.png")])
    assert gone.exit_code == 1 and "nothing matched" in gone.output
    [first, second] = json.loads(runner.invoke(app, ["refs", "list", "--json"]).stdout)
    partly = runner.invoke(app, ["refs", "remove", str(first["id"]), "999", "--json"])
    assert partly.exit_code == 1 and json.loads(partly.stdout) == {"removed": 1, "not_found": [999]}
    assert [r["id"] for r in json.loads(runner.invoke(app, ["refs", "list", "--json"]).stdout)] == [second["id"]]
    ok = runner.invoke(app, ["refs", "remove", "--artist", "Ada Painter"])
    assert ok.exit_code == 0 and "removed 1" in ok.output


def test_refs_demo_registers_jane_doe_paintings_once(guardrail_home: Path) -> None:
    first = runner.invoke(app, ["refs", "demo", "--json"])
    assert first.exit_code == 0, first.output
    added = json.loads(first.stdout)["added"]
    assert len(added) == 3 and {r["artist"] for r in added} == {"Jane Doe"}
    assert all(Path(r["source"]).parent == guardrail_home / "demo" / "jane-doe" for r in added)
    again = runner.invoke(app, ["refs", "demo"])
    assert again.exit_code == 0 and "registered 0 new reference(s) for Jane Doe (3 in all)" in again.output
