"""``guardrail mark IMAGE -o OUT``: watermark and sign an image generated elsewhere."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from guardrail.cli._common import EXIT_USAGE, app, err_console, exit_with, guarded, out_console, print_json

__all__ = ["mark"]

_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}


def _policy(path: Path | None):
    try:
        from guardrail.policy import load_policy
    except ImportError:  # the loader is not in this tree yet
        from guardrail.policy.schema import Policy

        return Policy(name="default")
    return load_policy(path)


@app.command()
@guarded
def mark(
    image: Path = typer.Argument(..., help="Image to mark (PNG, JPEG, WebP, ...)."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the marked image (.png, .jpg, .webp)."),
    model: str = typer.Option("unknown", "--model", help="Generator model id recorded in the manifest."),
    policy: Path | None = typer.Option(None, "--policy", help="Policy file (default: the built-in default policy)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Watermark IMAGE, sign a C2PA manifest, store it, and write OUT (nothing written on error)."""
    fmt = _FORMATS.get(output.suffix.lower())
    if fmt is None:
        err_console.print(f"error: {output}: unsupported output extension (use .png, .jpg or .webp)", markup=False)
        exit_with(EXIT_USAGE)
    if output.exists() and not force:
        err_console.print(f"error: {output}: already exists (fix: pass --force to overwrite)", markup=False)
        exit_with(EXIT_USAGE)
    from guardrail.imageio import open_image
    from guardrail.provenance import Marker

    img = open_image(image)
    marked = Marker(_policy(policy), model_id=model).mark(img, fmt=fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marked.data)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    summary = {
        "output": str(output), "format": marked.format, "watermark_id": marked.watermark_id,
        "watermark_backend": marked.watermark_backend, "manifest_hash": marked.manifest_hash,
        "fingerprint": marked.fingerprint, "model": model, "bytes": len(marked.data),
    }
    if as_json:
        print_json(summary)
    else:
        out_console.print(f"marked {image} -> {output} (watermark {marked.watermark_id}, {marked.watermark_backend}; manifest {marked.manifest_hash[:16]}...)")
