"""The buyer's needs: the four questions of the seed article plus the numbers the economics need."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from callscout.model.common import (
    WEEKDAYS,
    HoursRange,
    Money,
    PositiveMoney,
    Share,
    ShareOfPercent,
    StrictModel,
)


class HotlineTask(StrEnum):
    """Question 1 of the article: what must the hot line do."""

    ORDERS = "orders"
    CONSULTATIONS = "consultations"
    SUPPORT = "support"


HOTLINE_TASK_LABELS: dict[str, tuple[str, str]] = {
    "orders": ("приём заказов", "order taking"),
    "consultations": ("консультации специалистов", "expert consultations"),
    "support": ("поддержка клиентов", "customer support"),
}
SCHEDULE_MODE_LABELS: dict[str, tuple[str, str]] = {
    "24/7": ("круглосуточно", "24/7"),
    "hours": ("по часам", "set hours"),
}


class DatabaseLocation(StrEnum):
    """Question 2: where the customer database lives."""

    VENDOR = "vendor"
    BUYER = "buyer"


class ServiceLevelTarget(ShareOfPercent):
    """A ``share`` of calls answered within ``seconds`` (the classic 80/20: ``share: 0.8``)."""

    share: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="Share of calls answered within seconds (0.8 is 80%)",
    )
    seconds: float = Field(default=20, gt=0, le=3600)

    def __str__(self) -> str:
        return f"{self.percent:g}/{self.seconds:g}"


class Schedule(StrictModel):
    """Question 4: when the line must answer. ``24/7`` or hours per weekday (absent day = closed)."""

    mode: Literal["24/7", "hours"] = "24/7"
    hours: dict[str, HoursRange] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _hours_match_mode(self) -> Schedule:
        unknown = sorted(set(self.hours) - set(WEEKDAYS))
        if unknown:
            raise ValueError(f"unknown weekday(s) {', '.join(unknown)}; use {', '.join(WEEKDAYS)}")
        if self.mode == "hours" and not self.hours:
            raise ValueError("mode 'hours' needs hours for at least one weekday")
        if self.mode == "24/7" and self.hours:
            raise ValueError("mode '24/7' takes no hours; use mode: hours to set them")
        return self


class CallProfile(StrictModel):
    """How calls spread over the week: a preset, explicit weights, or the buyer's own call history."""

    preset: Literal["online_store", "business_hours", "flat"] | None = "online_store"
    weekday_weights: dict[str, float] | None = Field(
        default=None, description="Relative volume per weekday, e.g. {mon: 1.0, sun: 0.6}"
    )
    hourly_weights: list[float] | None = Field(
        default=None, min_length=24, max_length=24, description="24 relative weights, hour 0 to 23"
    )
    history_path: str | None = Field(default=None, description="The buyer's own call log or calls-per-hour CSV")

    @model_validator(mode="after")
    def _weights_sane(self) -> CallProfile:
        if self.weekday_weights is not None:
            unknown = sorted(set(self.weekday_weights) - set(WEEKDAYS))
            if unknown:
                raise ValueError(f"unknown weekday(s) {', '.join(unknown)}")
            if any(weight < 0 for weight in self.weekday_weights.values()):
                raise ValueError("weekday weights must be >= 0")
        if self.hourly_weights is not None:
            if any(weight < 0 for weight in self.hourly_weights):
                raise ValueError("hourly weights must be >= 0")
            if sum(self.hourly_weights) <= 0:
                raise ValueError("at least one hourly weight must be > 0")
        return self


class Needs(StrictModel):
    business_type: str = Field(default="интернет-магазин", min_length=1)
    hotline_task: HotlineTask = HotlineTask.ORDERS
    calls_per_month: int = Field(gt=0, le=100_000_000)
    call_profile: CallProfile = Field(default_factory=CallProfile)
    avg_talk_time_s: float = Field(default=180, gt=0, le=36_000)
    after_call_work_s: float = Field(default=30, ge=0, le=36_000)
    service_level: ServiceLevelTarget = Field(default_factory=ServiceLevelTarget)
    max_abandon_rate: Share = 0.05
    needs_8800: bool = False
    schedule: Schedule = Field(default_factory=Schedule)
    customer_database: DatabaseLocation = DatabaseLocation.BUYER
    crm_integration: bool = False
    crm_name: str | None = None
    forwarding_to_specialists: bool = False
    extra_filters: list[str] = Field(default_factory=list, description="Call routing filters wanted")
    ivr: bool = False
    greeting_text: str | None = None
    ivr_text: str | None = None
    dedicated_operators: bool | None = Field(
        default=None, description="None: let CallScout advise from the hot line's task"
    )
    budget_rub_month: PositiveMoney | None = None
    order_conversion: Share = 0.3
    average_order_value_rub: Money = 0
    margin_share: Share = 0.25
    peak_season_factor: float = Field(default=1.0, ge=1, le=10)
    outbound_contacts_per_month: int = Field(default=0, ge=0)
    dial_attempts_per_contact: float = Field(default=1, ge=1, le=20)
    reach_rate: Share = 0.6
    timezone: str = Field(
        default="Europe/Moscow",
        max_length=64,
        description="The line's time zone (IANA): times written with a zone in call logs are converted into it",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"неизвестный часовой пояс {value!r}: пишите как в базе IANA, например Europe/Moscow / "
                f"unknown time zone {value!r}: write it as in the IANA database, e.g. Europe/Moscow"
            ) from None
        return value

    @property
    def aht_s(self) -> float:
        return self.avg_talk_time_s + self.after_call_work_s
