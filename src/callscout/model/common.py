"""Small shared types of the evaluation file."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS: dict[str, tuple[str, str]] = {
    "mon": ("пн", "Mon"),
    "tue": ("вт", "Tue"),
    "wed": ("ср", "Wed"),
    "thu": ("чт", "Thu"),
    "fri": ("пт", "Fri"),
    "sat": ("сб", "Sat"),
    "sun": ("вс", "Sun"),
}

_HOURS_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class StrictModel(BaseModel):
    """Unknown fields are errors: a typo in the evaluation file must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)


def _check_hours_range(value: str) -> str:
    match = _HOURS_RANGE.match(value.strip())
    if not match:
        raise ValueError("expected hours as HH:MM-HH:MM, e.g. 09:00-21:00")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    if start_h > 24 or end_h > 24 or start_m > 59 or end_m > 59:
        raise ValueError("hours must be within 00:00-24:00")
    if (start_h, start_m) > (24, 0) or (end_h, end_m) > (24, 0):
        raise ValueError("hours must be within 00:00-24:00")
    if (end_h * 60 + end_m) <= (start_h * 60 + start_m):
        raise ValueError("the end of the hours must be after their start (use 24:00 for midnight)")
    return f"{start_h:02d}:{start_m:02d}-{end_h:02d}:{end_m:02d}"


HoursRange = Annotated[str, AfterValidator(_check_hours_range)]
Share = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0)]
PositiveMoney = Annotated[float, Field(gt=0)]


def hours_to_minutes(hours: str) -> tuple[int, int]:
    """``"09:00-21:00"`` -> (540, 1260): minutes from midnight, end exclusive."""
    start, end = hours.split("-")
    start_h, start_m = (int(x) for x in start.split(":"))
    end_h, end_m = (int(x) for x in end.split(":"))
    return start_h * 60 + start_m, end_h * 60 + end_m
