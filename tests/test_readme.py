"""The README's examples run as written: every ```bash block after a `<!-- ci: run -->` marker."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"<!-- ci: run -->\s*```bash\n(.*?)```", re.S)


def _examples() -> list[str]:
    return _BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_examples_to_run() -> None:
    assert len(_examples()) >= 3


@pytest.mark.slow
def test_readme_examples_run_in_order(tmp_path: Path, guardrail_home: Path) -> None:
    """Run all examples in one shell, in order, in an empty folder, as a newcomer would."""
    assert shutil.which("guardrail") is not None, "the guardrail console script is not installed (run install.sh)"
    script = "set -euo pipefail\n" + "\n".join(_examples())
    env = dict(os.environ, GUARDRAIL_HOME=str(guardrail_home), COLUMNS="120")
    # The examples name files relative to the repository (e.g. policies/, benchmarks/).
    repo = README.parent
    (tmp_path / "policies").symlink_to(repo / "policies")
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"README examples failed (exit {proc.returncode}).\nstdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}"
