"""Timeouts hold whatever a check does: keep the GIL, sleep in C, end or lose its process.

Each hostile backend (tests/checks/hostile_backends.py) does real work. With checks run in a
thread (before the worker process), the regex check ran to completion and *passed*, and
``os._exit`` ended ``guardrail check``/``mark`` with status 0 and nothing printed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hostile_backends
import pytest
import skimage.data
from check_helpers import policy_with
from PIL import Image

from guardrail.checks import BACKENDS, ImageChecker, worker
from guardrail.errors import BackendError, ModelLoadError

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
IMG = Image.fromarray(skimage.data.coffee()).resize((128, 96))


@pytest.fixture(autouse=True)
def own_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A pool of its own: the workers these tests kill are not the suite's warm ones (models loaded)."""
    fresh = worker.WorkerPool(max_workers=2)
    monkeypatch.setattr(worker, "_POOL", fresh)
    yield
    fresh.shutdown()


@pytest.fixture(autouse=True)
def hostile(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, cls in {
        "gil-regex": hostile_backends.RegexBacktrack,
        "gil-sleep": hostile_backends.GilSleep,
        "exit-now": hostile_backends.ExitNow,
        "clean": hostile_backends.Clean,
        "hangs-in-load": hostile_backends.HangsInLoad,
    }.items():
        monkeypatch.setitem(BACKENDS, name, cls)


def _c(backend: str, timeout_s: float = 60.0, **options: object) -> dict:
    return {
        "backend": backend,
        "options": options,
        "timeout_s": timeout_s,
        "categories": {"sexual": {"threshold": 0.5}},
    }


def test_gil_holding_regex_is_withheld_at_its_deadline() -> None:
    # n=29: ~24 s of backtracking inside re (GIL held); run in a thread it finished and passed
    verdict = ImageChecker(policy_with(_c("gil-regex", timeout_s=1, n=29))).check(IMG)
    assert verdict.action == "could-not-check"
    [cv] = verdict.classifiers
    assert cv.status == "error" and "timed out after 1 s" in (cv.error or "") and "killed" in (cv.error or "")


def test_c_call_sleeping_with_the_gil_is_withheld() -> None:
    verdict = ImageChecker(policy_with(_c("gil-sleep", timeout_s=0.5, seconds=60))).check(IMG)
    assert verdict.action == "could-not-check" and "timed out" in (verdict.classifiers[0].error or "")


def test_check_that_ends_its_process_is_withheld_and_the_next_check_runs() -> None:
    checker = ImageChecker(policy_with(_c("clean"), _c("exit-now"), _c("clean")))
    verdict = checker.check(IMG)
    assert verdict.action == "could-not-check"
    assert [v.status for v in verdict.classifiers] == ["ok", "error", "ok"]  # a fresh worker served the third
    assert "worker process died (exit code 0)" in (verdict.classifiers[1].error or "")
    assert ImageChecker(policy_with(_c("clean"))).check(IMG).action == "pass"


def test_worker_killed_from_outside_mid_check_is_withheld(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    checker = ImageChecker(policy_with(_c("gil-sleep", timeout_s=120, seconds=120, pidfile=str(pidfile))))

    def kill_when_started() -> None:
        for _ in range(6000):  # the worker writes its pid just before it sleeps
            if pidfile.exists() and pidfile.read_text():
                os.kill(int(pidfile.read_text()), signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    verdict = checker.check(IMG)
    killer.join()
    assert verdict.action == "could-not-check"
    assert f"exit code {-signal.SIGKILL}" in (verdict.classifiers[0].error or "")


def test_a_plugin_hanging_in_load_is_withheld_at_its_own_load_deadline() -> None:
    """Red team: a plugin whose ``load()`` never returns held a check worker (and the image) for the fixed
    600 s load deadline, and the reason then read "timed out after 600 s" for a check whose timeout_s was 60.
    The deadline is now the classifier's ``load_timeout_s`` and the reason says the model did not load."""
    checker = ImageChecker(policy_with({**_c("hangs-in-load", timeout_s=60), "load_timeout_s": 1}))
    verdict = checker.check(IMG)
    assert verdict.action == "could-not-check"
    error = verdict.classifiers[0].error or ""
    assert "did not load within 1 s (checks.classifiers[0].load_timeout_s)" in error and "killed" in error
    with pytest.raises(ModelLoadError, match="did not load within 1 s"):
        checker.load()
    assert ImageChecker(policy_with(_c("clean"))).check(IMG).action == "pass"  # the pool serves on


def test_backend_a_worker_cannot_import_is_refused_when_the_checker_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    class Local(hostile_backends.Clean):
        pass

    monkeypatch.setitem(BACKENDS, "local", Local)
    with pytest.raises(BackendError) as info:
        ImageChecker(policy_with(_c("local")))
    assert info.value.where == "checks.classifiers[0].backend" and "module level" in (info.value.fix or "")
    Script = type("Script", (hostile_backends.Clean,), {"__module__": "__main__"})  # as if defined in the script run
    monkeypatch.setattr(sys.modules["__main__"], "Script", Script, raising=False)
    monkeypatch.setitem(BACKENDS, "script", Script)
    with pytest.raises(BackendError, match="__main__:Script"):
        ImageChecker(policy_with(_c("script")))


# ---- through the CLI, with the backends installed as a real entry-point plugin ------------------


@pytest.fixture
def plugin_env(tmp_path: Path, guardrail_home: Path) -> dict[str, str]:
    """An environment where the hostile backends are an installed plugin (dist-info on the path)."""
    dist = tmp_path / "plugins" / "hostile-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: hostile\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        textwrap.dedent("""\
        [guardrail.backends]
        classifier.gil-regex = hostile_backends:RegexBacktrack
        classifier.exit-now = hostile_backends:ExitNow
        classifier.gil-sleep = hostile_backends:GilSleep
        classifier.chatty = hostile_backends:Chatty
        classifier.chatty-built = hostile_backends:ChattyBuilt
        """)
    )
    path = os.pathsep.join([str(ROOT), str(HERE), str(tmp_path / "plugins")])
    return {**os.environ, "PYTHONPATH": path, "GUARDRAIL_HOME": str(guardrail_home)}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guardrail", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def _policy(tmp_path: Path, backend: str, timeout_s: float, options: str = "{}") -> Path:
    path = tmp_path / f"{backend}.yaml"
    path.write_text(
        textwrap.dedent(f"""\
        name: hostile
        checks:
          similarity: {{enabled: false}}
          classifiers:
            - backend: {backend}
              options: {options}
              timeout_s: {timeout_s}
              categories: {{sexual: {{threshold: 0.5}}}}
        """)
    )
    return path


@pytest.mark.slow
def test_cli_check_and_mark_with_a_plugin_calling_os_exit_exit_1_and_write_nothing(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    photo = tmp_path / "coffee.png"
    IMG.save(photo)
    policy = _policy(tmp_path, "exit-now", 5)
    checked = _run(plugin_env, "check", str(photo), "--policy", str(policy), "--json")
    assert checked.returncode == 1, checked.stderr
    [entry] = json.loads(checked.stdout)
    assert entry["action"] == "could-not-check" and "exit-now: could not check" in entry["reasons"][0]
    assert "worker process died" in entry["reasons"][0]
    out = tmp_path / "out" / "marked.png"
    marked = _run(plugin_env, "mark", str(photo), "-o", str(out), "--policy", str(policy))
    assert marked.returncode == 1, marked.stderr
    assert f"{photo}: could-not-check" in marked.stderr and "worker process died" in marked.stderr
    assert not out.exists() and not out.parent.exists()  # checked before the output folder is made


def test_cli_check_withholds_a_gil_holding_plugin_at_its_timeout(plugin_env: dict[str, str], tmp_path: Path) -> None:
    photo = tmp_path / "coffee.png"
    IMG.save(photo)
    checked = _run(
        plugin_env, "check", str(photo), "--policy", str(_policy(tmp_path, "gil-regex", 1, "{n: 29}")), "--json"
    )
    assert checked.returncode == 1, checked.stderr
    [entry] = json.loads(checked.stdout)
    assert entry["action"] == "could-not-check" and "timed out after 1 s" in entry["reasons"][0]


@pytest.mark.slow  # imports torch for the generator and c2pa for the marker
def test_pipeline_withholds_an_image_whose_check_process_died(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from guardrail.pipeline import GuardedPipeline

    class PhotoModel:
        """Stands in for the diffusion model (this test is about the check): returns a real photo."""

        def __call__(self, **kwargs: object) -> SimpleNamespace:
            return SimpleNamespace(images=[IMG.resize((256, 256))])

    pipe = GuardedPipeline(PhotoModel(), policy=policy_with(_c("exit-now")), model_id="photo-model")
    result = pipe("a lighthouse", seed=3, save_to=tmp_path / "out")
    assert result.action == "withheld" and result.released == []
    [attempt] = result.attempts  # a check that could not run is not retried
    assert attempt.action == "withheld" and "worker process died" in attempt.verdict.classifiers[0].error
    assert not (tmp_path / "out").exists()


def _gone(pid: int) -> bool:
    """True once ``pid`` no longer runs (absent, or a zombie nobody reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] in "ZX"
    except (FileNotFoundError, ProcessLookupError):
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_worker_dies_with_a_killed_parent_even_mid_check(plugin_env: dict[str, str], tmp_path: Path) -> None:
    photo = tmp_path / "coffee.png"
    IMG.save(photo)
    pidfile = tmp_path / "worker.pid"
    policy = _policy(tmp_path, "gil-sleep", 600, f"{{seconds: 600, pidfile: '{pidfile}'}}")
    cli = subprocess.Popen(
        [sys.executable, "-m", "guardrail", "check", str(photo), "--policy", str(policy)],
        env=plugin_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(30000):  # until the worker is inside its 600 s C call (GIL held)
            if pidfile.exists() and pidfile.read_text():
                break
            time.sleep(0.01)
        worker_pid = int(pidfile.read_text())
        assert not _gone(worker_pid)
    finally:
        cli.kill()  # kill -9 of guardrail itself
        cli.wait()
    for _ in range(3000):
        if _gone(worker_pid):
            break
        time.sleep(0.01)
    assert _gone(worker_pid)  # not left running its check for 600 s


@pytest.mark.parametrize("backend", ["chatty", "chatty-built"])
def test_a_plugin_printing_to_stdout_cannot_corrupt_json_output(
    plugin_env: dict[str, str], tmp_path: Path, backend: str
) -> None:
    """chatty-built (red team): its constructor and categories() run in the CLI's process, where print() reached
    stdout before the JSON."""
    photo = tmp_path / "coffee.png"
    IMG.save(photo)
    checked = _run(plugin_env, "check", str(photo), "--policy", str(_policy(tmp_path, backend, 60)), "--json")
    assert checked.returncode == 0, checked.stderr
    [entry] = json.loads(checked.stdout)  # the plugin's line went to stderr
    assert entry["path"] == str(photo) and '[{"action": "pass"}]' in checked.stderr


def test_a_script_without_a_main_guard_is_not_run_again_by_the_worker(tmp_path: Path) -> None:
    runs = tmp_path / "runs.txt"
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(f"""\
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(HERE)!r}]
        with open({str(runs)!r}, "a") as fh:
            fh.write("ran\\n")
        import hostile_backends
        from check_helpers import policy_with
        from PIL import Image
        from guardrail.checks import BACKENDS, ImageChecker
        BACKENDS["clean"] = hostile_backends.Clean
        config = {{"backend": "clean", "categories": {{"sexual": {{"threshold": 0.5}}}}}}
        print(ImageChecker(policy_with(config)).check(Image.new("RGB", (32, 32))).action)
        """)
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "pass", done.stderr
    assert runs.read_text() == "ran\n"  # once: the worker imported the backend, not the script
