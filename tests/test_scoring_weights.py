from __future__ import annotations

import numpy as np
import pytest

from callscout.errors import DataError
from callscout.model import Needs
from callscout.model.scoring import PairwiseComparison, ScoringSettings
from callscout.scoring.criteria import BY_ID, CRITERIA, GROUPS
from callscout.scoring.weights import PRESETS, ahp_weights, resolve_weights


def test_presets_cover_every_group_and_sum_to_one() -> None:
    for name, groups in PRESETS.items():
        assert set(groups) == set(GROUPS), name
        assert sum(groups.values()) == pytest.approx(1.0)
    # The article's question 1: consultations are about the operators, order lines about price per order.
    assert PRESETS["consultations"]["quality"] > PRESETS["orders"]["quality"]
    assert PRESETS["orders"]["economics"] > PRESETS["consultations"]["economics"]


def test_ahp_textbook_example() -> None:
    # The classic 3x3 example (Saaty): priorities 0.637 / 0.258 / 0.105, lambda_max 3.0385, CR 0.033.
    result = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["a", "b", "c"])
    assert [round(result.weights[k], 3) for k in "abc"] == [0.637, 0.258, 0.105]
    assert result.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert result.consistency_index == pytest.approx(0.0193, abs=1e-4)
    assert result.consistency_ratio == pytest.approx(0.0332, abs=1e-3)
    assert result.consistent


def test_ahp_perfectly_consistent_and_cyclic_matrices() -> None:
    consistent = ahp_weights([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    assert consistent.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert list(consistent.weights.values()) == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    # a > b > c > a, strongly: as inconsistent as judgements get.
    cyclic = ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert cyclic.consistency_ratio > 1 and not cyclic.consistent
    with pytest.raises(ValueError, match="reciprocal"):
        ahp_weights([[1, 2], [2, 1]])


def test_ahp_comparisons_from_the_evaluation_file_set_group_weights() -> None:
    settings = ScoringSettings(
        ahp=[
            PairwiseComparison(more="economics", less="quality", intensity=3),
            PairwiseComparison(more="economics", less="reporting", intensity=5),
            PairwiseComparison(more="quality", less="reporting", intensity=3),
        ]
    )
    plan = resolve_weights(Needs(calls_per_month=9000), settings)
    assert plan.group_source == "ahp" and plan.ahp is not None and plan.ahp.consistent and not plan.warnings
    compared = sum(PRESETS["orders"][g] for g in ("economics", "quality", "reporting"))
    assert plan.group_weights["economics"] == pytest.approx(0.637 * compared, abs=1e-3)
    assert plan.group_weights["website"] == PRESETS["orders"]["website"]  # not compared: keeps its preset share
    assert sum(plan.criterion_weights.values()) == pytest.approx(1.0)


def test_inconsistent_ahp_warns_and_incomplete_ahp_is_an_error() -> None:
    cyclic = [
        PairwiseComparison(more="economics", less="quality", intensity=9),
        PairwiseComparison(more="quality", less="reporting", intensity=9),
        PairwiseComparison(more="reporting", less="economics", intensity=9),
    ]
    plan = resolve_weights(Needs(calls_per_month=9000), ScoringSettings(ahp=cyclic))
    assert plan.warnings and "CR" in plan.warnings[0] and "0,1" in plan.warnings[0]
    with pytest.raises(DataError, match="quality / reporting"):
        resolve_weights(Needs(calls_per_month=9000), ScoringSettings(ahp=cyclic[:1] + cyclic[2:]))
    with pytest.raises(DataError, match="неизвестная группа"):
        resolve_weights(
            Needs(calls_per_month=9000),
            ScoringSettings(ahp=[PairwiseComparison(more="цена", less="quality", intensity=2)]),
        )


def test_file_overrides_group_and_criterion_weights() -> None:
    needs = Needs(calls_per_month=9000, hotline_task="support")
    base = resolve_weights(needs, None)
    assert base.preset == "support"
    plan = resolve_weights(
        needs, ScoringSettings(group_weights={"economics": 0.5}, criterion_weights={"monthly_cost": 0})
    )
    assert plan.group_source == "file"
    assert plan.criterion_weights["monthly_cost"] == 0
    assert plan.criterion_weights["cost_per_order"] > base.criterion_weights["cost_per_order"]
    economics = sum(w for cid, w in plan.criterion_weights.items() if BY_ID[cid].group == "economics")
    assert economics == pytest.approx(0.5 / (1 - PRESETS["support"]["economics"] + 0.5))
    with pytest.raises(DataError, match="неизвестные критерии"):
        resolve_weights(needs, ScoringSettings(criterion_weights={"price": 1}))
    assert sum(resolve_weights(needs, None, {c.id for c in CRITERIA[:5]}).criterion_weights.values()) == pytest.approx(
        1
    )
    assert np.isclose(sum(base.criterion_weights.values()), 1.0)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_scoring_block_of_the_template_is_valid(language: str) -> None:
    from importlib.resources import files

    from callscout import evalfile

    text = files("callscout").joinpath(f"templates/evaluation.{language}.yaml").read_text("utf-8")
    block = text[text.index("# scoring:") :]
    uncommented = "\n".join(line[2:] if line.startswith("# ") else line for line in block.splitlines())
    evaluation, problems = evalfile.parse_text(text.replace("{name}", "x") + "\n" + uncommented)
    assert problems == [] and evaluation is not None and evaluation.scoring is not None
    plan = resolve_weights(evaluation.needs, evaluation.scoring)
    assert plan.group_source == "ahp" and plan.ahp is not None and plan.ahp.consistent
    assert plan.criterion_weights["response_hours"] == 0


def test_scoring_block_errors_name_the_line() -> None:
    from callscout import evalfile

    text = (
        "name: x\nneeds:\n  calls_per_month: 100\n"
        "scoring:\n  knockouts:\n    - {min: 3}\n  group_weights: {economics: -1}\n"
    )
    evaluation, problems = evalfile.parse_text(text)
    assert evaluation is None
    where = {problem.path: problem.line for problem in problems}
    assert where.get("scoring.knockouts[0]") == 6
    assert any("scoring" in problem.path for problem in problems)
