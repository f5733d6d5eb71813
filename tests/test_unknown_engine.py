"""The property of issue 14 through the whole scoring engine, not only ``decide()``'s matrices: on the demo's
result document with random patterns of unanswered questionnaire items (the vendors' ``answers``), a winner
reported with confidence «высокая» stays the winner when every unknown answer is settled against it — its
own unknowns at their worst and every rival's at their best."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from callscout import evalfile
from callscout.demo import demo_evaluation_path
from callscout.model.vendor import Answers
from callscout.scoring.engine import score_document
from tests.conftest import DemoRun

FIELDS = sorted(Answers.model_fields)
# Candidate values of an answer: the engine's own scores tell which is the worst and which the best.
CANDIDATES: dict[str, tuple[Any, ...]] = {
    field: (0, 5, 20, 1000) if field == "statistics_indicators" else (False, True) for field in FIELDS
}


def _totals(document: dict[str, Any], evaluation: Any) -> dict[str, float]:
    return {vendor["name"]: vendor["total"] for vendor in score_document(document, evaluation)["vendors"]}


@pytest.fixture(scope="module")
def base(demo_run: DemoRun) -> tuple[dict[str, Any], Any, dict[str, tuple[Any, Any]]]:
    """The demo's document, its evaluation, and for each answer field its (worst, best) value found by
    scoring the first vendor with each candidate value (fields no criterion reads are left out)."""
    evaluation = evalfile.load(demo_evaluation_path())
    document = copy.deepcopy(demo_run.document)
    probe_vendor = document["vendors"][0]["name"]
    extremes: dict[str, tuple[Any, Any]] = {}
    for field in FIELDS:
        totals = []
        for value in CANDIDATES[field]:
            probe = copy.deepcopy(document)
            probe["vendors"][0].setdefault("answers", {})[field] = value
            totals.append((_totals(probe, evaluation)[probe_vendor], value))
        if max(totals)[0] > min(totals)[0]:
            extremes[field] = (min(totals)[1], max(totals)[1])
    assert len(extremes) >= 8  # the questionnaire feeds the ranking: the property has something to move
    return document, evaluation, extremes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_high_confidence_winner_survives_its_unknown_answers_settled_against_it(
    base: tuple[dict[str, Any], Any, dict[str, tuple[Any, Any]]], data: st.DataObject
) -> None:
    document, evaluation, extremes = base
    fields = sorted(extremes)
    case = copy.deepcopy(document)
    for vendor in case["vendors"]:
        answers = vendor.setdefault("answers", {})
        for field in data.draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields))):
            answers[field] = None
    result = score_document(case, evaluation)
    event(f"confidence {result['confidence']['level']}")
    if result["confidence"]["level"] != "high":
        return
    winner = result["winner"]
    settled = copy.deepcopy(case)
    for vendor in settled["vendors"]:
        answers = vendor["answers"]
        for field in fields:
            if answers.get(field) is None:
                worst, best = extremes[field]
                answers[field] = worst if vendor["name"] == winner else best
    again = score_document(settled, evaluation)
    assert again["winner"] == winner, (winner, again["ranking"], result["confidence"])


def test_the_engine_property_sees_high_and_lower_confidence(
    base: tuple[dict[str, Any], Any, dict[str, tuple[Any, Any]]],
) -> None:
    """The property is only worth something if both sides occur: the demo's document as it is (answers
    known) gives «высокая», and every answer of the leaders unknown does not."""
    document, evaluation, extremes = base
    assert score_document(document, evaluation)["confidence"]["level"] == "high"
    blank = copy.deepcopy(document)
    for vendor in blank["vendors"]:
        vendor["answers"] = dict.fromkeys(extremes)
    assert score_document(blank, evaluation)["confidence"]["level"] != "high"
