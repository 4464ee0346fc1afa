"""A ``HammingIndex`` saved to one file and memory-mapped back: an index that loads in milliseconds.

The file is a cache of a store's codes, never the truth: whoever saves it records in ``meta``
what it covers (e.g. the last row of the store's code table), and on load checks that against
the store before trusting it (``guardrail.provenance.fingerprint_index``). A file that is missing,
truncated, of another format version or another code length loads as ``None`` (logged), and the
caller rebuilds from the store.

Format (version 2): the magic ``GRHIDX01``, the header's length (8 bytes, little-endian), a JSON
header (version, bits, meta, and per segment its substrings, its ids' range and whether they are
ascending, and the dtype, shape and offset of each array: ids, words, and per substring its
offsets, its order and filter when kept), then the arrays, each aligned to 64 bytes. A file of
another version (1: before segments were clustered) is refused and rebuilt, never misread.
Extra arrays of the caller (a code table's other columns) may follow. Arrays are mapped read-only
(``np.memmap``): pages are read on demand and shared with other processes mapping the same file, so resident
memory grows with what searches touch. Saving writes a new file beside the old one and renames it
into place, so a reader never sees half a file and processes may save concurrently.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from guardrail.home import private_problem
from guardrail.similarity.index import HammingIndex, Segment, Table

__all__ = ["FORMAT_VERSION", "as_written", "load_index", "load_index_file", "save_index", "trusted"]

log = logging.getLogger(__name__)


def trusted(path: Path, what: str) -> bool:
    """False (logged) when another user could have planted ``path`` or may rewrite it (e.g. to hide
    releases or references): such a file is never mapped, the index is rebuilt instead."""
    problem = private_problem(path)
    if problem is not None:
        log.warning("ignoring %s index file %s (%s): rebuilding it", what, path, problem)
    return problem is None


def as_written(read: dict[str, Any], written: dict[str, Any]) -> bool:
    """True when the meta read back from a file is the meta just written to it (as its JSON header
    holds it). Between a save's rename and its read-back another process may have replaced the file:
    an older file would hide the rows added since, for as long as the mapping lives."""
    return read == json.loads(json.dumps(written))


FORMAT_VERSION = 2  # 2: clustered segments with filter copies (1: every substring ordered; rebuilt)
_MAGIC = b"GRHIDX01"
_ALIGN = 64
_MAX_HEADER = 1 << 20  # the header lists a few arrays per segment: far below this


def _arrays(seg: Segment) -> dict[str, np.ndarray]:
    out = {"ids": seg.ids, "words": seg.words}
    for i, table in enumerate(seg.tables):
        out[f"offsets{i}"] = table.offsets
        if table.order is not None:
            out[f"order{i}"] = table.order
        if table.filter is not None:
            out[f"filter{i}"] = table.filter
    return out


def save_index(
    index: HammingIndex, path: Path, meta: dict[str, Any], extra: dict[str, np.ndarray] | None = None
) -> int:
    """Write ``index`` (tail and tombstones folded in first) with ``meta`` and the caller's ``extra`` arrays
    (mapped back beside the index: e.g. a code table's other columns) to ``path``; return the bytes written."""
    index.seal()
    cursor, blocks = 0, []  # (header entries, arrays) per segment, then the extra arrays

    def place(arrays: dict[str, np.ndarray]) -> dict[str, dict[str, Any]]:
        nonlocal cursor
        entries = {}
        for name, arr in arrays.items():
            cursor = (cursor + _ALIGN - 1) // _ALIGN * _ALIGN
            entries[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "offset": cursor}
            cursor += int(arr.nbytes)
        blocks.append((entries, arrays))
        return entries

    header_segs = [
        {
            "chunks": [list(c) for c in seg.chunks],
            "ids": [seg.id_min, seg.id_max, seg.ids_sorted],
            "arrays": place(_arrays(seg)),
        }
        for seg in index.segments
    ]
    extra_entries = place(dict(extra or {}))
    header = json.dumps(
        {"version": FORMAT_VERSION, "bits": index.bits, "meta": meta, "segments": header_segs, "extra": extra_entries},
        sort_keys=True,
    ).encode()
    base = (len(_MAGIC) + 8 + len(header) + _ALIGN - 1) // _ALIGN * _ALIGN
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)  # private (0600), unique
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + len(header).to_bytes(8, "little") + header)
            for entries, arrays in blocks:
                for name, arr in arrays.items():
                    f.seek(base + entries[name]["offset"])
                    f.write(np.ascontiguousarray(arr).data)
            f.truncate(base + cursor)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("saved fingerprint index: %d codes, %d bytes, to %s", len(index), base + cursor, path)
    return base + cursor


