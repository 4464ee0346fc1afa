"""The Python example of docs/service.md runs against a real server (docs are executed)."""

from __future__ import annotations

import re

import pytest

from tests.service.conftest import REPO, Server

pytestmark = pytest.mark.slow

DOC = REPO / "docs" / "service.md"


def test_python_example_of_the_docs_runs(server: Server, all_key) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert "http://127.0.0.1:8080" in block
    namespace = {"key": all_key[1]}
    exec(compile(block.replace("http://127.0.0.1:8080", server.url), str(DOC), "exec"), namespace)  # noqa: S102
    assert namespace["decision"]["action"] == "allow" and namespace["report"]["verdict"] == "ai-generated"
