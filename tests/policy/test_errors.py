"""Every class of policy error names file:line:col and the key path."""

from __future__ import annotations

import pytest

from guardrail.errors import PolicyCycleError, PolicyError
from guardrail.policy import lint_policy, load_policy

RULE = """
  - id: a
    category: c
    action: block
    terms: [x]
"""


def test_yaml_syntax_error_names_line_and_column(write):
    path = write("p.yaml", "name: p\nprompt:\n  rules: [a, b\n  max_length: 3\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert err.file == str(path) and err.line == 4 and err.col is not None
    assert "YAML syntax error" in str(err)
    assert str(err).startswith(f"{path}:4:")


def test_unknown_key_points_at_the_key_and_lists_valid_keys(write):
    path = write(
        "p.yaml",
        """
        name: p
        prompt:
          rules:
            - id: a
              category: c
              action: block
              terms: [x]
              temrs: [y]
        """,
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert (err.line, err.col) == (8, 7)
    assert err.key_path == "prompt.rules[0].temrs"
    assert "unknown key 'temrs'" in err.message
    assert "terms" in err.fix and "exceptions" in err.fix


def test_wrong_type_says_what_was_expected_and_found(write):
    path = write(
        "p.yaml",
        """
        name: p
        prompt:
          max_length: lots
          rules:
            - id: a
              category: c
              action: blok
              terms: [x]
        """,
    )
    problems = lint_policy(path)
    assert [(p.line, p.col, p.key_path) for p in problems] == [
        (3, 3, "prompt.max_length"),
        (7, 7, "prompt.rules[0].action"),
    ]
    assert "found str 'lots'" in problems[0].message
    assert "'block'" in problems[1].message and "found str 'blok'" in problems[1].message


def test_missing_required_key_points_at_the_rule(write):
    path = write("p.yaml", "name: p\nprompt:\n  rules:\n    - id: a\n      action: block\n      terms: [x]\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (4, 7)
    assert "missing required key 'category'" in info.value.message


def test_duplicate_yaml_key_is_an_error(write):
    path = write("p.yaml", "name: p\nversion: '1'\nname: q\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (3, 1)
    assert "duplicate key 'name' (first defined at line 1)" in info.value.message


def test_duplicate_rule_id_points_at_the_second_rule(write):
    path = write("p.yaml", "name: p\nprompt:\n  rules:" + RULE + RULE)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (9, 5)  # the second "id: a"; a blank line separates the rules
    assert "duplicate rule id 'a' (first defined at line 4)" in info.value.message


def test_pattern_re2_cannot_compile_is_rejected_with_its_position(write):
    path = write(
        "p.yaml",
        r"""
        name: p
        prompt:
          rules:
            - id: a
              category: c
              action: block
              patterns:
                - 'ok+'
                - '(a+)+\1'
        """,
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (9, 11)
    assert info.value.key_path == "prompt.rules[0].patterns[1]"
    assert "bad pattern" in info.value.message and "RE2" in info.value.fix


def test_missing_terms_file_is_reported_where_it_is_named(write):
    path = write(
        "p.yaml",
        """
        name: p
        prompt:
          rules:
            - id: a
              category: c
              action: block
              terms_files: [lists/none.txt]
        """,
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (7, 21)
    assert "terms file 'lists/none.txt' not found" in info.value.message


def test_extends_cycle_raises_cycle_error_at_the_extends_key(write):
    write("a.yaml", "name: a\nextends: b.yaml\n")
    write("b.yaml", "name: b\nversion: '2'\nextends: a.yaml\n")
    with pytest.raises(PolicyCycleError) as info:
        load_policy(write("a.yaml", "name: a\nextends: b.yaml\n"))
    assert info.value.file.endswith("b.yaml") and (info.value.line, info.value.col) == (3, 1)
    assert "cycle" in info.value.message


def test_extends_itself_is_a_cycle(write):
    with pytest.raises(PolicyCycleError):
        load_policy(write("a.yaml", "name: a\nextends: a.yaml\n"))


def test_unknown_extends_target(write):
    path = write("c.yaml", "# child\nname: c\nextends: nowhere.yaml\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (3, 1)
    assert "not found" in info.value.message


def test_unknown_builtin_lists_the_valid_names(write):
    with pytest.raises(PolicyError) as info:
        load_policy("builtin:nope")
    assert "builtin:default" in info.value.fix and "builtin:children" in info.value.fix


def test_rewrite_rule_without_replacement(write):
    path = write(
        "p.yaml", "name: p\nprompt:\n  rules:\n  - id: a\n    category: c\n    action: rewrite\n    terms: [x]\n"
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.col) == (6, 5)


def test_policy_that_is_not_a_mapping(write):
    with pytest.raises(PolicyError) as info:
        load_policy(write("p.yaml", "- just\n- a list\n"))
    assert info.value.line == 1 and "mapping" in info.value.message


def test_unreadable_policy_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "missing.yaml")
    assert "not found" in str(info.value)


def test_lint_reports_every_schema_problem_of_a_file(write):
    path = write(
        "p.yaml",
        """
        name: p
        colour: blue
        prompt:
          rules:
            - id: a
              category: c
              action: nope
              terms: [x]
        generation:
          max_attempts: 0
        """,
    )
    problems = lint_policy(path)
    assert sorted((p.line, p.key_path) for p in problems) == [
        (2, "colour"),
        (7, "prompt.rules[0].action"),
        (10, "generation.max_attempts"),
    ]
    assert lint_policy("builtin:default") == []


def test_recursive_alias_is_a_policy_error_at_the_anchor(write):
    path = write("p.yaml", "name: p\ndescription: &a [*a]\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert "recursive YAML alias" in str(err)
    assert (err.file, err.line, err.col) == (str(path), 2, 14)
    assert lint_policy(path)[0].message.startswith("recursive YAML alias")


def test_recursive_merge_key_is_a_policy_error(write):
    path = write("p.yaml", "name: p\nchecks: &c\n  <<: *c\n")
    with pytest.raises(PolicyError, match="recursive YAML alias") as info:
        load_policy(path)
    assert info.value.line == 2


def test_alias_expansion_bomb_is_capped_with_a_location(write):
    lines = ["name: p", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):  # 10**7 scalars once expanded
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    path = write("p.yaml", "\n".join(lines) + "\n")
    problems = lint_policy(path)
    assert len(problems) == 1
    err = problems[0]
    assert (
        "expands to more than" in err.message and err.file == str(path) and err.line is not None and err.col is not None
    )


def test_anchors_and_merge_keys_still_work(write):
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenet
              categories:
                sexual: &strict {threshold: 0.4, action: block}
                suggestive: *strict
        prompt:
          rules:
            - &base {id: a, category: c, action: block, terms: [x]}
            - {<<: *base, id: b, terms: [y]}
        """,
    )
    policy = load_policy(path)
    cats = policy.checks.classifiers[0].categories
    assert cats["suggestive"] == cats["sexual"]
    assert [r.id for r in policy.prompt.rules] == ["a", "b"] and policy.prompt.rules[1].terms == ["y"]
