"""Match an image against the reference registry and judge it under the similarity policy."""

from __future__ import annotations

import logging
import threading

import numpy as np
from PIL import Image

from guardrail.errors import GuardrailError
from guardrail.policy.schema import SimilaritySection
from guardrail.similarity.fingerprint import FINGERPRINT_BITS, FINGERPRINT_KIND, query_variants
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.registry import CodeTable, ReferenceRegistry
from guardrail.similarity.verdict import SimilarityMatch, SimilarityVerdict

__all__ = ["SimilarityMatcher"]

log = logging.getLogger(__name__)



class SimilarityMatcher:
    """Find the registered references nearest to an image and apply the policy's thresholds."""

    def __init__(self, registry: ReferenceRegistry, config: SimilaritySection) -> None:
        """Bind a registry and the policy's similarity section; the index builds on first use."""
        self.registry = registry
        self.config = config
        self._index: HammingIndex | None = None
        self._table: CodeTable | None = None
        self._revision = -1
        self._n_refs = 0
        self._lock = threading.Lock()

    def _ensure_index(self) -> HammingIndex:
        with self._lock:
            revision = self.registry.revision()
            if self._index is None or revision != self._revision:
                table = self.registry.codes(FINGERPRINT_KIND, FINGERPRINT_BITS // 8)
                index = HammingIndex(FINGERPRINT_BITS)
                index.add_many(table.code_ids, table.codes)
                self._table = table
                self._n_refs = len(np.unique(table.reference_ids))
                self._index, self._revision = index, revision
                log.debug("similarity index: %d codes (revision %d)", len(table), revision)
            return self._index

    def threshold_for(self, artist: str) -> int:
        """The threshold in force for ``artist`` (per-artist override or the global one)."""
        return self.config.artists.get(artist, self.config.threshold)

    def check(self, image: Image.Image) -> SimilarityVerdict:
        """Compare ``image`` (and its mirror) with every reference; never raises on backend failure."""
        base = {"threshold": self.config.threshold, "fingerprint_kind": FINGERPRINT_KIND}
        try:
            index = self._ensure_index()
            variants = query_variants(image)
            # Near misses are reported too, up to the radius that costs no extra index probes.
            radius = index.free_radius(max([self.config.threshold, *self.config.artists.values()]))
            best: dict[int, tuple[int, str, str]] = {}  # reference id -> (distance, query variant, ref variant)
            for fp in variants:
                for code_id, dist in index.search(fp.code, k=max(256, 32 * self.config.top_k), max_distance=radius):
                    ref_id, ref_variant = self._table.lookup(code_id)  # type: ignore[union-attr]
                    if ref_id not in best or dist < best[ref_id][0]:
                        best[ref_id] = (dist, fp.variant, ref_variant)
            refs = self.registry.get(best)
        except GuardrailError as err:
            return SimilarityVerdict(status="error", action="withheld", error=str(err), reasons=[f"similarity check failed: {err}"], **base)
        except Exception as err:  # noqa: BLE001 - any failure means "could not check", never "safe"
            log.exception("similarity check crashed")
            return SimilarityVerdict(status="error", action="withheld", error=f"{type(err).__name__}: {err}", reasons=["similarity check crashed"], **base)
        matches = []
        for ref_id, (dist, q_variant, r_variant) in best.items():
            ref = refs.get(ref_id)
            if ref is None:
                continue
            threshold = self.threshold_for(ref.artist)
            matches.append(
                SimilarityMatch(
                    reference_id=ref_id, artist=ref.artist, source=ref.source, distance=dist, threshold=threshold,
                    matched=dist <= threshold, query_variant=q_variant, reference_variant=r_variant,
                )
            )
        matches.sort(key=lambda m: (not m.matched, m.distance, m.reference_id))
        matches = matches[: self.config.top_k]
        hits = [m for m in matches if m.matched]
        action = "pass"
        reasons: list[str] = []
        if hits and self.config.action.value != "allow":
            action = self.config.action.value
            reasons = [
                f"near-copy of {m.artist}'s reference {m.source} (distance {m.distance} <= {m.threshold})" for m in hits
            ]
        return SimilarityVerdict(status="ok", action=action, matches=matches, references=self._n_refs, reasons=reasons, **base)
