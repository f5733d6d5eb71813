"""The economics of one evaluation: staffing, schedules, every offer priced, in-house, curves.

``economics_section`` is the one entry point the pipeline stage, the CLI and the web app call; it
returns plain data (the report's ``economics`` section), so the shells only display it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import ceil
from pathlib import Path
from typing import Any

import numpy as np

from callscout.economics.demand import Workload, workload_for_needs
from callscout.economics.pricing import MonthlyVolume, OfferPrice, offer_risks, price_offer, unit_costs
from callscout.economics.staffing import StaffingOptions, WeekPlan, plan_week, pooled_operator_hours, standard_schedules
from callscout.i18n import msg
from callscout.model import Evaluation, Needs, Offer, Schedule
from callscout.model.economics import EconomicsAssumptions
from callscout.workload import WEEKS_PER_MONTH

CURVE_MULTIPLIERS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
BREAK_EVEN_RANGE = (0.1, 5.0)
_BREAK_EVEN_GRID = 24
_BISECTION_STEPS = 14


@dataclass
class EconomicsModel:
    """Prices offers on one workload; week plans are cached per schedule, volume and talk time."""

    needs: Needs
    assumptions: EconomicsAssumptions
    workload: Workload
    options: StaffingOptions = field(init=False)
    schedules: dict[str, tuple[str, Schedule]] = field(init=False)
    _plans: dict[tuple[str, float, float], tuple[WeekPlan, float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.options = StaffingOptions.for_evaluation(self.needs, self.assumptions)
        self.schedules = {key: (label, schedule) for key, label, schedule in standard_schedules(self.needs)}

    def offer_schedule(self, offer: Offer) -> str:
        """``None``: the buyer's schedule; ``24/7``; ``hours``: the buyer's hours, or 09-21 daily when
        the buyer asked for 24/7 (a vendor working hours cannot cover it)."""
        if offer.schedule == "24/7":
            return "24/7" if "24/7" in self.schedules else "buyer"
        if offer.schedule == "hours" and self.needs.schedule.mode == "24/7":
            return "daily_09_21"
        return "buyer"

    def plan(self, schedule_key: str, multiplier: float = 1.0, talk_factor: float = 1.0) -> tuple[WeekPlan, float]:
        """The week plan and the pooled (shared) paid hours per week."""
        key = (schedule_key, multiplier, talk_factor)
        if key not in self._plans:
            label, schedule = self.schedules[schedule_key]
            workload = self.workload.scaled(multiplier).with_talk_time(self.workload.talk_s * talk_factor)
            plan = plan_week(
                workload,
                schedule,
                self.options,
                name=schedule_key,
                label=label,
                callback_share=self.assumptions.callback_share,
            )
            shared = pooled_operator_hours(plan, self.options, self.assumptions.shared_pool_factor)
            self._plans[key] = (plan, shared)
        return self._plans[key]

    def volume(self, schedule_key: str, multiplier: float = 1.0, talk_factor: float = 1.0) -> MonthlyVolume:
        plan, shared_hours = self.plan(schedule_key, multiplier, talk_factor)
        needs = self.needs
        calls_in_hours = plan.calls_in_hours * WEEKS_PER_MONTH
        abandoned = plan.abandoned * WEEKS_PER_MONTH
        handled = calls_in_hours - abandoned
        outbound = needs.outbound_contacts_per_month * multiplier
        return MonthlyVolume(
            calls_offered=plan.workload.calls_per_month,
            calls_in_hours=calls_in_hours,
            handled=handled,
            abandoned=abandoned,
            lost_outside=plan.lost_outside * WEEKS_PER_MONTH,
            talk_s=plan.workload.talk_s,
            asa_s=plan.weighted(plan.metrics.asa_s),
            dedicated_hours=plan.operator_hours_per_week * WEEKS_PER_MONTH,
            shared_hours=shared_hours * WEEKS_PER_MONTH,
            busy_hours=plan.busy_hours_per_week * WEEKS_PER_MONTH,
            headcount=plan.headcount(self.assumptions.in_house.fte_hours_per_month),
            orders=handled * needs.order_conversion,
            average_order_value=needs.average_order_value_rub,
            margin_share=needs.margin_share,
            contacts=outbound if outbound > 0 else calls_in_hours,
            contacts_are_inbound=outbound <= 0,
            reach_rate=needs.reach_rate,
            dial_attempts_per_contact=needs.dial_attempts_per_contact,
            toll_free=needs.needs_8800,
        )

    def price(
        self, offer: Offer, multiplier: float = 1.0, talk_factor: float = 1.0, schedule_key: str | None = None
    ) -> tuple[MonthlyVolume, OfferPrice]:
        volume = self.volume(schedule_key or self.offer_schedule(offer), multiplier, talk_factor)
        return volume, price_offer(offer, volume, self.assumptions.amortisation_months)

    def in_house(self, schedule_key: str = "buyer", multiplier: float = 1.0) -> dict[str, Any]:
        return in_house_cost(self.plan(schedule_key, multiplier)[0], self.volume(schedule_key, multiplier), self)


def in_house_cost(plan: WeekPlan, volume: MonthlyVolume, model: EconomicsModel) -> dict[str, Any]:
    """Running the same schedule yourself. Every number comes from ``assumptions.in_house``."""
    a = model.assumptions.in_house
    headcount = plan.headcount(a.fte_hours_per_month)
    supervisors = ceil(headcount / a.operators_per_supervisor) if headcount else 0
    seats = plan.peak_scheduled
    toll_free_rate = a.toll_free_per_minute_rub if volume.toll_free else 0.0
    items = {
        "operators_rub": headcount * a.operator_salary_rub * (1 + a.payroll_tax_share),
        "supervisors_rub": supervisors * a.supervisor_salary_rub * (1 + a.payroll_tax_share),
        "workplaces_rub": seats * a.workplace_rub_month,
        "telephony_rub": volume.talk_minutes * a.telephony_per_minute_rub
        + seats * a.telephony_per_seat_rub_month
        + volume.toll_free_minutes * toll_free_rate,
        "hiring_and_training_rub": headcount * a.hiring_cost_rub * a.annual_turnover_share / 12
        + headcount * a.hiring_cost_rub / model.assumptions.amortisation_months,
    }
    total = sum(items.values())
    return {
        "schedule": plan.name,
        "operators": headcount,
        "supervisors": supervisors,
        "workplaces": seats,
        "items": {key: round(value, 2) for key, value in items.items()},
        "monthly_cost_rub": round(total, 2),
        "cost_per_handled_call_rub": round(total / volume.handled, 2) if volume.handled else None,
        "assumptions": a.model_dump(),
    }


def _offer_entry(model: EconomicsModel, vendor_name: str, offer: Offer) -> dict[str, Any]:
    volume, price = model.price(offer)
    longer = model.price(offer, talk_factor=1.2)
    half = model.price(offer, multiplier=0.5)
    budget = model.needs.budget_rub_month
    return {
        "vendor": vendor_name,
        "offer": offer.name,
        "label": f"{vendor_name} — {offer.name}",
        "models": [charge.model for charge in offer.charges],
        "schedule": model.offer_schedule(offer),
        "dedicated_operators": offer.dedicated_operators,
        "monthly_cost_rub": round(price.monthly_cost, 2),
        "first_month_cost_rub": round(price.first_month_cost, 2),
        "peak_month_cost_rub": round(model.price(offer, model.needs.peak_season_factor)[1].monthly_cost, 2),
        "breakdown": price.breakdown,
        **unit_costs(price, volume),
        "handled_calls_per_month": round(volume.handled, 1),
        "orders_per_month": round(volume.orders, 1),
        "revenue_rub": round(volume.revenue, 2),
        "talk_minutes_per_month": round(volume.talk_minutes, 1),
        "lost_calls_per_month": round(volume.lost_outside, 1),
        "within_budget": None if budget is None else price.monthly_cost <= budget,
        "risks": offer_risks(
            offer,
            volume,
            price,
            longer_talk=longer,
            half_volume=half,
            needs=model.needs,
            amortisation_months=model.assumptions.amortisation_months,
        ),
    }


def _break_even(model: EconomicsModel, offers: list[tuple[str, Offer]]) -> list[dict[str, Any]]:
    """Volumes where two offers cost the same: sign changes on a log grid, refined by bisection."""
    grid = np.geomspace(*BREAK_EVEN_RANGE, _BREAK_EVEN_GRID)

    # Every pair reads the same offers at the same grid volumes: each offer is priced once per volume
    # (20 vendors make 190 pairs; pricing them pair by pair was most of the report's economics time).
    costs: dict[tuple[int, float], float] = {}

    def offer_cost(offer: Offer, multiplier: float) -> float:
        key = (id(offer), multiplier)
        if key not in costs:
            costs[key] = model.price(offer, multiplier)[1].monthly_cost
        return costs[key]

    def difference(first: Offer, second: Offer, multiplier: float) -> float:
        return offer_cost(first, float(multiplier)) - offer_cost(second, float(multiplier))

    results = []
    for (label_a, offer_a), (label_b, offer_b) in combinations(offers, 2):
        values = [difference(offer_a, offer_b, m) for m in grid]
        for index in range(len(grid) - 1):
            low, high = float(grid[index]), float(grid[index + 1])
            if values[index] == 0 or values[index] * values[index + 1] >= 0:
                continue
            low_sign = values[index] > 0
            for _ in range(_BISECTION_STEPS):
                middle = (low * high) ** 0.5
                if (difference(offer_a, offer_b, middle) > 0) == low_sign:
                    low = middle
                else:
                    high = middle
            crossing = (low * high) ** 0.5
            cost = model.price(offer_a, crossing)[1].monthly_cost
            cheaper_above = label_a if low_sign else label_b
            results.append(
                {
                    "offer_a": label_a,
                    "offer_b": label_b,
                    "calls_per_month": round(model.workload.calls_per_month * crossing),
                    "volume_multiplier": round(crossing, 4),
                    "monthly_cost_rub": round(cost, 2),
                    "cheaper_above": cheaper_above,
                }
            )
    return results


def economics_section(
    evaluation: Evaluation, workload: Workload | None = None, base_dir: Path | None = None
) -> dict[str, Any]:
    """``workload``: the buyer's own (CSV, call log); else ``needs.call_profile.history_path`` when
    set (relative to ``base_dir``, the evaluation file's folder); else the needs' profile."""
    needs = evaluation.needs
    assumptions = evaluation.economics
    if workload is None:
        workload = workload_for_needs(needs, assumptions.interval_min, base_dir)
    model = EconomicsModel(needs, assumptions, workload)
    offers = [(vendor.name, offer) for vendor in evaluation.vendors for offer in vendor.offers]
    entries = [_offer_entry(model, vendor_name, offer) for vendor_name, offer in offers]
    best: dict[str, dict[str, Any]] = {}
    for entry in entries:
        current = best.get(entry["vendor"])
        if current is None or entry["monthly_cost_rub"] < current["monthly_cost_rub"]:
            best[entry["vendor"]] = entry
    labels = [(f"{vendor_name} — {offer.name}", offer) for vendor_name, offer in offers]
    fte_hours = assumptions.in_house.fte_hours_per_month
    buyer_plan, buyer_shared = model.plan("buyer")
    peak_plan, _ = model.plan("buyer", needs.peak_season_factor)
    schedules = []
    for key in model.schedules:
        plan, _ = model.plan(key)
        volume = model.volume(key)
        lost_orders = volume.lost_outside * needs.order_conversion
        schedules.append(
            {
                **plan.summary(fte_hours),
                "lost_calls_per_month": round(volume.lost_outside, 1),
                "lost_orders_per_month": round(lost_orders, 1),
                "lost_revenue_rub": round(lost_orders * needs.average_order_value_rub, 2),
                "lost_margin_rub": round(lost_orders * needs.average_order_value_rub * needs.margin_share, 2),
                "in_house_monthly_cost_rub": model.in_house(key)["monthly_cost_rub"],
                "cost_by_offer": {
                    offer_label: round(model.price(offer, schedule_key=key)[1].monthly_cost, 2)
                    for offer_label, offer in labels
                },
            }
        )
    in_house = model.in_house("buyer")
    cheapest = min(entries, key=lambda entry: entry["monthly_cost_rub"], default=None)
    if cheapest is not None:
        in_house["cheapest_offer"] = cheapest["label"]
        in_house["outsourcing_saves_rub"] = round(in_house["monthly_cost_rub"] - cheapest["monthly_cost_rub"], 2)
    dedicated_hours = buyer_plan.operator_hours_per_week * WEEKS_PER_MONTH
    shared_hours = buyer_shared * WEEKS_PER_MONTH
    hourly_rate = _loaded_hourly_cost(assumptions)
    staffing = {
        "target": str(model.options.target),
        "model": "erlang_c" if assumptions.patience_s is None else "erlang_a",
        "patience_s": assumptions.patience_s,
        "shrinkage": assumptions.shrinkage,
        "max_occupancy": assumptions.max_occupancy,
        "interval_min": workload.interval_min,
        "aht_s": workload.aht_s,
        "workload_source": workload.source,
        **buyer_plan.summary(fte_hours),
        "peak_season": {"factor": needs.peak_season_factor, **peak_plan.summary(fte_hours)},
        "agents_by_interval": [int(value) for value in buyer_plan.agents],
        "scheduled_by_interval": [int(value) for value in buyer_plan.scheduled],
        "calls_by_interval": [round(float(value), 3) for value in buyer_plan.calls],
        "pooling": {
            "dedicated_hours_per_month": round(dedicated_hours, 1),
            "shared_hours_per_month": round(shared_hours, 1),
            "pool_factor": assumptions.shared_pool_factor,
            "saving_share": round(1 - shared_hours / dedicated_hours, 4) if dedicated_hours else 0.0,
            "hourly_cost_rub": round(hourly_rate, 2),
            "cost_difference_rub": round((dedicated_hours - shared_hours) * hourly_rate, 2),
        },
    }
    curves = {
        "multipliers": list(CURVE_MULTIPLIERS),
        "calls_per_month": [round(workload.calls_per_month * m) for m in CURVE_MULTIPLIERS],
        "offers": {
            label: [round(model.price(offer, m)[1].monthly_cost, 2) for m in CURVE_MULTIPLIERS]
            for label, offer in labels
        },
        "in_house": [model.in_house("buyer", m)["monthly_cost_rub"] for m in CURVE_MULTIPLIERS],
    }
    return {
        "offers": entries,
        "best_offer_by_vendor": best,
        "staffing": staffing,
        "schedules": schedules,
        "in_house": in_house,
        "break_even": _break_even(model, labels),
        "curves": curves,
        "workload": {
            "calls_per_month": round(workload.calls_per_month, 1),
            "aht_s": workload.aht_s,
            "talk_s": workload.talk_s,
            "order_conversion": needs.order_conversion,
            "average_order_value_rub": needs.average_order_value_rub,
            "margin_share": needs.margin_share,
            "source": workload.source,
        },
        "notes": [
            msg("economics.analysis.one_off_fees_setup_trial_project", m=assumptions.amortisation_months),
            msg("economics.analysis.month_is_typical_weeks_talk_time", w=WEEKS_PER_MONTH),
        ],
    }


def _loaded_hourly_cost(assumptions: EconomicsAssumptions) -> float:
    """An in-house operator hour with payroll taxes: the rate the pooling saving is valued at."""
    a = assumptions.in_house
    return a.operator_salary_rub * (1 + a.payroll_tax_share) / a.fte_hours_per_month
