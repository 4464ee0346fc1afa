"""The 256-bit verification code: confirms index candidates, rejects look-alikes, and old registries."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.fft import dctn, idctn

from guardrail.checks import ImageChecker
from guardrail.policy.schema import ChecksSection, Policy, SimilaritySection
from guardrail.similarity.fingerprint import (
    VERIFY_KIND,
    compute_fingerprint,
    compute_verification_code,
    fingerprint_distance,
)
from guardrail.similarity.registry import SQLiteReferenceRegistry


def _checker(registry: SQLiteReferenceRegistry, **similarity: object) -> ImageChecker:
    return ImageChecker(
        Policy(name="verify", checks=ChecksSection(similarity=SimilaritySection(**similarity))), registry=registry
    )


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _hybrid(low: Image.Image, high: Image.Image) -> Image.Image:
    """``high``'s content with ``low``'s 8x8 lowest DCT frequencies: same coarse layout, different picture."""
    a = dctn(np.asarray(low.convert("L").resize((512, 512)), dtype=float), norm="ortho")
    b = dctn(np.asarray(high.convert("L").resize((512, 512)), dtype=float), norm="ortho")
    b[:8, :8] = a[:8, :8]
    return Image.fromarray(np.clip(idctn(b, norm="ortho"), 0, 255).astype(np.uint8)).convert("RGB")


def test_verification_code_is_256_bits_and_survives_jpeg(photos) -> None:  # type: ignore[no-untyped-def]
    code = compute_verification_code(photos["coffee"])
    assert code.kind == VERIFY_KIND and code.bits == 256 and len(code.code) == 32
    assert fingerprint_distance(code.hex, compute_verification_code(_jpeg(photos["coffee"], 60)).hex) <= 16
    assert fingerprint_distance(code.hex, compute_verification_code(photos["rocket"]).hex) > 80


def test_look_alike_sharing_only_the_64_bit_code_is_rejected(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["astronaut"]])
    look_alike = _hybrid(photos["astronaut"], photos["coffee"])
    assert fingerprint_distance(compute_fingerprint(look_alike).hex, compute_fingerprint(photos["astronaut"]).hex) <= 8
    verdict = _checker(registry).check(look_alike)
    top = verdict.similarity.matches[0]  # type: ignore[union-attr]
    assert top.artist == "Ada" and top.distance <= top.threshold  # the 64-bit index proposes it...
    assert top.verified is False and top.verify_distance is not None and top.verify_distance > top.verify_threshold
    assert not top.matched and verdict.action == "pass"  # ...and the verification code rejects it
    # With verification off (threshold 256) the same image would be blocked on the 64-bit code alone.
    assert _checker(registry, verify_threshold=256).check(look_alike).action == "block"


def test_near_copy_is_verified(photo_files: dict[str, Path], photos) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"]])
    w, h = photos["coffee"].size
    for copy in (
        _jpeg(photos["coffee"], 50),
        photos["coffee"].crop((w // 20, h // 20, w - w // 20, h - h // 20)).resize((300, 200)),
    ):
        verdict = _checker(registry).check(copy)
        top = verdict.similarity.matches[0]  # type: ignore[union-attr]
        assert verdict.action == "block" and top.matched and top.verified is True
        assert top.verify_distance is not None and top.verify_distance <= top.verify_threshold
        assert "verified" in verdict.reasons[0]


def test_registry_from_before_verification_codes_still_blocks_then_upgrades(
    photo_files: dict[str, Path], photos
) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    [coffee] = registry.add("Ada", [photo_files["coffee"]])
    [rocket] = registry.add("Bo", [photo_files["rocket"]])
    registry.close()
    # What an older guardrail wrote: 64-bit codes only, schema 1 (no packed verification codes).
    with sqlite3.connect(registry.path) as db:
        db.execute("DELETE FROM codes WHERE kind = ?", (VERIFY_KIND,))
        db.execute("DROP TABLE verification_codes")
        db.execute("PRAGMA user_version = 1")
    old = SQLiteReferenceRegistry(registry.path)
    assert old.unverified() == [coffee.id, rocket.id]
    verdict = _checker(old).check(_jpeg(photos["coffee"], 70))
    top = verdict.similarity.matches[0]  # type: ignore[union-attr]
    assert (
        verdict.action == "block" and top.verified is None and top.verify_distance is None
    )  # fail closed: 64-bit decides
    assert "refs upgrade" in verdict.reasons[0]
    photo_files["rocket"].unlink()  # one source is gone: it cannot be upgraded
    seen: list[tuple[int, str | None]] = []
    upgraded, problems = old.upgrade(on_reference=lambda ref, problem: seen.append((ref.id, problem)))
    assert upgraded == 1
    assert [(ref.id, "unreadable" in why) for ref, why in problems] == [(rocket.id, True)]
    assert [i for i, _ in seen] == [coffee.id, rocket.id]
    assert old.unverified() == [rocket.id]
    verdict = _checker(old).check(_jpeg(photos["coffee"], 70))
    assert verdict.action == "block" and verdict.similarity.matches[0].verified is True  # type: ignore[union-attr]
    assert old.upgrade() == (0, [(problems[0][0], problems[0][1])])  # idempotent for the rest
