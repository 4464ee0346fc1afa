"""The CLI's front door: --version, --json on every command, folders and builtin names as inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import skimage.data
import typer
from PIL import Image
from typer.testing import CliRunner

import guardrail
import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.audit import AuditLog, RequestRecord
from guardrail.cli._common import app
from guardrail.policy.schema import PolicyRef

runner = CliRunner()


def _commands() -> dict[str, Any]:
    """Every leaf command as 'group sub' -> click command."""
    root = typer.main.get_command(app)
    found: dict[str, Any] = {}

    def walk(cmd: Any, path: str) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}".strip())
        else:
            found[path] = cmd

    walk(root, "")
    return found


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"guardrail {guardrail.__version__}"


def test_every_command_takes_json() -> None:
    commands = _commands()
    assert {"check", "verify", "generate", "audit export", "policy lint"} <= set(commands)
    # `serve` runs a server until stopped: it prints no result to format (its API speaks JSON).
    missing = [
        name for name, cmd in commands.items() if name != "serve" and not any("--json" in p.opts for p in cmd.params)
    ]
    assert missing == []


def test_help_shows_no_value_type_for_flags() -> None:
    for name in _commands():
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "<bool>" not in result.output, name


def test_audit_export_json_writes_json_lines_and_refuses_csv(tmp_path: Path) -> None:
    ref = PolicyRef(name="p", version="1", hash="ab" * 32)
    with AuditLog() as log:
        log.log_request(
            RequestRecord.for_prompt(
                "a lighthouse",
                request_id="r1",
                policy=ref,
                model_id="m",
                seed=1,
                prompt_action="allow",
                final_action="released",
                attempts=1,
            )
        )
    result = runner.invoke(app, ["audit", "export", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["kind"] for row in rows] == ["request"]
    clash = runner.invoke(app, ["audit", "export", "--json", "--format", "csv"])
    assert clash.exit_code == 2


def test_check_takes_a_folder_and_searches_it_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    Image.fromarray(skimage.data.astronaut()).save(tmp_path / "astronaut.png")
    Image.fromarray(skimage.data.coffee()).save(tmp_path / "sub" / "coffee.jpg", quality=90)
    (tmp_path / "notes.txt").write_text("not an image")
    result = runner.invoke(app, ["check", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [Path(e["path"]).name for e in json.loads(result.stdout)] == ["astronaut.png", "coffee.jpg"]


def test_check_of_a_folder_without_images_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no image files" in result.output


def test_policy_lint_and_test_take_builtin_names() -> None:
    lint = runner.invoke(app, ["policy", "lint", "builtin:default", "builtin:children", "--json"])
    assert lint.exit_code == 0, lint.output
    assert [Path(e["file"]).name for e in json.loads(lint.stdout)] == ["default.yaml", "children.yaml"]
    tested = runner.invoke(app, ["policy", "test", "builtin:", "--json"])
    assert tested.exit_code == 0, tested.output
    assert sorted(Path(r["policy_file"]).name for r in json.loads(tested.stdout)) == ["children.yaml", "default.yaml"]
    unknown = runner.invoke(app, ["policy", "lint", "builtin:nope"])
    assert unknown.exit_code == 2
    assert "builtin:default" in unknown.output  # the message lists the valid names
