"""Match an image against the reference registry and judge it under the similarity policy."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Snapshot:
    index: HammingIndex
    table: CodeTable
    n_refs: int
    revision: int

class SimilarityMatcher:
    """Find the registered references nearest to an image and apply the policy's thresholds."""

    def __init__(self, registry: ReferenceRegistry, config: SimilaritySection) -> None:
        """Bind a registry and the policy's similarity section; the index builds on first use."""
        self.registry = registry
        self.config = config
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    def _ensure_index(self) -> _Snapshot:
        """The index of the registry's current revision (rebuilt under the lock when it changed).

        Callers get an immutable snapshot (index, code table, reference count): a rebuild by
        another thread replaces the snapshot, it never changes one a check is still using.
        """
        with self._lock:
            revision = self.registry.revision()  # read before the codes: at worst one extra rebuild
            snap = self._snapshot
            if snap is None or revision != snap.revision:
                table = self.registry.codes(FINGERPRINT_KIND, FINGERPRINT_BITS // 8)
                index = HammingIndex(FINGERPRINT_BITS)
                index.add_many(table.code_ids, table.codes)
                snap = _Snapshot(index=index, table=table, n_refs=len(np.unique(table.reference_ids)), revision=revision)
                self._snapshot = snap
                log.debug("similarity index: %d codes (revision %d)", len(table), revision)
            return snap

    def threshold_for(self, artist: str) -> int:
        """The threshold in force for ``artist`` (per-artist override or the global one)."""
        return self.config.artists.get(artist, self.config.threshold)

    def check(self, image: Image.Image) -> SimilarityVerdict:
        """Compare ``image`` (and its mirror) with every reference; never raises on backend failure."""
        base = {"threshold": self.config.threshold, "fingerprint_kind": FINGERPRINT_KIND}
        try:
            snap = self._ensure_index()
            index = snap.index
            variants = query_variants(image)
            # Near misses are reported too, up to the radius that costs no extra index probes.
            radius = index.free_radius(max([self.config.threshold, *self.config.artists.values()]))
            best: dict[int, tuple[int, str, str]] = {}  # reference id -> (distance, query variant, ref variant)
            for fp in variants:
                for code_id, dist in index.search(fp.code, k=max(256, 32 * self.config.top_k), max_distance=radius):
                    ref_id, ref_variant = snap.table.lookup(code_id)
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
        return SimilarityVerdict(status="ok", action=action, matches=matches, references=snap.n_refs, reasons=reasons, **base)
