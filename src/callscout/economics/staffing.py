"""Staffing: one interval (the ``staffing erlang`` command) and whole weeks under a schedule.

A week plan staffs every interval the line is open, pays operators for the open part of each
interval, and accounts for the calls that arrive while it is closed: lost, or called back during
open hours (``callback_share``), which adds to the load there.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

import numpy as np

from callscout.economics.demand import Workload, interval_open_shares
from callscout.economics.erlang import (
    DEFAULT_MAX_AGENTS,
    QueueMetrics,
    ServiceTarget,
    check_queue_inputs,
    erlang_a_metrics,
    erlang_c_metrics,
    offered_load,
    required_agents,
)
from callscout.errors import UsageError
from callscout.i18n import msg
from callscout.model import Needs, Schedule
from callscout.model.economics import EconomicsAssumptions
from callscout.workload import WEEKS_PER_MONTH


@dataclass(frozen=True)
class StaffingOptions:
    target: ServiceTarget
    patience_s: float | None = None
    shrinkage: float = 0.0
    max_occupancy: float = 1.0
    min_agents_when_open: int = 0
    max_agents: int = DEFAULT_MAX_AGENTS
    max_abandon: float | None = None  # only with patience: Erlang C has no abandonment

    def __post_init__(self) -> None:
        check_queue_inputs(patience_s=self.patience_s, shrinkage=self.shrinkage, max_occupancy=self.max_occupancy)
        self.target.checked()
        if self.max_abandon is not None and not 0 < self.max_abandon < 1:
            raise UsageError(msg("economics.staffing.allowed_share_of_abandoned_calls_must", v=self.max_abandon))

    def required_agents(self, load: np.ndarray, aht_s: float, max_agents: int | None = None) -> np.ndarray:
        return required_agents(
            load,
            aht_s,
            self.target,
            patience_s=self.patience_s,
            max_occupancy=self.max_occupancy,
            max_abandon=self.max_abandon if self.patience_s is not None else None,
            max_agents=max_agents or self.max_agents,
        )

    @classmethod
    def for_evaluation(cls, needs: Needs, assumptions: EconomicsAssumptions) -> StaffingOptions:
        return cls(
            ServiceTarget(needs.service_level.percent / 100, needs.service_level.seconds),
            assumptions.patience_s,
            assumptions.shrinkage,
            assumptions.max_occupancy,
            assumptions.min_agents_when_open,
            assumptions.max_agents,
            needs.max_abandon_rate if 0 < needs.max_abandon_rate < 1 else None,
        )

    def scheduled(self, agents: np.ndarray) -> np.ndarray:
        """Agents on the payroll schedule: on the phones divided by the share of time they are."""
        return np.ceil(agents / (1 - self.shrinkage) - 1e-9).astype(np.int64)


def queue_metrics(agents: np.ndarray, load: np.ndarray, aht_s: float, options: StaffingOptions) -> QueueMetrics:
    if options.patience_s is None:
        return erlang_c_metrics(agents, load, aht_s, options.target.seconds)
    return erlang_a_metrics(agents, load, aht_s, options.patience_s, options.target.seconds)


@dataclass(frozen=True)
class IntervalStaffing:
    calls: float
    period_s: float
    aht_s: float
    load_erlangs: float
    agents: int
    scheduled: int
    service_level: float
    asa_s: float
    occupancy: float
    p_wait: float
    p_abandon: float | None
    target: ServiceTarget
    patience_s: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "period_min": self.period_s / 60,
            "aht_s": self.aht_s,
            "load_erlangs": round(self.load_erlangs, 4),
            "target": str(self.target),
            "patience_s": self.patience_s,
            "agents": self.agents,
            "scheduled": self.scheduled,
            "service_level": round(self.service_level, 4),
            "asa_s": round(self.asa_s, 2),
            "occupancy": round(self.occupancy, 4),
            "p_wait": round(self.p_wait, 4),
            "p_abandon": None if self.p_abandon is None else round(self.p_abandon, 4),
        }


def staff_interval(calls: float, period_s: float, aht_s: float, options: StaffingOptions) -> IntervalStaffing:
    check_queue_inputs(calls=calls, period_s=period_s, aht_s=aht_s)
    load = offered_load(np.array([calls]), period_s, aht_s)
    agents = options.required_agents(load, aht_s)
    metrics = queue_metrics(agents.astype(float), load, aht_s, options)
    return IntervalStaffing(
        calls,
        period_s,
        aht_s,
        float(load[0]),
        int(agents[0]),
        int(options.scheduled(agents)[0]),
        float(metrics.service_level[0]),
        float(metrics.asa_s[0]),
        float(metrics.occupancy[0]),
        float(metrics.p_wait[0]),
        None if metrics.p_abandon is None else float(metrics.p_abandon[0]),
        options.target,
        options.patience_s,
    )


@dataclass(frozen=True)
class WeekPlan:
    """A schedule's week: per-interval staffing and the calls it answers, calls back or loses."""

    name: str
    label: str
    workload: Workload
    open_share: np.ndarray
    calls: np.ndarray  # offered while open, callbacks included
    agents: np.ndarray
    scheduled: np.ndarray
    metrics: QueueMetrics
    calls_outside: float
    callbacks: float

    @property
    def interval_h(self) -> float:
        return self.workload.interval_min / 60

    @property
    def operator_hours_per_week(self) -> float:
        """Paid hours: scheduled operators for the open part of each interval."""
        return float(np.sum(self.scheduled * self.open_share) * self.interval_h)

    @property
    def productive_hours_per_week(self) -> float:
        return float(np.sum(self.agents * self.open_share) * self.interval_h)

    @property
    def busy_hours_per_week(self) -> float:
        return float(np.sum(self.metrics.occupancy * self.agents * self.open_share) * self.interval_h)

    @property
    def open_hours_per_week(self) -> float:
        return float(np.sum(self.open_share) * self.interval_h)

    @property
    def calls_in_hours(self) -> float:
        return float(np.sum(self.calls))

    @property
    def abandoned(self) -> float:
        if self.metrics.p_abandon is None:
            return 0.0
        return float(np.sum(self.calls * self.metrics.p_abandon))

    @property
    def lost_outside(self) -> float:
        return self.calls_outside - self.callbacks

    def weighted(self, values: np.ndarray) -> float:
        total = float(np.sum(self.calls))
        finite = np.where(np.isfinite(values), values, 0.0)
        return float(np.sum(finite * self.calls) / total) if total else 0.0

    @property
    def peak_agents(self) -> int:
        return int(self.agents.max(initial=0))

    @property
    def peak_scheduled(self) -> int:
        return int(self.scheduled.max(initial=0))

    def headcount(self, fte_hours_per_month: float) -> int:
        return ceil(self.operator_hours_per_week * WEEKS_PER_MONTH / fte_hours_per_month - 1e-9)

    def summary(self, fte_hours_per_month: float) -> dict[str, Any]:
        return {
            "schedule": self.name,
            "label": self.label,
            "interval_min": self.workload.interval_min,
            "open_hours_per_week": round(self.open_hours_per_week, 2),
            "calls_per_week": round(self.workload.calls_per_week, 1),
            "calls_in_hours_per_week": round(self.calls_in_hours - self.callbacks, 1),
            "calls_outside_per_week": round(self.calls_outside, 1),
            "callbacks_per_week": round(self.callbacks, 1),
            "lost_calls_per_week": round(self.lost_outside, 1),
            "abandoned_per_week": round(self.abandoned, 1),
            "operator_hours_per_week": round(self.operator_hours_per_week, 1),
            "operator_hours_per_month": round(self.operator_hours_per_week * WEEKS_PER_MONTH, 1),
            "productive_hours_per_week": round(self.productive_hours_per_week, 1),
            "headcount": self.headcount(fte_hours_per_month),
            "peak_agents": self.peak_agents,
            "peak_scheduled": self.peak_scheduled,
            "service_level": round(self.weighted(self.metrics.service_level), 4),
            "asa_s": round(self.weighted(self.metrics.asa_s), 2),
            "occupancy": round(self.busy_hours_per_week / self.productive_hours_per_week, 4)
            if self.productive_hours_per_week
            else 0.0,
            "p_abandon": None if self.metrics.p_abandon is None else round(self.weighted(self.metrics.p_abandon), 4),
        }


