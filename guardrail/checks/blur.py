"""Blur flagged regions of an image (the 'blur' action), leaving the rest untouched."""

from __future__ import annotations

from collections.abc import Iterable

from PIL import Image, ImageFilter

__all__ = ["blur_regions"]


def blur_regions(
    image: Image.Image, boxes: Iterable[tuple[int, int, int, int]], *, strength: float = 0.08
) -> Image.Image:
    """Return a copy of ``image`` with each (x, y, w, h) box strongly blurred.

    The Gaussian radius is ``strength`` times the box's longer side (at least 8 px), enough to
    make the region unrecognisable. Boxes are clipped to the image.
    """
    out = image.copy()
    for x, y, w, h in boxes:
        left, top = max(0, int(x)), max(0, int(y))
        right, bottom = min(out.width, int(x + w)), min(out.height, int(y + h))
        if right <= left or bottom <= top:
            continue
        region = out.crop((left, top, right, bottom))
        radius = max(8.0, strength * max(right - left, bottom - top))
        out.paste(region.filter(ImageFilter.GaussianBlur(radius)), (left, top))
    return out
