from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from callscout.model import (
    Evaluation,
    Evidence,
    Finding,
    Needs,
    Offer,
    Schedule,
    Severity,
    Status,
    Vendor,
    worst_status,
)


def test_needs_defaults_and_aht() -> None:
    needs = Needs(calls_per_month=1000, avg_talk_time_s=200, after_call_work_s=40)
    assert needs.aht_s == 240
    assert needs.schedule.mode == "24/7"
    assert str(needs.service_level) == "80/20"


@pytest.mark.parametrize("hours", ["9-21", "25:00-26:00", "21:00-09:00", "10:00-10:00", "09:60-10:00"])
def test_schedule_rejects_bad_hours(hours: str) -> None:
    with pytest.raises(ValidationError):
        Schedule(mode="hours", hours={"mon": hours})


def test_schedule_normalises_hours_and_checks_days() -> None:
    assert Schedule(mode="hours", hours={"mon": "9:00-21:30"}).hours["mon"] == "09:00-21:30"
    with pytest.raises(ValidationError, match="weekday"):
        Schedule(mode="hours", hours={"monday": "09:00-18:00"})
    with pytest.raises(ValidationError, match="24/7"):
        Schedule(mode="24/7", hours={"mon": "09:00-18:00"})


def test_offer_charges_are_tagged_by_model() -> None:
    offer = Offer.model_validate(
        {
            "name": "combo",
            "charges": [
                {"model": "per_talk_minute", "rate": 20, "increment_s": 1},
                {"model": "fixed_monthly", "amount": 5000},
            ],
        }
    )
    assert [charge.model for charge in offer.charges] == ["per_talk_minute", "fixed_monthly"]
    with pytest.raises(ValidationError):
        Offer.model_validate({"name": "x", "charges": [{"model": "per_talk_minute", "rate": 0}]})
    with pytest.raises(ValidationError):
        Offer.model_validate({"name": "x", "charges": [{"model": "barter", "rate": 1}]})
    with pytest.raises(ValidationError):
        Offer.model_validate({"name": "x", "charges": []})


def test_vendor_website_and_response_time() -> None:
    vendor = Vendor(
        name="A",
        website="example.ru",
        request_sent_at=datetime(2026, 1, 1, 10),
        answered_at=datetime(2026, 1, 1, 16, 30),
    )
    assert vendor.website == "https://example.ru"
    assert vendor.response_hours == 6.5
    with pytest.raises(ValidationError):
        Vendor(name="A", website="ftp://example.ru")
    with pytest.raises(ValidationError, match="earlier"):
        Vendor(name="A", request_sent_at=datetime(2026, 1, 2), answered_at=datetime(2026, 1, 1))


def test_unanswered_question_is_unknown_not_no() -> None:
    assert Vendor(name="A").answers.call_listening is None


def test_evaluation_rejects_duplicate_vendor_names() -> None:
    with pytest.raises(ValidationError, match="twice"):
        Evaluation(name="e", needs=Needs(calls_per_month=10), vendors=[Vendor(name="Альфа"), Vendor(name="альфа")])


def test_finding_check_failed_is_unknown_with_reason() -> None:
    finding = Finding.check_failed("news", ZeroDivisionError("division by zero"), url="http://a.example/")
    assert finding.status is Status.UNKNOWN
    assert finding.code == "check_failed"
    assert "ZeroDivisionError" in finding.message
    assert finding.evidence[0].url == "http://a.example/"


def test_worst_status_orders_fail_unknown_warn_pass() -> None:
    def make(status: Status) -> Finding:
        return Finding(check="c", status=status, message="m", evidence=[Evidence(value=1)])

    assert worst_status([make(Status.PASS), make(Status.WARN)]) is Status.WARN
    assert worst_status([make(Status.WARN), make(Status.UNKNOWN)]) is Status.UNKNOWN
    assert worst_status([make(Status.UNKNOWN), make(Status.FAIL)]) is Status.FAIL
    assert worst_status([]) is Status.UNKNOWN
    assert Severity.CRITICAL.rank > Severity.LOW.rank