def plan_week(
    workload: Workload,
    schedule: Schedule,
    options: StaffingOptions,
    *,
    name: str = "custom",
    label: str | None = None,
    callback_share: float = 0.0,
) -> WeekPlan:
    open_share = np.array(interval_open_shares(schedule, workload.interval_min))
    offered = np.array(workload.calls)
    inside = offered * open_share
    outside = float(np.sum(offered) - np.sum(inside))
    callbacks = outside * callback_share
    if callbacks and np.sum(inside) > 0:
        # Callbacks are made in open hours, in proportion to the traffic there.
        inside = inside + callbacks * inside / np.sum(inside)
    # An interval open only partly still runs at the full rate while open.
    rate_calls = np.divide(inside, open_share, out=np.zeros_like(inside), where=open_share > 0)
    period_s = workload.interval_min * 60
    load = offered_load(rate_calls, period_s, workload.aht_s)
    agents = options.required_agents(load, workload.aht_s)
    agents = np.where(open_share > 0, np.maximum(agents, options.min_agents_when_open), 0)
    metrics = queue_metrics(agents.astype(float), load, workload.aht_s, options)
    return WeekPlan(
        name,
        label or name,
        workload,
        open_share,
        inside,
        agents,
        options.scheduled(agents),
        metrics,
        outside,
        callbacks,
    )


