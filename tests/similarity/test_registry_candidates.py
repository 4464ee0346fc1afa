"""What the similarity check reads per candidate: one row per reference with its packed verification
codes (SQLite and PostgreSQL), the migration that builds them, and read errors as StoreError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from guardrail.errors import StoreError
from guardrail.policy.schema import SimilaritySection
from guardrail.similarity.fingerprint import VERIFY_KIND
from guardrail.similarity.matcher import SimilarityMatcher, _min_distance, _min_distances
from guardrail.similarity.registry import SQLReferenceRegistry

pytestmark = pytest.mark.usefixtures("engine")  # every test on SQLite and on PostgreSQL


def _verification_of(registry: SQLReferenceRegistry, ref_id: int) -> list[bytes]:
    return [f.code for f in registry.get([ref_id])[ref_id].fingerprints if f.kind == VERIFY_KIND]


def _to_schema_1(registry: SQLReferenceRegistry) -> None:
    """Make the registry what guardrail wrote before the packed codes: schema 1, no verification_codes."""
    db = registry._db  # noqa: SLF001 - the test rewinds the schema as an older guardrail left it
    db.execute("DROP TABLE verification_codes")
    if db.engine == "sqlite":
        db.execute("PRAGMA user_version = 1")
    else:
        db.execute("UPDATE guardrail_schema SET version = 1 WHERE store = 'references'")


def test_candidates_hold_each_references_verification_codes(photo_files: dict[str, Path]) -> None:
    registry = SQLReferenceRegistry()
    refs = registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    [bo] = registry.add("Bo", [photo_files["chelsea"]])
    found = registry.candidates([r.id for r in refs] + [bo.id, 9999])
    assert sorted(found) == sorted([r.id for r in refs] + [bo.id])  # a missing id is left out
    for ref in [*refs, bo]:
        cand = found[ref.id]
        assert (cand.id, cand.artist, cand.source) == (ref.id, ref.artist, ref.source)
        stored = [f.code for f in ref.fingerprints if f.kind == VERIFY_KIND]
        assert len(stored) == 28 and [row.tobytes() for row in cand.verification] == stored
    assert registry.remove(artist="Bo") == 1
    assert bo.id not in registry.candidates([bo.id])  # removed with its reference (ON DELETE CASCADE)


def test_registry_from_before_packed_codes_is_migrated(photo_files: dict[str, Path]) -> None:
    registry = SQLReferenceRegistry()
    [coffee, rocket] = registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    _to_schema_1(registry)
    registry.close()
    reopened = SQLReferenceRegistry()  # applies migration 2: packs the codes rows already there
    found = reopened.candidates([coffee.id, rocket.id])
    for ref in (coffee, rocket):
        assert [row.tobytes() for row in found[ref.id].verification] == _verification_of(reopened, ref.id)
        assert len(found[ref.id].verification) == 28


def test_verdicts_read_from_candidates_equal_those_from_whole_references(photo_files, photos) -> None:  # type: ignore[no-untyped-def]
    """The matches from candidates() equal the former decision from whole references (get())."""
    registry = SQLReferenceRegistry()
    for artist, name in (("Ada", "coffee"), ("Bo", "rocket"), ("Cy", "chelsea"), ("Di", "astronaut")):
        registry.add(artist, [photo_files[name]])
    matcher = SimilarityMatcher(registry, SimilaritySection(threshold=30, top_k=3))
    crop = photos["coffee"].crop((20, 10, 560, 380)).resize((400, 260))
    for image in (photos["coffee"], crop, photos["camera"].convert("RGB")):
        verdict = matcher.check(image)
        assert verdict.status == "ok"
        for m in verdict.matches:  # every reported match, decided again from the whole reference
            ref = registry.get([m.reference_id])[m.reference_id]
            assert (m.artist, m.source) == (ref.artist, ref.source)
            if m.distance <= m.threshold:
                from guardrail.similarity.fingerprint import query_variants

                queries = [f.code for f in query_variants(image, verification=True) if f.kind == VERIFY_KIND]
                assert m.verify_distance == _min_distance(queries, _verification_of(registry, ref.id))
                assert m.verified == (m.verify_distance <= m.verify_threshold)
            else:
                assert m.verify_distance is None and m.verified is None
    assert matcher.check(photos["coffee"]).action == "block"


def test_min_distances_equal_the_pairwise_definition() -> None:
    rng = np.random.default_rng(13)
    queries = [rng.bytes(32) for _ in range(4)]
    stored = {i: rng.integers(0, 256, size=(n, 32), dtype=np.uint8) for i, n in enumerate((28, 1, 0, 5, 28))}
    near = bytes(a ^ (1 if k < 8 else 0) for k, a in enumerate(queries[2]))  # 8 bits from a query
    stored[7] = np.frombuffer(near, dtype=np.uint8)[None, :].copy()
    got = _min_distances(queries, stored)
    assert 2 not in got  # no codes: left out
    for i, codes in stored.items():
        if len(codes):
            assert got[i] == _min_distance(queries, [row.tobytes() for row in codes])
    assert got[7] == 8


def test_read_errors_are_store_errors(photo_files: dict[str, Path]) -> None:
    registry = SQLReferenceRegistry()
    [ref] = registry.add("Ada", [photo_files["coffee"]])
    registry._db.execute("DROP TABLE meta")  # noqa: SLF001 - a damaged registry
    with pytest.raises(StoreError, match="cannot read the reference registry") as err:
        registry.revision()
    assert err.value.where == str(registry.path)
    registry._db.execute("DROP TABLE verification_codes")  # noqa: SLF001
    with pytest.raises(StoreError, match="cannot read the reference registry"):
        registry.candidates([ref.id])
    matcher = SimilarityMatcher(registry, SimilaritySection())
    with pytest.raises(StoreError):  # a broken registry is a set-up fault, never "could not check" or "pass"
        matcher.check(Image.open(photo_files["coffee"]))


def test_codes_are_streamed_in_batches_with_the_same_result(photo_files: dict[str, Path], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from guardrail.similarity import registry as registry_module

    registry = SQLReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"], photo_files["chelsea"]])
    whole = registry.codes(VERIFY_KIND, 32)
    monkeypatch.setattr(registry_module, "_READ_ROWS", 7)  # several batches, a partial one last
    monkeypatch.setattr(registry_module, "_STREAM_ROWS", 5)  # PostgreSQL: several round trips
    batched = registry.codes(VERIFY_KIND, 32)
    assert len(whole) == 84
    for name in ("code_ids", "reference_ids", "variant_index", "codes"):
        assert np.array_equal(getattr(whole, name), getattr(batched, name))
    assert whole.variants == batched.variants


@pytest.mark.sqlite_only
def test_a_check_reads_its_candidates_in_one_query_by_primary_key(photo_files, photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLReferenceRegistry()
    for artist, name in (("Ada", "coffee"), ("Bo", "rocket"), ("Cy", "chelsea")):
        registry.add(artist, [photo_files[name]])
    matcher = SimilarityMatcher(registry, SimilaritySection(threshold=30))
    matcher.check(photos["astronaut"])  # loads the index
    seen: list[str] = []
    registry._db.set_trace_callback(seen.append)  # noqa: SLF001
    verdict = matcher.check(photos["coffee"])
    registry._db.set_trace_callback(None)  # noqa: SLF001
    assert verdict.action == "block" and verdict.matches
    reads = [s for s in seen if "FROM refs" in s or "FROM codes" in s]
    assert len(reads) == 1 and "verification_codes" in reads[0]  # one query, never the code rows
    plan = " | ".join(r[-1] for r in registry._db.execute("EXPLAIN QUERY PLAN " + reads[0]).fetchall())  # noqa: SLF001
    assert "SCAN" not in plan, plan
