"""Similarity through ImageChecker: near-copies of registered references are blocked and named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from guardrail.checks import ImageChecker
from guardrail.errors import StoreError
from guardrail.policy.schema import ChecksSection, Policy, SimilaritySection
from guardrail.similarity.registry import SQLiteReferenceRegistry


def _policy(**similarity: object) -> Policy:
    return Policy(name="sim", checks=ChecksSection(similarity=SimilaritySection(**similarity)))


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def test_near_copy_is_blocked_and_names_the_artist(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"]])
    registry.add("Bo", [photo_files["rocket"]])
    verdict = ImageChecker(_policy(), registry=registry).check(_jpeg(photos["coffee"], 60).resize((300, 200)))
    assert verdict.action == "block"
    sim = verdict.similarity
    assert sim is not None and sim.status == "ok" and sim.references == 2
    top = sim.matches[0]
    assert top.matched and top.artist == "Ada" and top.source.endswith("coffee.png")
    assert top.distance <= top.threshold
    assert any("Ada" in r for r in verdict.reasons)


def test_mirrored_copy_matches_through_mirror_variant(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["astronaut"]])
    verdict = ImageChecker(_policy(), registry=registry).check(ImageOps.mirror(photos["astronaut"]))
    assert verdict.action == "block"
    assert verdict.similarity is not None and verdict.similarity.matches[0].query_variant == "mirror"


def test_unrelated_images_pass(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"], photo_files["camera"]])
    checker = ImageChecker(_policy(), registry=registry)
    for name in ("astronaut", "chelsea", "immunohistochemistry"):
        verdict = checker.check(photos[name])
        assert verdict.action == "pass", name
        assert all(not m.matched for m in verdict.similarity.matches)  # type: ignore[union-attr]


def test_per_artist_threshold_and_action(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"]])
    copy = photos["coffee"].rotate(3, resample=Image.Resampling.BILINEAR)  # a few bits away, not zero
    [match] = ImageChecker(_policy(), registry=registry).check(copy).similarity.matches  # type: ignore[union-attr]
    assert 0 < match.distance <= match.threshold
    strict = ImageChecker(_policy(artists={"Ada": match.distance - 1}), registry=registry).check(copy)
    assert strict.action == "pass"
    assert strict.similarity.matches[0].threshold == match.distance - 1  # type: ignore[union-attr]
    assert (
        ImageChecker(_policy(threshold=0, artists={"Ada": match.distance}), registry=registry).check(copy).action
        == "block"
    )
    assert ImageChecker(_policy(action="flag"), registry=registry).check(copy).action == "flag"


def test_index_follows_registry_changes(photo_files: dict[str, Path], photos, engine: str) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    checker = ImageChecker(_policy(), registry=registry)
    assert checker.check(photos["chelsea"]).action == "pass"
    registry.add("Cat", [photo_files["chelsea"]])
    assert checker.check(photos["chelsea"]).action == "block"
    registry.remove(artist="Cat")
    assert checker.check(photos["chelsea"]).action == "pass"


def test_broken_registry_withholds(photos, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry(tmp_path / "refs.db")
    registry.close()  # every query now fails
    # A registry that cannot be read is a set-up fault (StoreError, like its writes): raised, never "pass".
    with pytest.raises(StoreError, match="cannot read the reference registry"):
        ImageChecker(_policy(), registry=registry).check(photos["coffee"])


def test_default_registry_lives_in_guardrail_home(photos) -> None:  # type: ignore[no-untyped-def]
    from guardrail.home import guardrail_home

    ImageChecker(_policy()).check(photos["coffee"])
    assert (guardrail_home() / "references.db").is_file()


def test_adds_are_read_incrementally_into_a_delta_and_removals_reload(  # type: ignore[no-untyped-def]
    photo_files: dict[str, Path], photos, engine: str
) -> None:
    from guardrail.similarity.matcher import SimilarityMatcher

    registry = SQLiteReferenceRegistry()
    registry.add("Cat", [photo_files["chelsea"]])
    matcher = SimilarityMatcher(registry, SimilaritySection())
    assert [m.artist for m in matcher.check(photos["chelsea"]).matches if m.matched] == ["Cat"]
    base = matcher._snapshot
    registry.add("Coffee", [photo_files["coffee"]])
    verdict = matcher.check(photos["coffee"])
    snap = matcher._snapshot
    assert snap.index is base.index and snap.table is base.table  # the base was not reloaded
    assert snap.delta is not None and set(snap.delta.reference_ids.tolist()) == {
        max(registry.get(r.id for r in registry.list()))
    }
    assert [m.artist for m in verdict.matches if m.matched] == ["Coffee"] and verdict.references == 2
    fresh = SimilarityMatcher(registry, SimilaritySection()).check(photos["coffee"])
    assert fresh.model_dump() == verdict.model_dump()  # same answer as a full load
    registry.remove(artist="Cat")
    assert not [m for m in matcher.check(photos["chelsea"]).matches if m.matched]
    assert (
        matcher._snapshot.delta is None
        and len(matcher._snapshot.table) == len(fresh_table := registry.codes("dct64-v1", 8))
        and len(fresh_table)
    )
