"""The group-commit writer: waiting writes share one transaction, each caller answered after its commit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from guardrail.audit import AuditLog
from guardrail.audit.group_commit import GroupCommitWriter
from guardrail.errors import StoreError

ROOT = Path(__file__).resolve().parents[2]


class GatedLog(AuditLog):
    """A real AuditLog whose first write waits for ``gate``, and which notes every batch it commits."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.batches: list[int] = []

    def log_request(self, record: Any) -> None:
        self.entered.set()
        self.gate.wait(30)
        super().log_request(record)

    def log_batch(self, entries: list[Any]) -> None:
        super().log_batch(entries)
        self.batches.append(len(entries))


def _wait_pending(writer: GroupCommitWriter, n: int) -> None:
    deadline = time.monotonic() + 30
    while len(writer._pending) < n:
        assert time.monotonic() < deadline, f"only {len(writer._pending)} of {n} writes queued"
        time.sleep(0.005)


def test_writes_waiting_behind_a_commit_share_the_next_one(tmp_path: Path, make_request, make_image) -> None:
    store = GatedLog(tmp_path / "audit.db")
    with GroupCommitWriter(store) as writer:
        first = writer.submit(make_request("r-0"))
        assert store.entered.wait(30)  # the writer thread is inside the first commit
        futures = [writer.submit(make_request(f"r-{i}"), [make_image(f"r-{i}")]) for i in range(1, 11)]
        futures.append(writer.submit(None, [make_image("r-0", index=1)]))
        _wait_pending(writer, 11)
        assert not any(f.done() for f in futures)  # nobody is answered before their commit
        store.gate.set()
        for future in [first, *futures]:
            assert future.result(30) is None
        assert store.batches == [11]  # the 11 waiting entries: one transaction, one sync
        assert (writer.commits, writer.entries) == (2, 12)
        assert len(writer.list_requests(limit=100)) == 11
        assert writer.get_request("r-0")[1][0].index == 1
        report = writer.verify()
    assert report.ok and report.records == 11 + 10 + 1


def test_a_bad_entry_fails_only_its_caller(tmp_path: Path, make_request) -> None:
    store = GatedLog(tmp_path / "audit.db")
    with GroupCommitWriter(store) as writer:
        writer.submit(make_request("blocker"))
        assert store.entered.wait(30)
        good = [writer.submit(make_request(f"g-{i}")) for i in range(3)]
        duplicate = writer.submit(make_request("g-1"))  # same request id: the batch fails, then each alone
        _wait_pending(writer, 4)
        store.gate.set()
        for future in good:
            assert future.result(30) is None
        with pytest.raises(StoreError, match="already in the audit log"):
            duplicate.result(30)
        assert store.batches == []  # the batch rolled back as a whole
        ids = {r.request_id for r in writer.list_requests(limit=10)}
        assert ids == {"blocker", "g-0", "g-1", "g-2"}
        assert writer.verify().ok


def test_a_waiter_that_gave_up_does_not_stop_the_writer(tmp_path: Path, make_request) -> None:
    store = GatedLog(tmp_path / "audit.db")
    with GroupCommitWriter(store) as writer:
        writer.submit(make_request("busy"))
        assert store.entered.wait(30)
        gave_up = writer.submit(make_request("timed-out"))
        assert gave_up.cancel()  # what asyncio.wait_for does to the wrapped future on a timeout
        store.gate.set()
        assert writer.submit(make_request("after")).result(30) is None  # the writer thread is alive
        ids = {r.request_id for r in writer.list_requests()}
    assert ids == {"busy", "timed-out", "after"}  # written all the same: more audit, never less


def test_concurrent_threads_all_land_in_one_valid_chain(tmp_path: Path, make_request, make_image) -> None:
    with GroupCommitWriter(AuditLog(tmp_path / "audit.db")) as writer:

        def work(t: int) -> None:
            for i in range(15):
                rid = f"t{t}-{i}"
                if i % 3:
                    writer.log_request(make_request(rid))
                else:
                    writer.log_request_with_images(make_request(rid), [make_image(rid), make_image(rid, index=1)])

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(work, range(8)))
        report = writer.verify()
        assert report.ok, report.first_break
        assert report.records == 8 * 15 + 8 * 5 * 2
        assert len(writer.list_requests(limit=1000)) == 8 * 15


def test_close_writes_what_is_queued_then_refuses(tmp_path: Path, make_request) -> None:
    store = GatedLog(tmp_path / "audit.db")
    writer = GroupCommitWriter(store)
    writer.submit(make_request("a"))
    assert store.entered.wait(30)
    queued = writer.submit(make_request("b"))
    closer = threading.Thread(target=writer.close)
    closer.start()
    store.gate.set()
    closer.join(30)
    assert queued.result(0) is None
    with pytest.raises(StoreError, match="closed"):
        writer.submit(make_request("c"))
    with AuditLog(tmp_path / "audit.db") as log:
        assert {r.request_id for r in log.list_requests()} == {"a", "b"}


def test_writes_to_a_store_without_log_batch_one_by_one(tmp_path: Path, make_request) -> None:
    class PlainStore:  # the AuditStore protocol only (as a server database backend would offer)
        def __init__(self) -> None:
            self.log = AuditLog(tmp_path / "audit.db")

        def log_request(self, record: Any) -> None:
            self.log.log_request(record)

        def close(self) -> None:
            self.log.close()

    with GroupCommitWriter(PlainStore()) as writer:  # type: ignore[arg-type]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: writer.log_request(make_request(f"p-{i}")), range(12)))
    with AuditLog(tmp_path / "audit.db") as log:
        assert len(log.list_requests(limit=100)) == 12 and log.verify().ok


_CHILD = textwrap.dedent(
    """
    import os, threading
    from guardrail.audit import AuditLog, RequestRecord
    from guardrail.audit.group_commit import GroupCommitWriter
    from guardrail.policy.schema import PolicyRef

    policy = PolicyRef(name="p", version="1", hash="ab" * 32)
    writer = GroupCommitWriter(AuditLog())
    lock = threading.Lock()
    threading.excepthook = lambda args: os._exit(3)  # a failing writer ends the process (no hang)

    def work(t):
        for i in range(100000):
            rid = f"t{t}-{i}"
            writer.log_request(RequestRecord(
                request_id=rid, operation="check", policy=policy, model_id="-", final_action="pass"
            ))
            with lock:  # acknowledged: durably committed
                print(rid, flush=True)

    for t in range(8):
        threading.Thread(target=work, args=(t,), daemon=True).start()
    threading.Event().wait()
    """
)


def test_kill_9_under_load_loses_no_acknowledged_write(temp_home: Path) -> None:
    env = dict(os.environ, GUARDRAIL_HOME=str(temp_home), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", _CHILD], env=env, stdout=subprocess.PIPE, text=True)
    acked = []
    assert proc.stdout is not None
    for line in proc.stdout:
        acked.append(line.strip())
        if len(acked) >= 300:
            break
    os.kill(proc.pid, signal.SIGKILL)
    acked += [line.strip() for line in proc.stdout]  # what was printed before the kill
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    with AuditLog() as log:
        report = log.verify()
        stored = {r.request_id for r in log.list_requests(limit=100000)}
    assert report.ok, report.first_break
    assert set(acked) <= stored
    assert report.records == len(stored) >= 300
