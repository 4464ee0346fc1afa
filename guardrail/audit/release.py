"""Write-ahead release: a file is visible under its final name only after its audit record is durable.

```
pending entry (locked) ─► temp files beside the targets (fsync) ─► manifest rows ─► AUDIT COMMIT ─► rename ─► entry
removed
```

The audit commit is the commit point. Before it, a failure (or a crash, found later by
:func:`guardrail.audit.recover.recover`) removes the temp files and the manifest rows, so nothing
was released; after it, only renames remain. A release interrupted between the commit and a
rename is rolled back by recovery (temp removed, manifest row removed, a ``recover`` record
appended), so every file under its final name has its record and nothing else was released.

The pending entry (``GUARDRAIL_HOME/pending/<token>.json``) names the temp files, targets and
manifest rows of one release; its owner holds an exclusive ``flock`` on it until the release is
done, so recovery never touches a release that is still running (a killed process drops its lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardrail.audit.records import ImageRecord, RecoveryAction, RequestRecord, utc_now
from guardrail.errors import InputError, StoreError
from guardrail.home import state_folder

if TYPE_CHECKING:
    from guardrail.audit.store import AuditStore
    from guardrail.provenance.store import ManifestRecord, ManifestStore

__all__ = ["PENDING_FOLDER", "ReleaseFile", "pending_folder", "publish", "sha256_hex", "temp_name"]

logger = logging.getLogger(__name__)

PENDING_FOLDER = "pending"


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` (hex)."""
    return hashlib.sha256(data).hexdigest()


def pending_folder(home: Path | None = None) -> Path:
    """``GUARDRAIL_HOME/pending``: one entry per release in progress (or interrupted).

    Recovery removes the temp files its entries name, so the folder must be private
    (UnsafePermissionsError naming it otherwise).
    """
    return state_folder(PENDING_FOLDER, "the pending releases folder", home)


def temp_name(final: Path, token: str) -> Path:
    """The hidden temp file a release writes beside ``final`` before renaming it into place."""
    return final.parent / f".{final.name}.{token}.tmp"


