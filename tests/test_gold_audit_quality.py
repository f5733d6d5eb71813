"""Quality gate: the audit's JSON contract against both gold sets, field by field, with pinned floors.

The targets are the issue's (ИНН/ОГРН/КПП 0.97, e-mails 0.95, legal address 0.92, director 0.9, legal
form and name 0.95, privacy link 0.95, news and review dates 0.9, other entities 0.85); phones keep the
first gold set's 0.95. Pages 01-43 of the second set were read while the extraction was built; pages
44-64 were labelled before the extraction saw them (``held_out`` in their label files) and are kept, with
their misses, so the gate does not get easier.

Every field of the whole set meets its target (measured 2026-12-07 after pages 49-64 were added: ИНН,
ОГРН, КПП, e-mails, director, privacy, news and review dates, legal address, other entities 1.0; phones
0.994; legal form and name 0.985). The held-out pages alone are gated too: there legal form and name
(0.947: page 59's Kazakh ТОО is not read) stays below target and is pinned at the measurement, not at the
target. ``python -m tests.gold_audit`` prints every score and mistake.
"""

from __future__ import annotations

import pytest

from tests.gold_audit import FIELDS, FieldScore, load_audit_gold, score_contracts

TARGETS = {
    "inn": 0.97,
    "ogrn": 0.97,
    "kpp": 0.97,
    "phones": 0.95,
    "emails": 0.95,
    "legal_form_name": 0.95,
    "legal_address": 0.92,
    "director": 0.9,
    "privacy": 0.95,
    "news_dates": 0.9,
    "review_dates": 0.9,
    "entities": 0.85,
}
# Measured below target: pinned at the measurement, not at the target (none left on the whole set).
MEASURED_GAPS: dict[str, float] = {}
FLOORS = {**TARGETS, **MEASURED_GAPS}
# The held-out pages alone, where the harder pages keep a field below target: pinned at the measurement.
HELD_OUT_GAPS: dict[str, float] = {"legal_form_name": 0.947}
HELD_OUT_FLOORS = {**TARGETS, **HELD_OUT_GAPS}


@pytest.fixture(scope="module")
def scores() -> dict[str, FieldScore]:
    return score_contracts()


@pytest.fixture(scope="module")
def held_out_scores() -> dict[str, FieldScore]:
    return score_contracts([page for page in load_audit_gold() if page.labels.get("held_out")], include_old=False)


def test_every_field_has_a_floor() -> None:
    assert set(FLOORS) == set(FIELDS) == set(TARGETS) == set(HELD_OUT_FLOORS)
    assert all(MEASURED_GAPS[name] < TARGETS[name] for name in MEASURED_GAPS)
    assert all(HELD_OUT_GAPS[name] < TARGETS[name] for name in HELD_OUT_GAPS)


@pytest.mark.parametrize("field_name", FIELDS)
def test_contract_meets_the_pinned_floor(scores: dict[str, FieldScore], field_name: str) -> None:
    result = scores[field_name]
    detail = "\n".join(result.mistakes)
    assert result.true_positives + result.false_negatives > 0, f"{field_name} has no labelled values"
    assert result.f1 >= FLOORS[field_name], (
        f"{field_name} F1 {result.f1:.3f} (precision {result.precision:.3f}, recall {result.recall:.3f})\n{detail}"
    )


@pytest.mark.parametrize("field_name", FIELDS)
def test_held_out_pages_meet_their_pinned_floor(held_out_scores: dict[str, FieldScore], field_name: str) -> None:
    result = held_out_scores[field_name]
    if result.true_positives + result.false_negatives + result.false_positives == 0:
        pytest.skip(f"no held-out page labels or reports {field_name}: the whole-set gate covers it")
    detail = "\n".join(result.mistakes)
    assert result.f1 >= HELD_OUT_FLOORS[field_name], (
        f"held-out {field_name} F1 {result.f1:.3f} (precision {result.precision:.3f}, recall {result.recall:.3f})"
        f"\n{detail}"
    )
