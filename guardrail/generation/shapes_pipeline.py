"""``DemoShapesPipeline``: the diffusers pipeline class of the trained offline demo model.

A small pixel-space diffusion model: the text encoder (a tiny ``CLIPTextModel`` over a word-level
tokenizer) reads the prompt, the ``UNet2DConditionModel`` denoises 32x32 RGB images packed as
12x16x16 tensors (each 2x2 block of pixels becomes 12 channels, a lossless reshape), and the
result is enlarged with a bicubic filter to the asked ``height`` x ``width`` (256x256 by default).
So a 512x512 image holds no more detail than the 32x32 one it was enlarged from.

It is a real ``DiffusionPipeline``: ``save_pretrained`` writes ``model_index.json`` naming this
class, and ``DemoShapesPipeline.from_pretrained(folder)`` loads it (``load_pipeline`` does that
for any folder whose ``model_index.json`` names it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from diffusers import DiffusionPipeline, ImagePipelineOutput
from diffusers.utils.torch_utils import randn_tensor
from PIL import Image

__all__ = ["DEFAULT_GUIDANCE_SCALE", "DEFAULT_SIDE", "DEFAULT_STEPS", "DemoShapesPipeline", "encode_prompts"]

DEFAULT_STEPS = 4
"""Denoising steps when the caller gives none."""
DEFAULT_GUIDANCE_SCALE = 4.0
"""Classifier-free guidance scale when the caller gives none."""
DEFAULT_SIDE = 256
"""Height and width of the output when the caller gives none."""


def encode_prompts(tokenizer: Any, text_encoder: Any, prompts: list[str], max_length: int) -> torch.Tensor:
    """Token embeddings of ``prompts`` (batch x max_length x hidden): lower-cased words, padded."""
    ids = tokenizer(
        [p.lower() for p in prompts], padding="max_length", max_length=max_length, truncation=True, return_tensors="pt"
    ).input_ids
    return text_encoder(ids.to(text_encoder.device)).last_hidden_state


class DemoShapesPipeline(DiffusionPipeline):  # type: ignore[misc]
    """Text to image with the demo's small pixel-space diffusion model (see the module docs)."""

    model_cpu_offload_seq = "text_encoder->unet"

    def __init__(
        self,
        unet: Any,
        text_encoder: Any,
        tokenizer: Any,
        scheduler: Any,
        sample_size: int = 32,
        patch_size: int = 2,
        max_length: int = 16,
    ) -> None:
        super().__init__()
        self.register_modules(unet=unet, text_encoder=text_encoder, tokenizer=tokenizer, scheduler=scheduler)
        self.register_to_config(sample_size=sample_size, patch_size=patch_size, max_length=max_length)

    @staticmethod
    def _side(value: int | None, name: str) -> int:
        if value is None:
            return DEFAULT_SIDE
        if not isinstance(value, int) or value < 32 or value % 8:
            raise ValueError(f"`{name}` must be an integer of at least 32 divisible by 8 but is {value!r}")
        return value

    @staticmethod
    def _texts(value: str | list[str] | None, name: str, count: int | None = None) -> list[str]:
        texts = [value or ""] if value is None or isinstance(value, str) else list(value)
        if not all(isinstance(t, str) for t in texts) or (count is not None and len(texts) not in (1, count)):
            raise ValueError(f"`{name}` must be a string or a list of {count or 'some'} strings but is {value!r}")
        return texts * count if count is not None and len(texts) == 1 else texts

    @torch.no_grad()
    def __call__(
        self,
        prompt: str | list[str] | None = None,
        height: int | None = None,
        width: int | None = None,
        num_inference_steps: int | None = None,
        guidance_scale: float | None = None,
        negative_prompt: str | list[str] | None = None,
        num_images_per_prompt: int = 1,
        eta: float = 0.0,
        generator: torch.Generator | list[torch.Generator] | None = None,
        output_type: str = "pil",
        return_dict: bool = True,
    ) -> ImagePipelineOutput | tuple[Any]:
        """Generate ``num_images_per_prompt`` images per prompt.

        ``generator`` may be a list with one generator per image (as in diffusers). Defaults:
        ``DEFAULT_STEPS`` steps, guidance ``DEFAULT_GUIDANCE_SCALE``, 256x256. ``output_type`` is
        ``"pil"``, ``"np"`` (floats in 0..1, N x H x W x 3) or ``"pt"`` (N x 3 x H x W).
        """
        if prompt is None:
            raise ValueError("`prompt` must be a string or a list of strings but is None")
        prompts = self._texts(prompt, "prompt")
        negatives = self._texts(negative_prompt, "negative_prompt", len(prompts))
        height, width = self._side(height, "height"), self._side(width, "width")
        steps = DEFAULT_STEPS if num_inference_steps is None else num_inference_steps
        if not isinstance(steps, int) or steps < 1:
            raise ValueError(f"`num_inference_steps` must be a positive integer but is {steps!r}")
        scale = DEFAULT_GUIDANCE_SCALE if guidance_scale is None else float(guidance_scale)
        if output_type not in ("pil", "np", "pt"):
            raise ValueError(f"`output_type` must be 'pil', 'np' or 'pt' but is {output_type!r}")
        if not isinstance(num_images_per_prompt, int) or num_images_per_prompt < 1:
            raise ValueError(f"`num_images_per_prompt` must be a positive integer but is {num_images_per_prompt!r}")
        count = len(prompts) * num_images_per_prompt
        if isinstance(generator, list) and len(generator) != count:
            raise ValueError(f"`generator` has {len(generator)} generators but {count} images were asked for")

        cfg = self.config
        length = cfg.max_length
        cond = encode_prompts(self.tokenizer, self.text_encoder, prompts, length)
        cond = cond.repeat_interleave(num_images_per_prompt, dim=0)
        guided = scale > 1.0
        if guided:
            uncond = encode_prompts(self.tokenizer, self.text_encoder, negatives, length)
            cond = torch.cat([uncond.repeat_interleave(num_images_per_prompt, dim=0), cond])
        packed = cfg.sample_size // cfg.patch_size
        channels = 3 * cfg.patch_size**2
        sample = randn_tensor(
            (count, channels, packed, packed), generator=generator, device=self._execution_device, dtype=self.unet.dtype
        )
        self.scheduler.set_timesteps(steps, device=self._execution_device)
        sample = sample * self.scheduler.init_noise_sigma
        extra = {"eta": eta, "generator": generator} if "eta" in self.scheduler.step.__code__.co_varnames else {}
        for t in self.progress_bar(self.scheduler.timesteps):
            model_in = torch.cat([sample, sample]) if guided else sample
            model_in = self.scheduler.scale_model_input(model_in, t)
            out = self.unet(model_in, t, encoder_hidden_states=cond.to(self.unet.dtype)).sample
            if guided:
                out_uncond, out_cond = out.chunk(2)
                out = out_uncond + scale * (out_cond - out_uncond)
            sample = self.scheduler.step(out, t, sample, **extra).prev_sample
        pixels = F.pixel_shuffle(sample.float(), cfg.patch_size)  # N x 3 x 32 x 32 in -1..1
        pixels = (pixels.clamp(-1, 1) + 1) / 2
        pixels = F.interpolate(pixels, size=(height, width), mode="bicubic", align_corners=False).clamp(0, 1)
        if output_type == "pt":
            images: Any = pixels
        else:
            array = pixels.permute(0, 2, 3, 1).cpu().numpy()
            images = (
                array if output_type == "np" else [Image.fromarray(np.round(a * 255).astype(np.uint8)) for a in array]
            )
        self.maybe_free_model_hooks()
        if not return_dict:
            return (images,)
        return ImagePipelineOutput(images=images)
