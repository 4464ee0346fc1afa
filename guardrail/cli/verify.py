"""``guardrail verify IMAGE|FOLDER|GLOB...``: one provenance verdict per image, with evidence.

Folders are searched recursively for image files, globs are expanded (``**`` recursive). Each
file gets its verdict (guardrail.provenance.verdicts); one bad file is reported and the others
are still checked. ``--json`` prints one JSON object per line; the summary goes to stderr then.
Exit 0 when every image's verdict is "verified" (docs/verify.md), 1 otherwise, 2 when any input
could not be read.
"""

from __future__ import annotations

import glob
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from guardrail.cli._batch import ADDRESS_OPTION, ENGINE_OPTION, WORKERS_OPTION, summary_table
from guardrail.cli._common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    app,
    err_console,
    exit_with,
    guarded,
    out_console,
)

if TYPE_CHECKING:
    from guardrail.provenance.verify import ProvenanceReport

__all__ = ["expand_inputs", "verdict_cell", "verify"]

VERIFY_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".webp", ".avif", ".heic", ".heif", ".gif", ".tif", ".tiff", ".dng"}
)
_STYLE = {
    "ai-generated": "green",
    "ai-edited": "green",
    "ai-generated-recovered": "green",
    "credentials-no-ai": "green",
    "ai-watermarked": "cyan",
    "similar-to-ai-release": "cyan",
    "ai-declared-unsigned": "cyan",
    "tampered": "red",
    "signer-expired": "red",
    "unreadable": "yellow",
    "no-provenance": "yellow",
}


def verdict_cell(report: ProvenanceReport) -> str:
    """The verdict as table markup: green only when it exits 0 (credentials-no-ai from an untrusted signer
    is not verified, so it is shown like the other unverified evidence)."""
    style = _STYLE[report.verdict]
    if style == "green" and report.exit_code != 0:
        style = "yellow"
    return f"[{style}]{report.verdict}[/]"


def expand_inputs(items: list[str]) -> Iterator[tuple[str, Path | None]]:
    """(name, path) per input file: folders recursively (image suffixes), globs expanded; path None when nothing
    matches."""
    from guardrail.folders import image_files_in

    for item in items:
        path = Path(item)
        if path.is_dir():
            found = image_files_in(path, VERIFY_SUFFIXES)  # broken links included: refused by name below
            if not found:
                yield item, None
            for p in found:
                yield str(p), p
        elif not path.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield item, None
            for p in files:
                yield str(p), p
        else:
            yield item, path


def _evidence(report: Any) -> str:
    parts = []
    if report.c2pa.state:
        parts.append(f"c2pa {report.c2pa.state}")
    if report.watermark.detected:
        parts.append(f"watermark {report.watermark.watermark_id or report.watermark.tag}")
    parts += [f"{p.detector} {p.agreement}/{p.bits}" for p in report.watermark.public if p.detected]
    parts.append(f"trust: {report.trust}")
    return "; ".join(parts + report.reasons[:1])


def _policy_trust(policy: Path) -> tuple[list[Path], Any]:
    from guardrail.policy import load_policy

    loaded = load_policy(policy)
    base = Path(loaded.source).parent if loaded.source else Path(".")
    sources = [Path(t) if Path(t).is_absolute() else base / t for t in loaded.provenance.trust]
    return sources, loaded.provenance.watermark


