"""OpenCV's threads per call: GUARDRAIL_OPENCV_THREADS, read by the CLI, the service and Ray workers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from guardrail.errors import InputError
from guardrail.threads import ENV_VAR, opencv_threads


@pytest.mark.parametrize(("value", "expected"), [("", 1), (" 1 ", 1), ("4", 4), ("AUTO", None), ("auto", None)])
def test_opencv_threads_reads_whole_numbers_and_auto(value: str, expected: int | None) -> None:
    assert opencv_threads(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_opencv_threads_refuses_anything_else_naming_the_variable(value: str) -> None:
    with pytest.raises(InputError) as info:
        opencv_threads(value)
    assert info.value.where == ENV_VAR
    assert repr(value) in info.value.message and "whole number >= 1" in (info.value.fix or "")


def _run(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in (ENV_VAR, "OPENCV_FOR_THREADS_NUM")}
    done = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


_SHOW = "import cv2; print(cv2.getNumThreads())"


def test_configure_sets_opencv_before_and_after_it_is_imported() -> None:
    configure = "from guardrail.threads import configure_opencv_threads as c; "
    before_default = _run(f"{configure}print('cv2' in __import__('sys').modules); c(); {_SHOW}")
    assert before_default == ["False", "1"]  # OpenCV not imported by configuring it
    after = _run(
        f"import cv2; n = cv2.getNumThreads(); {configure}c(); print(n); {_SHOW}; print(c())", **{ENV_VAR: "2"}
    )
    assert after[1:] == ["2", "2"]
    cores = int(after[0])
    assert _run(f"import cv2; cv2.setNumThreads(1); {configure}c(); {_SHOW}", **{ENV_VAR: "auto"}) == [str(cores)]
    # a user's own OPENCV_FOR_THREADS_NUM stands unless GUARDRAIL_OPENCV_THREADS is set
    assert _run(f"{configure}c(); {_SHOW}", OPENCV_FOR_THREADS_NUM="3") == ["3"]


def test_cli_refuses_a_bad_setting_with_exit_2() -> None:
    clean = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    done = subprocess.run(
        [sys.executable, "-m", "guardrail", "screen", "a red bicycle", "--json"],
        env={**clean, ENV_VAR: "many"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert ENV_VAR in done.stderr and "'many' is not a number of threads" in done.stderr


def test_service_refuses_a_bad_setting_before_it_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    from guardrail.service.app import create_app

    monkeypatch.setenv(ENV_VAR, "0")
    with pytest.raises(InputError, match=ENV_VAR):
        create_app()
