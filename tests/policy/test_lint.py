"""lint_policy reports every problem at once, and builds (without loading) the backends a policy names."""

from __future__ import annotations

from guardrail.policy import lint_policy


def _where(problems):
    return [(p.line, p.col, p.key_path) for p in problems]


def test_schema_problems_bad_patterns_and_duplicate_ids_are_reported_together(write):
    path = write(
        "p.yaml",
        """
        name: p
        prompt:
          max_length: many
          rules:
            - id: a
              category: c
              action: block
              patterns: ['(?<=x)y']
            - id: a
              category: c
              action: shout
              terms: [z]
        """,
    )
    problems = lint_policy(path)
    by_key = {p.key_path: p for p in problems}
    assert by_key["prompt.max_length"].line == 3
    assert by_key["prompt.rules[1].action"].line == 11
    assert (
        "bad pattern" in by_key["prompt.rules[0].patterns[0]"].message
        and by_key["prompt.rules[0].patterns[0]"].line == 8
    )
    assert "duplicate rule id 'a'" in by_key["prompt.rules[1].id"].message and by_key["prompt.rules[1].id"].line == 9
    assert all(p.file == str(path) for p in problems)


def test_unknown_classifier_backend_is_reported_at_its_key_with_the_valid_names(write):
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenett
        """,
    )
    problems = lint_policy(path)
    assert _where(problems) == [(4, 7, "checks.classifiers[0].backend")]
    assert "unknown classifier backend 'nudenett'" in problems[0].message and "nudenet" in problems[0].fix


def test_bad_classifier_options_are_reported_at_the_option(write):
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenet
              options:
                min_score: 0.2
                resoluton: 320
            - backend: nudenet
              options: {threads: -1}
        """,
    )
    problems = lint_policy(path)
    assert _where(problems) == [
        (7, 9, "checks.classifiers[0].options.resoluton"),
        (9, 17, "checks.classifiers[1].options.threads"),
    ]
    assert "resolution" in problems[0].fix


def test_category_the_backend_cannot_score_is_reported(write):
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers:
            - backend: nudenet
              categories:
                sexual: {threshold: 0.5}
                Sexual: {threshold: 0.5}
        """,
    )
    problems = lint_policy(path)
    assert _where(problems) == [(7, 9, "checks.classifiers[0].categories.Sexual")]
    assert "sexual" in problems[0].fix and "suggestive" in problems[0].fix


def test_unknown_watermark_backend_and_bad_watermark_options_are_reported(write):
    unknown = write(
        "a.yaml",
        """
        name: a
        provenance:
          watermark: {backend: dwtDct}
        """,
    )
    problems = lint_policy(unknown)
    assert _where(problems) == [(3, 15, "provenance.watermark.backend")]
    assert "dwtDctSvdPlus" in problems[0].fix
    bad = write(
        "b.yaml",
        """
        name: b
        provenance:
          watermark:
            backend: dwtDctSvdPlus
            options:
              scale: -3
              strenght: 2
        """,
    )
    problems = lint_policy(bad)
    assert sorted(_where(problems)) == [
        (6, 7, "provenance.watermark.options.scale"),
        (7, 7, "provenance.watermark.options.strenght"),
    ]
    assert all(type(p).__name__ == "PolicyError" for p in problems)


def test_missing_signer_files_are_reported_relative_to_the_policy(write, tmp_path):
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "signer.key").write_text("not checked here")
    path = write(
        "p.yaml",
        """
        name: p
        provenance:
          signer:
            cert: keys/signer.pem
            key: keys/signer.key
        """,
    )
    problems = lint_policy(path)
    assert _where(problems) == [(4, 5, "provenance.signer.cert")]
    assert str(tmp_path / "keys" / "signer.pem") in problems[0].message


def test_a_policy_with_no_image_check_fails_lint(write):
    path = write(
        "p.yaml",
        """
        name: p
        checks:
          classifiers: []
          similarity: {enabled: false}
        """,
    )
    problems = lint_policy(path)
    assert _where(problems) == [(2, 1, "checks")]
    assert "every image would pass unchecked" in problems[0].message


def test_a_child_that_drops_every_image_check_fails_lint(write):
    path = write(
        "child.yaml",
        """
        name: child
        extends: builtin:default
        checks:
          classifiers: []
          similarity: {enabled: false}
        """,
    )
    assert _where(lint_policy(path)) == [(3, 1, "checks")]
    keeps_similarity = write(
        "ok.yaml",
        """
        name: ok
        extends: builtin:default
        checks:
          classifiers: []
        """,
    )
    assert lint_policy(keeps_similarity) == []


def test_inherited_backend_problems_point_at_extends(write):
    write(
        "parent.yaml",
        """
        name: parent
        provenance:
          watermark: {backend: nope}
        """,
    )
    child = write(
        "child.yaml",
        """
        name: child
        extends: parent.yaml
        """,
    )
    problems = lint_policy(child)
    assert _where(problems) == [(2, 1, "extends")]
    assert (
        "inherited through 'extends'" in problems[0].message and "provenance.watermark.backend" in problems[0].message
    )


def test_shipped_policies_lint_clean():
    assert lint_policy("builtin:default") == []
    assert lint_policy("builtin:children") == []
