"""Real servers for the service tests: ``guardrail serve`` in a subprocess on a free loopback port."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running ``guardrail serve``: its URL, home folder and process."""

    url: str
    home: Path
    proc: subprocess.Popen
    log: Path

    def client(self, key: str | None = None, timeout: float = 300, **kwargs) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout, **kwargs)

    def key(self, scopes: str, name: str = "test") -> tuple[str, str]:
        """Create an API key in the server's home: (key id, key)."""
        from guardrail.service.apikeys import ApiKeyStore

        with ApiKeyStore(self.home / "apikeys.db") as keys:
            record, secret = keys.create(scopes, name=name)
        return record.key_id, secret

    def env(self) -> dict[str, str]:
        return {**os.environ, "GUARDRAIL_HOME": str(self.home), "PYTHONPATH": str(REPO)}

    def metric(self, name: str) -> float:
        text = httpx.get(f"{self.url}/metrics").text
        for line in text.splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
        return 0.0


def start_server(
    home: Path, *args: str, ready: bool = True, timeout: float = 180.0, path: list[Path] | None = None
) -> Server:
    """Start ``guardrail serve`` with ``args``; wait for /readyz (or /healthz when ``ready`` is False).
    ``path``: folders added to the server's PYTHONPATH (e.g. an installed plugin's)."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = home / "server.log"
    pythonpath = os.pathsep.join([str(REPO), *(str(p) for p in path or [])])
    env = {**os.environ, "GUARDRAIL_HOME": str(home), "PYTHONPATH": pythonpath, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "guardrail", "serve", "--port", str(port), "--log-level", "warning", *args],
        env=env,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
        cwd=str(REPO),
    )
    server = Server(url=f"http://127.0.0.1:{port}", home=home, proc=proc, log=log)
    deadline = time.monotonic() + timeout
    path = "/readyz" if ready else "/healthz"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(server.url + path, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"server not ready after {timeout} s: {log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(20)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(5)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One generating server for the session: queue of 1, 2 MiB bodies, 1 Mpixel images, high rate limit,
    a long timeout (a loaded CI machine generates slowly)."""
    srv = start_server(
        tmp_path_factory.mktemp("service-home"),
        "--queue",
        "1",
        "--max-body-mb",
        "2",
        "--max-pixels",
        "1000000",
        "--rate-limit",
        "100000",
        "--timeout",
        "600",
    )
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def all_key(server: Server) -> tuple[str, str]:
    return server.key("screen,check,mark,verify,generate", name="all")


def png_bytes(array: np.ndarray, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format=fmt)
    return buf.getvalue()


@pytest.fixture(scope="session")
def coffee_jpeg() -> bytes:
    import skimage.data

    return png_bytes(skimage.data.coffee(), "JPEG")
