"""GuardedPipeline end to end on the offline demo model: release, block, retry, fail closed, audit."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from guardrail.audit import AuditLog
from guardrail.errors import InputError
from guardrail.pipeline import GuardedPipeline
from guardrail.policy import load_policy
from guardrail.provenance import verify_image

SIZE = {"height": 256, "width": 256, "num_inference_steps": 2}


def _policy_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(f"name: test\nversion: '1'\nextends: builtin:default\n{body}", encoding="utf-8")
    return path


def _guarded(demo: Any, policy: Any = None) -> GuardedPipeline:
    return GuardedPipeline(demo.pipe, policy=policy, model_id=demo.model_id)


def test_releases_marked_images_that_verify_as_ai_generated(demo: Any, tmp_path: Path) -> None:
    pipe = _guarded(demo)
    result = pipe("a lighthouse on a cliff at dusk", num_images_per_prompt=2, seed=11, save_to=tmp_path, **SIZE)
    assert result.action == "released"
    assert [r.index for r in result.released] == [0, 1]
    assert [r.seed for r in result.released] == [11, 12]
    assert result.policy == pipe.policy.ref
    for item in result.released:
        assert Path(item.path).is_file() and item.image.size == (256, 256)
        report = verify_image(item.path)
        assert report.verdict == "ai-generated"
        assert report.c2pa.state == "Trusted"
        assert report.watermark.detected and report.watermark.watermark_id == item.watermark_id


def test_same_seed_reproduces_the_picture_under_different_marks(demo: Any) -> None:
    import numpy as np

    pipe = _guarded(demo)
    runs = [pipe("a red fox", seed=s, **SIZE).released[0] for s in (5, 5, 6)]
    a, b, c = (np.asarray(r.image, dtype=np.float64) for r in runs)
    assert runs[0].watermark_id != runs[1].watermark_id  # every release has its own mark

    def psnr(x: np.ndarray, y: np.ndarray) -> float:
        return float(10 * np.log10(255.0**2 / np.mean((x - y) ** 2)))

    # Same picture, only the invisible marks differ: each mark is >= 38 dB from the pixels, so two
    # different marks stay well above 32 dB of each other; another seed is a different picture.
    assert psnr(a, b) > 32
    assert psnr(a, c) < 20


def test_blocked_prompt_generates_nothing_and_is_logged(demo: Any, tmp_path: Path) -> None:
    pipe = _guarded(demo)
    result = pipe("a n.u.d.e woman on a beach", seed=1, save_to=tmp_path / "out", **SIZE)
    assert result.action == "blocked"
    assert result.released == [] and result.attempts == []
    assert not (tmp_path / "out").exists()
    record, images = AuditLog().get_request(result.request_id)
    assert record.final_action == "blocked" and record.prompt_action == "block"
    assert "sexual.nudity" in record.matched_rules
    assert images == []


def test_rewritten_prompt_is_what_the_model_sees(demo: Any) -> None:
    pipe = _guarded(demo)
    result = pipe("a castle in the style of Greg Rutkowski", seed=2, **SIZE)
    assert result.rewritten
    assert "rutkowski" not in result.effective_prompt.lower()
    assert all(a.prompt == result.effective_prompt for a in result.attempts)
    record, _ = AuditLog().get_request(result.request_id)
    assert record.prompt_action == "rewrite" and record.rewritten_prompt_hmac is not None


def test_withheld_image_is_regenerated_with_new_seed_and_negative_prompt(demo: Any, tmp_path: Path) -> None:
    """Register the output of seed 21 as a protected reference: the retry must differ and pass."""
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    first = _guarded(demo)("a quiet harbour", seed=21, **SIZE).released[0]
    ref = tmp_path / "protected.png"
    first.image.save(ref)
    with SQLiteReferenceRegistry() as registry:
        registry.add("Some Artist", [ref])

    pipe = _guarded(demo)
    result = pipe("a quiet harbour", seed=21, **SIZE)
    assert result.action == "released"
    assert [a.action for a in result.attempts] == ["withheld", "released"]
    blocked = result.attempts[0]
    assert blocked.verdict.action == "block"
    assert blocked.verdict.similarity.matches[0].artist == "Some Artist"
    retry = result.attempts[1]
    assert retry.seed != blocked.seed
    assert pipe.policy.generation.negative_prompt in retry.negative_prompt
    record, images = AuditLog().get_request(result.request_id)
    assert record.attempts == 2 and [i.action for i in images] == ["withheld", "released"]


def test_every_attempt_withheld_writes_nothing(demo: Any, tmp_path: Path) -> None:
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    first = _guarded(demo)("a quiet harbour", seed=21, **SIZE).released[0]
    ref = tmp_path / "protected.png"
    first.image.save(ref)
    with SQLiteReferenceRegistry() as registry:
        registry.add("Some Artist", [ref])
    policy = load_policy(_policy_file(tmp_path, "generation: {max_attempts: 1}\n"))
    result = _guarded(demo, policy)("a quiet harbour", seed=21, save_to=tmp_path / "out", **SIZE)
    assert result.action == "withheld"
    assert result.released == [] and len(result.withheld) == 1
    assert "Some Artist" in result.withheld[0].reason
    assert not (tmp_path / "out").exists()


def test_check_that_cannot_run_withholds_the_image(demo: Any, tmp_path: Path) -> None:
    """A classifier whose model folder is missing yields an error verdict: withheld, not safe."""
    policy = load_policy(
        _policy_file(
            tmp_path,
            "checks:\n  classifiers:\n    - backend: hf-image-classifier\n"
            f"      options: {{model: '{tmp_path / 'no-such-model'}', labels: {{nsfw: sexual}}}}\n"
            "      categories: {sexual: {threshold: 0.5, action: block}}\n",
        )
    )
    result = _guarded(demo, policy)("a lighthouse", seed=3, save_to=tmp_path / "out", **SIZE)
    assert result.action == "withheld"
    assert len(result.attempts) == 1  # a broken check is not retried
    assert result.attempts[0].verdict.action == "could-not-check"
    assert not (tmp_path / "out").exists()


def test_image_too_small_to_mark_is_withheld_not_released_unmarked(demo: Any) -> None:
    result = _guarded(demo)("a lighthouse", seed=3, height=64, width=64, num_inference_steps=2)
    assert result.action == "withheld"
    assert result.released == []
    assert "marking failed" in (result.attempts[0].error or "")


def test_builtin_safety_checker_is_replaced_and_never_runs(demo: Any) -> None:
    class Raising:
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the wrapped pipeline's own checker ran")

    demo.pipe.safety_checker = Raising()
    try:
        pipe = _guarded(demo)
        assert pipe.pipe.safety_checker is None
        assert isinstance(
            demo.pipe.safety_checker, Raising
        )  # guardrail works on a copy: the caller's object is untouched
        result = pipe("a lighthouse", seed=8, **SIZE)  # a real generation through diffusers' call
        assert result.action == "released"
    finally:
        demo.pipe.safety_checker = None


def test_crash_mid_request_is_logged_as_error_and_raised(demo: Any, tmp_path: Path) -> None:
    """Fault injection: the model dies in the retry round; the audit log still has what happened."""
    from guardrail.errors import BackendError
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    class DiesOnSecondCall:
        def __init__(self, pipe: Any) -> None:
            self.pipe, self.calls = pipe, 0

        def __call__(self, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == 2:
                raise RuntimeError("out of memory")
            return self.pipe(**kwargs)

    # Slot 0 (seed 21) is a near-copy of a protected reference, so it needs a second round.
    ref = tmp_path / "protected.png"
    _guarded(demo)("a quiet harbour", seed=21, **SIZE).released[0].image.save(ref)
    with SQLiteReferenceRegistry() as registry:
        registry.add("Some Artist", [ref])
    pipe = GuardedPipeline(DiesOnSecondCall(demo.pipe), model_id=demo.model_id)
    with pytest.raises(BackendError, match="out of memory"):
        pipe("a quiet harbour", num_images_per_prompt=2, seed=21, **SIZE)
    [record] = [r for r in AuditLog().list_requests(limit=10) if r.final_action == "error"]
    _, images = AuditLog().get_request(record.request_id)
    assert [(i.index, i.action) for i in images] == [(0, "withheld"), (1, "released")]


def test_audit_loses_no_record_under_concurrent_calls(demo: Any) -> None:
    pipe = _guarded(demo)
    ids: list[str] = []
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            ids.append(pipe("a mountain lake", seed=seed, height=256, width=256, num_inference_steps=1).request_id)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    log = AuditLog()
    assert {r.request_id for r in log.list_requests(limit=100)} >= set(ids)
    for request_id in ids:
        record, images = log.get_request(request_id)
        assert record.final_action == "released"
        assert len(images) == 1 and images[0].watermark_id


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"height": 513}, "height"),
        ({"width": 0}, "width"),
        ({"num_images_per_prompt": 0}, "num_images_per_prompt"),
        ({"num_inference_steps": 0}, "num_inference_steps"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_name_the_argument(demo: Any, kwargs: dict[str, Any], where: str) -> None:
    with pytest.raises(InputError) as info:
        _guarded(demo)("a lighthouse", **kwargs)
    assert info.value.where == where


def test_empty_prompt_is_an_input_error(demo: Any) -> None:
    with pytest.raises(InputError):
        _guarded(demo)("   ")


def test_broken_manifest_store_is_an_error_not_a_withheld_image(demo: Any, tmp_path: Path) -> None:
    """A store that fails while marking is the machine's fault: the request ends as an error."""
    from guardrail.errors import StoreError
    from guardrail.provenance import Marker
    from guardrail.provenance.store import SQLiteManifestStore

    class DiskFull(SQLiteManifestStore):
        def put(self, *args: Any, **kwargs: Any) -> Any:
            raise StoreError("database or disk is full", where=str(self.path))

    policy = load_policy(None)
    marker = Marker(policy, model_id=demo.model_id, store=DiskFull(tmp_path / "manifests.db"))
    pipe = GuardedPipeline(demo.pipe, policy=policy, model_id=demo.model_id, marker=marker)
    with pytest.raises(StoreError, match="disk is full"):
        pipe("a lighthouse", seed=3, save_to=tmp_path / "out", **SIZE)
    # Write-ahead: the manifest rows are stored when the release commits; nothing stays behind in the folder.
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    [record] = AuditLog().list_requests(limit=10)
    assert record.final_action == "error"


