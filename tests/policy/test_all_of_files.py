"""all_of groups that read their terms from files: loading, screening, errors with positions."""

from __future__ import annotations

import pytest

from guardrail.errors import PolicyError
from guardrail.policy import PromptAction, lint_policy, load_policy
from guardrail.screening import Screener

POLICY = """
name: groups
prompt:
  rules:
    - id: minors
      category: minors
      severity: critical
      action: block
      final: true
      all_of:
        - terms: [child]
          terms_files: [terms/minors.txt]
        - [nude, naked]
"""


@pytest.fixture
def policy_path(write):
    write("terms/minors.txt", "# ages\n12 year old\ntoddler\n\nkid\n")
    return write("groups.yaml", POLICY)


def test_group_terms_files_are_inlined_and_used_for_co_occurrence(policy_path):
    policy = load_policy(policy_path)
    groups = policy.prompt.rules[0].all_of
    assert groups[0].terms == ["child", "12 year old", "toddler", "kid"] and groups[0].terms_files == []
    assert groups[1].terms == ["nude", "naked"]
    screener = Screener(policy)
    decision = screener.screen("a n.a.k.e.d 12 year old")
    assert decision.action == PromptAction.BLOCK and decision.rule_ids == ["minors"]
    assert {m.text for m in decision.matches} == {"n.a.k.e.d", "12 year old"}
    assert screener.screen("a 12 year old at the beach").action == PromptAction.ALLOW
    assert screener.screen("a naked statue").action == PromptAction.ALLOW


def test_plain_list_groups_and_mapping_groups_hash_the_same(write, policy_path):
    inline = write(
        "inline.yaml",
        POLICY.replace(
            "        - terms: [child]\n          terms_files: [terms/minors.txt]\n",
            "        - [child, 12 year old, toddler, kid]\n",
        ),
    )
    assert load_policy(inline).hash == load_policy(policy_path).hash


def test_hash_changes_when_a_group_terms_file_changes(write, policy_path):
    before = load_policy(policy_path).hash
    write("terms/minors.txt", "12 year old\ntoddler\nkid\ninfant\n")
    assert load_policy(policy_path).hash != before


def test_missing_group_terms_file_is_reported_where_it_is_named(write):
    path = write("groups.yaml", POLICY)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert (err.file, err.line, err.col) == (str(path), 11, 25)
    assert "terms/minors.txt" in err.message and err.key_path == "prompt.rules[0].all_of[0].terms_files[0]"
    assert str(err).startswith(f"{path}:11:25:")


def test_unknown_key_in_a_group_points_at_the_key(write, policy_path):
    path = write("groups.yaml", POLICY.replace("terms_files: [terms/minors.txt]", "terms_file: [terms/minors.txt]"))
    problems = lint_policy(path)
    assert len(problems) == 1
    err = problems[0]
    assert (err.line, err.col) == (11, 11) and "unknown key 'terms_file'" in err.message
    assert "terms_files" in (err.fix or "")


def test_empty_group_mapping_and_wrong_item_type_are_located(write):
    path = write(
        "groups.yaml",
        POLICY.replace("        - terms: [child]\n          terms_files: [terms/minors.txt]\n", "        - {}\n"),
    )
    [err] = lint_policy(path)
    assert (err.line, err.col) == (10, 11) and "at least one term" in err.message
    path = write("groups.yaml", POLICY.replace("        - [nude, naked]", "        - [nude, [naked]]"))
    write("terms/minors.txt", "kid\n")
    [err] = lint_policy(path)
    assert (err.line, err.col) == (12, 18) and "valid string" in err.message


def test_child_restating_a_final_rule_must_keep_the_file_terms(write, policy_path):
    base = (
        "name: child\nextends: groups.yaml\nprompt:\n  rules:\n    - id: minors\n      category: minors\n      "
        "severity: critical\n      action: block\n      all_of:\n"
    )
    ok = load_policy(
        write(
            "ok.yaml",
            base
            + "        - {terms: [child, teen], terms_files: [terms/minors.txt]}\n        - [nude, naked, topless]\n",
        )
    )
    assert set(ok.prompt.rules[0].all_of[0].terms) == {"child", "teen", "12 year old", "toddler", "kid"}
    with pytest.raises(PolicyError) as info:
        load_policy(write("weak.yaml", base + "        - {terms_files: [terms/minors.txt]}\n        - [nude, naked]\n"))
    assert "all_of" in info.value.message and info.value.line == 5
