"""Run a policy's own test cases (``NAME.tests.yaml`` beside ``NAME.yaml``), OPA style.

A tests file::

    policy: default.yaml        # optional; default: the policy with the same stem
    cases:
      - prompt: "a nude woman"
        expect: block           # block | rewrite | flag | allow
        rules: [sexual.nudity]  # optional: these rule ids must be among the matches
        rewritten: "..."        # optional: expected effective prompt (rewrite cases)
        note: why this case     # optional
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardrail.errors import GuardrailError, PolicyError
from guardrail.policy.loader import load_policy
from guardrail.policy.schema import PolicyRef, PromptAction
from guardrail.policy.yamlmarks import read_marked_yaml

__all__ = ["PolicyTestCase", "PolicyTestReport", "PolicyTestResult", "find_tests_file", "run_policy_tests"]

TESTS_SUFFIX = ".tests.yaml"


class PolicyTestCase(BaseModel):
    """One expected decision."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: str = Field(description="The prompt to screen.")
    expect: PromptAction = Field(description="The expected action.")
    rules: list[str] = Field(default_factory=list, description="Rule ids that must be among the matches.")
    rewritten: str | None = Field(None, description="Expected effective prompt after rewriting.")
    note: str = Field("", description="Why the case is there.")


class _TestsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    policy: str | None = Field(None, description="The policy under test, relative to the tests file.")
    cases: list[PolicyTestCase] = Field(min_length=1, description="The cases.")


class PolicyTestResult(BaseModel):
    """The outcome of one case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: PolicyTestCase = Field(description="The case.")
    line: int | None = Field(None, description="Line of the case in the tests file.")
    actual: PromptAction | None = Field(None, description="The action screening decided (None on an input error).")
    matched_rules: list[str] = Field(default_factory=list, description="Ids of the rules that matched.")
    passed: bool = Field(description="True when the action, required rules and rewrite all agree.")
    reason: str = Field("", description="Why the case failed (empty when it passed).")


class PolicyTestReport(BaseModel):
    """All case outcomes for one policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    policy_file: str = Field(description="The policy file tested.")
    tests_file: str = Field(description="The tests file run.")
    policy: PolicyRef = Field(description="Name, version and hash of the policy tested.")
    results: list[PolicyTestResult] = Field(description="One result per case, in file order.")

    @property
    def passed(self) -> int:
        """Number of passing cases."""
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> int:
        """Number of failing cases."""
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        """True when every case passed."""
        return self.failed == 0


def find_tests_file(policy_path: Path) -> Path | None:
    """The tests file beside a policy (``NAME.tests.yaml``), if there is one."""
    candidate = policy_path.with_name(policy_path.stem + TESTS_SUFFIX)
    return candidate if candidate.is_file() else None


def _run_case(screener: object, case: PolicyTestCase, line: int | None) -> PolicyTestResult:
    try:
        decision = screener.screen(case.prompt)  # type: ignore[attr-defined]
    except GuardrailError as err:
        return PolicyTestResult(case=case, line=line, passed=False, reason=f"input error: {err}")
    ids = decision.rule_ids
    problems = []
    if decision.action != case.expect:
        problems.append(f"expected {case.expect.value}, got {decision.action.value}")
    missing = [r for r in case.rules if r not in ids]
    if missing:
        problems.append(f"rules not matched: {', '.join(missing)}")
    if case.rewritten is not None and decision.effective_prompt != case.rewritten:
        problems.append(f"rewritten to {decision.effective_prompt!r}, expected {case.rewritten!r}")
    return PolicyTestResult(
        case=case, line=line, actual=decision.action, matched_rules=ids, passed=not problems, reason="; ".join(problems)
    )


def run_policy_tests(path: str | Path) -> PolicyTestReport:
    """Run the test cases of a policy. ``path`` may be the policy or its ``.tests.yaml`` file."""
    from guardrail.screening import Screener

    path = Path(path)
    if path.name.endswith(TESTS_SUFFIX):
        tests_path = path
        policy_path: Path | None = None
    else:
        found = find_tests_file(path)
        if found is None:
            raise PolicyError(
                f"no tests file {path.stem + TESTS_SUFFIX} beside the policy",
                file=str(path),
                fix="add one with 'cases:' (see docs/policies.md)",
            )
        tests_path, policy_path = found, path
    doc = read_marked_yaml(tests_path)
    try:
        spec = _TestsFile.model_validate(doc.data)
    except ValidationError as err:
        e = err.errors()[0]
        loc = tuple(p for p in e["loc"] if isinstance(p, (str, int)))
        raise doc.error(f"{e['msg']}", loc) from err
    if policy_path is None:
        policy_path = tests_path.parent / (spec.policy or tests_path.name[: -len(TESTS_SUFFIX)] + ".yaml")
    elif spec.policy is not None and (tests_path.parent / spec.policy).resolve() != policy_path.resolve():
        raise doc.error(f"tests file is for {spec.policy!r}, not {policy_path.name!r}", ("policy",))
    policy = load_policy(policy_path)
    screener = Screener(policy)
    results = [_run_case(screener, case, doc.where(("cases", i))[0]) for i, case in enumerate(spec.cases)]
    return PolicyTestReport(
        policy_file=str(policy_path), tests_file=str(tests_path), policy=policy.ref, results=results
    )
