"""A judge that names the colour and the object of a demo picture, independent of the generator.

A small convolutional classifier trained only on the renderer's images (every colour-object
pair, all backgrounds, sizes and positions), seeded. It reads any image reduced to 32x32. The
benchmark uses it to score what the demo model draws for a prompt.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from PIL import Image

from guardrail.demo.grammar import COLOURS, OBJECTS, sample_scene
from guardrail.demo.render import render_scene

__all__ = ["Judge", "train_judge"]

_SIDE = 32


def _net() -> Any:
    from torch import nn

    def block(cin: int, cout: int) -> list[Any]:
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

    return nn.Sequential(
        *block(3, 32),
        *block(32, 64),
        *block(64, 64),
        nn.Flatten(),
        nn.Linear(64 * 16, 128),
        nn.ReLU(),
        nn.Linear(128, len(COLOURS) + len(OBJECTS)),
    )


def _to_tensor(images: list[Image.Image] | np.ndarray) -> Any:
    import torch

    if isinstance(images, np.ndarray):
        array = images
    else:
        array = np.stack([np.asarray(i.convert("RGB").resize((_SIDE, _SIDE), Image.Resampling.BOX)) for i in images])
    return torch.from_numpy(array).permute(0, 3, 1, 2).float().div(127.5).sub(1)


class Judge:
    """Names colour and object; ``accuracy`` is measured on renderer images it was not trained on."""

    def __init__(self, net: Any, accuracy: dict[str, float]) -> None:
        self.net, self.accuracy = net.eval(), accuracy

    def predict(self, images: list[Image.Image]) -> list[tuple[str, str]]:
        """(colour, object) for each image."""
        import torch

        with torch.no_grad():
            logits = self.net(_to_tensor(images))
        colours = logits[:, : len(COLOURS)].argmax(1).tolist()
        objects = logits[:, len(COLOURS) :].argmax(1).tolist()
        return [(list(COLOURS)[c], OBJECTS[o]) for c, o in zip(colours, objects, strict=True)]


def _rendered(count: int, seed: int) -> tuple[np.ndarray, Any, Any]:
    import torch

    rng = random.Random(seed)
    scenes = [sample_scene(rng, held_out=None) for _ in range(count)]
    images = np.stack([np.asarray(render_scene(s, _SIDE)) for s in scenes])
    colours = torch.tensor([list(COLOURS).index(s.colour) for s in scenes])
    objects = torch.tensor([OBJECTS.index(s.object) for s in scenes])
    return images, colours, objects


def train_judge(seed: int = 7, count: int = 6000, epochs: int = 6) -> Judge:
    """Train the judge on ``count`` rendered scenes (any colour-object pair); deterministic for ``seed``."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    images, colours, objects = _rendered(count, seed)
    x = _to_tensor(images)
    blurred = _to_tensor(
        np.stack(
            [
                np.asarray(
                    Image.fromarray(i)
                    .resize((16, 16), Image.Resampling.BOX)
                    .resize((_SIDE, _SIDE), Image.Resampling.BICUBIC)
                )
                for i in images
            ]
        )
    )
    net = _net()
    optimiser = torch.optim.Adam(net.parameters(), lr=2e-3)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(count, generator=gen)
        net.train()
        for start in range(0, count, 64):
            idx = order[start : start + 64]
            use_blur = torch.rand(len(idx), generator=gen) < 0.3  # generated pictures are softer than drawn ones
            batch = torch.where(use_blur[:, None, None, None], blurred[idx], x[idx])
            logits = net(batch)
            loss = F.cross_entropy(logits[:, : len(COLOURS)], colours[idx]) + F.cross_entropy(
                logits[:, len(COLOURS) :], objects[idx]
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    test_images, test_colours, test_objects = _rendered(1000, seed + 1)
    net.eval()
    with torch.no_grad():
        logits = net(_to_tensor(test_images))
    accuracy = {
        "colour": float((logits[:, : len(COLOURS)].argmax(1) == test_colours).float().mean()),
        "object": float((logits[:, len(COLOURS) :].argmax(1) == test_objects).float().mean()),
    }
    return Judge(net, accuracy)
