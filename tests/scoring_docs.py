"""Realistic result documents for the scoring and report tests.

The audit, legal, economics, calls and quality stages are built by other parts of CallScout; these
builders produce their sections in the documented shapes so that scoring is tested on full data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from callscout.inputs import needs_section, vendors_section
from callscout.model import Evaluation

ALL_YES = {
    "online_statistics": True,
    "statistics_indicators": 10,
    "call_listening": True,
    "call_rating": True,
    "operator_testing": True,
    "sales_reports": True,
    "ad_effectiveness_reports": True,
    "customer_feedback_reports": True,
    "all_calls_and_orders_report": True,
    "all_calls_recorded": True,
    "dedicated_operators": True,
    "crm_integration": True,
    "call_forwarding": True,
    "ivr_and_greetings": True,
    "toll_free_8800": True,
    "works_24_7": True,
    "trial_project": True,
    "internal_quality_control": True,
    "answer_was_formal": False,
}


@dataclass
class VendorSpec:
    """One candidate and what every stage found about it."""

    name: str
    monthly_cost: float = 200_000
    cost_per_order: float = 250
    response_hours: float = 4
    answers: dict[str, Any] = field(default_factory=lambda: dict(ALL_YES))
    website: str | None = None
    privacy: str = "pass"
    requisites: str = "pass"
    phones: list[tuple[str, str]] = field(default_factory=lambda: [("+74951234567", "landline")])
    news_date: str | None = "2026-11-01"
    legal_status: str = "verified"
    registry_status: str = "ACTIVE"
    company_age: float = 8.0
    domain_age: float = 9.0
    service_level: float | None = 0.85
    abandon_rate: float | None = 0.03
    asa_s: float | None = 15
    breaches: int = 0
    verdicts: list[str] = field(default_factory=lambda: ["good", "good"])
    qa_average: float | None = 85
    extra_findings: list[dict[str, Any]] = field(default_factory=list)
    offer_name: str = "Поминутная"
    offer_model: str = "per_talk_minute"


def _finding(check: str, status: str, message: str, url: str) -> dict[str, Any]:
    return {
        "check": check,
        "status": status,
        "severity": "high" if status == "fail" else "info",
        "message": message,
        "code": None,
        "evidence": [{"url": url, "excerpt": message, "value": None}],
    }


def _charge(model: str) -> dict[str, Any]:
    return {
        "per_talk_minute": {"model": "per_talk_minute", "rate": 20},
        "per_operator_hour": {"model": "per_operator_hour", "rate": 300},
        "per_contact": {"model": "per_contact", "rate": 30},
        "salary_plus_percent": {"model": "salary_plus_percent", "salary_per_operator": 60000, "percent": 1.5},
    }[model]


def evaluation_for(specs: list[VendorSpec], scoring: dict[str, Any] | None = None, **needs: Any) -> Evaluation:
    vendors = []
    for spec in specs:
        sent = datetime(2026, 11, 16, 10, 0, tzinfo=timezone(timedelta(hours=3)))
        vendors.append(
            {
                "name": spec.name,
                "website": spec.website or f"https://{abs(hash(spec.name)) % 10**8}.example.ru/",
                "contacts": {"phones": [phone for phone, _ in spec.phones]},
                "offers": [{"name": spec.offer_name, "charges": [_charge(spec.offer_model)]}],
                "answers": spec.answers,
                "request_sent_at": sent.isoformat(),
                "answered_at": (sent + timedelta(hours=spec.response_hours)).isoformat(),
            }
        )
    data: dict[str, Any] = {
        "name": "Тест",
        "buyer": "ООО «Тест»",
        "needs": {
            "calls_per_month": 9000,
            "budget_rub_month": 250000,
            "average_order_value_rub": 11500,
            "margin_share": 0.18,
            "crm_integration": True,
            "needs_8800": True,
            **needs,
        },
        "vendors": vendors,
    }
    if scoring is not None:
        data["scoring"] = scoring
    return Evaluation.model_validate(data)


def document_for(
    specs: list[VendorSpec], scoring: dict[str, Any] | None = None, *, sections: bool = True, **needs: Any
) -> tuple[dict[str, Any], Evaluation]:
    evaluation = evaluation_for(specs, scoring, **needs)
    document: dict[str, Any] = {
        "callscout_version": "test",
        "generated_at": "2026-11-27T10:00:00+00:00",
        "language": "ru",
        "evaluation": {"name": evaluation.name, "buyer": evaluation.buyer},
        "sections": [],
    }
    document["needs"] = needs_section(evaluation.needs)
    document["vendors"] = vendors_section(evaluation)
    document["sections"] += ["needs", "vendors"]
    if not sections:
        return document, evaluation
    document["audit"] = {}
    document["legal"] = {}
    document["quality"] = {}
    document["economics"] = {"offers": [], "best_offer_by_vendor": {}, "curves": []}
    document["calls"] = {"vendors": {}, "comparison": {}, "sla_breaches": {}}
    for spec in specs:
        site = evaluation.vendor(spec.name).website or ""
        findings = [
            _finding("privacy_policy", spec.privacy, "Политика конфиденциальности", site + "privacy"),
            _finding("requisites", spec.requisites, "Реквизиты на сайте", site + "rekvizity"),
            _finding("contacts", "pass", "Контакты", site + "contacts"),
            _finding("clients_and_reviews", "pass", "Отзывы", site + "reviews"),
            _finding("call_recordings", "pass", "Записи", site + "records"),
            _finding("text_quality", "pass", "Текст", site),
            _finding("services_and_prices", "pass", "Цены", site + "prices"),
            _finding("site_basics", "pass", "HTTPS", site),
            *spec.extra_findings,
        ]
        document["audit"][spec.name] = {
            "url": site,
            "pages_fetched": 12,
            "findings": findings,
            "legal_entity": {"inn": "7701234567"},
            "contacts": {"phones": [{"e164": phone, "type": kind} for phone, kind in spec.phones], "emails": []},
            "privacy_policy": {"url": site + "privacy"} if spec.privacy != "fail" else None,
            "news": {"url": site + "news", "latest_date": spec.news_date},
            "reviews": {"url": site + "reviews", "count": 5, "latest_date": "2026-09-01"},
            "recordings": [{"url": site + "a.mp3", "bytes": 100000, "duration_s": 60}],
        }
        document["legal"][spec.name] = {
            "status": spec.legal_status,
            "reasons": [] if spec.legal_status == "verified" else ["ИНН на сайте не совпадает с реестром"],
            "registry": {"status": spec.registry_status},
            "domain": {"created": "2017-01-01", "age_years": spec.domain_age, "registrar": "RU-CENTER"},
            "company_age_years": spec.company_age,
            "flags": [],
        }
        entry = {
            "vendor": spec.name,
            "offer": spec.offer_name,
            "label": f"{spec.name} — {spec.offer_name}",
            "models": ["per_talk_minute"],
            "monthly_cost_rub": spec.monthly_cost,
            "cost_per_handled_call_rub": spec.monthly_cost / 9000,
            "cost_per_talk_minute_rub": 20.0,
            "cost_per_order_rub": spec.cost_per_order,
            "share_of_revenue": 0.02,
            "risks": [],
        }
        document["economics"]["offers"].append(entry)
        document["economics"]["best_offer_by_vendor"][spec.name] = entry
        document["economics"]["curves"].append(
            {
                "vendor": spec.name,
                "offer": spec.offer_name,
                "points": [
                    {"calls_per_month": v, "monthly_cost_rub": spec.monthly_cost * v / 9000}
                    for v in (3000, 9000, 15000)
                ],
            }
        )
        if spec.service_level is not None:
            document["calls"]["vendors"][spec.name] = {
                "offered": 2000,
                "answered": 1940,
                "abandoned": 60,
                "abandon_rate": spec.abandon_rate,
                "service_level": spec.service_level,
                "asa_s": spec.asa_s,
                "avg_wait_s": spec.asa_s,
                "p90_wait_s": 40,
                "max_wait_s": 200,
                "avg_talk_s": 170,
                "aht_s": 200,
            }
            document["calls"]["sla_breaches"][spec.name] = [
                {"day": f"2026-11-{10 + i:02d}", "service_level": 0.7} for i in range(spec.breaches)
            ]
        document["quality"][spec.name] = {
            "recordings": [
                {"name": f"call{i}.wav", "verdict": verdict, "reasons": []} for i, verdict in enumerate(spec.verdicts)
            ],
            "qa_average": spec.qa_average,
            "mystery_shopper": None,
        }
    document["economics"]["staffing"] = {
        "agents_by_hour": [max(1.0, c / 3) for c in document["needs"]["calls_per_hour_of_week"]]
    }
    return document, evaluation
