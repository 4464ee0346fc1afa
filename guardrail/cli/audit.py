"""``guardrail audit list|show|export|verify|recover|rotate-key``: the append-only audit log."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from guardrail.cli._common import (
    EXIT_FAIL,
    EXIT_OK,
    app,
    err_console,
    exit_with,
    fail_usage,
    guarded,
    out_console,
    print_json,
)

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="Read the audit log: one record per request and image (GUARDRAIL_HOME/audit.db or GUARDRAIL_DATABASE_URL).",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

_FORMATS = ("jsonl", "csv")


def _open_log() -> Any:
    from guardrail.audit import AuditLog

    return AuditLog()


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail_usage(f"--since must be an ISO date or time (e.g. 2026-11-22 or 2026-11-22T10:00) but is {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _short(text: str | None, width: int = 40) -> str:
    if text is None:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


@audit_app.command("list")
@guarded
def list_cmd(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many requests, newest first.")] = 50,
    action: Annotated[
        str | None,
        typer.Option("--action", help="Only requests with this final action (e.g. released, withheld, blocked)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only requests at or after this ISO time (UTC if no zone).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the latest requests in the audit log."""
    with _open_log() as log:
        records = log.list_requests(limit=limit, since=_parse_since(since), action=action)
    if as_json:
        print_json(records)
        exit_with(EXIT_OK)
    if not records:
        out_console.print(f"No requests in the audit log ({log.path}).")
        exit_with(EXIT_OK)
    table = Table(title=f"Audit log: {log.path}")
    table.add_column("time (UTC)", no_wrap=True)
    table.add_column("request", no_wrap=True)  # ids must stay copyable
    table.add_column("action", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column(escape("prompt [decision] / what"), ratio=1)
    for rec in records:
        when = rec.time.strftime("%m-%d %H:%M:%S")
        cells = (when, rec.request_id, rec.final_action, str(rec.attempts), _summary(rec))
        table.add_row(*(escape(c) for c in cells))
    out_console.print(table)


def _lookup(rec: Any) -> str:
    """What a resolver lookup asked for and found: 'by watermark 0123… -> 0123…' (or why not)."""
    params = rec.parameters
    asked = params.get("query") or f"sha256 {(rec.input_sha256 or '')[:12]}"
    answer = params.get("release") or rec.reason or "-"
    return f"by {params.get('by', '?')} {asked} -> {answer}"


def _summary(rec: Any) -> str:
    """One line on what a request was: its prompt and decision, or the image or lookup it concerned."""
    if rec.operation == "mark":
        what = f"(mark {'checked' if rec.checked else 'unchecked'}: input sha256 {(rec.input_sha256 or '')[:12]})"
    elif rec.operation == "recover":
        what = "(recover: " + ", ".join(f"{a.action} {a.request_id}" for a in rec.recovery) + ")"
    elif rec.operation in ("check", "verify"):
        what = f"({rec.operation}: input sha256 {(rec.input_sha256 or '')[:12]})"
    elif rec.operation == "resolve":
        what = f"(resolve {_lookup(rec)})"
    else:
        prompt = _short(rec.prompt) if rec.prompt is not None else f"hmac:{(rec.prompt_hmac or '')[:12]}"
        what = f"{prompt} [{rec.prompt_action}]"
    return what + (f" key {rec.client_id}" if rec.client_id else "")


@audit_app.command("show")
@guarded
def show_cmd(
    request_id: Annotated[str, typer.Argument(help="Request id (from `guardrail audit list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show one request and every image (all attempts) with its verdicts."""
    with _open_log() as log:
        request, images = log.get_request(request_id)
    if as_json:
        print_json({"request": request, "images": images})
        exit_with(EXIT_OK)
    out_console.print(f"[bold]Request[/] {escape(request.request_id)}  ({request.time.isoformat()})")
    out_console.print(f"  final action: [bold]{escape(request.final_action)}[/]  attempts: {request.attempts}")
    if request.reason:
        out_console.print(f"  reason: {request.reason}", markup=False)
    if request.operation == "mark":
        out_console.print(
            "  operation: mark of an image made elsewhere "
            f"({'checked' if request.checked else 'checks skipped: --no-check'})",
            markup=False,
        )
        out_console.print(f"  input sha256: {request.input_sha256}", markup=False)
    elif request.operation == "recover":
        for action in request.recovery:
            out_console.print(
                f"  recovery: {action.action} {action.path or action.watermark_id or ''} (request {action.request_id})",
                markup=False,
            )
    elif request.operation in ("check", "verify"):
        out_console.print(f"  operation: {request.operation} (service call; nothing released)", markup=False)
        out_console.print(f"  input sha256: {request.input_sha256}", markup=False)
    elif request.operation == "resolve":
        out_console.print(f"  operation: resolve (manifest lookup) {_lookup(request)}", markup=False)
    else:
        prompt = request.prompt if request.prompt is not None else "(not stored: policy keeps only the hash)"
        out_console.print(f"  prompt: {prompt}", markup=False)
        out_console.print(f"  prompt hmac: {request.prompt_hmac}")
        rules = ", ".join(request.matched_rules) or "none"
        out_console.print(f"  prompt decision: {request.prompt_action} (rules: {rules})", markup=False)
    if request.client_id:
        out_console.print(f"  client: API key {request.client_id}", markup=False)
    out_console.print(
        f"  policy: {request.policy.name} v{request.policy.version} ({request.policy.hash[:16]}…)", markup=False
    )
    out_console.print(f"  model: {request.model_id}  seed: {request.seed}", markup=False)
    if request.parameters:
        params = ", ".join(f"{k}={v}" for k, v in sorted(request.parameters.items()))
        out_console.print(f"  parameters: {params}", markup=False)
    if not images:
        out_console.print("  no images")
        return
    table = Table(title="Images")
    for column in ("index", "attempt", "seed", "action", "verdicts", "watermark", "file / error"):
        table.add_column(column, overflow="fold")
    for img in images:
        verdicts = " | ".join(_verdict_text(v) for v in img.verdicts) or "-"
        cells = (
            str(img.index),
            str(img.attempt),
            str(img.seed),
            img.action,
            verdicts,
            img.watermark_id or "-",
            img.error or img.output_path or "-",
        )
        table.add_row(*(escape(c) for c in cells))
    out_console.print(table)


def _verdict_text(verdict: dict[str, Any]) -> str:
    """One line per verdict: its action, each classifier's action and top score, similarity."""
    name = verdict.get("check") or verdict.get("backend") or "image"
    parts = [f"{name}: {verdict.get('action', verdict.get('outcome', '?'))}"]
    if verdict.get("score") is not None:
        parts.append(f"score={verdict['score']}")
    for clf in verdict.get("classifiers") or []:
        scores = clf.get("scores") or {}
        top = max(scores.items(), key=lambda kv: kv[1], default=None)
        text = f"{clf.get('backend', '?')}={clf.get('action', '?')}"
        if top is not None:
            text += f" ({top[0]} {top[1]:.2f})"
        if clf.get("status") == "error":
            text += f" error: {clf.get('error')}"
        parts.append(text)
    similarity = verdict.get("similarity")
    if similarity:
        matches = similarity.get("matches") or []
        nearest = f", nearest {matches[0].get('distance')} bits" if matches and isinstance(matches[0], dict) else ""
        parts.append(f"similarity={similarity.get('action', '?')}{nearest}")
    reasons = verdict.get("reasons") or []
    if reasons:
        parts.append("reasons: " + "; ".join(str(r) for r in reasons))
    return ", ".join(parts)


@audit_app.command("export")
@guarded
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Machine-readable output: the same as --format jsonl.")
    ] = False,
) -> None:
    """Export every record (requests and images, with a `kind` column) as JSON lines or CSV."""
    if as_json and fmt != "jsonl":
        fail_usage(f"--json exports JSON lines; it cannot be combined with --format {fmt}")
    if fmt not in _FORMATS:
        fail_usage(f"--format must be one of {', '.join(_FORMATS)} but is {fmt!r}")
    if output is not None and output.exists() and not force:
        fail_usage(f"{output} already exists; pass --force to overwrite it")
    with _open_log() as log:
        if output is None:
            try:
                log.export(fmt, sys.stdout)  # type: ignore[arg-type]
                sys.stdout.flush()
            except BrokenPipeError:  # e.g. `| head`: the reader left; stop quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                exit_with(EXIT_FAIL)
            return
        tmp = output.with_name(f".{output.name}.partial")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                rows = log.export(fmt, handle)  # type: ignore[arg-type]
            tmp.replace(output)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            fail_usage(f"cannot write {output}: {err}")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    err_console.print(f"wrote {rows} rows to {output}", markup=False)


def _print_recovery(report: Any) -> None:
    for action in report.actions:
        what = action.path or action.watermark_id or ""
        err_console.print(f"recover: {action.action}: {what} (request {action.request_id})", markup=False)


def recover_at_startup(log: Any) -> None:
    """Before a release: reconcile releases a crash interrupted (one directory listing when there are none)."""
    from guardrail.audit.recover import has_pending, recover

    if has_pending():
        _print_recovery(recover(audit=log))


@audit_app.command("recover")
@guarded
def recover_cmd(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Reconcile releases a crash interrupted: roll back what was never released, say what was done.

    Releases still running (their entry is locked) are left alone. Exit 0.
    """
    from guardrail.audit.recover import recover

    with _open_log() as log:
        report = recover(audit=log)
    if as_json:
        print_json(report)
        return
    _print_recovery(report)
    if report.clean:
        out_console.print(
            f"nothing to recover ({report.checked} interrupted releases checked, {report.in_progress} still running)",
            markup=False,
        )
    else:
        out_console.print(
            f"recovered {report.checked} interrupted releases: {len(report.actions)} actions (recorded in the audit "
            "log)",
            markup=False,
        )


@audit_app.command("verify")
@guarded
def verify_cmd(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Check the audit log: database integrity and every record's link to the one before it.

    Exit 0 when intact, 1 with the first broken link. Note the head (position and MAC) somewhere
    else to detect later removal of the newest records.
    """
    with _open_log() as log:
        report = log.verify()
    if as_json:
        print_json(report)
    elif report.ok:
        out_console.print(
            f"ok: {report.records} records linked, head #{report.head_seq} {report.head_mac[:16]}… (keys: "
            f"{', '.join(report.key_ids) or '-'}) in {report.path}",
            markup=False,
        )
    else:
        brk = report.first_break
        at = f"record #{brk.seq}" if brk and brk.seq is not None else "a record"
        rid = f" (request {brk.request_id})" if brk and brk.request_id else ""
        err_console.print(
            f"broken: {at}{rid}: {brk.problem if brk else '?'} in {report.path}; {report.records} records before it "
            "verify",
            markup=False,
        )
    exit_with(EXIT_OK if report.ok else EXIT_FAIL)


@audit_app.command("rotate-key")
@guarded
def rotate_key_cmd(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Start using a new audit key; older keys are kept so older records still verify."""
    from guardrail.audit.key import audit_key_ids, rotate_audit_key

    kid = rotate_audit_key()
    if as_json:
        print_json({"current": kid, "keys": audit_key_ids()})
    else:
        out_console.print(
            f"new audit key {kid}; kept: {', '.join(k for k in audit_key_ids() if k != kid) or '-'}", markup=False
        )
