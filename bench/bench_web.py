"""The cabinet's dashboard under load: an evaluation with N imported calls (the Anonymous Bank month
replicated with shifted dates, imported through the core importer), served by uvicorn on 127.0.0.1 in its
own process. Target: p95 under 200 ms with 50 concurrent users for the dashboard fragment every open tab polls.

Measurements:
- ``dashboard_cached``: closed loop, 50 connections, no think time (each connection sends its next request
  as soon as the answer arrives), driven by ``wrk`` (a C load tool, Debian package ``wrk``) for a fixed time;
  the Python asyncio client with a fixed request count when wrk is absent (``tool`` says which ran; that
  client costs the server a large share of the 2 cores). Besides the latencies: the server process's CPU
  milliseconds per request (utime + stime from /proc), the number that stays meaningful on a loaded machine.
- ``open_loop_realistic``: 50 users each polling every ``OPEN_LOOP_INTERVAL_S`` (the page's own htmx
  interval is read from its template and reported; the one used here is shorter, so harsher) with random
  phases for ``OPEN_LOOP_S`` seconds; each user's requests are sent on schedule whether or not the previous
  one came back, so a slow server cannot slow the offered load down.

Peers in the same run: (0) the same cached dashboard served by 2 worker processes (``callscout serve
--workers 2``), CPU summed over the workers; (1) the same cached dashboard on uvicorn's pure-Python stack
(h11 + asyncio) instead of httptools + uvloop, same tool and duration: the stack's share of the CPU per
request; (2) the same server with the KPI result cache switched off (``CALLSCOUT_KPI_CACHE=0``: each
request computes the KPIs, SLA breaches and charts' data from the calls), a fixed count of requests under
the same concurrency (Python client: its own cost is negligible next to such requests); (3) the same KPIs
computed once by the CLI path (``kpi.report`` on a fresh connection), the floor of any uncached request.

Size: ``CALLSCOUT_BENCH_WEB_CALLS`` (default 1 000 000); ``CALLSCOUT_BENCH_WEB_SECONDS`` (default 20): the
closed-loop duration.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.bench_calls import BANK_ROWS, generate

DEFAULT_CALLS = 1_000_000
DEFAULT_SECONDS = 20
PEER_STACK_SECONDS = 10
USERS = 50
PYTHON_CLIENT_REQUESTS = 3000
PEER_REQUESTS = 100
TIME_LIMIT_S = 60.0
REQUEST_TIMEOUT_S = 90.0
OPEN_LOOP_INTERVAL_S = 5.0
OPEN_LOOP_S = 30.0
VENDOR = "Банк"
# What Chromium and Firefox send; the cabinet answers its cached fragments gzipped to them.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"
ROOT = Path(__file__).resolve().parents[1]
CALLS_TEMPLATE = ROOT / "src" / "callscout" / "web" / "templates" / "calls.html"

# One worker: the app object; several: uvicorn's own supervisor, each worker building the app from the
# store named by CALLSCOUT_DATABASE_URL, as ``callscout serve --workers N`` does.
SERVER = r"""
import sys, uvicorn
from callscout.store import Store
from callscout.web import create_app
url, port, loop, http, workers = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
settings = dict(host="127.0.0.1", port=port, log_level="warning", access_log=False, loop=loop, http=http)
if workers == 1:
    uvicorn.run(create_app(Store(url)), **settings)
else:
    Store(url).close()
    uvicorn.run("callscout.web:create_app", factory=True, workers=workers, **settings)
"""

# wrk's per-thread Lua states are summed in done(): any answer but 200 (a 303 to sign-in included) is an error.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "not_200": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, bad, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _template_interval_s() -> float | None:
    found = re.search(r'id="dashboard"[^>]*hx-trigger="every (\d+)s"', CALLS_TEMPLATE.read_text(encoding="utf-8"))
    return float(found.group(1)) if found else None


def _fast_stack() -> tuple[str, str]:
    """uvicorn's C-backed loop and HTTP parser when installed (``uvicorn[standard]``), else its defaults."""
    try:
        import httptools  # noqa: F401
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio", "h11"
    return "uvloop", "httptools"


