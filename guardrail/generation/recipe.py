"""The recipe of the offline demo model: a small JSON file of component configs.

The recipe lives in ``guardrail/data/models/demo-tiny-sd.json`` (``models/`` at the repository
root points there). It names the seed the random weights come from, the configs of the tiny
UNet, VAE, CLIP text encoder and DDIM scheduler, the tokenizer settings and the call defaults.
Its checksum names the cache folder, so a changed recipe rebuilds the model.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardrail.errors import ModelLoadError

__all__ = ["DemoDefaults", "DemoRecipe", "DemoTexture", "TokenizerRecipe", "default_recipe_path", "load_recipe"]

# Bump when the build code changes in a way that changes the weights for the same recipe.
BUILD_VERSION = 2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoDefaults(_Strict):
    """Call defaults of the demo pipeline (used when the caller does not pass them)."""

    num_inference_steps: int = Field(4, ge=1, le=1000, description="Denoising steps per image.")
    guidance_scale: float = Field(5.0, ge=0.0, description="Classifier-free guidance scale.")
    height: int = Field(512, ge=64, multiple_of=8, description="Image height in pixels.")
    width: int = Field(512, ge=64, multiple_of=8, description="Image width in pixels.")


class DemoTexture(_Strict):
    """Tweaks that give the random-weight outputs visible texture (not flat images)."""

    vae_decoder_conv_out_gain: float = Field(
        1.5, gt=0.0, description="Factor on the VAE decoder's last conv weights (more contrast)."
    )


class TokenizerRecipe(_Strict):
    """How the local CLIP tokenizer is made (no download)."""

    kind: Literal["clip-byte-level"] = Field(
        "clip-byte-level", description="Byte-level vocabulary (256 bytes, each with and without '</w>') and no merges."
    )
    model_max_length: int = Field(77, ge=8, description="Longest token sequence, start and end tokens included.")


class DemoRecipe(_Strict):
    """Everything needed to build the demo pipeline from nothing but configs and a seed."""

    id: str = Field(description="Model id reported in results and the audit log.")
    format: Literal[1] = Field(description="Recipe format version.")
    description: str = Field(description="What the model is (a demo whose pictures are not meaningful).")
    seed: int = Field(ge=0, description="Seed of the deterministic random weights.")
    defaults: DemoDefaults = Field(default_factory=DemoDefaults, description="Call defaults.")
    texture: DemoTexture = Field(default_factory=DemoTexture, description="Output texture tweaks.")
    tokenizer: TokenizerRecipe = Field(default_factory=TokenizerRecipe, description="Tokenizer settings.")
    text_encoder: dict[str, Any] = Field(
        description="transformers CLIPTextConfig keyword arguments (vocab and special ids are set by the builder)."
    )
    unet: dict[str, Any] = Field(description="diffusers UNet2DConditionModel keyword arguments.")
    vae: dict[str, Any] = Field(description="diffusers AutoencoderKL keyword arguments.")
    scheduler: dict[str, Any] = Field(
        description="diffusers DDIMScheduler keyword arguments (steps_offset=1 for a bit-exact reload)."
    )

    def checksum(self) -> str:
        """SHA-256 (hex) of the canonical recipe and the build version; names the cache folder."""
        canonical = json.dumps(
            {"build": BUILD_VERSION, "recipe": self.model_dump(mode="json")},
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def default_recipe_path() -> Path:
    """Path of the shipped demo recipe (``guardrail/data/models/demo-tiny-sd.json``)."""
    return Path(str(resources.files("guardrail").joinpath("data", "models", "demo-tiny-sd.json")))


def load_recipe(path: Path | None = None) -> DemoRecipe:
    """Read and validate a demo recipe (default: the shipped one)."""
    path = path or default_recipe_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelLoadError(
            f"cannot read the demo model recipe: {err}",
            where=str(path),
            fix="reinstall guardrail or restore the file from the repository",
        ) from err
    try:
        return DemoRecipe.model_validate(raw)
    except ValidationError as err:
        raise ModelLoadError(
            f"invalid demo model recipe: {err.errors()[0]['loc']}: {err.errors()[0]['msg']}",
            where=str(path),
            fix="restore the recipe from the repository",
        ) from err
