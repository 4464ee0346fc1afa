"""The audit log's HMAC chain: breaks found at the right record, rotation keeps old records checkable."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from guardrail.audit import AuditLog, prompt_digest
from guardrail.audit.key import audit_key_by_id, audit_key_ids, current_audit_key, key_id, rotate_audit_key
from guardrail.errors import StoreError


def _fill(log: AuditLog, make_request: Any, make_image: Any, n: int = 3) -> None:
    for i in range(n):  # request, image, request, image, ...: chain seq 2i+1 and 2i+2
        log.log_request_with_images(make_request(f"req-{i}", minutes=i), [make_image(f"req-{i}")])


def _tamper(log: AuditLog, *statements: str) -> None:
    """What someone with write access to the database can do: set the append-only triggers aside, edit, and
    (on PostgreSQL) put the triggers back so the database's own check passes again."""
    if log._conn().engine == "sqlite":
        conn = sqlite3.connect(log.path)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return
    db = log._open()
    for table in ("requests", "images", "chain"):
        db.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    for statement in statements:
        db.execute(statement)
    for table in ("requests", "images", "chain"):
        db.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    db.close()


def test_an_untouched_log_verifies(log: AuditLog, make_request: Any, make_image: Any) -> None:
    _fill(log, make_request, make_image)
    report = log.verify()
    assert report.ok and report.records == 6 and report.head_seq == 6 and report.integrity == "ok"
    assert report.key_ids == [current_audit_key()[0]] and report.first_break is None


def test_a_changed_record_breaks_the_chain_at_that_record(log: AuditLog, make_request: Any, make_image: Any) -> None:
    _fill(log, make_request, make_image)
    _tamper(
        log,
        "UPDATE requests SET record = replace(record, '\"released\"', '\"blocked\"') WHERE request_id = 'req-1'",
    )
    report = log.verify()
    assert not report.ok and report.first_break is not None
    assert (report.first_break.seq, report.first_break.kind, report.first_break.request_id) == (3, "request", "req-1")
    assert "MAC" in report.first_break.problem and report.records == 2


def test_a_removed_record_is_found(log: AuditLog, make_request: Any, make_image: Any) -> None:
    _fill(log, make_request, make_image)
    _tamper(log, "DELETE FROM images WHERE request_id = 'req-1'")
    brk = log.verify().first_break
    assert brk is not None and (brk.seq, brk.kind) == (4, "image") and "gone" in brk.problem


def test_a_removed_link_breaks_the_next_one(log: AuditLog, make_request: Any, make_image: Any) -> None:
    _fill(log, make_request, make_image)
    _tamper(log, "DELETE FROM chain WHERE seq = 2", "DELETE FROM images WHERE request_id = 'req-0'")
    brk = log.verify().first_break
    assert brk is not None and brk.seq == 3 and "missing" in brk.problem


def test_a_record_added_outside_guardrail_is_found(log: AuditLog, make_request: Any, make_image: Any) -> None:
    _fill(log, make_request, make_image, n=1)
    forged = make_request("forged").model_dump_json()
    _tamper(
        log,
        "INSERT INTO requests (request_id, time, final_action, record) VALUES ('forged', '2026', 'released', "
        f"'{forged}')",
    )
    brk = log.verify().first_break
    assert brk is not None and brk.seq is None and brk.request_id == "forged" and "not in the chain" in brk.problem


def test_rotation_keeps_old_records_and_prompt_digests_checkable(
    log: AuditLog, make_request: Any, make_image: Any, temp_home: Path
) -> None:
    old_id, old_key = current_audit_key()
    log.log_request(make_request("before", prompt="a secret prompt"))
    new_id = rotate_audit_key()
    log.log_request(make_request("after", prompt="a secret prompt"))
    assert new_id != old_id and set(audit_key_ids()) == {old_id, new_id}
    report = log.verify()
    assert report.ok and report.key_ids == sorted([old_id, new_id])
    before, after = log.get_request("before")[0], log.get_request("after")[0]
    assert before.prompt_key_id == old_id and after.prompt_key_id == new_id
    assert before.prompt_hmac == prompt_digest("a secret prompt", audit_key_by_id(before.prompt_key_id))
    assert after.prompt_hmac == prompt_digest("a secret prompt", audit_key_by_id(after.prompt_key_id))
    assert before.prompt_hmac != after.prompt_hmac


