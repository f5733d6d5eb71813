"""What a buyer reads on the report's first page: evidence as sentences (not Python reprs), one red flag and
one question per fact, knocked-out vendors outside the ranking, and a PDF without dead internal links."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from callscout.i18n import set_language
from callscout.report.render import render_html, render_pdf
from callscout.scoring import score_document
from tests.scoring_docs import ALL_YES, VendorSpec, document_for

# The shapes the economics and calls stages really produce (see economics.pricing and calls.contract).
PRICING_RISKS = [
    {
        "code": "longer_talk_costs_more",
        "message": "если разговоры станут на 20% длиннее, счёт вырастет на 62 026 ₽ в месяц",
        "value_rub": 467722.52,
        "change_share": 0.1529,
    },
    {"code": "pays_for_idle_time", "message": "оплата часов операторов: 50% — паузы", "value_rub": 1.0},
]
SLA_BREACHES = [
    {"period": "2026-11-09", "metric": "service_level", "value": 0.2234, "target": 0.8, "offered": 202},
    {"period": "2026-11-10", "metric": "abandon_rate", "value": 0.06, "target": 0.05, "offered": 188},
    {"period": "2026-11-11", "metric": "service_level", "value": 0.7, "target": 0.8, "offered": 203},
]
REPR = re.compile(r"^[\[{(]|^(True|False|None)$|'code':|'message':")


def _scored(lang: str = "ru") -> dict[str, Any]:
    answers = dict(ALL_YES, trial_project=False)
    specs = [
        VendorSpec("Альфа", monthly_cost=150_000),
        VendorSpec("Бета", monthly_cost=900_000, answers=answers, offer_model="per_operator_hour", qa_average=20),
        VendorSpec("Гамма", monthly_cost=200_000, privacy="fail"),
    ]
    document, evaluation = document_for(specs)
    document["language"] = lang
    document["economics"]["best_offer_by_vendor"]["Бета"]["risks"] = PRICING_RISKS
    document["calls"]["sla_breaches"]["Бета"] = SLA_BREACHES
    document["quality"]["Бета"]["recordings"] = [
        {"name": "beta.wav", "verdict": "poor", "reasons": [{"code": "noisy", "level": "poor", "message": "шум"}]}
    ]
    document["scoring"] = score_document(document, evaluation)
    document["sections"].append("scoring")
    return document


def _vendor(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in document["scoring"]["vendors"] if item["name"] == name)


def _all_evidence(vendor: dict[str, Any]) -> list[dict[str, Any]]:
    items = [item for flag in vendor["red_flags"] for item in flag["evidence"]]
    return items + [item for cell in vendor["criteria"].values() for item in cell["evidence"]]


def test_evidence_reads_as_text_not_python() -> None:
    beta = _vendor(_scored(), "Бета")
    for item in _all_evidence(beta):
        for key in ("excerpt", "value"):
            text = item[key]
            assert text is None or isinstance(text, str), (key, item)
            assert text is None or not REPR.search(text), (key, item)
    pricing = beta["criteria"]["pricing_model_risk"]
    excerpts = [item["excerpt"] for item in pricing["evidence"]]
    assert PRICING_RISKS[0]["message"] in excerpts and "за час оператора" in pricing["display"]
    sla = beta["criteria"]["sla_breaches"]["evidence"]
    assert sla[0]["excerpt"] == "нарушений: 3, худшее — 09.11.2026: Уровень сервиса 22,3% при цели 80,0%"
    trial = beta["criteria"]["trial_project"]["evidence"][0]
    assert trial["value"] == "нет"
    recording = beta["criteria"]["recordings_quality"]["evidence"][0]
    assert recording["excerpt"] == "beta.wav: шум" and recording["value"] == "плохо"


def test_evidence_follows_the_report_language() -> None:
    set_language("en")
    try:
        beta = _vendor(_scored("en"), "Бета")
    finally:
        set_language(None)
    sla = beta["criteria"]["sla_breaches"]["evidence"][0]["excerpt"]
    assert sla == "3 breaches, worst 9 Nov 2026: Service level 22.3% against the target 80.0%"
    assert beta["criteria"]["trial_project"]["evidence"][0]["value"] == "no"


def test_one_flag_and_one_question_per_fact() -> None:
    document = _scored()
    gamma = _vendor(document, "Гамма")
    privacy_flags = [flag for flag in gamma["red_flags"] if flag.get("criterion") == "site_privacy_policy"]
    assert len(privacy_flags) == 1 and privacy_flags[0]["severity"] == "critical"
    beta = _vendor(document, "Бета")
    sla_questions = [q for q in beta["questions"] if q["criterion"] == "sla_breaches"]
    assert len(sla_questions) == 1 and "нарушений: 3" in sla_questions[0]["text"]


def test_knocked_out_vendor_takes_no_place_in_the_ranking_table() -> None:
    html = render_html(_scored())
    summary = html[html.index('id="summary"') : html.index('<div class="vendor-card"')]
    row = summary[summary.index(">Гамма<") :].split("</tr>")[0]
    assert "исключён" in row and '<td class="num muted">—</td>' in row
    assert "для справки" in summary


def test_pdf_has_no_broken_internal_links(caplog: pytest.LogCaptureFixture) -> None:
    document = _scored()
    assert any(flag.get("criterion") for vendor in document["scoring"]["vendors"] for flag in vendor["red_flags"])
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(render_html(document, for_print=True))
    assert pdf.startswith(b"%PDF")
    anchors = [record.getMessage() for record in caplog.records if "anchor" in record.getMessage().lower()]
    assert anchors == []
    # The HTML keeps the links, and every one of them has its target.
    html = render_html(document)
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and [link for link in links if link not in targets] == []
