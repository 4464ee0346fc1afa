"""Reconcile releases a crash interrupted (``guardrail audit recover``; mark and generate run it first).

For every pending entry whose owner is gone (its lock is free):

- the audit record was never committed: the temp files and manifest rows are removed
  (``removed-temp``, ``removed-manifest``): nothing had been released;
- the record was committed and the file has its final name with the recorded SHA-256: the release
  was complete (``completed``), only leftovers are removed;
- the record was committed but the file never reached its final name: the release is rolled back
  (``rolled-back``: temp removed, manifest row removed).

Each entry handled gets a ``recover`` record in the audit log listing what was done.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from guardrail.audit.records import RecoveryAction
from guardrail.audit.release import fsync_dir, pending_folder, rollback_record, temp_name
from guardrail.database.url import recorded_location
from guardrail.errors import InputError

__all__ = ["RecoveryReport", "has_pending", "recover"]

logger = logging.getLogger(__name__)


class RecoveryReport(BaseModel):
    """What recovery found and did."""

    model_config = ConfigDict(extra="forbid")

    folder: str = Field(description="The pending-entries folder that was checked.")
    checked: int = Field(description="Pending entries looked at.")
    in_progress: int = Field(description="Entries left alone because their release is still running (locked).")
    actions: list[RecoveryAction] = Field(default_factory=list, description="Everything recovery did, in order.")

    @property
    def clean(self) -> bool:
        """True when there was nothing to recover."""
        return not self.actions


def has_pending(home: Path | None = None) -> bool:
    """True when there is at least one pending entry (cheap: one directory listing)."""
    folder = pending_folder(home)
    return folder.is_dir() and any(p.suffix == ".json" for p in folder.iterdir())


def _sha256(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _open_audit(entry: dict[str, Any], default: Any) -> Any:
    from guardrail.audit.sqlite import AuditLog

    path = entry.get("audit")
    if default is not None and (path is None or str(getattr(default, "path", "")) == path):
        return default
    return AuditLog(recorded_location(path)) if path else AuditLog()


def _open_store(entry: dict[str, Any], default: Any) -> Any:
    from guardrail.provenance.store import SQLManifestStore

    path = entry.get("store")
    if default is not None and (path is None or str(getattr(default, "path", "")) == path):
        return default
    return SQLManifestStore(recorded_location(path)) if path else SQLManifestStore()


def _reconcile(entry: dict[str, Any], audit: Any, store: Any) -> list[RecoveryAction]:
    request_id = entry["request_id"]
    try:
        _, images = audit.get_request(request_id)
        committed = True
    except InputError:
        images, committed = [], False
    released = {img.index for img in images if img.action == "released"}
    actions: list[RecoveryAction] = []
    unreleased = set(entry.get("watermark_ids") or []) if not committed else set()
    for item in entry.get("files") or []:
        final, temp = Path(item["final"]), Path(item["temp"])
        if committed and item["index"] in released and _sha256(final) == item["sha256"]:
            actions.append(
                RecoveryAction(
                    request_id=request_id, action="completed", path=str(final), watermark_id=item.get("watermark_id")
                )
            )
        elif committed:
            actions.append(
                RecoveryAction(
                    request_id=request_id, action="rolled-back", path=str(final), watermark_id=item.get("watermark_id")
                )
            )
            if item.get("watermark_id"):
                unreleased.add(item["watermark_id"])
        if temp != temp_name(final, str(entry.get("token"))):
            # Only the hidden temp name a release writes is ever removed: a damaged or planted
            # entry cannot make recovery delete another file.
            logger.warning(
                "pending entry %s names %s as a temp file, which is not the name a release uses; left alone",
                request_id,
                temp,
            )
            continue
        if temp.exists():
            temp.unlink()
            with contextlib.suppress(OSError):
                fsync_dir(temp.parent)
            if not committed:
                actions.append(
                    RecoveryAction(
                        request_id=request_id,
                        action="removed-temp",
                        path=str(temp),
                        watermark_id=item.get("watermark_id"),
                    )
                )
    for watermark_id in sorted(unreleased):
        if store.discard(watermark_id):
            actions.append(RecoveryAction(request_id=request_id, action="removed-manifest", watermark_id=watermark_id))
    return actions


def recover(home: Path | None = None, *, audit: Any = None, store: Any = None) -> RecoveryReport:
    """Reconcile every interrupted release under ``home``; entries still locked are left alone.

    ``audit`` and ``store`` default to the ones each entry names (normally the home's). Raises
    StoreError when the audit log or the store cannot be opened: then nothing is changed.
    """
    folder = pending_folder(home)
    report = RecoveryReport(folder=str(folder), checked=0, in_progress=0)
    if not folder.is_dir():
        return report
    for path in sorted(folder.glob("*.json")):
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            continue  # finished meanwhile
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                report.in_progress += 1
                continue
            try:
                if os.fstat(fd).st_ino != os.stat(path).st_ino:
                    continue
            except FileNotFoundError:
                continue  # another recoverer or the owner removed it
            report.checked += 1
            try:
                entry = json.loads(path.read_bytes().decode("ascii"))
                entry["request_id"]
            except (ValueError, KeyError, TypeError):
                # Written before its temp files exist: an unreadable entry has nothing to undo.
                report.actions.append(RecoveryAction(request_id="?", action="removed-entry", path=str(path)))
                path.unlink()
                continue
            log = _open_audit(entry, audit)
            entry_store = _open_store(entry, store)
            try:
                actions = _reconcile(entry, log, entry_store)
                if actions:
                    log.log_request(
                        rollback_record(
                            entry,
                            f"{entry['token']}-recovered",
                            actions,
                            "a release was interrupted (crash or kill); recovered",
                        )
                    )
            finally:
                for opened, given in ((log, audit), (entry_store, store)):
                    if opened is not given:
                        opened.close()
            report.actions.extend(actions)
            path.unlink()
            fsync_dir(folder)
            logger.warning(
                "recovered interrupted release %s: %s",
                entry["request_id"],
                ", ".join(f"{a.action} {a.path or a.watermark_id}" for a in actions) or "nothing to do",
            )
        finally:
            os.close(fd)
    return report
