"""One hub-id-or-path rule for pipelines and classifiers: they agree, `a/b/c` included."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.checks.base import resolve_model_source
from guardrail.errors import ModelLoadError
from guardrail.generation import load_pipeline
from guardrail.model_source import looks_like_path


@pytest.mark.parametrize(
    ("name", "is_path"),
    [
        ("sd-turbo", False),
        ("stabilityai/sd-turbo", False),
        ("org/model.v2", False),
        ("a/b/c", True),
        ("./model", True),
        ("/models/x", True),
        ("~/x", True),
        ("C:\\models\\x", True),
        ("org/", True),
    ],
)
def test_hub_ids_and_paths(name: str, is_path: bool) -> None:
    assert looks_like_path(name) is is_path


def test_pipelines_and_classifiers_both_read_a_b_c_as_a_missing_folder() -> None:
    with pytest.raises(ModelLoadError, match="no such model folder"):
        load_pipeline("a/b/c")
    with pytest.raises(ModelLoadError, match="does not exist"):
        resolve_model_source("a/b/c", where="checks.classifiers[0].options.model")


def test_an_existing_folder_is_a_path_whatever_its_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org" / "name").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_model_source("org/name", where="model") == (str(Path("org/name")), True)
    assert resolve_model_source("org/other", where="model") == ("org/other", False)  # a hub id
