"""Suite-wide fixtures: every test runs with a temporary GUARDRAIL_HOME and no model hub."""

from __future__ import annotations

import os
import random
import textwrap
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

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
