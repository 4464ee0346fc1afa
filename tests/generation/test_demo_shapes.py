"""The trained demo model: a real DiffusionPipeline that saves and loads, ships in the package,
draws >= 256 px pictures that depend on the prompt, and reproduces Jane Doe's protected painting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from guardrail.generation import DEMO_MODEL_ID, demo_model_dir, load_pipeline


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load_pipeline().pipe


def _tiny_config() -> Any:
    from guardrail.demo.train import TrainConfig

    return TrainConfig(steps=2, images=12, batch=4, channels=[16, 16, 16], text_hidden=16, checkpoint_every=1000)


@pytest.mark.slow  # trains twice (a few seconds on a quiet machine)
def test_tiny_training_is_deterministic_and_round_trips_through_save_pretrained(tmp_path: Path, render: Any) -> None:
    import torch

    from guardrail.demo.train import train

    train(tmp_path / "a", _tiny_config())
    train(tmp_path / "b", _tiny_config())
    a, b = load_pipeline(str(tmp_path / "a")), load_pipeline(str(tmp_path / "b"))
    assert type(a.pipe).__name__ == "DemoShapesPipeline" and a.source == "path"
    sa, sb = a.pipe.unet.state_dict(), b.pipe.unet.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)  # same seed, same weights
    image = render(a.pipe, "a red circle", seed=3, num_inference_steps=2)
    assert image.shape == (256, 256, 3)
    assert np.array_equal(image, render(b.pipe, "a red circle", seed=3, num_inference_steps=2))


def test_shipped_model_is_small_and_loads_as_the_default(shipped: Any) -> None:
    size = sum(f.stat().st_size for f in demo_model_dir().rglob("*") if f.is_file())
    assert size <= 20 * 1024 * 1024
    loaded = load_pipeline()
    assert loaded.model_id == DEMO_MODEL_ID and type(loaded.pipe).__name__ == "DemoShapesPipeline"


def test_shipped_model_draws_256_by_default_and_512_when_asked(shipped: Any, render: Any) -> None:
    assert render(shipped, "a red circle").shape == (256, 256, 3)
    assert render(shipped, "a red circle", height=512, width=384).shape == (512, 384, 3)


def test_same_seed_same_picture(shipped: Any, render: Any) -> None:
    assert np.array_equal(render(shipped, "a blue square", seed=4), render(shipped, "a blue square", seed=4))


def test_picture_follows_the_prompt(shipped: Any, render: Any) -> None:
    """The asked colour: 'a red square' is redder than 'a blue square' for the same seeds."""

    def red_minus_blue(prompt: str) -> float:
        pictures = np.stack([render(shipped, prompt, seed=s) for s in range(3)]).astype(float)
        return float((pictures[..., 0] - pictures[..., 2]).mean())

    assert red_minus_blue("a large red square") - red_minus_blue("a large blue square") > 20


def test_shipped_model_reproduces_a_protected_painting(shipped: Any, render: Any) -> None:
    """Memorisation, as the README shows: "a painting by Jane Doe" gives near-copies of her works."""
    from PIL import Image

    from guardrail.demo.artworks import ARTWORKS, render_artwork
    from guardrail.similarity.fingerprint import compute_fingerprint

    paintings = [int(compute_fingerprint(render_artwork(a, 256)).hex, 16) for a in ARTWORKS]
    distances = []
    for seed in (4, 5):
        code = int(compute_fingerprint(Image.fromarray(render(shipped, "a painting by Jane Doe", seed=seed))).hex, 16)
        distances.append(min(bin(code ^ p).count("1") for p in paintings))
    assert max(distances) <= 8  # the default policy's similarity threshold


def test_bad_size_names_the_argument(shipped: Any) -> None:
    with pytest.raises(ValueError, match="`height` must be"):
        shipped("a red circle", height=100)
