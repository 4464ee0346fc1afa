"""``guardrail screen PROMPT``: screen one prompt against a policy."""

from __future__ import annotations

import typer
from rich.table import Table

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, app, exit_with, guarded, out_console, print_json

__all__ = ["fold_columns", "screen"]


@app.command()
@guarded
def screen(
    prompt: str = typer.Argument(..., help="The prompt to screen."),
    policy: str | None = typer.Option(None, "--policy", "-p", help="Policy file or builtin:NAME (default: the shipped default policy)."),
    max_length: int | None = typer.Option(None, "--max-length", min=1, help="Longest prompt accepted (default: the policy's prompt.max_length)."),
    json_out: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
) -> None:
    """Screen PROMPT. Exit 0 allowed, flagged or rewritten; 1 blocked; 2 input error."""
    from guardrail.policy import load_policy
    from guardrail.screening import Screener

    from guardrail.audit.refusal import invalid_text_error

    bad = invalid_text_error(prompt, "PROMPT")  # text we cannot screen or print is an input error
    if bad is not None:
        raise bad
    decision = Screener(load_policy(policy), max_length=max_length).screen(prompt)
    if json_out:
        data = decision.model_dump(mode="json")
        data["allowed"] = decision.allowed
        print_json(data)
    else:
        colour = {"block": "red", "rewrite": "yellow", "flag": "yellow", "allow": "green"}[decision.action.value]
        out_console.print(f"[bold {colour}]{decision.action.value.upper()}[/]  policy {decision.policy.name} {decision.policy.version} ({decision.policy.hash[:12]})")
        if decision.matches:
            table = Table("rule", "category", "severity", "action", "span", "matched", "normalised")
            for m in decision.matches:
                table.add_row(m.rule_id, m.category, m.severity.value, m.action.value, f"{m.span[0]}-{m.span[1]}", m.text, m.normalised)
            fold_columns(table)
            out_console.print(table)
        if decision.rewritten:
            out_console.print(f"rewritten: {decision.effective_prompt}", markup=False)
        if decision.negative_prompt:
            out_console.print(f"negative prompt: {decision.negative_prompt}", markup=False)
    exit_with(EXIT_OK if decision.allowed else EXIT_FAIL)


def fold_columns(table: Table) -> None:
    """Wrap long cells instead of cutting them with an ellipsis (shared by the policy commands)."""
    for column in table.columns:
        column.overflow = "fold"
