"""latticeSync's payload-offset read: one gather of precomputed roll positions gives exactly what
rolling the folded square once per offset gave (the same weights summed in the same order)."""

from __future__ import annotations

import numpy as np

from guardrail.provenance.watermark.lattice_sync import _FINE, LatticeSyncBackend, _layout


def _offsets_by_rolling(canon: np.ndarray, n_bits: int, dy: int, dx: int, fine: int) -> list[tuple[float, np.ndarray]]:
    """The former implementation: one np.roll per offset, the bin index built per call."""
    lay = _layout(n_bits)
    folded = LatticeSyncBackend._folded_cells(canon[dy:, dx:], fine)
    steps = np.arange(0, lay.payload, lay.period)
    shifted = np.stack([np.roll(folded, (oy, ox), axis=(0, 1)) for oy in steps for ox in steps])
    n = shifted.shape[0]
    index = lay.bit_of.ravel()[None, :] + lay.n_bits * np.arange(n)[:, None]
    weights = (shifted * lay.chips).ravel()
    softs = np.bincount(index.ravel(), weights=weights, minlength=n * lay.n_bits).reshape(n, lay.n_bits)
    ranks = np.abs(softs).mean(axis=1) / (np.sqrt((softs * softs).mean(axis=1)) + 1e-9)
    return list(zip(ranks.tolist(), softs, strict=True))


def test_offsets_equal_the_rolled_reads_bit_for_bit() -> None:
    rng = np.random.default_rng(1313)
    backend = LatticeSyncBackend()
    for shape, dy, dx, fine in (((512, 512), 3, 5, _FINE), ((300, 420), 0, 0, 2), ((130, 700), 7, 1, 2)):
        canon = rng.normal(size=shape).astype(np.float32)
        got = backend._offsets(canon, _layout(224), dy, dx, fine)
        want = _offsets_by_rolling(canon, 224, dy, dx, fine)
        assert len(got) == len(want) == 64
        for (rank_a, soft_a), (rank_b, soft_b) in zip(got, want, strict=True):
            assert rank_a == rank_b and np.array_equal(soft_a, soft_b)
