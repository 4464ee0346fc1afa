"""Match an image against the reference registry and judge it under the similarity policy."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from guardrail.errors import CONFIG_FAULTS, GuardrailError
from guardrail.outcomes import COULD_NOT_CHECK
from guardrail.policy.schema import SimilaritySection
from guardrail.similarity.fingerprint import FINGERPRINT_BITS, FINGERPRINT_KIND, VERIFY_KIND, query_variants
from guardrail.similarity.hamming import hamming_distance
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.registry import Candidate, CodeTable, ReferenceRegistry
from guardrail.similarity.registry_index import Base, RegistryIndexFile
from guardrail.similarity.verdict import SimilarityMatch, SimilarityVerdict

__all__ = ["SimilarityMatcher"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Snapshot:
    """An immutable view: the base index of a bulk load plus a small delta of codes added since."""

    index: HammingIndex
    table: CodeTable
    n_refs: int
    revision: int
    removals: int
    delta_index: HammingIndex | None = None
    delta: CodeTable | None = None

    @property
    def last_code_id(self) -> int:
        table = self.delta if self.delta is not None and len(self.delta) else self.table
        return int(table.code_ids[-1]) if len(table) else 0

    def search(self, code: bytes, k: int, max_distance: int) -> list[tuple[int, int]]:
        found = self.index.search(code, k=k, max_distance=max_distance)
        if self.delta_index is not None:
            found = sorted(
                found + self.delta_index.search(code, k=k, max_distance=max_distance), key=lambda p: (p[1], p[0])
            )[:k]
        return found

    def lookup(self, code_id: int) -> tuple[int, str]:
        if self.delta is not None and len(self.delta) and code_id >= int(self.delta.code_ids[0]):
            return self.delta.lookup(code_id)
        return self.table.lookup(code_id)


def _concat(a: CodeTable, b: CodeTable) -> CodeTable:
    names = tuple(dict.fromkeys(a.variants + b.variants))
    remap = np.asarray([names.index(v) for v in b.variants] or [0], dtype=np.int16)
    return CodeTable(
        code_ids=np.concatenate([a.code_ids, b.code_ids]),
        reference_ids=np.concatenate([a.reference_ids, b.reference_ids]),
        variant_index=np.concatenate([a.variant_index.astype(np.int16), remap[b.variant_index]]),
        variants=names,
        codes=np.concatenate([a.codes, b.codes]),
    )


def _indexed(table: CodeTable) -> HammingIndex:
    index = HammingIndex(FINGERPRINT_BITS)
    index.add_many(table.code_ids, table.codes, share=True)  # the table's arrays are never changed: held once
    return index


class SimilarityMatcher:
    """Find the registered references nearest to an image and apply the policy's thresholds."""

    def __init__(self, registry: ReferenceRegistry, config: SimilaritySection) -> None:
        """Bind a registry and the policy's similarity section; the index builds on first use."""
        self.registry = registry
        self.config = config
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()
        self._file = RegistryIndexFile(
            getattr(registry, "index_file", None), kind=FINGERPRINT_KIND, bits=FINGERPRINT_BITS
        )

    def _ensure_index(self) -> _Snapshot:
        """The index of the registry's current revision (rebuilt under the lock when it changed).

        Callers get an immutable snapshot (index, code table, reference count): a rebuild by
        another thread replaces the snapshot, it never changes one a check is still using. The first
        use maps the registry's index file when it is still valid (``registry_index``) instead of
        reading every code. After adds only the new codes are read (by code id) into a small delta
        index, folded into the base once it outgrows an eighth of it; a removal reloads everything.
        A base read or folded whole is saved to the index file (once large enough) and mapped back.
        """
        with self._lock:
            revision = self.registry.revision()  # read before the codes: at worst one extra rebuild
            removals = self.registry.removals()
            snap = self._snapshot
            if snap is None:
                base = self._file.load(self.registry)
                if base is not None:  # revision unknown: the codes added since are read below
                    snap = _Snapshot(
                        index=base.index, table=base.table, n_refs=base.n_refs, revision=-1, removals=base.removals
                    )
            if snap is not None and revision != snap.revision and removals == snap.removals:
                new = self.registry.codes(FINGERPRINT_KIND, FINGERPRINT_BITS // 8, after=snap.last_code_id)
                n_refs = snap.n_refs + len(np.unique(new.reference_ids))  # a reference's codes land in one transaction
                delta = new if snap.delta is None else _concat(snap.delta, new)
                if not len(new):  # nothing to index (e.g. only verification codes were added)
                    snap = replace(snap, revision=revision)
                elif len(delta) * 8 > max(len(snap.table), 4096):
                    table = _concat(snap.table, delta)
                    base = self._file.save(Base(table, _indexed(table), n_refs, removals))
                    snap = _Snapshot(
                        index=base.index, table=base.table, n_refs=n_refs, revision=revision, removals=removals
                    )
                else:
                    snap = _Snapshot(
                        index=snap.index,
                        table=snap.table,
                        n_refs=n_refs,
                        revision=revision,
                        removals=removals,
                        delta_index=_indexed(delta),
                        delta=delta,
                    )
                self._snapshot = snap
                log.debug("similarity index: +%d codes (revision %d)", len(new), revision)
            elif snap is None or revision != snap.revision:
                table = self.registry.codes(FINGERPRINT_KIND, FINGERPRINT_BITS // 8)
                n_refs = len(np.unique(table.reference_ids))
                base = self._file.save(Base(table, _indexed(table), n_refs, removals))
                snap = _Snapshot(
                    index=base.index, table=base.table, n_refs=n_refs, revision=revision, removals=removals
                )
                self._snapshot = snap
                log.debug("similarity index: %d codes (revision %d)", len(table), revision)
            return snap

    def threshold_for(self, artist: str) -> int:
        """The threshold in force for ``artist`` (per-artist override or the global one)."""
        return self.config.artists.get(artist, self.config.threshold)

    def check(self, image: Image.Image) -> SimilarityVerdict:
        """Compare ``image`` (and its variants) with every reference; never raises on backend failure.

        The 64-bit index proposes candidates; a candidate within the threshold is then confirmed
        by its 256-bit verification codes (closest pair of query and stored variants). A reference
        registered before verification codes existed is matched on the 64-bit code alone (as
        before; ``guardrail refs upgrade`` adds its codes).
        """
        base = {"threshold": self.config.threshold, "fingerprint_kind": FINGERPRINT_KIND}
        try:
            snap = self._ensure_index()
            index = snap.index
            codes = query_variants(image, verification=True)
            verify_codes = {f.variant: f.code for f in codes if f.kind == VERIFY_KIND}
            # Near misses are reported too, up to the radius that costs no extra index probes.
            radius = index.free_radius(max([self.config.threshold, *self.config.artists.values()]))
            if snap.delta_index is not None:
                radius = min(
                    radius, snap.delta_index.free_radius(max([self.config.threshold, *self.config.artists.values()]))
                )
            pairs: dict[
                int, list[tuple[int, str, str]]
            ] = {}  # reference id -> [(distance, query variant, ref variant)]
            for fp in codes:
                if fp.kind != FINGERPRINT_KIND:
                    continue
                for code_id, dist in snap.search(fp.code, k=max(256, 32 * self.config.top_k), max_distance=radius):
                    ref_id, ref_variant = snap.lookup(code_id)
                    pairs.setdefault(ref_id, []).append((dist, fp.variant, ref_variant))
            matches = self._decide(pairs, verify_codes)
        except CONFIG_FAULTS:  # a broken reference registry is a set-up fault: raised, not "could not check"
            raise
        except GuardrailError as err:
            return SimilarityVerdict(
                status="error",
                action=COULD_NOT_CHECK,
                error=str(err),
                reasons=[f"similarity check failed: {err}"],
                **base,
            )
        except Exception as err:  # noqa: BLE001 - any failure means "could not check", never "safe"
            log.exception("similarity check crashed")
            return SimilarityVerdict(
                status="error",
                action=COULD_NOT_CHECK,
                error=f"{type(err).__name__}: {err}",
                reasons=["similarity check crashed"],
                **base,
            )
        hits = [m for m in matches if m.matched]
        action = "pass"
        reasons: list[str] = []
        if hits and self.config.action.value != "allow":
            action = self.config.action.value
            reasons = [_reason(m) for m in hits]
        return SimilarityVerdict(
            status="ok", action=action, matches=matches, references=snap.n_refs, reasons=reasons, **base
        )

    def _decide(
        self, pairs: dict[int, list[tuple[int, str, str]]], verify_codes: dict[str, bytes]
    ) -> list[SimilarityMatch]:
        """Decide every candidate reference from its index hits and verification codes; the ``top_k``
        matches, matched first, then by distance and reference id.

        The candidates' artist, source and verification codes come from one query
        (``registry.candidates``), their verification distances from one numpy step; match objects
        are made only for the ``top_k`` reported.
        """
        refs: dict[int, Candidate] = self.registry.candidates(pairs)
        # (not matched, distance, ref id, query variant, ref variant, threshold, verify distance, verified)
        decided = []
        within = [r for r in pairs if r in refs and min(pairs[r])[0] <= self.threshold_for(refs[r].artist)]
        distances = _min_distances(list(verify_codes.values()), {r: refs[r].verification for r in within})
        for ref_id, found in pairs.items():
            ref = refs.get(ref_id)
            if ref is None:  # removed since the index was loaded
                continue
            threshold = self.threshold_for(ref.artist)
            dist, q_variant, r_variant = min(found)
            verify_distance = distances.get(ref_id)
            if dist > threshold or not len(ref.verification):
                verified = None  # not within, or registered before verification codes: the 64-bit code decides
            else:
                verified = verify_distance is not None and verify_distance <= self.config.verify_threshold
            matched = dist <= threshold and verified is not False
            decided.append((not matched, dist, ref_id, q_variant, r_variant, threshold, verify_distance, verified))
        decided.sort(key=lambda d: d[:3])
        return [
            SimilarityMatch(
                reference_id=ref_id,
                artist=refs[ref_id].artist,
                source=refs[ref_id].source,
                distance=dist,
                threshold=threshold,
                matched=not unmatched,
                query_variant=q_variant,
                reference_variant=r_variant,
                verify_distance=verify_distance,
                verify_threshold=self.config.verify_threshold,
                verified=verified,
            )
            for unmatched, dist, ref_id, q_variant, r_variant, threshold, verify_distance, verified in decided[
                : self.config.top_k
            ]
        ]


def _min_distances(queries: list[bytes], stored: dict[int, np.ndarray]) -> dict[int, int]:
    """Per candidate (key of ``stored``: its (k, bytes) codes), the smallest Hamming distance over every
    (query, stored code) pair, every candidate in one numpy step; candidates without codes are left out."""
    stored = {ref_id: codes for ref_id, codes in stored.items() if len(codes)}
    if not stored:
        return {}
    if len({len(q) for q in queries} | {codes.shape[1] for codes in stored.values()}) != 1:
        # mixed lengths: the one definition raises on them
        return {r: min(hamming_distance(q, c.tobytes()) for q in queries for c in codes) for r, codes in stored.items()}
    q = np.frombuffer(b"".join(queries), dtype=np.uint8).reshape(len(queries), -1).copy()  # aligned for the view
    rows = np.concatenate(list(stored.values()))
    if q.shape[1] % 8 == 0 and hasattr(np, "bitwise_count"):
        diff = rows.view(np.uint64)[None, :, :] ^ q.view(np.uint64)[:, None, :]
        per_row = np.bitwise_count(diff).sum(axis=2, dtype=np.int64).min(axis=0)
    else:
        per_row = np.unpackbits(rows[None, :, :] ^ q[:, None, :], axis=2).sum(axis=2, dtype=np.int64).min(axis=0)
    starts = np.cumsum([0] + [len(codes) for codes in stored.values()])[:-1]
    return dict(zip(stored, np.minimum.reduceat(per_row, starts).tolist(), strict=True))


def _min_distance(queries: list[bytes], stored: list[bytes]) -> int:
    """Smallest Hamming distance over every (query, stored) pair of equal-length codes, in one numpy step."""
    if len({len(c) for c in queries + stored}) != 1:  # mixed lengths: the one definition raises on them
        return min(hamming_distance(q, r) for q in queries for r in stored)
    q = np.frombuffer(b"".join(queries), dtype=np.uint8).reshape(len(queries), -1)
    r = np.frombuffer(b"".join(stored), dtype=np.uint8).reshape(len(stored), -1)
    return int(np.unpackbits(q[:, None, :] ^ r[None, :, :], axis=2).sum(axis=2).min())


def _reason(m: SimilarityMatch) -> str:
    detail = f"distance {m.distance} <= {m.threshold}"
    if m.verified:
        detail += f", verified {m.verify_distance} <= {m.verify_threshold}"
    elif m.verified is None:
        detail += ", not verified: reference has no verification code (run `guardrail refs upgrade`)"
    return f"near-copy of {m.artist}'s reference {m.source} ({detail})"
