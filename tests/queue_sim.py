"""A discrete-event simulation of the M/M/N+M queue (FCFS, exponential patience) to check Erlang A.

Callers are handled in arrival order: each takes the agent that frees first; if that is later than
its patience allows, the caller hangs up and the agent stays free. For FCFS this is exact — an
abandoning caller never holds an agent — so no event calendar is needed.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SimulatedQueue:
    p_wait: float
    p_abandon: float
    service_level: float
    asa_s: float


def simulate(
    calls_per_s: float, aht_s: float, patience_s: float, agents: int, target_s: float, calls: int, seed: int
) -> SimulatedQueue:
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / calls_per_s, calls)).tolist()
    services = rng.exponential(aht_s, calls).tolist()
    patiences = rng.exponential(patience_s, calls).tolist()
    free_at = [0.0] * agents
    warm_up = calls // 20
    waited = abandoned = in_time = 0
    answered_wait = 0.0
    answered = 0
    for index in range(calls):
        arrival = arrivals[index]
        earliest = heapq.heappop(free_at)
        wait = max(0.0, earliest - arrival)
        if wait <= patiences[index]:
            heapq.heappush(free_at, arrival + wait + services[index])
            served = True
        else:
            heapq.heappush(free_at, earliest)
            served = False
        if index < warm_up:
            continue
        waited += wait > 0
        if served:
            answered += 1
            answered_wait += wait
            in_time += wait <= target_s
        else:
            abandoned += 1
    counted = calls - warm_up
    return SimulatedQueue(waited / counted, abandoned / counted, in_time / counted, answered_wait / answered)
