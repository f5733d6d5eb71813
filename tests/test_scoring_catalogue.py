"""The criteria catalogue covers the seed article, both ways: every criterion the article names is in the
catalogue, and every catalogue criterion stands on the article's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from callscout.model import PAYMENT_MODELS, Answers
from callscout.scoring.criteria import BY_ID, CRITERIA, GROUPS, MISSING_POLICY_LABELS, PAYMENT_MODEL_RISK

FIXTURES = Path(__file__).parent / "fixtures"


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


@pytest.fixture(scope="module")
def article() -> str:
    return _normalised((FIXTURES / "seed_article.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article_items() -> list[dict]:
    return yaml.safe_load((FIXTURES / "seed_article_criteria.yaml").read_text(encoding="utf-8"))


def test_every_article_criterion_is_in_the_catalogue(article: str, article_items: list[dict]) -> None:
    assert len(article_items) >= 60
    for item in article_items:
        assert _normalised(item["quote"]) in article, f"not a quote of the article: {item['quote']}"
        for criterion_id in item["criteria"]:
            assert criterion_id in BY_ID, f"{item['quote']!r} needs criterion {criterion_id}"


def test_every_catalogue_criterion_comes_from_the_article(article: str, article_items: list[dict]) -> None:
    covered = {criterion_id for item in article_items for criterion_id in item["criteria"]}
    assert {item.id for item in CRITERIA} == covered
    for item in CRITERIA:
        assert _normalised(item.article) in article, f"{item.id}: its article words are not in the article"


def test_all_six_payment_models_of_the_article_are_rated(article_items: list[dict]) -> None:
    named = {item["payment_model"] for item in article_items if "payment_model" in item}
    assert named == set(PAYMENT_MODELS) - {"fixed_monthly"}
    assert set(PAYMENT_MODEL_RISK) == set(PAYMENT_MODELS)
    # The article: paying for the whole base or for idle operator time is against the buyer; salary plus
    # percent is its advice for order lines.
    assert (
        PAYMENT_MODEL_RISK["per_contact"] > PAYMENT_MODEL_RISK["per_call"] > PAYMENT_MODEL_RISK["salary_plus_percent"]
    )
    assert PAYMENT_MODEL_RISK["per_operator_hour"] > PAYMENT_MODEL_RISK["per_talk_minute"]


def test_criteria_are_complete_definitions() -> None:
    assert len({item.id for item in CRITERIA}) == len(CRITERIA)
    assert {item.group for item in CRITERIA} == set(GROUPS)
    for item in CRITERIA:
        assert item.direction in ("benefit", "cost")
        assert item.missing in MISSING_POLICY_LABELS
        assert item.name_ru and item.name_en and item.name_ru != item.name_en
        assert item.question_ru.strip() and item.question_en.strip()
        if item.answer_field is not None:
            assert item.answer_field in Answers.model_fields
    # Every answer of the questionnaire model feeds some criterion.
    assert set(Answers.model_fields) == {item.answer_field for item in CRITERIA if item.answer_field}


def test_every_criterion_says_how_its_value_is_computed() -> None:
    from callscout.i18n import set_language

    for item in CRITERIA:
        assert item.how, item.id
    set_language("en")
    try:
        assert all(item.how and not re.search("[а-яА-Я]", item.how) for item in CRITERIA)
    finally:
        set_language(None)
