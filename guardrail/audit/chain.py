"""The audit log's hash chain: every record is linked to the one before it by an HMAC.

Link ``n`` is ``HMAC-SHA256(key, prev_mac | n | kind | record JSON)`` under the audit key named
by the link's ``key_id``; the first link's ``prev_mac`` is 64 zeros. Changing, removing,
reordering or inserting a record breaks the link at that record (or the next one), which
``verify_chain`` reports. Removing the newest records leaves a shorter chain that still links:
compare the head (``head_seq``, ``head_mac``) with one you noted earlier to detect that.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GENESIS", "ChainBreak", "ChainReport", "link_mac", "verify_chain"]

GENESIS = "0" * 64
_TABLES = {"request": "requests", "image": "images"}


def link_mac(key: bytes, prev_mac: str, seq: int, kind: str, record_json: str) -> str:
    """The MAC of link ``seq`` (hex)."""
    message = f"{prev_mac}|{seq}|{kind}|".encode("ascii") + record_json.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class ChainBreak(BaseModel):
    """The first place where the audit log's chain does not hold."""

    model_config = ConfigDict(extra="forbid")

    seq: int | None = Field(
        description="Position in the chain (1 = oldest record); None for a record outside the chain."
    )
    kind: str | None = Field(None, description="request or image.")
    request_id: str | None = Field(None, description="Request of the record at the break, when readable.")
    problem: str = Field(description="What is wrong, in plain words.")


class ChainReport(BaseModel):
    """What ``guardrail audit verify`` found."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="The audit database checked.")
    ok: bool = Field(description="True when the database is intact and every record links to the one before it.")
    integrity: str = Field(
        description="Result of the database's own check ('ok' when intact): SQLite's PRAGMA integrity_check; on "
        "PostgreSQL, whether the append-only triggers are in place and enabled."
    )
    records: int = Field(description="Records checked (links in the chain).")
    head_seq: int = Field(description="Position of the newest record (0 for an empty log).")
    head_mac: str = Field(description="MAC of the newest link: note it to detect later removal of the newest records.")
    key_ids: list[str] = Field(description="Audit keys the records were linked with.")
    first_break: ChainBreak | None = Field(None, description="The first broken link, when there is one.")


def _request_id(record_json: str | None) -> str | None:
    try:
        return str(json.loads(record_json or "")["request_id"])
    except (ValueError, KeyError, TypeError):
        return None


def verify_chain(conn: Any, path: str, key_for: Callable[[str], bytes], *, integrity: str) -> ChainReport:
    """Check every link in order on ``conn`` (a :class:`guardrail.database.Database`); ``key_for(key_id)``
    returns a key or raises (a missing key is a break); ``integrity`` is the database's own check ('ok')."""
    prev, expected, count, keys = GENESIS, 1, 0, set()
    found: ChainBreak | None = (
        None if integrity == "ok" else ChainBreak(seq=None, problem=f"the database is damaged: {integrity}")
    )
    for seq, kind, row, kid, mac in conn.execute("SELECT seq, kind, row, key_id, mac FROM chain ORDER BY seq"):
        if found is not None:
            break
        table = _TABLES.get(kind)
        got = conn.execute(f"SELECT record FROM {table} WHERE seq = ?", (row,)).fetchone() if table else None
        record = got[0] if got else None
        where = dict(seq=seq, kind=kind, request_id=_request_id(record))
        if seq != expected:
            found = ChainBreak(**where, problem=f"records {expected}..{seq - 1} are missing from the chain")
        elif record is None:
            found = ChainBreak(**where, problem=f"the {kind} record this link covers is gone")
        else:
            try:
                key = key_for(kid)
            except Exception as err:  # a key we cannot read: this link cannot be checked
                found = ChainBreak(**where, problem=f"audit key {kid} is not available: {err}")
                break
            if not hmac.compare_digest(link_mac(key, prev, seq, kind, record), mac):
                found = ChainBreak(**where, problem="the record or the link before it was changed (MAC does not match)")
        if found is None:
            prev, expected, count = mac, expected + 1, count + 1
            keys.add(kid)
    if found is None:
        for kind, table in _TABLES.items():
            stray = conn.execute(
                f"SELECT seq, record FROM {table} WHERE seq NOT IN (SELECT row FROM chain WHERE kind = ?) ORDER BY "
                "seq LIMIT 1",
                (kind,),
            ).fetchone()
            if stray is not None:
                found = ChainBreak(
                    seq=None,
                    kind=kind,
                    request_id=_request_id(stray[1]),
                    problem=f"a {kind} record is not in the chain (added outside guardrail)",
                )
                break
    return ChainReport(
        path=path,
        ok=found is None,
        integrity=integrity,
        records=count,
        head_seq=expected - 1,
        head_mac=prev,
        key_ids=sorted(keys),
        first_break=found,
    )
