"""A real PostgreSQL server for the tests: initdb in a temp folder, a free loopback port, trust auth.

Started once per test session (about 1.5 s) from Debian's binaries (``/usr/lib/postgresql/*/bin``,
or ``GUARDRAIL_PG_BIN``). As root, initdb and postgres run as the ``postgres`` user (PostgreSQL
refuses to run as root). ``fsync=off``: the tests check behaviour, not power-loss durability.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PostgresServer", "find_bin"]


def find_bin() -> Path | None:
    """The folder with initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = [os.environ.get("GUARDRAIL_PG_BIN", "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One throwaway server; ``url(dbname)`` names a database on it, ``create_database`` makes one."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="guardrail-pg-"))
        self.port = _free_port()
        self._as = []
        if os.geteuid() == 0:  # postgres refuses root: run it as the postgres user, in a folder it owns
            shutil.chown(self.dir, user="postgres", group="postgres")
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresServer:
        data = self.dir / "data"
        self._run(
            str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--locale=C", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 "
            "-c shared_buffers=32MB"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-o", options, "-w", "start")
        return self

    def url(self, dbname: str = "postgres", schema: str | None = None) -> str:
        """A URL of ``dbname`` (tables in ``schema`` when given, through the search path)."""
        tail = f"?options=-csearch_path%3D{schema}" if schema else ""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}{tail}"

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
