"""Live figures of one vendor: who waits now, which agents talk, today's counts, the last half hour.

A ``Board`` is fed events in any order (each call keeps its earliest entry and answer and its latest end)
and answers ``figures(now)``. The definitions are the KPIs' (``callscout.calls.kpi``): offered = answered +
abandoned, short abandons (wait under ``short_abandon_s``) apart, service level = answered within
``service_level_s`` over answered + abandoned (short abandons left out), ASA = mean wait of answered calls.
"Today" is the calendar day at the UTC offset of the vendor's latest event; "the last 30 minutes" are the
calls that arrived in the current minute and the 30 before it.
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
        self.open: set[str] = set()  # calls without an end event yet
        self.minutes: dict[datetime, _Counts] = {}  # arrival minute (UTC) -> counts of its calls
        self.last_arrival: datetime | None = None

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
        if event.type == "survey":  # the caller's opinion after the call: no change to the line
            return
        if event.type in ("agent_login", "agent_logout"):
            known = self.agents.get(event.agent or "")
            if known is None or ts >= known[0]:
                self.agents[event.agent or ""] = (ts, event.type == "agent_login")
            return
        call_id = event.call_id or ""
        call = self.calls.get(call_id)
        if call is None:
            call = self.calls[call_id] = CallState()
            self.open.add(call_id)
        before = self._contribution(call)
        call.seen = ts if call.seen is None else min(call.seen, ts)
        if event.type == "enter_queue":
            call.entered = ts if call.entered is None else min(call.entered, ts)
        elif event.type == "answer":
            if call.answered is None or ts < call.answered:
                call.answered = ts
                call.agent = event.agent or call.agent
        else:  # hangup, abandon, transfer
            call.ended = ts if call.ended is None else max(call.ended, ts)
            self.open.discard(call_id)
            if event.agent and call.agent is None:
                call.agent = event.agent
        after = self._contribution(call)
        if before != after:
            self._shift(before, -1)
            self._shift(after, 1)
        if call.arrival is not None and (self.last_arrival is None or call.arrival > self.last_arrival):
            self.last_arrival = call.arrival

    def _contribution(self, call: CallState) -> tuple[datetime, str, float | None, bool] | None:
        """What a call adds to its arrival minute's counts: (minute, kind, wait, answered in time). Without its
        queue entry a call's wait is unknown, not 0 s (the KPIs' rule): answered, it is not "in time"; left,
        it is a real abandon, as nothing says it was short."""
        arrival = call.arrival
        if arrival is None:
            return None
        minute = arrival.replace(second=0, microsecond=0)
        if call.answered is not None:
            wait = (call.answered - call.entered).total_seconds() if call.entered else None
            return minute, "answered", wait, wait is not None and wait <= self.settings.service_level_s
        if call.ended is not None:
            wait = (call.ended - call.entered).total_seconds() if call.entered else None
            short = wait is not None and wait < self.settings.short_abandon_s
            return minute, ("short" if short else "abandoned"), wait, False
        return None

    def _shift(self, contribution: tuple[datetime, str, float, bool] | None, sign: int) -> None:
        if contribution is None:
            return
        minute, kind, wait, within = contribution
        counts = self.minutes.setdefault(minute, _Counts())
        if wait is not None:
            counts.waits_known += sign
        if kind == "answered":
            counts.answered += sign
            if wait is not None:
                counts.wait_sum += sign * wait
                counts.answered_waits += sign
            counts.within += sign * within
        elif kind == "short":
            counts.short += sign
        else:
            counts.abandoned += sign

    def prune(self, now: datetime) -> None:
        horizon = now - KEEP
        for call_id in [key for key, call in self.calls.items() if (call.ended or call.seen or now) < horizon]:
            del self.calls[call_id]
            self.open.discard(call_id)
        for minute in [minute for minute in self.minutes if minute < horizon]:
            del self.minutes[minute]

    def figures(self, now: datetime | None = None) -> dict[str, Any]:
        """The live figures at ``now`` (naive UTC, default: the clock). Counts are kept per minute of arrival
        as events come, so this costs the open calls and a day's minutes, not the day's calls."""
        now = now or datetime.now(UTC).replace(tzinfo=None)
        offset = timedelta(minutes=self.offset_min)
        local_now = now + offset
        day_start = datetime(local_now.year, local_now.month, local_now.day) - offset
        recent_start = (now - RECENT).replace(second=0, microsecond=0)
        waiting: list[float] = []
        talking: set[str] = set()
        for call_id in self.open:
            call = self.calls[call_id]
            arrival = call.arrival
            if arrival is None or now - arrival >= STALE_CALL:
                continue
            if call.answered is None and call.entered is not None:
                waiting.append(max(0.0, (now - call.entered).total_seconds()))
            if call.answered is not None and call.agent:
                talking.add(call.agent)
        today = _Counts()
        recent = _Counts()
        for minute, counts in self.minutes.items():
            if minute >= day_start:
                today.add(counts)
                if minute >= recent_start:
                    recent.add(counts)
        logged_in = {agent for agent, (_ts, on) in self.agents.items() if on} | talking
        last_arrival = self.last_arrival if self.last_arrival and self.last_arrival <= now else None
        silent_s = (now - last_arrival).total_seconds() if last_arrival else None
        today_figures, recent_figures = today.as_dict(), recent.as_dict() | {"abandon_rate": recent.abandon_rate()}
        # Why a figure is unknown (kpi.UNKNOWN_REASONS), by its key as the pages name it ("today.asa_s"). Without a
        # single login event the source does not report logins: who is on the line is unknown, not 0.
        unknown = {f"today.{key}": reason for key, reason in today_figures.pop("unknown").items()}
        unknown |= {f"last_30min.{key}": reason for key, reason in recent_figures.pop("unknown").items()}
        if "last_30min.service_level" in unknown:
            unknown["last_30min_service_level"] = unknown["last_30min.service_level"]
        if not self.agents:
            unknown["agents_logged_in"] = "no_agent_login_events"
        return {
            "waiting_now": len(waiting),
            "longest_wait_s": round(max(waiting), 1) if waiting else 0.0,
            "agents_logged_in": len(logged_in) if self.agents else None,
            "agents_talking": len(talking),
            "today": today_figures,
            "last_30min_service_level": recent.service_level(),
            "last_30min": recent_figures,
            "unknown": unknown,
            "last_call_at": _aware(last_arrival, offset),
            "no_calls_min": round(silent_s / 60, 1) if silent_s is not None else None,
            "working_hours": in_working_hours(self.settings.schedule, local_now),
            "as_of": _aware(now, offset),
        }


@dataclass
class _Counts:
    answered: int = 0
    abandoned: int = 0
    short: int = 0
    within: int = 0
    wait_sum: float = 0.0
    answered_waits: int = 0  # answered calls whose wait is known
    waits_known: int = 0  # calls (answered or left) whose wait is known

    def add(self, other: _Counts) -> None:
        self.answered += other.answered
        self.abandoned += other.abandoned
        self.short += other.short
        self.within += other.within
        self.wait_sum += other.wait_sum
        self.answered_waits += other.answered_waits
        self.waits_known += other.waits_known

    def service_level(self) -> float | None:
        """None without calls, and without a single known wait (no queue entries): unknown, never 0 %."""
        total = self.answered + self.abandoned
        return round(self.within / total, 4) if total and self.waits_known else None

    def unknown(self) -> dict[str, str]:
        reasons = {}
        if not self.answered + self.abandoned:
            reasons["service_level"] = "no_calls"
        elif not self.waits_known:
            reasons["service_level"] = "no_wait_times"
        if not self.answered:
            reasons["asa_s"] = "no_answered_calls"
        elif not self.answered_waits:
            reasons["asa_s"] = "no_wait_times"
        return reasons

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
            "asa_s": round(self.wait_sum / self.answered_waits, 2) if self.answered_waits else None,
            "unknown": self.unknown(),
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
