"""What the batch commands (verify, check, mark DIR) share: the engine options and the summary."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table

__all__ = ["ADDRESS_OPTION", "ENGINE_OPTION", "WORKERS_OPTION", "summary_table"]

ENGINE_OPTION = typer.Option(
    "local",
    "--engine",
    help=(
        "Where the images are processed: local (this process) or ray (Ray Data, one worker per actor; needs "
        "pip install 'guardrail[ray]'). Same rows and verdicts either way (docs/scaling.md)."
    ),
)
ADDRESS_OPTION = typer.Option(
    None,
    "--address",
    help="With --engine ray: the cluster's head (host:port, ray://host:port or auto); default: start a local Ray.",
)
WORKERS_OPTION = typer.Option(
    None,
    "--workers",
    min=1,
    help="With --engine ray: number of worker actors (default: the cluster's CPUs).",
)


def summary_table(counts: Counter[str], total: int, *, column: str) -> Table:
    """Images per outcome (verdict, action), one row each, titled with the number of files."""
    table = Table(column, "images", title=f"{total} file(s)")
    for outcome, count in sorted(counts.items()):
        table.add_row(outcome, str(count))
    return table
