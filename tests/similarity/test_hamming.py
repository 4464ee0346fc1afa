"""One Hamming distance for every code comparison: scalar and vectorised agree, kinds never mix."""

from __future__ import annotations

import numpy as np
import pytest

from guardrail.errors import InputError
from guardrail.similarity import fingerprint, index, matcher
from guardrail.similarity.fingerprint import fingerprint_distance
from guardrail.similarity.hamming import hamming_distance, hamming_scan


def test_scalar_and_vectorised_distances_agree_with_bit_counting() -> None:
    rng = np.random.default_rng(7)
    for nbytes in (8, 32):
        rows = rng.integers(0, 256, size=(40, nbytes), dtype=np.uint8)
        query = rows[3].copy()
        query[0] ^= 0b1011  # 3 bits off row 3
        bits = np.unpackbits(rows ^ query, axis=1).sum(axis=1)
        scalar = [hamming_distance(r.tobytes(), query.tobytes()) for r in rows]
        words = rows.view(np.uint64)
        assert scalar == bits.tolist() == hamming_scan(words, query.view(np.uint64)).tolist()
        assert scalar[3] == 3
        assert fingerprint_distance(rows[5].tobytes().hex(), query.tobytes().hex()) == scalar[5]


def test_codes_of_different_kinds_are_not_compared() -> None:
    with pytest.raises(InputError, match="64 vs 256 bits"):
        hamming_distance(bytes(8), bytes(32))
    with pytest.raises(InputError, match="differ in length"):
        fingerprint_distance("00" * 8, "00" * 32)


def test_similarity_modules_share_the_one_implementation() -> None:
    assert index.hamming_scan is hamming_scan
    assert matcher.hamming_distance is hamming_distance
    assert fingerprint.hamming_distance is hamming_distance
    assert not hasattr(matcher, "_hamming")


def test_stored_verification_code_of_wrong_length_withholds_instead_of_passing(photo_files, photos) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from guardrail.checks import ImageChecker
    from guardrail.policy.schema import ChecksSection, Policy, SimilaritySection
    from guardrail.similarity.fingerprint import VERIFY_KIND
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"]])
    checker = ImageChecker(Policy(name="t", checks=ChecksSection(similarity=SimilaritySection())), registry=registry)
    assert checker.check(photos["coffee"]).action == "block"
    with sqlite3.connect(registry.path) as db:  # a damaged store: truncated verification codes
        db.execute("UPDATE codes SET code = substr(code, 1, 8), bits = 64 WHERE kind = ?", (VERIFY_KIND,))
        db.execute("UPDATE verification_codes SET codes = substr(codes, 1, 8)")  # what the check reads
    registry._bump()  # noqa: SLF001 - tell the matcher the store changed, as a writer would
    verdict = checker.check(photos["coffee"])
    assert verdict.action == "could-not-check"
    assert verdict.similarity is not None and verdict.similarity.status == "error"
    assert "differ in length" in (verdict.similarity.error or "")
