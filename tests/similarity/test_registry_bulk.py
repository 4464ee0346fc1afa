"""The registry's bulk code read: the same table whether it comes in one fetch or in many, and every
candidate reference is read through an index on codes(ref_id), never a scan of the codes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guardrail.similarity import registry as registry_module
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND
from guardrail.similarity.registry import SQLiteReferenceRegistry


def _read(registry: SQLiteReferenceRegistry, kind: str, nbytes: int, after: int = 0):
    table = registry.codes(kind, nbytes, after=after)
    return (table.code_ids, table.reference_ids, [table.variants[i] for i in table.variant_index], table.codes)


def test_code_table_read_in_small_fetches_equals_one_fetch(
    photo_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"], photo_files["astronaut"]])
    whole = {kind: _read(registry, kind, n) for kind, n in ((FINGERPRINT_KIND, 8), (VERIFY_KIND, 32))}
    after = int(whole[FINGERPRINT_KIND][0][30])
    tail = _read(registry, FINGERPRINT_KIND, 8, after=after)
    monkeypatch.setattr(registry_module, "_READ_ROWS", 7)  # 28 codes per reference: several fetches each
    for kind, n in ((FINGERPRINT_KIND, 8), (VERIFY_KIND, 32)):
        small = _read(registry, kind, n)
        assert len(small[0]) == 56
        for a, b in zip(small, whole[kind], strict=True):
            assert np.array_equal(np.asarray(a), np.asarray(b))
    small_tail = _read(registry, FINGERPRINT_KIND, 8, after=after)
    assert all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(small_tail, tail, strict=True))
    assert len(small_tail[0]) == 56 - 31
    assert registry.codes(FINGERPRINT_KIND, 8, after=10**9).codes.shape == (0, 8)


def test_references_are_read_by_an_index_on_their_codes(photo_files: dict[str, Path]) -> None:
    registry = SQLiteReferenceRegistry()
    [ref] = registry.add("Ada", [photo_files["coffee"]])
    seen: list[str] = []
    registry._db.set_trace_callback(seen.append)
    registry.get([ref.id])
    registry._db.set_trace_callback(None)
    reads = [s for s in seen if "FROM codes" in s]
    assert reads
    for sql in reads:
        plan = " | ".join(r[-1] for r in registry._db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "SCAN codes" not in plan, plan
