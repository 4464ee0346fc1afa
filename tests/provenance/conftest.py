"""Shared fixtures for provenance tests: photos and one marked-image environment per module."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from skimage import data


def load_photo(name: str, size: int = 512) -> Image.Image:
    """A scikit-image photo as RGB, resized to size x size."""
    arr = getattr(data, name)()
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    return Image.fromarray(arr[..., :3]).resize((size, size), Image.Resampling.LANCZOS)


@pytest.fixture(scope="module")
def marked_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GUARDRAIL_HOME with a local identity, shared by a module's tests."""
    from guardrail.provenance.keys import init_identity

    home = tmp_path_factory.mktemp("prov-home")
    init_identity(home)
    return home


@pytest.fixture()
def use_marked_home(marked_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GUARDRAIL_HOME at the module's shared home."""
    monkeypatch.setenv("GUARDRAIL_HOME", str(marked_home))
    return marked_home


@pytest.fixture(scope="session")
def photo():
    """``photo(name, size=512)``: a scikit-image photo as an RGB PIL image."""
    return load_photo
