"""What an offer costs on the buyer's workload, in every charge model of ``callscout.model.vendor``.

Conventions (documented here because they change numbers):

* A month is ``WEEKS_PER_MONTH`` typical weeks.
* Setup fees and paid-trial fees are spread over ``amortisation_months`` in the monthly cost; the
  first month's cost shows them in full.
* The minimum monthly charge tops up the service charges (not the 8-800 telephony) to the minimum.
* Talk time is taken as exponentially distributed, so rounding up to an increment of ``s`` seconds
  bills ``s / (1 - exp(-s / talk))`` seconds per call on average (+18% at 170 s per started minute).
* Per-contact offers bill the outbound base; with no base in the needs, each inbound caller is a
  contact. Per-result offers bill orders (leads are counted the same way: handled x conversion).
* Per-operator-hour offers bill dedicated hours when the charge or the offer is dedicated, else our
  share of a shared pool (see ``staffing.pooled_operator_hours``).
* The 8-800 line is billed for talk plus waiting time of every call, when the buyer needs 8-800.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import exp
from typing import Any

from callscout.i18n import msg
from callscout.model import Needs, Offer
from callscout.model.vendor import (
    FixedMonthly,
    PerCall,
    PercentOfSales,
    PerContact,
    PerOperatorHour,
    PerResult,
    PerTalkMinute,
    SalaryPlusPercent,
)


@dataclass(frozen=True)
class MonthlyVolume:
    """The month an offer is priced on: calls, time, staffing and money, for one schedule."""

    calls_offered: float
    calls_in_hours: float
    handled: float
    abandoned: float
    lost_outside: float
    talk_s: float
    asa_s: float
    dedicated_hours: float
    shared_hours: float
    busy_hours: float
    headcount: int
    orders: float
    average_order_value: float
    margin_share: float
    contacts: float
    contacts_are_inbound: bool
    reach_rate: float
    dial_attempts_per_contact: float
    toll_free: bool

    @property
    def revenue(self) -> float:
        return self.orders * self.average_order_value

    @property
    def talk_minutes(self) -> float:
        return self.handled * self.talk_s / 60

    @property
    def reached_contacts(self) -> float:
        return self.contacts * self.reach_rate

    @property
    def dial_attempts(self) -> float:
        if self.contacts_are_inbound:
            return self.calls_in_hours
        return self.contacts * self.dial_attempts_per_contact

    @property
    def toll_free_minutes(self) -> float:
        if not self.toll_free:
            return 0.0
        return (self.handled * (self.talk_s + self.asa_s) + self.abandoned * self.asa_s) / 60

    def billed_talk_minutes(self, increment_s: int) -> float:
        if self.talk_s <= 0:
            return 0.0
        per_call_s = increment_s / (1 - exp(-increment_s / self.talk_s)) if increment_s > 1 else self.talk_s + 0.5
        return self.handled * per_call_s / 60


@dataclass
class OfferPrice:
    monthly_cost: float
    first_month_cost: float
    usage_cost: float
    breakdown: list[dict[str, Any]] = field(default_factory=list)
    minimum_top_up: float = 0.0


def _charge_cost(charge: object, volume: MonthlyVolume, offer: Offer, amortisation_months: int) -> float:
    """Monthly cost of one charge on one volume (one-off trial fees amortised)."""
    if isinstance(charge, PerContact):
        return charge.rate * volume.contacts
    if isinstance(charge, PerCall):
        return charge.rate * (volume.dial_attempts if charge.basis == "attempt" else volume.handled)
    if isinstance(charge, PercentOfSales):
        return charge.percent / 100 * volume.revenue
    if isinstance(charge, PerResult):
        return charge.rate * volume.orders + charge.trial_fee / amortisation_months
    if isinstance(charge, PerOperatorHour):
        dedicated = charge.dedicated or offer.dedicated_operators
        return charge.rate * (volume.dedicated_hours if dedicated else volume.shared_hours)
    if isinstance(charge, PerTalkMinute):
        return charge.rate * volume.billed_talk_minutes(charge.increment_s)
    if isinstance(charge, FixedMonthly):
        return charge.amount
    if isinstance(charge, SalaryPlusPercent):
        operators = charge.operators or volume.headcount
        return charge.salary_per_operator * operators + charge.percent / 100 * volume.revenue
    raise TypeError(f"unknown charge model {charge!r}")


def price_offer(offer: Offer, volume: MonthlyVolume, amortisation_months: int) -> OfferPrice:
    breakdown = []
    service = 0.0
    for charge in offer.charges:
        cost = _charge_cost(charge, volume, offer, amortisation_months)
        service += cost
        breakdown.append({"item": charge.model, "cost_rub": round(cost, 2)})
    top_up = max(0.0, offer.minimum_monthly - service)
    if top_up:
        breakdown.append({"item": "minimum_monthly", "cost_rub": round(top_up, 2)})
    toll_free = offer.toll_free_per_minute * volume.toll_free_minutes
    if toll_free:
        breakdown.append({"item": "toll_free_8800", "cost_rub": round(toll_free, 2)})
    setup = offer.setup_fee / amortisation_months
    if setup:
        breakdown.append({"item": "setup_fee", "cost_rub": round(setup, 2)})
    usage = service + top_up + toll_free
    trial = sum(charge.trial_fee for charge in offer.charges if isinstance(charge, PerResult))
    monthly = usage + setup
    first_month = usage - trial / amortisation_months + trial + offer.setup_fee
    return OfferPrice(monthly, first_month, usage, breakdown, top_up)


def unit_costs(price: OfferPrice, volume: MonthlyVolume) -> dict[str, float | None]:
    def per(amount: float, units: float) -> float | None:
        return round(amount / units, 2) if units > 0 else None

    return {
        "cost_per_handled_call_rub": per(price.monthly_cost, volume.handled),
        "cost_per_talk_minute_rub": per(price.monthly_cost, volume.talk_minutes),
        "cost_per_order_rub": per(price.monthly_cost, volume.orders),
        "share_of_revenue": round(price.monthly_cost / volume.revenue, 4) if volume.revenue > 0 else None,
    }


def _risk(code: str, message: str, value_rub: float | None = None, change_share: float | None = None) -> dict:
    return {
        "code": code,
        "message": message,
        "value_rub": None if value_rub is None else round(value_rub, 2),
        "change_share": None if change_share is None else round(change_share, 4),
    }


def offer_risks(
    offer: Offer,
    volume: MonthlyVolume,
    price: OfferPrice,
    *,
    longer_talk: tuple[MonthlyVolume, OfferPrice],
    half_volume: tuple[MonthlyVolume, OfferPrice],
    needs: Needs,
    amortisation_months: int,
) -> list[dict[str, Any]]:
    """The incentive risks of the article, each computed on this workload."""
    risks: list[dict[str, Any]] = []
    models = {charge.model for charge in offer.charges}
    long_volume, long_price = longer_talk
    extra = long_price.monthly_cost - price.monthly_cost
    if price.monthly_cost > 0 and extra / price.monthly_cost > 0.005:
        risks.append(
            _risk(
                "longer_talk_costs_more",
                msg(
                    "economics.pricing.if_calls_get_20_longer_s",
                    talk=long_volume.talk_s,
                    extra=extra,
                    share=extra / price.monthly_cost,
                ),
                long_price.monthly_cost,
                extra / price.monthly_cost,
            )
        )
    for charge in offer.charges:
        if isinstance(charge, PerTalkMinute) and charge.increment_s > 1:
            billed = volume.billed_talk_minutes(charge.increment_s)
            overhead = billed - volume.talk_minutes
            if volume.talk_minutes > 0:
                risks.append(
                    _risk(
                        "rounding_overhead",
                        msg(
                            "economics.pricing.rounding_up_to_s_bills_min",
                            inc=charge.increment_s,
                            billed=billed,
                            talk=volume.talk_minutes,
                            share=overhead / volume.talk_minutes,
                            rub=overhead * charge.rate,
                        ),
                        overhead * charge.rate,
                        overhead / volume.talk_minutes,
                    )
                )
        if isinstance(charge, PerContact):
            reached = volume.reached_contacts
            cost = charge.rate * volume.contacts
            if volume.contacts_are_inbound:
                message = msg("economics.pricing.needs_have_no_outbound_base_every")
                risks.append(_risk("contacts_assumed_inbound", message))
            if reached > 0:
                risks.append(
                    _risk(
                        "pays_for_unreached",
                        msg(
                            "economics.pricing.you_pay_for_whole_base_at",
                            reach=volume.reach_rate,
                            per=cost / reached,
                            rate=charge.rate,
                            lost=cost * (1 - volume.reach_rate),
                        ),
                        cost / reached,
                        1 - volume.reach_rate,
                    )
                )
        if isinstance(charge, PerCall) and charge.basis == "attempt" and volume.handled > 0:
            # Inbound queues without a patience model show no abandons; the buyer's own ceiling on
            # abandonment is then the honest guess of the attempts paid without a conversation.
            unanswered = max(volume.dial_attempts - volume.handled, volume.calls_in_hours * needs.max_abandon_rate)
            cost = charge.rate * (volume.handled + unanswered)
            risks.append(
                _risk(
                    "pays_for_attempts",
                    msg(
                        "economics.pricing.you_pay_per_attempt_attempts_month",
                        n=unanswered,
                        rub=unanswered * charge.rate,
                        per=cost / volume.handled,
                        rate=charge.rate,
                    ),
                    cost / volume.handled,
                    unanswered / (volume.handled + unanswered),
                )
            )
        if isinstance(charge, PerOperatorHour):
            dedicated = charge.dedicated or offer.dedicated_operators
            hours = volume.dedicated_hours if dedicated else volume.shared_hours
            idle_share = max(0.0, 1 - volume.busy_hours / hours) if hours else 0.0
            risks.append(
                _risk(
                    "pays_for_idle_time",
                    msg(
                        "economics.pricing.paying_operator_hours_of_paid_time",
                        idle=idle_share,
                        rub=idle_share * charge.rate * hours,
                    ),
                    idle_share * charge.rate * hours,
                    idle_share,
                )
            )
        if isinstance(charge, PercentOfSales):
            peak = charge.percent / 100 * volume.revenue * needs.peak_season_factor
            risks.append(
                _risk(
                    "percent_of_sales_rare",
                    msg(
                        "economics.pricing.call_centers_rarely_take_percent_of",
                        factor=needs.peak_season_factor,
                        rub=peak,
                    ),
                    peak,
                )
            )
        if isinstance(charge, PerResult):
            per_handled = charge.rate * volume.orders / volume.handled if volume.handled else 0.0
            risks.append(
                _risk(
                    "result_price_check",
                    msg(
                        "economics.pricing.price_per_rub_equals_rub_per",
                        result=msg("economics.pricing.order")
                        if charge.result == "order"
                        else msg("economics.pricing.lead"),
                        rate=charge.rate,
                        per=per_handled,
                        conv=needs.order_conversion,
                        trial=msg("economics.pricing.it_costs_rub", fee=charge.trial_fee) if charge.trial_fee else "",
                    ),
                    per_handled,
                )
            )
    if models & {"fixed_monthly", "salary_plus_percent"} or price.minimum_top_up:
        half_volume_price = half_volume[1]
        if half_volume[0].handled > 0 and volume.handled > 0:
            now = price.monthly_cost / volume.handled
            then = half_volume_price.monthly_cost / half_volume[0].handled
            risks.append(
                _risk(
                    "fixed_part_at_low_volume",
                    msg("economics.pricing.fixed_part_does_not_follow_calls", then=then, now=now),
                    then,
                    then / now - 1,
                )
            )
    if price.minimum_top_up:
        risks.append(
            _risk(
                "minimum_charge_binding",
                msg("economics.pricing.minimum_charge_exceeds_actual_services_rub", rub=price.minimum_top_up),
                price.minimum_top_up,
            )
        )
    if volume.toll_free and offer.toll_free_per_minute == 0:
        risks.append(
            _risk(
                "toll_free_not_priced",
                msg("economics.pricing.n8_800_number_is_needed_but"),
            )
        )
    if volume.lost_outside > 0:
        lost_orders = volume.lost_outside * needs.order_conversion
        risks.append(
            _risk(
                "calls_outside_hours",
                msg(
                    "economics.pricing.calls_month_arrive_outside_hours_and",
                    calls=volume.lost_outside,
                    orders=lost_orders,
                    margin=lost_orders * volume.average_order_value * volume.margin_share,
                ),
                lost_orders * volume.average_order_value * volume.margin_share,
            )
        )
    return risks
