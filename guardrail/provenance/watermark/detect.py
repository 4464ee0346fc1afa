"""Run a backend's reader through the codec: detected or not, with a stated false-positive rate."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.provenance.codec import CODE_BITS, DESIGN_FPR_PER_TRY, decode_bits
from guardrail.provenance.watermark.base import WatermarkBackend

__all__ = ["WatermarkResult", "detect_watermark"]

log = logging.getLogger(__name__)


class WatermarkResult(BaseModel):
    """What the watermark reader found."""

    model_config = ConfigDict(frozen=True)

    detected: bool = Field(description="A payload decoded and passed its check (or a 32-bit tag matched the store).")
    backend: str = Field(description="Watermark backend that was read.")
    watermark_id: str | None = Field(None, description="The decoded release id (16 hex digits), if detected.")
    tag: str | None = Field(
        None, description="For 32-bit backends: the 8-hex-digit tag read (detected only if stored)."
    )
    bit_errors: int | None = Field(None, description="Bits the error-correcting code fixed.")
    bit_agreement: float | None = Field(None, description="Share of raw bits that agreed with the decoded codeword.")
    tries: int = Field(0, description="Decoding attempts made (gains x polarities): each counts in the FPR.")
    fpr: float = Field(
        description="Stated false-positive rate bound for this reading (tries x 2**-32, or stored tags / 2**32)."
    )
    confidence: float = Field(description="1 - fpr when detected, else 0.")


def detect_watermark(
    rgb: np.ndarray, backend: WatermarkBackend, *, tag_known: Callable[[str], int] | None = None
) -> WatermarkResult:
    """Read ``backend``'s mark from ``rgb``.

    Full-codeword backends: each candidate and its complement (an inverted read) are decoded;
    the first that passes BCH + CRC wins. 32-bit backends: the tag counts only when ``tag_known``
    (the store: tag -> number of ids with it) confirms it.
    """
    from guardrail.provenance.codec import encode_id

    if backend.capacity_bits is not None:
        n = backend.capacity_bits
        scores = next(iter(backend.extract(rgb, n)))
        tag = np.packbits((scores > 0.5).astype(np.uint8)).tobytes().hex()
        matches = tag_known(tag) if tag_known else 0
        fpr = max(matches, 1) / 2.0**n
        return WatermarkResult(
            detected=matches > 0,
            backend=backend.name,
            tag=tag,
            tries=1,
            fpr=fpr,
            confidence=(1.0 - fpr) if matches else 0.0,
        )
    tries = 0
    inverted = getattr(backend, "inverted_reads", True)  # a backend may declare inverted reads pointless
    for scores in backend.extract(rgb, CODE_BITS):
        hard = (scores > 0.5).astype(np.uint8)
        for bits in (hard, 1 - hard) if inverted else (hard,):
            tries += 1
            payload = decode_bits(bits)
            if payload is not None:
                agreement = float((encode_id(payload.watermark_id) == bits).mean())
                fpr = tries * DESIGN_FPR_PER_TRY
                return WatermarkResult(
                    detected=True,
                    backend=backend.name,
                    watermark_id=payload.watermark_id,
                    bit_errors=payload.bit_errors,
                    bit_agreement=agreement,
                    tries=tries,
                    fpr=fpr,
                    confidence=1.0 - fpr,
                )
    return WatermarkResult(
        detected=False, backend=backend.name, tries=tries, fpr=max(tries, 1) * DESIGN_FPR_PER_TRY, confidence=0.0
    )
