"""``guardrail keys init|show``: the local C2PA signing identity."""

from __future__ import annotations

import typer

from guardrail.cli._common import app, err_console, guarded, out_console, print_json

__all__ = ["keys_app"]

keys_app = typer.Typer(
    help="The local signing identity (ES256 root CA + signer) in GUARDRAIL_HOME/keys.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")


def _show(info, as_json: bool) -> None:
    from guardrail.home import private_problem

    problem = private_problem(info.key_path, readable=True) if info.key_path else None
    if problem:  # the real mode, and why signing will refuse this key until it is fixed
        err_console.print(
            f"warning: {info.key_path} {problem}; signing refuses it (fix: chmod 600 '{info.key_path}')", markup=False
        )
    if as_json:
        print_json(info)
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    for label, value in (
        ("subject", info.subject),
        ("issuer", info.issuer),
        ("valid", f"{info.not_before:%Y-%m-%d} .. {info.not_after:%Y-%m-%d}"),
        ("sha256", info.sha256),
        ("root sha256", info.root_sha256 or "-"),
        ("certificate", str(info.cert_path)),
        ("private key", f"{info.key_path} (mode {info.key_mode or '?'}, never printed)"),
        ("trust root", str(info.root_path)),
        *(
            (("previous identity", f"{info.backup_path} (its root stays trusted by verify)"),)
            if info.backup_path
            else ()
        ),
    ):
        table.add_row(f"[bold]{label}[/]", value)
    out_console.print(table)


@keys_app.command("init")
@guarded
def keys_init(
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace an existing identity; the old one moves to keys.<UTC time>.bak and its root stays trusted.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Create the local signing identity (kept if it exists, unless --force)."""
    from guardrail.provenance.keys import init_identity

    _show(init_identity(force=force), as_json)


@keys_app.command("show")
@guarded
def keys_show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the local identity: subject, fingerprints, validity, file locations."""
    from guardrail.errors import SigningIdentityError
    from guardrail.provenance.keys import KEY_FILE, _info_from_files, keys_dir

    folder = keys_dir()
    if not (folder / KEY_FILE).exists():
        raise SigningIdentityError("no local signing identity", where=str(folder), fix="run 'guardrail keys init'")
    _show(_info_from_files(folder), as_json)