def test_keys_init_force_leaves_the_audit_keys_alone(log: AuditLog, make_request: Any) -> None:
    from guardrail.provenance.keys import init_identity

    log.log_request(make_request("r1", prompt="p"))
    kid = current_audit_key()[0]
    init_identity()
    init_identity(force=True)  # rotates the signing identity only
    log.log_request(make_request("r2", prompt="p"))
    assert current_audit_key()[0] == kid and log.verify().ok
    assert log.get_request("r1")[0].prompt_hmac == log.get_request("r2")[0].prompt_hmac


def test_a_missing_key_is_reported_at_the_first_record_it_signed(
    log: AuditLog, make_request: Any, temp_home: Path
) -> None:
    log.log_request(make_request("r1"))
    old = current_audit_key()[0]
    rotate_audit_key()
    log.log_request(make_request("r2"))
    (temp_home / "audit-keys" / f"{old}.key").unlink()
    brk = log.verify().first_break
    assert brk is not None and brk.seq == 1 and old in brk.problem
    with pytest.raises(StoreError, match=old):
        audit_key_by_id(old)


def test_keys_from_the_old_place_are_adopted(temp_home: Path) -> None:
    import os

    old = os.urandom(32)
    rotated = os.urandom(32)
    (temp_home / "keys").mkdir(parents=True)
    (temp_home / "keys" / "audit.key").write_bytes(old)
    (temp_home / "keys.20260101T000000Z.bak").mkdir()
    (temp_home / "keys.20260101T000000Z.bak" / "audit.key").write_bytes(rotated)
    assert current_audit_key() == (key_id(old), old)  # the key in use stays in use
    assert audit_key_by_id(key_id(rotated)) == rotated  # and the one an earlier `keys init --force` set aside is back


_V1_SCHEMA = (
    "\n"
    "CREATE TABLE requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE, "
    "time TEXT NOT NULL, final_action TEXT NOT NULL, record TEXT NOT NULL);\n"
    "CREATE TABLE images (seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, idx INTEGER NOT NULL, "
    "attempt INTEGER NOT NULL, record TEXT NOT NULL, UNIQUE (request_id, idx, attempt));\n"
    "PRAGMA user_version=1;\n"
)


@pytest.mark.sqlite_only
def test_a_version_1_log_is_migrated_and_chained(
    engine: str, temp_home: Path, make_request: Any, make_image: Any
) -> None:
    path = temp_home / "audit.db"
    temp_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(_V1_SCHEMA)
    for i in range(2):
        req, img = make_request(f"old-{i}", minutes=i), make_image(f"old-{i}")
        conn.execute(
            "INSERT INTO requests (request_id, time, final_action, record) VALUES (?, ?, ?, ?)",
            (req.request_id, req.time.isoformat(), req.final_action, req.model_dump_json()),
        )
        conn.execute(
            "INSERT INTO images (request_id, idx, attempt, record) VALUES (?, 0, 1, ?)",
            (img.request_id, img.model_dump_json()),
        )
    conn.commit()
    conn.close()
    with AuditLog(path) as log:
        log.log_request(make_request("new", minutes=9))
        report = log.verify()
        assert report.ok and report.records == 5
        assert log.get_request("old-1")[0].request_id == "old-1"
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


@pytest.mark.sqlite_only
def test_a_log_from_a_newer_version_is_refused_with_a_fix(engine: str, temp_home: Path) -> None:
    temp_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(temp_home / "audit.db")
    conn.execute("PRAGMA user_version=7")
    conn.close()
    with pytest.raises(StoreError, match="schema version 7") as err:
        AuditLog()
    assert err.value.where == str(temp_home / "audit.db") and "upgrade" in (err.value.fix or "")


@pytest.mark.postgres_only  # SQLite reports its own damage (PRAGMA integrity_check)
def test_a_postgres_log_without_its_triggers_is_reported_damaged(log: AuditLog, make_request: Any) -> None:
    log.log_request(make_request("r1"))
    db = log._open()
    db.execute("ALTER TABLE images DISABLE TRIGGER USER")
    db.close()
    report = log.verify()
    assert not report.ok and "images" in report.integrity and "damaged" in report.first_break.problem


@pytest.mark.postgres_only  # the SQLite case is the test above
def test_a_postgres_log_from_a_newer_version_is_refused_with_a_fix(log: AuditLog) -> None:
    db = log._open()
    db.execute("UPDATE guardrail_schema SET version = 7 WHERE store = 'audit'")
    db.close()
    with pytest.raises(StoreError, match="schema version 7") as err:
        AuditLog()
    assert "upgrade" in (err.value.fix or "") and err.value.where == str(log.path)
