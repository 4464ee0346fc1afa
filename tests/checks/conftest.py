"""Fixtures for image-check tests: real photos, and tiny models saved the way users save theirs."""

from __future__ import annotations

from pathlib import Path

import pytest
import skimage.data
from PIL import Image


@pytest.fixture(scope="session")
def photos() -> dict[str, Image.Image]:
    """Real photos shipped with scikit-image, as RGB PIL images."""
    return {
        name: Image.fromarray(getattr(skimage.data, name)()).convert("RGB")
        for name in ("astronaut", "chelsea", "coffee", "rocket", "camera")
    }


def _image_embedding(model, processor, image: Image.Image):  # type: ignore[no-untyped-def]
    import torch

    pixels = processor(images=image, return_tensors="pt").pixel_values
    with torch.no_grad():
        return torch.nn.functional.normalize(model.visual_projection(model.vision_model(pixels)[1]), dim=-1)[0]


@pytest.fixture(scope="session")
def tiny_safety_checker_dir(tmp_path_factory: pytest.TempPathFactory, photos: dict[str, Image.Image]) -> Path:
    """A tiny StableDiffusionSafetyChecker whose concept 5 is the astronaut photo's embedding.

    Concept 5's threshold sits just under the astronaut's cosine (1.0) and above every other
    photo's, so the real decision path must single out the astronaut.
    """
    import torch
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig, CLIPImageProcessor

    torch.manual_seed(0)
    small = dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2)
    config = CLIPConfig(
        text_config={**small, "vocab_size": 100, "bos_token_id": 0, "eos_token_id": 1},
        vision_config={**small, "image_size": 32, "patch_size": 8},
        projection_dim=16,
    )
    model = StableDiffusionSafetyChecker(config).eval()
    processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    target = _image_embedding(model, processor, photos["astronaut"])
    with torch.no_grad():
        model.concept_embeds[:] = -target  # every other concept points away
        model.concept_embeds[5] = target
        model.concept_embeds_weights[:] = 0.999
        model.special_care_embeds[:] = -target
        model.special_care_embeds_weights[:] = 0.999
    folder = tmp_path_factory.mktemp("sd-safety")
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_vit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny ViT image classifier with labels safe/nsfw/gore; its bias makes 'nsfw' win."""
    import torch
    from transformers import ViTConfig, ViTForImageClassification, ViTImageProcessor

    torch.manual_seed(0)
    labels = {0: "safe", 1: "nsfw", 2: "gore"}
    config = ViTConfig(
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        image_size=32,
        patch_size=8,
        num_labels=3,
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    model = ViTForImageClassification(config).eval()
    with torch.no_grad():
        model.classifier.weight.mul_(0.01)
        model.classifier.bias[:] = torch.tensor([0.0, 3.0, -3.0])  # softmax ~ (0.05, 0.95, 0.002)
    folder = tmp_path_factory.mktemp("vit")
    model.save_pretrained(folder)
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder)
    return folder
