"""Prompt-screening throughput and evasion catch rate, side by side with two baselines.

For generated policies of 10, 1,000 and 10,000 terms it screens the same prompts with:

- guardrail: ``Screener`` (normalisation + one Aho-Corasick automaton),
- naive regex: one ``re`` alternation ``\\b(?:t1|t2|...)\\b`` (case-insensitive),
- better-profanity 0.7 loaded with the same word list,

and prints prompts/s, p50 and p99 latency per prompt (one core, single thread), then the share
of obfuscated prompts each one catches (overall and per kind of obfuscation) and the share of
benign prompts each one wrongly hits: hand-picked look-alikes (Essex, assassin, cocktail, ...)
plus ~370 ordinary captions (tests/screening/data/benign_captions.txt), keeping only those with
none of the terms as a whole word, so any hit on them is a false hit for every engine.
Slow engines get a time budget per size and per set, so the whole run stays under ~2 minutes;
the number of prompts each engine got through is printed. The guardrail engine's rule has
``fuzzy: true`` (one-edit misspellings of its terms of 5+ letters, guarded by wordfreq), so its
p50 at 10,000 terms includes the fuzzy lookups.

Then the labelled set (``benchmarks/data/prompts.jsonl``, 624 hand-written prompts: half unsafe
across sexual, minors, violence, self-harm, hate and real people in six languages, half benign
look-alikes) is screened with the shipped default policy and, side by side, with the default
policy as it was before issue 10 (``benchmarks/data/baseline_policy``). The tuning half and the
held-out half (``split_prompts.py``: split once, before any rule was tuned; rules were tuned on
the tuning half only) are reported separately: recall and false blocks per category and per
language, and the p50/p99 screening time per prompt of each policy on that set.

Run: ``python benchmarks/screening_bench.py [--prompts 2000] [--budget 3] [--eval-only]``
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import string
import time
from collections.abc import Callable
from pathlib import Path

from guardrail.policy import policy_hash
from guardrail.policy.schema import Policy, PromptAction, PromptRule, PromptSection
from guardrail.screening import Screener

REAL_TERMS = ["nude", "porn", "naked", "gore", "sex", "ass", "cock", "rape"]
BENIGN_LOOKALIKES = [
    "a pub in Essex at dusk",
    "the assassin's creed",
    "a cocktail at sunset",
    "grape harvest in autumn",
    "a therapist's office",
    "Scunthorpe railway station",
    "a classic associate degree",
    "Sussex countryside",
    "a cockatoo on a branch",
    "a massive passage",
    "a glass of grapefruit juice",
    "a sextant on a ship",
]
CAPTIONS = Path(__file__).resolve().parent.parent / "tests" / "screening" / "data" / "benign_captions.txt"
FILLER = (
    "a photo of the old lighthouse near harbour at sunset with soft light and gentle waves in "
    "watercolor style oil painting portrait of woman man child dog cat mountain forest river city "
    "street night rain neon cinematic dramatic detailed 4k render trending highly illustration"
).split()

HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "s": "ѕ", "y": "у"}
LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "5", "t": "7"}
FULLWIDTH = {c: chr(ord(c) - 0x61 + 0xFF41) for c in string.ascii_lowercase}


OBFUSCATION_KINDS = [
    "homoglyph",
    "zero-width",
    "fullwidth",
    "leetspeak",
    "spaced",
    "dotted",
    "combining",
    "dashed",
    "split in two",
    "stretched",
    "doubled",
]


def obfuscations(term: str) -> list[str]:
    """The same term hidden in each of OBFUSCATION_KINDS' ways (in that order)."""

    def mapped(table: dict[str, str]) -> str:
        return "".join(table.get(c, c) for c in term)

    half = len(term) // 2
    vowel = next((i for i, c in enumerate(term) if c in "aeiou"), 1)
    return [
        mapped(HOMOGLYPHS),
        "\u200b".join(term),
        mapped(FULLWIDTH),
        mapped(LEET),
        " ".join(term),
        ".".join(term),
        "".join(c + "\u0301" for c in term),
        term.upper()[0] + "-" + "-".join(term[1:]),
        term[:half] + "." + term[half:],
        term[:vowel] + term[vowel] * 3 + term[vowel + 1 :],
        term[:vowel] + term[vowel] + term[vowel:],
    ]


