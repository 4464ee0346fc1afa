"""The reference registry: protected artists' images and their fingerprints (SQLite by default).

``ReferenceRegistry`` is the narrow interface the matcher and CLI use; ``SQLReferenceRegistry``
keeps it in ``$GUARDRAIL_HOME/references.db`` (SQLite, the default) or in the PostgreSQL database of
``GUARDRAIL_DATABASE_URL`` (shared by several machines), through :mod:`guardrail.database`. Writers
take the registry's write lock, so code ids are committed in order: a matcher following them by id
(``codes(after=...)``) never misses one another process added.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from guardrail.database.connection import Database
from guardrail.database.migrations import open_migrated
from guardrail.errors import ImageInputError, InputError, StoreError
from guardrail.formats import IMAGE_SUFFIXES
from guardrail.home import guardrail_home
from guardrail.imageio import open_image
from guardrail.imagelimits import read_image_file
from guardrail.similarity.fingerprint import VERIFY_BITS, VERIFY_KIND, Fingerprint, reference_variants

__all__ = [
    "Candidate",
    "CodeTable",
    "IMAGE_SUFFIXES",
    "Reference",
    "ReferenceRegistry",
    "SQLReferenceRegistry",
    "SQLiteReferenceRegistry",
    "iter_image_files",
]

log = logging.getLogger(__name__)


class Reference(BaseModel):
    """One registered reference image of a protected artist."""

    model_config = ConfigDict(frozen=True)

    id: int = Field(description="Registry id.")
    artist: str = Field(description="Artist the image belongs to.")
    source: str = Field(description="Absolute path the image was registered from.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    width: int = Field(description="Width in pixels.")
    height: int = Field(description="Height in pixels.")
    added_at: str = Field(description="UTC time of registration (ISO 8601).")
    fingerprints: list[Fingerprint] = Field(
        default_factory=list,
        description=(
            "Stored codes: 64-bit index codes (canonical first, then crop variants), then the 256-bit verification "
            "codes of the same variants."
        ),
    )


@dataclass(frozen=True)
class CodeTable:
    """Every stored code of one kind, as arrays (what the matcher builds its index from).

    Row ``i``: code id ``code_ids[i]`` (ascending), reference ``reference_ids[i]``, variant name
    ``variants[variant_index[i]]``, packed code ``codes[i]``. Arrays, not models: a registry may
    hold tens of millions of codes.
    """

    code_ids: np.ndarray
    reference_ids: np.ndarray
    variant_index: np.ndarray
    variants: tuple[str, ...]
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.code_ids)

    def lookup(self, code_id: int) -> tuple[int, str]:
        """(reference id, variant name) of one code id."""
        i = int(np.searchsorted(self.code_ids, code_id))
        return int(self.reference_ids[i]), self.variants[int(self.variant_index[i])]


@dataclass(frozen=True)
class Candidate:
    """What the similarity decision needs of one reference the index proposed: whom it protects and
    its 256-bit verification codes (read in one query per check, never the whole reference)."""

    id: int
    artist: str
    source: str
    verification: np.ndarray  # (k, VERIFY_BYTES) uint8; k = 0 for a reference registered before they existed


@runtime_checkable
class ReferenceRegistry(Protocol):
    """What the matcher and CLI need from a reference store."""

    def add(
        self, artist: str, paths: Iterable[str | Path], *, on_file: Callable[[Path], None] | None = None
    ) -> list[Reference]:
        """Register image files (folders are searched recursively) under ``artist``."""
        ...

    def list(self, artist: str | None = None) -> list[Reference]:
        """All references (of one artist if given), oldest first."""
        ...

    def get(self, ids: Iterable[int]) -> dict[int, Reference]:
        """References by id (missing ids are left out)."""
        ...

    def candidates(self, ids: Iterable[int]) -> dict[int, Candidate]:
        """Artist, source and verification codes of the references ``ids`` (missing ids are left out)."""
        ...

    def remove(self, *, ids: Iterable[int] = (), artist: str | None = None, source: str | Path | None = None) -> int:
        """Remove references by id, by artist, or by source path; return how many went."""
        ...

    def unverified(self) -> list[int]:
        """Ids of references without verification codes (registered by guardrail before they existed)."""
        ...

    def upgrade(
        self, *, on_reference: Callable[[Reference, str | None], None] | None = None
    ) -> tuple[int, list[tuple[Reference, str]]]:
        """Add verification codes to references registered before they existed (re-reads their source files).

        Returns (number upgraded, [(reference, reason), ...]) for references that could not be
        upgraded; ``on_reference(ref, problem)`` is called per reference for progress.
        """
        ...

    def codes(self, kind: str, nbytes: int, after: int = 0) -> CodeTable:
        """Every stored code of ``kind`` (``nbytes`` long) with a code id above ``after``, as arrays."""
        ...

    def revision(self) -> int:
        """A number that changes whenever references are added or removed."""
        ...

    def removals(self) -> int:
        """A number that changes whenever references are removed (adds alone leave it: indexes follow them
        incrementally)."""
        ...

    def code_at(self, code_id: int, kind: str) -> tuple[int, bytes] | None:
        """(reference id, code) of the stored code ``code_id`` of ``kind``; None if there is none."""
        ...

    @property
    def index_file(self) -> Path | None:
        """Where a matcher may cache its code table and index for this registry (None: nowhere)."""
        ...


def iter_image_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders (recursively, sorted) into image files; a missing path is an error.

    A broken link or special file named like an image inside a folder is yielded, not skipped: the
    caller's reader refuses it by name.
    """
    from guardrail.folders import image_files_in

    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            yield from image_files_in(path, IMAGE_SUFFIXES)
        elif path.is_file():
            yield path
        elif path.exists():  # a FIFO, a device: read_image_file refuses it by kind, without reading
            read_image_file(path)
        else:
            raise ImageInputError("no such file or folder", where=str(raw), fix="check the path")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS refs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    artist TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (artist, sha256)
);
CREATE TABLE IF NOT EXISTS codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_id INTEGER NOT NULL REFERENCES refs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    variant TEXT NOT NULL,
    bits INTEGER NOT NULL,
    code BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS codes_kind ON codes(kind);
