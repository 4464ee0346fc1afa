"""``guardrail refs add|demo|list|remove``: the registry of protected artists' reference images."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

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

__all__ = ["refs_app"]

refs_app = typer.Typer(
    help="Register protected artists' reference images (GUARDRAIL_HOME/references.db, or GUARDRAIL_DATABASE_URL).",
    no_args_is_help=True,
)
app.add_typer(refs_app, name="refs")


def _registry() -> Any:
    from guardrail.similarity.registry import SQLReferenceRegistry

    return SQLReferenceRegistry()


def _plain(ref: Any) -> dict[str, Any]:
    data = ref.model_dump(mode="json", exclude={"fingerprints"})
    data["fingerprints"] = [{"kind": fp.kind, "variant": fp.variant, "hex": fp.hex} for fp in ref.fingerprints]
    return data


@refs_app.command("add")
@guarded
def add_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Image files or folders (searched recursively).", show_default=False)
    ],
    artist: Annotated[str, typer.Option("--artist", "-a", help="Artist the images belong to.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Register reference images for an artist (a bad file is reported; the others still register)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from guardrail.errors import GuardrailError
    from guardrail.similarity.registry import iter_image_files

    if not artist.strip():
        fail_usage("--artist must not be empty")
    files = list(iter_image_files(paths))
    if not files:
        fail_usage("no image files found in the given paths")
    added, errors = [], []
    with (
        _registry() as registry,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            disable=as_json,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(f"fingerprinting for {artist}", total=len(files))
        for file in files:
            try:
                added.append(registry.add_file(artist, file))
            except GuardrailError as err:
                errors.append({"path": str(file), "error": str(err)})
                err_console.print(f"error: {err}", markup=False)
            progress.advance(task)
    if as_json:
        print_json({"added": [_plain(r) for r in added], "errors": errors})
    else:
        out_console.print(
            f"registered {len(added)} reference(s) for {artist}"
            + (f"; {len(errors)} file(s) failed" if errors else ""),
            markup=False,
        )
    exit_with(EXIT_USAGE if errors else EXIT_OK)


@refs_app.command("demo")
@guarded
def demo_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Register the demo artist's paintings: Jane Doe's three works, drawn by guardrail's renderer.

    The offline demo model was trained on them, so "a painting by Jane Doe" can reproduce one;
    registered, such a near-copy is withheld and the request retried. Registering twice adds nothing.
    """
    from guardrail.demo.grammar import ARTIST
    from guardrail.demo.references import register_demo_references

    with _registry() as registry:
        added = register_demo_references(registry)
        total = len(registry.list(ARTIST))
    if as_json:
        print_json({"added": [_plain(r) for r in added], "errors": []})
    else:
        out_console.print(f"registered {len(added)} new reference(s) for {ARTIST} ({total} in all)", markup=False)
    exit_with(EXIT_OK)


@refs_app.command("list")
@guarded
def list_cmd(
    artist: Annotated[str | None, typer.Option("--artist", "-a", help="Only this artist's references.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List registered references."""
    with _registry() as registry:
        refs = registry.list(artist)
        path = registry.path
    if as_json:
        print_json([_plain(r) for r in refs])
        exit_with(EXIT_OK)
    if not refs:
        out_console.print(f"No references registered ({path}).", markup=False)
        exit_with(EXIT_OK)
    table = Table(title=f"References: {path}")
    for column in ("id", "artist", "source", "size", "fingerprint", "added (UTC)"):
        table.add_column(column, overflow="fold")
    for ref in refs:
        table.add_row(
            str(ref.id),
            ref.artist,
            ref.source,
            f"{ref.width}x{ref.height}",
            ref.fingerprints[0].hex if ref.fingerprints else "-",
            ref.added_at,
        )
    out_console.print(table)


@refs_app.command("remove")
@guarded
def remove_cmd(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Reference ids (from `guardrail refs list`).", show_default=False)
    ] = None,
    artist: Annotated[str | None, typer.Option("--artist", "-a", help="Remove every reference of this artist.")] = None,
    source: Annotated[
        Path | None, typer.Option("--source", help="Remove the reference registered from this path.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Remove references by id, by artist, or by source path.

    Exit 1 when nothing matched (a wrong id or a misspelled artist must not read as success) or
    when any id given is not registered.
    """
    if not ids and artist is None and source is None:
        fail_usage("give reference ids, --artist NAME or --source PATH")
    with _registry() as registry:
        found = registry.get(ids) if ids else {}
        count = registry.remove(ids=ids or [], artist=artist, source=source)
    not_found = [i for i in dict.fromkeys(ids or []) if i not in found]
    if as_json:
        print_json({"removed": count, "not_found": not_found})
    else:
        out_console.print(f"removed {count} reference(s)")
        if not_found:
            err_console.print(
                f"error: no reference with id {', '.join(map(str, not_found))} (see `guardrail refs list`)",
                markup=False,
            )
        if count == 0:
            given = [
                f"ids {ids}" if ids else "",
                f"artist {artist!r}" if artist is not None else "",
                f"source {str(source)!r}" if source is not None else "",
            ]
            err_console.print(
                f"error: nothing matched {' or '.join(g for g in given if g)}; check the spelling with `guardrail "
                "refs list`",
                markup=False,
            )
    exit_with(EXIT_FAIL if count == 0 or not_found else EXIT_OK)


@refs_app.command("upgrade")
@guarded
def upgrade_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Add 256-bit verification codes to references registered by an older guardrail (re-reads their files).

    Until upgraded, such references match on their 64-bit code alone. A reference whose source
    file is gone or changed is listed: remove it (`guardrail refs remove ID`) and add the image again.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with _registry() as registry:
        pending = len(registry.unverified())
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            disable=as_json or not pending,
            transient=True,
        ) as progress:
            task = progress.add_task("adding verification codes", total=pending)
            upgraded, problems = registry.upgrade(on_reference=lambda _ref, _problem: progress.advance(task))
    failed = [{"id": ref.id, "artist": ref.artist, "source": ref.source, "error": problem} for ref, problem in problems]
    if as_json:
        print_json({"upgraded": upgraded, "failed": failed})
    else:
        out_console.print(
            f"upgraded {upgraded} reference(s)"
            + ("" if pending else " (all references already have verification codes)"),
            markup=False,
        )
        for item in failed:
            err_console.print(
                f"error: reference {item['id']} ({item['source']}): {item['error']}; remove it and add the image again",
                markup=False,
            )
    exit_with(EXIT_USAGE if failed else EXIT_OK)
