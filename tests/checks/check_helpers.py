"""Policy builders shared by the check tests."""

from __future__ import annotations

from typing import Any

from guardrail.policy.schema import ChecksSection, ClassifierConfig, Policy, SimilaritySection


def policy_with(*classifiers: dict[str, Any], similarity: dict[str, Any] | None = None) -> Policy:
    """A policy whose checks are the given classifier configs (similarity off unless given)."""
    sim = SimilaritySection(**similarity) if similarity is not None else SimilaritySection(enabled=False)
    return Policy(
        name="test",
        checks=ChecksSection(classifiers=[ClassifierConfig(**c) for c in classifiers], similarity=sim),
    )
