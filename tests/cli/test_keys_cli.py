"""``guardrail keys``: init keeps an identity, show prints public facts only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import guardrail.cli  # noqa: F401  (registers commands)
from guardrail.cli._common import app

runner = CliRunner()


def test_keys_init_then_show_json_reports_the_same_certificate(guardrail_home: Path) -> None:
    first = runner.invoke(app, ["keys", "init", "--json"])
    assert first.exit_code == 0, first.output
    shown = runner.invoke(app, ["keys", "show", "--json"])
    assert shown.exit_code == 0
    a, b = json.loads(first.stdout), json.loads(shown.stdout)
    assert a["sha256"] == b["sha256"] and b["key_path"].startswith(str(guardrail_home))
    assert "PRIVATE KEY" not in shown.output
    again = runner.invoke(app, ["keys", "init", "--json"])
    assert json.loads(again.stdout)["sha256"] == a["sha256"]
    forced = runner.invoke(app, ["keys", "init", "--force", "--json"])
    assert json.loads(forced.stdout)["sha256"] != a["sha256"]


def test_keys_show_without_identity_exits_2() -> None:
    result = runner.invoke(app, ["keys", "show"])
    assert result.exit_code == 2
    assert "guardrail keys init" in result.output


def test_keys_show_table_names_the_files() -> None:
    runner.invoke(app, ["keys", "init"])
    result = runner.invoke(app, ["keys", "show"])
    assert result.exit_code == 0 and "signer.key" in result.output and "never printed" in result.output
