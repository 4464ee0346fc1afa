"""Watermark evidence: every reader of ours (through the backend registry) and the public detectors.

Our readers are tried in order until one decodes; every try of every reader and every public
detector's reads are added into one false-positive bound for the image (a union bound).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from guardrail.policy.schema import WatermarkConfig
from guardrail.provenance.evidence.models import WatermarkEvidence
from guardrail.provenance.evidence.public_watermark import read_public_watermarks
from guardrail.provenance.watermark import get_backend
from guardrail.provenance.watermark.colour import shared_conversions
from guardrail.provenance.watermark.detect import WatermarkResult, detect_watermark

__all__ = ["read_watermarks", "same_reader"]


def same_reader(spec: WatermarkConfig, reader: str | WatermarkConfig) -> bool:
    """True when ``reader`` reads with the same backend and options as ``spec``."""
    if isinstance(reader, str):
        return spec.backend == reader and not spec.options
    return spec.backend == reader.backend and spec.options == reader.options


def read_watermarks(
    rgb: np.ndarray,
    readers: Sequence[str | WatermarkConfig],
    *,
    tag_known: Callable[[str], int] | None = None,
    public: bool = True,
) -> WatermarkEvidence:
    """Read our mark with each of ``readers`` until one decodes, then the public detectors."""
    reads: list[WatermarkResult] = []
    found: WatermarkResult | None = None
    with shared_conversions(rgb):  # readers that convert the same pixels alike convert them once
        for spec in readers:
            backend = get_backend(spec) if isinstance(spec, str) else get_backend(spec.backend, spec.options)
            result = detect_watermark(rgb, backend, tag_known=tag_known)
            reads.append(result)
            if result.detected:
                found = result
                break
        public_reads = read_public_watermarks(rgb) if public else []
    tries = sum(r.tries for r in reads) + sum(p.tries for p in public_reads)
    fpr = min(1.0, sum(r.fpr for r in reads) + sum(p.fpr for p in public_reads))
    last = found or (reads[-1] if reads else None)
    return WatermarkEvidence(
        detected=found is not None,
        backend=last.backend if last else None,
        watermark_id=found.watermark_id if found else None,
        tag=found.tag if found else None,
        bit_errors=found.bit_errors if found else None,
        reads=reads,
        public=public_reads,
        tries=tries,
        fpr=fpr,
        ours_tries=sum(r.tries for r in reads),
        ours_fpr=min(1.0, sum(r.fpr for r in reads)),
    )
