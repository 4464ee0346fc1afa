"""Fixtures for the generation tests: a temp GUARDRAIL_HOME, no hub access, one shared demo build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def temp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own GUARDRAIL_HOME and an offline Hugging Face setup."""
    home = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    return home


@pytest.fixture(scope="session")
def fresh_demo() -> Any:
    """The demo pipeline built from its recipe (no cache), shared by the read-only tests."""
    from guardrail.generation.random_demo import build_random_demo

    return build_random_demo(use_cache=False)


@pytest.fixture(scope="session")
def saved_demo_dir(tmp_path_factory: pytest.TempPathFactory, fresh_demo: Any) -> Path:
    """The demo pipeline saved with save_pretrained, as a user's local model folder."""
    folder = tmp_path_factory.mktemp("user-model") / "tiny-sd"
    fresh_demo.save_pretrained(str(folder))
    return folder


def _render(pipe: Any, prompt: str = "a cat on a sofa", seed: int = 0, **kwargs: Any) -> Any:
    import numpy as np
    import torch

    out = pipe(prompt, generator=torch.Generator().manual_seed(seed), **kwargs)
    return np.asarray(out.images[0])


@pytest.fixture(scope="session")
def render() -> Any:
    """``render(pipe, prompt, seed, **kwargs)``: one seeded image as a uint8 HxWx3 array."""
    return _render
