"""``guardrail check IMAGE_OR_FOLDER...``: run the policy's output checks on existing images.

Exit codes: 0 every image passed or was only flagged; 1 any image blocked, to be blurred, or
could-not-check (a check could not run); 2 usage or input error (bad policy, or a bad image when no
other image was blocked). A bad image is reported and the others are still checked.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from guardrail.batch.jobs import CHECK_FAILING_ACTIONS
from guardrail.cli._batch import ADDRESS_OPTION, ENGINE_OPTION, WORKERS_OPTION, summary_table
from guardrail.cli._common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    app,
    err_console,
    exit_with,
    fail_usage,
    guarded,
    out_console,
    print_json,
)
from guardrail.outcomes import COULD_NOT_CHECK

__all__ = ["check_cmd"]

_STYLE = {"pass": "green", "flag": "yellow", "blur": "magenta", "block": "red", COULD_NOT_CHECK: "red", "error": "red"}


def _summary(entry: dict[str, Any]) -> tuple[str, str, str]:
    labels = [lab for clf in entry["classifiers"] for lab in clf["labels"]]
    labels = ", ".join(f"{lab['name']} {lab['score']:.2f}" for lab in labels[:3]) or "-"
    sim = entry.get("similarity") or {}
    matches = sim.get("matches") or []
    nearest = "-"
    if sim.get("status") == "error":
        nearest = f"error: {sim.get('error')}"
    elif matches:
        m = matches[0]
        verify = f" v={m['verify_distance']}/{m['verify_threshold']}" if m.get("verify_distance") is not None else ""
        nearest = f"{m['artist']} d={m['distance']}/{m['threshold']}{verify}{' MATCH' if m['matched'] else ''}"
    return labels, nearest, "; ".join(entry["reasons"]) or "-"


def _exit_code(actions: set[str]) -> int:
    """1 when any image is blocked, to be blurred or could not be checked; else 2 on any error; else 0."""
    return EXIT_FAIL if actions & CHECK_FAILING_ACTIONS else EXIT_USAGE if "error" in actions else EXIT_OK


@app.command("check")
@guarded
def check_cmd(
    images: Annotated[
        list[Path],
        typer.Argument(help="Image files or folders (searched recursively).", show_default=False, metavar="IMAGE"),
    ],
    policy: Annotated[
        str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME (default: the shipped policy).")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=(
                "Machine-readable output: a list with one object per image (with --engine ray: one object per line, "
                "as each image is done, and the summary on stderr)."
            ),
        ),
    ] = False,
    engine: str = ENGINE_OPTION,
    address: str | None = ADDRESS_OPTION,
    workers: int | None = WORKERS_OPTION,
) -> None:
    """Check images with the policy's classifiers and similarity to protected references."""
    from guardrail.batch import BatchItem, CheckJob, run_batch
    from guardrail.policy import load_policy
    from guardrail.similarity.registry import iter_image_files

    pol = load_policy(policy)  # a bad policy is one usage error, before any image
    # Folders expand to the image files in them; a file that is missing or unreadable is reported below.
    files = [f for path in images for f in (iter_image_files([path]) if path.is_dir() else [path])]
    if not files:
        fail_usage(f"no image files found in {', '.join(map(str, images))}")
    job = CheckJob(policy=policy)
    stream = as_json and engine != "local"  # a batch engine streams JSON lines: a list of millions does not fit
    results: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    items = [BatchItem(name=str(f), path=str(f)) for f in files]
    for result in run_batch(job, items, engine=engine, address=address, workers=workers):
        counts[result.outcome] += 1
        if stream:
            sys.stdout.write(json.dumps(result.row, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
            continue
        results.append(result.row)
        if as_json and result.outcome == "error":  # the table shows it otherwise
            err_console.print(f"error: {result.row['error']}", markup=False)
    if stream:
        err_console.print(summary_table(counts, len(files), column="action"))
        exit_with(_exit_code(set(counts)))
    code = _exit_code({r["action"] for r in results})
    if as_json:
        print_json(results)
        exit_with(code)
    table = Table(title=f"guardrail check (policy {pol.name} v{pol.version})")
    for column in ("image", "action", "labels", "nearest reference", "reasons"):
        table.add_column(column, overflow="fold")
    for entry in results:
        if entry["action"] == "error":
            table.add_row(entry["path"], "[red]error[/]", "-", "-", "could not read the image (see below)")
            continue
        style = _STYLE.get(entry["action"], "")
        table.add_row(entry["path"], f"[{style}]{entry['action']}[/]", *_summary(entry))
    out_console.print(table)
    for entry in results:
        if entry["action"] == "error":
            err_console.print(f"error: {entry['error']}", markup=False)
    exit_with(code)
