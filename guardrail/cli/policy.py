"""``guardrail policy lint|test|eval|diff``: check policies, run their test cases, measure them on labelled prompts,
compare two."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from guardrail.cli._common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, app, exit_with, guarded, out_console, print_json
from guardrail.cli.screen import fold_columns

__all__ = ["policy_app"]

policy_app = typer.Typer(
    help="Lint policy files, run their test cases, measure them on labelled prompts, compare two.", no_args_is_help=True
)
app.add_typer(policy_app, name="policy")


def _policy_files(paths: list[str]) -> list[Path]:
    """Expand ``builtin:NAME`` (``builtin:`` alone: every shipped policy) and folders into policy files."""
    from guardrail.policy.loader import BUILTIN_PREFIX, builtin_policies, resolve_policy_path
    from guardrail.policy.testing import TESTS_SUFFIX

    files: list[Path] = []
    for text in map(str, paths):
        if text == BUILTIN_PREFIX:
            files.extend(resolve_policy_path(BUILTIN_PREFIX + name) for name in builtin_policies())
            continue
        path = resolve_policy_path(text)
        if path.is_dir():
            files.extend(p for p in sorted(path.glob("*.yaml")) if not p.name.endswith(TESTS_SUFFIX))
        else:
            files.append(path)
    return files


@policy_app.command("lint")
@guarded
def lint(
    paths: list[str] = typer.Argument(
        ...,
        help="Policy files, folders of policies, builtin:NAME, or builtin: for every shipped policy.",
        metavar="POLICY",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Validate policies. Exit 0 when all are valid, 2 with one 'file:line:col: message' line per problem."""
    from guardrail.policy import lint_policy

    files = _policy_files(paths)
    if not files:
        from guardrail.errors import InputError

        raise InputError(
            "no policy files found",
            where=", ".join(map(str, paths)),
            fix="give *.yaml policy files or folders that hold them",
        )
    report = []
    for file in files:
        problems = lint_policy(file)
        report.append(
            {
                "file": str(file),
                "valid": not problems,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "col": p.col,
                        "key_path": p.key_path,
                        "message": p.message,
                        "fix": p.fix,
                        "text": str(p),
                    }
                    for p in problems
                ],
            }
        )
    if json_out:
        print_json(report)
    else:
        for entry in report:
            if entry["valid"]:
                out_console.print(f"{entry['file']}: ok", markup=False)
            for p in entry["problems"]:
                out_console.print(p["text"], markup=False)
    exit_with(EXIT_OK if report and all(e["valid"] for e in report) else EXIT_USAGE)


