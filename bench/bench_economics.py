"""Erlang staffing: our vectorised Erlang C against pyworkforce's ``ErlangC`` on the same week, in the
same process, with identical agent counts asserted; plus the Erlang A week and a 1,000,000
calls/hour interval, whose targets are absolute (50 ms and 5 ms).

Peer: ``pip install -e .[bench]`` (pyworkforce).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np

from callscout.economics.erlang import ServiceTarget, erlang_a_metrics, erlang_c_metrics, offered_load, required_agents

AHT_S = 240.0
TARGET = ServiceTarget(0.8, 20)
PATIENCE_S = 90.0
REPEATS = int(os.environ.get("BENCH_ECONOMICS_REPEATS", "5"))


def week_calls_per_hour() -> np.ndarray:
    """168 hourly volumes from 5 to 2,000 calls: an online-store day shape, log-scaled, per weekday."""
    day = np.array([0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.6, 2.6, 3.4, 3.8, 3.9, 3.8, 3.7, 3.7, 3.9, 4.2,
                    4.8, 5.4, 6.0, 6.6, 6.2, 1.5])  # fmt: skip
    weekday = np.array([1.1, 1.05, 1.0, 1.0, 0.95, 0.85, 0.9])
    shape = np.log(np.outer(weekday, day).ravel())
    shape = (shape - shape.min()) / (shape.max() - shape.min())
    return 5 * (2000 / 5) ** shape


def _best_of(function: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def ours_erlang_c_week(calls: np.ndarray) -> np.ndarray:
    load = offered_load(calls, 3600, AHT_S)
    agents = required_agents(load, AHT_S, TARGET)
    erlang_c_metrics(agents, load, AHT_S, TARGET.seconds)
    return agents


def ours_erlang_a_week(calls: np.ndarray) -> np.ndarray:
    load = offered_load(calls, 3600, AHT_S)
    agents = required_agents(load, AHT_S, TARGET, patience_s=PATIENCE_S)
    erlang_a_metrics(agents, load, AHT_S, PATIENCE_S, TARGET.seconds)
    return agents


def ours_interval(calls: float, patience_s: float | None = None) -> int:
    load = offered_load(np.array([calls]), 3600, 180.0)
    agents = required_agents(load, 180.0, TARGET, patience_s=patience_s)
    if patience_s is None:
        erlang_c_metrics(agents, load, 180.0, TARGET.seconds)
    else:
        erlang_a_metrics(agents, load, 180.0, patience_s, TARGET.seconds)
    return int(agents[0])


def peer_erlang_c_week(calls: np.ndarray) -> list[int]:
    from pyworkforce.queuing import ErlangC

    return [
        ErlangC(transactions=float(volume), aht=AHT_S / 60, asa=TARGET.seconds / 60, interval=60).required_positions(
            service_level=TARGET.share
        )["raw_positions"]
        for volume in calls
    ]


def peer_interval(calls: float) -> int:
    from pyworkforce.queuing import ErlangC

    result = ErlangC(transactions=calls, aht=3.0, asa=TARGET.seconds / 60, interval=60).required_positions(
        service_level=TARGET.share
    )
    return int(result["raw_positions"])


def run() -> dict:
    calls = week_calls_per_hour()
    ours = ours_erlang_c_week(calls)
    peer = peer_erlang_c_week(calls)
    mismatches = [index for index, (a, b) in enumerate(zip(ours.tolist(), peer, strict=True)) if a != b]
    assert not mismatches, f"agent counts differ from pyworkforce at hours {mismatches[:10]}"
    ours_week = _best_of(lambda: ours_erlang_c_week(calls))
    peer_week = _best_of(lambda: peer_erlang_c_week(calls), repeats=max(1, REPEATS // 2))
    erlang_a_week = _best_of(lambda: ours_erlang_a_week(calls))
    million = _best_of(lambda: ours_interval(1_000_000))
    million_a = _best_of(lambda: ours_interval(1_000_000, patience_s=PATIENCE_S))
    ours_million_agents = ours_interval(1_000_000)
    started = time.perf_counter()
    peer_million_agents = peer_interval(1_000_000)
    peer_million = time.perf_counter() - started
    assert ours_million_agents == peer_million_agents, (ours_million_agents, peer_million_agents)
    return {
        "week_calls_per_hour": [round(float(calls.min()), 1), round(float(calls.max()), 1)],
        "week_agents_identical_to_peer": True,
        "week_peak_agents": int(ours.max()),
        "erlang_c_week_ms": round(ours_week * 1000, 3),
        "peer_pyworkforce_week_ms": round(peer_week * 1000, 3),
        "speedup_vs_peer": round(peer_week / ours_week, 1),
        "speedup_target": 5,
        "erlang_a_week_ms": round(erlang_a_week * 1000, 3),
        "erlang_a_week_target_ms": 50,
        "million_calls_hour_ms": round(million * 1000, 3),
        "million_calls_hour_target_ms": 5,
        "million_calls_hour_agents": ours_million_agents,
        "million_calls_hour_erlang_a_ms": round(million_a * 1000, 3),
        "peer_pyworkforce_million_ms": round(peer_million * 1000, 1),
        "targets_met": bool(peer_week / ours_week >= 5 and erlang_a_week < 0.05 and million < 0.005),
    }
