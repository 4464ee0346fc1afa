"""hf-image-classifier: a tiny ViT classifier saved to disk and loaded through the user path."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_helpers import policy_with
from PIL import Image

from guardrail.checks import ImageChecker, create_classifier
from guardrail.errors import ModelLoadError, PolicyError


def _cfg(model: str, action: str = "block", threshold: float = 0.5, **options: object) -> dict:
    return {
        "backend": "hf-image-classifier",
        "options": {"model": model, "labels": {"nsfw": "sexual", "gore": "violence"}, **options},
        "categories": {
            "sexual": {"threshold": threshold, "action": action},
            "violence": {"threshold": 0.5, "action": "block"},
        },
    }


def test_scores_every_label_and_maps_categories(tiny_vit_dir: Path, photos: dict[str, Image.Image]) -> None:
    out = create_classifier("hf-image-classifier", _cfg(str(tiny_vit_dir))["options"]).classify(photos["coffee"])
    by_name = {lab.name: lab for lab in out.labels}
    assert set(by_name) == {"safe", "nsfw", "gore"}
    assert by_name["safe"].category is None
    assert abs(sum(lab.score for lab in out.labels) - 1.0) < 1e-3
    assert out.scores == {"sexual": by_name["nsfw"].score, "violence": by_name["gore"].score}
    assert by_name["nsfw"].score > 0.9


@pytest.mark.parametrize(("action", "expected"), [("block", "block"), ("flag", "flag"), ("allow", "pass")])
def test_category_action_comes_from_the_policy(
    tiny_vit_dir: Path, photos: dict[str, Image.Image], action: str, expected: str
) -> None:
    verdict = ImageChecker(policy_with(_cfg(str(tiny_vit_dir), action=action))).check(photos["chelsea"])
    assert verdict.action == expected
    sexual = next(c for c in verdict.classifiers[0].categories if c.category == "sexual")
    assert sexual.threshold == 0.5 and sexual.score > 0.9


def test_high_threshold_passes(tiny_vit_dir: Path, photos: dict[str, Image.Image]) -> None:
    assert ImageChecker(policy_with(_cfg(str(tiny_vit_dir), threshold=0.99))).check(photos["chelsea"]).action == "pass"


def test_sigmoid_activation_for_multi_label(tiny_vit_dir: Path, photos: dict[str, Image.Image]) -> None:
    out = create_classifier("hf-image-classifier", _cfg(str(tiny_vit_dir), activation="sigmoid")["options"]).classify(
        photos["coffee"]
    )
    assert sum(lab.score for lab in out.labels) > 1.0  # independent probabilities


def test_mapping_a_label_the_model_lacks_is_a_policy_error(tiny_vit_dir: Path) -> None:
    cfg = _cfg(str(tiny_vit_dir))
    cfg["options"]["labels"] = {"porn": "sexual"}
    cfg["categories"] = {"sexual": {"threshold": 0.5}}
    checker = ImageChecker(policy_with(cfg))
    with pytest.raises(PolicyError, match="not outputs of the model"):
        checker.load()


def test_uncached_hub_id_is_a_model_load_error() -> None:
    checker = ImageChecker(policy_with(_cfg("someone/not-cached-classifier")))
    with pytest.raises(ModelLoadError):
        checker.load()


def test_empty_label_mapping_is_refused(tiny_vit_dir: Path) -> None:
    with pytest.raises(PolicyError, match="options.labels"):
        create_classifier("hf-image-classifier", {"model": str(tiny_vit_dir), "labels": {}})


def test_blur_from_a_boxless_classifier_blurs_the_whole_image(
    tiny_vit_dir: Path, photos: dict[str, Image.Image]
) -> None:
    import numpy as np

    image = photos["chelsea"]
    verdict = ImageChecker(policy_with(_cfg(str(tiny_vit_dir), action="blur"))).check(image)
    assert verdict.action == "blur" and verdict.blur_boxes == [] and verdict.blur_whole_image
    src = np.asarray(image, dtype=float)
    out = np.asarray(ImageChecker.apply_blur(image, verdict), dtype=float)
    assert out.shape == src.shape
    for rows, cols in (
        (slice(0, 40), slice(0, 40)),
        (slice(-40, None), slice(-40, None)),
        (slice(100, 200), slice(150, 250)),
    ):
        assert np.abs(out[rows, cols] - src[rows, cols]).mean() > 1.0  # every part of the image changed
    detail = lambda a: np.abs(np.diff(a, axis=1)).mean()  # noqa: E731
    assert detail(out) < 0.3 * detail(src)
