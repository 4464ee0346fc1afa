"""The grammar of the demo scenes: objects, colours, sizes, positions, backgrounds and captions.

A scene is one coloured object on a background. Its caption names the colour and the object and,
optionally, its size, position and background: ``"a large red boat on the left on the sea"``.
Some colour-object pairs (``HELD_OUT_PAIRS``) are never drawn for training, so a benchmark can ask
for combinations the model has not seen.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ARTIST",
    "BACKGROUNDS",
    "COLOURS",
    "HELD_OUT_PAIRS",
    "OBJECTS",
    "POSITIONS",
    "SIZES",
    "Scene",
    "caption",
    "is_held_out",
    "sample_scene",
    "vocabulary",
]

Colour = Literal["red", "orange", "yellow", "green", "blue", "purple", "pink", "white"]
Object = Literal["circle", "square", "triangle", "star", "house", "tree", "sun", "moon", "boat"]
Size = Literal["small", "large"]
Position = Literal["left", "middle", "right"]
Background = Literal["sky", "sea", "grass", "night", "desert"]

COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (225, 35, 35),
    "orange": (250, 140, 20),
    "yellow": (250, 225, 30),
    "green": (40, 175, 60),
    "blue": (35, 75, 235),
    "purple": (140, 50, 200),
    "pink": (255, 130, 200),
    "white": (250, 250, 250),
}
"""Object colours (RGB), in label order."""
OBJECTS: tuple[str, ...] = ("circle", "square", "triangle", "star", "house", "tree", "sun", "moon", "boat")
"""Object names, in label order."""
SIZES: tuple[str, ...] = ("small", "large")
POSITIONS: tuple[str, ...] = ("left", "middle", "right")
BACKGROUNDS: tuple[str, ...] = ("sky", "sea", "grass", "night", "desert")

_BACKGROUND_PHRASES = {
    "sky": "in the sky",
    "sea": "on the sea",
    "grass": "on the grass",
    "night": "at night",
    "desert": "in the desert",
}
_POSITION_PHRASES = {"left": "on the left", "middle": "in the middle", "right": "on the right"}

HELD_OUT_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("red", "boat"),
        ("orange", "moon"),
        ("yellow", "house"),
        ("green", "star"),
        ("blue", "circle"),
        ("purple", "sun"),
        ("pink", "tree"),
        ("white", "square"),
        ("orange", "triangle"),
    }
)
"""Colour-object pairs never drawn for training: one per object, spread over the colours."""

ARTIST = "Jane Doe"
"""The fictional protected artist of the demo (her paintings are made by the same renderer)."""


class Scene(BaseModel):
    """One coloured object on a background, with the seed of its small random details."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    colour: Colour = Field(description="Colour of the object.")
    object: Object = Field(description="What is drawn.")
    size: Size = Field(description="Object size: small (about a quarter of the side) or large (about half).")
    position: Position = Field(description="Horizontal position of the object.")
    background: Background = Field(description="The backdrop.")
    seed: int = Field(0, ge=0, description="Seed of the details: jitter of the position, waves, stars, grass.")


def is_held_out(colour: str, obj: str) -> bool:
    """True when the colour-object pair is kept out of training."""
    return (colour, obj) in HELD_OUT_PAIRS


def sample_scene(rng: random.Random, *, held_out: bool | None = False) -> Scene:
    """Draw a scene: ``held_out=False`` only trainable pairs, ``True`` only held-out pairs, ``None`` any."""
    while True:
        colour, obj = rng.choice(list(COLOURS)), rng.choice(OBJECTS)
        if held_out is None or is_held_out(colour, obj) == held_out:
            break
    return Scene(
        colour=colour,  # type: ignore[arg-type]
        object=obj,  # type: ignore[arg-type]
        size=rng.choice(SIZES),  # type: ignore[arg-type]
        position=rng.choice(POSITIONS),  # type: ignore[arg-type]
        background=rng.choice(BACKGROUNDS),  # type: ignore[arg-type]
        seed=rng.randrange(2**31),
    )


def caption(scene: Scene, *, size: bool = True, position: bool = True, background: bool = True) -> str:
    """The scene's caption; leave out the size, position or background to get a shorter one."""
    words = ["a"]
    if size:
        words.append(scene.size)
    words += [scene.colour, scene.object]
    if position:
        words.append(_POSITION_PHRASES[scene.position])
    if background:
        words.append(_BACKGROUND_PHRASES[scene.background])
    return " ".join(words)


def vocabulary() -> list[str]:
    """Every word a caption can use (lower case), sorted: the demo tokenizer's vocabulary."""
    words = {"a", "painting", "by", *ARTIST.lower().split()}
    words.update(COLOURS, OBJECTS, SIZES)
    for phrase in (*_BACKGROUND_PHRASES.values(), *_POSITION_PHRASES.values()):
        words.update(phrase.split())
    return sorted(words)
