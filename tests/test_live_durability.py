"""Kill -9 of the server mid-stream: every acknowledged event is in the store, and re-sending everything
after a restart (what a sender does with unacknowledged batches) stores no event twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from callscout.live.ingest import LiveStore
from callscout.store import Store
from tests.test_live import make_vendors

BATCH = 25


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "CALLSCOUT_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "callscout", "serve", "--port", str(port), "--no-live"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def batches(count: int) -> list[list[dict[str, str]]]:
    start = datetime.now(UTC) - timedelta(hours=1)
    events = [
        {"type": "enter_queue", "call_id": f"k{index}", "ts": (start + timedelta(seconds=index)).isoformat()}
        for index in range(count * BATCH)
    ]
    return [events[index : index + BATCH] for index in range(0, len(events), BATCH)]


def test_kill_9_loses_no_acknowledged_event_and_duplicates_none(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(f"sqlite:///{home / 'callscout.db'}")
    (vendor,) = make_vendors(store, "Поток")
    token = LiveStore(store).issue_token(vendor.id)
    store.close()
    port = free_port()
    server = start_server(home, port)
    headers = {"authorization": f"Bearer {token}"}
    plan = batches(400)
    acknowledged: list[str] = []

    def kill_mid_stream() -> None:
        # Once a quarter of the batches were acknowledged, while the next ones are in flight.
        while len(acknowledged) < 100 * BATCH and server.poll() is None:
            time.sleep(0.001)
        os.kill(server.pid, signal.SIGKILL)

    threading.Thread(target=kill_mid_stream, daemon=True).start()
    sent_until = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=5) as client:
        for index, batch in enumerate(plan):
            sent_until = index + 1
            try:
                answer = client.post("/api/v1/events", json=batch)
            except httpx.HTTPError:
                break
            assert answer.status_code == 202
            acknowledged.extend(event["call_id"] for event in batch)
    server.wait(timeout=10)
    assert server.returncode == -signal.SIGKILL
    assert 0 < len(acknowledged) < 400 * BATCH, "the kill must land mid-stream"

    store = Store(f"sqlite:///{home / 'callscout.db'}")
    stored = [row.call_id for row in LiveStore(store).events_since(0)]
    store.close()
    assert set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored))

    # The sender re-sends from its last unacknowledged batch (and a few before, to be safe) to the end.
    server = start_server(home, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10) as client:
            totals = {"accepted": 0, "duplicates": 0}
            for batch in plan[max(0, sent_until - 5) :]:
                answer = client.post("/api/v1/events", json=batch)
                assert answer.status_code == 202
                for key, value in answer.json().items():
                    totals[key] += value
    finally:
        server.terminate()
        server.wait(timeout=10)
    store = Store(f"sqlite:///{home / 'callscout.db'}")
    stored = [row.call_id for row in LiveStore(store).events_since(0)]
    store.close()
    assert len(stored) == 400 * BATCH == len(set(stored))
    assert totals["duplicates"] >= 4 * BATCH  # the re-sent acknowledged batches changed nothing
