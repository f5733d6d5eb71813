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


@dataclass(frozen=True)
class SimulatedCall:
    """One caller of the simulated queue: arrival and wait from the day's start (s), handled by ``agent``
    for ``talk_s`` seconds, or gone after ``wait_s`` unanswered (``agent`` None)."""

    call_id: str
    arrival_s: float
    wait_s: float
    talk_s: float
    agent: int | None
    caller: str


def simulate_calls(
    calls_per_s: float, aht_s: float, patience_s: float, agents: int, calls: int, seed: int
) -> list[SimulatedCall]:
    """The same FCFS queue as ``simulate``, call by call, with whole-second times (as queue_log writes them)."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / calls_per_s, calls)).round().tolist()
    services = np.maximum(1, rng.exponential(aht_s, calls).round()).tolist()
    patiences = rng.exponential(patience_s, calls).round().tolist()
    free_at = [(0.0, agent) for agent in range(agents)]
    result = []
    for index in range(calls):
        arrival = arrivals[index]
        earliest, agent = heapq.heappop(free_at)
        wait = max(0.0, earliest - arrival)
        caller = f"7916{index:07d}"
        if wait <= patiences[index]:
            heapq.heappush(free_at, (arrival + wait + services[index], agent))
            result.append(SimulatedCall(f"{index}.1", arrival, wait, services[index], agent, caller))
        else:
            heapq.heappush(free_at, (earliest, agent))
            result.append(SimulatedCall(f"{index}.1", arrival, patiences[index], 0.0, None, caller))
    return result


def queue_log_lines(calls: list[SimulatedCall], day_start_epoch: int, queue: str = "support") -> list[str]:
    """The Asterisk queue_log of the simulated day, in time order (agents logged in at the start)."""
    events: list[tuple[float, int, str]] = []
    agents = sorted({call.agent for call in calls if call.agent is not None})
    for agent in agents:
        events.append((day_start_epoch, 0, f"{day_start_epoch}|NONE|{queue}|Agent/{agent}|AGENTLOGIN|SIP/{agent}"))
    for order, call in enumerate(calls, start=1):
        t0 = day_start_epoch + call.arrival_s
        wait = int(call.wait_s)
        events.append((t0, order, f"{int(t0)}|{call.call_id}|{queue}|NONE|ENTERQUEUE||{call.caller}|1"))
        if call.agent is None:
            events.append((t0 + wait, order, f"{int(t0 + wait)}|{call.call_id}|{queue}|NONE|ABANDON|1|1|{wait}"))
            continue
        member = f"Agent/{call.agent}"
        answered = t0 + wait
        events.append((answered, order, f"{int(answered)}|{call.call_id}|{queue}|{member}|CONNECT|{wait}|x|1"))
        end = answered + call.talk_s
        verb = "COMPLETEAGENT" if order % 3 == 0 else "COMPLETECALLER"
        events.append((end, order, f"{int(end)}|{call.call_id}|{queue}|{member}|{verb}|{wait}|{int(call.talk_s)}|1"))
    events.sort(key=lambda item: (item[0], item[1]))
    return [line for _t, _o, line in events]