def _prepare(folder: Path, calls: int) -> tuple[str, int, dict[str, Any]]:
    from callscout import accounts
    from callscout.accounts import Role
    from callscout.calls import kpi
    from callscout.calls.storage import CallStore
    from callscout.model.vendor import SlaTerms
    from callscout.store import Store
    from callscout.store.ownership import vendor_ref
    from callscout.workspace import add_vendor, new_evaluation

    source = folder / "bank-replicated.tsv"
    started = time.perf_counter()
    generate(source, calls)
    url = f"sqlite:///{folder / 'bench.db'}"
    store = Store(url)
    call_store = CallStore(store)
    evaluation = add_vendor(new_evaluation("Нагрузка", 100_000, "orders"), {"name": VENDOR})
    vendor = evaluation.vendor(VENDOR)
    vendor.sla = SlaTerms(service_level_percent=80, service_level_seconds=20, max_abandon_rate=0.05, max_asa_s=30)
    evaluation_id = store.save_evaluation(evaluation)
    owner = vendor_ref(store, evaluation_id, VENDOR)
    imported = call_store.import_file(source, evaluation_id=evaluation_id, vendor_id=owner.id)
    source.unlink()
    import_s = time.perf_counter() - started
    user = accounts.create_user(store, "bench", "bench password")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    # The CLI path: the same report computed once from the calls, on a fresh connection.
    cli_s = []
    for _ in range(3):
        begun = time.perf_counter()
        with call_store.reader(evaluation_id, [owner.id]) as connection:
            kpi.report(connection, kpi.KpiSettings(), vendors=[VENDOR], by=["hour_of_day", "day", "agent"])
        cli_s.append(time.perf_counter() - begun)
    store.close()
    return url, evaluation_id, {"rows": imported.rows, "generate_and_import_s": round(import_s, 2), "cli_s": cli_s}


class Server:
    """The cabinet in its own process; its CPU time is read from /proc around each measurement."""

    def __init__(self, url: str, folder: Path, *, cache: bool, stack: tuple[str, str], workers: int = 1) -> None:
        self.port = _free_port()
        self.workers = workers
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "CALLSCOUT_HOME": str(folder),
            "CALLSCOUT_KPI_CACHE": "1" if cache else "0",
            "CALLSCOUT_DATABASE_URL": url,
        }
        self.log_path = folder / f"server-{self.port}.log"
        log = self.log_path.open("w")
        command = [sys.executable, "-c", SERVER, url, str(self.port), *stack, str(workers)]
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
                if workers == 1 or len(self._processes()) > workers:
                    return
                time.sleep(0.1)
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the cabinet did not start: {self.log_tail()}") from None
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the cabinet did not start in 60 s")

    def _processes(self) -> list[int]:
        """The server's process and its workers (uvicorn's supervisor starts them as its children)."""
        found, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            found.append(pid)
            children = Path(f"/proc/{pid}/task/{pid}/children")
            try:
                pending.extend(int(child) for child in children.read_text().split())
            except OSError:
                continue
        return found

    def cpu_s(self) -> float:
        total = 0
        for pid in self._processes():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # Fields 14 and 15 of stat(5) (utime, stime), counted after the ")" that ends the command name.
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-1500:] if self.log_path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _sign_in(base: str, path: str, workers: int = 1) -> str:
    """The session cookie of the bench user, after checking that the dashboard answers with its KPIs."""
    import httpx

    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
        signed = client.post("/login", data={"login": "bench", "password": "bench password", "next": "/"})
        if signed.status_code != 303:
            raise RuntimeError(f"sign-in failed: {signed.status_code}")
        first = client.get(path)
        if first.status_code != 200 or 'data-kpi="offered"' not in first.text:
            raise RuntimeError(f"dashboard answered {first.status_code}: {first.text[:300]}")
        cookie = client.cookies["callscout_session"]
    # Each worker process keeps its own result cache: new connections, spread by the kernel over the workers,
    # fill them before the measurement.
    for _ in range(4 * workers if workers > 1 else 0):
        httpx.get(base + path, cookies={"callscout_session": cookie}, timeout=REQUEST_TIMEOUT_S)
    return cookie