REPRESENTATION = """
representation:
  enabled: true
  people: [person, woman, man, doctor, people]
  attributes:
    - name: age
      values: [young, middle-aged, elderly]
      stated: [old, teenage, child]
"""


def test_representation_varies_unstated_attributes_and_records_them(demo: Any, tmp_path: Path) -> None:
    import json

    from guardrail.provenance.c2pa_io import read_c2pa

    pipe = _guarded(demo, load_policy(_policy_file(tmp_path, REPRESENTATION)))
    result = pipe("a portrait of a doctor", num_images_per_prompt=3, seed=4, save_to=tmp_path / "out", **SIZE)
    ages = [a.attributes["age"] for a in result.attempts]
    assert sorted(ages) == ["elderly", "middle-aged", "young"]  # three images, three values
    assert all(a.prompt == f"a portrait of a doctor, {a.attributes['age']}" for a in result.attempts)
    record, _ = AuditLog().get_request(result.request_id)
    assert record.parameters["representation"] == {str(a.index): a.attributes for a in result.attempts}
    item = result.released[0]
    reading = read_c2pa(item.data, item.format)
    assert reading is not None and reading.state == "Trusted"
    manifest = json.dumps(reading.manifest)
    assert '"representation"' in manifest and item_attributes(result, item.index)["age"] in manifest
    again = pipe("a portrait of a doctor", num_images_per_prompt=3, seed=4, **SIZE)
    assert [a.attributes for a in again.attempts] == [a.attributes for a in result.attempts]  # seeded: reproducible


