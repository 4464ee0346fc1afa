"""The audit log's records: one per request, one per generated image (every attempt).

Records are plain pydantic data so any store (SQLite here, a server database later) keeps the
same fields. A request record keeps the prompt text, or only its HMAC when the policy says
``audit.prompt: hash``. A prompt that is not valid Unicode is refused (``final_action`` ``refused``)
and kept escaped (``\\udcff``), never raw.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from guardrail.audit.key import current_audit_key, key_id, prompt_digest
from guardrail.policy.schema import PolicyRef

__all__ = ["REFUSED", "ImageRecord", "PromptMode", "RecoveryAction", "RequestRecord", "escape_text", "utc_now"]

PromptMode = Literal["full", "hash"]

REFUSED = "refused"
"""Final action of a request refused before screening because its input was invalid (InputError)."""


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("time must be timezone-aware (UTC)")
    return value.astimezone(UTC)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecoveryAction(_Record):
    """One thing ``guardrail audit recover`` did about a release that a crash interrupted."""

    request_id: str = Field(description="The interrupted request.")
    action: Literal["completed", "rolled-back", "removed-temp", "removed-manifest", "removed-entry"] = Field(
        description="completed: the file had reached its final name with its record, nothing to undo; rolled-back: the "
        "record was committed but the file never reached its final name, so it is not released (temp file removed); "
        "removed-temp: a temp file of a release that was never committed was deleted; removed-manifest: the stored "
        "manifest of an image that was never released was deleted; removed-entry: an unreadable pending entry was "
        "deleted."
    )
    path: str | None = Field(None, description="The file concerned (final name, or temp name for removed-temp).")
    watermark_id: str | None = Field(None, description="The release id concerned, if any.")


class RequestRecord(_Record):
    """One generation request: what was asked, under which policy, and what was decided."""

    request_id: str = Field(min_length=1, max_length=200, description="Unique id of the request (e.g. a UUID).")
    operation: Literal["generate", "mark", "recover", "screen", "check", "verify", "resolve"] = Field(
        "generate",
        description=(
            "'generate': a prompt went through the guarded pipeline; 'mark': an image made elsewhere was checked and "
            "marked (no prompt); 'recover': `guardrail audit recover` reconciled a release a crash interrupted (see "
            "`recovery`); 'screen', 'check', 'verify': a service call that released nothing (its decision or verdict "
            "is final_action); 'resolve': a soft-binding lookup of the service's manifest store (final_action found "
            "or not-found; what was asked and found in `parameters`)."
        ),
    )
    time: datetime = Field(default_factory=utc_now, description="When the request was made (UTC).")
    policy: PolicyRef = Field(description="Name, version and hash of the policy in force.")
    model_id: str = Field(description="Model that generated (hub id, local path or the demo id).")
    seed: int | None = Field(None, description="Seed of the first attempt, if any.")
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Generation parameters (steps, guidance, size, n, negative prompt, ...); for 'resolve', the lookup: "
            "`by` (watermark or fingerprint), `query` (the id asked for), `release` (the watermark id found), "
            "fingerprint distances."
        ),
    )
    prompt: str | None = Field(
        None,
        description="The prompt text (invalid Unicode escaped as \\udcff); None when the policy keeps only its hash.",
    )
    prompt_hmac: str | None = Field(
        None,
        pattern=r"^[0-9a-f]{64}$",
        description=(
            "HMAC-SHA256 (hex) of the prompt under the install's audit key (guardrail.audit.prompt_digest): "
            "checkable by the key holder, not reversible by guessing."
        ),
    )
    prompt_key_id: str | None = Field(
        None, description="Id of the audit key the prompt digests were made with (see guardrail.audit.key)."
    )
    rewritten_prompt_hmac: str | None = Field(
        None,
        pattern=r"^[0-9a-f]{64}$",
        description="HMAC-SHA256 of the text actually generated from, when rules rewrote the prompt.",
    )
    prompt_action: str | None = Field(
        None,
        description=(
            "Prompt decision: allow, flag, rewrite or block (None for 'mark', and for a prompt refused as invalid "
            "input)."
        ),
    )
    matched_rules: list[str] = Field(default_factory=list, description="Ids of the prompt rules that matched.")
    final_action: str = Field(
        description=(
            "Outcome of the request: released, withheld, blocked, error, refused (invalid input, nothing screened) "
            "or recovered; for service calls the decision (screen), check action (check), verdict (verify) or "
            "found / not-found (resolve)."
        )
    )
    attempts: int = Field(0, ge=0, description="Generation attempts made (0 when the prompt was blocked).")
    input_sha256: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="For 'mark': SHA-256 of the input file's bytes."
    )
    checked: bool | None = Field(
        None, description="For 'mark': False when the image checks were skipped on purpose (--no-check)."
    )
    reason: str | None = Field(None, description="Why the request was refused or failed, when it was.")
    recovery: list[RecoveryAction] = Field(default_factory=list, description="For 'recover': what recovery did.")
    client_id: str | None = Field(
        None,
        max_length=200,
        description=(
            "Who asked through the HTTP service: the API key's id (never the key), 'public' for an unauthenticated "
            "verify; None for library and CLI calls."
        ),
    )

    @field_validator("time")
    @classmethod
    def _utc_time(cls, value: datetime) -> datetime:
        return _as_utc(value)

    @model_validator(mode="after")
    def _prompt_for_generation(self) -> RequestRecord:
        if self.operation == "generate" and (
            self.prompt_hmac is None or (self.prompt_action is None and self.final_action != REFUSED)
        ):
            raise ValueError(
                "a 'generate' record needs prompt_hmac and prompt_action (build it with RequestRecord.for_prompt)"
            )
        if self.prompt is not None and _has_surrogates(self.prompt):
            raise ValueError(
                "prompt is not valid Unicode (lone surrogates); store it escaped (RequestRecord.for_prompt does)"
            )
        return self

    @classmethod
    def for_prompt(
        cls,
        prompt: str,
        *,
        mode: PromptMode = "full",
        rewritten_prompt: str | None = None,
        key: bytes | None = None,
        **fields: Any,
    ) -> RequestRecord:
        """Build a record from the prompt text, keeping only its HMAC when ``mode`` is ``"hash"``.

        ``key`` defaults to the install's current audit key (``GUARDRAIL_HOME/audit-keys``). A
        prompt that is not valid Unicode is kept escaped (``\\ud83d``); its digest is of the raw
        code points.
        """
        kid, key = current_audit_key() if key is None else (key_id(key), key)
        return cls(
            prompt=escape_text(prompt) if mode == "full" else None,
            prompt_hmac=prompt_digest(prompt, key),
            prompt_key_id=kid,
            rewritten_prompt_hmac=prompt_digest(rewritten_prompt, key) if rewritten_prompt is not None else None,
            **fields,
        )


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def escape_text(text: str) -> str:
    """``text`` with lone surrogates (invalid Unicode) written as ``\\udcff``; valid text unchanged."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if _has_surrogates(text) else text


