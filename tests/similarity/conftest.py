"""Fixtures for similarity tests: scikit-image photos (GUARDRAIL_HOME comes from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import skimage.data
from PIL import Image

PHOTO_NAMES = ("astronaut", "chelsea", "coffee", "rocket", "camera", "immunohistochemistry")


@pytest.fixture(scope="session")
def photos() -> dict[str, Image.Image]:
    """A few real photos shipped with scikit-image, as RGB PIL images."""
    return {name: Image.fromarray(getattr(skimage.data, name)()).convert("RGB") for name in PHOTO_NAMES}


@pytest.fixture()
def photo_files(tmp_path: Path, photos: dict[str, Image.Image]) -> dict[str, Path]:
    """The photos saved as PNG files in a temp folder."""
    folder = tmp_path / "photos"
    folder.mkdir()
    out = {}
    for name, img in photos.items():
        out[name] = folder / f"{name}.png"
        img.save(out[name])
    return out
