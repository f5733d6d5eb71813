"""Sign-in under attack: 8 parallel loops posting wrong passwords while another user, already signed in,
reads his page. Target: that user's page p95 stays under 100 ms (issue 13: with argon2 on the event loop
it went from 0.03 s to about 2 s).

The cabinet runs under uvicorn on 127.0.0.1 in its own process, on a fresh SQLite store. Each phase lasts
``CALLSCOUT_BENCH_LOGIN_SECONDS`` (default 10); in every phase one client reads ``/`` (the signed-in
user's list of evaluations) as fast as it is answered, sequentially, and its latencies are what is reported.

Peers in the same run, same server settings otherwise:
- ``quiet``: no attack at all (the floor);
- ``attack_throttled``: the attack with the shipped throttling (the loops are soon answered 429 at once);
- ``attack_unthrottled``: the same attack with throttling lifted (``CALLSCOUT_LOGIN_*`` set out of reach),
  so every attempt verifies a password: what moving argon2 off the event loop alone achieves.
Ratios are the attacked p95 over the quiet p95 of the same run.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ATTACKERS = 8
DEFAULT_SECONDS = 10
TARGET_P95_MS = 100.0
SERVER = r"""
import sys, uvicorn
from callscout import accounts
from callscout.store import Store
from callscout.web import create_app
store = Store(sys.argv[1])
accounts.create_user(store, "victim", "victim password")
accounts.create_user(store, "reader", "reader password")
uvicorn.run(create_app(store), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
# The attack runs in its own process: in the measuring process its threads would hold the GIL and
# inflate the very latencies measured. It prints how the login route answered.
ATTACK = r"""
import sys, threading, time, json, httpx
base, loops, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + seconds
statuses, lock = {}, threading.Lock()
def attack():
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < deadline:
            status = client.post("/login", data={"login": "victim", "password": "wrong guess"}).status_code
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
threads = [threading.Thread(target=attack) for _ in range(loops)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
print(json.dumps(statuses))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        url = f"sqlite:///{folder / 'bench.db'}"
        command = [sys.executable, "-c", SERVER, url, str(self.port)]
        self.process = subprocess.Popen(
            command, env={**os.environ, "CALLSCOUT_HOME": str(folder), **env}, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(self.base + "/login", timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.1)
        raise RuntimeError("the cabinet did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _phase(base: str, seconds: float, attackers: int) -> dict[str, Any]:
    reader = httpx.Client(base_url=base, timeout=30)
    signed_in = reader.post("/login", data={"login": "reader", "password": "reader password"})
    assert signed_in.status_code == 303, signed_in.text
    attack = None
    if attackers:
        attack = subprocess.Popen(
            [sys.executable, "-c", ATTACK, base, str(attackers), str(seconds + 1.0)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(1.0)  # the attack is under way before the first measured request
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        page = reader.get("/")
        latencies.append((time.perf_counter() - started) * 1000)
        assert page.status_code == 200 and re.search("Ваши оценки|Your evaluations", page.text)
    statuses: dict[str, int] = {}
    if attack is not None:
        output, _ = attack.communicate(timeout=120)
        statuses = json.loads(output.strip().splitlines()[-1])
    reader.close()
    return {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "login_answers": dict(sorted(statuses.items())),
    }


def run(seconds: float | None = None) -> dict[str, Any]:
    seconds = seconds or float(os.environ.get("CALLSCOUT_BENCH_LOGIN_SECONDS", DEFAULT_SECONDS))
    unthrottled = {"CALLSCOUT_LOGIN_ACCOUNT_FAILURES": "100000000", "CALLSCOUT_LOGIN_ADDRESS_FAILURES": "100000000"}
    result: dict[str, Any] = {"attackers": ATTACKERS, "seconds": seconds, "target_p95_ms": TARGET_P95_MS}
    with tempfile.TemporaryDirectory(prefix="callscout-bench-login-") as folder:
        for name, env, attackers in (
            ("quiet", {}, 0),
            ("attack_throttled", {}, ATTACKERS),
            ("attack_unthrottled", unthrottled, ATTACKERS),
        ):
            phase_folder = Path(folder) / name
            phase_folder.mkdir()
            server = Server(phase_folder, env)
            try:
                result[name] = _phase(server.base, seconds, attackers)
            finally:
                server.stop()
    quiet = result["quiet"]["p95_ms"] or 1.0
    for name in ("attack_throttled", "attack_unthrottled"):
        result[name]["p95_ratio_to_quiet"] = round(result[name]["p95_ms"] / quiet, 2)
        result[name]["meets_target"] = result[name]["p95_ms"] < TARGET_P95_MS
    result["cpu_count"] = os.cpu_count()
    return result
