"""Train the demo text-to-image model from scratch on CPU: ``python -m guardrail.demo.train OUT``.

Builds the tokenizer from the grammar, a tiny CLIP text encoder and a small UNet from configs,
renders the training set (``guardrail.demo.dataset``) and trains both networks together with
v-prediction on a cosine noise schedule (constant learning rate after a short warm-up, so a
longer run extends a shorter one exactly), keeping an exponential moving average (EMA) of the
weights, which is what is saved. Captions are dropped (replaced by "") 10% of the time so that
classifier-free guidance works. Deterministic for a seed and a thread count (``--threads``).
The result is a ``DemoShapesPipeline`` folder written with ``save_pretrained``.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import resource
import time
from pathlib import Path
from typing import Any

__all__ = ["TrainConfig", "build_pipeline", "main", "train"]

logger = logging.getLogger(__name__)


class TrainConfig:
    """Training settings (plain values; saved beside the model as ``training.json``)."""

    def __init__(self, **kw: Any) -> None:
        self.seed: int = kw.pop("seed", 20261203)
        self.steps: int = kw.pop("steps", 12000)
        self.batch: int = kw.pop("batch", 32)
        self.lr: float = kw.pop("lr", 1.5e-3)
        self.warmup: int = kw.pop("warmup", 100)
        self.ema: float = kw.pop("ema", 0.999)
        self.images: int = kw.pop("images", 8000)
        self.drop_caption: float = kw.pop("drop_caption", 0.1)
        self.threads: int = kw.pop("threads", 2)
        self.channels: list[int] = kw.pop("channels", [64, 96, 128])
        self.patch: int = kw.pop("patch", 4)
        self.text_hidden: int = kw.pop("text_hidden", 64)
        self.checkpoint_every: int = kw.pop("checkpoint_every", 1000)
        self.snr_gamma: float = kw.pop("snr_gamma", 5.0)
        if kw:
            raise TypeError(f"unknown training settings: {sorted(kw)}")

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def build_pipeline(config: TrainConfig) -> Any:
    """A fresh ``DemoShapesPipeline`` (random weights from ``config.seed``)."""
    import torch
    from diffusers import DDIMScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    from guardrail.demo.tokenizer import build_tokenizer
    from guardrail.generation.shapes_pipeline import DemoShapesPipeline

    torch.manual_seed(config.seed)
    tokenizer = build_tokenizer()
    pad = tokenizer.pad_token_id
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(tokenizer),
            hidden_size=config.text_hidden,
            intermediate_size=2 * config.text_hidden,
            num_hidden_layers=2,
            num_attention_heads=4,
            max_position_embeddings=16,
            projection_dim=config.text_hidden,
            pad_token_id=pad,
            bos_token_id=pad,
            eos_token_id=pad,
        )
    )
    unet = UNet2DConditionModel(
        sample_size=32 // config.patch,
        in_channels=3 * config.patch**2,
        out_channels=3 * config.patch**2,
        layers_per_block=1,
        block_out_channels=tuple(config.channels),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=config.text_hidden,
        attention_head_dim=8,
        norm_num_groups=8,
    )
    scheduler = DDIMScheduler(
        num_train_timesteps=1000,
        beta_schedule="squaredcos_cap_v2",
        prediction_type="v_prediction",
        clip_sample=True,
        set_alpha_to_one=True,
        timestep_spacing="trailing",
        steps_offset=0,
    )
    pipe = DemoShapesPipeline(
        unet=unet, text_encoder=text_encoder, tokenizer=tokenizer, scheduler=scheduler, patch_size=config.patch
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def train(out: Path, config: TrainConfig) -> dict[str, Any]:
    """Train and save the pipeline in ``out``; returns the run's figures (also written to ``out``)."""
    import torch

    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(config.threads)
    torch.use_deterministic_algorithms(True)
    try:
        return _train(out, config)
    finally:  # leave the caller's torch settings as they were
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def _train(out: Path, config: TrainConfig) -> dict[str, Any]:
    import torch
    import torch.nn.functional as F
    from diffusers import DDPMScheduler

    from guardrail.demo.dataset import make_dataset
    from guardrail.generation.shapes_pipeline import encode_prompts

    start, cpu_start = time.time(), _cpu_seconds()
    pipe = build_pipeline(config)
    images, captions = make_dataset(config.images, config.seed)
    logger.info("rendered %d training images in %.0f s", len(images), time.time() - start)
    data = torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1)
    data = F.pixel_unshuffle(data, config.patch)  # N x 48 x 8 x 8 for 4x4 patches
    noise_schedule = DDPMScheduler.from_config(pipe.scheduler.config)
    weights = _min_snr_weights(noise_schedule.alphas_cumprod, config.snr_gamma)
    unet, text_encoder, tokenizer = pipe.unet, pipe.text_encoder, pipe.tokenizer
    params = list(unet.parameters()) + list(text_encoder.parameters())
    optimiser = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.01)
    ema = [copy.deepcopy(unet).requires_grad_(False), copy.deepcopy(text_encoder).requires_grad_(False)]
    gen = torch.Generator().manual_seed(config.seed)
    length = pipe.config.max_length
    log: list[dict[str, float]] = []
    running = 0.0
    unet.train()
    text_encoder.train()
    for step in range(1, config.steps + 1):
        for group in optimiser.param_groups:  # constant after warm-up: a longer run extends a shorter one exactly
            group["lr"] = config.lr * min(1.0, step / config.warmup)
        idx = torch.randint(0, len(data), (config.batch,), generator=gen)
        x0 = data[idx]
        drop = torch.rand(config.batch, generator=gen) < config.drop_caption
        texts = ["" if d else captions[i] for d, i in zip(drop.tolist(), idx.tolist(), strict=True)]
        noise = torch.randn(x0.shape, generator=gen)
        t = torch.randint(0, noise_schedule.config.num_train_timesteps, (config.batch,), generator=gen)
        noisy = noise_schedule.add_noise(x0, noise, t)
        target = noise_schedule.get_velocity(x0, noise, t)
        cond = encode_prompts(tokenizer, text_encoder, texts, length)
        error = (unet(noisy, t, encoder_hidden_states=cond).sample - target).square().mean(dim=(1, 2, 3))
        loss = (error * weights[t]).mean()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        decay = min(config.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for shadow, live in zip(ema, (unet, text_encoder), strict=True):
                for s, p in zip(shadow.parameters(), live.parameters(), strict=True):
                    s.lerp_(p, 1 - decay)
        running += loss.item()
        if step % 50 == 0:
            entry = {
                "step": step,
                "loss": running / 50,
                "wall_s": time.time() - start,
                "cpu_s": _cpu_seconds() - cpu_start,
            }
            log.append(entry)
            running = 0.0
            logger.info("step %(step)d loss %(loss).4f wall %(wall_s).0f s cpu %(cpu_s).0f s", entry)
        if step % config.checkpoint_every == 0 or step == config.steps:
            _save(pipe, ema, out if step == config.steps else out.parent / f"{out.name}-step{step}", config, log)
    figures = {
        "wall_s": time.time() - start,
        "cpu_s": _cpu_seconds() - cpu_start,
        "final_loss": log[-1]["loss"] if log else 0.0,
    }
    (out / "training.json").write_text(
        json.dumps({"config": config.as_dict(), "figures": figures, "log": log}, indent=1)
    )
    return figures


def _min_snr_weights(alphas_cumprod: Any, gamma: float) -> Any:
    """Min-SNR-gamma loss weight per timestep for v-prediction: min(SNR, gamma) / (SNR + 1).

    Hang et al. 2023: bounding the weight of the easy, low-noise steps speeds convergence (the
    shipped model draws the asked colour and object after 5,000 steps; without it, 2,750 steps
    left visible noise). The price, measured: the weight tends to 0 at pure noise, where the
    prompt would set the background, so the shipped model takes the background from the seed,
    not from the prompt. Weighting pure noise as 1 instead (min(SNR + 1, gamma) / (SNR + 1))
    fixed the background but left the pictures noisy after 6,000 steps (colour and object at
    chance): see docs/models.md.
    """
    snr = alphas_cumprod / (1 - alphas_cumprod)
    return snr.clamp(max=gamma) / (snr + 1)


def _save(pipe: Any, ema: list[Any], folder: Path, config: TrainConfig, log: list[dict[str, float]]) -> None:
    """Save the EMA weights as a pipeline folder, the UNet in float16 (the live weights stay in ``pipe``)."""
    from guardrail.generation.shapes_pipeline import DemoShapesPipeline

    saved = DemoShapesPipeline(  # the UNet stored in half precision (half the size); loading casts it back
        unet=copy.deepcopy(ema[0]).eval().half(),
        text_encoder=copy.deepcopy(ema[1]).eval(),
        tokenizer=pipe.tokenizer,
        scheduler=pipe.scheduler,
        patch_size=config.patch,
    )
    saved.save_pretrained(str(folder), safe_serialization=True)
    (folder / "training.json").write_text(json.dumps({"config": config.as_dict(), "log": log}, indent=1))
    logger.info("saved %s", folder)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the trained pipeline to")
    parser.add_argument("--steps", type=int, default=12000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--images", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1.5e-3)
    parser.add_argument("--checkpoint-every", type=int, default=1000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    config = TrainConfig(
        seed=args.seed,
        steps=args.steps,
        batch=args.batch,
        images=args.images,
        threads=args.threads,
        lr=args.lr,
        checkpoint_every=args.checkpoint_every,
    )
    train(args.out, config)


if __name__ == "__main__":
    main()