class ImageRecord(_Record):
    """One generated image (one attempt at one output index) and what happened to it."""

    request_id: str = Field(min_length=1, max_length=200, description="The request this image belongs to.")
    index: int = Field(ge=0, description="Output index within the request (0 .. n-1).")
    attempt: int = Field(ge=1, description="Attempt number for this index (1 = first try).")
    time: datetime = Field(default_factory=utc_now, description="When the image was decided (UTC).")
    seed: int | None = Field(None, description="Seed this image was generated with.")
    action: Literal["released", "withheld"] = Field(
        description="released (marked and written) or withheld (never its pixels)."
    )
    verdicts: list[dict[str, Any]] = Field(
        default_factory=list, description="Every check's verdict as JSON data, with scores, thresholds and reasons."
    )
    watermark_id: str | None = Field(
        None, description="Identifier carried by the invisible watermark (released images)."
    )
    manifest_hash: str | None = Field(None, description="Hash of the signed C2PA manifest (released images).")
    output_path: str | None = Field(
        None, description="Where the released file was written; None when withheld or not saved."
    )
    file_sha256: str | None = Field(
        None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the released bytes (the file at output_path, or the bytes returned).",
    )
    error: str | None = Field(None, description="Why checking or marking failed (the image is then withheld).")

    @field_validator("time")
    @classmethod
    def _utc_time(cls, value: datetime) -> datetime:
        return _as_utc(value)
