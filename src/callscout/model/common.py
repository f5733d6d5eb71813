"""Small shared types of the evaluation file."""

from __future__ import annotations

import contextlib
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

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


# The evaluation file's convention for ratios: a share of 1 (``0.05`` is 5 %), as every other ratio field
# (max_abandon_rate, order_conversion, margin_share...) and the result document carry them. The fields
# that were percents in older files are read from their old names (``percent: 4.5``), converted here;
# evalfile warns about them, naming the field, so the user can move to the convention.
PERCENT_KEYS: dict[str, str] = {"percent": "share", "service_level_percent": "service_level_share"}


def percent_key_to_share(data: Any, percent_key: str) -> Any:
    """For a model's ``mode="before"`` validator: ``{percent_key: 4.5}`` -> ``{share_key: 0.045}``."""
    if not isinstance(data, dict) or percent_key not in data:
        return data
    share_key = PERCENT_KEYS[percent_key]
    data = dict(data)
    value = data.pop(percent_key)
    if share_key in data:
        from callscout.i18n import msg

        raise ValueError(msg("model.common.give_one_of_share_0_05", share=share_key, percent=percent_key))
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value.replace(",", ".").strip())
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    data[share_key] = round(value / 100, 12) if numeric else value
    return data


def as_percent(share: float) -> float:
    """A share as the percent number code that speaks percents uses (``0.07`` -> ``7.0``, not 7.000000000000001)."""
    return round(share * 100, 10)


def hours_to_minutes(hours: str) -> tuple[int, int]:
    """``"09:00-21:00"`` -> (540, 1260): minutes from midnight, end exclusive."""
    start, end = hours.split("-")
    start_h, start_m = (int(x) for x in start.split(":"))
    end_h, end_m = (int(x) for x in end.split(":"))
    return start_h * 60 + start_m, end_h * 60 + end_m


class ShareOfPercent(StrictModel):
    """A model whose ``share`` older files gave in percent as ``percent``: read either, ``percent`` for the
    code that speaks percents."""

    share: float

    @model_validator(mode="before")
    @classmethod
    def _older_percent(cls, data: Any) -> Any:
        return percent_key_to_share(data, "percent")

    @property
    def percent(self) -> float:
        return as_percent(self.share)
