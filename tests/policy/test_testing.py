"""Policy test cases: the shipped policies pass theirs; failures and bad files are reported."""

from __future__ import annotations

import pytest

from guardrail.errors import PolicyError
from guardrail.policy import builtin_policies, default_policy_path
from guardrail.policy.testing import run_policy_tests

POLICY = "name: p\nprompt:\n  rules:\n    - {id: nudity, category: sexual, action: block, terms: [nude]}\n"


@pytest.mark.parametrize("name", builtin_policies())
def test_shipped_policy_passes_its_own_cases(name):
    report = run_policy_tests(default_policy_path().with_name(f"{name}.yaml"))
    failures = [(r.line, r.case.prompt, r.reason) for r in report.results if not r.passed]
    assert failures == []
    assert len(report.results) >= 30 and report.ok


def test_shipped_cases_cover_obfuscated_and_benign_prompts():
    report = run_policy_tests(default_policy_path())
    actions = {r.case.expect.value for r in report.results}
    assert actions == {"allow", "flag", "rewrite", "block"}
    assert sum(r.case.expect.value == "allow" for r in report.results) >= 20


def test_failing_case_is_reported_with_its_line_and_reason(write):
    write("p.yaml", POLICY)
    write(
        "p.tests.yaml",
        """
        cases:
          - {prompt: a nude, expect: block, rules: [nudity]}
          - {prompt: a calm lake, expect: block}
          - {prompt: a n.u.d.e, expect: block, rules: [other]}
        """,
    )
    report = run_policy_tests(write("p.yaml", POLICY))
    assert (report.passed, report.failed, report.ok) == (1, 2, False)
    second, third = report.results[1:]
    assert second.line == 3 and second.reason == "expected block, got allow"
    assert third.line == 4 and third.reason == "rules not matched: other"


def test_tests_file_can_be_given_directly_and_names_its_policy(write):
    write("rules.yaml", POLICY)
    tests = write("mine.tests.yaml", "policy: rules.yaml\ncases:\n  - {prompt: x, expect: allow}\n")
    report = run_policy_tests(tests)
    assert report.ok and report.policy.name == "p"


def test_missing_tests_file_and_bad_case_are_policy_errors(write):
    with pytest.raises(PolicyError) as info:
        run_policy_tests(write("p.yaml", POLICY))
    assert "no tests file" in info.value.message
    write("p.tests.yaml", "cases:\n  - {prompt: x, expect: maybe}\n")
    with pytest.raises(PolicyError) as info:
        run_policy_tests(write("p.yaml", POLICY))
    assert info.value.line == 2 and info.value.file.endswith("p.tests.yaml")