class ReleaseFile:
    """One file to release: its final path, its bytes and the image slot it belongs to."""

    __slots__ = ("data", "final", "index", "watermark_id")

    def __init__(self, final: Path, data: bytes, index: int, watermark_id: str | None = None) -> None:
        self.final, self.data, self.index, self.watermark_id = Path(final), data, index, watermark_id


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durable(path: Path, data: bytes) -> None:
    """Create ``path`` (never an existing one) with ``data``, synced; on failure no part of it stays.

    Raises StoreError naming ``path`` (disk full, file size limit, folder not writable).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as err:
        raise StoreError(
            f"cannot create the file to release: {err.strerror or err}",
            where=str(path),
            fix="check the output folder (permissions, free space) and try again",
        ) from err
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException as err:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)  # a partial temp file is not left beside the output
        if isinstance(err, OSError):
            raise StoreError(
                f"cannot write the file to release: {err.strerror or err}",
                where=str(path),
                fix="free space in the output folder (or raise its size limit) and try again",
            ) from err
        raise
    os.close(fd)


@contextlib.contextmanager
def _pending_entry(entry: dict[str, Any], home: Path | None) -> Iterator[Path]:
    """Write and lock the pending entry for the whole release (the caller removes it when done)."""
    folder = pending_folder(home)
    path = folder / f"{entry['token']}.json"
    fd = -1
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, json.dumps(entry).encode("ascii"))  # ensure_ascii: odd path bytes survive as \\udcxx
        os.fsync(fd)
        fsync_dir(folder)
    except OSError as err:  # a full or failing disk: nothing is released, and the caller is told why
        if fd >= 0:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
        raise StoreError(
            f"cannot write the pending entry of a release: {err.strerror or err}",
            where=str(path),
            fix="check the disk holding GUARDRAIL_HOME (free space, permissions, I/O errors); nothing was released",
        ) from err
    try:
        yield path
    finally:
        os.close(fd)


def _store_path(obj: Any) -> str | None:
    path = getattr(obj, "path", None)
    return str(path) if path is not None else None


def rollback_record(
    request: RequestRecord | dict[str, Any], token: str, actions: list[RecoveryAction], reason: str
) -> RequestRecord:
    """The ``recover`` record that says what was undone for an interrupted release."""
    policy = request.policy if isinstance(request, RequestRecord) else request["policy"]
    model_id = request.model_id if isinstance(request, RequestRecord) else request["model_id"]
    return RequestRecord(
        request_id=f"recover-{token}",
        operation="recover",
        policy=policy,
        model_id=model_id,
        final_action="recovered",
        reason=reason,
        recovery=actions,
        time=utc_now(),
    )


def publish(
    audit: AuditStore,
    request: RequestRecord,
    images: list[ImageRecord],
    *,
    files: list[ReleaseFile] = (),  # type: ignore[assignment]
    manifests: list[ManifestRecord] = (),  # type: ignore[assignment]
    store: ManifestStore | None = None,
    overwrite: bool = False,
    home: Path | None = None,
) -> None:
    """Release ``files`` and store ``manifests`` with ``request`` and ``images`` as their audit record.

    Nothing is visible under a final name, and no manifest row is left, unless the audit record
    was committed first. Raises StoreError (audit log or store cannot be written: nothing
    released) or InputError (a target exists and ``overwrite`` is False: nothing released).
    """
    files, manifests = list(files), list(manifests)
    if not files and not manifests:
        audit.log_request_with_images(request, images)
        return
    if manifests and store is None:
        raise InputError("manifest rows given without a store", where="store")
    for item in files:
        if not overwrite and os.path.lexists(item.final):
            raise InputError(
                "already exists", where=str(item.final), fix="choose another name, or overwrite on purpose"
            )
    token = uuid.uuid4().hex
    entry = {
        "token": token,
        "request_id": request.request_id,
        "pid": os.getpid(),
        "created": utc_now().isoformat(),
        "policy": request.policy.model_dump(mode="json"),
        "model_id": request.model_id,
        "audit": _store_path(audit),
        "store": _store_path(store),
        "watermark_ids": [m.watermark_id for m in manifests],
        "files": [
            {
                "index": f.index,
                "final": str(f.final),
                "temp": str(temp_name(f.final, token)),
                "sha256": sha256_hex(f.data),
                "watermark_id": f.watermark_id,
            }
            for f in files
        ],
    }
    stored: list[str] = []
    temps: list[Path] = []
    with _pending_entry(entry, home) as entry_path:
        try:
            for item in files:  # 1. temp files beside their targets, on disk
                temp = temp_name(item.final, token)
                _write_durable(temp, item.data)  # synced: a name renamed onto it never points at partial data
                temps.append(temp)
            for record in manifests:  # 2. manifest rows (found by verify only once a file is out)
                store.put(record)  # type: ignore[union-attr]
                stored.append(record.watermark_id)
            audit.log_request_with_images(request, images)  # 3. the commit point
        except BaseException:
            if _undo(temps, stored, store):
                _remove_entry(entry_path)
            raise
        renamed: list[ReleaseFile] = []
        try:
            for item, temp in zip(files, temps, strict=True):  # 4. into place
                if overwrite:
                    os.replace(temp, item.final)
                else:
                    os.link(temp, item.final)  # never clobbers a file that appeared meanwhile
                    os.unlink(temp)
                renamed.append(item)
            for folder in {f.final.parent for f in files}:
                fsync_dir(folder)
        except OSError as err:
            left = [(f, t) for f, t in zip(files, temps, strict=True) if f not in renamed]
            actions = [
                RecoveryAction(
                    request_id=request.request_id, action="rolled-back", path=str(f.final), watermark_id=f.watermark_id
                )
                for f, _ in left
            ]
            clean = _undo([t for _, t in left], [f.watermark_id for f, _ in left if f.watermark_id], store)
            audit.log_request(rollback_record(request, token, actions, f"rename failed: {err.strerror or err}"))
            if clean:
                _remove_entry(entry_path)
            raise StoreError(
                f"the release was recorded but the file could not be put in place ({err.strerror or err}); it was "
                "rolled back and the audit log says so",
                where=str(err.filename or (left[0][0].final if left else "")),
                fix="check the output folder and try again",
            ) from err
        _remove_entry(entry_path)


def _remove_entry(path: Path) -> None:
    # Not synced: an entry that comes back after a power loss is found `completed` by recovery.
    path.unlink(missing_ok=True)


def _undo(temps: list[Path], watermark_ids: list[str], store: ManifestStore | None) -> bool:
    """Remove temp files and manifest rows of an unreleased image; False if something stayed."""
    clean = True
    for temp in temps:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            logger.exception("could not remove the temp file %s of an unreleased image", temp)
            clean = False
    for watermark_id in watermark_ids:
        try:
            store.discard(watermark_id)  # type: ignore[union-attr]
        except Exception:  # recovery finds the row through the pending entry if this fails
            logger.exception("could not remove the manifest row %s of an unreleased image", watermark_id)
            clean = False
    return clean
