"""The SQLite audit log: round trips, prompt hashing, append-only, durability settings, queries."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from guardrail.audit import AuditLog, AuditStore, ImageRecord, prompt_digest
from guardrail.errors import InputError, StoreError


def test_request_and_images_round_trip(log: AuditLog, make_request: Any, make_image: Any) -> None:
    request = make_request("req-1", matched_rules=["artist.style"], prompt_action="flag")
    images = [
        make_image("req-1", 0, 1, action="withheld", output_path=None, error=None),
        make_image("req-1", 0, 2),
        make_image("req-1", 1, 1),
    ]
    log.log_request(request)
    for image in reversed(images):
        log.log_image(image)
    got_request, got_images = log.get_request("req-1")
    assert got_request == request
    assert got_images == images  # ordered by index, then attempt


@pytest.mark.sqlite_only
def test_default_path_is_audit_db_in_home(temp_home: Path, log: AuditLog) -> None:
    assert log.path == temp_home / "audit.db"
    assert log.path.is_file()


def test_hash_mode_keeps_only_the_prompt_hash(log: AuditLog, make_request: Any, engine: str) -> None:
    secret = "a very specific secret prompt 7f3a"
    log.log_request(make_request("req-h", prompt=secret, mode="hash", rewritten_prompt=secret + " (safe)"))
    stored, _ = log.get_request("req-h")
    assert stored.prompt is None
    assert stored.prompt_hmac == prompt_digest(secret)
    assert stored.rewritten_prompt_hmac == prompt_digest(secret + " (safe)")
    if engine == "postgres":  # every stored column of every audit table
        db = log._open()
        on_disk = "".join(
            str(r) for t in ("requests", "images", "chain") for r in db.execute(f"SELECT * FROM {t}")
        ).encode()
        db.close()
    log.close()
    if engine == "sqlite":
        on_disk = b"".join(p.read_bytes() for p in log.path.parent.glob("audit.db*"))
    assert secret.encode() not in on_disk
    assert prompt_digest(secret).encode() in on_disk


def test_full_mode_keeps_the_prompt_text(log: AuditLog, make_request: Any) -> None:
    log.log_request(make_request("req-f", prompt="a red bicycle"))
    assert log.get_request("req-f")[0].prompt == "a red bicycle"


def test_record_refuses_naive_time(make_request: Any) -> None:
    with pytest.raises(ValidationError, match="timezone"):
        make_request("x", time=datetime(2026, 1, 1))


def test_update_and_delete_are_refused_by_the_database(
    log: AuditLog, make_request: Any, make_image: Any, engine: str
) -> None:
    log.log_request(make_request("req-1"))
    log.log_image(make_image("req-1"))
    db = log._open()  # a connection of its own, as any other client of the database would have
    statements = [
        "UPDATE requests SET final_action = 'blocked'",
        "DELETE FROM requests",
        "UPDATE images SET record = '{}'",
        "DELETE FROM images",
        "UPDATE chain SET mac = ''",
        "DELETE FROM chain",
    ]
    if engine == "postgres":
        statements += ["TRUNCATE requests", "TRUNCATE images", "TRUNCATE chain"]
    for statement in statements:
        with pytest.raises(db.errors, match="append-only"):
            db.execute(statement)
    db.close()
    assert log.get_request("req-1")[0].final_action == "released"
    assert not any(hasattr(log, name) for name in ("update", "delete", "delete_request", "update_request"))


def test_a_record_is_never_replaced(log: AuditLog, make_request: Any, make_image: Any) -> None:
    log.log_request(make_request("req-1"))
    log.log_image(make_image("req-1"))
    with pytest.raises(StoreError, match="already in the audit log"):
        log.log_request(make_request("req-1", final_action="blocked"))
    with pytest.raises(StoreError, match="already in the audit log"):
        log.log_image(make_image("req-1", action="withheld"))
    assert log.get_request("req-1")[0].final_action == "released"


@pytest.mark.sqlite_only
def test_database_is_durable_wal_with_full_sync(log: AuditLog) -> None:
    conn = log._conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_records_survive_reopening(temp_home: Path, make_request: Any, engine: str) -> None:
    with AuditLog() as first:
        first.log_request(make_request("req-1"))
    with AuditLog() as second:
        assert second.get_request("req-1")[0].request_id == "req-1"


def test_list_requests_is_newest_first_with_limit(log: AuditLog, make_request: Any) -> None:
    for i in range(5):
        log.log_request(make_request(f"req-{i}", minutes=i))
    assert [r.request_id for r in log.list_requests(limit=3)] == ["req-4", "req-3", "req-2"]


def test_list_requests_filters_by_time_and_action(log: AuditLog, make_request: Any, t0: datetime) -> None:
    log.log_request(make_request("old", minutes=0, final_action="blocked", attempts=0))
    log.log_request(make_request("new-blocked", minutes=10, final_action="blocked", attempts=0))
    log.log_request(make_request("new-released", minutes=20))
    since = t0 + timedelta(minutes=5)
    assert [r.request_id for r in log.list_requests(since=since)] == ["new-released", "new-blocked"]
    assert [r.request_id for r in log.list_requests(action="blocked")] == ["new-blocked", "old"]
    assert [r.request_id for r in log.list_requests(since=since, action="blocked")] == ["new-blocked"]


def test_list_requests_refuses_a_zero_limit(log: AuditLog) -> None:
    with pytest.raises(InputError):
        log.list_requests(limit=0)


def test_unknown_request_id_is_an_input_error(log: AuditLog) -> None:
    with pytest.raises(InputError, match="no request 'nope'"):
        log.get_request("nope")


def test_a_file_that_is_not_a_database_raises_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "audit.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        AuditLog(bad)
    assert info.value.where == str(bad)


def test_audit_log_implements_the_store_protocol(log: AuditLog) -> None:
    store: Any = log
    assert isinstance(store, AuditStore)


def test_image_record_action_is_released_or_withheld() -> None:
    with pytest.raises(ValidationError):
        ImageRecord(request_id="r", index=0, attempt=1, action="deleted")  # type: ignore[arg-type]


def test_request_with_images_is_written_atomically(log: AuditLog, make_request: Any, make_image: Any) -> None:
    log.log_request_with_images(make_request("req-1"), [make_image("req-1", 0, 1), make_image("req-1", 1, 1)])
    assert len(log.get_request("req-1")[1]) == 2
    log.log_image(make_image("req-2", 0, 1))
    # the second image clashes with one already logged: nothing of req-2's batch is kept
    with pytest.raises(StoreError):
        log.log_request_with_images(make_request("req-2"), [make_image("req-2", 1, 1), make_image("req-2", 0, 1)])
    with pytest.raises(InputError):
        log.get_request("req-2")
    assert [r.request_id for r in log.list_requests()] == ["req-1"]


def test_request_with_images_refuses_images_of_another_request(
    log: AuditLog, make_request: Any, make_image: Any
) -> None:
    with pytest.raises(InputError, match="other requests"):
        log.log_request_with_images(make_request("req-1"), [make_image("req-9")])


def test_prompt_digest_is_keyed_per_install_not_a_plain_hash(tmp_path: Path) -> None:
    """A plain SHA-256 of a prompt can be reversed by hashing guesses; a keyed HMAC cannot."""
    import hashlib

    from guardrail.audit import audit_key

    prompt = "a red bicycle"
    key_a, key_b = audit_key(tmp_path / "a"), audit_key(tmp_path / "b")
    assert key_a != key_b and len(key_a) == 32
    assert prompt_digest(prompt, key_a) != prompt_digest(prompt, key_b)
    assert prompt_digest(prompt, key_a) != hashlib.sha256(prompt.encode()).hexdigest()
    assert audit_key(tmp_path / "a") == key_a  # stable once created
    from guardrail.audit.key import key_id

    assert (tmp_path / "a" / "audit-keys" / f"{key_id(key_a)}.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "a" / "audit-keys").stat().st_mode & 0o777 == 0o700


def test_audit_key_created_by_racing_threads_is_one_whole_key(tmp_path: Path) -> None:
    import threading

    from guardrail.audit.key import current_audit_key

    home = tmp_path / "race"
    seen: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            seen.append(current_audit_key(home)[1])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(seen)) == 1 and len(seen[0]) == 32
    from guardrail.audit.key import key_id

    names = sorted(p.name for p in (home / "audit-keys").iterdir())
    assert names == sorted([".lock", "current", f"{key_id(seen[0])}.key"])  # one key, no temp files left behind
