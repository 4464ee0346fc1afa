"""sd-safety-checker: a tiny StableDiffusionSafetyChecker saved to disk, loaded like a user's."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_helpers import policy_with
from PIL import Image

from guardrail.checks import ImageChecker, create_classifier
from guardrail.errors import ModelLoadError, PolicyError


def _cfg(model: str, **options: object) -> dict:
    return {
        "backend": "sd-safety-checker",
        "options": {"model": model, "scale": 0.001, **options},
        "categories": {"sexual": {"threshold": 0.5, "action": "block"}},
    }


def test_exposes_every_concept_score_not_only_a_boolean(
    tiny_safety_checker_dir: Path, photos: dict[str, Image.Image]
) -> None:
    out = create_classifier("sd-safety-checker", {"model": str(tiny_safety_checker_dir), "scale": 0.001}).classify(
        photos["astronaut"]
    )
    names = {lab.name for lab in out.labels}
    assert names == {f"concept_{i}" for i in range(17)} | {f"special_care_{i}" for i in range(3)}
    top = out.labels[0]
    assert top.name == "concept_5" and top.raw is not None and top.raw > 0
    assert out.scores["sexual"] == top.score > 0.5
    assert all(lab.score < 0.01 for lab in out.labels[1:])


def test_blocks_the_matching_image_and_passes_others(
    tiny_safety_checker_dir: Path, photos: dict[str, Image.Image]
) -> None:
    checker = ImageChecker(policy_with(_cfg(str(tiny_safety_checker_dir))))
    blocked = checker.check(photos["astronaut"])
    assert blocked.action == "block"
    assert any("concept_5" in r for r in blocked.reasons)
    for name in ("coffee", "rocket", "camera"):
        verdict = checker.check(photos[name])
        assert verdict.action == "pass", name
        assert verdict.classifiers[0].scores["sexual"] < 0.5


def test_policy_threshold_decides_not_the_model(tiny_safety_checker_dir: Path, photos: dict[str, Image.Image]) -> None:
    cfg = _cfg(str(tiny_safety_checker_dir))
    cfg["categories"] = {"sexual": {"threshold": 0.999999, "action": "block"}}
    assert ImageChecker(policy_with(cfg)).check(photos["astronaut"]).action == "pass"


def test_loads_from_a_pipeline_style_subfolder(
    tiny_safety_checker_dir: Path, tmp_path: Path, photos: dict[str, Image.Image]
) -> None:
    import shutil

    shutil.copytree(tiny_safety_checker_dir, tmp_path / "pipe" / "safety_checker")
    shutil.copytree(tiny_safety_checker_dir, tmp_path / "pipe" / "feature_extractor")
    cfg = _cfg(str(tmp_path / "pipe"), subfolder="safety_checker", processor_subfolder="feature_extractor")
    assert ImageChecker(policy_with(cfg)).check(photos["astronaut"]).action == "block"


def test_uncached_hub_id_fails_clearly_without_download(photos: dict[str, Image.Image]) -> None:
    checker = ImageChecker(policy_with(_cfg("no-such-org/no-such-safety-checker")))
    with pytest.raises(ModelLoadError, match="local Hugging Face cache"):
        checker.load()
    verdict = checker.check(photos["coffee"])
    assert verdict.action == "could-not-check"
    assert verdict.classifiers[0].status == "error"


def test_missing_local_folder_could_not_check(tmp_path: Path, photos: dict[str, Image.Image]) -> None:
    verdict = ImageChecker(policy_with(_cfg(str(tmp_path / "nothing-here")))).check(photos["coffee"])
    assert verdict.action == "could-not-check"
    assert "does not exist" in (verdict.classifiers[0].error or "")


def test_folder_without_weights_could_not_check(tmp_path: Path, photos: dict[str, Image.Image]) -> None:
    (tmp_path / "empty").mkdir()
    verdict = ImageChecker(policy_with(_cfg(str(tmp_path / "empty")))).check(photos["coffee"])
    assert verdict.action == "could-not-check"


def test_missing_model_option_is_a_policy_error() -> None:
    with pytest.raises(PolicyError, match=r"checks.classifiers\[0\].options.model"):
        ImageChecker(policy_with({"backend": "sd-safety-checker", "categories": {"sexual": {"threshold": 0.5}}}))


def test_category_the_backend_cannot_score_is_a_policy_error(tiny_safety_checker_dir: Path) -> None:
    cfg = _cfg(str(tiny_safety_checker_dir))
    cfg["categories"] = {"violence": {"threshold": 0.5}}
    with pytest.raises(PolicyError, match="does not score"):
        ImageChecker(policy_with(cfg))
