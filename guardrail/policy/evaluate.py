"""Measure a policy on labelled prompts, and compare two policies on a corpus.

``evaluate_policy(policy, records)``: for each category of the labelled prompts, how many
unsafe prompts were blocked (recall), how many benign look-alikes were blocked (false blocks),
and precision (blocked unsafe / all blocked, counted by the prompts' labelled category); every
miss and every false block is listed with the rules that fired.

``diff_policies(old, new, records)``: every prompt whose decision (action or firing rules)
differs between two policies, with both decisions' reasons: the effect of an edit before it
ships. "Blocked" means action ``block``; flag and rewrite count as not blocked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from guardrail.policy.schema import Policy, PolicyRef, PromptAction
from guardrail.screening.batch import Label, PromptRecord

__all__ = ["DecisionChange", "EvalItem", "EvalReport", "GroupScore", "PolicyDiff", "diff_policies", "evaluate_policy"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvalItem(_Model):
    """One labelled prompt the policy got wrong (a miss or a false block)."""

    text: str = Field(description="The prompt.")
    line: int = Field(description="Line of the prompt in its file.")
    label: Label = Field(description="The prompt's label.")
    category: str = Field(description="The prompt's labelled category.")
    language: str = Field(description="The prompt's language.")
    action: PromptAction = Field(description="What the policy decided.")
    rules: list[str] = Field(description="Ids of the rules that fired (empty for a miss that nothing matched).")
    reasons: list[str] = Field(description="The decision's reasons, one line per firing rule.")


class GroupScore(_Model):
    """Scores of the prompts of one category (or one language)."""

    name: str = Field(description="The category or language.")
    unsafe: int = Field(description="Unsafe prompts.")
    blocked: int = Field(description="Unsafe prompts blocked (true positives).")
    benign: int = Field(description="Benign prompts.")
    false_blocks: int = Field(description="Benign prompts blocked (false positives).")
    recall: float | None = Field(description="blocked / unsafe (None without unsafe prompts).")
    precision: float | None = Field(description="blocked / (blocked + false_blocks) (None when nothing was blocked).")
    false_block_rate: float | None = Field(description="false_blocks / benign (None without benign prompts).")


class EvalReport(_Model):
    """How one policy does on one labelled set."""

    policy: PolicyRef = Field(description="The policy measured.")
    total: GroupScore = Field(description="All prompts together.")
    by_category: list[GroupScore] = Field(description="Per labelled category, sorted by name.")
    by_language: list[GroupScore] = Field(description="Per language, sorted by code.")
    misses: list[EvalItem] = Field(description="Unsafe prompts that were not blocked, in file order.")
    false_blocks: list[EvalItem] = Field(description="Benign prompts that were blocked, in file order.")


class DecisionChange(_Model):
    """One prompt whose decision differs between two policies."""

    text: str = Field(description="The prompt.")
    line: int = Field(description="Line of the prompt in the corpus file.")
    old_action: PromptAction = Field(description="The old policy's action.")
    new_action: PromptAction = Field(description="The new policy's action.")
    old_rules: list[str] = Field(description="Rules that fired under the old policy.")
    new_rules: list[str] = Field(description="Rules that fired under the new policy.")
    old_reasons: list[str] = Field(description="The old decision's reasons.")
    new_reasons: list[str] = Field(description="The new decision's reasons.")


class PolicyDiff(_Model):
    """Decisions that change between two policies on one corpus."""

    old: PolicyRef = Field(description="The old policy.")
    new: PolicyRef = Field(description="The new policy.")
    prompts: int = Field(description="Prompts screened.")
    transitions: dict[str, int] = Field(
        description="Count per action change, e.g. {'allow -> block': 3}; rule-only changes count as 'block -> block'."
    )
    changes: list[DecisionChange] = Field(
        description="Every prompt whose action or firing rules differ, in file order."
    )


def _score(name: str, rows: list[tuple[PromptRecord, bool]]) -> GroupScore:
    unsafe = [b for r, b in rows if r.label == Label.UNSAFE]
    benign = [b for r, b in rows if r.label == Label.BENIGN]
    tp, fp = sum(unsafe), sum(benign)
    return GroupScore(
        name=name,
        unsafe=len(unsafe),
        blocked=tp,
        benign=len(benign),
        false_blocks=fp,
        recall=tp / len(unsafe) if unsafe else None,
        precision=tp / (tp + fp) if tp + fp else None,
        false_block_rate=fp / len(benign) if benign else None,
    )


def evaluate_policy(policy: Policy, records: Sequence[PromptRecord]) -> EvalReport:
    """Screen every labelled record with ``policy`` and score the decisions (unlabelled records are skipped)."""
    from guardrail.screening import Screener

    screener = Screener(policy, max_length=max([policy.prompt.max_length, *(len(r.text) for r in records)]))
    rows: list[tuple[PromptRecord, bool]] = []
    misses: list[EvalItem] = []
    false_blocks: list[EvalItem] = []
    for record in records:
        if record.label is None:
            continue
        decision = screener.screen(record.text)
        blocked = decision.action == PromptAction.BLOCK
        rows.append((record, blocked))
        if blocked != (record.label == Label.UNSAFE):
            item = EvalItem(
                text=record.text,
                line=record.line,
                label=record.label,
                category=record.category,
                language=record.language,
                action=decision.action,
                rules=decision.rule_ids,
                reasons=decision.reasons,
            )
            (misses if record.label == Label.UNSAFE else false_blocks).append(item)
    categories = sorted({r.category for r, _ in rows})
    languages = sorted({r.language for r, _ in rows})
    return EvalReport(
        policy=policy.ref,
        total=_score("all", rows),
        by_category=[_score(c, [x for x in rows if x[0].category == c]) for c in categories],
        by_language=[_score(lang, [x for x in rows if x[0].language == lang]) for lang in languages],
        misses=misses,
        false_blocks=false_blocks,
    )


def diff_policies(old: Policy, new: Policy, records: Sequence[PromptRecord]) -> PolicyDiff:
    """Screen ``records`` with both policies and list every decision that differs."""
    from guardrail.screening import Screener

    longest = max(len(r.text) for r in records) if records else 1
    a = Screener(old, max_length=max(old.prompt.max_length, longest))
    b = Screener(new, max_length=max(new.prompt.max_length, longest))
    changes: list[DecisionChange] = []
    transitions: Counter[str] = Counter()
    for record in records:
        da, db = a.screen(record.text), b.screen(record.text)
        if da.action == db.action and da.rule_ids == db.rule_ids:
            continue
        transitions[f"{da.action.value} -> {db.action.value}"] += 1
        changes.append(
            DecisionChange(
                text=record.text,
                line=record.line,
                old_action=da.action,
                new_action=db.action,
                old_rules=da.rule_ids,
                new_rules=db.rule_ids,
                old_reasons=da.reasons,
                new_reasons=db.reasons,
            )
        )
    return PolicyDiff(
        old=old.ref, new=new.ref, prompts=len(records), transitions=dict(sorted(transitions.items())), changes=changes
    )
