"""The manifest store's fingerprint index: loaded in bulk, followed by ``seq``, persisted beside the store.

Every record's 64-bit codes (canonical + crops) are one row of the store's code table, numbered by
``seq`` (never reused). The index holds entry ``seq * slots + k`` for code ``k`` of row ``seq``.
``StoreIndex.refresh()`` adds the rows past the last one it holds (all of them on first use, then
only new ones: this process's or another's) as one array each time.

Once the index holds many codes it is saved to a file beside the store (``index_file``) and
memory-mapped back; the next process maps that file (milliseconds instead of reading and sorting
every row) and reads only the rows added since. The file is a cache: it records the last ``seq``
it covers, how many rows the table had up to it and that row's codes; if the table disagrees (a
record was discarded, or the store file was replaced) or another user owns or may write it, the file
is ignored and rebuilt (a planted file could hide releases from fingerprint search).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from guardrail.home import is_private
from guardrail.similarity.index import HammingIndex
from guardrail.similarity.index_file import as_written, load_index, save_index, trusted

__all__ = ["SAVE_MIN_CODES", "CodeRows", "StoreIndex"]

log = logging.getLogger(__name__)

SAVE_MIN_CODES = 100_000  # save once the index holds this many codes (about 3,600 releases) ...
_SAVE_GROWTH = 8  # ... and again once it grew by an eighth since the last save


class CodeRows(Protocol):
    """What the index reads from a store's code table (one row per record: seq, packed codes)."""

    def rows_after(self, seq: int) -> list[tuple[int, bytes]]:
        """Rows with a seq above ``seq``, in seq order."""
        ...

    def count_upto(self, seq: int) -> int:
        """Number of rows with a seq at or below ``seq``."""
        ...

    def codes_at(self, seq: int) -> bytes | None:
        """The packed codes of row ``seq`` (None if there is no such row)."""
        ...


def entries(rows: list[tuple[int, bytes]], slots: int, nbytes: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """(entry ids, codes array) of code-table rows: vectorised, no per-code Python objects."""
    seqs = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    counts = np.fromiter((len(r[1]) // nbytes for r in rows), dtype=np.int64, count=len(rows))
    codes = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint8).reshape(-1, nbytes)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(seqs * slots, counts) + (np.arange(len(codes)) - starts), codes


class StoreIndex:
    """A ``HammingIndex`` over a store's code table, kept current by seq and cached in ``path``."""

    def __init__(self, rows: CodeRows, path: Path | None, *, slots: int, bits: int = 64) -> None:
        self.rows = rows
        self.path = path
        self.slots = slots
        self.bits = bits
        self.index: HammingIndex | None = None
        self.loaded_seq = 0  # rows up to this seq are in the index
        self.loaded_rows = 0  # how many rows that is
        self._saved_codes = 0  # codes in the index when it was last saved or mapped from the file

    def refresh(self) -> HammingIndex:
        """The index with every row past the last one loaded added (the cached file first, if valid)."""
        if self.index is None:
            self.index = self._from_file() or HammingIndex(self.bits)
        rows = self.rows.rows_after(self.loaded_seq)
        if rows:
            ids, codes = entries(rows, self.slots, self.bits // 8)
            self.index.add_many(ids, codes)
            self.loaded_seq = int(rows[-1][0])
            self.loaded_rows += len(rows)
            if self.path is not None and len(self.index) >= max(
                SAVE_MIN_CODES, self._saved_codes + self._saved_codes // _SAVE_GROWTH
            ):
                self.save()
        return self.index

    def remove(self, seq: int, n_codes: int) -> None:
        """Tombstones for the codes of a discarded row (no rebuild); a saved file no longer matches."""
        if self.index is not None:
            self.index.remove_many(seq * self.slots + k for k in range(n_codes))
            if seq <= self.loaded_seq:
                self.loaded_rows -= 1

    def _from_file(self) -> HammingIndex | None:
        if self.path is None:
            return None
        if not trusted(self.path, "fingerprint"):
            return None
        loaded = load_index(self.path, self.bits)
        if loaded is None:
            return None
        index, meta = loaded
        try:
            seq, count, last = int(meta["seq"]), int(meta["rows"]), bytes.fromhex(meta["last"])
        except (KeyError, TypeError, ValueError):
            log.warning("fingerprint index file %s has no usable meta: rebuilding", self.path)
            return None
        if self.rows.codes_at(seq) != last or self.rows.count_upto(seq) != count:
            log.info("fingerprint index file %s is stale (records discarded or store replaced): rebuilding", self.path)
            return None
        self.loaded_seq, self.loaded_rows, self._saved_codes = seq, count, len(index)
        log.debug("mapped fingerprint index %s: %d codes up to seq %d", self.path, len(index), seq)
        return index

    def save(self) -> None:
        """Write the index to its file and map it back (its pages then belong to the page cache);
        a failure is logged, never raised: the file is only a cache."""
        if self.path is None or self.index is None or not self.loaded_seq:
            return
        last = self.rows.codes_at(self.loaded_seq)
        if last is None:
            return
        meta = {"seq": self.loaded_seq, "rows": self.loaded_rows, "last": last.hex()}
        try:
            save_index(self.index, self.path, meta)
        except OSError as err:
            log.warning("cannot save fingerprint index to %s: %s", self.path, err)
            self._saved_codes = len(self.index)  # do not retry on every refresh
            return
        mapped = load_index(self.path, self.bits) if is_private(self.path) else None  # the file just written, if still
        if mapped is not None and as_written(mapped[1], meta) and len(mapped[0]) == len(self.index):
            self.index = mapped[0]
        else:
            log.warning("fingerprint index file %s changed while it was saved: keeping the index in memory", self.path)
        self._saved_codes = len(self.index)
