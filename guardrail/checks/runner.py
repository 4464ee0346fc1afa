"""ImageChecker: run the policy's classifiers and the similarity check, combine one verdict.

Each classifier runs in a worker process (guardrail/checks/worker.py) with its own timeout; a
backend that is missing, fails to load, crashes, times out or ends its process gives an ``error``
verdict whose action is ``could-not-check`` (never passed as safe). The timeout holds whatever the
check does: past it the worker is killed.
The strongest action wins: could-not-check > block > blur > flag > pass (``guardrail.outcomes``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import sys
import time

from PIL import Image

from guardrail.checks.base import ImageClassifier
from guardrail.checks.blur import blur_regions
from guardrail.checks.models import CategoryScore, ClassifierOutput, ClassifierVerdict, ImageVerdict, strongest
from guardrail.checks.registry import classifier_reference, create_classifier
from guardrail.checks.worker import CheckFailed, ClassifierSpec, pool
from guardrail.errors import GuardrailError, ModelLoadError, PolicyError
from guardrail.outcomes import COULD_NOT_CHECK
from guardrail.policy.schema import ClassifierConfig, Policy
from guardrail.similarity.matcher import SimilarityMatcher
from guardrail.similarity.registry import ReferenceRegistry

__all__ = ["ImageChecker", "judge"]

log = logging.getLogger(__name__)


def judge(
    backend: str, config: ClassifierConfig, output: ClassifierOutput, elapsed_ms: float = 0.0
) -> ClassifierVerdict:
    """Apply a classifier's per-category thresholds and actions to its output.

    Fails closed: a configured category the backend did not score (missing, or a key spelled
    differently) or a score that is not a finite number gives an ``error`` verdict (could-not-check).
    """
    bad = {name: output.scores.get(name) for name in config.categories if not _finite(output.scores.get(name))}
    if bad:
        detail = ", ".join(f"{name}={'missing' if v is None else v!r}" for name, v in bad.items())
        return _error_verdict(
            backend, config, f"no usable score for {detail} (got keys {sorted(output.scores)})", elapsed_ms
        )
    categories: list[CategoryScore] = []
    actions: list[str] = []
    reasons: list[str] = []
    for name, rule in config.categories.items():
        score = float(output.scores[name])
        triggered = score >= rule.threshold and rule.action.value != "allow"
        categories.append(
            CategoryScore(
                category=name, score=score, threshold=rule.threshold, action=rule.action.value, triggered=triggered
            )
        )
        if triggered:
            actions.append(rule.action.value)
            top = max((lab for lab in output.labels if lab.category == name), key=lambda lab: lab.score, default=None)
            via = f" ({top.name} {top.score:.2f})" if top else ""
            reasons.append(f"{backend}: {name} score {score:.2f} >= {rule.threshold:.2f}{via} -> {rule.action.value}")
    return ClassifierVerdict(
        backend=backend,
        status="ok",
        action=strongest(actions),
        labels=output.labels,
        scores=output.scores,
        categories=categories,
        reasons=reasons,
        elapsed_ms=round(elapsed_ms, 2),
    )


def _finite(value: object) -> bool:
    """True for a real, finite number (bools and NaN/inf are not scores)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _error_verdict(backend: str, config: ClassifierConfig, message: str, elapsed_ms: float = 0.0) -> ClassifierVerdict:
    return ClassifierVerdict(
        backend=backend,
        status="error",
        action=COULD_NOT_CHECK,
        error=message,
        elapsed_ms=round(elapsed_ms, 2),
        categories=[
            CategoryScore(category=n, score=0.0, threshold=r.threshold, action=r.action.value, triggered=False)
            for n, r in config.categories.items()
        ],
        reasons=[f"{backend}: could not check ({message})"],
    )


