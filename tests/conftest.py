"""Suite-wide fixtures: every test runs with a temporary GUARDRAIL_HOME and no model hub."""

from __future__ import annotations

import os
import random
import textwrap
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest

# Property tests draw the same examples on every run (a failure repeats; no example database
# carries state from one run to the next).
hypothesis.settings.register_profile("guardrail", derandomize=True, database=None)
hypothesis.settings.load_profile("guardrail")

# No test may reach a model hub: fail fast instead of hanging on a download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def guardrail_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point GUARDRAIL_HOME at a fresh temp folder for each test."""
    home = tmp_path_factory.mktemp("guardrail-home")
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    return home


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write(name, yaml_text)`` writes a dedented file under tmp_path and returns its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


# Release ids (the watermark payload) come from ``secrets`` in the library. Tests draw them from a
# generator seeded by the test's (or, for module fixtures, the module's) node id instead, so every
# run marks the same ids and a result that depends on the id repeats. Subprocess CLI tests still
# get real random ids.
_IDS = random.Random(0)


@pytest.fixture(scope="session", autouse=True)
def _seeded_watermark_ids() -> Iterator[None]:
    import guardrail.provenance.marker as marker

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(marker, "new_watermark_id", lambda: f"{_IDS.getrandbits(64):016x}")
        yield


@pytest.fixture(scope="module", autouse=True)
def _seed_ids_per_module(request: pytest.FixtureRequest) -> None:
    _IDS.seed(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _seed_ids_per_test(request: pytest.FixtureRequest) -> None:
    _IDS.seed(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(scope="session")
def local_ray() -> Iterator[None]:
    """One local Ray (2 CPUs, no dashboard) for every test that needs it; stopped at the end of the session."""
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )  # the workers inherit this process's environment (PYTHONPATH: they import this checkout)
    yield
    ray.shutdown()


# --- PostgreSQL: a real server for the store tests (tests/pg_server.py) ---------------------------
# Store test modules take the `engine` fixture: each test runs on SQLite and on PostgreSQL (a fresh
# schema per test in a database per module, named by GUARDRAIL_DATABASE_URL). Tests marked
# `sqlite_only` (file-level behaviour: WAL, PRAGMAs, corrupt files, old-file migrations) run on SQLite only,
# tests marked `postgres_only` on PostgreSQL only.
# Without PostgreSQL binaries the PostgreSQL runs are skipped, unless GUARDRAIL_REQUIRE_POSTGRES=1 (CI).


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        engines = (
            ["sqlite"] if marked("sqlite_only") else ["postgres"] if marked("postgres_only") else ["sqlite", "postgres"]
        )
        metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """One PostgreSQL server for the session (skipped, or failed under GUARDRAIL_REQUIRE_POSTGRES=1, when absent)."""
    from pg_server import PostgresServer, find_bin

    bin_dir = find_bin()
    problem = None if bin_dir else "PostgreSQL binaries not found (apt-get install postgresql)"
    if problem is None:
        try:
            import psycopg  # noqa: F401
        except ModuleNotFoundError:
            problem = 'psycopg not installed (pip install "guardrail[postgres]")'
    if problem:
        if os.environ.get("GUARDRAIL_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"GUARDRAIL_REQUIRE_POSTGRES=1 but {problem}")
        pytest.skip(problem)
    server = PostgresServer(bin_dir).start()  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def postgres_database(postgres_server: Any, request: pytest.FixtureRequest) -> str:
    """A fresh database for this test module; returns its name."""
    name = "t_" + format(zlib.crc32(request.node.nodeid.encode()), "08x")
    postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}"')
    postgres_server.create_database(name)
    return name


@pytest.fixture
def postgres_url(postgres_server: Any, postgres_database: str, request: pytest.FixtureRequest) -> str:
    """The URL of a fresh, empty schema (for this test) in the module's database."""
    schema = "s_" + format(zlib.crc32(request.node.nodeid.encode()), "08x")
    postgres_server.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"', postgres_database)
    return postgres_server.url(postgres_database, schema)


@pytest.fixture
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """'sqlite' (files in GUARDRAIL_HOME) or 'postgres' (GUARDRAIL_DATABASE_URL names a fresh schema)."""
    if request.param == "postgres":
        monkeypatch.setenv("GUARDRAIL_DATABASE_URL", request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.delenv("GUARDRAIL_DATABASE_URL", raising=False)
    return request.param


@pytest.fixture
def db_location(engine: str, tmp_path: Path) -> Callable[[str], str | Path]:
    """``db_location("m.db")``: that file in tmp_path on SQLite, the test's PostgreSQL URL on PostgreSQL."""
    return lambda name: os.environ["GUARDRAIL_DATABASE_URL"] if engine == "postgres" else tmp_path / name


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo pipeline, built once for the module (its cache lives in a module temp home)."""
    import os

    from guardrail.generation import load_pipeline

    old = os.environ.get("GUARDRAIL_HOME")
    os.environ["GUARDRAIL_HOME"] = str(tmp_path_factory.mktemp("demo-home"))
    try:
        return load_pipeline(None)
    finally:
        if old is None:
            os.environ.pop("GUARDRAIL_HOME", None)
        else:
            os.environ["GUARDRAIL_HOME"] = old