@app.command()
@guarded
def verify(
    images: list[str] = typer.Argument(..., help="Images, folders (searched recursively) or globs ('shots/**/*.jpg')."),
    trust: list[Path] = typer.Option(
        [],
        "--trust",
        help=(
            "Trust anchors: a PEM bundle or a folder of them; repeatable. Also GUARDRAIL_TRUST and the policy's "
            "provenance.trust."
        ),
    ),
    watermark: list[str] = typer.Option(
        [],
        "--watermark",
        help=(
            "Watermark backends to read, in order (default: latticeSync2, dwtDctSvdPlus, dwtDctSvd; "
            "then those the store's releases used); "
            "repeatable, e.g. --watermark rivaGan."
        ),
    ),
    policy: Path | None = typer.Option(
        None,
        "--policy",
        help=(
            "Policy the images were marked under: its watermark backend and options are read first, its trust list "
            "is used."
        ),
    ),
    allow_network: bool = typer.Option(
        False,
        "--allow-network",
        help=(
            "Fetch remote manifests and certificate status (off by default: an image could send the verifier anywhere)."
        ),
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object per line (one per image); the summary goes to stderr."
    ),
    resolver: str | None = typer.Option(
        None,
        "--resolver",
        help=(
            "A guardrail service (URL) to ask for the manifest of a watermarked release this machine's store does "
            "not hold; asked only then (docs/service.md)."
        ),
    ),
    resolver_key: str | None = typer.Option(
        None,
        "--resolver-key",
        envvar="GUARDRAIL_RESOLVER_KEY",
        help="API key (verify scope) for --resolver, unless it verifies publicly.",
    ),
    engine: str = ENGINE_OPTION,
    address: str | None = ADDRESS_OPTION,
    workers: int | None = WORKERS_OPTION,
) -> None:
    """Say for each image what its provenance shows (docs/verify.md lists every verdict).

    Exit 0 when every image is verified (ai-generated, ai-edited, ai-generated-recovered,
    credentials-no-ai), 1 otherwise, 2 on any input error (the other files are still checked).
    """
    from rich.markup import escape
    from rich.progress import Progress

    from guardrail.batch import BatchItem, VerifyJob, run_batch
    from guardrail.provenance.trust import load_anchors
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS, ProvenanceReport

    sources = list(trust)
    readers: list[Any] = list(watermark) or list(DEFAULT_READ_BACKENDS)
    if policy is not None:
        policy_sources, policy_watermark = _policy_trust(policy)
        sources = policy_sources + sources
        readers.insert(0, policy_watermark)  # the options the images were marked with
    load_anchors(sources)  # a bad trust source is one usage error, not one per image
    job = VerifyJob(
        trust=[str(s) for s in sources],
        readers=readers,
        allow_network=allow_network,
        resolver=resolver,
        resolver_key=resolver_key,
    )
    inputs = [BatchItem(name=name, path=None if path is None else str(path)) for name, path in expand_inputs(images)]
    counts: Counter[str] = Counter()
    rows: list[tuple[str, str, str]] = []
    input_error = False
    all_verified = True
    # a corrupt store stops the run (StoreError, exit 2): no verdict can be trusted without it
    results = run_batch(job, inputs, engine=engine, address=address, workers=workers)
    with Progress(console=err_console, transient=True, disable=len(inputs) < 2) as progress:
        task = progress.add_task("verifying", total=len(inputs))
        for result in results:
            row = result.row
            counts[result.outcome] += 1
            if result.outcome == "error":  # this file is bad; the others are still checked
                input_error = True
                rows.append((escape(result.name), "[red]error[/]", escape(row["error"])))
            else:
                all_verified = all_verified and result.ok
                report = ProvenanceReport.model_validate(row)
                # file names, signer and tool names and c2pa's messages are the file's words, not markup
                rows.append((escape(report.source), verdict_cell(report), escape(_evidence(report))))
            if as_json:
                sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                sys.stdout.flush()
            progress.advance(task)

    from rich.table import Table

    if not as_json:
        table = Table("image", "verdict", "evidence")
        for r in rows:
            table.add_row(*r)
        out_console.print(table)
    if len(inputs) > 1 or not as_json:
        summary = summary_table(counts, len(inputs), column="verdict")
        (err_console if as_json else out_console).print(summary)
    if input_error:
        exit_with(EXIT_USAGE)
    exit_with(EXIT_OK if all_verified else EXIT_FAIL)
