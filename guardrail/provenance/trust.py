"""Trust anchors for verify: this machine's roots, ``--trust`` bundles or folders, ``GUARDRAIL_TRUST``.

A trust source is a PEM bundle (one or more ``-----BEGIN CERTIFICATE-----`` blocks) or a folder
of them (``*.pem``, ``*.crt``, ``*.cer``; not recursive). ``GUARDRAIL_TRUST`` holds sources
separated by the path separator (``:`` on POSIX). The official C2PA trust list is a PEM bundle:
download it once and name it like any other bundle (docs/verify.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from guardrail.errors import InputError

__all__ = ["PEM_SUFFIXES", "TRUST_ENV", "expand_sources", "load_anchors"]

TRUST_ENV = "GUARDRAIL_TRUST"
PEM_SUFFIXES = (".pem", ".crt", ".cer")


def expand_sources(sources: list[Path]) -> list[Path]:
    """Bundles named by ``sources`` (a folder stands for its PEM files, sorted)."""
    out: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PEM_SUFFIXES)
            if not found:
                raise InputError(
                    "no PEM files (*.pem, *.crt, *.cer) in the trust folder",
                    where=str(path),
                    fix="put CA certificates in PEM form in the folder, or name a bundle",
                )
            out.extend(found)
        else:
            out.append(path)
    return out


def env_sources() -> list[Path]:
    """Sources named by ``GUARDRAIL_TRUST``."""
    value = os.environ.get(TRUST_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_anchors(sources: list[Path] | None = None, *, use_env: bool = True) -> str:
    """PEM text of every anchor: local roots, ``GUARDRAIL_TRUST`` (unless ``use_env`` is False), then ``sources``.

    A source that is missing, empty or not PEM certificates is an InputError naming it.
    """
    from guardrail.provenance.c2pa_io import trust_anchors

    named = (env_sources() if use_env else []) + list(sources or [])
    return trust_anchors(expand_sources(named))
