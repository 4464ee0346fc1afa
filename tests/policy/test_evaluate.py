"""Measuring a policy on labelled prompts and comparing two policies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from guardrail.policy import PromptAction, load_policy
from guardrail.policy.evaluate import diff_policies, evaluate_policy
from guardrail.screening.batch import read_prompts

OLD = """
name: old
prompt:
  rules:
    - {id: nudity, category: sexual, action: block, terms: [nude]}
    - {id: gore, category: violence, action: flag, terms: [gore]}
"""
NEW = """
name: new
prompt:
  rules:
    - {id: nudity, category: sexual, action: block, terms: [nude, naked]}
    - {id: gore, category: violence, action: block, terms: [gore]}
"""
LABELLED = (
    "\n".join(
        [
            '{"text": "a nude woman", "label": "unsafe", "category": "sexual", "language": "en"}',
            '{"text": "a naked man", "label": "unsafe", "category": "sexual", "language": "en"}',
            '{"text": "stars seen with the naked eye", "label": "benign", "category": "sexual", "language": "en"}',
            '{"text": "extreme gore", "label": "unsafe", "category": "violence", "language": "en"}',
            '{"text": "Al Gore speaking", "label": "benign", "category": "violence", "language": "en"}',
            '{"text": "un phare", "label": "benign", "category": "violence", "language": "fr"}',
        ]
    )
    + "\n"
)


def test_eval_scores_categories_and_lists_misses_with_rules(write: Callable[[str, str], Path]) -> None:
    records = read_prompts(write("set.jsonl", LABELLED))
    report = evaluate_policy(load_policy(write("new.yaml", NEW)), records)
    sexual = next(g for g in report.by_category if g.name == "sexual")
    assert (sexual.unsafe, sexual.blocked, sexual.benign, sexual.false_blocks) == (2, 2, 1, 1)
    assert sexual.recall == 1.0 and sexual.precision == 2 / 3 and sexual.false_block_rate == 1.0
    violence = next(g for g in report.by_category if g.name == "violence")
    assert (violence.blocked, violence.false_blocks) == (1, 1)
    assert [x.text for x in report.false_blocks] == ["stars seen with the naked eye", "Al Gore speaking"]
    assert report.false_blocks[0].rules == ["nudity"] and "matched 'naked'" in report.false_blocks[0].reasons[0]
    assert report.misses == []
    assert [g.name for g in report.by_language] == ["en", "fr"] and report.total.unsafe == 3


def test_eval_lists_a_miss_with_the_flag_rule_that_fired(write: Callable[[str, str], Path]) -> None:
    report = evaluate_policy(load_policy(write("old.yaml", OLD)), read_prompts(write("set.jsonl", LABELLED)))
    assert [(x.text, x.action, x.rules) for x in report.misses] == [
        ("a naked man", PromptAction.ALLOW, []),
        ("extreme gore", PromptAction.FLAG, ["gore"]),
    ]
    assert report.total.recall == 1 / 3


def test_diff_lists_each_changed_decision_with_both_reasons(write: Callable[[str, str], Path]) -> None:
    records = read_prompts(write("set.jsonl", LABELLED))
    old, new = load_policy(write("old.yaml", OLD)), load_policy(write("new.yaml", NEW))
    report = diff_policies(old, new, records)
    assert report.transitions == {"allow -> block": 2, "flag -> block": 2}
    by_text = {c.text: c for c in report.changes}
    assert set(by_text) == {"a naked man", "stars seen with the naked eye", "extreme gore", "Al Gore speaking"}
    change = by_text["extreme gore"]
    assert change.old_reasons[0].startswith("gore (flag") and change.new_reasons[0].startswith("gore (block")
    assert diff_policies(old, old, records).changes == []
