"""Writing audit records as JSON lines or CSV, one row at a time (never all in memory).

Each row has a ``kind`` column (``request`` or ``image``); request rows fill the request columns,
image rows the image columns. Lists and dicts are JSON-encoded in CSV cells. CSV cells that a
spreadsheet would run as a formula (starting with ``= + - @`` or a tab/CR) get a leading ``'``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from guardrail.audit.records import ImageRecord, RequestRecord
from guardrail.audit.store import ExportFormat
from guardrail.errors import InputError

__all__ = ["CSV_COLUMNS", "write_rows"]

REQUEST_COLUMNS = (
    "request_id",
    "operation",
    "time",
    "policy_name",
    "policy_version",
    "policy_hash",
    "model_id",
    "seed",
    "parameters",
    "prompt",
    "prompt_hmac",
    "rewritten_prompt_hmac",
    "prompt_action",
    "matched_rules",
    "final_action",
    "attempts",
    "input_sha256",
    "checked",
    "prompt_key_id",
    "reason",
    "recovery",
    "client_id",
)
IMAGE_COLUMNS = (
    "index",
    "attempt",
    "action",
    "verdicts",
    "watermark_id",
    "manifest_hash",
    "output_path",
    "file_sha256",
    "error",
)
CSV_COLUMNS = ("kind", *REQUEST_COLUMNS, *IMAGE_COLUMNS)
"""Column order of the CSV export (image rows repeat request_id, time and seed)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _row(record: RequestRecord | ImageRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    if isinstance(record, RequestRecord):
        policy = data.pop("policy")
        data.update(policy_name=policy["name"], policy_version=policy["version"], policy_hash=policy["hash"])
        return {"kind": "request", **data}
    return {"kind": "image", **data}


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_rows(records: Iterable[RequestRecord | ImageRecord], fmt: ExportFormat, out: TextIO) -> int:
    """Write ``records`` to ``out`` in ``fmt`` as they come; return how many rows were written."""
    if fmt not in ("jsonl", "csv"):
        raise InputError(
            f"unknown export format {fmt!r}; valid: csv, jsonl",
            where="--format",
            fix="use --format jsonl or --format csv",
        )
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(_row(record), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_cell(value) for key, value in _row(record).items()})
        count += 1
    return count
