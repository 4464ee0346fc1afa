"""Concurrent writers (threads and processes) lose no record."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from guardrail.audit import AuditLog

THREADS = 8
PER_THREAD = 50


def test_concurrent_threads_lose_nothing(log: AuditLog, make_request: Any, make_image: Any) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def writer(t: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                request_id = f"t{t}-{i}"
                log.log_request(make_request(request_id))
                log.log_image(make_image(request_id, 0, 1))
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    requests = log.list_requests(limit=10_000)
    assert len(requests) == THREADS * PER_THREAD
    assert {r.request_id for r in requests} == {f"t{t}-{i}" for t in range(THREADS) for i in range(PER_THREAD)}
    assert all(len(log.get_request(f"t{t}-0")[1]) == 1 for t in range(THREADS))


_CHILD = """
import sys
from guardrail.audit import AuditLog, ImageRecord, RequestRecord
from guardrail.policy.schema import PolicyRef

path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
policy = PolicyRef(name="default", version="3", hash="ab" * 32)
with AuditLog(path) as audit:
    for i in range(count):
        rid = f"{prefix}-{i}"
        audit.log_request(RequestRecord.for_prompt(
            "a cat", request_id=rid, policy=policy, model_id="demo", prompt_action="allow",
            final_action="released", attempts=1))
        audit.log_image(ImageRecord(request_id=rid, index=0, attempt=1, action="released"))
"""


def test_concurrent_processes_and_threads_lose_nothing(log: AuditLog, make_request: Any) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(log.path), f"p{n}", "100"]) for n in range(2)]
    for i in range(100):  # this process writes at the same time
        log.log_request(make_request(f"main-{i}"))
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    ids = {r.request_id for r in log.list_requests(limit=10_000)}
    expected = {f"{p}-{i}" for p in ("p0", "p1", "main") for i in range(100)}
    assert ids == expected
    assert len(log.get_request("p1-99")[1]) == 1
