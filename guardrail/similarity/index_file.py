"""A ``HammingIndex`` saved to one file and memory-mapped back: an index that loads in milliseconds.

The file is a cache of a store's codes, never the truth: whoever saves it records in ``meta``
what it covers (e.g. the last row of the store's code table), and on load checks that against
the store before trusting it (``guardrail.provenance.fingerprint_index``). A file that is missing,
truncated, of another format version or another code length loads as ``None`` (logged), and the
caller rebuilds from the store.

Format (version 1): the magic ``GRHIDX01``, the header's length (8 bytes, little-endian), a JSON
header (bits, meta, and per segment its substrings and the dtype, shape and offset of each
array), then the arrays, each aligned to 64 bytes. Arrays are mapped read-only (``np.memmap``):
pages are read on demand and shared with other processes mapping the same file, so resident
memory grows with what searches touch. Saving writes a new file beside the old one and renames it
into place, so a reader never sees half a file and processes may save concurrently.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

from guardrail.similarity.index import HammingIndex, Segment

__all__ = ["FORMAT_VERSION", "load_index", "save_index"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
_MAGIC = b"GRHIDX01"
_ALIGN = 64
_MAX_HEADER = 1 << 20  # the header lists a few arrays per segment: far below this


def _arrays(seg: Segment) -> dict[str, np.ndarray]:
    out = {"ids": seg.ids, "words": seg.words}
    for i, (offsets, order) in enumerate(seg.tables):
        out[f"offsets{i}"] = offsets
        out[f"order{i}"] = order
    if seg.id_order is not None and seg.sorted_ids is not None:
        out["id_order"] = seg.id_order
        out["sorted_ids"] = seg.sorted_ids
    return out


def save_index(index: HammingIndex, path: Path, meta: dict[str, Any]) -> int:
    """Write ``index`` (tail and tombstones folded in first) with ``meta`` to ``path``; return the bytes written."""
    index.seal()
    segments, cursor, header_segs = [], 0, []
    for seg in index.segments:
        entries = {}
        arrays = _arrays(seg)
        for name, arr in arrays.items():
            cursor = (cursor + _ALIGN - 1) // _ALIGN * _ALIGN
            entries[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "offset": cursor}
            cursor += int(arr.nbytes)
        header_segs.append({"chunks": [list(c) for c in seg.chunks], "arrays": entries})
        segments.append(arrays)
    header = json.dumps(
        {"version": FORMAT_VERSION, "bits": index.bits, "meta": meta, "segments": header_segs}, sort_keys=True
    ).encode()
    base = (len(_MAGIC) + 8 + len(header) + _ALIGN - 1) // _ALIGN * _ALIGN
    path = Path(path)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:  # private
            f.write(_MAGIC + len(header).to_bytes(8, "little") + header)
            for arrays, seg_header in zip(segments, header_segs, strict=True):
                for name, arr in arrays.items():
                    f.seek(base + seg_header["arrays"][name]["offset"])
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
            arrays = {}
            for name, spec in seg_header["arrays"].items():
                dtype, shape = np.dtype(spec["dtype"]), tuple(spec["shape"])
                if base + spec["offset"] + dtype.itemsize * int(np.prod(shape)) > size:
                    raise ValueError("file is truncated")
                arrays[name] = np.memmap(path, dtype=dtype, mode="r", offset=base + spec["offset"], shape=shape)
            chunks = tuple((int(a), int(b)) for a, b in seg_header["chunks"])
            n = len(arrays["ids"])
            if arrays["words"].shape != (n, index.nwords) or sum(w for _, w in chunks) != bits:
                raise ValueError("codes, ids and substrings disagree")
            for i in range(len(chunks)):  # cheap checks (a few pages): sizes and the last offset
                offsets, order = arrays[f"offsets{i}"], arrays[f"order{i}"]
                if len(order) != n or len(offsets) < 2 or (len(offsets) - 1) & (len(offsets) - 2) or offsets[-1] != n:
                    raise ValueError(f"bucket directory {i} does not match the codes")
            index.segments.append(
                Segment(
                    ids=arrays["ids"],
                    words=arrays["words"],
                    chunks=chunks,
                    tables=[(arrays[f"offsets{i}"], arrays[f"order{i}"]) for i in range(len(chunks))],
                    sorted_ids=arrays.get("sorted_ids"),
                    id_order=arrays.get("id_order"),
                )
            )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("ignoring fingerprint index file %s (%s): it will be rebuilt", path, err)
        return None
    return index, dict(header.get("meta") or {})
