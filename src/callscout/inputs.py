"""The first two sections of the result document: the buyer's needs with the weekly call profile, and the
vendors as the evaluation file states them. Pure functions of the evaluation: the cabinet's economics page
builds the same needs section without a run."""

from __future__ import annotations

from typing import Any

from callscout.model import Answers, Evaluation, Needs
from callscout.model.run import RunContext
from callscout.workload import weekly_profile

ANSWER_FIELDS = tuple(Answers.model_fields)


def needs_section(needs: Needs) -> dict[str, Any]:
    profile = weekly_profile(needs)
    day, hour, peak_calls = profile.peak_hour()
    return {
        **needs.model_dump(mode="json"),
        "aht_s": needs.aht_s,
        "calls_per_week": round(profile.calls_per_week, 1),
        "peak_hour": {"weekday": day, "hour": hour, "calls": round(peak_calls, 2)},
        "share_of_calls_in_schedule": round(profile.within(needs.schedule), 4),
        "calls_per_hour_of_week": [round(calls, 3) for calls in profile.calls],
    }


def vendors_section(evaluation: Evaluation) -> list[dict[str, Any]]:
    vendors = []
    for vendor in evaluation.vendors:
        answers = vendor.answers.model_dump()
        answered = sum(1 for value in answers.values() if value is not None)
        vendors.append(
            {
                "name": vendor.name,
                "website": vendor.website,
                "inn": vendor.inn,
                "contacts": vendor.contacts.model_dump(mode="json"),
                "offers": [offer.model_dump(mode="json") for offer in vendor.offers],
                "answers": answers,
                "questionnaire_completeness": round(answered / len(ANSWER_FIELDS), 3),
                "response_hours": round(vendor.response_hours, 2) if vendor.response_hours is not None else None,
                "sla": vendor.sla.model_dump(mode="json") if vendor.sla else None,
            }
        )
    return vendors


def needs_stage(context: RunContext, _document: Any) -> dict[str, Any]:
    return needs_section(context.evaluation.needs)


def vendors_stage(context: RunContext, _document: Any) -> list[dict[str, Any]]:
    return vendors_section(context.evaluation)
