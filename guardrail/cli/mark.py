"""``guardrail mark IMAGE -o OUT``: check an image generated elsewhere under the policy, then
watermark and sign it.

The policy's image checks run first (``--no-check`` skips them and the manifest says so:
``checked: false``); a blocked or withheld image exits 1 with nothing written or stored. The
audit log is opened first (exit 2 and nothing written if it cannot be), and the release is
write-ahead (``guardrail.audit.release``): the signed file appears under OUT only after its audit
record and manifest row are committed. Every mark, released or withheld, is logged as an audit
request (operation 'mark') with its image record. Interrupted releases are recovered first.

``guardrail mark DIR -o OUTDIR [--engine ray]`` marks every image under DIR with the same per-image
code (``guardrail.batch``), one JSON line per image with ``--json`` (docs/scaling.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import typer

from guardrail.cli._batch import ADDRESS_OPTION, ENGINE_OPTION, WORKERS_OPTION
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
from guardrail.formats import signable_by_extension

__all__ = ["mark"]


def _policy(path: Path | None):
    from guardrail.policy import load_policy

    return load_policy(path)


@app.command()
@guarded
def mark(
    image: Path = typer.Argument(..., help="Image to mark (PNG, JPEG, WebP, ...), or a folder of images (batch)."),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help="Where to write the marked image (.png, .jpg, .webp); for a folder, the output folder (OUTDIR).",
    ),
    model: str = typer.Option("unknown", "--model", help="Generator model id recorded in the manifest."),
    policy: Path | None = typer.Option(None, "--policy", help="Policy file (default: the built-in default policy)."),
    no_check: bool = typer.Option(
        False, "--no-check", help="Skip the policy's image checks (recorded in the manifest as checked: false)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (for a folder: one object per image and line, the summary on stderr)."
    ),
    engine: str = ENGINE_OPTION,
    address: str | None = ADDRESS_OPTION,
    workers: int | None = WORKERS_OPTION,
) -> None:
    """Check IMAGE under the policy, watermark it, sign a C2PA manifest, store it, write OUT.

    Exit 1 (nothing written or stored) when the policy blocks or withholds the image. With a
    folder, each image is written to OUTDIR under its path in the folder (its extension kept when
    signable, else .png); exit 2 when any image could not be marked, else 1 when any was withheld.
    """
    if image.is_dir():
        _mark_folder(
            image,
            output,
            model=model,
            policy=policy,
            no_check=no_check,
            force=force,
            as_json=as_json,
            engine=engine,
            address=address,
            workers=workers,
        )
    if engine != "local" or address is not None:
        err_console.print("error: --engine and --address need a folder to mark (a batch)", markup=False)
        exit_with(EXIT_USAGE)
    found = signable_by_extension(output.suffix)
    fmt = found.name if found else None
    if fmt is None:
        err_console.print(f"error: {output}: unsupported output extension (use .png, .jpg or .webp)", markup=False)
        exit_with(EXIT_USAGE)
    if output.exists() and not force:
        err_console.print(f"error: {output}: already exists (fix: pass --force to overwrite)", markup=False)
        exit_with(EXIT_USAGE)
    from guardrail.audit import AuditLog
    from guardrail.audit.refusal import invalid_text_error
    from guardrail.batch.mark_file import mark_to_file
    from guardrail.cli.audit import recover_at_startup

    bad = invalid_text_error(model, "--model")
    if bad is not None:
        raise bad
    log = AuditLog()  # first: without an audit log nothing may be released (StoreError, exit 2)
    recover_at_startup(log)
    pol = _policy(policy)
    checker = None
    if not no_check:
        from guardrail.checks import ImageChecker

        checker = ImageChecker(pol)
    from guardrail.provenance import Marker

    released, summary = mark_to_file(
        image,
        output,
        fmt=fmt,
        log=log,
        policy=pol,
        checker=checker,
        marker=lambda: Marker(pol, model_id=model, audit=log),
        model=model,
        force=force,
    )
    if not released:
        if as_json:
            print_json(summary)
        else:
            why = "; ".join(summary["reasons"]) or summary["action"]
            err_console.print(
                f"{image}: {summary['action']} under policy {pol.name}: {why}; nothing written", markup=False
            )
        exit_with(EXIT_FAIL)
    if as_json:
        print_json(summary)
    else:
        note = "" if summary["checked"] else " (checks skipped: --no-check)"
        out_console.print(
            f"marked {image} -> {output} (watermark {summary['watermark_id']}, {summary['watermark_backend']}; "
            f"manifest {summary['manifest_hash'][:16]}...){note}"
        )


def _mark_folder(
    folder: Path,
    output: Path,
    *,
    model: str,
    policy: Path | None,
    no_check: bool,
    force: bool,
    as_json: bool,
    engine: str,
    address: str | None,
    workers: int | None,
) -> NoReturn:
    """``mark DIR -o OUTDIR``: every image under DIR through the same per-image code, on the chosen engine."""
    from collections import Counter

    from rich.markup import escape
    from rich.table import Table

    from guardrail.audit import AuditLog
    from guardrail.audit.refusal import invalid_text_error
    from guardrail.batch import BatchItem, MarkJob, run_batch
    from guardrail.batch.jobs import mark_output_path
    from guardrail.cli._batch import summary_table
    from guardrail.cli.audit import recover_at_startup
    from guardrail.cli.verify import expand_inputs
    from guardrail.errors import InputError

    bad = invalid_text_error(model, "--model")
    if bad is not None:
        raise bad
    if output.exists() and not output.is_dir():
        err_console.print(
            f"error: {output}: not a folder (fix: -o must name a folder when marking a folder)", markup=False
        )
        exit_with(EXIT_USAGE)
    if output.resolve().is_relative_to(folder.resolve()):
        err_console.print(
            f"error: {output}: inside the input folder (fix: choose an output folder outside it)", markup=False
        )
        exit_with(EXIT_USAGE)
    with AuditLog() as log:  # first: without an audit log nothing may be released (StoreError, exit 2)
        recover_at_startup(log)
    _policy(policy)  # a bad policy is one usage error, before any image
    job = MarkJob(
        root=str(folder),
        output=str(output),
        policy=str(policy) if policy else None,
        model=model,
        check=not no_check,
        force=force,
    )
    items = [
        BatchItem(name=name, path=None if path is None else str(path)) for name, path in expand_inputs([str(folder)])
    ]
    if all(item.path is None for item in items):
        fail_usage(f"no image files found in {folder}")
    targets: dict[Path, str] = {}
    for item in items:  # a.png and a.tif both become a.png: refuse before anything is marked
        if item.path is not None:
            target = mark_output_path(Path(item.path), folder, output)[0]
            if target in targets:
                raise InputError(
                    f"{item.name} and {targets[target]} would both be written to {target}",
                    where=str(folder),
                    fix="rename one of them",
                )
            targets[target] = item.name
    counts: Counter[str] = Counter()
    table = Table("image", "action", "output or reason")
    for result in run_batch(job, items, engine=engine, address=address, workers=workers):
        counts[result.outcome] += 1
        row = result.row
        if as_json:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        elif result.outcome == "released":
            table.add_row(escape(result.name), "[green]released[/]", escape(row["output"]))
        else:
            why = row.get("error") or "; ".join(row.get("reasons") or []) or row["action"]
            table.add_row(escape(result.name), f"[red]{escape(row['action'])}[/]", escape(why))
    if not as_json:
        out_console.print(table)
    (err_console if as_json else out_console).print(summary_table(counts, len(items), column="action"))
    exit_with(EXIT_USAGE if counts["error"] else EXIT_FAIL if counts["withheld"] else EXIT_OK)
