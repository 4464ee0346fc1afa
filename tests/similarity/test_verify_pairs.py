"""The matcher's closest (query, stored) verification-code pair, computed in one numpy step, equals the
definition over every pair; codes of mixed lengths are still an error."""

from __future__ import annotations

import numpy as np
import pytest

from guardrail.errors import InputError
from guardrail.similarity.hamming import hamming_distance
from guardrail.similarity.matcher import _min_distance


def test_min_distance_equals_every_pair_by_definition() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        queries = [rng.bytes(32) for _ in range(int(rng.integers(1, 5)))]
        stored = [rng.bytes(32) for _ in range(int(rng.integers(1, 29)))]
        expected = min(hamming_distance(q, r) for q in queries for r in stored)
        assert _min_distance(queries, stored) == expected


def test_mixed_lengths_are_refused() -> None:
    with pytest.raises(InputError):
        _min_distance([bytes(32)], [bytes(8)])
