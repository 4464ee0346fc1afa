"""The verify vocabulary is defined once and documented for editors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from guardrail.provenance.source_types import SOURCE_TYPES, classify, term
from guardrail.provenance.verdicts import VERDICTS, Verdict, exit_code

DOC = Path(__file__).resolve().parents[2] / "docs" / "verify.md"


def test_every_verdict_has_an_exit_code_a_sentence_and_a_documented_example() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for verdict in get_args(Verdict):
        info = VERDICTS[verdict]
        assert info.exit_code in (0, 1) and info.sentence.endswith(".")
        row = re.search(rf"^\| \d \| `{re.escape(verdict)}` \| (\d) \|", doc, re.MULTILINE)
        assert row and int(row.group(1)) == exit_code(verdict, "trusted"), verdict  # the table matches the code
        assert f'"verdict": "{verdict}"' in doc, f"no example report for {verdict}"


def test_only_verified_provenance_exits_0() -> None:
    verified = {v for v in VERDICTS if exit_code(v, "trusted") == 0}
    assert verified == {"ai-generated", "ai-edited", "ai-generated-recovered", "credentials-no-ai"}


def test_a_no_ai_claim_from_an_untrusted_signer_is_not_verified() -> None:
    """Attack: a self-made CA signs 'digitalCapture' on an AI image; without trust it must not exit 0."""
    assert exit_code("credentials-no-ai", "untrusted") == 1
    assert exit_code("credentials-no-ai", "unsigned") == 1
    assert exit_code("ai-generated", "untrusted") == 0  # a claim of AI is not weakened by an unknown signer


def test_source_types_read_in_both_spellings() -> None:
    for name, kind in SOURCE_TYPES.items():
        for prefix in (
            "http://cv.iptc.org/newscodes/digitalsourcetype/",
            "https://cv.iptc.org/newscodes/digitalsourcetype/",
        ):
            assert term(prefix + name) == name and classify(prefix + name) == kind
    assert classify("http://cv.iptc.org/newscodes/digitalsourcetype/somethingNew") == "unknown"
