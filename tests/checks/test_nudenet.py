"""The nudenet backend, run with the real detector shipped in the wheel."""

from __future__ import annotations

import pytest
from check_helpers import policy_with
from PIL import Image

from guardrail.checks import BACKENDS, ImageChecker, create_classifier
from guardrail.checks.nudenet import LABEL_CATEGORIES, NudeNetClassifier
from guardrail.errors import PolicyError

NUDENET = {
    "backend": "nudenet",
    "categories": {"sexual": {"threshold": 0.5, "action": "block"}, "suggestive": {"threshold": 0.5, "action": "flag"}},
}


def test_astronaut_gives_only_a_face_label(photos: dict[str, Image.Image]) -> None:
    out = create_classifier("nudenet", {}).classify(photos["astronaut"])
    assert [lab.name for lab in out.labels] == ["FACE_FEMALE"]
    face = out.labels[0]
    assert face.category is None
    assert 0.5 < face.score < 0.95
    x, y, w, h = face.box or (0, 0, 0, 0)
    assert 0 <= x < 512 and 0 <= y < 512 and w > 20 and h > 20
    assert out.scores == {"sexual": 0.0, "suggestive": 0.0}


def test_photos_without_people_pass_with_their_scores(photos: dict[str, Image.Image]) -> None:
    checker = ImageChecker(policy_with(NUDENET))
    for name in ("coffee", "chelsea"):
        verdict = checker.check(photos[name])
        assert verdict.action == "pass"
        [cv] = verdict.classifiers
        assert cv.status == "ok" and cv.labels == []
        assert {c.category: (c.threshold, c.triggered) for c in cv.categories} == {
            "sexual": (0.5, False),
            "suggestive": (0.5, False),
        }


def test_label_map_covers_every_detector_label() -> None:
    from nudenet.nudenet import __labels as shipped  # type: ignore[attr-defined]

    assert set(shipped) == set(LABEL_CATEGORIES)
    assert LABEL_CATEGORIES["FEMALE_GENITALIA_EXPOSED"] == "sexual"
    assert LABEL_CATEGORIES["BUTTOCKS_COVERED"] == "suggestive"
    assert LABEL_CATEGORIES["FACE_MALE"] is None


def test_unknown_option_is_a_policy_error_with_key_path() -> None:
    with pytest.raises(PolicyError) as info:
        ImageChecker(policy_with({"backend": "nudenet", "options": {"treshold": 0.3}}))
    assert "checks.classifiers[0].options.treshold" in str(info.value)


def test_missing_model_file_withholds_the_image(photos: dict[str, Image.Image], tmp_path) -> None:  # type: ignore[no-untyped-def]
    checker = ImageChecker(policy_with({**NUDENET, "options": {"model": str(tmp_path / "gone.onnx")}}))
    verdict = checker.check(photos["coffee"])
    assert verdict.action == "could-not-check"
    assert verdict.classifiers[0].status == "error"
    assert "not found" in (verdict.classifiers[0].error or "")


class FacesAsSuggestive(NudeNetClassifier):
    """The real nudenet backend with faces counted as 'suggestive' (module level: the check worker imports it)."""

    label_categories = {**LABEL_CATEGORIES, "FACE_FEMALE": "suggestive"}


def test_detector_boxes_drive_the_blur(photos: dict[str, Image.Image], monkeypatch: pytest.MonkeyPatch) -> None:
    # Faces carry no category in the shipped map; a backend may still blur the detector's regions
    # through the real model by counting faces as 'suggestive' with a custom mapping.
    monkeypatch.setitem(BACKENDS, "nudenet-faces", FacesAsSuggestive)
    checker = ImageChecker(
        policy_with({"backend": "nudenet-faces", "categories": {"suggestive": {"threshold": 0.5, "action": "blur"}}})
    )
    img = photos["astronaut"]
    verdict = checker.check(img)
    assert verdict.action == "blur"
    [box] = verdict.blur_boxes
    blurred = ImageChecker.apply_blur(img, verdict)
    x, y, w, h = box
    outside = (5, 500)
    assert blurred.getpixel(outside) == img.getpixel(outside)
    assert blurred.crop((x, y, x + w, y + h)).tobytes() != img.crop((x, y, x + w, y + h)).tobytes()
    assert _sharpness(blurred.crop((x, y, x + w, y + h))) < 0.3 * _sharpness(img.crop((x, y, x + w, y + h)))


def _sharpness(img: Image.Image) -> float:
    import numpy as np

    a = np.asarray(img.convert("L"), dtype=float)
    return float(np.abs(np.diff(a, axis=1)).mean())


@pytest.mark.parametrize("options", [{}, {"threads": 1}, {"threads": 0, "spin": True}])
def test_session_settings_give_the_wheel_detector_s_exact_output(photos: dict[str, Image.Image], options: dict) -> None:  # type: ignore[type-arg]
    """Thread/spin settings change speed only: detections equal nudenet's own default session."""
    import numpy as np
    from nudenet import NudeDetector

    ours = create_classifier("nudenet", {**options, "min_score": 0.0})
    theirs = NudeDetector()
    for name, img in photos.items():
        bgr = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
        expected = [(d["class"], d["score"], tuple(d["box"])) for d in theirs.detect(bgr)]
        got = [(lab.name, lab.score, lab.box) for lab in ours.classify(img).labels]
        assert sorted(got) == sorted((c, round(s, 4), b) for c, s, b in expected), name


def test_thread_option_is_validated() -> None:
    with pytest.raises(PolicyError) as info:
        create_classifier("nudenet", {"threads": -1})
    assert "options.threads" in str(info.value)
