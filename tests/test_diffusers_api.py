"""GuardedPipeline as a diffusers user expects it: loading arguments, call arguments, batching,
results that read like a diffusers output, and a wrapped pipeline left as it was.

Runs on the offline demo and on a tiny StableDiffusionPipeline built here, with diffusers' own
safety checker (tiny CLIP, random weights) so that "the original keeps its checker" is real.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from guardrail.audit import AuditLog
from guardrail.errors import InputError, ModelLoadError
from guardrail.pipeline import GuardedPipeline
from guardrail.policy import load_policy

SIZE = {"height": 256, "width": 256, "num_inference_steps": 2}


def _tiny_sd_pipeline() -> Any:
    """A StableDiffusionPipeline from configs: tiny UNet, VAE, text encoder, safety checker."""
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPTextConfig, CLIPTextModel

    from guardrail.generation.random_demo import build_tokenizer

    tokenizer = build_tokenizer()
    vocab = tokenizer.get_vocab()
    torch.manual_seed(0)
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(vocab),
            bos_token_id=vocab["<|startoftext|>"],
            eos_token_id=vocab["<|endoftext|>"],
            pad_token_id=vocab["<|endoftext|>"],
            hidden_size=32,
            intermediate_size=37,
            num_hidden_layers=2,
            num_attention_heads=4,
            max_position_embeddings=77,
        )
    )
    unet = UNet2DConditionModel(
        sample_size=32,
        in_channels=4,
        out_channels=4,
        layers_per_block=1,
        block_out_channels=(16, 32),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=8,
        norm_num_groups=8,
    )
    vae = AutoencoderKL(
        block_out_channels=(8, 8, 8, 8),
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        latent_channels=4,
        norm_num_groups=8,
        layers_per_block=1,
    )
    small = dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2)
    checker = StableDiffusionSafetyChecker(
        CLIPConfig(
            text_config={**small, "vocab_size": 100, "bos_token_id": 0, "eos_token_id": 1},
            vision_config={**small, "image_size": 32, "patch_size": 8},
            projection_dim=16,
        )
    )
    features = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    scheduler = DDIMScheduler(
        beta_schedule="scaled_linear",
        beta_start=0.00085,
        beta_end=0.012,
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
    )
    pipe = StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=checker,
        feature_extractor=features,
        requires_safety_checker=True,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


@pytest.fixture(scope="module")
def tiny() -> Any:
    return _tiny_sd_pipeline()


class Recording:
    """Forwards every call to the real pipeline and records the arguments it was given."""

    def __init__(self, pipe: Any) -> None:
        self.pipe, self.calls = pipe, []

    def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return self.pipe(**kwargs)


def _psnr(a: Any, b: Any) -> float:
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(10 * np.log10(255.0**2 / np.mean((x - y) ** 2)))


@pytest.mark.slow
def test_wrapping_leaves_the_callers_pipeline_unchanged(tiny: Any) -> None:
    guarded = GuardedPipeline(tiny, model_id="tiny-sd")
    # guardrail's copy has diffusers' checker off; the caller's pipeline keeps it, with its config.
    assert guarded.pipe is not tiny and guarded.pipe.unet is tiny.unet  # shallow: no weights copied
    assert guarded.pipe.safety_checker is None and guarded.pipe.config.requires_safety_checker is False
    assert tiny.safety_checker is not None and tiny.config.requires_safety_checker is True
    result = guarded("a lighthouse", seed=3, **SIZE)
    assert result.action == "released"
    import torch

    out = tiny("a lighthouse", generator=torch.Generator().manual_seed(3), output_type="np", **SIZE)
    assert out.nsfw_content_detected is not None and len(out.nsfw_content_detected) == 1  # its own checker still ran


@pytest.mark.slow
def test_each_round_is_one_batched_call_with_a_seeded_generator_per_image(tiny: Any) -> None:
    recording = Recording(tiny)
    guarded = GuardedPipeline(recording, model_id="tiny-sd")
    batched = guarded("a red fox", num_images_per_prompt=3, seed=40, **SIZE)
    assert batched.action == "released" and [r.seed for r in batched.released] == [40, 41, 42]
    [call] = recording.calls
    assert call["num_images_per_prompt"] == 3
    assert [g.initial_seed() for g in call["generator"]] == [40, 41, 42]
    # Each image is reproducible on its own: image 2 of the batch is the picture of seed 42 alone
    # (only the invisible marks differ, each >= 38 dB from the pixels).
    alone = guarded("a red fox", seed=42, **SIZE)
    assert _psnr(batched.images[2], alone.images[0]) > 32
    assert _psnr(batched.images[0], alone.images[0]) < 25


def test_extra_call_arguments_reach_the_pipeline_and_the_audit_log(tiny: Any) -> None:
    steps: list[int] = []

    def on_step_end(pipe: Any, step: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        steps.append(step)
        return kwargs

    guarded = GuardedPipeline(tiny, model_id="tiny-sd")
    result = guarded("a harbour", seed=5, eta=0.5, callback_on_step_end=on_step_end, **SIZE)
    assert result.action == "released"
    assert steps == [0, 1]
    record, _ = AuditLog().get_request(result.request_id)
    assert record.parameters["eta"] == 0.5
    assert "on_step_end" in record.parameters["callback_on_step_end"]


@pytest.mark.parametrize(
    "name",
    ["prompt_embeds", "negative_prompt_embeds", "prompt_2", "output_type", "return_dict", "num_images_per_prompt"],
)
def test_arguments_that_would_skip_screening_or_checks_are_refused(tiny: Any, name: str) -> None:
    guarded = GuardedPipeline(tiny, model_id="tiny-sd")
    extra = {"output_type": "latent"} if name == "output_type" else {name: None}
    if name == "num_images_per_prompt":
        extra = {"prompt_3": "unscreened"}
        name = "prompt_3"
    with pytest.raises(InputError) as info:
        guarded("a harbour", seed=5, **extra, **SIZE)
    assert info.value.where == name


def test_result_reads_like_a_diffusers_output(demo: Any) -> None:
    guarded = GuardedPipeline(demo.pipe, model_id=demo.model_id)
    result = guarded("a lighthouse", num_images_per_prompt=2, seed=9, **SIZE)
    assert [im.size for im in result.images] == [(256, 256), (256, 256)]
    assert result[0] == result.images == result["images"]
    assert result.nsfw_content_detected == [False, False] == result[1]
    images, flags = result.to_tuple()
    assert images == result.images and flags == [False, False]
    # The full verdicts stay: nudenet's labels and the similarity check are on each released image.
    verdict = result.released[0].verdict
    assert [c.backend for c in verdict.classifiers] == ["nudenet"] and verdict.similarity is not None
    assert result.released[0].check_action == "pass"


def test_nsfw_flag_is_none_when_no_classifier_checked_the_image(demo: Any, tmp_path: Path) -> None:
    path = tmp_path / "similarity-only.yaml"
    path.write_text("name: similarity-only\nversion: '1'\nextends: builtin:default\nchecks: {classifiers: []}\n")
    guarded = GuardedPipeline(demo.pipe, policy=load_policy(path), model_id=demo.model_id)
    result = guarded("a lighthouse", seed=9, **SIZE)
    assert result.action == "released"
    assert result.nsfw_content_detected == [None]  # not checked is not "safe"


def test_from_pretrained_forwards_diffusers_loading_arguments(tiny: Any, tmp_path: Path) -> None:
    import torch

    folder = tmp_path / "tiny-sd"
    tiny.save_pretrained(str(folder), variant="fp16")
    guarded = GuardedPipeline.from_pretrained(str(folder), dtype=torch.bfloat16, variant="fp16", device="cpu")
    assert guarded.pipe.unet.dtype == torch.bfloat16
    assert guarded.pipe.safety_checker is None
    with pytest.raises(ModelLoadError) as info:
        GuardedPipeline.from_pretrained(str(folder), variant="no-such-variant")
    assert "no-such-variant" in str(info.value)


def test_from_pretrained_names_a_bad_device_and_never_downloads(tmp_path: Path) -> None:
    import torch

    demo = GuardedPipeline.from_pretrained(None, torch_dtype=torch.float64)  # diffusers' older spelling works too
    assert demo.pipe.unet.dtype == torch.float64
    with pytest.raises(ModelLoadError) as info:
        GuardedPipeline.from_pretrained(None, device="no-such-device")
    assert info.value.where == "--device"
    with pytest.raises(ModelLoadError) as info:
        GuardedPipeline.from_pretrained("org/model", local_files_only=False)
    assert info.value.where == "local_files_only"
    with pytest.raises(ModelLoadError) as info:
        GuardedPipeline.from_pretrained(None, variant="fp16")  # the demo is built, not loaded
    assert info.value.where == "variant"
