"""The watermark payload codec: a 64-bit release id, a CRC-32 check and a BCH code.

Layout (224 bits): ``id (64) | crc32(id) (32) | BCH(t=16, m=8) parity (124, padded to 128)``,
XORed with a fixed whitening sequence and interleaved by a fixed permutation so that a block of
neighbouring errors in the image spreads over the code.

False positives, by design: for any word read from an unmarked image, the BCH decoder either
fails or returns *some* codeword whose 96 data bits are unrelated to the image; its CRC-32 then
matches with probability 2**-32. A detector that makes ``T`` decoding attempts per image (gains,
polarities) therefore accepts an unmarked image with probability at most ``T * 2**-32``
(``DESIGN_FPR_PER_TRY``). Even before the CRC, a uniformly random 220-bit word lands within 16
bits of a codeword with probability ``2**96 * V(220, 16) / 2**220`` (see ``bch_acceptance``).
"""

from __future__ import annotations

import math
import secrets
import zlib

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CODE_BITS",
    "DESIGN_FPR_PER_TRY",
    "DecodedPayload",
    "ID_BYTES",
    "bch_acceptance",
    "decode_bits",
    "encode_id",
    "new_watermark_id",
    "watermark_tag",
]

ID_BYTES = 8
CRC_BYTES = 4
BCH_T = 16
BCH_M = 8
ECC_BYTES = 16  # bchlib: ceil(16 * 8 / 8) = 16 bytes, 124 bits used
CODE_BITS = (ID_BYTES + CRC_BYTES + ECC_BYTES) * 8  # 224
DESIGN_FPR_PER_TRY = 2.0**-32

_rng = np.random.default_rng(0x67726472)  # fixed: whitening and interleaving are part of the format
_WHITEN = _rng.integers(0, 2, CODE_BITS, dtype=np.uint8)
_PERM = _rng.permutation(CODE_BITS)
_INV_PERM = np.argsort(_PERM)
_bch = None


def _code():
    global _bch
    if _bch is None:
        import bchlib

        _bch = bchlib.BCH(BCH_T, m=BCH_M)
    return _bch


class DecodedPayload(BaseModel):
    """A payload that decoded and passed its check."""

    model_config = ConfigDict(frozen=True)

    watermark_id: str = Field(description="The release id (16 hex digits).")
    bit_errors: int = Field(ge=0, description="Bits the BCH code corrected (at most 16 of 220).")


def new_watermark_id() -> str:
    """A fresh random 64-bit release id as 16 hex digits."""
    return secrets.token_hex(ID_BYTES)


def watermark_tag(watermark_id: str) -> str:
    """The first 32 bits of an id (8 hex digits): what a 32-bit backend such as rivaGan carries."""
    return watermark_id[:8]


def encode_id(watermark_id: str) -> np.ndarray:
    """The 224 code bits (uint8 0/1) that carry ``watermark_id`` (16 hex digits)."""
    raw = bytes.fromhex(watermark_id)
    if len(raw) != ID_BYTES:
        raise ValueError(f"watermark id must be {ID_BYTES * 2} hex digits, got {watermark_id!r}")
    data = raw + zlib.crc32(raw).to_bytes(CRC_BYTES, "big")
    ecc = bytes(_code().encode(data))
    bits = np.unpackbits(np.frombuffer(data + ecc, dtype=np.uint8))
    return (bits ^ _WHITEN)[_PERM]


def decode_bits(bits: np.ndarray) -> DecodedPayload | None:
    """Decode 224 hard bits; None unless the BCH code corrects them and the CRC-32 matches."""
    bits = np.asarray(bits, dtype=np.uint8).reshape(-1)
    if bits.size != CODE_BITS:
        raise ValueError(f"expected {CODE_BITS} bits, got {bits.size}")
    plain = bits[_INV_PERM] ^ _WHITEN
    packed = np.packbits(plain).tobytes()
    data = bytearray(packed[: ID_BYTES + CRC_BYTES])
    ecc = bytearray(packed[ID_BYTES + CRC_BYTES :])
    code = _code()
    nerr = code.decode(data, ecc)
    if nerr < 0:
        return None
    code.correct(data, ecc)
    raw, crc = bytes(data[:ID_BYTES]), bytes(data[ID_BYTES:])
    if zlib.crc32(raw).to_bytes(CRC_BYTES, "big") != crc:
        return None
    return DecodedPayload(watermark_id=raw.hex(), bit_errors=nerr)


def bch_acceptance() -> float:
    """Probability that a uniformly random word is within ``t`` bits of a BCH codeword."""
    n = (ID_BYTES + CRC_BYTES) * 8 + BCH_T * BCH_M - 4  # 220 bits in use
    k = (ID_BYTES + CRC_BYTES) * 8
    ball = sum(math.comb(n, i) for i in range(BCH_T + 1))
    return min(1.0, ball * 2.0 ** (k - n))
