"""Fixtures for similarity tests: a temp GUARDRAIL_HOME and scikit-image photos."""

from __future__ import annotations

from pathlib import Path

import pytest
import skimage.data
from PIL import Image


@pytest.fixture(autouse=True)
def temp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GUARDRAIL_HOME at a fresh temp folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def photos() -> dict[str, Image.Image]:
    """A few real photos shipped with scikit-image, as RGB PIL images."""
    return {
        name: Image.fromarray(getattr(skimage.data, name)()).convert("RGB")
        for name in ("astronaut", "chelsea", "coffee", "rocket", "camera", "immunohistochemistry")
    }
