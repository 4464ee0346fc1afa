"""Policies: the YAML rule sets that say what is screened, checked and marked.

``load_policy(path)`` reads, validates and resolves a policy (``extends`` merged, term files
inlined, hash set); ``lint_policy(path)`` lists every problem with ``file:line:col``;
``guardrail.policy.testing.run_policy_tests(path)`` runs a policy's own test cases.
"""

from __future__ import annotations

from guardrail.policy.lint import lint_policy
from guardrail.policy.loader import (
    builtin_policies,
    default_policy_path,
    load_policy,
    policy_hash,
    resolve_policy_path,
)
from guardrail.policy.schema import Policy, PolicyRef, PromptAction, PromptRule, PromptSection, Severity

__all__ = [
    "Policy",
    "PolicyRef",
    "PromptAction",
    "PromptRule",
    "PromptSection",
    "Severity",
    "builtin_policies",
    "default_policy_path",
    "lint_policy",
    "load_policy",
    "policy_hash",
    "resolve_policy_path",
]
