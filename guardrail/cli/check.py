"""``guardrail check IMAGE_OR_FOLDER...``: run the policy's output checks on existing images.

Exit codes: 0 every image passed or was only flagged; 1 any image blocked, to be blurred, or
could-not-check (a check could not run); 2 usage or input error (bad policy, or a bad image when no
other image was blocked). A bad image is reported and the others are still checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

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


def _entry(path: str, verdict: Any) -> dict[str, Any]:
    data = verdict.model_dump(mode="json")
    return {
        "path": path,
        "action": verdict.action,
        "classifiers": data["classifiers"],
        "similarity": data["similarity"],
        "reasons": verdict.reasons,
        "policy": data["policy"],
        "error": None,
    }


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
        bool, typer.Option("--json", help="Machine-readable output: a list with one object per image.")
    ] = False,
) -> None:
    """Check images with the policy's classifiers and similarity to protected references."""
    from guardrail.checks import ImageChecker
    from guardrail.errors import ImageInputError
    from guardrail.imageio import open_image
    from guardrail.policy import load_policy
    from guardrail.similarity.registry import iter_image_files

    checker = ImageChecker(load_policy(policy))
    # Folders expand to the image files in them; a file that is missing or unreadable is reported below.
    files = [f for path in images for f in (iter_image_files([path]) if path.is_dir() else [path])]
    if not files:
        fail_usage(f"no image files found in {', '.join(map(str, images))}")
    results: list[dict[str, Any]] = []
    for path in files:
        try:
            image = open_image(path)
        except ImageInputError as err:
            results.append(
                {
                    "path": str(path),
                    "action": "error",
                    "error": str(err),
                    "classifiers": [],
                    "similarity": None,
                    "reasons": [],
                }
            )
            if as_json:  # the table shows it otherwise
                err_console.print(f"error: {err}", markup=False)
            continue
        results.append(_entry(str(path), checker.check(image)))
    actions = {r["action"] for r in results}
    code = EXIT_FAIL if actions & {"block", "blur", COULD_NOT_CHECK} else EXIT_USAGE if "error" in actions else EXIT_OK
    if as_json:
        print_json(results)
        exit_with(code)
    table = Table(title=f"guardrail check (policy {checker.policy.name} v{checker.policy.version})")
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
