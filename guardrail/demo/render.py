"""Draw demo scenes with Pillow: a background and coloured objects with a dark outline.

Everything is drawn at four times the asked side (at least 128 pixels) and reduced to the asked size with a box filter,
so small images are anti-aliased. The output depends only on the scene (its seed drives the
small details), never on global random state.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFilter

from guardrail.demo.grammar import COLOURS, Scene

__all__ = ["Placed", "draw_background", "draw_objects", "render_scene"]

_DRAW = 256
_OUTLINE = (25, 25, 30)
_TRUNK = (110, 70, 35)
_X = {"left": 0.27, "middle": 0.5, "right": 0.73}
_HALF = {"small": 0.13, "large": 0.23}

Placed = tuple[str, tuple[int, int, int], float, float, float]
"""An object to draw: (object name, RGB colour, centre x, centre y, half size), coordinates in 0..1."""


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _gradient(draw: ImageDraw.ImageDraw, top: Sequence[int], bottom: Sequence[int], y0: int, y1: int, w: int) -> None:
    for y in range(y0, y1):
        draw.line([(0, y), (w, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def draw_background(background: str, seed: int, side: int = _DRAW) -> Image.Image:
    """The backdrop ``background`` (sky, sea, grass, night, desert) at ``side`` x ``side`` pixels."""
    rng = random.Random(seed)
    image = Image.new("RGB", (side, side))
    draw = ImageDraw.Draw(image)
    horizon = int(side * rng.uniform(0.52, 0.6))
    if background == "sky":
        _gradient(draw, (90, 160, 235), (185, 220, 250), 0, side, side)
        for _ in range(2):
            cx, cy, r = rng.uniform(0, 1) * side, rng.uniform(0.1, 0.9) * side, rng.uniform(0.06, 0.1) * side
            draw.ellipse([cx - 2 * r, cy - r, cx + 2 * r, cy + r], fill=(235, 242, 250))
    elif background == "night":
        _gradient(draw, (8, 10, 35), (30, 35, 85), 0, side, side)
        for _ in range(25):
            x, y, r = rng.uniform(0, side), rng.uniform(0, side), side / 160
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(240, 240, 210))
    else:
        sky, ground_top, ground_bottom, detail = {
            "sea": ((170, 205, 240), (25, 80, 150), (15, 45, 100), (70, 130, 200)),
            "grass": ((175, 215, 245), (85, 150, 55), (50, 105, 35), (35, 80, 25)),
            "desert": ((250, 220, 170), (225, 185, 115), (200, 155, 85), (180, 135, 70)),
        }[background]
        _gradient(draw, _mix(sky, (255, 255, 255), -0.15), sky, 0, horizon, side)
        _gradient(draw, ground_top, ground_bottom, horizon, side, side)
        for _ in range(14):
            x, y = rng.uniform(0, side), rng.uniform(horizon + side * 0.03, side)
            length = rng.uniform(0.05, 0.12) * side
            if background == "grass":
                draw.line([(x, y), (x + length * 0.15, y - length * 0.5)], fill=detail, width=max(1, side // 128))
            else:
                draw.arc([x - length, y - length / 4, x + length, y + length / 4], 200, 340, fill=detail, width=2)
    return image


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def _object_layer(obj: str, colour: tuple[int, int, int], cx: float, cy: float, h: float, side: int) -> Image.Image:
    """The object on a transparent layer (alpha = its shape)."""
    layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    fill = (*colour, 255)
    cx, cy, h = cx * side, cy * side, h * side
    if obj == "circle":
        d.ellipse([cx - h, cy - h, cx + h, cy + h], fill=fill)
    elif obj == "square":
        s = 0.85 * h
        d.rectangle([cx - s, cy - s, cx + s, cy + s], fill=fill)
    elif obj == "triangle":
        d.polygon([(cx, cy - h), (cx - h, cy + 0.85 * h), (cx + h, cy + 0.85 * h)], fill=fill)
    elif obj == "star":
        d.polygon(_star(cx, cy, h, 0.45 * h), fill=fill)
    elif obj == "house":
        d.rectangle([cx - 0.75 * h, cy - 0.1 * h, cx + 0.75 * h, cy + 0.9 * h], fill=fill)
        d.polygon(
            [(cx - h, cy - 0.05 * h), (cx, cy - 0.95 * h), (cx + h, cy - 0.05 * h)],
            fill=(*_mix(colour, (0, 0, 0), 0.35), 255),
        )
        d.rectangle([cx - 0.18 * h, cy + 0.4 * h, cx + 0.18 * h, cy + 0.9 * h], fill=(*_OUTLINE, 255))
    elif obj == "tree":
        d.rectangle([cx - 0.16 * h, cy + 0.1 * h, cx + 0.16 * h, cy + h], fill=(*_TRUNK, 255))
        d.ellipse([cx - 0.75 * h, cy - h, cx + 0.75 * h, cy + 0.45 * h], fill=fill)
    elif obj == "sun":
        r = 0.55 * h
        for k in range(8):
            a = k * math.pi / 4
            d.line(
                [
                    (cx + 0.7 * h * math.cos(a), cy + 0.7 * h * math.sin(a)),
                    (cx + h * math.cos(a), cy + h * math.sin(a)),
                ],
                fill=fill,
                width=max(1, round(0.14 * h)),
            )
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif obj == "moon":
        r = 0.9 * h
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
        ox, oy, r2 = cx + 0.5 * h, cy - 0.25 * h, 0.8 * h
        d.ellipse([ox - r2, oy - r2, ox + r2, oy + r2], fill=(0, 0, 0, 0))
    elif obj == "boat":
        d.polygon(
            [
                (cx - h, cy + 0.35 * h),
                (cx + h, cy + 0.35 * h),
                (cx + 0.6 * h, cy + 0.85 * h),
                (cx - 0.6 * h, cy + 0.85 * h),
            ],
            fill=fill,
        )
        d.line([(cx, cy - 0.95 * h), (cx, cy + 0.35 * h)], fill=(*_OUTLINE, 255), width=max(1, round(0.08 * h)))
        sail = (*_mix(colour, (255, 255, 255), 0.45), 255)
        d.polygon(
            [(cx + 0.06 * h, cy - 0.9 * h), (cx + 0.06 * h, cy + 0.25 * h), (cx + 0.75 * h, cy + 0.25 * h)], fill=sail
        )
    else:
        raise ValueError(f"unknown object {obj!r}")
    return layer


def draw_objects(canvas: Image.Image, objects: Sequence[Placed]) -> Image.Image:
    """Draw ``objects`` (in order) on ``canvas``, each with a dark outline; returns a new image."""
    out = canvas.convert("RGBA")
    side = out.width
    for obj, colour, cx, cy, h in objects:
        layer = _object_layer(obj, colour, cx, cy, h, side)
        alpha = layer.getchannel("A")
        ring = alpha.filter(ImageFilter.MaxFilter(2 * max(1, side // 128) + 1))
        out.paste(Image.new("RGBA", out.size, (*_OUTLINE, 255)), (0, 0), ring)
        out.alpha_composite(layer)
    return out.convert("RGB")


def render_scene(scene: Scene, size: int = 32) -> Image.Image:
    """The scene as a ``size`` x ``size`` RGB image (deterministic for the scene)."""
    rng = random.Random(scene.seed ^ 0x5EED)
    side = max(128, 4 * size) if size <= 64 else size
    cx = _X[scene.position] + rng.uniform(-0.04, 0.04)
    cy = 0.5 + rng.uniform(-0.05, 0.05)
    h = _HALF[scene.size] * rng.uniform(0.92, 1.08)
    image = draw_objects(
        draw_background(scene.background, scene.seed, side), [(scene.object, COLOURS[scene.colour], cx, cy, h)]
    )
    return image if side == size else image.resize((size, size), Image.Resampling.BOX)