def benign_prompts(terms: list[str]) -> list[str]:
    """Look-alikes and ordinary captions that contain none of ``terms`` as a whole word."""
    captions = [
        line.strip()
        for line in CAPTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    literal = regex_engine(terms)
    return [p for p in BENIGN_LOOKALIKES + captions if not literal(p)]


def make_terms(n: int, rng: random.Random) -> list[str]:
    """``n`` terms: the real ones plus generated pseudo-words (and a few two-word phrases)."""
    terms = list(REAL_TERMS[: min(n, len(REAL_TERMS))])
    seen = set(terms)
    while len(terms) < n:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
        if rng.random() < 0.1:
            word += " " + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 7)))
        if word not in seen:
            seen.add(word)
            terms.append(word)
    return terms


def make_prompts(terms: list[str], count: int, rng: random.Random) -> list[str]:
    """Prompts of 8-20 filler words; one in five contains a term."""
    prompts = []
    for _ in range(count):
        words = [rng.choice(FILLER) for _ in range(rng.randint(8, 20))]
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), rng.choice(terms))
        prompts.append(" ".join(words))
    return prompts


def guardrail_engine(terms: list[str]) -> Callable[[str], bool]:
    rule = PromptRule(id="bench", category="bench", action=PromptAction.BLOCK, terms=terms, fuzzy=True)
    policy = Policy(name="bench", prompt=PromptSection(rules=[rule], max_length=10_000))
    policy._hash = policy_hash(policy)
    screener = Screener(policy)
    return lambda p: bool(screener.screen(p).matches)


def regex_engine(terms: list[str]) -> Callable[[str], bool]:
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
    return lambda p: pattern.search(p) is not None


def profanity_engine(terms: list[str]) -> Callable[[str], bool]:
    from better_profanity import Profanity

    engine = Profanity()
    engine.load_censor_words(terms)
    return engine.contains_profanity


ENGINES = {"guardrail": guardrail_engine, "naive regex": regex_engine, "better-profanity": profanity_engine}


def timed(check: Callable[[str], bool], prompts: list[str], budget_s: float) -> tuple[int, float, float, float]:
    """Run ``check`` over prompts until done or out of budget (at least 20); return n, rate, p50, p99 (µs)."""
    lat: list[int] = []
    start = time.perf_counter()
    for i, prompt in enumerate(prompts):
        t0 = time.perf_counter_ns()
        check(prompt)
        lat.append(time.perf_counter_ns() - t0)
        if i >= 19 and time.perf_counter() - start > budget_s:
            break
    total = sum(lat) / 1e9
    lat.sort()
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] / 1e3
    return len(lat), len(lat) / total, statistics.median(lat) / 1e3, p99


def share(check: Callable[[str], bool], prompts: list[str], budget_s: float) -> tuple[float, int]:
    """Share of ``prompts`` that ``check`` flags, over as many as fit in the budget (at least 10)."""
    hits, start = [], time.perf_counter()
    for i, prompt in enumerate(prompts):
        hits.append(check(prompt))
        if i >= 9 and time.perf_counter() - start > budget_s:
            break
    return sum(hits) / len(hits), len(hits)


DATA = Path(__file__).resolve().parent / "data"


def _rate(num: int, den: int) -> str:
    return f"{num}/{den} {num / den:6.1%}" if den else "-"