class ImageChecker:
    """Judge images under a policy: every configured classifier plus similarity to references."""

    def __init__(self, policy: Policy, *, registry: ReferenceRegistry | None = None) -> None:
        """Build the classifiers named in ``policy.checks`` (options validated now, models loaded lazily).

        An unknown backend name or bad options raise here (a policy error, not a runtime one), and
        so does a policy that enables no image check at all (no classifier and similarity off):
        it would pass every image with no reason given.
        ``registry`` defaults to the SQLite registry in GUARDRAIL_HOME when similarity is enabled.
        """
        if not policy.checks.classifiers and not policy.checks.similarity.enabled:
            raise PolicyError(
                f"policy {policy.name!r} enables no image check: no classifier and similarity disabled,"
                " so every image would pass unchecked",
                key_path="checks",
                fix="list at least one entry under checks.classifiers (e.g. backend: nudenet) or set"
                " checks.similarity.enabled: true (a child policy's checks.classifiers replaces the"
                " parent's list: restate the ones to keep)",
            )
        self.policy = policy
        self._configs = list(policy.checks.classifiers)
        self._classifiers: list[ImageClassifier] = []  # built here to validate options; they run in the worker
        self._specs: list[ClassifierSpec] = []
        for i, config in enumerate(self._configs):
            where = f"checks.classifiers[{i}]"
            with contextlib.redirect_stdout(sys.stderr):  # a plugin's print() must never mix into the CLI's --json
                classifier = create_classifier(config.backend, dict(config.options), where)
                scored = classifier.categories()
            unknown = sorted(set(config.categories) - scored)
            if unknown:
                raise PolicyError(
                    f"backend {config.backend!r} does not score categories {unknown}",
                    key_path=f"{where}.categories",
                    fix=f"it scores: {', '.join(sorted(scored))}",
                )
            self._classifiers.append(classifier)
            self._specs.append(
                ClassifierSpec(
                    classifier_reference(config.backend, where), dict(config.options), where, config.load_timeout_s
                )
            )
        self._matcher: SimilarityMatcher | None = None
        if policy.checks.similarity.enabled:
            if registry is None:
                from guardrail.similarity.registry import SQLReferenceRegistry

                registry = SQLReferenceRegistry()
            self._matcher = SimilarityMatcher(registry, policy.checks.similarity)

    def load(self) -> None:
        """Load every classifier's model now, in a check worker (raises ModelLoadError on failure).

        Each classifier may take its ``load_timeout_s``; other workers of the pool (concurrent checks) load on their
        first check, under the same deadline.
        """
        for spec in self._specs:
            try:
                pool().run("load", spec, None, spec.load_timeout_s)
            except (
                CheckFailed
            ) as err:  # the backend's own error (PolicyError, ModelLoadError, ...) as raised in the worker
                raise (err.original or ModelLoadError(err.message)) from err
            except GuardrailError as err:
                raise ModelLoadError(f"loading the model: {err.message}", where=spec.where) from err

    def _classify(
        self, spec: ClassifierSpec, config: ClassifierConfig, payload: tuple[str, tuple[int, int], bytes]
    ) -> ClassifierVerdict:
        start = time.perf_counter()
        try:
            output = ClassifierOutput.model_validate(pool().run("classify", spec, payload, config.timeout_s))
        except GuardrailError as err:
            return _error_verdict(config.backend, config, str(err), (time.perf_counter() - start) * 1000)
        except Exception as err:  # noqa: BLE001 - any failure means "could not check", never "safe"
            log.warning("classifier %s failed: %s", config.backend, err)
            return _error_verdict(
                config.backend, config, f"{type(err).__name__}: {err}", (time.perf_counter() - start) * 1000
            )
        return judge(config.backend, config, output, (time.perf_counter() - start) * 1000)

    def check(self, image: Image.Image) -> ImageVerdict:
        """Run every check on ``image`` and return the combined verdict (never raises for a backend failure)."""
        rgb = image.convert("RGB")
        payload = (rgb.mode, rgb.size, rgb.tobytes()) if self._specs else ("RGB", (0, 0), b"")
        verdicts = [self._classify(spec, cfg, payload) for spec, cfg in zip(self._specs, self._configs, strict=True)]
        similarity = self._matcher.check(rgb) if self._matcher is not None else None
        actions = [v.action for v in verdicts] + ([similarity.action] if similarity else [])
        reasons = [r for v in verdicts for r in v.reasons] + (similarity.reasons if similarity else [])
        if similarity is not None and similarity.status == "error":
            reasons = reasons or ["similarity check could not run"]
        return ImageVerdict(
            action=strongest(actions),
            classifiers=verdicts,
            similarity=similarity,
            reasons=reasons,
            policy=self.policy.ref,
        )

    @staticmethod
    def apply_blur(image: Image.Image, verdict: ImageVerdict) -> Image.Image:
        """Blur the regions the verdict flagged for 'blur'.

        The whole image is blurred when a 'blur' has no box to locate it (similarity, or a
        whole-image classifier such as hf-image-classifier or sd-safety-checker).
        """
        if verdict.blur_whole_image:
            return blur_regions(image, [(0, 0, image.width, image.height)])
        return blur_regions(image, verdict.blur_boxes)