CREATE INDEX IF NOT EXISTS codes_ref ON codes(ref_id);
CREATE INDEX IF NOT EXISTS refs_artist ON refs(artist);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', 0);
INSERT OR IGNORE INTO meta(key, value) VALUES ('removals', 0);
"""

_POSTGRES_SCHEMA = """
CREATE TABLE refs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    artist TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (artist, sha256)
);
CREATE TABLE codes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref_id BIGINT NOT NULL REFERENCES refs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    variant TEXT NOT NULL,
    bits INTEGER NOT NULL,
    code BYTEA NOT NULL
);
CREATE INDEX codes_kind ON codes(kind);
CREATE INDEX codes_ref ON codes(ref_id);
CREATE INDEX refs_artist ON refs(artist);
CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO meta(key, value) VALUES ('revision', 0), ('removals', 0);
"""

_VERIFICATION_TABLE = {
    "sqlite": "CREATE TABLE verification_codes (ref_id INTEGER PRIMARY KEY REFERENCES refs(id) ON DELETE CASCADE, "
    "codes BLOB NOT NULL)",
    "postgres": "CREATE TABLE verification_codes (ref_id BIGINT PRIMARY KEY REFERENCES refs(id) ON DELETE CASCADE, "
    "codes BYTEA NOT NULL)",
}
_VERIFY_BYTES = VERIFY_BITS // 8


def _migrate_verification_codes(db: Database) -> None:
    """2: each reference's 256-bit verification codes packed in one row keyed by its id (the similarity
    check reads its few candidates' codes in one indexed query, not their 56 code rows each)."""
    db.execute(_VERIFICATION_TABLE[db.engine])
    rows = db.stream(
        "SELECT ref_id, code FROM codes WHERE kind = ? AND length(code) = ? ORDER BY ref_id, id",
        (VERIFY_KIND, _VERIFY_BYTES),
    )
    batch: list[tuple[int, bytes]] = []
    current, codes = None, []
    for ref_id, code in rows:
        if ref_id != current:
            if codes:
                batch.append((current, b"".join(codes)))
            current, codes = ref_id, []
        codes.append(bytes(code))
        if len(batch) >= 10_000:
            db.executemany("INSERT INTO verification_codes (ref_id, codes) VALUES (?, ?)", batch)
            batch = []
    if codes:
        batch.append((current, b"".join(codes)))
    db.executemany("INSERT INTO verification_codes (ref_id, codes) VALUES (?, ?)", batch)


# Numbered schema migrations per engine (guardrail.database.migrations); a SQLite file from before
# they existed has the tables of migration 1 already (its statements keep what is there).
MIGRATIONS = {
    "sqlite": ((1, _SCHEMA), (2, _migrate_verification_codes)),
    "postgres": ((1, _POSTGRES_SCHEMA), (2, _migrate_verification_codes)),
}
_WRITE_LOCK = "references"
_READ_ROWS = 500_000  # rows turned into arrays at a time in a bulk code read
_STREAM_ROWS = 20_000  # rows per round trip of PostgreSQL's server-side cursor


