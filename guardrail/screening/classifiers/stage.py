"""Run a policy's prompt classifiers after the rules: timeouts, fail closed, matches.

For each classifier the stage waits at most ``timeout_s`` for the classification (a worker's first
use of a classifier loads its model first, under the classifier's ``load_timeout_s``). Local models and
plugins run in the check worker processes (``guardrail.checks.worker``), killed at the deadline, so
a model that holds the GIL or ends its process cannot hang or kill the screener; a network client
that declares ``in_process = True`` runs on a thread (its socket timeout bounds it). A score at or
above a category's threshold gives a match with that category's action. An error, a timeout, a
configured category the model did not score or a score that is not a finite number gives a ``block``
match of kind ``could-not-check``: a prompt that could not be checked is never treated as safe. The
screener runs the stage only on prompts the rules did not block, so a model can add a block or a
flag but never remove one.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

from guardrail.outcomes import COULD_NOT_CHECK
from guardrail.policy.schema import PromptAction, PromptClassifierConfig, Severity
from guardrail.screening.classifiers.base import PromptClassifier, PromptScores
from guardrail.screening.classifiers.registry import create_prompt_classifier, prompt_classifier_reference
from guardrail.screening.decision import RuleMatch

if TYPE_CHECKING:
    from guardrail.checks.worker import ClassifierSpec

__all__ = ["ModelStage"]

log = logging.getLogger(__name__)

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="guardrail-prompt-model")


class ModelStage:
    """The prompt classifiers of one policy (built once; models load on first use, or at :meth:`load`)."""

    def __init__(self, configs: list[PromptClassifierConfig]) -> None:
        self.configs = configs
        with contextlib.redirect_stdout(sys.stderr):  # a plugin's print() must never mix into the CLI's --json
            self.classifiers: list[PromptClassifier] = [
                create_prompt_classifier(c.backend, dict(c.options), f"prompt.classifiers[{i}]")
                for i, c in enumerate(configs)
            ]
        from guardrail.checks.worker import ClassifierSpec  # deferred: screening without models stays light

        # None: runs on a thread (in_process); else what the worker process builds it from
        self._specs: list[ClassifierSpec | None] = [
            None
            if _runs_in_process(classifier)
            else ClassifierSpec(
                prompt_classifier_reference(c.backend, f"prompt.classifiers[{i}]"),
                dict(c.options),
                f"prompt.classifiers[{i}]",
                c.load_timeout_s,
            )
            for i, (c, classifier) in enumerate(zip(configs, self.classifiers, strict=True))
        ]

    def _scores(
        self, classifier: PromptClassifier, spec: ClassifierSpec | None, prompt: str, timeout_s: float
    ) -> PromptScores:
        """The classifier's scores, within ``timeout_s`` (raises on a failure or past the deadline)."""
        if spec is not None:
            from guardrail.checks.worker import pool

            return pool().run("classify-text", spec, (prompt, timeout_s), timeout_s)
        return _POOL.submit(classifier.classify, prompt, timeout_s).result(timeout=timeout_s)

    def __bool__(self) -> bool:
        return bool(self.classifiers)

    def load(self) -> None:
        """Load every classifier now instead of on first use (raises ModelLoadError on failure).

        A worker-run classifier loads in a check worker under the workers' load deadline (the worker
        then stays warm for the next prompt; other workers of the pool still load on their first use);
        an in-process one runs its own ``load`` (a network client checks its settings).
        """
        from guardrail.checks.worker import LOAD_TIMEOUT_S, CheckFailed, pool
        from guardrail.errors import GuardrailError, ModelLoadError

        for i, (classifier, spec) in enumerate(zip(self.classifiers, self._specs, strict=True)):
            where = f"prompt.classifiers[{i}]"
            try:
                if spec is None:
                    classifier.load()
                else:
                    pool().run("load", spec, None, LOAD_TIMEOUT_S)
            except CheckFailed as err:  # the backend's own error as raised in the worker
                raise (err.original or ModelLoadError(err.message, where=where)) from err
            except GuardrailError as err:
                raise ModelLoadError(f"loading the model: {err.message}", where=where) from err
            except Exception as err:  # an in-process backend's own failure
                raise ModelLoadError(f"loading the model: {type(err).__name__}: {err}", where=where) from err

    def run(self, prompt: str) -> list[RuleMatch]:
        """Matches of every classifier on ``prompt`` (scores over threshold, or 'could-not-check' blocks)."""
        from guardrail.checks.worker import CheckAbandoned

        matches: list[RuleMatch] = []
        for config, classifier, spec in zip(self.configs, self.classifiers, self._specs, strict=True):
            rule_id = f"model.{config.backend}"
            try:
                scores = self._scores(classifier, spec, prompt, config.timeout_s)
            except FutureTimeout:
                matches.append(_could_not_check(rule_id, prompt, f"no answer within {config.timeout_s:g} s"))
                continue
            except CheckAbandoned as err:  # past the deadline (worker killed) or the worker died
                matches.append(_could_not_check(rule_id, prompt, str(err.message)))
                continue
            except Exception as err:
                log.warning("prompt classifier %s failed: %s", config.backend, err)
                matches.append(_could_not_check(rule_id, prompt, f"{type(err).__name__}: {err}"))
                continue
            if not isinstance(scores, dict):
                matches.append(_could_not_check(rule_id, prompt, f"the model gave {type(scores).__name__}, not scores"))
                continue
            for category, rule in config.categories.items():
                score = scores.get(category)
                if score is None:
                    matches.append(_could_not_check(rule_id, prompt, f"the model gave no score for {category!r}"))
                elif not _is_finite_number(score):  # NaN is below every threshold: it must not pass as clean
                    why = f"the model's score for {category!r} is not a number: {score!r}"
                    matches.append(_could_not_check(rule_id, prompt, why))
                elif score >= rule.threshold:
                    matches.append(
                        RuleMatch(
                            rule_id=f"{rule_id}.{category}",
                            category=category,
                            severity=rule.severity,
                            action=rule.action,
                            kind="model",
                            span=(0, len(prompt)),
                            text=prompt,
                            normalised=f"score {score:.3f} >= {rule.threshold:g}",
                        )
                    )
        return matches


def _runs_in_process(classifier: PromptClassifier) -> bool:
    """True for guardrail's own backends that declare ``in_process`` (a network client bounded by its socket
    timeout). A plugin's own claim is not taken: one that holds the GIL would outlast its deadline on a thread."""
    return bool(getattr(classifier, "in_process", False)) and type(classifier).__module__.startswith("guardrail.")


def _is_finite_number(value: object) -> bool:
    """A real, finite score (a bool, a string, NaN or infinity is not one)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _could_not_check(rule_id: str, prompt: str, why: str) -> RuleMatch:
    return RuleMatch(
        rule_id=rule_id,
        category=COULD_NOT_CHECK,
        severity=Severity.HIGH,
        action=PromptAction.BLOCK,
        kind=COULD_NOT_CHECK,
        span=(0, len(prompt)),
        text=prompt,
        normalised=f"could not check: {why}",
    )