@policy_app.command("test")
@guarded
def test(
    paths: list[str] = typer.Argument(
        ...,
        help=(
            "Policies (or their .tests.yaml files), folders (every policy with a tests file), builtin:NAME, or "
            "builtin: for every shipped policy."
        ),
        metavar="POLICY",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every case, not only failures."),
    json_out: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
) -> None:
    """Run the policies' test cases. Exit 0 when all pass, 1 on any failure, 2 on a bad policy or tests file."""
    from guardrail.policy.loader import BUILTIN_PREFIX, resolve_policy_path
    from guardrail.policy.testing import find_tests_file, run_policy_tests

    targets: list[Path] = []
    for text in paths:
        path = Path(text) if text == BUILTIN_PREFIX else resolve_policy_path(text)
        if text == BUILTIN_PREFIX or path.is_dir():
            targets.extend(p for p in _policy_files([text]) if find_tests_file(p) is not None)
        else:
            targets.append(path)
    if not targets:
        from guardrail.errors import InputError

        raise InputError(
            "no policy with a tests file found",
            where=", ".join(map(str, paths)),
            fix="add NAME.tests.yaml beside NAME.yaml",
        )
    reports = [run_policy_tests(t) for t in targets]
    if json_out:
        print_json([{**r.model_dump(mode="json"), "passed": r.passed, "failed": r.failed} for r in reports])
    else:
        summary = Table("policy", "version", "hash", "cases", "passed", "failed", "result")
        for r in reports:
            result = "[green]PASS[/]" if r.ok else "[red]FAIL[/]"
            summary.add_row(
                r.policy_file,
                r.policy.version,
                r.policy.hash[:12],
                str(len(r.results)),
                str(r.passed),
                str(r.failed),
                result,
            )
        fold_columns(summary)
        out_console.print(summary)
        rows = [(r, x) for r in reports for x in r.results if verbose or not x.passed]
        if rows:
            cases = Table("tests file:line", "prompt", "expected", "actual", "result", "reason")
            for r, x in rows:
                cases.add_row(
                    f"{r.tests_file}:{x.line}",
                    x.case.prompt,
                    x.case.expect.value,
                    x.actual.value if x.actual else "error",
                    "PASS" if x.passed else "FAIL",
                    x.reason,
                )
            fold_columns(cases)
            out_console.print(cases)
    exit_with(EXIT_OK if all(r.ok for r in reports) else EXIT_FAIL)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


@policy_app.command("eval")
@guarded
def evaluate(
    policy: str = typer.Argument(..., help="Policy file or builtin:NAME."),
    labelled: Path = typer.Option(
        ...,
        "--labelled",
        "-l",
        help="Labelled prompts: .jsonl or .csv with text, label (unsafe|benign), category, language.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    min_recall: float | None = typer.Option(
        None, "--min-recall", min=0.0, max=1.0, help="Exit 1 when overall recall is below this (e.g. 0.95)."
    ),
    max_false_blocks: float | None = typer.Option(
        None,
        "--max-false-blocks",
        min=0.0,
        max=1.0,
        help="Exit 1 when the overall false-block rate is above this (e.g. 0.02).",
    ),
) -> None:
    """Measure POLICY on labelled prompts: per category precision, recall and false blocks; every miss and false block
    with the rules that fired."""
    from guardrail.errors import InputError
    from guardrail.policy import load_policy
    from guardrail.policy.evaluate import evaluate_policy
    from guardrail.screening.batch import read_prompts

    records = read_prompts(labelled)
    if not any(r.label for r in records):
        raise InputError(
            "no labelled prompts", where=str(labelled), fix="give each prompt a 'label' of unsafe or benign"
        )
    report = evaluate_policy(load_policy(policy), records)
    if json_out:
        print_json(report)
    else:
        ref = report.policy
        out_console.print(f"policy {ref.name} {ref.version} ({ref.hash[:12]}) on {labelled}", markup=False)
        for title, groups in (("category", report.by_category), ("language", report.by_language)):
            table = Table(
                title, "unsafe", "blocked", "recall", "benign", "false blocks", "false-block rate", "precision"
            )
            for g in [*groups, report.total]:
                table.add_row(
                    g.name,
                    str(g.unsafe),
                    str(g.blocked),
                    _pct(g.recall),
                    str(g.benign),
                    str(g.false_blocks),
                    _pct(g.false_block_rate),
                    _pct(g.precision),
                )
            fold_columns(table)
            out_console.print(table)
        for title, items in (
            ("misses (unsafe, not blocked)", report.misses),
            ("false blocks (benign, blocked)", report.false_blocks),
        ):
            if not items:
                continue
            table = Table("line", "category", "lang", "prompt", "action", "rules that fired")
            for x in items:
                table.add_row(
                    str(x.line), x.category, x.language, x.text, x.action.value, "; ".join(x.reasons) or "(none)"
                )
            fold_columns(table)
            out_console.print(title, markup=False)
            out_console.print(table)
    total = report.total
    failed = (min_recall is not None and (total.recall or 0.0) < min_recall) or (
        max_false_blocks is not None and (total.false_block_rate or 0.0) > max_false_blocks
    )
    exit_with(EXIT_FAIL if failed else EXIT_OK)


@policy_app.command("diff")
@guarded
def diff(
    old: str = typer.Argument(..., help="The policy as it is (file or builtin:NAME)."),
    new: str = typer.Argument(..., help="The edited policy."),
    corpus: Path = typer.Option(..., "--corpus", "-c", help="Prompts to screen with both: .txt, .csv or .jsonl."),
    json_out: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
) -> None:
    """Screen a corpus with OLD and NEW and list every decision that changes, with both sides' reasons. Exit 0 when
    nothing changes, 1 otherwise."""
    from guardrail.policy import load_policy
    from guardrail.policy.evaluate import diff_policies
    from guardrail.screening.batch import read_prompts

    report = diff_policies(load_policy(old), load_policy(new), read_prompts(corpus))
    if json_out:
        print_json(report)
    else:
        out_console.print(
            f"{report.prompts} prompts; {len(report.changes)} decisions change between {report.old.name} "
            f"({report.old.hash[:12]}) and {report.new.name} ({report.new.hash[:12]})",
            markup=False,
        )
        if report.transitions:
            counts = Table("change", "prompts")
            for change, n in report.transitions.items():
                counts.add_row(change, str(n))
            out_console.print(counts)
        if report.changes:
            table = Table("line", "prompt", "old", "new", "old reasons", "new reasons")
            for c in report.changes:
                table.add_row(
                    str(c.line),
                    c.text,
                    c.old_action.value,
                    c.new_action.value,
                    "; ".join(c.old_reasons) or "-",
                    "; ".join(c.new_reasons) or "-",
                )
            fold_columns(table)
            out_console.print(table)
    exit_with(EXIT_FAIL if report.changes else EXIT_OK)
