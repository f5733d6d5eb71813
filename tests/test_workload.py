from __future__ import annotations

import pytest

from callscout.model import Needs, Schedule
from callscout.workload import WEEKS_PER_MONTH, open_hours, weekly_profile


def test_profile_sums_to_monthly_calls_per_week() -> None:
    profile = weekly_profile(Needs(calls_per_month=9000))
    assert len(profile.calls) == 168
    assert profile.calls_per_week == pytest.approx(9000 / WEEKS_PER_MONTH)
    day, hour, _ = profile.peak_hour()
    assert day == "mon" and hour == 21  # online stores peak in the evening


def test_open_hours_partial_and_closed_days() -> None:
    shares = open_hours(Schedule(mode="hours", hours={"mon": "09:30-18:00"}))
    assert shares[9] == 0.5 and shares[10] == 1.0 and shares[18] == 0.0
    assert sum(shares[24:]) == 0  # Tuesday to Sunday closed
    assert sum(open_hours(Schedule())) == 168


def test_share_of_calls_within_schedule() -> None:
    needs = Needs(calls_per_month=1000, call_profile={"preset": "flat"})
    half_day = Schedule(
        mode="hours", hours={day: "00:00-12:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )
    assert weekly_profile(needs).within(half_day) == pytest.approx(0.5)
    custom = Needs(
        calls_per_month=700,
        call_profile={"preset": None, "hourly_weights": [0] * 23 + [1], "weekday_weights": {"sun": 1}},
    )
    profile = weekly_profile(custom)
    assert profile.calls[167] == pytest.approx(profile.calls_per_week)
