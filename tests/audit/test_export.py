"""Exports: JSON lines and CSV that parse back, streamed from one consistent snapshot."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from guardrail.audit import CSV_COLUMNS, AuditLog, ImageRecord, RequestRecord
from guardrail.errors import InputError


@pytest.fixture
def filled(log: AuditLog, make_request: Any, make_image: Any) -> AuditLog:
    """Two requests (one with two attempts), a blocked one, and an image whose request is not logged yet."""
    log.log_request(make_request("req-a"))
    log.log_image(make_image("req-a", 0, 1, action="withheld", output_path=None, error="watermark failed"))
    log.log_image(make_image("req-a", 0, 2))
    log.log_request(
        make_request(
            "req-b",
            prompt='=HYPERLINK("http://evil")',
            mode="full",
            final_action="blocked",
            attempts=0,
            prompt_action="block",
            matched_rules=["r1", "r2"],
        )
    )
    log.log_image(make_image("req-pending", 0, 1))
    return log


def test_jsonl_export_parses_back_to_the_records(filled: AuditLog) -> None:
    out = io.StringIO()
    assert filled.export("jsonl", out) == 5
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    kinds = [(r["kind"], r["request_id"]) for r in rows]
    assert kinds == [
        ("request", "req-a"),
        ("image", "req-a"),
        ("image", "req-a"),
        ("request", "req-b"),
        ("image", "req-pending"),
    ]
    first = rows[0]
    policy = {
        "name": first.pop("policy_name"),
        "version": first.pop("policy_version"),
        "hash": first.pop("policy_hash"),
    }
    first.pop("kind")
    assert RequestRecord.model_validate({**first, "policy": policy}) == filled.get_request("req-a")[0]
    image = {k: v for k, v in rows[1].items() if k != "kind"}
    assert ImageRecord.model_validate(image) == filled.get_request("req-a")[1][0]


def test_csv_export_parses_back_with_the_csv_module(filled: AuditLog) -> None:
    out = io.StringIO()
    assert filled.export("csv", out) == 5
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    assert [r["kind"] for r in rows] == ["request", "image", "image", "request", "image"]
    a = rows[0]
    assert a["policy_hash"] == "ab" * 32 and a["prompt"] == "a cat on a sofa"
    assert json.loads(a["parameters"])["num_inference_steps"] == 4
    withheld = rows[1]
    assert (
        withheld["action"] == "withheld" and withheld["error"] == "watermark failed" and withheld["output_path"] == ""
    )
    assert json.loads(withheld["verdicts"])[0]["check"] == "nudenet"
    blocked = rows[3]
    assert json.loads(blocked["matched_rules"]) == ["r1", "r2"]
    # a prompt a spreadsheet would run as a formula is defused with a leading quote
    assert blocked["prompt"] == '\'=HYPERLINK("http://evil")'


def test_export_is_one_snapshot_streamed_while_others_write(filled: AuditLog, make_request: Any) -> None:
    writer = AuditLog(filled.path)

    class WritesDuringExport(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() == 0:  # first row is out: all rows were not read up front
                writer.log_request(make_request("req-late"))
            return super().write(text)

    out = WritesDuringExport()
    filled.export("jsonl", out)
    ids = [json.loads(line)["request_id"] for line in out.getvalue().splitlines()]
    assert "req-late" not in ids
    assert filled.get_request("req-late")[0].request_id == "req-late"
    writer.close()


def test_export_of_an_empty_log_is_empty(log: AuditLog) -> None:
    out = io.StringIO()
    assert log.export("jsonl", out) == 0 and out.getvalue() == ""
    out = io.StringIO()
    assert log.export("csv", out) == 0
    assert out.getvalue().strip() == ",".join(CSV_COLUMNS)


def test_unknown_export_format_is_refused(log: AuditLog) -> None:
    with pytest.raises(InputError, match="valid: csv, jsonl"):
        log.export("xml", io.StringIO())  # type: ignore[arg-type]
