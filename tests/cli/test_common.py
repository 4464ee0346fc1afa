"""The CLI's error funnel: every failure is one line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from guardrail.cli._common import guarded
from guardrail.errors import InputError

runner = CliRunner()


def _app(exc: BaseException) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @guarded
    def boom() -> None:
        raise exc

    @app.command()
    def other() -> None:  # a second command keeps typer in multi-command mode
        pass

    return app


def test_guardrail_error_prints_where_what_fix_and_exits_2() -> None:
    result = runner.invoke(_app(InputError("is empty", where="--prompt", fix="give some text")), ["boom"])
    assert result.exit_code == 2
    assert "error: --prompt: is empty (fix: give some text)" in result.output
    assert "Traceback" not in result.output


def test_os_error_names_the_file_and_exits_2() -> None:
    err = FileNotFoundError(2, "No such file or directory", "/proc/x/y.png")
    result = runner.invoke(_app(err), ["boom"])
    assert result.exit_code == 2
    assert "/proc/x/y.png: No such file or directory" in result.output


def test_unexpected_error_is_an_internal_error_line(monkeypatch) -> None:
    monkeypatch.delenv("GUARDRAIL_DEBUG", raising=False)
    result = runner.invoke(_app(RuntimeError("kaboom")), ["boom"])
    assert result.exit_code == 2
    assert "internal error: RuntimeError: kaboom" in result.output
    assert "GUARDRAIL_DEBUG" in result.output


def test_debug_env_lets_the_traceback_through(monkeypatch) -> None:
    monkeypatch.setenv("GUARDRAIL_DEBUG", "1")
    result = runner.invoke(_app(RuntimeError("kaboom")), ["boom"])
    assert isinstance(result.exception, RuntimeError)
