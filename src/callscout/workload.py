"""The buyer's weekly call profile: how ``calls_per_month`` spreads over 168 hours of a week.

Everything that sizes staff or prices offers starts from this one profile, so the presets live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from callscout.model import Needs, Schedule
from callscout.model.common import WEEKDAYS, hours_to_minutes

WEEKS_PER_MONTH = 30.4375 / 7

# Relative call volume by hour of day. Online stores peak in the evening (the seed article even says
# most calls come 21:00-23:00); business lines peak mid-morning and after lunch.
_HOURLY_PRESETS: dict[str, list[float]] = {
    "online_store": [
        0.3,
        0.15,
        0.1,
        0.05,
        0.05,
        0.1,
        0.3,
        0.8,
        1.6,
        2.6,
        3.4,
        3.8,
        3.9,
        3.8,
        3.7,
        3.7,
        3.9,
        4.2,
        4.8,
        5.4,
        6.0,
        6.6,
        6.2,
        1.5,
    ],
    "business_hours": [
        0,
        0,
        0,
        0,
        0,
        0,
        0.1,
        0.4,
        2.0,
        4.5,
        5.5,
        5.2,
        4.4,
        4.8,
        5.0,
        4.6,
        4.0,
        3.0,
        1.2,
        0.5,
        0.2,
        0.1,
        0,
        0,
    ],
    "flat": [1.0] * 24,
}
_WEEKDAY_PRESETS: dict[str, dict[str, float]] = {
    "online_store": {"mon": 1.1, "tue": 1.05, "wed": 1.0, "thu": 1.0, "fri": 0.95, "sat": 0.85, "sun": 0.9},
    "business_hours": {"mon": 1.2, "tue": 1.1, "wed": 1.05, "thu": 1.0, "fri": 0.9, "sat": 0.3, "sun": 0.15},
    "flat": dict.fromkeys(WEEKDAYS, 1.0),
}


@dataclass(frozen=True)
class WeeklyProfile:
    """Expected calls in each of the 168 hours of a typical week, Monday 00:00 first."""

    calls: tuple[float, ...]

    @property
    def calls_per_week(self) -> float:
        return sum(self.calls)

    def peak_hour(self) -> tuple[str, int, float]:
        index = max(range(168), key=lambda hour: self.calls[hour])
        return WEEKDAYS[index // 24], index % 24, self.calls[index]

    def within(self, schedule: Schedule) -> float:
        """Share of the week's calls that arrive while the schedule is open."""
        open_calls = sum(calls * open_share for calls, open_share in zip(self.calls, open_hours(schedule), strict=True))
        total = self.calls_per_week
        return open_calls / total if total else 0.0


def open_hours(schedule: Schedule) -> list[float]:
    """For each of the 168 hours, the open share of that hour (0..1; partial hours count partly)."""
    if schedule.mode == "24/7":
        return [1.0] * 168
    shares = [0.0] * 168
    for day_index, day in enumerate(WEEKDAYS):
        hours = schedule.hours.get(day)
        if hours is None:
            continue
        start, end = hours_to_minutes(hours)
        for hour in range(24):
            overlap = max(0, min(end, (hour + 1) * 60) - max(start, hour * 60))
            shares[day_index * 24 + hour] = overlap / 60
    return shares


def weekly_profile(needs: Needs) -> WeeklyProfile:
    profile = needs.call_profile
    preset = profile.preset or "flat"
    hourly = profile.hourly_weights or _HOURLY_PRESETS[preset]
    weekday = profile.weekday_weights or _WEEKDAY_PRESETS[preset]
    weights = [weekday.get(day, 0.0) * hourly[hour] for day in WEEKDAYS for hour in range(24)]
    total = sum(weights)
    calls_per_week = needs.calls_per_month / WEEKS_PER_MONTH
    return WeeklyProfile(tuple(calls_per_week * weight / total for weight in weights))
