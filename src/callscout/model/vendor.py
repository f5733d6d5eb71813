"""A candidate call center: who it is, what it offers and what it answered to our questions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from callscout.i18n import msg
from callscout.model.common import (
    Money,
    PositiveMoney,
    Share,
    ShareOfPercent,
    StrictModel,
    as_percent,
    percent_key_to_share,
)


class PerContact(StrictModel):
    """Article model 1: pay for every contact in the base, reached or not."""

    model: Literal["per_contact"]
    rate: PositiveMoney


class PerCall(StrictModel):
    """Article model 2: pay per call: per dial attempt or per handled call."""

    model: Literal["per_call"]
    rate: PositiveMoney
    basis: Literal["attempt", "handled"] = "handled"


class PercentOfSales(ShareOfPercent):
    """Article model 3: a share of the sales the line makes."""

    model: Literal["percent_of_sales"]
    share: float = Field(gt=0, le=1, description="Share of sales (0.045 is 4.5%)")


class PerResult(StrictModel):
    """Article model 4: a price per lead or order, often after a paid trial project."""

    model: Literal["per_result"]
    rate: PositiveMoney
    result: Literal["lead", "order"] = "order"
    trial_fee: Money = 0


class PerOperatorHour(StrictModel):
    """Article model 5: pay for operators' time, idle time between calls included."""

    model: Literal["per_operator_hour"]
    rate: PositiveMoney
    dedicated: bool = False


class PerTalkMinute(StrictModel):
    """Article model 6: pay for talk time, rounded up to the billing increment."""

    model: Literal["per_talk_minute"]
    rate: PositiveMoney
    increment_s: int = Field(default=60, ge=1, le=600, description="1 = per second, 60 = per started minute")


class FixedMonthly(StrictModel):
    model: Literal["fixed_monthly"]
    amount: PositiveMoney


class SalaryPlusPercent(ShareOfPercent):
    """The article's advice for order lines: a dedicated operator's salary plus a percent of deals."""

    model: Literal["salary_plus_percent"]
    salary_per_operator: PositiveMoney
    operators: int | None = Field(default=None, ge=1, description="None: as many as staffing needs")
    share: Share = Field(description="Share of deals on top of the salary (0.015 is 1.5%)")


Charge = Annotated[
    PerContact
    | PerCall
    | PercentOfSales
    | PerResult
    | PerOperatorHour
    | PerTalkMinute
    | FixedMonthly
    | SalaryPlusPercent,
    Field(discriminator="model"),
]

PAYMENT_MODELS = (
    "per_contact",
    "per_call",
    "percent_of_sales",
    "per_result",
    "per_operator_hour",
    "per_talk_minute",
    "fixed_monthly",
    "salary_plus_percent",
)


class Offer(StrictModel):
    name: str = Field(min_length=1)
    charges: list[Charge] = Field(min_length=1)
    setup_fee: Money = 0
    minimum_monthly: Money = 0
    toll_free_per_minute: Money = Field(default=0, description="8-800 line cost per minute")
    dedicated_operators: bool = False
    schedule: Literal["24/7", "hours"] | None = None
    notes: str | None = None


class Answers(StrictModel):
    """The vendor's answers to the questionnaire. ``None`` means not answered: unknown, not 'no'."""

    online_statistics: bool | None = None
    statistics_indicators: int | None = Field(default=None, ge=0, le=1000)
    call_listening: bool | None = None
    call_rating: bool | None = None
    operator_testing: bool | None = None
    sales_reports: bool | None = None
    ad_effectiveness_reports: bool | None = None
    customer_feedback_reports: bool | None = None
    all_calls_and_orders_report: bool | None = None
    all_calls_recorded: bool | None = None
    dedicated_operators: bool | None = None
    crm_integration: bool | None = None
    call_forwarding: bool | None = None
    ivr_and_greetings: bool | None = None
    toll_free_8800: bool | None = None
    works_24_7: bool | None = None
    trial_project: bool | None = None
    internal_quality_control: bool | None = None
    answer_was_formal: bool | None = Field(default=None, description="A form letter instead of a real answer")


class SlaTerms(StrictModel):
    """Contract targets the call logs are checked against."""

    service_level_share: float = Field(default=0.8, gt=0, le=1)
    service_level_seconds: float = Field(default=20, gt=0, le=3600)
    max_abandon_rate: Share = 0.05
    max_asa_s: float | None = Field(default=None, gt=0)
    period: Literal["day", "hour", "interval"] = "day"

    @model_validator(mode="before")
    @classmethod
    def _older_percent(cls, data: Any) -> Any:
        return percent_key_to_share(data, "service_level_percent")

    @property
    def service_level_percent(self) -> float:
        return as_percent(self.service_level_share)


class CallLogSource(StrictModel):
    """A call log (or the shop's orders) of this vendor, imported by the pipeline's ``calls`` stage."""

    path: str = Field(min_length=1, description="Relative to the evaluation file")
    format: str | None = Field(default=None, description="None: detected; see `callscout calls import --help`")
    mapping: str | None = Field(default=None, description="A saved column mapping name")
    kind: Literal["calls", "orders"] = "calls"


class Contacts(StrictModel):
    phones: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    person: str | None = None


class Vendor(StrictModel):
    name: str = Field(min_length=1, max_length=200)
    website: str | None = None
    inn: str | None = Field(default=None, description="ИНН as the vendor stated it")
    contacts: Contacts = Field(default_factory=Contacts)
    offers: list[Offer] = Field(default_factory=list)
    answers: Answers = Field(default_factory=Answers)
    sla: SlaTerms | None = None
    call_logs: list[CallLogSource] = Field(default_factory=list)
    request_sent_at: datetime | None = None
    answered_at: datetime | None = None
    notes: str | None = None

    @field_validator("website")
    @classmethod
    def _website_is_http(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if "://" not in value:
            value = "https://" + value
        scheme = value.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise ValueError(msg("model.vendor.website_must_be_http_s_address"))
        host = value.split("://", 1)[1].split("/", 1)[0]
        if not host or " " in host or ("." not in host and not host.startswith(("localhost", "127."))):
            raise ValueError(msg("model.vendor.website_must_have_host_name_e"))
        return value

    @model_validator(mode="after")
    def _answer_after_request(self) -> Vendor:
        if self.request_sent_at and self.answered_at and self.answered_at < self.request_sent_at:
            raise ValueError("answered_at is earlier than request_sent_at")
        return self

    @property
    def response_hours(self) -> float | None:
        if self.request_sent_at is None or self.answered_at is None:
            return None
        return (self.answered_at - self.request_sent_at).total_seconds() / 3600