class SQLReferenceRegistry:
    """Reference registry in SQLite (default ``$GUARDRAIL_HOME/references.db``) or PostgreSQL."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Open (and create if needed) the registry at ``path`` (a SQLite file or a ``postgresql://``
        URL); by default ``GUARDRAIL_DATABASE_URL`` if set, else ``$GUARDRAIL_HOME/references.db``."""
        # One connection shared by every thread (checks may run on several worker threads at once);
        # every use holds this lock, so statements and transactions of two threads never interleave.
        self._lock = threading.RLock()
        self._db = open_migrated(
            path,
            "references.db",
            store="references",
            migrations=MIGRATIONS,
            what="reference registry",
            wal=False,
            foreign_keys=True,
            fix="check the file is a guardrail registry and writable",
        )
        self.path = self._db.path

    @property
    def index_file(self) -> Path:
        """The similarity matcher's index file (``guardrail.similarity.registry_index``): beside a SQLite
        registry; for a database URL, one per database in this machine's ``GUARDRAIL_HOME``."""
        if isinstance(self.path, Path):
            return self.path.with_name(self.path.name + "-simindex")
        return guardrail_home() / f"references-{hashlib.sha256(self.path.encode()).hexdigest()[:16]}-simindex"

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLReferenceRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bump(self) -> None:
        self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")

    def _put_verification(self, ref_id: int, codes: Iterable[Fingerprint]) -> None:
        """Store the reference's verification codes packed in one row (inside the caller's write transaction)."""
        packed = b"".join(f.code for f in codes if f.kind == VERIFY_KIND and len(f.code) == _VERIFY_BYTES)
        if packed:
            self._db.execute("INSERT INTO verification_codes (ref_id, codes) VALUES (?, ?)", (ref_id, packed))

    def _reading(self) -> contextlib.AbstractContextManager[None]:
        """Driver errors of a read become StoreError naming the registry (a broken registry is a set-up fault)."""
        return self._db.failures(
            "cannot read the reference registry",
            where=str(self.path),
            fix="check the registry's file or database is reachable and a guardrail registry",
        )

    def revision(self) -> int:
        """Changes whenever references are added or removed."""
        with self._reading(), self._lock:
            return int(self._db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])

    def removals(self) -> int:
        """Changes whenever references are removed."""
        with self._reading(), self._lock:
            return int(self._db.execute("SELECT value FROM meta WHERE key = 'removals'").fetchone()[0])

    def code_at(self, code_id: int, kind: str) -> tuple[int, bytes] | None:
        """(reference id, code) of the stored code ``code_id`` of ``kind`` (one lookup by primary key)."""
        with self._reading(), self._lock:
            row = self._db.execute(
                "SELECT ref_id, code FROM codes WHERE id = ? AND kind = ?", (code_id, kind)
            ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def add_file(self, artist: str, path: str | Path) -> Reference:
        """Register one image file; registering the same bytes for the same artist again is a no-op."""
        artist = artist.strip()
        if not artist:
            raise InputError("artist name is empty", where="--artist", fix="give the artist's name")
        data = read_image_file(Path(path).expanduser())  # once: the bytes checked are the bytes hashed
        file = Path(path).expanduser().resolve()  # the source recorded: where the bytes really are
        image = open_image(data, where=str(file))
        digest = hashlib.sha256(data).hexdigest()
        with self._reading(), self._lock:
            existing = self._db.execute(
                "SELECT id FROM refs WHERE artist = ? AND sha256 = ?", (artist, digest)
            ).fetchone()
        if existing:
            return self.get([existing[0]])[existing[0]]
        variants = reference_variants(image, verification=True)  # computed outside the lock: checks go on
        with (
            self._db.failures("cannot write reference", where=str(self.path)),
            self._lock,
            self._db.transaction(_WRITE_LOCK),
        ):
            row = self._db.execute(
                "INSERT INTO refs(artist, source, sha256, width, height, added_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING id",
                (
                    artist,
                    str(file),
                    digest,
                    image.width,
                    image.height,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            ).fetchone()
            if row is None:  # another thread or process registered the same bytes meanwhile
                ref_id = int(
                    self._db.execute(
                        "SELECT id FROM refs WHERE artist = ? AND sha256 = ?", (artist, digest)
                    ).fetchone()[0]
                )
                return self.get([ref_id])[ref_id]
            ref_id = int(row[0])
            self._db.executemany(
                "INSERT INTO codes(ref_id, kind, variant, bits, code) VALUES (?, ?, ?, ?, ?)",
                [(ref_id, fp.kind, fp.variant, fp.bits, fp.code) for fp in variants],
            )
            self._put_verification(ref_id, variants)
            self._bump()
        log.info("registered %s for %s (id %d)", file, artist, ref_id)
        return self.get([ref_id])[ref_id]

    def add(
        self, artist: str, paths: Iterable[str | Path], *, on_file: Callable[[Path], None] | None = None
    ) -> list[Reference]:
        """Register files and folders under ``artist``; stops at the first unreadable image."""
        added = []
        for file in iter_image_files(paths):
            added.append(self.add_file(artist, file))
            if on_file is not None:
                on_file(file)
        return added

    def _rows_to_refs(self, rows: list[tuple]) -> list[Reference]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        codes: dict[int, list[Fingerprint]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        with self._reading(), self._lock:
            rows_codes = self._db.execute(
                f"SELECT ref_id, kind, variant, bits, code FROM codes WHERE ref_id IN ({marks}) ORDER BY id", ids
            ).fetchall()
        for ref_id, kind, variant, bits, code in rows_codes:
            codes[ref_id].append(Fingerprint(kind=kind, variant=variant, bits=bits, code=bytes(code)))
        return [
            Reference(
                id=r[0],
                artist=r[1],
                source=r[2],
                sha256=r[3],
                width=r[4],
                height=r[5],
                added_at=r[6],
                fingerprints=codes[r[0]],
            )
            for r in rows
        ]

    def list(self, artist: str | None = None) -> list[Reference]:
        """All references (of one artist if given), oldest first."""
        sql = "SELECT id, artist, source, sha256, width, height, added_at FROM refs"
        with self._reading(), self._lock:
            rows = self._db.execute(
                sql + (" WHERE artist = ? ORDER BY id" if artist else " ORDER BY id"), (artist,) if artist else ()
            ).fetchall()
            return self._rows_to_refs(rows)

    def get(self, ids: Iterable[int]) -> dict[int, Reference]:
        """References by id (missing ids are left out)."""
        wanted = sorted(set(int(i) for i in ids))
        with self._reading(), self._lock:  # references and their codes read as one snapshot
            return self._get_locked(wanted)

    def candidates(self, ids: Iterable[int]) -> dict[int, Candidate]:
        """Artist, source and verification codes of the references ``ids`` (missing ids are left out):
        one query by primary key per 500 ids, one row per reference (its codes packed in one value)."""
        wanted = sorted(set(int(i) for i in ids))
        out: dict[int, Candidate] = {}
        empty = np.zeros((0, _VERIFY_BYTES), dtype=np.uint8)
        with self._reading(), self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self._db.execute(
                    "SELECT r.id, r.artist, r.source, v.codes FROM refs r LEFT JOIN verification_codes v "
                    f"ON v.ref_id = r.id WHERE r.id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for ref_id, artist, source, codes in rows:
                    verification = empty
                    if codes:
                        packed = np.frombuffer(bytes(codes), dtype=np.uint8)
                        # Not whole codes (a damaged row): kept as one code of its own length, which the
                        # comparison refuses ("codes differ in length"): the check cannot decide, never passes.
                        whole = len(packed) % _VERIFY_BYTES == 0
                        verification = packed.reshape(-1, _VERIFY_BYTES if whole else len(packed))
                    out[int(ref_id)] = Candidate(
                        id=int(ref_id), artist=artist, source=source, verification=verification
                    )
        return out

    def _get_locked(self, wanted: list[int]) -> dict[int, Reference]:
        out: dict[int, Reference] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT id, artist, source, sha256, width, height, added_at FROM refs WHERE id IN ({marks})", chunk
            ).fetchall()
            out.update({r.id: r for r in self._rows_to_refs(rows)})
        return out

    def remove(self, *, ids: Iterable[int] = (), artist: str | None = None, source: str | Path | None = None) -> int:
        """Remove references by id, artist or source path (any that match); return the count."""
        clauses, params = [], []
        ids = [int(i) for i in ids]
        if ids:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if artist:
            clauses.append("artist = ?")
            params.append(artist)
        if source is not None:
            clauses.append("source = ?")
            params.append(str(Path(source).expanduser().resolve()))
        if not clauses:
            raise InputError(
                "nothing to remove: give ids, an artist or a source path", where="remove", fix="e.g. --artist NAME"
            )
        with (
            self._db.failures("cannot remove references", where=str(self.path)),
            self._lock,
            self._db.transaction(_WRITE_LOCK),
        ):
            count = self._db.execute(f"DELETE FROM refs WHERE {' OR '.join(clauses)}", params).rowcount
            if count:
                self._bump()
                self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'removals'")
        return int(count)

    def unverified(self) -> list[int]:
        """Ids of references without verification codes (registered by guardrail before they existed)."""
        with self._reading(), self._lock:
            rows = self._db.execute(
                "SELECT id FROM refs WHERE id NOT IN (SELECT DISTINCT ref_id FROM codes WHERE kind = ?) ORDER BY id",
                (VERIFY_KIND,),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def upgrade(
        self, *, on_reference: Callable[[Reference, str | None], None] | None = None
    ) -> tuple[int, list[tuple[Reference, str]]]:
        """Add verification codes to references registered before they existed (re-reads their source files).

        A reference whose source file is gone or no longer has the registered bytes cannot be
        upgraded: it is returned with the reason (remove it and register the image again). Returns
        (number upgraded, [(reference, reason), ...]); ``on_reference(ref, problem)`` is called per
        reference for progress.
        """
        upgraded, problems = 0, []
        for ref in self.get(self.unverified()).values():
            problem = None
            try:
                data = Path(ref.source).read_bytes()
                if hashlib.sha256(data).hexdigest() != ref.sha256:
                    problem = "source file changed since it was registered"
                else:
                    codes = [
                        f for f in reference_variants(open_image(data), verification=True) if f.kind == VERIFY_KIND
                    ]
                    with self._lock, self._db.transaction(_WRITE_LOCK):
                        self._db.executemany(
                            "INSERT INTO codes(ref_id, kind, variant, bits, code) VALUES (?, ?, ?, ?, ?)",
                            [(ref.id, f.kind, f.variant, f.bits, f.code) for f in codes],
                        )
                        self._put_verification(ref.id, codes)
                        self._bump()
                    upgraded += 1
            except OSError as err:
                problem = f"source file unreadable: {err.strerror or err}"
            except ImageInputError as err:
                problem = str(err)
            except self._db.errors as err:
                raise StoreError(
                    f"cannot write verification codes: {self._db.message(err)}", where=str(self.path)
                ) from err
            if problem:
                problems.append((ref, problem))
                log.warning("cannot upgrade reference %d (%s): %s", ref.id, ref.source, problem)
            if on_reference is not None:
                on_reference(ref, problem)
        return upgraded, problems

    def codes(self, kind: str, nbytes: int, after: int = 0) -> CodeTable:
        """Every stored code of ``kind`` (``nbytes`` long) with an id above ``after``, as arrays ordered
        by code id (read in bulk, 500k rows at a time straight into numpy arrays: no per-row objects
        kept, so tens of millions of codes load without holding them all as Python tuples)."""
        ids, refs, variant_idx, blobs = [], [], [], []
        lookup: dict[str, int] = {}
        # One consistent snapshot (no add/remove lands half-way through the read), streamed: PostgreSQL
        # sends the rows through a server-side cursor a batch at a time, not all at once.
        with self._reading(), self._lock, self._db.snapshot():
            stream = self._db.stream(
                "SELECT id, ref_id, variant, code FROM codes WHERE id > ? AND kind = ? AND length(code) = ? ORDER BY "
                "id",
                (after, kind, nbytes),
                batch=_STREAM_ROWS,
            )
            while rows := list(itertools.islice(stream, _READ_ROWS)):
                n = len(rows)
                ids.append(np.fromiter((r[0] for r in rows), dtype=np.int64, count=n))
                refs.append(np.fromiter((r[1] for r in rows), dtype=np.int64, count=n))
                variant_idx.append(
                    np.fromiter((lookup.setdefault(r[2], len(lookup)) for r in rows), dtype=np.int16, count=n)
                )
                blobs.append(np.frombuffer(b"".join(r[3] for r in rows), dtype=np.uint8).reshape(-1, nbytes))
        names = sorted(lookup)
        remap = np.asarray([names.index(name) for name in lookup] or [0], dtype=np.int16)  # first-seen -> sorted
        return CodeTable(
            code_ids=np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
            reference_ids=np.concatenate(refs) if refs else np.zeros(0, dtype=np.int64),
            variant_index=remap[np.concatenate(variant_idx)] if variant_idx else np.zeros(0, dtype=np.int16),
            variants=tuple(names),
            codes=np.concatenate(blobs) if blobs else np.zeros((0, nbytes), dtype=np.uint8),
        )


SQLiteReferenceRegistry = SQLReferenceRegistry
"""The former name of :class:`SQLReferenceRegistry` (it opens PostgreSQL too when given a URL)."""
