"""Opt-in representation: vary unstated attributes of people across the images of a request.

When the policy's ``representation`` section is enabled and a prompt depicts people (one of the
section's ``people`` words) without stating an attribute (none of its ``values`` or ``stated``
words), the images of the request rotate through that attribute's values, starting at a place
chosen from the request's seed (so a seeded request is reproducible). Each image's attributes
are recorded with its attempt, in the audit log and in the image's signed manifest.

Limits (also in docs/policies.md): words decide, not understanding: a prompt that implies an
attribute without a listed word gets a value anyway, and a prompt about several people gets one
value per image for all of them. The values are the policy team's words; the model may render
them poorly or stereotypically. It is off in the shipped policies.
"""

from __future__ import annotations

import random

from pydantic import BaseModel, ConfigDict, Field

from guardrail.policy.schema import RepresentationSection
from guardrail.screening.normalise import normalise, normalise_term

__all__ = ["Variation", "plan_variations"]


class Variation(BaseModel):
    """The prompt of one image slot and the attributes chosen for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int = Field(description="Image slot (0-based).")
    prompt: str = Field(description="The prompt for this slot.")
    attributes: dict[str, str] = Field(
        default_factory=dict, description="Attribute name -> value added to the prompt (empty when nothing was varied)."
    )


def _mentions(text: str, words: list[str]) -> bool:
    return any(f" {w} " in text for w in (normalise_term(x) for x in words) if w)


def plan_variations(prompt: str, count: int, section: RepresentationSection, seed: int) -> list[Variation]:
    """One variation per image slot (the prompt unchanged when the section does not apply)."""
    same = [Variation(index=i, prompt=prompt) for i in range(count)]
    if not section.enabled or not section.attributes:
        return same
    text = f" {normalise(prompt).text} "
    if not _mentions(text, section.people):
        return same
    free = [a for a in section.attributes if not _mentions(text, [*a.values, *a.stated])]
    if not free:
        return same
    rng = random.Random(seed)
    offsets = [rng.randrange(len(a.values)) for a in free]
    out = []
    for i in range(count):
        chosen = {a.name: a.values[(offset + i) % len(a.values)] for a, offset in zip(free, offsets, strict=True)}
        varied = section.template.replace("{prompt}", prompt).replace("{values}", ", ".join(chosen.values()))
        out.append(Variation(index=i, prompt=varied, attributes=chosen))
    return out
