"""The cabinet's dashboard under load: an evaluation with N imported calls (the Anonymous Bank month
replicated with shifted dates, imported through the core importer), served by uvicorn on 127.0.0.1 in its
own process and hit by 50 concurrent users (an asyncio httpx client with a fixed request count and a time
limit). Target: p95 under 200 ms for the dashboard fragment that every open tab polls.

Peers in the same run: (1) the same server with the KPI result cache switched off
(``CALLSCOUT_KPI_CACHE=0``: each request computes the KPIs, SLA breaches and charts' data from the calls),
under the same concurrency with fewer requests; (2) the same KPIs computed once by the CLI path
(``kpi.report`` on a fresh connection), the floor of any uncached request.

Size: ``CALLSCOUT_BENCH_WEB_CALLS`` (default 1 000 000).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_calls import generate

DEFAULT_CALLS = 1_000_000
USERS = 50
REQUESTS = 3000
PEER_REQUESTS = 100
TIME_LIMIT_S = 60.0
REQUEST_TIMEOUT_S = 90.0
VENDOR = "Банк"

SERVER = r"""
import sys, uvicorn
from callscout.store import Store
from callscout.web import create_app
store = Store(sys.argv[1])
uvicorn.run(create_app(store), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(folder: Path, calls: int) -> tuple[str, int, dict[str, Any]]:
    from callscout import accounts
    from callscout.accounts import Role
    from callscout.calls import kpi
    from callscout.calls.storage import CallStore
    from callscout.model.vendor import SlaTerms
    from callscout.store import Store
    from callscout.workspace import add_vendor, new_evaluation

    source = folder / "bank-replicated.tsv"
    started = time.perf_counter()
    generate(source, calls)
    url = f"sqlite:///{folder / 'bench.db'}"
    store = Store(url)
    call_store = CallStore(store)
    imported = call_store.import_file(source, vendor=VENDOR)
    import_s = time.perf_counter() - started
    evaluation = add_vendor(new_evaluation("Нагрузка", 100_000, "orders"), {"name": VENDOR})
    vendor = evaluation.vendor(VENDOR)
    vendor.sla = SlaTerms(service_level_percent=80, service_level_seconds=20, max_abandon_rate=0.05, max_asa_s=30)
    evaluation_id = store.save_evaluation(evaluation)
    user = accounts.create_user(store, "bench", "bench password")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    # The CLI path: the same report computed once from the calls, on a fresh connection.
    cli_s = []
    for _ in range(3):
        begun = time.perf_counter()
        with call_store.reader([VENDOR]) as connection:
            kpi.report(connection, kpi.KpiSettings(), vendors=[VENDOR], by=["hour_of_day", "day", "agent"])
        cli_s.append(time.perf_counter() - begun)
    store.close()
    return url, evaluation_id, {"rows": imported.rows, "generate_and_import_s": round(import_s, 2), "cli_s": cli_s}


def _start(url: str, folder: Path, cache: bool) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}",
        "CALLSCOUT_HOME": str(folder),
        "CALLSCOUT_KPI_CACHE": "1" if cache else "0",
    }
    log = (folder / f"server-{port}.log").open("w")
    process = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the cabinet did not start") from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the cabinet did not start in 60 s")


async def _load(base: str, path: str, requests: int, users: int, limit_s: float) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:
        signed = await client.post("/login", data={"login": "bench", "password": "bench password", "next": "/"})
        if signed.status_code != 303:
            raise RuntimeError(f"sign-in failed: {signed.status_code}")
        first_started = time.perf_counter()
        first = await client.get(path)
        first_s = time.perf_counter() - first_started
        if first.status_code != 200 or 'data-kpi="offered"' not in first.text:
            raise RuntimeError(f"dashboard answered {first.status_code}: {first.text[:300]}")
        latencies: list[float] = []
        errors = timeouts = 0
        remaining = requests
        deadline = time.perf_counter() + limit_s

        async def user() -> None:
            nonlocal remaining, errors, timeouts
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                begun = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.TimeoutException:
                    # Counted at the timeout: the latency is at least that.
                    timeouts += 1
                    latencies.append(time.perf_counter() - begun)
                    continue
                except httpx.TransportError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - begun)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(users)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def quantile(share: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "errors": errors,
        "timeouts": timeouts,
        "first_request_ms": round(first_s * 1000, 1),
        "p50_ms": quantile(0.50),
        "p95_ms": quantile(0.95),
        "p99_ms": quantile(0.99),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "seconds": round(elapsed, 2),
        "stopped_by_time_limit": len(latencies) < requests,
    }


def _measure(url: str, folder: Path, path: str, cache: bool, requests: int) -> dict[str, Any]:
    process, port = _start(url, folder, cache)
    try:
        result = asyncio.run(_load(f"http://127.0.0.1:{port}", path, requests, USERS, TIME_LIMIT_S))
        result["server_alive"] = process.poll() is None
        if not result["server_alive"] or result["errors"]:
            logs = sorted(folder.glob(f"server-{port}.log"))
            result["server_log_tail"] = logs[0].read_text(errors="replace")[-1500:] if logs else ""
        return result
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run(calls: int | None = None) -> dict[str, Any]:
    calls = calls or int(os.environ.get("CALLSCOUT_BENCH_WEB_CALLS", DEFAULT_CALLS))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-web-") as name:
        folder = Path(name)
        url, evaluation_id, prepared = _prepare(folder, calls)
        dashboard = f"/e/{evaluation_id}/calls/dashboard?vendor={VENDOR}"
        cached = _measure(url, folder, dashboard, True, REQUESTS)
        uncached = _measure(url, folder, dashboard, False, PEER_REQUESTS)
    cli = prepared.pop("cli_s")
    return {
        "calls": prepared["rows"],
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load_before, 2),
        "users": USERS,
        **prepared,
        "dashboard_cached": cached,
        "dashboard_uncached_peer": uncached,
        "cli_kpi_report_ms": round(1000 * min(cli), 1),
        "p95_target_ms": 200,
        "p95_met": cached["p95_ms"] < 200,
        "ratio_p95_cached_to_uncached": round(cached["p95_ms"] / uncached["p95_ms"], 4),
        "ratio_throughput_cached_to_uncached": round(cached["requests_per_s"] / uncached["requests_per_s"], 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2, ensure_ascii=False))
