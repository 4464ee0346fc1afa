"""Policy examples in docs/policies.md are valid policies (docs are executed, not just read)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guardrail.policy import lint_policy

DOC = Path(__file__).resolve().parents[1] / "docs" / "policies.md"
_YAML = re.compile(r"```yaml\n(.*?)```", re.S)


def _policy_examples() -> list[str]:
    """Complete examples (start with `name:`) and section examples (start with `checks:`, `prompt:` or
    `representation:`)."""
    out = []
    for block in _YAML.findall(DOC.read_text(encoding="utf-8")):
        if block.startswith("name:"):
            out.append(block)
        elif block.startswith(("checks:", "prompt:", "representation:")):
            out.append("name: doc-sections\n" + block)
    return out


def test_docs_have_policy_examples() -> None:
    assert len(_policy_examples()) >= 5


@pytest.mark.parametrize("index", range(len(_policy_examples())))
def test_policy_example_in_docs_lints_clean(index: int, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(_policy_examples()[index], encoding="utf-8")
    problems = lint_policy(path)
    assert problems == [], [str(p) for p in problems]
