"""One ImageChecker (one registry connection, one matcher) shared by many threads at once."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import numpy as np
from PIL import Image

from guardrail.checks import ImageChecker
from guardrail.policy.schema import ChecksSection, Policy, SimilaritySection
from guardrail.similarity.registry import SQLiteReferenceRegistry


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def test_eight_checking_threads_and_a_writer_share_one_checker(
    photo_files: dict[str, Path], photos, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    checker = ImageChecker(
        Policy(name="threads", checks=ChecksSection(similarity=SimilaritySection())), registry=registry
    )
    # Noise images the writer adds and removes over and over, so the index is rebuilt mid-check.
    rng = np.random.default_rng(7)
    churn = []
    for i in range(4):
        path = tmp_path / f"noise{i}.png"
        Image.fromarray(rng.integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(path)
        churn.append(path)
    always = {"coffee": _jpeg(photos["coffee"], 70).resize((320, 214)), "rocket": photos["rocket"].resize((300, 200))}
    never = {"astronaut": photos["astronaut"], "immunohistochemistry": _jpeg(photos["immunohistochemistry"], 80)}
    late = {"chelsea": _jpeg(photos["chelsea"], 75)}  # registered by the writer while checks run
    flux = {f"noise{i}": Image.open(p).convert("RGB") for i, p in enumerate(churn)}  # come and go

    errors: list[BaseException] = []
    wrong: list[str] = []
    start = threading.Barrier(9)

    def checker_thread(n: int) -> None:
        try:
            start.wait()
            for round_ in range(6):
                for name, img in [*always.items(), *never.items(), *late.items(), *flux.items()]:
                    verdict = checker.check(img)
                    sim = verdict.similarity
                    if sim is None or sim.status != "ok":
                        wrong.append(f"thread {n} round {round_} {name}: {sim.error if sim else 'no similarity'}")
                    elif name in always and (verdict.action != "block" or sim.matches[0].artist != "Ada"):
                        wrong.append(f"thread {n} {name}: {verdict.action} (expected block)")
                    elif name in never and verdict.action != "pass":
                        wrong.append(f"thread {n} {name}: {verdict.action} (expected pass)")
                    elif name in late:
                        if verdict.action not in ("pass", "block"):
                            wrong.append(f"thread {n} {name}: {verdict.action}")
                    elif name in flux and verdict.action == "block" and sim.matches[0].artist != "Noise":
                        wrong.append(f"thread {n} {name}: matched {sim.matches[0].artist}'s {sim.matches[0].source}")
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)

    def writer_thread() -> None:
        try:
            start.wait()
            for _ in range(3):
                registry.add("Noise", churn)
                registry.remove(artist="Noise")
            registry.add("Bo", [photo_files["chelsea"]])
            for _ in range(2):
                registry.add("Noise", churn)
                registry.remove(artist="Noise")
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=checker_thread, args=(n,)) for n in range(8)]
    threads.append(threading.Thread(target=writer_thread))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors
    assert not wrong, wrong[:5]
    # Once the writer is done, the late reference is matched by every thread.
    results: list[str] = []
    after = [threading.Thread(target=lambda: results.append(checker.check(late["chelsea"]).action)) for _ in range(8)]
    for t in after:
        t.start()
    for t in after:
        t.join()
    assert results == ["block"] * 8
    verdict = checker.check(late["chelsea"])
    assert verdict.similarity is not None and verdict.similarity.matches[0].artist == "Bo"
    assert verdict.similarity.references == 3


def test_threads_sharing_a_checker_with_nudenet_get_the_single_threaded_verdicts(
    photo_files: dict[str, Path], photos
) -> None:  # type: ignore[no-untyped-def]
    from guardrail.policy.schema import ClassifierConfig

    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"]])
    policy = Policy(
        name="threads-nudenet",
        checks=ChecksSection(
            classifiers=[ClassifierConfig(backend="nudenet", categories={"sexual": {"threshold": 0.5}})],
            similarity=SimilaritySection(),
        ),
    )
    checker = ImageChecker(policy, registry=registry)
    images = {"astronaut": photos["astronaut"], "coffee": _jpeg(photos["coffee"], 70)}
    expected = {name: checker.check(img) for name, img in images.items()}
    assert expected["coffee"].action == "block" and expected["astronaut"].action == "pass"
    results: list[tuple[str, object]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for name, img in images.items():
                results.append((name, checker.check(img)))
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors and len(results) == 16
    for name, verdict in results:
        want = expected[name]
        assert verdict.action == want.action, name  # type: ignore[attr-defined]
        assert [(lab.name, lab.score, lab.box) for lab in verdict.classifiers[0].labels] == [  # type: ignore[attr-defined]
            (lab.name, lab.score, lab.box) for lab in want.classifiers[0].labels
        ]
        assert verdict.similarity.matches[:1] == want.similarity.matches[:1]  # type: ignore[attr-defined, union-attr]
