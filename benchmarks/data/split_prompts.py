"""Split ``prompts.jsonl`` into a tuning half and a held-out half, deterministically.

Within each (label, category, language) stratum the prompts are ordered by the SHA-256 of their
text and dealt alternately (one count running across strata) to ``prompts.tuning.jsonl`` and ``prompts.heldout.jsonl``:
the same
input always gives the same halves, each stratum is split evenly, and no choice of ours decides
which prompt lands where. The split was made once, before any rule was tuned; rules are tuned
on the tuning half only, and the held-out half is used only for measuring.

Run: ``python benchmarks/data/split_prompts.py`` (rewrites both files).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "prompts.jsonl"
TUNING = HERE / "prompts.tuning.jsonl"
HELDOUT = HERE / "prompts.heldout.jsonl"


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The tuning and held-out halves of ``rows``."""
    strata: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in rows:
        strata[(row["label"], row["category"], row["language"])].append(row)
    tuning, heldout = [], []
    dealt = 0  # one count across strata, so odd-sized strata alternate which half gets the extra one
    for key in sorted(strata):
        for row in sorted(strata[key], key=lambda r: hashlib.sha256(r["text"].encode("utf-8")).hexdigest()):
            (tuning if dealt % 2 == 0 else heldout).append(row)
            dealt += 1
    return tuning, heldout


def main() -> None:
    rows = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path, part in zip((TUNING, HELDOUT), split(rows), strict=True):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        print(f"{path.name}: {len(part)} prompts")


if __name__ == "__main__":
    main()
