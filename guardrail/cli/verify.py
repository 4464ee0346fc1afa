"""``guardrail verify IMAGE...``: one provenance verdict per image, with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, app, err_console, exit_with, guarded, out_console, print_json

__all__ = ["verify"]

_AI = ("ai-generated", "ai-generated-recovered")
_STYLE = {"ai-generated": "green", "ai-generated-recovered": "green", "tampered": "red", "signer-expired": "red", "no-provenance": "yellow"}


def _evidence(report: Any) -> str:
    parts = []
    if report.c2pa.state:
        parts.append(f"c2pa {report.c2pa.state}" + (f" by {report.c2pa.signer}" if report.c2pa.signer else ""))
        if report.c2pa.model:
            parts.append(f"model {report.c2pa.model}")
        if report.c2pa.failures:
            parts.append("failed: " + "; ".join(report.c2pa.failures))
    if report.watermark.detected:
        parts.append(f"watermark {report.watermark.watermark_id or report.watermark.tag} (FPR <= {report.watermark.fpr:.1e})")
    if report.recovered_by:
        parts.append(f"recovered by {report.recovered_by}")
    return ", ".join(parts) or "; ".join(report.reasons)


@app.command()
@guarded
def verify(
    images: list[Path] = typer.Argument(..., help="Images to verify."),
    trust: list[Path] = typer.Option([], "--trust", help="Extra trust anchors (PEM bundle); repeatable."),
    watermark: list[str] = typer.Option([], "--watermark", help="Watermark backends to read, in order (default: dwtDctSvdPlus, dwtDctSvd); repeatable, e.g. --watermark rivaGan."),
    policy: Path | None = typer.Option(None, "--policy", help="Policy the images were marked under: its watermark backend and options are read first."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (an object for one image, a list for several)."),
) -> None:
    """Say for each image: ai-generated, ai-generated-recovered, tampered or no-provenance.

    Exit 0 when every image is ai-generated (signed or recovered), 1 otherwise, 2 on any input error.
    """
    from rich.progress import Progress

    from guardrail.errors import InputError
    from guardrail.provenance.c2pa_io import trust_anchors
    from guardrail.provenance.store import default_store
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS, verify_image

    trust_anchors(list(trust))  # a bad --trust bundle is one usage error, not one per image
    readers: list[Any] = list(watermark) or list(DEFAULT_READ_BACKENDS)
    if policy is not None:
        from guardrail.policy import load_policy

        readers.insert(0, load_policy(policy).provenance.watermark)  # the options the images were marked with
    store = default_store()  # a corrupt store stops the run (exit 2): no verdict can be trusted without it
    results: list[dict[str, Any]] = []
    input_error = False
    with Progress(console=err_console, transient=True, disable=len(images) < 2) as progress:
        task = progress.add_task("verifying", total=len(images))
        for path in images:
            try:
                report = verify_image(
                    path, trust=list(trust) or None, store=store, watermark_backends=readers
                )
                results.append({"report": report})
            except InputError as err:  # this file is bad; the others are still checked
                input_error = True
                results.append({"error": str(err), "source": str(path)})
            progress.advance(task)

    if as_json:
        payload = [r["report"].model_dump(mode="json") if "report" in r else {"source": r["source"], "verdict": None, "error": r["error"]} for r in results]
        print_json(payload[0] if len(payload) == 1 else payload)
    else:
        from rich.table import Table

        table = Table("image", "verdict", "evidence")
        for r in results:
            if "report" in r:
                rep = r["report"]
                table.add_row(rep.source, f"[{_STYLE[rep.verdict]}]{rep.verdict}[/]", _evidence(rep))
            else:
                table.add_row(r["source"], "[red]error[/]", r["error"])
        out_console.print(table)
    if input_error:
        exit_with(EXIT_USAGE)
    ok = all("report" in r and r["report"].verdict in _AI for r in results)
    exit_with(EXIT_OK if ok else EXIT_FAIL)
