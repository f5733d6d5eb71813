from __future__ import annotations

import math

import numpy as np
import pytest

from callscout.model.run import RunOptions
from callscout.scoring import engine
from callscout.scoring.engine import score_document
from tests.scoring_docs import ALL_YES, VendorSpec, document_for


def _vendor(result: dict, name: str) -> dict:
    return next(item for item in result["vendors"] if item["name"] == name)


def _three() -> list[VendorSpec]:
    return [
        VendorSpec("Альфа", monthly_cost=180_000, response_hours=2),
        VendorSpec("Бета", monthly_cost=260_000, cost_per_order=400, service_level=0.75, verdicts=["acceptable"]),
        VendorSpec("Гамма", monthly_cost=320_000, response_hours=30, company_age=2, domain_age=1.5),
    ]


def test_weighted_sum_is_transparent_and_ranked() -> None:
    document, evaluation = document_for(_three())
    result = score_document(document, evaluation)
    assert result["ranking"] == ["Альфа", "Бета", "Гамма"] and result["winner"] == "Альфа"
    for vendor in result["vendors"]:
        contributions = sum(cell["contribution"] for cell in vendor["criteria"].values())
        assert contributions == pytest.approx(vendor["total"], abs=0.05)
        assert vendor["completeness"] > 0.9
    alpha = _vendor(result, "Альфа")["criteria"]
    # Fixed price scale from the buyer's budget (250,000): floor 100,000, ceiling 500,000.
    assert alpha["monthly_cost"]["score"] == pytest.approx((500_000 - 180_000) / 400_000, abs=1e-4)
    assert alpha["monthly_cost"]["source"] == "economics.best_offer_by_vendor.Альфа.monthly_cost_rub"
    assert alpha["site_privacy_policy"]["evidence"][0]["url"].endswith("privacy")
    assert result["cross_checks"]["agreement"] == 1.0
    assert all(method["same_winner"] for method in result["cross_checks"]["methods"].values())
    assert set(result["cross_checks"]["methods"]) == {"TOPSIS", "VIKOR", "PROMETHEE II"}


def test_adding_a_vendor_does_not_change_the_others_scores_or_order() -> None:
    document, evaluation = document_for(_three())
    before = score_document(document, evaluation)
    # A newcomer far cheaper than everyone would stretch a relative (min-max) price scale.
    specs = [*_three(), VendorSpec("Дельта", monthly_cost=90_000, cost_per_order=100, response_hours=50)]
    document, evaluation = document_for(specs)
    after = score_document(document, evaluation)
    for name in ("Альфа", "Бета", "Гамма"):
        assert _vendor(after, name)["total"] == _vendor(before, name)["total"]
        assert _vendor(after, name)["criteria"]["monthly_cost"] == _vendor(before, name)["criteria"]["monthly_cost"]
    assert [name for name in after["ranking"] if name != "Дельта"] == before["ranking"]


def test_knock_outs_disqualify_with_evidence() -> None:
    specs = [
        *_three(),
        VendorSpec("Без политики", monthly_cost=100_000, privacy="fail"),
        VendorSpec("Ликвидатор", monthly_cost=100_000, registry_status="LIQUIDATED"),
    ]
    document, evaluation = document_for(specs)
    result = score_document(document, evaluation)
    assert result["disqualified"] == ["Без политики", "Ликвидатор"] or set(result["disqualified"]) == {
        "Без политики",
        "Ликвидатор",
    }
    assert "Без политики" not in result["ranking"] and result["winner"] == "Альфа"
    banned = _vendor(result, "Без политики")
    assert banned["rank"] is None and not banned["eligible"] and banned["probability_first"] == 0
    flag = banned["red_flags"][0]
    assert flag["severity"] == "critical" and "политики" in flag["text"]
    assert flag["evidence"][0]["url"].endswith("privacy")
    assert [k["status"] for k in _vendor(result, "Ликвидатор")["knockouts"]] == ["clear", "knocked_out"]
    # The ranking of the others is computed without the disqualified vendors.
    assert result["cross_checks"]["headline"] == ["Альфа", "Бета", "Гамма"]


def test_configurable_knock_outs() -> None:
    specs = _three()
    document, evaluation = document_for(specs, {"knockouts": [{"criterion": "response_hours", "max": 24}]})
    result = score_document(document, evaluation)
    assert result["disqualified"] == ["Гамма"]
    assert _vendor(result, "Гамма")["knockouts"][0]["status"] == "knocked_out"
    document, evaluation = document_for([VendorSpec("Без политики", privacy="fail"), *specs], {"knockouts": []})
    assert score_document(document, evaluation)["disqualified"] == []


