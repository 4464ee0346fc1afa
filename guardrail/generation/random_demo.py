"""The random-weight demo (``demo-random``): a tiny Stable Diffusion pipeline built from configs.

This was guardrail's first offline demo; the default is now the trained demo model
(``guardrail.generation.demo``). It stays as a second, structurally different pipeline (a real
``StableDiffusionPipeline`` with a VAE and a CLIP tokenizer) for tests, and as the baseline of
``benchmarks/demo_model_bench.py``. Its weights are random (deterministic from the recipe's seed),
so its pictures are textured noise that changes with the prompt and the seed: **they are not
meaningful**.

The first build is saved under ``GUARDRAIL_HOME/models/demo/<id>-<checksum>`` and reloaded from
there bit-exactly; a changed recipe has another checksum and is rebuilt.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardrail.errors import ModelLoadError
from guardrail.generation.recipe import DemoRecipe, load_recipe
from guardrail.home import guardrail_home

if TYPE_CHECKING:
    from diffusers import StableDiffusionPipeline
    from transformers import CLIPTokenizer

__all__ = [
    "RANDOM_DEMO_ALIASES",
    "RANDOM_DEMO_GUIDANCE_SCALE",
    "RANDOM_DEMO_HEIGHT",
    "RANDOM_DEMO_MODEL_ID",
    "RANDOM_DEMO_STEPS",
    "RANDOM_DEMO_WIDTH",
    "build_random_demo",
    "random_demo_cache_dir",
]

logger = logging.getLogger(__name__)

RANDOM_DEMO_MODEL_ID = "guardrail/demo-tiny-sd"
"""Model id of the random-weight demo, as reported in results and the audit log."""
RANDOM_DEMO_ALIASES = frozenset({"demo-random", RANDOM_DEMO_MODEL_ID})
"""Names that select the random-weight demo in ``load_pipeline`` and ``--model``."""
RANDOM_DEMO_STEPS = 4
"""Default denoising steps of the demo pipeline."""
RANDOM_DEMO_GUIDANCE_SCALE = 5.0
"""Default classifier-free guidance scale of the demo pipeline."""
RANDOM_DEMO_HEIGHT = 512
"""Default image height of the demo pipeline."""
RANDOM_DEMO_WIDTH = 512
"""Default image width of the demo pipeline."""

_START = "<|startoftext|>"
_END = "<|endoftext|>"


def _bytes_to_unicode() -> list[str]:
    """The 256 printable characters CLIP's byte-level BPE uses for the 256 byte values."""
    printable = (
        list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    )
    codes = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return [chr(c) for c in codes]


def byte_level_vocab() -> dict[str, int]:
    """A 514-token CLIP vocabulary: every byte, every byte ending a word, start and end tokens."""
    chars = _bytes_to_unicode()
    vocab: dict[str, int] = {}
    for char in chars:
        vocab[char] = len(vocab)
    for char in chars:
        vocab[char + "</w>"] = len(vocab)
    vocab[_START] = len(vocab)
    vocab[_END] = len(vocab)
    return vocab


def build_tokenizer(model_max_length: int = 77) -> CLIPTokenizer:
    """Make the demo's CLIP tokenizer locally (byte-level vocabulary, no merges)."""
    from transformers import CLIPTokenizer

    return CLIPTokenizer(vocab=byte_level_vocab(), merges=[], model_max_length=model_max_length)


def _demo_class() -> type:
    """The demo pipeline class: StableDiffusionPipeline with the demo's call defaults."""
    global _DEMO_CLASS
    if _DEMO_CLASS is not None:
        return _DEMO_CLASS
    import inspect
    import json

    from diffusers import StableDiffusionPipeline

    positional = [name for name in inspect.signature(StableDiffusionPipeline.__call__).parameters][1:]

    class GuardrailDemoPipeline(StableDiffusionPipeline):  # type: ignore[misc]
        """StableDiffusionPipeline whose defaults are the demo's (4 steps, 512x512)."""

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            """Run the pipeline; unset steps, guidance, height and width take the demo defaults."""
            given = set(positional[: len(args)])
            for key, value in self._guardrail_defaults.items():
                if key not in given and kwargs.get(key) is None:
                    kwargs[key] = value
            return super().__call__(*args, **kwargs)

        def to_json_string(self) -> str:
            """Save as a plain StableDiffusionPipeline so any diffusers install can load it."""
            data = json.loads(super().to_json_string())
            data["_class_name"] = "StableDiffusionPipeline"
            return json.dumps(data, indent=2, sort_keys=True) + "\n"

    _DEMO_CLASS = GuardrailDemoPipeline
    return _DEMO_CLASS


_DEMO_CLASS: type | None = None


def _with_demo_defaults(pipe: StableDiffusionPipeline, recipe: DemoRecipe) -> StableDiffusionPipeline:
    """Give ``pipe`` the demo class (its call defaults) and silence its progress bar."""
    pipe.__class__ = _demo_class()
    pipe._guardrail_defaults = recipe.defaults.model_dump()  # type: ignore[attr-defined]
    pipe.set_progress_bar_config(disable=True)
    return pipe


_BUILD_LOCK = threading.Lock()


