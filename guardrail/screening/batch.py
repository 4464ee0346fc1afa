"""Read files of prompts for batch screening and evaluation: ``.txt``, ``.csv``, ``.jsonl``.

- ``.txt``: one prompt per line (blank lines skipped);
- ``.csv``: a header row; the prompt is in column ``text`` (or ``prompt``); optional columns
  ``label`` (``unsafe`` or ``benign``), ``category``, ``language``;
- ``.jsonl``: one JSON object per line with ``text`` (or ``prompt``) and the same optional keys,
  or a bare JSON string.

Every problem is an InputError naming ``file:line``.
"""

from __future__ import annotations

import csv
import json
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from guardrail.errors import InputError

__all__ = ["Label", "PromptRecord", "read_prompts"]

FORMATS = (".txt", ".csv", ".jsonl")


class Label(str, Enum):  # noqa: UP042 -- str() must print the value, not 'Label.X' (StrEnum changes __str__/format)
    """What a labelled prompt should get: ``unsafe`` should be blocked, ``benign`` should not."""

    UNSAFE = "unsafe"
    BENIGN = "benign"


class PromptRecord(BaseModel):
    """One prompt of a file, with its label when the file has one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(description="The prompt.")
    line: int = Field(description="Line of the prompt in its file (1-based; for CSV the last line of the row).")
    label: Label | None = Field(None, description="'unsafe' or 'benign' in labelled files, else None.")
    category: str = Field("", description="Category the prompt belongs to (or looks like, for benign prompts).")
    language: str = Field("", description="Language code of the prompt, e.g. 'en', 'fr'.")


def _record(data: dict, where: str, line: int) -> PromptRecord:
    text = data.get("text", data.get("prompt"))
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            "no prompt: expected a non-empty 'text' (or 'prompt') field", where=where, fix="give every row a prompt"
        )
    label = data.get("label") or None
    if label is not None and label not in (Label.UNSAFE.value, Label.BENIGN.value):
        raise InputError(f"unknown label {label!r}", where=where, fix="use 'unsafe' or 'benign'")
    return PromptRecord(
        text=text,
        line=line,
        label=label,
        category=str(data.get("category") or ""),
        language=str(data.get("language") or ""),
    )


def read_prompts(path: str | Path) -> list[PromptRecord]:
    """The prompts of a ``.txt``, ``.csv`` or ``.jsonl`` file, in file order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"unsupported prompt file type {suffix or '(none)'!r}",
            where=str(path),
            fix=f"use one of: {', '.join(FORMATS)}",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise InputError("file not found", where=str(path), fix="check the path") from err
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the file: {err}", where=str(path), fix="give a UTF-8 text file") from err
    out: list[PromptRecord] = []
    if suffix == ".txt":
        out = [PromptRecord(text=line, line=i) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    elif suffix == ".jsonl":
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(
                    f"bad JSON: {err.msg}", where=f"{path}:{i}", fix="one JSON object (or string) per line"
                ) from err
            out.append(
                _record(
                    {"text": data} if isinstance(data, str) else data if isinstance(data, dict) else {},
                    f"{path}:{i}",
                    i,
                )
            )
    else:
        reader = csv.DictReader(text.splitlines(keepends=True))
        if not reader.fieldnames or not {"text", "prompt"} & set(reader.fieldnames):
            raise InputError(
                "the CSV header has no 'text' or 'prompt' column",
                where=f"{path}:1",
                fix="add a header row naming the prompt column 'text'",
            )
        for row in reader:
            line = reader.line_num
            out.append(_record({k: v for k, v in row.items() if k is not None}, f"{path}:{line}", line))
    if not out:
        raise InputError("the file holds no prompts", where=str(path), fix="give at least one prompt")
    return out
