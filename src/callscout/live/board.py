"""Live figures of one vendor: who waits now, which agents talk, today's counts, the last half hour.

A ``Board`` is fed events in any order (each call keeps its earliest entry and answer and its latest end)
and answers ``figures(now)``. The definitions are the KPIs' (``callscout.calls.kpi``): offered = answered +
abandoned, short abandons (wait under ``short_abandon_s``) apart, service level = answered within
``service_level_s`` over answered + abandoned (short abandons left out), ASA = mean wait of answered calls.
"Today" is the calendar day at the UTC offset of the vendor's latest event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Protocol

from callscout.model.common import WEEKDAYS, hours_to_minutes
from callscout.model.needs import Schedule

# A call still waiting or talking after this long lost its end event: it is left out of "now".
STALE_CALL = timedelta(hours=4)
# Calls whose day is over are dropped after this long: the board's memory stays flat.
KEEP = timedelta(hours=36)
RECENT = timedelta(minutes=30)


class EventLike(Protocol):
    type: str
    call_id: str | None
    ts: datetime
    agent: str | None
    offset_min: int


@dataclass
class CallState:
    entered: datetime | None = None
    answered: datetime | None = None
    ended: datetime | None = None
    agent: str | None = None
    seen: datetime | None = None

    @property
    def arrival(self) -> datetime | None:
        return self.entered or self.seen


@dataclass(frozen=True)
class BoardSettings:
    service_level_s: float = 20.0
    short_abandon_s: float = 5.0
    schedule: Schedule = field(default_factory=Schedule)


class Board:
    def __init__(self, settings: BoardSettings | None = None) -> None:
        self.settings = settings or BoardSettings()
        self.calls: dict[str, CallState] = {}
        # agent -> (moment of the latest login/logout, logged in after it)
        self.agents: dict[str, tuple[datetime, bool]] = {}
        self.offset_min = 0
        self.latest_ts: datetime | None = None
        self.last_id = 0

    def feed(self, events: Iterable[EventLike]) -> None:
        for event in events:
            self._apply(event)
            row_id = getattr(event, "id", None)
            if isinstance(row_id, int) and row_id > self.last_id:
                self.last_id = row_id

    def _apply(self, event: EventLike) -> None:
        ts = event.ts if event.ts.tzinfo is None else event.ts.astimezone(UTC).replace(tzinfo=None)
        if self.latest_ts is None or ts >= self.latest_ts:
            self.latest_ts = ts
            self.offset_min = event.offset_min or 0
        if event.type in ("agent_login", "agent_logout"):
            known = self.agents.get(event.agent or "")
            if known is None or ts >= known[0]:
                self.agents[event.agent or ""] = (ts, event.type == "agent_login")
            return
        call = self.calls.setdefault(event.call_id or "", CallState())
        call.seen = ts if call.seen is None else min(call.seen, ts)
        if event.type == "enter_queue":
            call.entered = ts if call.entered is None else min(call.entered, ts)
        elif event.type == "answer":
            if call.answered is None or ts < call.answered:
                call.answered = ts
                call.agent = event.agent or call.agent
        else:  # hangup, abandon, transfer
            call.ended = ts if call.ended is None else max(call.ended, ts)
            if event.agent and call.agent is None:
                call.agent = event.agent

    def prune(self, now: datetime) -> None:
        horizon = now - KEEP
        for call_id in [key for key, call in self.calls.items() if (call.ended or call.seen or now) < horizon]:
            del self.calls[call_id]

    def figures(self, now: datetime | None = None) -> dict[str, Any]:
        """The live figures at ``now`` (naive UTC, default: the clock)."""
        now = now or datetime.now(UTC).replace(tzinfo=None)
        offset = timedelta(minutes=self.offset_min)
        local_now = now + offset
        day_start = datetime(local_now.year, local_now.month, local_now.day) - offset
        waiting: list[float] = []
        talking: set[str] = set()
        today = _Counts()
        recent = _Counts()
        last_arrival: datetime | None = None
        for call in self.calls.values():
            arrival = call.arrival
            if arrival is None:
                continue
            if arrival <= now and (last_arrival is None or arrival > last_arrival):
                last_arrival = arrival
            open_call = call.ended is None and now - arrival < STALE_CALL
            if open_call and call.answered is None and call.entered is not None:
                waiting.append(max(0.0, (now - call.entered).total_seconds()))
            if open_call and call.answered is not None and call.agent:
                talking.add(call.agent)
            if arrival >= day_start:
                self._count(today, call)
                if arrival >= now - RECENT:
                    self._count(recent, call)
        logged_in = {agent for agent, (_ts, on) in self.agents.items() if on} | talking
        silent_s = (now - last_arrival).total_seconds() if last_arrival else None
        return {
            "waiting_now": len(waiting),
            "longest_wait_s": round(max(waiting), 1) if waiting else 0.0,
            "agents_logged_in": len(logged_in),
            "agents_talking": len(talking),
            "today": today.as_dict(),
            "last_30min_service_level": recent.service_level(),
            "last_30min": recent.as_dict() | {"abandon_rate": recent.abandon_rate()},
            "last_call_at": _aware(last_arrival, offset),
            "no_calls_min": round(silent_s / 60, 1) if silent_s is not None else None,
            "working_hours": in_working_hours(self.settings.schedule, local_now),
            "as_of": _aware(now, offset),
        }

    def _count(self, counts: _Counts, call: CallState) -> None:
        if call.answered is not None:
            wait = (call.answered - call.entered).total_seconds() if call.entered else 0.0
            counts.answered += 1
            counts.wait_sum += wait
            counts.within += wait <= self.settings.service_level_s
        elif call.ended is not None:
            wait = (call.ended - call.entered).total_seconds() if call.entered else 0.0
            if wait < self.settings.short_abandon_s:
                counts.short += 1
            else:
                counts.abandoned += 1


@dataclass
class _Counts:
    answered: int = 0
    abandoned: int = 0
    short: int = 0
    within: int = 0
    wait_sum: float = 0.0

    def service_level(self) -> float | None:
        total = self.answered + self.abandoned
        return round(self.within / total, 4) if total else None

    def abandon_rate(self) -> float | None:
        total = self.answered + self.abandoned
        return round(self.abandoned / total, 4) if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "offered": self.answered + self.abandoned + self.short,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "short_abandoned": self.short,
            "service_level": self.service_level(),
            "asa_s": round(self.wait_sum / self.answered, 2) if self.answered else None,
        }


def in_working_hours(schedule: Schedule, local: datetime) -> bool:
    if schedule.mode == "24/7":
        return True
    hours = schedule.hours.get(WEEKDAYS[local.weekday()])
    if hours is None:
        return False
    start, end = hours_to_minutes(hours)
    return start <= local.hour * 60 + local.minute < end


def _aware(moment: datetime | None, offset: timedelta) -> str | None:
    if moment is None:
        return None
    return (moment + offset).replace(tzinfo=timezone(offset)).isoformat(timespec="seconds")
