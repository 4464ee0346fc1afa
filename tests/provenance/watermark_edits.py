"""Edits the watermark tests apply to marked images (shared by the latticeSync and latticeSync2 tests)."""

from __future__ import annotations

import io

from PIL import Image


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    """``img`` re-saved as a JPEG of ``quality`` and decoded."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(buf).convert("RGB")


def scale(img: Image.Image, factor: float) -> Image.Image:
    """``img`` resized by ``factor`` (bicubic), as a platform keeps a smaller copy."""
    return img.resize((round(img.width * factor), round(img.height * factor)), Image.Resampling.BICUBIC)
