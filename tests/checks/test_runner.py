"""ImageChecker decision logic: strongest action wins, failures withhold, unknown names list options.

A fake backend is used here for decision logic only; every real backend has its own tests.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from check_helpers import policy_with
from PIL import Image

from guardrail.checks import BACKENDS, ClassifierOutput, ImageChecker, Label
from guardrail.errors import BackendError, PolicyError

_RELEASE = threading.Event()


class ScriptedClassifier:
    """Returns the scores given in its options, or fails the way the options say."""

    name = "scripted"

    def __init__(self, options: dict[str, Any], where: str) -> None:
        self.options = options

    def categories(self) -> set[str]:
        return {"sexual", "violence", "suggestive"}

    def load(self) -> None:
        pass

    def classify(self, image: Image.Image) -> ClassifierOutput:
        mode = self.options.get("mode", "ok")
        if mode == "crash":
            raise RuntimeError("CUDA out of memory")
        if mode == "hang":
            _RELEASE.wait(30)
        scores = self.options.get("scores", {})
        labels = [Label(name=f"L_{c}", score=s, category=c, box=(10, 10, 20, 20)) for c, s in scores.items()]
        return ClassifierOutput(labels=labels, scores=scores)


@pytest.fixture(autouse=True)
def scripted_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "scripted", ScriptedClassifier)


def _c(
    scores: dict[str, float] | None = None, mode: str = "ok", timeout_s: float = 60.0, **cats: tuple[float, str]
) -> dict:
    return {
        "backend": "scripted",
        "options": {"scores": scores or {}, "mode": mode},
        "categories": {k: {"threshold": t, "action": a} for k, (t, a) in cats.items()},
        "timeout_s": timeout_s,
    }


IMG = Image.new("RGB", (64, 64), (120, 130, 140))


def test_strongest_action_across_classifiers_wins() -> None:
    policy = policy_with(
        _c({"suggestive": 0.7}, suggestive=(0.5, "flag")),
        _c({"violence": 0.9}, violence=(0.8, "block")),
        _c({"sexual": 0.6}, sexual=(0.5, "blur")),
    )
    verdict = ImageChecker(policy).check(IMG)
    assert verdict.action == "block"
    assert [v.action for v in verdict.classifiers] == ["flag", "block", "blur"]
    assert len(verdict.reasons) == 3
    assert "violence score 0.90 >= 0.80" in verdict.reasons[1]


def test_score_exactly_at_threshold_triggers() -> None:
    assert ImageChecker(policy_with(_c({"sexual": 0.5}, sexual=(0.5, "flag")))).check(IMG).action == "flag"
    assert ImageChecker(policy_with(_c({"sexual": 0.4999}, sexual=(0.5, "flag")))).check(IMG).action == "pass"


def test_crash_could_not_check_never_pass() -> None:
    policy = policy_with(_c({"sexual": 0.0}, sexual=(0.5, "flag")), _c(mode="crash", sexual=(0.5, "flag")))
    verdict = ImageChecker(policy).check(IMG)
    assert verdict.action == "could-not-check"
    assert verdict.classifiers[1].status == "error"
    assert "CUDA out of memory" in (verdict.classifiers[1].error or "")
    assert any("could not check" in r for r in verdict.reasons)


def test_timeout_could_not_check() -> None:
    _RELEASE.clear()
    try:
        verdict = ImageChecker(policy_with(_c(mode="hang", timeout_s=0.2, sexual=(0.5, "block")))).check(IMG)
    finally:
        _RELEASE.set()
    assert verdict.action == "could-not-check"
    assert "timed out" in (verdict.classifiers[0].error or "")


def test_unknown_backend_lists_valid_names() -> None:
    with pytest.raises(BackendError) as info:
        ImageChecker(policy_with({"backend": "nudenett"}))
    message = str(info.value)
    assert "nudenett" in message
    for name in ("nudenet", "sd-safety-checker", "hf-image-classifier"):
        assert name in message


def test_policy_with_no_image_check_is_a_policy_error_not_a_pass() -> None:
    with pytest.raises(PolicyError) as info:
        ImageChecker(policy_with())
    err = info.value
    assert err.key_path == "checks" and err.fix and "checks.classifiers" in err.fix
    assert "no image check" in str(err)


def test_similarity_alone_is_enough_and_verdict_carries_policy_ref(tmp_path: Path) -> None:
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    registry = SQLiteReferenceRegistry(tmp_path / "refs.db")
    verdict = ImageChecker(policy_with(similarity={"enabled": True}), registry=registry).check(IMG)
    assert verdict.action == "pass" and verdict.classifiers == []
    assert verdict.policy.name == "test"
    assert verdict.similarity is not None and verdict.similarity.status == "ok"


def test_blur_only_touches_flagged_boxes() -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    noisy = Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    verdict = ImageChecker(policy_with(_c({"sexual": 0.9}, sexual=(0.5, "blur")))).check(noisy)
    assert verdict.action == "blur" and verdict.blur_boxes == [(10, 10, 20, 20)]
    out = np.asarray(ImageChecker.apply_blur(noisy, verdict), dtype=float)
    src = np.asarray(noisy, dtype=float)
    assert np.array_equal(out[:10], src[:10]) and np.array_equal(out[30:], src[30:])
    assert out[10:30, 10:30].std() < 0.5 * src[10:30, 10:30].std()


def test_verdict_serialises_to_json() -> None:
    verdict = ImageChecker(policy_with(_c({"sexual": 0.9}, sexual=(0.5, "block")))).check(IMG)
    data = verdict.model_dump(mode="json")
    assert data["action"] == "block"
    assert data["classifiers"][0]["labels"][0]["box"] == [10, 10, 20, 20]


@pytest.mark.parametrize(
    "scores",
    [
        {"sexual": float("nan")},  # a NaN compares False with every threshold
        {"sexual": float("inf")},
        {},  # the backend did not score the configured category
        {"Sexual": 0.99},  # mis-cased key: "sexual" itself is missing
    ],
    ids=["nan", "inf", "missing", "miscased"],
)
def test_missing_or_non_finite_score_could_not_check_not_pass(scores: dict[str, float]) -> None:
    verdict = ImageChecker(policy_with(_c(scores, sexual=(0.5, "block")))).check(IMG)
    assert verdict.action == "could-not-check"
    [classifier] = verdict.classifiers
    assert classifier.status == "error" and "sexual" in (classifier.error or "")
    assert any("could not check" in r for r in verdict.reasons)


def test_unconfigured_extra_score_does_not_withhold() -> None:
    verdict = ImageChecker(policy_with(_c({"sexual": 0.1, "violence": float("nan")}, sexual=(0.5, "block")))).check(IMG)
    assert verdict.action == "pass" and verdict.classifiers[0].status == "ok"


class Boxless(ScriptedClassifier):
    def classify(self, image: Image.Image) -> ClassifierOutput:
        out = super().classify(image)
        return ClassifierOutput(labels=[lab.model_copy(update={"box": None}) for lab in out.labels], scores=out.scores)


def test_blur_only_on_boxless_labels_covers_whole_image_but_boxed_stays_local() -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    noisy = Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    src = np.asarray(noisy, dtype=float)
    BACKENDS["boxless"] = Boxless
    try:
        cfg = {**_c({"sexual": 0.9}, sexual=(0.5, "blur")), "backend": "boxless"}
        verdict = ImageChecker(policy_with(cfg)).check(noisy)
    finally:
        del BACKENDS["boxless"]
    assert verdict.action == "blur" and verdict.blur_whole_image
    out = np.asarray(ImageChecker.apply_blur(noisy, verdict), dtype=float)
    assert out[:10].std() < 0.5 * src[:10].std() and out[30:].std() < 0.5 * src[30:].std()
    boxed = ImageChecker(policy_with(_c({"sexual": 0.9}, sexual=(0.5, "blur")))).check(noisy)
    assert not boxed.blur_whole_image