def pooled_operator_hours(plan: WeekPlan, options: StaffingOptions, pool_factor: float) -> float:
    """Our share of a shared pool's paid hours, when other clients bring ``pool_factor`` times our
    load: a bigger pool meets the same target with fewer agents per erlang (the pooling effect)."""
    if pool_factor <= 0:
        return plan.operator_hours_per_week
    period_s = plan.workload.interval_min * 60
    rate_calls = np.divide(plan.calls, plan.open_share, out=np.zeros_like(plan.calls), where=plan.open_share > 0)
    load = offered_load(rate_calls, period_s, plan.workload.aht_s)
    pool_agents = options.required_agents(
        load * (1 + pool_factor), plan.workload.aht_s, max(options.max_agents, DEFAULT_MAX_AGENTS)
    )
    share_agents = pool_agents / (1 + pool_factor)
    scheduled = share_agents / (1 - options.shrinkage)
    return float(np.sum(scheduled * plan.open_share) * plan.interval_h)


def standard_schedules(needs: Needs) -> list[tuple[str, str, Schedule]]:
    """The buyer's own schedule first, then the usual alternatives; identical ones appear once."""
    candidates = [
        ("buyer", msg("economics.staffing.buyer_s_schedule"), needs.schedule),
        ("24/7", msg("economics.staffing.n24_7"), Schedule(mode="24/7")),
        (
            "daily_09_21",
            msg("economics.staffing.daily_09_00_21_00"),
            Schedule(
                mode="hours", hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "09:00-21:00")
            ),
        ),
        (
            "business",
            msg("economics.staffing.weekdays_09_00_18_00"),
            Schedule(mode="hours", hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-18:00")),
        ),
    ]
    unique: list[tuple[str, str, Schedule]] = []
    for key, label, schedule in candidates:
        if all(schedule != other for _, _, other in unique):
            unique.append((key, label, schedule))
    return unique