def _init_weights(modules: list[Any], seed: int) -> None:
    """Overwrite every parameter from a private generator seeded with ``seed``.

    Mirrors PyTorch's default initialisation (Kaiming-uniform weights, fan-in-bounded biases,
    N(0, 0.02) embeddings, unit norms) but never reads torch's global random state, so the
    weights are the same whatever other threads do meanwhile.
    """
    import torch
    from torch import nn

    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in modules:
            done: set[int] = set()
            for sub in module.modules():
                params = dict(sub.named_parameters(recurse=False))
                if isinstance(sub, (nn.Linear, nn.Conv2d)):
                    nn.init.kaiming_uniform_(sub.weight, a=math.sqrt(5), generator=gen)
                    if sub.bias is not None:
                        bound = 1.0 / math.sqrt(sub.weight[0].numel())
                        nn.init.uniform_(sub.bias, -bound, bound, generator=gen)
                elif isinstance(sub, (nn.GroupNorm, nn.LayerNorm)):
                    for name, tensor in params.items():
                        nn.init.ones_(tensor) if name == "weight" else nn.init.zeros_(tensor)
                else:
                    for tensor in params.values():  # embeddings and anything else
                        nn.init.normal_(tensor, 0.0, 0.02, generator=gen)
                done.update(id(t) for t in params.values())
            missed = [n for n, t in module.named_parameters() if id(t) not in done]
            if missed:  # cannot happen with the modules above; never ship uninitialised weights
                raise RuntimeError(f"demo weights not initialised: {missed[:3]}")


def _build_fresh(recipe: DemoRecipe) -> StableDiffusionPipeline:
    """Build the pipeline from the recipe alone: deterministic weights from the recipe's seed."""
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    tokenizer = build_tokenizer(recipe.tokenizer.model_max_length)
    vocab = tokenizer.get_vocab()
    with torch.random.fork_rng(devices=[]):  # module constructors draw from the global RNG
        text_config = CLIPTextConfig(
            vocab_size=len(vocab),
            bos_token_id=vocab[_START],
            eos_token_id=vocab[_END],
            pad_token_id=vocab[_END],
            **recipe.text_encoder,
        )
        text_encoder = CLIPTextModel(text_config)
        unet = UNet2DConditionModel(**recipe.unet)
        vae = AutoencoderKL(**recipe.vae)
    _init_weights([text_encoder, unet, vae], recipe.seed)
    with torch.no_grad():
        vae.decoder.conv_out.weight.mul_(recipe.texture.vae_decoder_conv_out_gain)
    scheduler = DDIMScheduler(**recipe.scheduler)
    for module in (text_encoder, unet, vae):
        module.eval()
    return StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def random_demo_cache_dir(recipe: DemoRecipe | None = None) -> Path:
    """Folder the demo built from ``recipe`` is cached in: ``GUARDRAIL_HOME/models/demo/<name>-<sum12>``."""
    recipe = recipe or load_recipe()
    name = recipe.id.rsplit("/", 1)[-1]
    return guardrail_home() / "models" / "demo" / f"{name}-{recipe.checksum()[:12]}"


@contextlib.contextmanager
def quiet_progress() -> Iterator[None]:
    """Hide diffusers' and transformers' loading/saving progress bars (the library never prints)."""
    from diffusers.utils import logging as d_logging
    from transformers.utils import logging as t_logging

    d_was, t_was = d_logging.is_progress_bar_enabled(), t_logging.is_progress_bar_enabled()
    d_logging.disable_progress_bar()
    t_logging.disable_progress_bar()
    try:
        yield
    finally:
        if d_was:
            d_logging.enable_progress_bar()
        if t_was:
            t_logging.enable_progress_bar()


def _load_cached(folder: Path) -> StableDiffusionPipeline:
    from diffusers import StableDiffusionPipeline

    with quiet_progress():
        return StableDiffusionPipeline.from_pretrained(
            str(folder), local_files_only=True, safety_checker=None, requires_safety_checker=False
        )


def _save_cache(pipe: StableDiffusionPipeline, folder: Path) -> None:
    """Save atomically: write a temp folder beside ``folder`` and rename it into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        with quiet_progress():
            pipe.save_pretrained(str(tmp), safe_serialization=True)
        try:
            os.rename(tmp, folder)
        except OSError:
            if not (folder / "model_index.json").is_file():  # not a concurrent builder's copy
                raise
            logger.debug("demo cache %s written by another process; keeping that one", folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_random_demo(*, use_cache: bool = True, recipe_path: Path | None = None) -> StableDiffusionPipeline:
    """Return the offline demo pipeline (a StableDiffusionPipeline subclass with demo defaults).

    With ``use_cache`` (default) the pipeline is reloaded from ``random_demo_cache_dir()`` when present,
    otherwise built from the recipe and saved there. Never touches the network. Its pictures are
    not meaningful (random weights).
    """
    recipe = load_recipe(recipe_path)
    with _BUILD_LOCK:  # one build at a time in this process; other processes race safely on rename
        return _build_or_load(recipe, use_cache)


def _build_or_load(recipe: DemoRecipe, use_cache: bool) -> StableDiffusionPipeline:
    try:
        if not use_cache:
            return _with_demo_defaults(_build_fresh(recipe), recipe)
        folder = random_demo_cache_dir(recipe)
        if (folder / "model_index.json").is_file():
            try:
                pipe = _load_cached(folder)
                logger.info("demo model %s loaded from cache %s", recipe.id, folder)
                return _with_demo_defaults(pipe, recipe)
            except Exception as err:  # a damaged cache is rebuilt, never fatal
                logger.warning("demo model cache %s unreadable (%s); rebuilding it", folder, err)
                shutil.rmtree(folder, ignore_errors=True)
        pipe = _build_fresh(recipe)
        try:
            _save_cache(pipe, folder)
            logger.info("demo model %s built and cached in %s", recipe.id, folder)
        except OSError as err:
            logger.warning("could not cache the demo model in %s: %s", folder, err)
        return _with_demo_defaults(pipe, recipe)
    except ModelLoadError:
        raise
    except Exception as err:
        raise ModelLoadError(
            f"cannot build the demo model {recipe.id}: {err}",
            where="--model",
            fix="check that torch, diffusers and transformers import; reinstall with ./install.sh",
        ) from err
