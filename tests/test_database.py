"""The database layer: which engine a URL selects, passwords kept out of messages, migrations applied once."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.database import Database, database_url, open_database, redact_url
from guardrail.database.connection import split_script
from guardrail.database.migrations import schema_version, upgrade
from guardrail.errors import InputError, StoreError


def test_redact_url_removes_the_password_in_both_spellings() -> None:
    assert (
        redact_url("postgresql://app:s3cr%40t@db.example:5432/guardrail")
        == "postgresql://app@db.example:5432/guardrail"
    )
    assert "hunter2" not in redact_url("postgresql://db.example/guardrail?user=app&password=hunter2&sslmode=require")
    assert redact_url("postgresql://db.example/guardrail") == "postgresql://db.example/guardrail"


def test_the_url_selects_postgres_and_a_wrong_one_is_an_input_error_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GUARDRAIL_DATABASE_URL", raising=False)
    assert database_url() is None
    monkeypatch.setenv("GUARDRAIL_DATABASE_URL", "mysql://app:hunter2@db/guardrail")
    with pytest.raises(InputError) as err:
        database_url()
    assert "hunter2" not in str(err.value) and err.value.where == "GUARDRAIL_DATABASE_URL"


def test_an_unreachable_server_is_a_store_error_that_never_shows_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("GUARDRAIL_DATABASE_URL", f"postgresql://app:hunter2@127.0.0.1:{port}/guardrail")
    from guardrail.provenance.store import SQLManifestStore

    with pytest.raises(StoreError) as err:
        SQLManifestStore()
    text = f"{err.value} {err.value.where} {err.value.fix}"
    assert "hunter2" not in text and f"127.0.0.1:{port}" in text and "GUARDRAIL_DATABASE_URL" in (err.value.fix or "")


def test_split_script_keeps_a_trigger_body_whole() -> None:
    script = "CREATE TABLE t (x);\nCREATE TRIGGER g BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;\n"
    assert split_script(script) == [
        "CREATE TABLE t (x);",
        "CREATE TRIGGER g BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;",
    ]


def test_migrations_run_in_order_once_per_store(engine: str, tmp_path: Path) -> None:
    ran: list[int] = []

    def step(number: int):
        def apply(db: Database) -> None:
            ran.append(number)
            db.execute(f"CREATE TABLE m{number} (x INTEGER)")

        return apply

    migrations = {"sqlite": ((1, step(1)), (2, step(2))), "postgres": ((1, step(1)), (2, step(2)))}
    db = open_database(None if engine == "postgres" else tmp_path / "m.db", "m.db", what="test store", fix="")
    try:
        assert upgrade(db, "test", migrations) == (0, 2) and ran == [1, 2]
        assert upgrade(db, "test", migrations) == (2, 2) and ran == [1, 2]  # nothing twice
        more = {e: (*steps, (3, step(3))) for e, steps in migrations.items()}
        assert upgrade(db, "test", more) == (2, 3) and ran == [1, 2, 3] and schema_version(db, "test") == 3
        with pytest.raises(StoreError, match="schema version 3"):
            upgrade(db, "test", migrations)  # a database newer than this code is refused
    finally:
        db.close()


def test_a_failing_migration_leaves_nothing_half_applied(engine: str, tmp_path: Path) -> None:
    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half (x INTEGER)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    migrations = {"sqlite": ((1, broken),), "postgres": ((1, broken),)}
    db = open_database(None if engine == "postgres" else tmp_path / "m.db", "m.db", what="test store", fix="")
    try:
        with pytest.raises(StoreError, match="cannot upgrade the test schema"):
            upgrade(db, "test", migrations)
        assert schema_version(db, "test") == 0
        with pytest.raises(db.errors):
            db.execute("SELECT * FROM half")
    finally:
        db.close()
