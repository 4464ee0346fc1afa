"""Fixtures shared by the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import skimage.data
from PIL import Image


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A real photo (scikit-image's coffee, 384x256) saved as PNG."""
    path = tmp_path / "coffee.png"
    Image.fromarray(skimage.data.coffee()).resize((384, 256)).save(path)
    return path
