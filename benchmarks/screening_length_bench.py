"""Screening time against prompt length (``max_length`` raised), before and after the linear-time fix.

Prompts of 1k, 10k, 30k and 100k characters, each made by repeating one kind of text (benign
words, a blocked term, an exception phrase, a rewritten artist with its context, glued, masked,
doubled, homoglyph and spaced spellings), are screened with the shipped default policy by:

- after: the ``Screener`` as it is;
- before: the same ``Screener`` with the four steps that were quadratic in the number of
  matches or in the token length put back as they were (nested-match removal compared each
  match with every kept one; each hit scanned every exception span; rewrite contexts sliced the
  whole reading per match; a glued-token split copied the token at every cut), in the same process.

It prints CPU seconds (``time.process_time``, one thread) per prompt and the ratio 100k / 10k
(10 means linear). The "before" runs stop at a length once the previous length took more than
``--budget`` seconds. Run: ``python benchmarks/screening_length_bench.py [--budget 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator

from guardrail.policy import load_policy
from guardrail.screening import Screener
from guardrail.screening import readings as readings_module
from guardrail.screening import screener as screener_module

KINDS = {
    "benign": "a photo of a lighthouse at sunset ",
    "term": "nude woman ",
    "exception": "breast cancer awareness ",
    "rewrite": "in the style of greg rutkowski ",
    "glued": "nudewoman ",
    "masked": "n*de ",
    "doubled": "nnuuddee ",
    "homoglyph": "nud\u0435 ",
    "spaced": "n u d e ",
}
LENGTHS = (1_000, 10_000, 30_000, 100_000)


class _LegacyCover:
    """Before: every hit checked against every exception span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self._spans)


def _legacy_drop_nested(matches: list) -> list:
    """Before: each match compared with every kept match."""
    matches.sort(key=lambda m: (m.span[0], -m.span[1], m.rule_id))
    kept: list = []
    for m in matches:
        if any(
            k.rule_id == m.rule_id and k.span[0] <= m.span[0] and m.span[1] <= k.span[1] and k.span != m.span
            for k in kept
        ):
            continue
        kept.append(m)
    return kept


def _legacy_rewrite_for(self, rule, reading, hit, span):  # type: ignore[no-untyped-def]
    """Before: ``text[:start - 1] == b`` and ``text[end + 1:] == a`` copy the reading per match."""
    base = rule.replacement or ""
    text = reading.text
    for before, after, template in self._contexts.get(rule.id, ()):
        start, end = hit.start, hit.end
        if before:
            phrase = (
                next((b for b in before if text.endswith(f" {b}", 0, start - 1) or text[: start - 1] == b), None)
                if start > 0
                else None
            )
            if phrase is None:
                continue
            start -= len(phrase) + 1
        if after:
            phrase = next((a for a in after if text.startswith(f"{a} ", end + 1) or text[end + 1 :] == a), None)
            if phrase is None:
                continue
            end += len(phrase) + 1
        return reading.to_original(start, end), template.replace("{replacement}", base)
    return span, base


@contextlib.contextmanager
def legacy() -> Iterator[None]:
    """Put the four quadratic steps back for the duration of the block."""
    saved = (
        screener_module._Cover,
        screener_module._drop_nested,
        Screener._rewrite_for,
        readings_module.Recovery.__dict__["_longest_glue"],
    )
    screener_module._Cover = _LegacyCover  # type: ignore[assignment, misc]
    screener_module._drop_nested = _legacy_drop_nested
    Screener._rewrite_for = _legacy_rewrite_for  # type: ignore[method-assign]
    readings_module.Recovery._longest_glue = property(lambda self: 1 << 62)  # type: ignore[assignment]
    try:
        yield
    finally:
        screener_module._Cover, screener_module._drop_nested, Screener._rewrite_for = saved[:3]  # type: ignore[misc]
        readings_module.Recovery._longest_glue = saved[3]  # type: ignore[assignment]


def _time(screener: Screener, prompt: str) -> float:
    start = time.process_time()
    screener.screen(prompt)
    return time.process_time() - start


def _row(screener: Screener, unit: str, budget: float) -> list[float | None]:
    out: list[float | None] = []
    for n in LENGTHS:
        if out and (out[-1] is None or out[-1] > budget):
            out.append(None)
            continue
        out.append(_time(screener, (unit * (n // len(unit) + 1))[:n]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--budget", type=float, default=3.0, help="seconds after which the 'before' run stops lengthening a kind"
    )
    args = parser.parse_args()
    screener = Screener(load_policy("builtin:default"), max_length=max(LENGTHS))
    screener.screen("n*de nudewoman warm up")  # word lists loaded outside the timings
    heads = " ".join(f"{n // 1000:>6}k" for n in LENGTHS)
    print(
        "CPU seconds per prompt (default policy, one thread); x = 100k/10k (10 is linear); '-' = skipped (budget "
        f"{args.budget:g} s)"
    )
    print(f"{'kind':<10} {'run':<7}{heads}      x")
    for kind, unit in KINDS.items():
        after = _row(screener, unit, float("inf"))
        with legacy():
            before = _row(screener, unit, args.budget)
        for name, row in (("before", before), ("after", after)):
            cells = " ".join(f"{t:7.3f}" if t is not None else "      -" for t in row)
            ratio = f"{row[3] / row[1]:6.1f}" if row[3] is not None and row[1] else "     -"
            print(f"{kind:<10} {name:<7}{cells} {ratio}")


if __name__ == "__main__":
    main()
