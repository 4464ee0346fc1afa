"""Helpers for the CLI tests that assert nothing was written."""

from __future__ import annotations

from pathlib import Path


def snapshot(folder: Path) -> list[tuple[str, int, int, int]]:
    """Every path under ``folder`` with its mode, size and mtime: equal snapshots mean nothing changed."""
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_mode, p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    )
