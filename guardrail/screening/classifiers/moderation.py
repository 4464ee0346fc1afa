"""The ``openai-moderation`` backend: a moderation endpoint speaking the OpenAI API.

``POST {url}`` with ``{"model": ..., "input": prompt}``; the answer's
``results[0].category_scores`` (``{"sexual": 0.91, "violence/graphic": 0.02, ...}``) are mapped to
policy categories. For platforms that serve Llama Guard or a similar model behind an
OpenAI-compatible server. The API key is read from the environment variable the options name,
never from the policy. Uses the standard library only (urllib).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from pydantic import Field

from guardrail.checks.base import BackendOptions, parse_options
from guardrail.errors import BackendError
from guardrail.screening.classifiers.base import PromptScores

__all__ = ["ModerationEndpoint", "ModerationOptions"]


class ModerationOptions(BackendOptions):
    """Options of the ``openai-moderation`` backend."""

    url: str = Field(description="Full URL of the moderations endpoint, e.g. 'http://127.0.0.1:8000/v1/moderations'.")
    model: str | None = Field(None, description="Model name sent with each request (omitted when None).")
    labels: dict[str, str] = Field(
        min_length=1,
        description=(
            "API category -> policy category, e.g. {'sexual/minors': 'minors', 'self-harm/instructions': 'self-harm'}."
        ),
    )
    api_key_env: str | None = Field(
        None, description="Name of the environment variable holding the API key (sent as a Bearer token)."
    )


class ModerationEndpoint:
    """Client of one OpenAI-compatible moderation endpoint."""

    name = "openai-moderation"
    in_process = True  # a socket timeout bounds it; its API key comes from this process's environment

    def __init__(self, options: dict[str, Any], where: str = "prompt.classifiers[0]") -> None:
        """Validate options; nothing is contacted until the first ``classify``."""
        self.options = parse_options(ModerationOptions, options, where)
        self.where = where
        if not self.options.url.startswith(("http://", "https://")):
            raise BackendError(
                f"moderation url {self.options.url!r} is not http(s)",
                where=f"{where}.options.url",
                fix="give the endpoint's full http(s) URL",
            )

    def categories(self) -> set[str]:
        """Categories named in the label mapping."""
        return set(self.options.labels.values())

    def load(self) -> None:
        """Nothing to load; the key's variable must be set when one is named."""
        self._headers()

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.options.api_key_env:
            key = os.environ.get(self.options.api_key_env)
            if not key:
                raise BackendError(
                    f"environment variable {self.options.api_key_env} is not set",
                    where=f"{self.where}.options.api_key_env",
                    fix="export the API key in that variable",
                )
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def classify(self, text: str, timeout_s: float) -> PromptScores:
        """Ask the endpoint; raise BackendError on any HTTP, network or format problem."""
        body: dict[str, Any] = {"input": text}
        if self.options.model:
            body["model"] = self.options.model
        request = urllib.request.Request(
            self.options.url, data=json.dumps(body).encode("utf-8"), headers=self._headers(), method="POST"
        )
        where = f"{self.where} ({self.options.url})"
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                data = json.loads(response.read().decode("utf-8"))
            raw = data["results"][0]["category_scores"]
            scores: PromptScores = {}
            for label, category in self.options.labels.items():
                if label in raw:
                    scores[category] = max(scores.get(category, 0.0), float(raw[label]))
        except urllib.error.HTTPError as err:
            raise BackendError(f"moderation endpoint answered HTTP {err.code}", where=where) from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(err, TimeoutError) or isinstance(reason, TimeoutError):
                # the same words as the stage's own deadline: whichever clock fires first, one outcome
                raise BackendError(f"no answer within {timeout_s:g} s", where=where) from err
            raise BackendError(f"moderation endpoint unreachable: {err}", where=where) from err
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise BackendError(f"moderation endpoint gave an unexpected answer: {err!r}", where=where) from err
        return scores
