"""``guardrail db status|upgrade`` on SQLite files and on PostgreSQL."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from guardrail.cli import app
from guardrail.database import open_database

runner = CliRunner()


def _rows(*args: str) -> tuple[int, dict[str, dict]]:
    result = runner.invoke(app, ["db", *args, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, {row["store"]: row for row in json.loads(result.stdout)}


def test_status_then_upgrade_then_a_newer_schema_is_flagged(engine: str) -> None:
    code, rows = _rows("status")
    assert code == 0 and set(rows) == {"manifests", "references", "audit", "apikeys"}
    assert {r["state"] for r in rows.values()} == {"absent"} and {r["engine"] for r in rows.values()} == {engine}
    code, rows = _rows("upgrade")
    assert code == 0 and all(r["state"] == "current" and r["upgraded_from"] == 0 for r in rows.values())
    assert all(r["version"] == r["latest"] > 0 for r in rows.values())
    code, again = _rows("upgrade")  # nothing left to apply
    assert code == 0 and all(r["upgraded_from"] is None and r["state"] == "current" for r in again.values())
    db = open_database(None if engine == "postgres" else rows["audit"]["location"], "audit.db", what="test", fix="")
    if engine == "sqlite":
        db.execute("PRAGMA user_version = 9")
    else:
        db.execute("UPDATE guardrail_schema SET version = 9 WHERE store = 'audit'")
    db.close()
    code, rows = _rows("status")
    assert code == 1 and rows["audit"]["state"] == "newer" and rows["manifests"]["state"] == "current"
    result = runner.invoke(app, ["db", "upgrade", "--json"])
    assert result.exit_code == 2 and "schema version 9" in result.output
