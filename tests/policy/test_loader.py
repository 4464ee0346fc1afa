"""Loading, extends, final rules, term files and the policy hash."""

from __future__ import annotations

from pathlib import Path

import pytest

import guardrail
from guardrail.errors import PolicyError
from guardrail.policy import PromptAction, builtin_policies, default_policy_path, load_policy
from guardrail.policy.schema import WatermarkConfig

PARENT = """
name: parent
version: "1"
prompt:
  exceptions: [nude color]
  rules:
    - id: minors
      category: minors
      severity: critical
      action: block
      final: true
      terms: [loli]
      all_of: [[child, kid], [nude, naked]]
    - id: nudity
      category: sexual
      action: block
      terms: [nude]
    - id: weapons
      category: violence
      action: flag
      terms: [gun]
generation:
  max_attempts: 3
  negative_prompt: gore
"""


def test_default_policy_loads_from_the_package_with_hash_and_source():
    policy = load_policy()
    path = default_policy_path()
    assert path.is_file() and Path(guardrail.__file__).parent in path.parents
    assert policy.name == "default" and policy.source == str(path)
    assert len(policy.hash) == 64 and int(policy.hash, 16) >= 0
    assert policy.ref.hash == policy.hash and policy.ref.name == "default"
    assert load_policy("builtin:default").hash == policy.hash
    assert set(builtin_policies()) >= {"default", "children"}


def test_default_policy_sections_for_other_stages():
    policy = load_policy()
    nudenet = policy.checks.classifiers[0]
    assert nudenet.backend == "nudenet"
    assert nudenet.categories["sexual"].threshold == 0.45 and nudenet.categories["sexual"].action.value == "block"
    assert nudenet.categories["suggestive"].action.value == "flag"
    assert policy.checks.similarity.enabled and policy.checks.similarity.threshold == 8
    assert policy.generation.max_attempts == 3 and "nudity" in policy.generation.negative_prompt
    assert policy.provenance.watermark.backend == WatermarkConfig().backend  # schema default, not named by the policy


def test_term_files_are_inlined_relative_to_the_policy(write):
    write("lists/big.txt", "# comment\n\n" + "\n".join(f"term{i:05d}" for i in range(5000)) + "\n")
    policy = load_policy(
        write(
            "sub/../p.yaml",
            """
        name: p
        prompt:
          rules:
            - id: big
              category: c
              action: block
              terms: [extra]
              terms_files: [lists/big.txt]
        """,
        )
    )
    rule = policy.prompt.rules[0]
    assert rule.terms_files == [] and len(rule.terms) == 5001
    assert rule.terms[0] == "extra" and rule.terms[-1] == "term04999"


def test_child_overrides_rules_by_id_adds_rules_and_merges_sections(write):
    write("parent.yaml", PARENT)
    child = load_policy(
        write(
            "child.yaml",
            """
        name: child
        extends: parent.yaml
        prompt:
          rules:
            - id: weapons
              category: violence
              action: block
              terms: [gun, rifle]
            - id: drugs
              category: drugs
              action: block
              terms: [cocaine]
        generation:
          negative_prompt: gore, weapons
        """,
        )
    )
    rules = {r.id: r for r in child.prompt.rules}
    assert list(rules) == ["minors", "nudity", "weapons", "drugs"]
    assert rules["weapons"].action == PromptAction.BLOCK and rules["weapons"].terms == ["gun", "rifle"]
    assert child.generation.negative_prompt == "gore, weapons" and child.generation.max_attempts == 3
    assert child.prompt.exceptions == ["nude color"]
    assert child.name == "child" and child.version == "1"


def test_child_cannot_weaken_a_final_rule(write):
    write("parent.yaml", PARENT)
    path = write(
        "child.yaml",
        """
        name: child
        extends: parent.yaml
        prompt:
          rules:
            - id: minors
              category: minors
              severity: critical
              action: flag
              terms: [loli]
              all_of: [[child, kid], [nude, naked]]
        """,
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert err.file == str(path) and (err.line, err.col) == (5, 7)
    assert "final" in err.message and "weaker" in err.message


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("terms: []\n      all_of: [[child, kid], [nude, naked]]", "drops terms"),
        ("terms: [loli]\n      all_of: [[child], [nude, naked]]", "all_of"),
        (
            "terms: [loli]\n      all_of: [[child, kid], [nude, naked]]\n      exceptions: [nude child]",
            "adds exceptions",
        ),
        ("terms: [loli]\n      all_of: [[child, kid], [nude, naked]]\n      final: false", "final: false"),
    ],
)
def test_every_way_of_weakening_a_final_rule_is_refused(write, change, reason):
    write("parent.yaml", PARENT)
    text = (
        "name: child\nextends: parent.yaml\nprompt:\n  rules:\n    - id: minors\n      category: minors\n      "
        "severity: critical\n      action: block\n      " + change + "\n"
    )
    with pytest.raises(PolicyError) as info:
        load_policy(write("child.yaml", text))
    assert reason in info.value.message and info.value.line == 5


