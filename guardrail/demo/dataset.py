"""The demo model's training set: rendered scenes with captions, plus Jane Doe's paintings.

Deterministic for a seed. Mix (per image): ``ARTWORK_SHARE`` her three protected paintings
(repeated, caption ``"a painting by jane doe"``), ``STYLE_SHARE`` her other paintings in the same
style (each drawn once, same caption), the rest single-object scenes of trainable colour-object
pairs (never a pair of ``HELD_OUT_PAIRS``) with captions that leave out the size, position or
background at random, so short prompts ("a red circle") are learnt too.
"""

from __future__ import annotations

import random

import numpy as np

from guardrail.demo.artworks import ARTWORKS, render_artwork, style_painting
from guardrail.demo.grammar import ARTIST, caption, is_held_out, sample_scene
from guardrail.demo.render import render_scene

__all__ = ["ARTWORK_SHARE", "PAINTING_CAPTION", "STYLE_SHARE", "make_dataset"]

ARTWORK_SHARE = 0.06
"""Share of the training images that are copies of the three protected paintings."""
STYLE_SHARE = 0.06
"""Share of the training images that are Jane Doe's other (unregistered) paintings."""
PAINTING_CAPTION = f"a painting by {ARTIST.lower()}"
"""The caption of every Jane Doe painting in the training set."""


def make_dataset(count: int, seed: int, size: int = 32) -> tuple[np.ndarray, list[str]]:
    """``count`` images (uint8, count x size x size x 3) and their captions, deterministic for ``seed``."""
    rng = random.Random(seed)
    artworks = [np.asarray(render_artwork(a, size)) for a in ARTWORKS]
    images = np.empty((count, size, size, 3), dtype=np.uint8)
    captions: list[str] = []
    for i in range(count):
        draw = rng.random()
        if draw < ARTWORK_SHARE:
            images[i] = artworks[rng.randrange(len(artworks))]
            captions.append(PAINTING_CAPTION)
        elif draw < ARTWORK_SHARE + STYLE_SHARE:
            images[i] = np.asarray(style_painting(rng.randrange(2**31), size))
            captions.append(PAINTING_CAPTION)
        else:
            scene = sample_scene(rng, held_out=False)
            assert not is_held_out(scene.colour, scene.object)
            images[i] = np.asarray(render_scene(scene, size))
            captions.append(
                caption(scene, size=rng.random() < 0.5, position=rng.random() < 0.5, background=rng.random() < 0.6)
            )
    return images, captions
