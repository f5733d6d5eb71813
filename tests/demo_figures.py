"""The demo's figures (scores, ranks, statuses, costs, staffing, KPIs) taken out of its report.json.

Text and layout may change (wording, number formatting, where code lives); these numbers may not, unless an
issue changes what one of them means, and then the commit that updates the snapshot says so. Regenerate with
``python -m tests.demo_figures REPORT_JSON`` (it prints the JSON to store in tests/snapshots/demo_figures.json).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).parent / "snapshots" / "demo_figures.json"
STAFFING_KEYS = (
    "model",
    "aht_s",
    "headcount",
    "peak_agents",
    "peak_scheduled",
    "open_hours_per_week",
    "calls_per_week",
    "calls_in_hours_per_week",
    "lost_calls_per_week",
    "operator_hours_per_week",
    "operator_hours_per_month",
    "productive_hours_per_week",
    "service_level",
    "asa_s",
    "occupancy",
    "p_abandon",
)
OFFER_KEYS = (
    "vendor",
    "models",
    "monthly_cost_rub",
    "first_month_cost_rub",
    "peak_month_cost_rub",
    "cost_per_handled_call_rub",
    "cost_per_talk_minute_rub",
    "cost_per_order_rub",
    "share_of_revenue",
    "handled_calls_per_month",
    "lost_calls_per_month",
    "within_budget",
)


def _scalars(block: dict[str, Any]) -> dict[str, Any]:
    """A mapping's numbers, truth values, nulls and strings (its nested parts left out)."""
    return {key: value for key, value in block.items() if not isinstance(value, dict | list)}


def _staffing(block: dict[str, Any]) -> dict[str, Any]:
    figures = {key: block.get(key) for key in STAFFING_KEYS if key in block}
    for series in ("agents_by_interval", "scheduled_by_interval"):
        if isinstance(block.get(series), list):
            figures[series + "_total"] = sum(block[series])
            figures[series + "_count"] = len(block[series])
    return figures


def demo_figures(document: dict[str, Any]) -> dict[str, Any]:
    scoring = document["scoring"]
    economics = document["economics"]
    calls = document.get("calls") or {}
    return {
        "scoring": {
            "winner": scoring["winner"],
            "ranking": scoring["ranking"],
            "disqualified": scoring["disqualified"],
            "margin_points": scoring["margin_points"],
            "confidence": scoring["confidence"]["level"],
            "monte_carlo": scoring["monte_carlo"]["probability_first"],
            "vendors": {
                vendor["name"]: {
                    "rank": vendor["rank"],
                    "status": vendor["status"],
                    "eligible": vendor["eligible"],
                    "conditional": vendor["conditional"],
                    "total": vendor["total"],
                    "total_range": vendor["total_range"],
                    "completeness": vendor["completeness"],
                    "probability_first": vendor["probability_first"],
                    "group_scores": vendor["group_scores"],
                    "knockouts": {item["rule"]: item["status"] for item in vendor["knockouts"]},
                    "criteria": {
                        code: {key: cell[key] for key in ("value", "score", "used_score", "contribution", "counted")}
                        for code, cell in vendor["criteria"].items()
                    },
                }
                for vendor in scoring["vendors"]
            },
        },
        "economics": {
            "offers": {offer["label"]: {key: offer.get(key) for key in OFFER_KEYS} for offer in economics["offers"]},
            "cost_breakdown": {
                offer["label"]: {item["item"]: item["cost_rub"] for item in offer["breakdown"]}
                for offer in economics["offers"]
            },
            "best_offer_by_vendor": {
                vendor: offer["label"] for vendor, offer in economics["best_offer_by_vendor"].items()
            },
            "staffing": _staffing(economics["staffing"]),
            "peak_season": _staffing(economics["staffing"].get("peak_season") or {}),
            "schedules": {
                schedule["schedule"]: {
                    **_staffing(schedule),
                    "in_house_monthly_cost_rub": schedule.get("in_house_monthly_cost_rub"),
                    "cost_by_offer": schedule.get("cost_by_offer"),
                }
                for schedule in economics["schedules"]
            },
            "in_house": {
                key: economics["in_house"].get(key)
                for key in ("operators", "supervisors", "workplaces", "monthly_cost_rub", "cost_per_handled_call_rub")
            },
            "curves": economics["curves"].get("offers"),
            "break_even": [
                [item["offer_a"], item["offer_b"], item["calls_per_month"], item["monthly_cost_rub"]]
                for item in economics["break_even"]
            ],
        },
        "calls": {
            "kpis": {name: _scalars(report) for name, report in (calls.get("vendors") or {}).items()},
            "sla_breaches": {
                name: [[item["period"], item["metric"], item["value"]] for item in found]
                for name, found in (calls.get("sla_breaches") or {}).items()
            },
            "comparison_kpis": (calls.get("comparison") or {}).get("kpis"),
        },
        "quality": {
            name: {"qa_average": block.get("qa_average"), "qa_grades": block.get("qa_grades")}
            for name, block in (document.get("quality") or {}).items()
        },
    }


def differences(expected: Any, actual: Any, path: str = "", rel: float = 1e-9) -> list[str]:
    """Where two figure trees differ: exact for counts, ranks, names and statuses, ``rel`` for floats."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{path}/{key}: missing" for key in expected if key not in actual]
        found += [f"{path}/{key}: unexpected" for key in actual if key not in expected]
        for key in expected.keys() & actual.keys():
            found += differences(expected[key], actual[key], f"{path}/{key}", rel)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items expected, {len(actual)} found"]
        return [
            line
            for index, pair in enumerate(zip(expected, actual, strict=True))
            for line in differences(*pair, f"{path}[{index}]", rel)
        ]
    floats = isinstance(expected, float) or isinstance(actual, float)
    numbers = all(isinstance(value, int | float) and not isinstance(value, bool) for value in (expected, actual))
    if floats and numbers:
        return [] if math.isclose(expected, actual, rel_tol=rel, abs_tol=0.0) else [f"{path}: {expected} != {actual}"]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: {expected!r} != {actual!r}"]
    return []


if __name__ == "__main__":
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(demo_figures(report), ensure_ascii=False, indent=1, sort_keys=True))
