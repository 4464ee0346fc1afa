"""The payload codec: BCH corrects up to 16 bit errors; the CRC keeps random words out."""

from __future__ import annotations

import random

import numpy as np
import pytest

from guardrail.provenance.codec import CODE_BITS, bch_acceptance, decode_bits, encode_id, new_watermark_id


def _seeded_id(seed: int) -> str:
    return f"{random.Random(seed).getrandbits(64):016x}"


def test_roundtrip_returns_the_same_id() -> None:
    wid = _seeded_id(0)
    decoded = decode_bits(encode_id(wid))
    assert decoded is not None and decoded.watermark_id == wid and decoded.bit_errors == 0


@pytest.mark.parametrize("errors", [1, 8, 16])
def test_corrects_up_to_sixteen_flipped_bits(errors: int) -> None:
    rng = np.random.default_rng(errors)
    wid = _seeded_id(errors)
    bits = encode_id(wid)
    bits[rng.choice(CODE_BITS, errors, replace=False)] ^= 1
    decoded = decode_bits(bits)
    assert decoded is not None and decoded.watermark_id == wid


def test_rejects_a_word_with_too_many_errors() -> None:
    rng = np.random.default_rng(7)
    wid = _seeded_id(7)
    for _ in range(50):
        bits = encode_id(wid)
        bits[rng.choice(CODE_BITS, 30, replace=False)] ^= 1
        decoded = decode_bits(bits)
        assert decoded is None or decoded.watermark_id != wid
        assert decoded is None


def test_random_words_are_never_accepted() -> None:
    rng = np.random.default_rng(12345)
    accepted = sum(decode_bits(rng.integers(0, 2, CODE_BITS)) is not None for _ in range(20000))
    assert accepted == 0
    assert bch_acceptance() < 1e-12


def test_ids_are_64_random_bits() -> None:
    ids = {new_watermark_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(len(i) == 16 for i in ids)
    with pytest.raises(ValueError):
        encode_id("abcd")