def _wrk(
    base: str, path: str, cookie: str, seconds: int, folder: Path, accept_encoding: str = BROWSER_ACCEPT_ENCODING
) -> dict[str, Any]:
    script = folder / "report.lua"
    script.write_text(WRK_SCRIPT)
    command = [
        "wrk",
        "-t2",
        f"-c{USERS}",
        f"-d{seconds}s",
        "--timeout",
        f"{int(REQUEST_TIMEOUT_S)}s",
        "-s",
        str(script),
        "-H",
        f"Cookie: callscout_session={cookie}",
        "-H",
        f"Accept-Encoding: {accept_encoding}",
        base + path,
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, check=False)
    line = next((row for row in finished.stdout.splitlines() if row.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {finished.stdout[-500:]} {finished.stderr[-500:]}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    elapsed = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "errors": raw["not_200"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"],
        "timeouts": raw["timeouts"],
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "mean_ms": round(raw["mean_us"] / 1000, 1),
        "requests_per_s": round(raw["requests"] / elapsed, 1),
        "seconds": round(elapsed, 2),
    }


def _summary(latencies: list[float], elapsed: float) -> dict[str, Any]:
    latencies = sorted(latencies)

    def quantile(share: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "p50_ms": quantile(0.50),
        "p90_ms": quantile(0.90),
        "p95_ms": quantile(0.95),
        "p99_ms": quantile(0.99),
        "max_ms": round(1000 * latencies[-1], 1),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "seconds": round(elapsed, 2),
    }


class Tally:
    """Latencies and failures of the Python client's requests."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.timeouts = 0
        self.stale = 0  # answers that were a tab's previous view while a miss was computed (X-CallScout-Stale)

    async def get(self, client: Any, path: str) -> None:
        import httpx

        begun = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.TimeoutException:
            # Counted at the timeout: the latency is at least that.
            self.timeouts += 1
            self.latencies.append(time.perf_counter() - begun)
            return
        except httpx.TransportError:
            self.errors += 1
            return
        self.latencies.append(time.perf_counter() - begun)
        if response.status_code != 200:
            self.errors += 1
        self.stale += response.headers.get("x-callscout-stale") == "1"

    def summary(self, elapsed: float) -> dict[str, Any]:
        return {
            **_summary(self.latencies, elapsed),
            "errors": self.errors,
            "timeouts": self.timeouts,
            "stale_answers": self.stale,
        }


def _client(base: str, cookie: str, connections: int) -> Any:
    import httpx

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=USERS)
    cookies = {"callscout_session": cookie}
    return httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S, cookies=cookies)


async def _closed_loop(base: str, path: str, cookie: str, requests: int, limit_s: float) -> dict[str, Any]:
    """The fallback client: USERS connections, each sending its next request when the answer arrives."""
    tally = Tally()
    async with _client(base, cookie, USERS) as client:
        remaining = requests
        deadline = time.perf_counter() + limit_s

        async def user() -> None:
            nonlocal remaining
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                await tally.get(client, path)

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(USERS)))
        elapsed = time.perf_counter() - started
    return {**tally.summary(elapsed), "stopped_by_time_limit": len(tally.latencies) < requests}


async def _open_loop(base: str, path: str, cookie: str, interval_s: float, seconds: float) -> dict[str, Any]:
    """USERS tabs, each polling every ``interval_s`` from a random phase, on schedule: a request is sent at
    its time even while the previous one of the same tab is still waiting."""
    tally = Tally()
    rng = random.Random(9)
    async with _client(base, cookie, 4 * USERS) as client:

        async def tab(phase: float) -> None:
            sent: list[asyncio.Task[None]] = []
            due = started + phase
            while due < started + seconds:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                sent.append(asyncio.create_task(tally.get(client, path)))
                due += interval_s
            await asyncio.gather(*sent)

        started = time.perf_counter()
        await asyncio.gather(*(tab(rng.uniform(0, interval_s)) for _ in range(USERS)))
        elapsed = time.perf_counter() - started
    return tally.summary(elapsed)


def _measure(server: Server, run: Any) -> dict[str, Any]:
    cpu_before = server.cpu_s()
    result = run()
    cpu_s = server.cpu_s() - cpu_before
    result["server_cpu_s"] = round(cpu_s, 2)
    result["server_cpu_ms_per_request"] = round(1000 * cpu_s / max(1, result["requests"]), 3)
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    result["server_alive"] = server.process.poll() is None
    if not result["server_alive"] or result["errors"]:
        result["server_log_tail"] = server.log_tail()
    return result


def _cached_closed_loop(server: Server, path: str, cookie: str, folder: Path, seconds: int) -> dict[str, Any]:
    if shutil.which("wrk"):
        result = _measure(server, lambda: _wrk(server.base, path, cookie, seconds, folder))
        return {"tool": "wrk (C, 2 threads)", **result}
    result = _measure(
        server, lambda: asyncio.run(_closed_loop(server.base, path, cookie, PYTHON_CLIENT_REQUESTS, TIME_LIMIT_S))
    )
    return {"tool": "python httpx asyncio client (wrk not installed)", **result}


IMPORT_CHUNK_CALLS = 20_000
IMPORT_EVERY_S = 3.0


def _chunks(folder: Path, stored: int, count: int) -> list[Path]:
    """``count`` files of calls the store does not hold yet, in the bank layout (the duplicate check rejects
    a re-import): the replicated month continued past the ``stored`` calls, cut into chunks."""
    # Whole replicas only: within one replica the generator's row order is not fixed.
    skipped = -(-stored // BANK_ROWS) * BANK_ROWS
    source = folder / "chunks.tsv"
    generate(source, skipped + IMPORT_CHUNK_CALLS * count)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1 + skipped :]
    files = []
    for index in range(count):
        chunk = rows[len(rows) - (index + 1) * IMPORT_CHUNK_CALLS : len(rows) - index * IMPORT_CHUNK_CALLS]
        path = folder / f"chunk-{index}.tsv"
        path.write_text(header + "".join(chunk), encoding="utf-8")
        files.append(path)
    source.unlink()
    return files


def _during_imports(server: Server, url: str, path: str, cookie: str, files: list[Path]) -> dict[str, Any]:
    """50 tabs polling (open loop) while imports land every few seconds: each import moves the manifest, so
    every tab's next request misses the cache at once; the miss is computed once for all of them (single
    flight). Then the cost of one miss alone: an import, then one request."""
    import threading

    import httpx

    from callscout.calls.storage import CallStore
    from callscout.store import Store
    from callscout.store.ownership import resolve_evaluation, vendor_ref

    store = Store(url)
    calls = CallStore(store)
    evaluation_id = resolve_evaluation(store, "Нагрузка")[0]
    owner = {"evaluation_id": evaluation_id, "vendor_id": vendor_ref(store, evaluation_id, VENDOR).id}
    pending = list(files)
    stop = threading.Event()
    imported: list[float] = []

    def importer() -> None:
        while pending[1:] and not stop.wait(IMPORT_EVERY_S):
            begun = time.perf_counter()
            calls.import_file(pending.pop(), **owner)
            imported.append(time.perf_counter() - begun)

    thread = threading.Thread(target=importer, name="bench-importer")
    thread.start()
    try:
        polled = _measure(
            server, lambda: asyncio.run(_open_loop(server.base, path, cookie, OPEN_LOOP_INTERVAL_S, OPEN_LOOP_S))
        )
    finally:
        stop.set()
        thread.join()
    misses = []
    with httpx.Client(base_url=server.base, cookies={"callscout_session": cookie}, timeout=REQUEST_TIMEOUT_S) as client:
        client.get(path)
        for _ in range(min(3, len(pending))):
            calls.import_file(pending.pop(), **owner)
            begun = time.perf_counter()
            assert client.get(path).status_code == 200
            misses.append(time.perf_counter() - begun)
    store.close()
    return {
        "mode": f"open loop as open_loop_realistic, an import of {IMPORT_CHUNK_CALLS} calls every {IMPORT_EVERY_S:g} s",
        "imports_during_polling": len(imported),
        "import_s": [round(value, 2) for value in imported],
        **polled,
        "p95_target_ms": 1000,
        "dashboard_cache_miss_ms": [round(1000 * value, 1) for value in misses],
        "cache_miss_target_ms": 500,
    }


def run(calls: int | None = None) -> dict[str, Any]:
    calls = calls or int(os.environ.get("CALLSCOUT_BENCH_WEB_CALLS", DEFAULT_CALLS))
    seconds = int(os.environ.get("CALLSCOUT_BENCH_WEB_SECONDS", DEFAULT_SECONDS))
    load_before = os.getloadavg()
    stack = _fast_stack()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as name:
        folder = Path(name)
        url, evaluation_id, prepared = _prepare(folder, calls)
        dashboard = f"/e/{evaluation_id}/calls/dashboard?vendor={quote(VENDOR)}"

        server = Server(url, folder, cache=True, stack=stack)
        try:
            cookie = _sign_in(server.base, dashboard)
            cached = _cached_closed_loop(server, dashboard, cookie, folder, seconds)
            open_loop = _measure(
                server,
                lambda: asyncio.run(_open_loop(server.base, dashboard, cookie, OPEN_LOOP_INTERVAL_S, OPEN_LOOP_S)),
            )
        finally:
            server.stop()

        slow_stack = ("asyncio", "h11")
        stack_peer: dict[str, Any] | None = None
        if stack != slow_stack:
            server = Server(url, folder, cache=True, stack=slow_stack)
            try:
                cookie = _sign_in(server.base, dashboard)
                stack_peer = _cached_closed_loop(server, dashboard, cookie, folder, PEER_STACK_SECONDS)
            finally:
                server.stop()

        server = Server(url, folder, cache=True, stack=stack, workers=2)
        try:
            cookie = _sign_in(server.base, dashboard, workers=2)
            two_workers = _cached_closed_loop(server, dashboard, cookie, folder, PEER_STACK_SECONDS)
        finally:
            server.stop()

        server = Server(url, folder, cache=False, stack=stack)
        try:
            cookie = _sign_in(server.base, dashboard)
            uncached = _measure(
                server, lambda: asyncio.run(_closed_loop(server.base, dashboard, cookie, PEER_REQUESTS, TIME_LIMIT_S))
            )
            uncached["tool"] = "python httpx asyncio client (fixed request count)"
        finally:
            server.stop()

        # Last: the imports add calls, and the measurements above compare the same data.
        server = Server(url, folder, cache=True, stack=stack)
        try:
            cookie = _sign_in(server.base, dashboard)
            chunks = _chunks(folder, calls, int(OPEN_LOOP_S / IMPORT_EVERY_S) + 4)
            imports = _during_imports(server, url, dashboard, cookie, chunks)
        finally:
            server.stop()
    cli = prepared.pop("cli_s")
    result: dict[str, Any] = {
        "calls": prepared["rows"],
        "cpus": os.cpu_count(),
        "load_average_at_start_1_5_15": [round(value, 2) for value in load_before],
        "users": USERS,
        "server": f"uvicorn, 1 worker, loop={stack[0]}, http={stack[1]}",
        **prepared,
        "dashboard_cached": {"mode": "closed loop, 50 connections, no think time", **cached},
        "open_loop_realistic": {
            "mode": f"50 users each polling every {OPEN_LOOP_INTERVAL_S:g} s for {OPEN_LOOP_S:g} s, random phases",
            "template_poll_interval_s": _template_interval_s(),
            **open_loop,
        },
        "open_loop_during_imports": imports,
        "dashboard_uncached_peer": uncached,
        "cli_kpi_report_ms": round(1000 * min(cli), 1),
        "p95_target_ms": 200,
        "p95_met_closed_loop": cached["p95_ms"] < 200,
        "p95_met_open_loop": open_loop["p95_ms"] < 200,
        "ratio_server_cpu_per_request_cached_to_uncached": round(
            cached["server_cpu_ms_per_request"] / max(1e-9, uncached["server_cpu_ms_per_request"]), 5
        ),
        "ratio_throughput_cached_to_uncached": round(cached["requests_per_s"] / uncached["requests_per_s"], 1),
    }
    result["dashboard_cached_2_workers"] = {
        "mode": "closed loop as dashboard_cached, `callscout serve --workers 2`; the load tool shares the 2 cores",
        **two_workers,
    }
    if stack_peer is not None:
        result["dashboard_cached_h11_asyncio_peer"] = {"mode": "closed loop, same as dashboard_cached", **stack_peer}
        result["ratio_server_cpu_per_request_fast_to_h11_stack"] = round(
            cached["server_cpu_ms_per_request"] / max(1e-9, stack_peer["server_cpu_ms_per_request"]), 3
        )
    return result


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2, ensure_ascii=False))
