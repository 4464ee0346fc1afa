"""The reference registry's index file: the matcher's code table and index saved beside the registry.

Without it, the first similarity check after a start reads every 64-bit code of the registry and
builds the index (about a minute of CPU at a million references). Once the matcher holds at least
``SAVE_MIN_CODES`` codes in its base (after reading them all, or after folding its delta of added
codes into the base), it writes the base here (``guardrail.similarity.index_file``: the index's
arrays, which hold the table's code ids and codes, plus the table's reference ids and variants)
and maps it back read-only; the next process maps the file and reads only the codes added since.

The file is a cache, never the truth. It records what it covers: the registry's removal count,
the last code id and that code row's reference and code. It is ignored and rebuilt when the
registry disagrees (references removed since, or another registry in the same place), when it is
damaged, of another format or code length, or when another user owns or may write it (a planted
file could hide references from the check). Deleting it is always safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from guardrail.home import is_private
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.index_file import as_written, load_index_file, save_index, trusted
from guardrail.similarity.registry import CodeTable

__all__ = ["SAVE_MIN_CODES", "Base", "RegistryIndexFile"]

log = logging.getLogger(__name__)

SAVE_MIN_CODES = 100_000  # a base this large is saved (about 3,600 references of 28 codes)


class CodeRows(Protocol):
    """What the file is checked against (the reference registry)."""

    def removals(self) -> int:
        """A number that changes whenever references are removed."""
        ...

    def code_at(self, code_id: int, kind: str) -> tuple[int, bytes] | None:
        """(reference id, code) of code row ``code_id`` of ``kind`` (None if there is none)."""
        ...


@dataclass(frozen=True)
class Base:
    """A matcher's base: its code table, the index sharing the table's arrays, and its reference count."""

    table: CodeTable
    index: HammingIndex
    n_refs: int
    removals: int


class RegistryIndexFile:
    """Load and save one registry's base (code table + index of ``kind`` codes of ``bits`` bits)."""

    def __init__(self, path: Path | None, *, kind: str, bits: int) -> None:
        self.path = path
        self.kind = kind
        self.bits = bits

    def _read(self) -> tuple[Base, dict] | None:
        """The file's base and meta as written (no check against the registry); None if unusable."""
        if self.path is None:
            return None
        loaded = load_index_file(self.path, self.bits)
        if loaded is None:
            return None
        index, meta, extra = loaded
        try:
            variants = tuple(str(v) for v in meta["variants"])
            (segment,) = index.segments
            table = CodeTable(
                code_ids=segment.ids,
                reference_ids=extra["reference_ids"],
                variant_index=extra["variant_index"],
                variants=variants,
                codes=segment.words.view(np.uint8).reshape(len(segment.ids), -1)[:, : self.bits // 8],
            )
            n = len(table)
            last = (int(meta["last"]), int(meta["last_ref"]), bytes.fromhex(meta["last_code"]))
            if (
                meta["kind"] != self.kind
                or n != int(meta["codes"])
                or not n
                or table.reference_ids.shape != (n,)
                or table.variant_index.shape != (n,)
                or not segment.ids_sorted
                or (int(table.code_ids[-1]), int(table.reference_ids[-1]), bytes(table.codes[-1])) != last
                or int(table.variant_index.min()) < 0  # one pass over 2 bytes per code: a variant is never
                or int(table.variant_index.max()) >= len(variants)  # looked up out of range
            ):
                raise ValueError("table and index disagree")
            return Base(table, index, int(meta["refs"]), int(meta["removals"])), meta
        except (KeyError, TypeError, ValueError) as err:
            log.warning("ignoring similarity index file %s (%s): it will be rebuilt", self.path, err)
            return None

    def load(self, registry: CodeRows) -> Base | None:
        """The saved base if the registry still agrees with it (else None: the caller reads every code)."""
        if self.path is None:
            return None
        if not trusted(self.path, "similarity"):
            return None
        read = self._read()
        if read is None:
            return None
        base, meta = read
        last = int(meta["last"])
        expected = (int(meta["last_ref"]), bytes.fromhex(meta["last_code"]))  # checked by _read
        if registry.removals() != base.removals or registry.code_at(last, self.kind) != expected:
            log.info("similarity index file %s is stale (references removed, or another registry): rebuilt", self.path)
            return None
        log.debug("mapped similarity index %s: %d codes up to code id %d", self.path, len(base.table), last)
        return base

    def save(self, base: Base) -> Base:
        """Write ``base`` to the file and return it mapped back (its pages then belong to the page cache);
        the base unchanged when it is too small to be worth a file or cannot be written (logged, never
        raised: the file is only a cache)."""
        table, index = base.table, base.index
        if self.path is None or len(table) < SAVE_MIN_CODES or len(index.segments) != 1 or len(index) != len(table):
            return base
        meta = {
            "kind": self.kind,
            "codes": len(table),
            "refs": base.n_refs,
            "removals": base.removals,
            "variants": list(table.variants),
            "last": int(table.code_ids[-1]),
            "last_ref": int(table.reference_ids[-1]),
            "last_code": bytes(table.codes[-1]).hex(),
        }
        extra = {"reference_ids": table.reference_ids, "variant_index": table.variant_index}
        try:
            save_index(index, self.path, meta, extra)
        except OSError as err:
            log.warning("cannot save similarity index to %s: %s", self.path, err)
            return base
        return self._mapped_back(base, meta)

    def _mapped_back(self, base: Base, meta: dict) -> Base:
        """The file just written, mapped, if it is still ours and says what was written; else ``base``."""
        read = self._read() if is_private(self.path) else None
        if read is None or not as_written(read[1], meta):
            log.warning("similarity index file %s changed while it was saved: keeping the index in memory", self.path)
            return base
        return read[0]
