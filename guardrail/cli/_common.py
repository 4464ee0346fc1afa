"""Shared pieces of the CLI: the typer app, consoles, JSON output, errors to exit codes."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from guardrail.errors import GuardrailError

__all__ = [
    "EXIT_FAIL",
    "EXIT_OK",
    "EXIT_USAGE",
    "app",
    "err_console",
    "exit_with",
    "fail_usage",
    "guarded",
    "out_console",
    "print_json",
]

EXIT_OK = 0
EXIT_FAIL = 1  # blocked, withheld, not verified, test failures
EXIT_USAGE = 2  # usage or input error

app = typer.Typer(
    name="guardrail",
    help="Accountable image generation: screen prompts, check outputs, mark and verify images.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help prints a value type even for flags (`--json <bool>`).
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from guardrail import __version__

        sys.stdout.write(f"guardrail {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    """Accountable image generation: screen prompts, check outputs, mark and verify images.

    Exit codes: 0 allowed / released / verified, 1 blocked, withheld or not verified, 2 usage or
    input error. Every command takes --json for machine-readable output.
    """
    from guardrail.threads import configure_opencv_threads

    try:
        configure_opencv_threads()  # one OpenCV thread per call (guardrail/threads.py)
    except GuardrailError as err:
        fail_usage(str(err))


out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def print_json(data: Any) -> None:
    """Write ``data`` (pydantic models, lists of them, or plain data) as JSON to stdout."""

    def _plain(obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json")
        if isinstance(obj, (list, tuple)):
            return [_plain(o) for o in obj]
        if isinstance(obj, dict):
            return {k: _plain(v) for k, v in obj.items()}
        return obj

    text = json.dumps(_plain(data), indent=2, ensure_ascii=False, default=str)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):  # lone surrogates or a narrow terminal: \uXXXX escapes are still JSON
        text = json.dumps(_plain(data), indent=2, ensure_ascii=True, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def exit_with(code: int) -> NoReturn:
    """Leave the CLI with ``code``."""
    raise typer.Exit(code)


def fail_usage(message: str) -> NoReturn:
    """Print ``error: message`` to stderr and exit 2."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(EXIT_USAGE)


def guarded(func: F) -> F:
    """Turn errors raised by a command into one clear line on stderr and exit code 2.

    GuardrailError carries where/what/fix; an OSError names its file; anything else is reported
    as an internal error (set GUARDRAIL_DEBUG=1 to see the traceback).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except GuardrailError as err:
            err_console.print(f"error: {err}", markup=False)
            raise typer.Exit(EXIT_USAGE) from err
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(f"error: {where}{err.strerror or err}", markup=False)
            raise typer.Exit(EXIT_USAGE) from err
        except Exception as err:
            if os.environ.get("GUARDRAIL_DEBUG"):
                raise
            err_console.print(
                f"error: internal error: {type(err).__name__}: {err} (set GUARDRAIL_DEBUG=1 for the traceback, and "
                "please report it)",
                markup=False,
            )
            raise typer.Exit(EXIT_USAGE) from err

    return wrapper  # type: ignore[return-value]
