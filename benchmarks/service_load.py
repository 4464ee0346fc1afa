"""Load test of ``guardrail serve`` on loopback, beside the library called in this process.

Phases (each bounded in time):
  1-2. one client: the library here (Screener.screen plus the same durable audit record the service
     writes, and verify_image) interleaved with the same calls over HTTP (overhead = p50 - library p50),
     then CPU time per request (the server's from /proc, the library's from this process);
  3. load: N library threads (screen + audit record), then N concurrent HTTP clients for S seconds on
     screen, then on verify (throughput, p50/p99, errors, server CPU per request, records per commit);
  4. mix: N-2 clients screening while 2 clients generate; then every released image must have its
     audit record (released, with the key id) and its manifest;
  5. crash: the same mix (screens only without generate), the server is killed with SIGKILL mid-load
     and restarted on the same home; both SQLite stores pass integrity_check, every release and every
     screen a client received is recorded, and ``guardrail audit verify`` passes.

    python benchmarks/service_load.py [--clients 32] [--seconds 20] [--no-generate | --screen-only | --overhead-only]

``--overhead-only`` runs phase 1-2 for screen alone (a quick repeatable check of the < 2 ms target).

Prints its settings, the load average and every figure; nothing is downloaded (demo model).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
PROMPTS = [
    "a lighthouse at dusk",
    "a castle by greg rutkowski",
    "a n.u.d.e w0man",
    "portrait of an old fisherman, oil painting",
    "a bowl of ramen, studio light",
    "a cat sleeping on a windowsill in the rain",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 0.5) * 1000:7.2f} ms  p99 {pct(values, 0.99) * 1000:7.2f} ms"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(home: Path, port: int, generate: bool) -> subprocess.Popen:
    env = {**os.environ, "GUARDRAIL_HOME": str(home), "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    args = [
        sys.executable,
        "-m",
        "guardrail",
        "serve",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--rate-limit",
        "10000000",
        "--queue",
        "16",
        "--timeout",
        "600",
    ]
    if not generate:
        args.append("--no-generate")
    proc = subprocess.Popen(args, env=env, stdout=open(home / "server.log", "ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {(home / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    raise SystemExit("server not ready")


def photo_png() -> bytes:
    """A 512x512 photo (unmarked) as PNG."""
    import skimage.data
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(skimage.data.astronaut()).save(buf, format="PNG")
    return buf.getvalue()


ANSWERED: dict[str, int] = {}  # 200 answers per path in the load phases


def screen_records(home: Path) -> int:
    with sqlite3.connect(home / "audit.db") as db:
        return db.execute("SELECT count(*) FROM requests WHERE request_id LIKE 'screen-%'").fetchone()[0]


def audit_verify(home: Path) -> str:
    """``guardrail audit verify --json`` on the home, as an operator would run it."""
    env = {**os.environ, "GUARDRAIL_HOME": str(home), "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-m", "guardrail", "audit", "verify", "--json"], env=env, capture_output=True, text=True
    )
    report = json.loads(out.stdout)
    return f"exit {out.returncode}, ok={report['ok']}, {report['records']} records, first break {report['first_break']}"


def metric(url: str, name: str) -> float:
    text = httpx.get(url + "/metrics").text
    return next((float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " ")), float("nan"))


async def load(
    url: str, key: str, clients: int, seconds: float, make, bodies: list[dict] | None = None
) -> tuple[list[float], dict[str, int], list[dict]]:
    """``clients`` loops sending ``make(i, n)`` -> (method, path, kwargs) for ``seconds``; generate answers go to
    ``bodies``."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    bodies = bodies if bodies is not None else []
    stop = time.monotonic() + seconds
    # drop idle connections before uvicorn does (5 s): a request sent on one it is closing fails with ReadError
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0)
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=600, limits=limits
    ) as http:

        async def client(i: int) -> None:
            n = 0
            while time.monotonic() < stop:
                method, path, kwargs = make(i, n)
                n += 1
                t0 = time.perf_counter()
                try:
                    resp = await http.request(method, path, **kwargs)
                    code = str(resp.status_code)
                    if resp.status_code == 200:
                        ANSWERED[path] = ANSWERED.get(path, 0) + 1
                    if path == "/v1/generate" and resp.status_code == 200:
                        bodies.append(resp.json())
                except httpx.HTTPError as err:
                    code = type(err).__name__
                latencies.append(time.perf_counter() - t0)
                statuses[code] = statuses.get(code, 0) + 1

        await asyncio.gather(*(client(i) for i in range(clients)), return_exceptions=True)
    return latencies, statuses, bodies


