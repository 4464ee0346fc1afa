"""The demo registry: Jane Doe's three paintings as protected references.

``write_artworks(folder)`` saves her paintings as PNG files (256x256, drawn by the renderer);
``register_demo_references(registry)`` writes them and registers them under ``ARTIST`` with the
reference registry API, so the similarity check withholds a generated near-copy. Registering twice
adds nothing new.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from guardrail.demo.artworks import ARTWORKS, render_artwork
from guardrail.demo.grammar import ARTIST

__all__ = ["register_demo_references", "write_artworks"]


def write_artworks(folder: str | Path, size: int = 256) -> list[Path]:
    """Save Jane Doe's paintings as ``<folder>/<slug>.png``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for artwork in ARTWORKS:
        path = folder / f"{artwork.slug}.png"
        render_artwork(artwork, size).save(path)
        paths.append(path)
    return paths


def register_demo_references(registry: Any | None = None, folder: str | Path | None = None) -> list[Any]:
    """Register Jane Doe's paintings (written to ``folder``, default ``GUARDRAIL_HOME/demo/jane-doe``).

    ``registry`` defaults to the local ``SQLiteReferenceRegistry``. Returns the references added
    (none when they were registered already).
    """
    from guardrail.home import guardrail_home
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    folder = Path(folder) if folder is not None else guardrail_home() / "demo" / "jane-doe"
    paths = write_artworks(folder)
    own = registry is None
    registry = registry or SQLiteReferenceRegistry()
    try:
        known = {ref.sha256 for ref in registry.list(ARTIST)}
        new = [p for p in paths if hashlib.sha256(p.read_bytes()).hexdigest() not in known]
        return registry.add(ARTIST, new) if new else []
    finally:
        if own:
            registry.close()
