"""The gold set itself: every page present, every label well-formed and found on its page, the scorer sound."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gold import (
    FIELDS,
    GOLD_DIR,
    GoldPage,
    expected_phone_type,
    label_problems,
    load_gold,
    score,
    summary,
)

MAX_FIXTURE_BYTES = 3 * 1024 * 1024
MIN_PAGES = 20


@pytest.fixture(scope="module")
def pages() -> list[GoldPage]:
    return load_gold()


def test_gold_set_has_enough_distinct_pages_within_size_budget(pages: list[GoldPage]) -> None:
    assert len(pages) >= MIN_PAGES
    files = [page.path.resolve() for page in pages]
    assert len(set(files)) == len(files), "two URLs share one file"
    on_disk = sorted((GOLD_DIR / "pages").iterdir())
    assert {path.resolve() for path in on_disk} == set(files), "a page file is not in the index, or vice versa"
    total = sum(path.stat().st_size for path in GOLD_DIR.rglob("*") if path.is_file())
    assert total < MAX_FIXTURE_BYTES


def test_every_label_is_well_formed_and_occurs_on_its_page(pages: list[GoldPage]) -> None:
    problems = [problem for page in pages for problem in label_problems(page)]
    assert problems == []


def test_every_page_records_where_it_came_from(pages: list[GoldPage]) -> None:
    for page in pages:
        assert page.url.startswith(("http://", "https://")), page.url
        assert {"repo", "path", "commit"} <= page.source.keys(), page.url
        assert len(page.source["commit"]) == 40, page.url
        assert page.sha256 is not None, page.url


def test_each_field_has_positives_and_pages_without_values(pages: list[GoldPage]) -> None:
    counts = summary(pages)
    for name in FIELDS:
        if name == "privacy_policy":
            assert counts[name]["positive"] >= 5 and counts[name]["negative"] >= 5, counts[name]
        else:
            assert counts[name]["values"] >= 5 and counts[name]["pages_without_values"] >= 3, (name, counts[name])
    phone_types = {phone["type"] for page in pages for phone in page.labels["phones"]}
    assert {"landline", "mobile", "toll_free"} <= phone_types


def test_label_checker_catches_a_mistyped_label(pages: list[GoldPage]) -> None:
    page = next(p for p in pages if p.labels["inn"] and p.labels["phones"])
    broken_labels = dict(page.labels)
    broken_labels["inn"] = ["1234567890"]
    broken_labels["phones"] = [{"e164": page.labels["phones"][0]["e164"], "type": "toll_free"}]
    broken = GoldPage(page.url, page.path, broken_labels, page.unsure, page.content_type, page.sha256, page.source)
    problems = label_problems(broken)
    assert any("inn 1234567890 does not occur" in problem for problem in problems)
    assert any("typed toll_free" in problem for problem in problems)


@pytest.mark.parametrize(
    ("e164", "kind"),
    [
        ("+78001234567", "toll_free"),
        ("+79161234567", "mobile"),
        ("+74951234567", "landline"),
        ("+78422265301", "landline"),
    ],
)
def test_phone_type_follows_russian_numbering(e164: str, kind: str) -> None:
    assert expected_phone_type(e164) == kind


def _oracle(pages: list[GoldPage]) -> Any:
    by_url = {page.url: page for page in pages}

    def extract(url: str, body: bytes, content_type: str | None) -> dict[str, Any]:
        assert body == by_url[url].body()
        return dict(by_url[url].labels)

    return extract


def test_scoring_an_extractor_that_returns_the_labels_is_perfect(pages: list[GoldPage]) -> None:
    for result in score(_oracle(pages), pages).values():
        assert (result.precision, result.recall, result.mistakes) == (1.0, 1.0, [])


def test_scoring_counts_extra_and_missed_values_per_field(pages: list[GoldPage]) -> None:
    page = next(p for p in pages if len(p.labels["inn"]) == 2)
    first, second = page.labels["inn"]

    def extract(url: str, body: bytes, content_type: str | None) -> dict[str, Any]:
        facts = dict(page.labels)
        facts["inn"] = [first, "7707083893"]
        facts["emails"] = [email.upper() for email in page.labels["emails"]]
        facts["privacy_policy"] = not page.labels["privacy_policy"]
        return facts

    results = score(extract, [page])
    assert (results["inn"].true_positives, results["inn"].false_positives, results["inn"].false_negatives) == (1, 1, 1)
    assert results["inn"].precision == 0.5 and results["inn"].recall == 0.5
    assert second in results["inn"].mistakes[0]
    assert results["emails"].precision == 1.0, "e-mails compare without regard to case"
    if "privacy_policy" not in page.unsure:
        assert results["privacy_policy"].mistakes


def test_an_extractor_that_finds_nothing_has_no_recall(pages: list[GoldPage]) -> None:
    results = score(lambda url, body, content_type: {}, pages)
    for name in FIELDS:
        assert results[name].recall == 0.0, name
        assert results[name].precision == 1.0, name
