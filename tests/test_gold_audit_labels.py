"""The second gold set itself: real pages with their sources, one well-formed label file per page."""

from __future__ import annotations

import hashlib
import re

import pytest

from callscout.web_audit.extract import number_format_ok
from tests.gold import expected_phone_type
from tests.gold_audit import GOLD_AUDIT_DIR, ROLES, AuditGoldPage, FieldScore, load_audit_gold

MIN_PAGES = 40
MAX_FIXTURE_BYTES = 3 * 1024 * 1024
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = {"inn": (8, 13), "ogrn": (11, 17), "kpp": (7, 11)}


@pytest.fixture(scope="module")
def pages() -> list[AuditGoldPage]:
    return load_audit_gold()


def test_enough_real_pages_with_sources_within_budget(pages: list[AuditGoldPage]) -> None:
    assert len(pages) >= MIN_PAGES
    files = {page.path.resolve() for page in pages}
    assert len(files) == len(pages), "two label files name one page"
    assert files == {path.resolve() for path in (GOLD_AUDIT_DIR / "pages").iterdir()}, "a page has no label file"
    assert sum(path.stat().st_size for path in GOLD_AUDIT_DIR.rglob("*") if path.is_file()) < MAX_FIXTURE_BYTES
    for page in pages:
        assert {"repo", "path", "commit"} <= page.source.keys() and len(page.source["commit"]) == 40, page.name
        assert (
            page.url == f"https://github.com/{page.source['repo']}/blob/{page.source['commit']}/{page.source['path']}"
        )
        assert hashlib.sha256(page.body()).hexdigest() == page.sha256, f"{page.name}: the page's bytes changed"


def test_every_label_is_well_formed_and_on_its_page(pages: list[AuditGoldPage]) -> None:
    problems: list[str] = []
    for page in pages:
        text = page.body().decode("utf-8", "replace")
        digits = re.sub(r"\D", "", text)
        labels = page.labels
        for number in labels["numbers"]:
            low, high = KINDS[number["kind"]]
            value = number["value"]
            if not low <= len(value) <= high or value not in (text if number["kind"] == "kpp" else digits):
                problems.append(f"{page.name}: {number['kind']} {value} is not on the page")
            if number["format_ok"] != number_format_ok(number["kind"], value):
                problems.append(f"{page.name}: {value} format_ok disagrees with its length and check digit")
        for phone in labels["phones"]:
            if phone["type"] != expected_phone_type(phone["e164"]) or phone["e164"][-6:] not in digits:
                problems.append(f"{page.name}: phone {phone}")
        for email in labels["emails"]:
            if email.casefold() not in text.casefold():
                problems.append(f"{page.name}: e-mail {email} is not on the page")
        owner = labels["owner"]
        if owner is not None:
            printed = {number["value"] for number in labels["numbers"]}
            for key in ("inn", "ogrn", "kpp"):
                if owner[key] is not None and owner[key] not in printed:
                    problems.append(f"{page.name}: the owner's {key} is not among the page's numbers")
        for entity in labels["entities"]:
            if entity["role"] not in ROLES or not (entity.get("inn") or entity.get("name")):
                problems.append(f"{page.name}: entity {entity}")
        for day in [*labels["news_dates"], *labels["review_dates"]]:
            if not ISO_DATE.match(day):
                problems.append(f"{page.name}: date {day}")
        privacy = labels["privacy"]
        if privacy["present"] and not (
            privacy.get("self") or privacy.get("link_url") or privacy.get("kind") == "modal"
        ):
            problems.append(f"{page.name}: a present policy needs a link, the page itself or a modal")
        if set(page.unsure) - {"privacy"}:
            problems.append(f"{page.name}: unsure names unknown fields")
    assert problems == []


def test_the_set_covers_every_hard_case(pages: list[AuditGoldPage]) -> None:
    labels = [page.labels for page in pages]
    assert any(not number["format_ok"] for label in labels for number in label["numbers"])
    roles = {entity["role"] for label in labels for entity in label["entities"]}
    assert {"director_personal", "mentioned"} <= roles
    assert sum(len(label["news_dates"]) for label in labels) >= 20
    assert sum(len(label["review_dates"]) for label in labels) >= 8
    assert {label["privacy"].get("kind") for label in labels if label["privacy"]["present"]} >= {"page", "modal"}
    assert sum(1 for label in labels if label["owner"] and label["owner"]["director"]) >= 8
    assert sum(1 for label in labels if label["owner"] and label["owner"]["legal_address"]) >= 10
    assert sum(1 for label in labels if label["placeholder_phones"]) >= 3


def test_the_scorer_counts_a_wrong_value_as_a_false_positive_and_a_miss() -> None:
    score = FieldScore()
    score.add_single("page", "ООО «А»", "ООО «Б»", False)
    score.add_sets("page", {"1", "2"}, {"2", "3"})
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 2, 2)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 3)
