"""Request bodies of the service that the library has no model for (answers are library models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["GenerateRequest", "Health", "Readiness", "ScreenRequest"]


class ScreenRequest(BaseModel):
    """One prompt (``prompt``) or a batch (``prompts``): the answer is one PromptDecision or a list."""

    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(None, description="One prompt to screen.")
    prompts: list[str] | None = Field(
        None, min_length=1, max_length=256, description="Several prompts to screen (at most 256)."
    )

    @model_validator(mode="after")
    def _one_of(self) -> ScreenRequest:
        if (self.prompt is None) == (self.prompts is None):
            raise ValueError("give exactly one of 'prompt' or 'prompts'")
        return self


class GenerateRequest(BaseModel):
    """The arguments of a guarded generation (as ``GuardedPipeline.__call__``)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(description="What to generate.")
    negative_prompt: str | None = Field(None, description="What the model should avoid.")
    num_inference_steps: int | None = Field(None, ge=1, le=200, description="Denoising steps (default: the model's).")
    guidance_scale: float | None = Field(
        None, ge=0, le=50, description="Classifier-free guidance scale (default: the model's)."
    )
    height: int | None = Field(None, ge=8, le=2048, description="Image height, a multiple of 8.")
    width: int | None = Field(None, ge=8, le=2048, description="Image width, a multiple of 8.")
    num_images_per_prompt: int = Field(
        1, ge=1, le=16, description="Number of images (at most the service's max_images)."
    )
    seed: int | None = Field(None, ge=0, description="Seed for reproducible output (image i uses seed + i).")


class Health(BaseModel):
    """Liveness: the process answers."""

    model_config = ConfigDict(extra="forbid")

    status: str = Field(description="'ok'.")


class Readiness(BaseModel):
    """Readiness: the model (when generation is on) and the policy's classifiers are loaded, every store answers."""

    model_config = ConfigDict(extra="forbid")

    ready: bool = Field(description="True when every check below passed.")
    checks: dict[str, str] = Field(
        description="Each check (model, classifiers, manifest_store, audit_log, api_keys): 'ok', 'loading', "
        "'disabled' or what failed."
    )
    policy: str = Field(description="Policy in force: name version (hash prefix).")
    model_id: str = Field(description="Generator model id.")