def test_slots_with_different_varied_prompts_get_one_call_each_and_same_prompts_share_one(
    demo: Any, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []

    def recording(**kwargs: Any) -> Any:  # forwards to the real demo pipeline, keeps the arguments
        calls.append(kwargs)
        return demo.pipe(**kwargs)

    policy = load_policy(_policy_file(tmp_path, REPRESENTATION))
    pipe = GuardedPipeline(recording, policy=policy, model_id=demo.model_id)
    varied = pipe("a portrait of a doctor", num_images_per_prompt=3, seed=4, **SIZE)
    first = {a.seed: a.prompt for a in varied.attempts if a.attempt == 1}
    round_one = [c for c in calls if all(g.initial_seed() in first for g in c["generator"])]
    assert len(round_one) == 3 and len(set(first.values())) == 3  # three distinct prompts: three calls
    assert all(c["num_images_per_prompt"] == 1 for c in round_one)
    assert all(c["prompt"] == first[c["generator"][0].initial_seed()] for c in round_one)
    calls.clear()
    same = pipe("a lighthouse at dusk", num_images_per_prompt=2, seed=7, **SIZE)  # no person: nothing varied
    assert same.action == "released" and len(same.attempts) == 2
    [call] = calls
    assert call["num_images_per_prompt"] == 2 and [g.initial_seed() for g in call["generator"]] == [7, 8]


def item_attributes(result: Any, index: int) -> dict[str, str]:
    return next(a.attributes for a in result.attempts if a.index == index and a.action == "released")


def test_representation_leaves_stated_attributes_and_non_people_prompts_alone(demo: Any, tmp_path: Path) -> None:
    pipe = _guarded(demo, load_policy(_policy_file(tmp_path, REPRESENTATION)))
    for prompt in ("a portrait of an old doctor", "a lighthouse at dusk"):
        result = pipe(prompt, num_images_per_prompt=2, seed=3, **SIZE)
        assert all(a.attributes == {} and a.prompt == prompt for a in result.attempts)
    assert all(
        a.attributes == {} for a in _guarded(demo)("a portrait of a doctor", seed=3, **SIZE).attempts
    )  # off by default


def test_a_refused_audit_key_folder_stops_the_request_before_generation(
    demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team: with audit-keys/ writable by others, generate ran the model for half a minute and failed only at
    the commit. Now the request stops before the wrapped pipeline is called."""
    from guardrail.errors import UnsafePermissionsError

    home = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    pipe = _guarded(demo)
    pipe("a lighthouse on a cliff at dusk", seed=1, **SIZE)  # creates the audit key folder
    (home / "audit-keys").chmod(0o777)
    calls: list[dict[str, Any]] = []
    real = pipe.pipe

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipe, "pipe", recording)
    with pytest.raises(UnsafePermissionsError, match="audit-keys"):
        pipe("a lighthouse on a cliff at dusk", seed=2, save_to=tmp_path / "out", **SIZE)
    assert calls == [] and not (tmp_path / "out").exists()


@pytest.mark.parametrize("refuse", ["pending-folder", "output-is-a-file"])
def test_a_refused_release_folder_stops_the_request_before_generation(
    demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refuse: str
) -> None:
    """Red team: with pending/ writable by others (or ``save_to`` naming a file), the audit log was ready, so the
    model ran and the request failed only at the release. Now it stops before the wrapped pipeline is called."""
    from guardrail.errors import GuardrailError

    home = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    pipe = _guarded(demo)
    out = tmp_path / "out"
    pipe("a lighthouse on a cliff at dusk", seed=1, save_to=out, **SIZE)  # creates pending/ and the output folder
    if refuse == "pending-folder":
        (home / "pending").chmod(0o777)
    else:
        out = tmp_path / "a-file.png"
        out.write_bytes(b"not a folder")
    calls: list[dict[str, Any]] = []
    real = pipe.pipe

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipe, "pipe", recording)
    with pytest.raises(GuardrailError):
        pipe("a lighthouse on a cliff at dusk", seed=2, save_to=out, **SIZE)
    assert calls == []
