"""The README's commands run as written.

- every ```bash block after a `<!-- ci: run -->` marker (the examples), in order, in an empty folder;
- the `<!-- ci: install -->` block (make a virtual environment, install, generate) in a fresh copy of
  the repository, then the examples with that environment's `guardrail`: a newcomer's first try.
  It downloads and installs everything (minutes), so it runs only with GUARDRAIL_TEST_INSTALL=1
  (set by .ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _blocks(marker: str) -> list[str]:
    pattern = re.compile(rf"<!-- ci: {marker} -->\s*```bash\n(.*?)```", re.S)
    return pattern.findall(README.read_text(encoding="utf-8"))


def _examples() -> list[str]:
    return _blocks("run")


def _run_examples(folder: Path, home: Path, path_prefix: str | None = None) -> subprocess.CompletedProcess[str]:
    script = "set -euo pipefail\n" + "\n".join(_examples())
    env = dict(os.environ, GUARDRAIL_HOME=str(home), COLUMNS="120")
    if path_prefix is not None:
        env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
        env.pop("PYTHONPATH", None)  # the fresh install, not this checkout, must answer
    return subprocess.run(["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=900)


def _failure(what: str, proc: subprocess.CompletedProcess[str]) -> str:
    return f"{what} failed (exit {proc.returncode}).\nstdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}"


def test_readme_has_examples_to_run() -> None:
    assert len(_examples()) >= 3
    [install] = _blocks("install")
    assert "python3 -m venv .venv && . .venv/bin/activate && bash install.sh" in install
    [tests] = _blocks("test")
    assert tests.strip().endswith("python -m pytest -q")


def test_readme_examples_name_no_file_of_the_repository() -> None:
    """The examples run from any folder: they must not reach for policies/ or benchmarks/."""
    text = "\n".join(_examples())
    assert not re.search(r"(^|\s)(\./)?(policies|benchmarks|tests|guardrail)/", text)


@pytest.mark.slow
def test_readme_examples_run_in_order(tmp_path: Path, guardrail_home: Path) -> None:
    """Run all examples in one shell, in order, in a truly empty folder, as a newcomer would."""
    assert shutil.which("guardrail") is not None, "the guardrail console script is not installed (run install.sh)"
    folder = tmp_path / "empty"
    folder.mkdir()
    proc = _run_examples(folder, guardrail_home)
    assert proc.returncode == 0, _failure("README examples", proc)


def _copy_checkout(dest: Path) -> None:
    """The repository's tracked files (what a clone has), without build products or local venvs."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot tell a clone's files")
    for name in filter(None, listed.stdout.split("\0")):
        src, dst = REPO / name, dest / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        elif src.is_file():
            shutil.copy2(src, dst)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("GUARDRAIL_TEST_INSTALL") != "1",
    reason="installs into a fresh venv (minutes); set GUARDRAIL_TEST_INSTALL=1",
)
def test_readme_install_in_a_fresh_venv_then_examples_from_an_empty_folder(
    tmp_path: Path, guardrail_home: Path
) -> None:
    checkout = tmp_path / "guardrail"
    _copy_checkout(checkout)
    [install] = _blocks("install")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["GUARDRAIL_HOME"] = str(guardrail_home)
    proc = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + install],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    assert proc.returncode == 0, _failure("README install", proc)
    assert "[5/5]" in proc.stdout  # install.sh reports its steps
    assert sorted(p.suffix for p in (checkout / "out").iterdir()) == [".png"]
    venv_bin = checkout / ".venv" / "bin"
    folder = tmp_path / "empty"
    folder.mkdir()
    examples = _run_examples(folder, guardrail_home, path_prefix=str(venv_bin))
    assert examples.returncode == 0, _failure("README examples with the fresh install", examples)


@pytest.mark.skipif(sys.platform == "win32", reason="bash script")
def test_install_script_refuses_an_os_managed_python_outside_a_venv(tmp_path: Path) -> None:
    """Outside a venv, on a Python marked EXTERNALLY-MANAGED (PEP 668), install.sh says what to do."""
    fake = tmp_path / "python"
    # A stand-in interpreter that answers install.sh's questions as Debian 12's python3 would.
    fake.write_text(
        "#!/usr/bin/env bash\n"
        'case "$2" in\n'
        "  *version_info*) exit 0 ;;\n"
        "  *base_prefix*) echo 0 ;;\n"
        "  *EXTERNALLY-MANAGED*) echo 1 ;;\n"
        "  *) exit 99 ;;\n"
        "esac\n"
    )
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHON"] = str(fake)
    proc = subprocess.run(["bash", str(REPO / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "externally-managed-environment" in proc.stderr
    assert "python3 -m venv .venv && . .venv/bin/activate && bash install.sh" in proc.stderr