def test_unknowns_are_never_a_silent_pass() -> None:
    # Only the evaluation file: no audit, no registry, no prices.
    document, evaluation = document_for(_three(), sections=False)
    result = score_document(document, evaluation)
    status = {item["id"]: item["status"] for item in result["criteria"]}
    assert status["monthly_cost"] == "no_data" and status["site_privacy_policy"] == "no_data"
    assert any("Стоимость в месяц" in warning for warning in result["warnings"])
    winner = _vendor(result, result["winner"])
    assert winner["completeness"] < 0.6 and result["confidence"]["level"] != "high"
    # A knock-out that cannot be checked disqualifies nobody but becomes a question to the vendor.
    assert {k["status"] for k in winner["knockouts"]} == {"unknown"}
    assert any(q["reason"] == "knockout_unknown" for q in winner["questions"])


def test_missing_data_policies() -> None:
    answers = dict(ALL_YES, online_statistics=None, call_rating=None)
    specs = [*_three(), VendorSpec("Молчун", answers=answers, service_level=None)]
    document, evaluation = document_for(specs)
    cells = _vendor(score_document(document, evaluation), "Молчун")["criteria"]
    # worst: an unanswered key question counts as the worst value of the scale, marked as imputed
    assert cells["online_statistics"]["score"] is None and cells["online_statistics"]["used_score"] == 0
    assert cells["online_statistics"]["imputed"] and cells["online_statistics"]["note"]
    # median: the other candidates all said yes
    assert cells["call_rating"]["used_score"] == 1.0 and cells["call_rating"]["imputed"]
    # exclude: no call log for this vendor, the trial KPIs drop out of its score
    assert not cells["trial_service_level"]["counted"] and cells["trial_service_level"]["contribution"] == 0
    questions = _vendor(score_document(document, evaluation), "Молчун")["questions"]
    assert {"online_statistics", "call_rating", "trial_service_level"} <= {q["criterion"] for q in questions}


def test_tipping_point_two_criteria_analytic() -> None:
    # A is best on criterion 0, B on criterion 1; weights 0.6 / 0.3 / 0.1 (criterion 2 is a tie).
    filled = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    mask = np.ones_like(filled, dtype=bool)
    weights = np.array([0.6, 0.3, 0.1])
    rows = engine._sensitivity(filled, mask, weights, ["monthly_cost", "online_statistics", "call_rating"], ["A", "B"])
    first = next(row for row in rows if row["id"] == "monthly_cost")
    # A wins while w0 > w1; w1 scales with (1 - w0) * 0.3 / 0.4, so the tie is at w0 = 0.75 (1 - w0) -> 3/7.
    assert first["down"]["weight"] == pytest.approx(3 / 7, abs=1e-4)
    assert first["down"]["new_winner"] == "B" and first["up"] is None
    second = next(row for row in rows if row["id"] == "online_statistics")
    # Raising w1: w0 = 0.6 (1 - w1) / 0.7, the tie is at w1 = 0.6 / 1.3.
    assert second["up"]["weight"] == pytest.approx(0.6 / 1.3, abs=1e-4) and second["up"]["new_winner"] == "B"
    assert second["down"] is None


def test_tipping_points_on_a_document_really_change_the_winner() -> None:
    specs = [
        VendorSpec(
            "Дешёвый", monthly_cost=150_000, answers=dict(ALL_YES, call_listening=False, operator_testing=False)
        ),
        VendorSpec("Надёжный", monthly_cost=240_000),
    ]
    document, evaluation = document_for(specs)
    result = score_document(document, evaluation)
    rows = [row for row in result["sensitivity"] if row["down"] or row["up"]]
    assert rows, "two close vendors must have a tipping point"
    used = [item["id"] for item in result["criteria"] if item["status"] == "used"]
    names = result["ranking"]
    filled = np.array([[_vendor(result, n)["criteria"][c]["used_score"] or 0.0 for c in used] for n in names])
    mask = np.array([[_vendor(result, n)["criteria"][c]["counted"] for c in used] for n in names])
    weights = np.array([_vendor(result, names[0])["criteria"][c]["weight"] for c in used])
    for row in rows[:3]:
        members = np.array(
            [c == row["id"] or next(i for i in result["criteria"] if i["id"] == c)["group"] == row["id"] for c in used]
        )
        for direction in ("down", "up"):
            point = row[direction]
            if point is None:
                continue
            step = 1e-3 if direction == "up" else -1e-3
            beyond = engine._reweighted(weights, members, np.array([point["weight"] + step]))
            before = engine._reweighted(weights, members, np.array([point["weight"] - 5 * step]))
            assert names[engine._winners(filled, mask, beyond)[0]] == point["new_winner"] != names[0]
            assert names[engine._winners(filled, mask, before)[0]] == names[0]


