"""Fixtures of the batch tests: a folder of real photos (the local Ray is tests/conftest.py's ``local_ray``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import skimage.data
from PIL import Image

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket")


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    """A folder of four scikit-image photos (384x384 PNG), a sub-folder and one file that is not an image."""
    folder = tmp_path / "photos"
    (folder / "sub").mkdir(parents=True)
    for i, name in enumerate(PHOTOS):
        where = folder / "sub" if i == 3 else folder
        Image.fromarray(getattr(skimage.data, name)()).convert("RGB").resize((384, 384)).save(where / f"{name}.png")
    (folder / "broken.png").write_bytes(b"not an image at all")
    return folder
