"""``guardrail serve`` (the HTTP service) and ``guardrail apikey create|list|revoke``."""

from __future__ import annotations

from pathlib import Path

import typer

from guardrail.cli._common import app, guarded, out_console, print_json

__all__ = ["apikey_app", "serve"]

apikey_app = typer.Typer(help="API keys of the HTTP service: create (shown once), list, revoke.", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")


@app.command()
@guarded
def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on (loopback by default; put a reverse proxy in front for the network).",
    ),
    port: int = typer.Option(8080, "--port", help="Port to listen on."),
    policy: str | None = typer.Option(
        None, "--policy", "-p", help="Policy file or builtin:NAME (default: the shipped policy)."
    ),
    model: str | None = typer.Option(
        None, "--model", help="Generator: hub id (local cache) or local path. Default: the offline demo model."
    ),
    no_generate: bool = typer.Option(False, "--no-generate", help="Do not load a model; /v1/generate answers 503."),
    public_verify: bool = typer.Option(
        False, "--public-verify", help="Let anyone call /v1/verify and the resolver endpoints without a key."
    ),
    trust: list[Path] = typer.Option(
        [], "--trust", help="Extra C2PA trust anchors for verify (PEM bundle); repeatable."
    ),
    max_body_mb: float = typer.Option(
        20.0, "--max-body-mb", min=0.001, help="Largest request body in MiB (413 above it)."
    ),
    max_pixels: int = typer.Option(40_000_000, "--max-pixels", min=1, help="Largest image in pixels (413 above it)."),
    rate_limit: int = typer.Option(600, "--rate-limit", min=1, help="Requests per minute per API key (429 above it)."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.01, help="Seconds a request may take (504 after it)."),
    queue: int = typer.Option(
        4, "--queue", min=0, help="Generate requests that may wait behind the running one (429 above it)."
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve the HTTP API, the OpenAPI docs (/docs) and the web page (/) with uvicorn."""
    try:
        import uvicorn

        from guardrail.service import ServiceConfig, create_app
    except ModuleNotFoundError as err:
        from guardrail.errors import InputError

        raise InputError(
            f"the service needs {err.name}", where="guardrail serve", fix="pip install 'guardrail[service]'"
        ) from err
    config = ServiceConfig(
        policy=policy,
        model=model,
        generate=not no_generate,
        public_verify=public_verify,
        trust=list(trust),
        max_body_bytes=int(max_body_mb * 1024 * 1024),
        max_pixels=max_pixels,
        rate_limit=rate_limit,
        timeout_s=timeout,
        queue_size=queue,
    )
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, proxy_headers=True)


@apikey_app.command("create")
@guarded
def apikey_create(
    scope: str = typer.Option(..., "--scope", help="Comma-separated: screen, check, mark, verify, generate."),
    name: str = typer.Option("", "--name", help="Who or what uses the key."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Create a key. The key is printed once: store it now, it cannot be shown again."""
    from guardrail.service.apikeys import ApiKeyStore

    with ApiKeyStore() as keys:
        record, secret = keys.create(scope, name=name)
    if as_json:
        print_json({**record.model_dump(mode="json"), "key": secret})
    else:
        out_console.print(f"key id {record.key_id}, scopes {','.join(record.scopes)}", markup=False)
        out_console.print(secret, markup=False)
        out_console.print("(shown once: store it now)", markup=False)


@apikey_app.command("list")
@guarded
def apikey_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List keys (ids, names, scopes, created, revoked); never the keys themselves."""
    from rich.table import Table

    from guardrail.service.apikeys import ApiKeyStore

    with ApiKeyStore() as keys:
        records = keys.list()
    if as_json:
        print_json(records)
        return
    table = Table("key id", "name", "scopes", "created", "revoked")
    for r in records:
        table.add_row(
            r.key_id,
            r.name,
            ",".join(r.scopes),
            r.created.isoformat(timespec="seconds"),
            r.revoked.isoformat(timespec="seconds") if r.revoked else "-",
        )
    out_console.print(table)


@apikey_app.command("revoke")
@guarded
def apikey_revoke(
    key_id: str = typer.Argument(..., help="Id of the key to revoke."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Revoke a key at once (running servers refuse it from the next request)."""
    from guardrail.service.apikeys import ApiKeyStore

    with ApiKeyStore() as keys:
        record = keys.revoke(key_id)
    if as_json:
        print_json(record)
    else:
        out_console.print(f"revoked {record.key_id} ({record.revoked})", markup=False)