def test_monte_carlo_is_seeded_and_reproducible() -> None:
    specs = [
        VendorSpec("Один", monthly_cost=150_000, answers=dict(ALL_YES, call_listening=False)),
        VendorSpec("Два", monthly_cost=200_000),
    ]
    document, evaluation = document_for(specs, {"seed": 7, "monte_carlo_runs": 3000})
    first = score_document(document, evaluation)["monte_carlo"]
    second = score_document(document, evaluation)["monte_carlo"]
    assert first == second and first["seed"] == 7 and first["runs"] == 3000
    assert sum(first["probability_first"].values()) == pytest.approx(1.0)
    document, evaluation = document_for(specs, {"seed": 8, "monte_carlo_runs": 3000})
    other = score_document(document, evaluation)["monte_carlo"]["probability_first"]
    assert other["Один"] == pytest.approx(first["probability_first"]["Один"], abs=0.05)


def test_monte_carlo_probability_matches_the_analytic_value() -> None:
    # A wins criterion 0, B criterion 1, weights 0.55 / 0.45 jittered by ±20% independently:
    # P(A first) = P(0.55 u0 > 0.45 u1) with u ~ U(0.8, 1.2), = 0.5455 + 0.3283 = 0.8737 (u0 above 0.9818 always wins).
    filled = np.array([[1.0, 0.0], [0.0, 1.0]])
    mask = np.ones_like(filled, dtype=bool)
    result = engine._monte_carlo(filled, mask, np.array([0.55, 0.45]), ["A", "B"], None)
    assert result["probability_first"]["A"] == pytest.approx(0.8737, abs=0.015)
    again = engine._monte_carlo(filled, mask, np.array([0.55, 0.45]), ["A", "B"], None)
    assert again == result


def test_hostile_or_malformed_sections_become_unknowns() -> None:
    document, evaluation = document_for(_three())
    document["audit"]["Альфа"]["findings"] = "not a list"
    document["legal"]["Бета"] = {"status": "verified", "company_age_years": "десять", "domain": "?"}
    document["calls"]["vendors"]["Гамма"]["service_level"] = float("nan")
    result = score_document(document, evaluation)
    alpha = _vendor(result, "Альфа")["criteria"]["site_privacy_policy"]
    assert alpha["score"] is None and alpha["note"]
    assert _vendor(result, "Бета")["criteria"]["company_age_years"]["score"] is None
    assert _vendor(result, "Гамма")["criteria"]["trial_service_level"]["score"] is None
    assert all(math.isfinite(vendor["total"]) for vendor in result["vendors"])


def test_pipeline_stage_scores_last_and_records_the_run(tmp_path) -> None:
    from callscout import pipeline
    from callscout.store import Store
    from tests.scoring_docs import evaluation_for

    assert pipeline.STAGES[-1][0] == "scoring"
    weak = {key: (0 if key == "statistics_indicators" else key == "answer_was_formal") for key in ALL_YES}
    evaluation = evaluation_for([*_three(), VendorSpec("Слабый", answers=weak)])
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        result = pipeline.run(evaluation, store, tmp_path, options=RunOptions(formats=("html", "json")))
        runs = store.runs(kind="scoring")
        assert len(runs) == 1
        findings = store.run_findings(runs[0].id)
    finally:
        store.close()
    scoring = result.document["scoring"]
    assert result.document["sections"][-1] == "scoring" and scoring["winner"] == runs[0].summary["winner"]
    assert findings and all(finding.check == "scoring" for finding in findings)
    # The price flag depends on the economics stage (all four share one offer); answers single out the weak one.
    answer_flags = [finding for finding in findings if "Стоимость" not in finding.message]
    assert {finding.message.split(":")[0] for finding in answer_flags} == {"Слабый"}
    assert any(finding.message == "Слабый: Ответ по существу, не формальный: нет" for finding in answer_flags)
    assert any("Записи всех разговоров" in finding.message for finding in findings)
    assert not (tmp_path / "report.pdf").exists() and (tmp_path / "report.html").exists()


def test_no_vendor_and_a_single_vendor() -> None:
    document, evaluation = document_for([])
    empty = score_document(document, evaluation)
    assert empty["winner"] is None and empty["vendors"] == [] and empty["confidence"]["level"] == "none"
    assert len(empty["criteria"]) == len(engine.CRITERIA) and empty["sensitivity"] == []
    document, evaluation = document_for([VendorSpec("Один")])
    single = score_document(document, evaluation)
    assert single["winner"] == "Один" and single["monte_carlo"]["probability_first"] == {"Один": 1.0}
    assert single["cross_checks"]["methods"] == {} and "два кандидата" in single["cross_checks"]["note"]
    document, evaluation = document_for([VendorSpec("Один")], sections=False)
    assert score_document(document, evaluation)["confidence"]["level"] != "high"  # little is known about it
