"""``guardrail screen PROMPT`` or ``guardrail screen --file prompts.txt|.csv|.jsonl``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, app, exit_with, fail_usage, guarded, out_console, print_json

if TYPE_CHECKING:
    from guardrail.screening import Screener

__all__ = ["fold_columns", "screen"]

COLOURS = {"block": "red", "rewrite": "yellow", "flag": "yellow", "allow": "green"}


@app.command()
@guarded
def screen(
    prompt: str | None = typer.Argument(None, help="The prompt to screen (or give --file)."),
    file: Path | None = typer.Option(
        None,
        "--file",
        "-f",
        help="Screen every prompt of a .txt (one per line), .csv (column 'text') or .jsonl file ('text' field).",
    ),
    policy: str | None = typer.Option(
        None, "--policy", "-p", help="Policy file or builtin:NAME (default: the shipped default policy)."
    ),
    max_length: int | None = typer.Option(
        None, "--max-length", min=1, help="Longest prompt accepted (default: the policy's prompt.max_length)."
    ),
    json_out: bool = typer.Option(
        False, "--json", help="Print the decision (or, with --file, the summary and every decision) as JSON."
    ),
) -> None:
    """Screen PROMPT, or every prompt of --file. Exit 0 when nothing is blocked, 1 when a prompt is blocked, 2 on an
    input error."""
    from guardrail.audit.refusal import invalid_text_error
    from guardrail.policy import load_policy
    from guardrail.screening import Screener

    if (prompt is None) == (file is None):
        fail_usage("give either a PROMPT or --file, not both and not neither")
    screener = Screener(load_policy(policy), max_length=max_length)
    if file is not None:
        _screen_file(screener, file, json_out)
    bad = invalid_text_error(prompt, "PROMPT")  # text we cannot screen or print is an input error
    if bad is not None:
        raise bad
    decision = screener.screen(prompt)
    if json_out:
        data = decision.model_dump(mode="json")
        data["allowed"] = decision.allowed
        print_json(data)
    else:
        out_console.print(
            f"[bold {COLOURS[decision.action.value]}]{decision.action.value.upper()}[/]  policy "
            f"{decision.policy.name} {decision.policy.version} ({decision.policy.hash[:12]})"
        )
        if decision.matches:
            table = Table("rule", "category", "severity", "action", "span", "matched", "normalised")
            for m in decision.matches:
                table.add_row(
                    m.rule_id,
                    m.category,
                    m.severity.value,
                    m.action.value,
                    f"{m.span[0]}-{m.span[1]}",
                    m.text,
                    m.normalised,
                )
            fold_columns(table)
            out_console.print(table)
        if decision.rewritten:
            out_console.print(f"rewritten: {decision.effective_prompt}", markup=False)
        if decision.negative_prompt:
            out_console.print(f"negative prompt: {decision.negative_prompt}", markup=False)
    exit_with(EXIT_OK if decision.allowed else EXIT_FAIL)


def _screen_file(screener: Screener, file: Path, json_out: bool) -> None:
    """Screen every prompt of ``file``, print a summary (and each decision) and exit."""
    from guardrail.errors import InputError
    from guardrail.screening.batch import read_prompts

    records = read_prompts(file)
    rows = []
    for record in records:
        try:
            decision = screener.screen(record.text)
        except InputError as err:
            raise InputError(err.message, where=f"{file}:{record.line}", fix=err.fix) from err
        rows.append((record, decision))
    actions = Counter(d.action.value for _, d in rows)
    rules = Counter(rid for _, d in rows for rid in d.rule_ids)
    blocked = actions.get("block", 0)
    ref = screener.policy.ref
    if json_out:
        print_json(
            {
                "file": str(file),
                "policy": ref,
                "summary": {
                    "prompts": len(rows),
                    "actions": dict(sorted(actions.items())),
                    "rules": dict(rules.most_common()),
                },
                "decisions": [
                    {
                        "line": r.line,
                        "prompt": r.text,
                        "action": d.action.value,
                        "rules": d.rule_ids,
                        "reasons": d.reasons,
                        "effective_prompt": d.effective_prompt,
                    }
                    for r, d in rows
                ],
            }
        )
    else:
        out_console.print(
            f"{len(rows)} prompts from {file}  policy {ref.name} {ref.version} ({ref.hash[:12]})", markup=False
        )
        summary = Table("action", "prompts")
        for action in ("block", "rewrite", "flag", "allow"):
            summary.add_row(f"[{COLOURS[action]}]{action}[/]", str(actions.get(action, 0)))
        out_console.print(summary)
        if rules:
            by_rule = Table("rule", "prompts")
            for rid, n in rules.most_common():
                by_rule.add_row(rid, str(n))
            out_console.print(by_rule)
        hits = [(r, d) for r, d in rows if d.matches]
        if hits:
            table = Table("line", "action", "prompt", "rules")
            for r, d in hits:
                table.add_row(str(r.line), d.action.value, r.text, ", ".join(d.rule_ids))
            fold_columns(table)
            out_console.print(table)
    exit_with(EXIT_FAIL if blocked else EXIT_OK)


def fold_columns(table: Table) -> None:
    """Wrap long cells instead of cutting them with an ellipsis (shared by the policy commands)."""
    for column in table.columns:
        column.overflow = "fold"
