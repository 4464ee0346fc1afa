"""Every prompt is logged or refused with a record: text that is not valid Unicode is refused.

A lone surrogate (``"\\ud83d"`` from JSON or the Python API, or an invalid UTF-8 byte in argv,
which Python turns into ``"\\udcff"``) cannot be screened, encoded or stored as text. It is an
:class:`~guardrail.errors.InputError` naming the argument, and the refusal is recorded with the
prompt escaped (``\\udcff``) and its HMAC (of the raw code points).
"""

from __future__ import annotations

from typing import Any

from guardrail.audit.key import prompt_digest
from guardrail.audit.records import REFUSED, PromptMode, RequestRecord, escape_text
from guardrail.errors import InputError

__all__ = ["invalid_text_error", "refusal_record"]


def invalid_text_error(value: str | None, where: str) -> InputError | None:
    """An InputError naming ``where`` and the first bad position, or None when ``value`` is valid Unicode."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        bad = escape_text(value[err.start : err.end])
        return InputError(
            f"is not valid Unicode: {bad} at character {err.start + 1} (a lone surrogate, e.g. invalid UTF-8 bytes)",
            where=where,
            fix="pass valid UTF-8 text",
        )
    return None


def refusal_record(
    prompt: str,
    *,
    request_id: str,
    error: InputError,
    mode: PromptMode,
    negative_prompt: str | None = None,
    **fields: Any,
) -> RequestRecord:
    """The audit record of a prompt refused as invalid input (escaped text, HMAC of the raw code points)."""
    params = dict(fields.pop("parameters", {}) or {})
    if negative_prompt is not None and mode == "full":
        params["negative_prompt"] = escape_text(negative_prompt)
    elif negative_prompt is not None:
        params["negative_prompt_hmac"] = prompt_digest(negative_prompt)
    return RequestRecord.for_prompt(
        prompt,
        mode=mode,
        request_id=request_id,
        final_action=REFUSED,
        prompt_action=None,
        reason=str(error),
        parameters=params,
        **fields,
    )