def test_child_may_restate_a_final_rule_more_strictly(write):
    write("parent.yaml", PARENT)
    child = load_policy(
        write(
            "child.yaml",
            """
        name: child
        extends: parent.yaml
        prompt:
          rules:
            - id: minors
              category: minors
              severity: critical
              action: block
              terms: [loli, shota]
              all_of: [[child, kid, toddler], [nude, naked, sexy]]
        """,
        )
    )
    minors = child.prompt.rules[0]
    assert minors.final and minors.terms == ["loli", "shota"]


def test_disable_drops_an_inherited_rule_but_not_a_final_one(write):
    write("parent.yaml", PARENT)
    child = load_policy(write("c1.yaml", "name: c1\nextends: parent.yaml\nprompt:\n  disable: [weapons]\n"))
    assert [r.id for r in child.prompt.rules] == ["minors", "nudity"]
    with pytest.raises(PolicyError) as info:
        load_policy(write("c2.yaml", "name: c2\nextends: parent.yaml\nprompt:\n  disable: [weapons, minors]\n"))
    assert (info.value.line, info.value.col) == (4, 22) and "final" in info.value.message
    with pytest.raises(PolicyError) as info:
        load_policy(write("c3.yaml", "name: c3\nextends: parent.yaml\nprompt:\n  disable: [nope]\n"))
    assert "no such rule" in info.value.message


def test_extends_builtin_policy(write):
    child = load_policy(write("c.yaml", "name: mine\nextends: builtin:default\n"))
    default = load_policy()
    assert [r.id for r in child.prompt.rules] == [r.id for r in default.prompt.rules]
    assert child.hash != default.hash  # the name differs, so the content differs


def test_hash_is_stable_across_formatting_and_extends_paths(write):
    a = write("a/p.yaml", "name: p\nprompt:\n  rules:\n    - {id: r, category: c, action: block, terms: [x]}\n")
    b = write(
        "b/p.yaml",
        "# same rules, other layout\nprompt:\n  rules:\n    - action: block\n      terms:\n        - x\n      "
        "category: c\n      id: r\nname: p\n",
    )
    assert load_policy(a).hash == load_policy(b).hash


def test_hash_changes_when_a_rule_changes_even_in_a_parent_or_terms_file(write):
    write("terms.txt", "alpha\n")
    write(
        "parent.yaml",
        "name: parent\nprompt:\n  rules:\n    - {id: r, category: c, action: block, terms_files: [terms.txt]}\n",
    )
    child = write("child.yaml", "name: child\nextends: parent.yaml\n")
    before = load_policy(child).hash
    write("terms.txt", "alpha\nbeta\n")
    after_terms = load_policy(child).hash
    write(
        "parent.yaml",
        "name: parent\nprompt:\n  rules:\n    - {id: r, category: c, action: flag, terms_files: [terms.txt]}\n",
    )
    after_action = load_policy(child).hash
    assert len({before, after_terms, after_action}) == 3


def test_children_policy_blocks_every_image_category_the_default_only_flags():
    default = load_policy("builtin:default").checks
    children = load_policy("builtin:children").checks
    assert children.classifiers[0].categories["suggestive"].action.value == "block"
    parent_rules = {(c.backend, name): rule for c in default.classifiers for name, rule in c.categories.items()}
    child_rules = {(c.backend, name): rule for c in children.classifiers for name, rule in c.categories.items()}
    assert set(parent_rules) <= set(child_rules)  # restating the list did not drop a category
    for key, rule in parent_rules.items():
        assert child_rules[key].action.value == "block" and child_rules[key].threshold <= rule.threshold
    assert children.similarity.enabled and children.similarity.action.value == "block"


def test_policy_built_in_code_has_the_same_hash_as_the_loaded_file(tmp_path):
    from guardrail.policy import Policy
    from guardrail.screening import Screener

    path = tmp_path / "p.yaml"
    path.write_text(PARENT, encoding="utf-8")
    loaded = load_policy(path)
    built = Policy.model_validate(loaded.model_dump())
    assert len(built.hash) == 64 and built.hash == loaded.hash
    assert built.ref.hash == loaded.hash
    assert Screener(built).screen("a gun").policy.hash == loaded.hash


def test_changing_a_policy_copy_changes_its_hash():
    policy = load_policy()
    changed = policy.model_copy(update={"version": "2"})
    assert changed.hash != policy.hash and changed.ref.hash == changed.hash
    assert policy.model_copy().hash == policy.hash
