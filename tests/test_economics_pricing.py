from __future__ import annotations

from dataclasses import replace
from math import exp

import pytest

from callscout.economics.pricing import MonthlyVolume, offer_risks, price_offer, unit_costs
from callscout.model import Needs, Offer


def volume(**changes: object) -> MonthlyVolume:
    """A month computed by hand: 1,100 calls in hours, 100 abandoned, 1,000 handled."""
    base = MonthlyVolume(
        calls_offered=1200,
        calls_in_hours=1100,
        handled=1000,
        abandoned=100,
        lost_outside=100,
        talk_s=120,
        asa_s=10,
        dedicated_hours=500,
        shared_hours=300,
        busy_hours=250,
        headcount=4,
        orders=300,
        average_order_value=2000,
        margin_share=0.2,
        contacts=5000,
        contacts_are_inbound=False,
        reach_rate=0.6,
        dial_attempts_per_contact=2,
        toll_free=False,
    )
    return replace(base, **changes)


def offer(*charges: dict, **fields: object) -> Offer:
    return Offer.model_validate({"name": "тест", "charges": list(charges), **fields})


@pytest.mark.parametrize(
    ("charge", "expected"),
    [
        ({"model": "per_contact", "rate": 10}, 50_000),  # the whole base of 5,000
        ({"model": "per_call", "rate": 30, "basis": "handled"}, 30_000),
        ({"model": "per_call", "rate": 5, "basis": "attempt"}, 50_000),  # 5,000 contacts x 2 attempts
        ({"model": "percent_of_sales", "percent": 5}, 30_000),  # 5% of 300 x 2,000
        ({"model": "per_result", "rate": 100, "trial_fee": 12_000}, 31_000),  # 300 x 100 + 12,000 / 12
        ({"model": "per_operator_hour", "rate": 200}, 60_000),  # shared pool: 300 h
        ({"model": "per_operator_hour", "rate": 200, "dedicated": True}, 100_000),  # 500 h
        ({"model": "per_talk_minute", "rate": 10, "increment_s": 1}, 1000 * 120.5 / 60 * 10),
        ({"model": "per_talk_minute", "rate": 10, "increment_s": 60}, 1000 * 60 / (1 - exp(-0.5)) / 60 * 10),
        ({"model": "fixed_monthly", "amount": 40_000}, 40_000),
        ({"model": "salary_plus_percent", "salary_per_operator": 50_000, "percent": 2}, 212_000),
        ({"model": "salary_plus_percent", "salary_per_operator": 50_000, "operators": 2, "percent": 2}, 112_000),
    ],
)
def test_every_charge_model_on_a_hand_computed_month(charge: dict, expected: float) -> None:
    price = price_offer(offer(charge), volume(), amortisation_months=12)
    assert price.monthly_cost == pytest.approx(expected, rel=1e-9)


def test_per_minute_rounding_costs_what_an_exponential_talk_time_predicts() -> None:
    # 2,541.5 billed minutes for 2,000 real ones: +27% from rounding up every call to a started minute.
    billed = volume().billed_talk_minutes(60)
    assert billed == pytest.approx(2541.49, abs=0.01)
    assert volume().talk_minutes == pytest.approx(2000)


def test_minimum_setup_and_toll_free_combine() -> None:
    priced = price_offer(
        offer(
            {"model": "per_call", "rate": 30},
            minimum_monthly=100_000,
            setup_fee=24_000,
            toll_free_per_minute=2,
        ),
        volume(toll_free=True),
        amortisation_months=12,
    )
    toll_free = (1000 * (120 + 10) + 100 * 10) / 60 * 2
    assert priced.minimum_top_up == pytest.approx(70_000)
    assert priced.monthly_cost == pytest.approx(100_000 + toll_free + 2_000)
    assert priced.first_month_cost == pytest.approx(100_000 + toll_free + 24_000)
    items = {item["item"]: item["cost_rub"] for item in priced.breakdown}
    assert items == {
        "per_call": 30_000,
        "minimum_monthly": 70_000,
        "toll_free_8800": round(toll_free, 2),
        "setup_fee": 2_000,
    }
    units = unit_costs(priced, volume(toll_free=True))
    assert units["cost_per_handled_call_rub"] == pytest.approx(priced.monthly_cost / 1000, abs=0.01)
    assert units["cost_per_order_rub"] == pytest.approx(priced.monthly_cost / 300, abs=0.01)
    assert units["share_of_revenue"] == pytest.approx(priced.monthly_cost / 600_000, abs=1e-4)


