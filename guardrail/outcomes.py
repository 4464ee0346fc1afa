"""The one vocabulary of outcomes: every word the library, CLI, JSON, audit log and docs use for
what happened to a prompt, an image check, an attempt and a request, defined here once.

```
prompt rule      allow < flag < rewrite < block                    PromptAction (policy files)
image rule       allow | flag | blur | block                       ImageAction (policy files)
image check      pass < flag < blur < block < could-not-check      CheckAction (verdicts)
attempt          released | withheld                               AttemptOutcome
request          released | blocked | withheld | error             RequestOutcome
lookup           found | not-found                                 ResolveOutcome
```

- **could-not-check**: a check could not run (a model failed to load, crashed, timed out, gave
  a non-number). It outranks every other check action and is never read as safe; the image is
  not released and not retried.
- **withheld**: an attempt (or every attempt of a request) that was not released, for any
  reason: blocked by a check, a check that could not run, or marking that failed. Its pixels
  never leave.
- **blocked** (request): the prompt was refused by screening; nothing was generated.
- **error** (request): the request crashed or met a configuration fault (a broken store or
  signing identity); it is logged and raised, never reported as a content decision.
- **found** / **not-found** (lookup): what a soft-binding lookup of the service's manifest store
  (``/v1/manifests/...``) answered: the signed manifest of one release, or none (unknown id, a tag
  several releases share, no fingerprint match, a release stored without its signed bytes).

Verdicts of ``guardrail verify`` (ai-generated, ...) are defined in ``guardrail.provenance.verdicts``.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

__all__ = [
    "CHECK_ACTION_RANK",
    "COULD_NOT_CHECK",
    "RELEASABLE_CHECK_ACTIONS",
    "PROMPT_ACTION_RANK",
    "AttemptOutcome",
    "CheckAction",
    "ImageAction",
    "PromptAction",
    "RequestOutcome",
    "ResolveOutcome",
    "strongest_check_action",
]


class PromptAction(str, Enum):  # noqa: UP042 - StrEnum would change str() of members in messages
    """What a prompt rule does when it matches (strongest first: block > rewrite > flag > allow)."""

    BLOCK = "block"
    REWRITE = "rewrite"
    FLAG = "flag"
    ALLOW = "allow"


class ImageAction(str, Enum):  # noqa: UP042 - as PromptAction
    """What an image check does when a category crosses its threshold (set in the policy)."""

    BLOCK = "block"
    FLAG = "flag"
    BLUR = "blur"
    ALLOW = "allow"


PROMPT_ACTION_RANK: dict[PromptAction, int] = {
    PromptAction.ALLOW: 0,
    PromptAction.FLAG: 1,
    PromptAction.REWRITE: 2,
    PromptAction.BLOCK: 3,
}
"""Strength of each prompt action (higher wins)."""

COULD_NOT_CHECK = "could-not-check"

CheckAction = Literal["pass", "flag", "blur", "block", "could-not-check"]
"""The action of an image check's verdict: what the policy asks for, or that the check could not run."""

CHECK_ACTION_RANK: dict[str, int] = {"pass": 0, "flag": 1, "blur": 2, "block": 3, COULD_NOT_CHECK: 4}
"""Strength of each check action (higher wins). could-not-check outranks everything: never safe."""

RELEASABLE_CHECK_ACTIONS: tuple[str, ...] = ("pass", "flag", "blur")
"""The only check actions under which an image may be released. Fail closed: block, could-not-check
or any word a future check adds withholds the image."""

AttemptOutcome = Literal["released", "withheld"]
"""What happened to one generated image: released (checked, marked) or withheld (for any reason)."""

RequestOutcome = Literal["released", "blocked", "withheld", "error"]
"""What happened to a request: at least one image released; prompt blocked; every image withheld;
or it crashed or met a configuration fault (audit log only; the caller gets the exception)."""


ResolveOutcome = Literal["found", "not-found"]
"""What a soft-binding lookup answered: one release's signed manifest, or none (audit ``final_action`` of
an operation ``resolve`` record)."""


def strongest_check_action(actions: list[str]) -> CheckAction:
    """The strongest of ``actions`` ("pass" for none)."""
    best = "pass"
    for action in actions:
        if CHECK_ACTION_RANK[action] > CHECK_ACTION_RANK[best]:
            best = action
    return best  # type: ignore[return-value]