def load_index(path: Path, bits: int) -> tuple[HammingIndex, dict[str, Any]] | None:
    """The index saved at ``path`` (arrays memory-mapped read-only) and its meta; None when there is no
    usable file (missing, damaged, another version or code length: the caller rebuilds)."""
    loaded = load_index_file(path, bits)
    return None if loaded is None else (loaded[0], loaded[1])


def _mapped(path: Path, base: int, size: int, specs: dict[str, Any]) -> dict[str, np.ndarray]:
    arrays = {}
    for name, spec in specs.items():
        dtype, shape = np.dtype(spec["dtype"]), tuple(spec["shape"])
        if base + spec["offset"] + dtype.itemsize * int(np.prod(shape)) > size:
            raise ValueError("file is truncated")
        arrays[name] = np.memmap(path, dtype=dtype, mode="r", offset=base + spec["offset"], shape=shape)
    return arrays


def load_index_file(path: Path, bits: int) -> tuple[HammingIndex, dict[str, Any], dict[str, np.ndarray]] | None:
    """The index saved at ``path``, its meta and its extra arrays (all arrays memory-mapped read-only);
    None when there is no usable file (missing, damaged, another version or code length: the caller
    rebuilds)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            if f.read(len(_MAGIC)) != _MAGIC:
                raise ValueError("not a guardrail index file")
            length = int.from_bytes(f.read(8), "little")
            if length > min(size, _MAX_HEADER):
                raise ValueError("header length out of range")
            header = json.loads(f.read(length))
        if header.get("version") != FORMAT_VERSION or header.get("bits") != bits:
            raise ValueError(f"format {header.get('version')} with {header.get('bits')}-bit codes")
        base = (len(_MAGIC) + 8 + length + _ALIGN - 1) // _ALIGN * _ALIGN
        index = HammingIndex(bits)
        for seg_header in header["segments"]:
            arrays = _mapped(path, base, size, seg_header["arrays"])
            chunks = tuple((int(a), int(b)) for a, b in seg_header["chunks"])
            id_min, id_max, ids_sorted = seg_header["ids"]
            n = len(arrays["ids"])
            if arrays["words"].shape != (n, index.nwords) or sum(w for _, w in chunks) != bits:
                raise ValueError("codes, ids and substrings disagree")
            tables = []
            for i in range(len(chunks)):  # cheap checks (a few pages): sizes and the last offset
                offsets, order, filt = arrays[f"offsets{i}"], arrays.get(f"order{i}"), arrays.get(f"filter{i}")
                if (
                    len(offsets) < 2
                    or (len(offsets) - 1) & (len(offsets) - 2)
                    or offsets[-1] != n
                    or any(a is not None and len(a) != n for a in (order, filt))
                    or (order is None and i > 0)
                    or (filt is not None and order is None)
                ):
                    raise ValueError(f"bucket directory {i} does not match the codes")
                tables.append(Table(offsets, order, filt))
            index.segments.append(
                Segment(
                    ids=arrays["ids"],
                    words=arrays["words"],
                    bits=bits,
                    chunks=chunks,
                    tables=tables,
                    id_min=int(id_min),
                    id_max=int(id_max),
                    ids_sorted=bool(ids_sorted),
                )
            )
        extra = _mapped(path, base, size, header["extra"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("ignoring fingerprint index file %s (%s): it will be rebuilt", path, err)
        return None
    return index, dict(header.get("meta") or {}), extra