def test_combined_charges_add_up() -> None:
    combined = offer({"model": "percent_of_sales", "percent": 4.5}, {"model": "fixed_monthly", "amount": 25_000})
    assert price_offer(combined, volume(), 12).monthly_cost == pytest.approx(0.045 * 600_000 + 25_000)


def _risks(charge: dict, month: MonthlyVolume, **fields: object) -> dict[str, dict]:
    priced_offer = offer(charge, **fields)
    longer = replace(month, talk_s=month.talk_s * 1.2)
    half = replace(month, handled=month.handled / 2, orders=month.orders / 2, calls_in_hours=month.calls_in_hours / 2)
    risks = offer_risks(
        priced_offer,
        month,
        price_offer(priced_offer, month, 12),
        longer_talk=(longer, price_offer(priced_offer, longer, 12)),
        half_volume=(half, price_offer(priced_offer, half, 12)),
        needs=Needs(calls_per_month=1000, order_conversion=0.3),
        amortisation_months=12,
    )
    return {risk["code"]: risk for risk in risks}


def test_incentive_risks_are_computed_on_the_workload() -> None:
    per_minute = _risks({"model": "per_talk_minute", "rate": 10, "increment_s": 60}, volume())
    # Rounded minutes grow less than talk time: (1 - e^-0.5) / (1 - e^-(60/144)) - 1 = +15.5%.
    expected = (1 - exp(-0.5)) / (1 - exp(-60 / 144)) - 1
    assert per_minute["longer_talk_costs_more"]["change_share"] == pytest.approx(expected, abs=1e-4)
    assert per_minute["rounding_overhead"]["change_share"] == pytest.approx(0.2707, abs=1e-3)

    per_contact = _risks({"model": "per_contact", "rate": 10}, volume())
    # 50,000 RUB for 3,000 reached contacts.
    assert per_contact["pays_for_unreached"]["value_rub"] == pytest.approx(16.67, abs=0.01)
    assert per_contact["pays_for_unreached"]["change_share"] == pytest.approx(0.4)

    per_hour = _risks({"model": "per_operator_hour", "rate": 200, "dedicated": True}, volume())
    # 250 busy hours of 500 paid: half the bill is idle time.
    assert per_hour["pays_for_idle_time"]["change_share"] == pytest.approx(0.5)
    assert per_hour["pays_for_idle_time"]["value_rub"] == pytest.approx(50_000)

    attempts = _risks({"model": "per_call", "rate": 5, "basis": "attempt"}, volume())
    assert attempts["pays_for_attempts"]["value_rub"] == pytest.approx(50.0)  # 50,000 RUB / 1,000 handled

    fixed = _risks({"model": "fixed_monthly", "amount": 40_000}, volume())
    assert fixed["fixed_part_at_low_volume"]["value_rub"] == pytest.approx(80.0)  # 40,000 / 500 calls
    assert "calls_outside_hours" in fixed

    minimum = _risks({"model": "per_call", "rate": 30}, volume(), minimum_monthly=100_000)
    assert minimum["minimum_charge_binding"]["value_rub"] == pytest.approx(70_000)

    no_toll_free = _risks({"model": "per_call", "rate": 30}, volume(toll_free=True))
    assert "toll_free_not_priced" in no_toll_free
    assert "longer_talk_costs_more" not in _risks({"model": "per_result", "rate": 100}, volume())
