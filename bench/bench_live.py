"""Live ingestion under load: ``callscout serve`` in its own process on 127.0.0.1 takes a sustained stream
of queue events while a browser-like client watches «Сейчас» over server-sent events.

Target: 1 000 events/s for 60 s with ack p99 < 50 ms, event-to-dashboard p95 < 2 s, memory flat.

- Load: an open loop (each request sent on schedule, whether or not earlier ones came back) of simulated
  calls, three events each (enter_queue, answer, hangup), ``EVENTS_PER_REQUEST`` events per POST
  /api/v1/events (a PBX relay batching what it saw in the last few milliseconds); ack latency is the
  time from sending a request to its 202 (the events are committed by then).
- Event to dashboard: every ``MARKER_INTERVAL_S`` a marker call enters the queue of a second vendor (same
  server, same store, same stream code) and never leaves it, so its «Сейчас» ``waiting_now`` counts the
  markers seen; latency = first stream message showing marker k minus the moment marker k was sent.
- CPU: the server process's user + system time per 1 000 events (from /proc), and the machine's load
  average: on a shared machine the latencies say as much about the neighbours as about the server.
- Memory: the server's resident set (VmRSS) sampled every second; ``rss_growth_mb`` compares the last
  tenth of the run with the second tenth (the first warms up).
- Peer in the same run: the same events committed through ``LiveStore.ingest`` in this process, without
  HTTP, at full speed: the store's ceiling, and the share of it the HTTP path reaches.

Size: ``CALLSCOUT_BENCH_LIVE_RATE`` events/s (default 1000), ``CALLSCOUT_BENCH_LIVE_SECONDS`` (default 60),
``CALLSCOUT_BENCH_LIVE_BATCH`` events per request (default 50: 50 ms of events at the target rate, what
an AMI or queue_log relay sends; one event per request costs the server about 2 ms of Python HTTP stack each).
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

MARKER_INTERVAL_S = 0.5
CONNECTIONS = 32


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _setup(home: Path) -> dict[str, Any]:
    from callscout import accounts, workspace
    from callscout.accounts import Role
    from callscout.live.ingest import LiveStore
    from callscout.store import Store
    from callscout.store.ownership import vendor_ref

    store = Store(f"sqlite:///{home / 'callscout.db'}")
    evaluation = workspace.new_evaluation("Нагрузка", 100_000)
    for name in ("Поток", "Маркер", "Пик"):
        evaluation = workspace.add_vendor(evaluation, {"name": name, "website": None, "inn": None})
    evaluation_id = store.save_evaluation(evaluation)
    user = accounts.create_user(store, "bench", "bench password 1")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    live = LiveStore(store)
    refs = {name: vendor_ref(store, evaluation_id, name) for name in ("Поток", "Маркер", "Пик")}
    tokens = {name: live.issue_token(ref.id) for name, ref in refs.items()}
    store.close()
    return {"evaluation_id": evaluation_id, "tokens": tokens, "peer_vendor_id": refs["Пик"].id}


def _call_events(index: int, moment: datetime) -> list[dict[str, str]]:
    call = f"c{index}"
    return [
        {"type": "enter_queue", "call_id": call, "ts": moment.isoformat(), "queue": "sales"},
        {
            "type": "answer",
            "call_id": call,
            "ts": (moment + timedelta(seconds=5)).isoformat(),
            "agent": f"a{index % 40}",
        },
        {
            "type": "hangup",
            "call_id": call,
            "ts": (moment + timedelta(seconds=95)).isoformat(),
            "agent": f"a{index % 40}",
        },
    ]


async def _load(base: str, setup: dict[str, Any], rate: float, seconds: float, batch: int, pid: int) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    client = httpx.AsyncClient(base_url=base, limits=limits, timeout=30)
    viewer = httpx.AsyncClient(base_url=base, timeout=None)
    answer = await viewer.post("/login", data={"login": "bench", "password": "bench password 1"})
    assert answer.status_code == 303, answer.status_code
    acks: list[float] = []
    failures = 0
    markers_sent: list[float] = []
    markers_seen: dict[int, float] = {}
    rss: list[float] = []
    stop = asyncio.Event()

    async def watch() -> None:
        url = f"/e/{setup['evaluation_id']}/live/stream?vendor=Маркер"
        async with viewer.stream("GET", url) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    waiting = json.loads(line[6:])["waiting_now"]
                    now = time.perf_counter()
                    for number in range(1, waiting + 1):
                        markers_seen.setdefault(number, now)
                if stop.is_set():
                    break

    async def post(events: list[dict[str, str]], token: str, record: bool) -> None:
        nonlocal failures
        started = time.perf_counter()
        try:
            response = await client.post("/api/v1/events", json=events, headers={"authorization": f"Bearer {token}"})
            ok = response.status_code == 202
        except httpx.HTTPError:
            ok = False
        if not ok:
            failures += 1
        elif record:
            acks.append(time.perf_counter() - started)

    async def markers() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            event = {"type": "enter_queue", "call_id": f"m{number}", "ts": datetime.now(UTC).isoformat()}
            markers_sent.append(time.perf_counter())
            await post([event], setup["tokens"]["Маркер"], False)
            await asyncio.sleep(MARKER_INTERVAL_S)

    async def memory() -> None:
        while not stop.is_set():
            value = _rss_mb(pid)
            if value is not None:
                rss.append(value)
            await asyncio.sleep(1)

    watcher = asyncio.ensure_future(watch())
    await asyncio.sleep(1.0)  # the stream is open before the load starts
    helpers = [asyncio.ensure_future(markers()), asyncio.ensure_future(memory())]
    cpu_before = _cpu_s(pid)
    requests_per_s = rate / batch
    total = int(requests_per_s * seconds)
    start = time.perf_counter()
    base_moment = datetime.now(UTC)
    pending: set[asyncio.Task[None]] = set()
    buffer: list[dict[str, str]] = []
    call = 0
    late = 0
    for index in range(total):
        due = start + index / requests_per_s
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -0.05:
            late += 1
        while len(buffer) < batch:
            buffer.extend(_call_events(call, base_moment + timedelta(seconds=call / (rate / 3))))
            call += 1
        events, buffer = buffer[:batch], buffer[batch:]
        task = asyncio.ensure_future(post(events, setup["tokens"]["Поток"], True))
        pending.add(task)
        task.add_done_callback(pending.discard)
    offered_s = time.perf_counter() - start
    if pending:
        await asyncio.gather(*pending)
    server_cpu_s = _cpu_s(pid) - cpu_before
    await asyncio.sleep(2.5)  # the last markers reach the page
    stop.set()
    for helper in helpers:
        helper.cancel()
    watcher.cancel()
    await asyncio.gather(watcher, *helpers, return_exceptions=True)
    await client.aclose()
    await viewer.aclose()
    latencies = [
        markers_seen[number] - sent for number, sent in enumerate(markers_sent, start=1) if number in markers_seen
    ]
    tenth = max(1, len(rss) // 10)
    return {
        "events_per_s_offered": round(total * batch / offered_s, 1),
        "requests": total,
        "events_per_request": batch,
        "failed_requests": failures,
        # What stays meaningful on a loaded machine: the server's own CPU per 1 000 events.
        "server_cpu_ms_per_1000_events": round(1000 * server_cpu_s / max(1, total * batch) * 1000, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "late_sends": late,
        "ack_ms": {
            "p50": round(1000 * statistics.median(acks), 2) if acks else None,
            "p95": round(1000 * _percentile(acks, 0.95), 2) if acks else None,
            "p99": round(1000 * _percentile(acks, 0.99), 2) if acks else None,
            "max": round(1000 * max(acks), 2) if acks else None,
        },
        "event_to_dashboard_s": {
            "markers": len(markers_sent),
            "seen": len(latencies),
            "p50": round(statistics.median(latencies), 3) if latencies else None,
            "p95": round(_percentile(latencies, 0.95), 3) if latencies else None,
            "max": round(max(latencies), 3) if latencies else None,
        },
        "server_rss_mb": {
            "start": round(statistics.mean(rss[tenth : 2 * tenth]), 1) if len(rss) >= 3 else None,
            "end": round(statistics.mean(rss[-tenth:]), 1) if rss else None,
            "max": round(max(rss), 1) if rss else None,
        },
    }


def _peer(home: Path, vendor_id: int, events: int) -> dict[str, Any]:
    """The same kind of events committed in this process in batches of the same size, no HTTP."""
    from callscout.live.events import parse_items
    from callscout.live.ingest import LiveStore
    from callscout.store import Store

    batch = int(os.environ.get("CALLSCOUT_BENCH_LIVE_BATCH", "50"))
    store = Store(f"sqlite:///{home / 'callscout.db'}")
    live = LiveStore(store)
    moment = datetime.now(UTC)
    items: list[dict[str, str]] = []
    for call in range(events // 3 + 1):
        items.extend(_call_events(call, moment + timedelta(seconds=call)))
    items = items[:events]
    started = time.perf_counter()
    for index in range(0, len(items), batch):
        live.ingest(vendor_id, parse_items(items[index : index + batch]))
    elapsed = time.perf_counter() - started
    store.close()
    return {"events": len(items), "events_per_s": round(len(items) / elapsed, 1)}


def run() -> dict[str, Any]:
    rate = float(os.environ.get("CALLSCOUT_BENCH_LIVE_RATE", "1000"))
    seconds = float(os.environ.get("CALLSCOUT_BENCH_LIVE_SECONDS", "60"))
    batch = int(os.environ.get("CALLSCOUT_BENCH_LIVE_BATCH", "50"))
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        home = Path(folder)
        setup = _setup(home)
        port = _free_port()
        environment = {**os.environ, "CALLSCOUT_HOME": str(home)}
        server = subprocess.Popen(
            [sys.executable, "-m", "callscout", "serve", "--port", str(port), "--no-live"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.1)
            result = asyncio.run(_load(f"http://127.0.0.1:{port}", setup, rate, seconds, batch, server.pid))
        finally:
            server.terminate()
            server.wait(timeout=10)
        peer = _peer(home, setup["peer_vendor_id"], min(int(rate * seconds), 20_000))
    result["target_events_per_s"] = rate
    result["seconds"] = seconds
    result["peer_ingest_in_process"] = peer
    result["http_share_of_store_ceiling"] = round(result["events_per_s_offered"] / peer["events_per_s"], 3)
    result["targets_met"] = {
        "ack_p99_under_50ms": result["ack_ms"]["p99"] is not None and result["ack_ms"]["p99"] < 50,
        "dashboard_p95_under_2s": result["event_to_dashboard_s"]["p95"] is not None
        and result["event_to_dashboard_s"]["p95"] < 2,
        "no_failed_requests": result["failed_requests"] == 0,
    }
    return result