def eval_set_report() -> None:
    """Recall and false blocks of the shipped default vs the pre-issue-10 default, per half."""
    from guardrail.policy import load_policy
    from guardrail.policy.evaluate import evaluate_policy
    from guardrail.screening.batch import read_prompts

    policies = {"before": load_policy(DATA / "baseline_policy" / "default.yaml"), "now": load_policy(None)}
    for part in ("tuning", "heldout"):
        records = read_prompts(DATA / f"prompts.{part}.jsonl")
        reports = {name: evaluate_policy(policy, records) for name, policy in policies.items()}
        title = "tuning half (rules were tuned on it)" if part == "tuning" else "HELD-OUT half (never used for tuning)"
        print(f"\nLabelled set, {title}: {len(records)} prompts")
        print(f"{'':<12}{'recall before':>20}{'recall now':>20}{'false blocks before':>24}{'false blocks now':>22}")
        for key in ("by_category", "by_language"):
            rows = {name: getattr(r, key) + [r.total] for name, r in reports.items()}
            for before, now in zip(rows["before"], rows["now"], strict=False):
                print(
                    f"{now.name:<12}{_rate(before.blocked, before.unsafe):>20}{_rate(now.blocked, now.unsafe):>20}"
                    f"{_rate(before.false_blocks, before.benign):>24}{_rate(now.false_blocks, now.benign):>22}"
                )
            print()
        for name, policy in policies.items():
            screener = Screener(policy)
            texts = [r.text for r in records]
            screener.screen(texts[0])
            lat = []
            for _ in range(3):
                for text in texts:
                    t0 = time.perf_counter_ns()
                    screener.screen(text)
                    lat.append(time.perf_counter_ns() - t0)
            lat.sort()
            print(
                f"time per prompt, {name:<7} policy: p50 {statistics.median(lat) / 1e3:6.1f} µs, p99 "
                f"{lat[int(len(lat) * 0.99)] / 1e3:7.1f} µs ({len(lat)} screenings)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=2000, help="prompts per size")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds per engine and size")
    parser.add_argument("--eval-only", action="store_true", help="only the labelled-set report")
    args = parser.parse_args()
    if args.eval_only:
        eval_set_report()
        return
    rng = random.Random(1234)

    print("Screening throughput (one thread; same prompts for every engine)")
    print(f"{'terms':>6}  {'engine':<17}{'build':>9}{'prompts':>9}{'prompts/s':>12}{'p50 µs':>10}{'p99 µs':>10}")
    catch: dict[tuple[int, str], tuple[float, int, float, int]] = {}
    per_kind: dict[str, list[float]] = {}
    kind_size = 1_000
    for size in (10, 1_000, 10_000):
        terms = make_terms(size, rng)
        prompts = make_prompts(terms, args.prompts, rng)
        obf_terms = REAL_TERMS + [t for t in terms[len(REAL_TERMS) :] if " " not in t][:12]
        by_kind = [
            [f"a photo of {o} in the park" for t in obf_terms if t in terms for o in [obfuscations(t)[k]]]
            for k in range(len(OBFUSCATION_KINDS))
        ]
        obfuscated = [
            p for group in zip(*by_kind, strict=False) for p in group
        ]  # interleaved, so a budget cut keeps every kind
        benign = benign_prompts(terms)
        for name, factory in ENGINES.items():
            t0 = time.perf_counter()
            check = factory(terms)
            build = time.perf_counter() - t0
            check(prompts[0])  # warm up
            n, rate, p50, p99 = timed(check, prompts, args.budget)
            print(f"{size:>6}  {name:<17}{build:>8.2f}s{n:>9}{rate:>12,.0f}{p50:>10.1f}{p99:>10.1f}")
            caught, n_obf = share(check, obfuscated, args.budget)
            false_hits, n_benign = share(check, benign, args.budget)
            catch[(size, name)] = (caught, n_obf, false_hits, n_benign)
            if size == kind_size:
                per_kind[name] = [share(check, group, args.budget / 4)[0] for group in by_kind]
        print()

    print("Obfuscated prompts caught / benign prompts wrongly hit (look-alikes such as Essex, assassin,")
    print("cocktail, plus ordinary captions; n = prompts each engine got through in its time budget)")
    print(f"{'terms':>6}  {'engine':<17}{'caught':>8}{'n':>6}{'false hits':>12}{'n':>6}")
    for (size, name), (caught, n_obf, false_hits, n_benign) in catch.items():
        print(f"{size:>6}  {name:<17}{caught:>8.0%}{n_obf:>6}{false_hits:>12.0%}{n_benign:>6}")

    print(f"\nCaught per kind of obfuscation ({kind_size:,} terms)")
    print(f"{'kind':<14}" + "".join(f"{name:>18}" for name in per_kind))
    for k, kind in enumerate(OBFUSCATION_KINDS):
        print(f"{kind:<14}" + "".join(f"{per_kind[name][k]:>18.0%}" for name in per_kind))

    eval_set_report()


if __name__ == "__main__":
    main()
