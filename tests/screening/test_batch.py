"""Reading prompt files: .txt, .csv, .jsonl, and errors that name file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guardrail.errors import InputError
from guardrail.screening.batch import Label, read_prompts


def test_reads_txt_one_prompt_per_line_skipping_blanks(write: Callable[[str, str], Path]) -> None:
    records = read_prompts(write("p.txt", "a lighthouse\n\n  \na nude woman\n"))
    assert [(r.text, r.line, r.label) for r in records] == [("a lighthouse", 1, None), ("a nude woman", 4, None)]


def test_reads_labelled_csv_and_jsonl(write: Callable[[str, str], Path]) -> None:
    csv_records = read_prompts(
        write(
            "p.csv",
            'text,label,category,language\n"a cat, sleeping",benign,sexual,en\nune femme nue,unsafe,sexual,fr\n',
        )
    )
    assert (
        csv_records[0].text == "a cat, sleeping"
        and csv_records[1].label == Label.UNSAFE
        and csv_records[1].language == "fr"
    )
    jsonl = read_prompts(
        write("p.jsonl", '{"text": "a nude woman", "label": "unsafe", "category": "sexual"}\n"a bare string"\n')
    )
    assert [(r.text, r.label) for r in jsonl] == [("a nude woman", Label.UNSAFE), ("a bare string", None)]


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("p.jsonl", '{"text": "ok"}\n{oops\n', "p.jsonl:2", "bad JSON"),
        ("p.jsonl", '{"text": "ok", "label": "maybe"}\n', "p.jsonl:1", "unknown label"),
        ("p.csv", "prompt_text\nhello\n", "p.csv:1", "no 'text' or 'prompt' column"),
        ("p.txt", "\n\n", "p.txt", "no prompts"),
        ("p.yaml", "a: 1\n", "p.yaml", "unsupported"),
    ],
)
def test_bad_files_raise_input_errors_naming_the_place(
    write: Callable[[str, str], Path], name: str, text: str, where: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_prompts(write(name, text))
    assert info.value.where.endswith(where)
