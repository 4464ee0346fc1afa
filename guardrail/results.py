"""What a guarded generation returns: typed results for the request, each attempt and each image."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from guardrail.checks.models import ImageVerdict
from guardrail.policy.schema import PolicyRef
from guardrail.screening.decision import PromptDecision

__all__ = ["Attempt", "FileBytes", "GuardedResult", "ReleasedImage", "WithheldImage"]

# File bytes travel in JSON (the CLI's --json, the HTTP API) as standard base64 (`base64 -d` reads it).
FileBytes = Annotated[
    bytes,
    BeforeValidator(lambda v: base64.b64decode(v, validate=True) if isinstance(v, str) else v),
    PlainSerializer(lambda b: base64.b64encode(b).decode("ascii"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64", "description": "File bytes, standard base64."}),
]


class Attempt(BaseModel):
    """One generation attempt for one image slot, with the verdict that decided its fate."""

    index: int = Field(description="Image slot in the request (0-based).")
    attempt: int = Field(description="Attempt number for this slot (1-based).")
    seed: int = Field(description="Seed of the generator for this attempt.")
    prompt: str = Field(description="Prompt given to the model (after rewrites).")
    negative_prompt: str = Field(description="Negative prompt given to the model.")
    action: Literal["released", "withheld"] = Field(description="What happened to the image.")
    verdict: ImageVerdict | None = Field(
        None, description="The image verdict (scores, thresholds, reasons); None when the check could not run."
    )
    error: str | None = Field(
        None, description="Why checking or marking failed, if it did (the image is then withheld)."
    )
    watermark_id: str | None = Field(None, description="Watermark identifier of a released image.")
    manifest_hash: str | None = Field(None, description="Hash of the signed C2PA manifest of a released image.")
    attributes: dict[str, str] = Field(
        default_factory=dict,
        description="Attributes the policy's representation section added to this slot's prompt (empty when none).",
    )

    @property
    def reason(self) -> str:
        """One line saying why the attempt ended as it did."""
        if self.error:
            return self.error
        if self.verdict is not None:
            return "; ".join(self.verdict.reasons) or self.verdict.action
        return self.action


class ReleasedImage(BaseModel):
    """A released image: checked, watermarked and signed."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: int = Field(description="Image slot in the request (0-based).")
    attempt: int = Field(description="The attempt that produced it (1-based).")
    seed: int = Field(description="Seed that produced it.")
    format: str = Field(description="File format of `data` (png, jpeg, webp).")
    data: FileBytes = Field(
        repr=False,
        description="The file bytes: watermarked and carrying the signed manifest (standard base64 in JSON).",
    )
    image: Any = Field(None, repr=False, exclude=True, description="The released pixels as a PIL image.")
    watermark_id: str = Field(description="Watermark identifier embedded in the pixels.")
    manifest_hash: str = Field(description="Hash of the signed C2PA manifest.")
    check_action: str = Field(
        description=(
            "The image check's action that let it out: pass, flag, or blur (the released pixels are blurred there)."
        )
    )
    verdict: ImageVerdict | None = Field(
        None, description="The full image verdict (classifier scores, thresholds, similarity, reasons)."
    )
    path: str | None = Field(None, description="Where the file was written, when the call saved it.")

    @property
    def nsfw_content_detected(self) -> bool | None:
        """diffusers' flag, derived from guardrail's checks: did a safety classifier score a policy
        category at or above its threshold? ``None`` when no classifier checked the image (e.g. a
        policy with only similarity checks), never ``False`` for "not checked"."""
        checked = [c for c in (self.verdict.classifiers if self.verdict is not None else []) if c.status == "ok"]
        if not checked:
            return None
        return any(cat.triggered for c in checked for cat in c.categories)

    def save(self, path: str | Path) -> Path:
        """Write the signed bytes to ``path`` (refusing to overwrite) and return the path."""
        path = Path(path)
        with open(path, "xb") as fh:
            fh.write(self.data)
        return path


class WithheldImage(BaseModel):
    """An image slot for which no attempt could be released: verdicts only, never pixels."""

    index: int = Field(description="Image slot in the request (0-based).")
    reason: str = Field(description="Why the last attempt was withheld.")
    attempts: int = Field(description="How many attempts were made.")


class GuardedResult(BaseModel):
    """What one call of ``GuardedPipeline`` produced.

    It reads like a diffusers pipeline output where it can: ``result.images`` (the released PIL
    images), ``result.nsfw_content_detected`` (one flag per released image, ``None`` when no
    classifier checked it), ``result[0]`` / ``result["images"]`` and ``result.to_tuple()``. The
    full story stays on it: ``released`` (with each image's verdict), ``withheld`` and ``attempts``.
    """

    request_id: str = Field(description="Identifier of the request in the audit log.")
    action: Literal["released", "blocked", "withheld", "error"] = Field(
        description=(
            "'released' when at least one image was released; 'blocked' when the prompt was refused; 'withheld' when "
            "every image was withheld; 'error' only in the audit log of a request that crashed."
        )
    )
    prompt_decision: PromptDecision = Field(description="The prompt screening decision.")
    rewritten: bool = Field(description="True when rules rewrote the prompt and the model saw the rewritten text.")
    effective_prompt: str | None = Field(description="The prompt the model saw (None when blocked).")
    negative_prompt: str | None = Field(description="The negative prompt of the first attempt (None when blocked).")
    released: list[ReleasedImage] = Field(default_factory=list, description="Released images.")
    withheld: list[WithheldImage] = Field(default_factory=list, description="Image slots that released nothing.")
    attempts: list[Attempt] = Field(default_factory=list, description="Every attempt, in order.")
    policy: PolicyRef = Field(description="Name, version and hash of the policy in force.")
    model_id: str = Field(description="The generator model.")
    seed: int | None = Field(description="Base seed of the request (None when blocked).")

    @property
    def images(self) -> list[Any]:
        """The released PIL images, in slot order (withheld slots leave no gap-filler)."""
        return [r.image for r in self.released]

    @property
    def nsfw_content_detected(self) -> list[bool | None]:
        """One flag per image in :attr:`images`, as diffusers' safety checker output has (see
        :attr:`ReleasedImage.nsfw_content_detected`)."""
        return [r.nsfw_content_detected for r in self.released]

    def to_tuple(self) -> tuple[list[Any], list[bool | None]]:
        """``(images, nsfw_content_detected)``, as ``return_dict=False`` gives in diffusers."""
        return self.images, self.nsfw_content_detected

    def __getitem__(self, key: int | str) -> Any:
        """``result[0]`` is the images and ``result[1]`` the flags; ``result["images"]`` by name."""
        if isinstance(key, str):
            if key not in ("images", "nsfw_content_detected"):
                raise KeyError(key)
            return getattr(self, key)
        return self.to_tuple()[key]
