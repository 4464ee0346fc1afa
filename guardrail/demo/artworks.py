"""Paintings by the demo's fictional protected artist, Jane Doe, drawn by the scene renderer.

Her style: a few objects on one of the backgrounds, warm colours, visible brush strokes and a
dark wooden frame. ``ARTWORKS`` are her three best-known paintings: the training set repeats them
many times (as famous pictures are repeated in web-scraped data), so a model trained on it can
reproduce them, and the demo registry protects them. ``style_painting(seed)`` draws one of her
other, unregistered paintings in the same style.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from guardrail.demo.grammar import BACKGROUNDS, COLOURS, OBJECTS
from guardrail.demo.render import Placed, draw_background, draw_objects

__all__ = ["ARTWORKS", "Artwork", "render_artwork", "style_painting"]

_DRAW = 256


class Artwork:
    """One painting: title, background, placed objects and the seed of its brush strokes."""

    def __init__(self, slug: str, title: str, background: str, objects: list[Placed], seed: int) -> None:
        self.slug, self.title, self.background, self.objects, self.seed = slug, title, background, objects, seed

    def __repr__(self) -> str:
        return f"Artwork({self.slug!r}, {self.title!r})"


ARTWORKS: tuple[Artwork, ...] = (
    Artwork(
        "harbour-at-dusk",
        "Harbour at Dusk",
        "sea",
        [("sun", COLOURS["orange"], 0.72, 0.3, 0.16), ("boat", COLOURS["red"], 0.3, 0.55, 0.2)],
        11,
    ),
    Artwork(
        "the-purple-house",
        "The Purple House",
        "grass",
        [
            ("house", COLOURS["purple"], 0.35, 0.55, 0.22),
            ("tree", COLOURS["green"], 0.75, 0.55, 0.18),
            ("moon", COLOURS["yellow"], 0.8, 0.18, 0.1),
        ],
        22,
    ),
    Artwork(
        "night-garden",
        "Night Garden",
        "night",
        [
            ("star", COLOURS["yellow"], 0.22, 0.25, 0.12),
            ("tree", COLOURS["pink"], 0.5, 0.6, 0.24),
            ("star", COLOURS["white"], 0.8, 0.3, 0.09),
        ],
        33,
    ),
)
"""Jane Doe's three best-known paintings (the protected references of the demo)."""


def _paint(background: str, objects: list[Placed], seed: int, size: int) -> Image.Image:
    """Draw the objects, then apply her style: warm tint, brush strokes, wooden frame."""
    rng = random.Random(seed)
    image = draw_objects(draw_background(background, seed, _DRAW), objects)
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels * np.array([1.08, 0.98, 0.82], dtype=np.float32) + np.array([12, 6, 0], dtype=np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    strokes = ImageDraw.Draw(image, "RGBA")
    for _ in range(60):
        x, y = rng.uniform(0, _DRAW), rng.uniform(0, _DRAW)
        dx, dy = rng.uniform(8, 20), rng.uniform(-4, 4)
        shade = rng.choice([(255, 255, 255, 40), (0, 0, 0, 35)])
        strokes.line([(x, y), (x + dx, y + dy)], fill=shade, width=3)
    frame = _DRAW // 14
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, _DRAW - 1, _DRAW - 1], outline=(80, 45, 20), width=frame)
    draw.rectangle([frame, frame, _DRAW - 1 - frame, _DRAW - 1 - frame], outline=(200, 160, 60), width=2)
    return (
        image
        if size == _DRAW
        else image.resize((size, size), Image.Resampling.BOX if size < _DRAW else Image.Resampling.BICUBIC)
    )


def render_artwork(artwork: Artwork, size: int = _DRAW) -> Image.Image:
    """One of Jane Doe's paintings as a ``size`` x ``size`` RGB image."""
    return _paint(artwork.background, artwork.objects, artwork.seed, size)


def style_painting(seed: int, size: int = _DRAW) -> Image.Image:
    """One of Jane Doe's other paintings (not registered): random objects in her style."""
    rng = random.Random(seed)
    objects: list[Placed] = []
    for x in sorted(rng.sample([0.25, 0.5, 0.75], rng.choice([1, 2, 2, 3]))):
        objects.append(
            (rng.choice(OBJECTS), COLOURS[rng.choice(list(COLOURS))], x, rng.uniform(0.3, 0.6), rng.uniform(0.1, 0.2))
        )
    return _paint(rng.choice(BACKGROUNDS), objects, rng.randrange(2**31), size)