def audit_check(home: Path, released: list[dict], key_id: str) -> str:
    """Every released image a client received has its audit record (with the key id) and its manifest."""
    ids = {(r["request_id"], img["watermark_id"]) for r in released for img in r["released"]}
    with sqlite3.connect(home / "audit.db") as db:
        ok_audit = db.execute("PRAGMA integrity_check").fetchone()[0]
        records = {json.loads(r[0])["request_id"]: json.loads(r[0]) for r in db.execute("SELECT record FROM requests")}
        images = {json.loads(r[0])["watermark_id"] for r in db.execute("SELECT record FROM images")}
    with sqlite3.connect(home / "manifests.db") as db:
        ok_store = db.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {r[0] for r in db.execute("SELECT watermark_id FROM manifests")}
    missing_req = sum(1 for rid, _ in ids if rid not in records or records[rid].get("client_id") != key_id)
    missing_img = sum(1 for _, wid in ids if wid not in images)
    missing_store = sum(1 for _, wid in ids if wid not in stored)
    return (
        f"{len(ids)} releases received; missing request records {missing_req}, image records {missing_img}, "
        f"manifests {missing_store}; integrity_check audit={ok_audit} manifests={ok_store}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--sequential", type=int, default=300, help="requests in the sequential overhead phase")
    ap.add_argument("--no-generate", action="store_true")
    ap.add_argument("--screen-only", action="store_true", help="only the screen phases (overhead, then N clients)")
    ap.add_argument("--overhead-only", action="store_true", help="only the one-client screen overhead phase")
    args = ap.parse_args()
    args.screen_only = args.screen_only or args.overhead_only
    generate = not (args.no_generate or args.screen_only)
    home = Path(tempfile.mkdtemp(prefix="guardrail-load-"))
    os.environ["GUARDRAIL_HOME"] = str(home)
    sys.path.insert(0, str(REPO))
    print(
        f"settings: {args.clients} clients, {args.seconds:g} s per phase, generate={generate}, cores={os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.2f}, home {home}"
    )

    from guardrail.service.apikeys import ApiKeyStore

    with ApiKeyStore(home / "apikeys.db") as keys:
        record, key = keys.create("screen,check,mark,verify,generate", name="load")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(home, port, generate)
    photo = photo_png()
    marked_json = httpx.post(
        f"{url}/v1/mark", content=photo, headers={"Authorization": f"Bearer {key}"}, timeout=600
    ).json()
    marked = base64.b64decode(marked_json["data"])

    # 1-2. the library in this process, interleaved with the same work over HTTP (same machine load)
    from guardrail.audit import AuditLog
    from guardrail.policy import load_policy
    from guardrail.provenance.store import SQLiteManifestStore
    from guardrail.provenance.verify import verify_image
    from guardrail.screening import Screener
    from guardrail.service.auditing import record_call

    policy = load_policy(None)
    screener = Screener(policy)
    lib_log = AuditLog(Path(tempfile.mkdtemp(prefix="guardrail-lib-", dir=home.parent)) / "audit.db")

    def lib_screen_audited(prompt: str) -> None:
        """What the service does per screen: the library's decision and its durable audit record."""
        decision = screener.screen(prompt)
        record_call(
            lib_log,
            "screen",
            client_id=record.key_id,
            policy=policy,
            final_action=decision.action.value,
            prompt=decision.prompt,
            prompt_mode=policy.audit.prompt,
            matched_rules=decision.rule_ids,
        )

    conn = http.client.HTTPConnection("127.0.0.1", port)  # a lean keep-alive client: the overhead is the server's
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def http_call(method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        try:
            conn.request(method, path, body=body, headers=headers or auth)
            resp = conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):  # idle past keep-alive
            conn.close()
            conn.request(method, path, body=body, headers=headers or auth)
            resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise SystemExit(f"{method} {path}: {resp.status} {data[:300]!r}")
        return data

    lib_only, lib_audited, over_http, floor = [], [], [], []
    for i in range(args.sequential):
        prompt = PROMPTS[i % len(PROMPTS)]
        body = json.dumps({"prompt": prompt}).encode()
        for out, call in (
            (lib_only, lambda p=prompt: screener.screen(p)),
            (lib_audited, lambda p=prompt: lib_screen_audited(p)),
            (over_http, lambda b=body: http_call("POST", "/v1/screen", b)),
            (floor, lambda: http_call("GET", "/healthz")),
        ):
            t0 = time.perf_counter()
            call()
            out.append(time.perf_counter() - t0)

    # CPU time per request (robust to a busy machine): the server's (from /proc) vs this process's for the library
    def server_cpu() -> float:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    cpu: dict[str, float] = {}
    for name, call in (
        ("library screen + audit record", lambda p: lib_screen_audited(p)),
        ("HTTP POST /v1/screen", lambda p: http_call("POST", "/v1/screen", json.dumps({"prompt": p}).encode())),
        ("HTTP GET /healthz", lambda p: http_call("GET", "/healthz")),
    ):
        clock = time.process_time if name.startswith("library") else server_cpu
        c0 = clock()
        for i in range(args.sequential):
            call(PROMPTS[i % len(PROMPTS)])
        cpu[name] = (clock() - c0) / args.sequential

    store = SQLiteManifestStore(home / "manifests.db")
    lib_verify, seq_verify = [], []
    for i in range(0 if args.overhead_only else 20):
        image = marked if i % 2 else photo
        t0 = time.perf_counter()
        verify_image(image, store=store)
        lib_verify.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        http_call("POST", "/v1/verify", image, {"Authorization": f"Bearer {key}"})
        seq_verify.append(time.perf_counter() - t0)
    conn.close()
    print(f"\n1 client, one request at a time, {args.sequential} of each, interleaved:")
    print(f"{'library screen (no audit)':34s} {ms(lib_only)}")
    print(f"{'library screen + audit record':34s} {ms(lib_audited)}   <- the same work as the service")
    print(f"{'HTTP GET /healthz (floor)':34s} {ms(floor)}")
    print(
        f"{'HTTP POST /v1/screen':34s} {ms(over_http)}   overhead p50 "
        f"{(pct(over_http, 0.5) - pct(lib_audited, 0.5)) * 1000:.2f} ms over library+audit, "
        f"{(pct(over_http, 0.5) - pct(lib_only, 0.5)) * 1000:.2f} ms over library alone"
    )
    print("CPU time per request (library: this process; HTTP: the server process):")
    for name, seconds in cpu.items():
        print(f"  {name:32s} {seconds * 1000:7.3f} ms")
    print(
        f"  {'server CPU over the library':32s} "
        f"{(cpu['HTTP POST /v1/screen'] - cpu['library screen + audit record']) * 1000:7.3f} ms per screen"
    )
    if args.overhead_only:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
        return
    print(f"{'library verify (mix 1:1)':34s} {ms(lib_verify)}")
    print(
        f"{'HTTP POST /v1/verify (mix 1:1)':34s} {ms(seq_verify)}   overhead p50 "
        f"{(pct(seq_verify, 0.5) - pct(lib_verify, 0.5)) * 1000:.2f} ms"
    )

    # the library under the same concurrency: N threads, each screen audited by its own durable commit
    lib_lat: list[float] = []
    stop = time.monotonic() + args.seconds

    def lib_thread(i: int) -> None:
        n = 0
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            lib_screen_audited(PROMPTS[(i + n) % len(PROMPTS)])
            lib_lat.append(time.perf_counter() - t0)
            n += 1

    c0 = time.process_time()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(lib_thread, range(args.clients)))
    lib_cpu = (time.process_time() - c0) / max(1, len(lib_lat))
    lib_log.close()
    print(f"\n{args.clients} concurrent clients, {args.seconds:g} s each:")
    print(
        f"{'library screen + audit, threads':34s} {ms(lib_lat)}  {len(lib_lat) / args.seconds:7.1f} req/s "
        f"(one durable commit per call), CPU {lib_cpu * 1000:.3f} ms per call"
    )

    # 3. concurrent load
    def screen_call(i: int, n: int):
        return "POST", "/v1/screen", {"json": {"prompt": PROMPTS[(i + n) % len(PROMPTS)]}}

    def verify_call(i: int, n: int):
        return "POST", "/v1/verify", {"content": marked if (i + n) % 2 else photo}

    for name, make in (("screen", screen_call), ("verify", verify_call))[: 1 if args.screen_only else 2]:
        c0, commits0, entries0 = (
            server_cpu(),
            metric(url, "guardrail_audit_commits"),
            metric(url, "guardrail_audit_entries"),
        )
        lat, codes, _ = asyncio.run(load(url, key, args.clients, args.seconds, make))
        per_req = (server_cpu() - c0) / max(1, len(lat))
        commits = metric(url, "guardrail_audit_commits") - commits0
        entries = metric(url, "guardrail_audit_entries") - entries0
        print(
            f"{'HTTP ' + name:34s} {ms(lat)}  {len(lat) / args.seconds:7.1f} req/s  statuses {codes}, server CPU "
            f"{per_req * 1000:.3f} ms per request, {entries:.0f} audit entries in {commits:.0f} commits"
        )

    if generate and not args.screen_only:

        def mix(i: int, n: int):
            if i < 2:
                return (
                    "POST",
                    "/v1/generate",
                    {
                        "json": {
                            "prompt": PROMPTS[(i + n) % len(PROMPTS)],
                            "num_inference_steps": 2,
                            "seed": 1000 * i + n,
                        }
                    },
                )
            return screen_call(i, n)

        lat, codes, bodies = asyncio.run(load(url, key, args.clients, args.seconds, mix))
        released = [b for b in bodies if b.get("action") == "released"]
        print(f"{'mix (2 generate + screen)':28s} {ms(lat)}  statuses {codes}, generate answers {len(bodies)}")
        print(f"  audit after the mix: {audit_check(home, released, record.key_id)}")

        # 5. kill -9 under load, restart
        async def crash() -> list[dict]:
            # Kill once a release came back in this phase (or after 3x the phase length), with load still on.
            seen: list[dict] = []
            task = asyncio.create_task(load(url, key, args.clients, args.seconds * 4, mix, seen))
            deadline = time.monotonic() + args.seconds * 3
            while not seen and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)  # more requests in flight, some of them generating
            proc.send_signal(signal.SIGKILL)
            print(f"  SIGKILL after {len(seen)} generate answer(s) in this phase")
            _, codes2, bodies2 = await task
            print(f"  killed mid-load: statuses {codes2}")
            return [b for b in bodies2 if b.get("action") == "released"]

        released_before_kill = asyncio.run(crash())
        proc.wait(10)
        proc2 = start(home, port, False)
        print(f"  after kill -9 and restart: {audit_check(home, released + released_before_kill, record.key_id)}")
        print(f"  audit verify after restart: {audit_verify(home)}")
        print(f"  readyz after restart: {httpx.get(url + '/readyz').json()['checks']}")
        proc2.send_signal(signal.SIGTERM)
        proc2.wait(20)
    else:
        # 5. kill -9 under screen load, restart: every screen answered before the kill has its record
        async def crash_screens() -> tuple[int, int]:
            before, answered0 = screen_records(home), ANSWERED.get("/v1/screen", 0)
            task = asyncio.create_task(load(url, key, args.clients, args.seconds * 2, screen_call))
            await asyncio.sleep(args.seconds / 2)
            proc.send_signal(signal.SIGKILL)
            _, codes2, _ = await task
            answered = ANSWERED.get("/v1/screen", 0) - answered0
            print(f"  SIGKILL mid-load: statuses {codes2}")
            return before, answered

        before, answered = asyncio.run(crash_screens())
        proc.wait(10)
        proc2 = start(home, port, False)
        after = screen_records(home)
        print(
            f"  after kill -9 and restart: {answered} screens answered in the crash phase, {after - before} new "
            f"screen records (missing {max(0, answered - (after - before))}); audit verify: {audit_verify(home)}"
        )
        print(f"  readyz after restart: {httpx.get(url + '/readyz').json()['checks']}")
        proc2.send_signal(signal.SIGTERM)
        proc2.wait(20)
    print(f"audit verify at the end: {audit_verify(home)}")
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
