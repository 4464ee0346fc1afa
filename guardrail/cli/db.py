"""``guardrail db status|upgrade``: the stores' schema versions, and applying their migrations."""

from __future__ import annotations

import typer

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, app, exit_with, guarded, out_console, print_json

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The stores' database: SQLite files in GUARDRAIL_HOME, or PostgreSQL (GUARDRAIL_DATABASE_URL).",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


def _show(rows, as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table("store", "engine", "version", "state", "location")
    for r in rows:
        moved = f"{r.upgraded_from} -> {r.version}" if r.upgraded_from is not None else str(r.version)
        table.add_row(r.store, r.engine, f"{moved} (of {r.latest})", r.state, r.location)
    out_console.print(table)


@db_app.command("status")
@guarded
def db_status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show each store's schema version; exit 1 when one is behind or newer than this guardrail."""
    from guardrail.database.status import schema_status

    rows = schema_status()
    _show(rows, as_json)
    exit_with(EXIT_FAIL if any(r.state in ("behind", "newer") for r in rows) else EXIT_OK)


@db_app.command("upgrade")
@guarded
def db_upgrade(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Apply every pending migration of every store, in order, once (safe to run from several machines)."""
    from guardrail.database.status import upgrade_all

    _show(upgrade_all(), as_json)
    exit_with(EXIT_OK)
