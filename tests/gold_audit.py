"""The harder gold set, scored through the audit's JSON contract rather than the one-page extractor.

``tests/fixtures/gold_audit/`` holds real pages from public repositories (``pages/NN.html``) and, one
file per page, what a careful reader finds on them (``labels/NN.yaml``; the rules are in the README
there). Each page is audited as a one-page site by the checks that fill the contract's fact sections,
and the contract (``contract_facts``) is what gets scored, field by field:

- ``inn``, ``ogrn``, ``kpp``: every number the page presents, whoever it belongs to, read from the
  owner (``legal_entity``) and the other entities (``entities``); malformed values count too;
- ``phones`` and ``emails``: the contact lists (a placeholder such as +7 999 999-99-99 reported as a
  phone is a false positive; reported with ``placeholder: true`` it is not counted);
- ``legal_form_name``, ``legal_address``, ``director``: the owner's, one value per page;
- ``privacy``: the policy record (a link, a modal, or the page itself);
- ``news_dates``, ``review_dates``: every dated item, as a set of dates;
- ``entities``: the other entities with their roles.

The older gold set (``tests/fixtures/gold``) is scored the same way for the fields it labels, so the
reported scores cover old and new pages. F1 is micro-averaged over pages. ``python -m tests.gold_audit``
prints the scores and every mistake.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from tests.gold import load_gold

GOLD_AUDIT_DIR = Path(__file__).parent / "fixtures" / "gold_audit"
AUDIT_NOW = datetime(2026, 11, 27, 12, 0)
NUMBER_FIELDS = ("inn", "ogrn", "kpp")
FIELDS = (
    *NUMBER_FIELDS,
    "phones",
    "emails",
    "legal_form_name",
    "legal_address",
    "director",
    "privacy",
    "news_dates",
    "review_dates",
    "entities",
)
ROLES = frozenset({"director_personal", "bank", "mentioned"})
# The checks whose facts make up the contract's legal, contact, policy, news and review sections.
FACT_CHECKS = ("requisites", "contacts", "privacy_policy", "news", "clients_and_reviews")
ADDRESS_SIMILARITY = 0.9


@dataclass(frozen=True)
class AuditGoldPage:
    name: str
    url: str
    path: Path
    labels: dict[str, Any]
    unsure: frozenset[str]
    source: dict[str, Any]
    sha256: str

    def body(self) -> bytes:
        return self.path.read_bytes()


def load_audit_gold(directory: Path = GOLD_AUDIT_DIR) -> list[AuditGoldPage]:
    pages = []
    for label_file in sorted((directory / "labels").glob("*.yaml")):
        document = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        pages.append(
            AuditGoldPage(
                name=label_file.stem,
                url=document["url"],
                path=directory / document["file"],
                labels=document,
                unsure=frozenset(document.get("unsure") or ()),
                source=dict(document["source"]),
                sha256=document["sha256"],
            )
        )
    return pages


def audit_contract(url: str, body: bytes, content_type: str | None = None) -> dict[str, Any]:
    """The contract's fact sections for one page audited as a one-page site (what ``to_json`` emits)."""
    from callscout.web_audit.audit import contract_facts
    from callscout.web_audit.base import SiteContext, all_checks, run_checks
    from callscout.web_audit.parse import page_from_bytes

    page = page_from_bytes(url, body, content_type)
    site = SiteContext(root_url=url, pages=[page], now=AUDIT_NOW)
    checks = [check for check in all_checks() if check.code in FACT_CHECKS]
    run_checks(site, checks)
    return contract_facts(site.facts)


# --- normalisation -------------------------------------------------------------------------------------


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def _words(value: str) -> str:
    """Case, quotes, punctuation and spacing do not matter; Latin look-alikes of ООО are Cyrillic."""
    text = str(value).casefold().replace("ё", "е")
    text = re.sub(r"\booo\b", "ооо", text)
    text = re.sub(r"[«»\"“”„'`.,;:()\-–—/\\№]", " ", text)
    return " ".join(text.split())


def _name_matches(predicted: str | None, expected: str | list[str] | None) -> bool:
    if not predicted or not expected:
        return False
    variants = expected if isinstance(expected, list) else [expected]
    return any(_words(predicted) == _words(variant) for variant in variants)


def _address_matches(predicted: str | None, expected: str | list[str] | None) -> bool:
    if not predicted or not expected:
        return False
    variants = expected if isinstance(expected, list) else [expected]
    got = _words(predicted).replace(" ", "")
    return any(
        difflib.SequenceMatcher(None, got, _words(variant).replace(" ", "")).ratio() >= ADDRESS_SIMILARITY
        for variant in variants
    )


# --- scoring -------------------------------------------------------------------------------------------


@dataclass
class FieldScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return 1.0 if predicted == 0 else self.true_positives / predicted

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return 1.0 if actual == 0 else self.true_positives / actual

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total

    def add_sets(self, where: str, expected: set[Any], predicted: set[Any]) -> None:
        self.true_positives += len(expected & predicted)
        extra, missed = predicted - expected, expected - predicted
        self.false_positives += len(extra)
        self.false_negatives += len(missed)
        if extra or missed:
            self.mistakes.append(f"{where}: extra {sorted(map(str, extra))}, missed {sorted(map(str, missed))}")

    def add_single(self, where: str, expected: Any, predicted: Any, matches: bool) -> None:
        """One value per page: a wrong value is both a false positive and a miss."""
        if expected and predicted and matches:
            self.true_positives += 1
            return
        if predicted:
            self.false_positives += 1
        if expected:
            self.false_negatives += 1
        if expected or predicted:
            self.mistakes.append(f"{where}: expected {expected!r}, got {predicted!r}")


def reported_numbers(contract: dict[str, Any], kind: str) -> set[str]:
    """Every number of one kind the contract reports: the owner's and the other entities'."""
    legal = contract.get("legal_entity") or {}
    values = {legal.get(kind)}
    values |= {number["value"] for number in legal.get("more_numbers") or [] if number["kind"] == kind}
    for entity in contract.get("entities") or []:
        values.add(entity.get(kind))
    return {_digits(value) if kind != "kpp" else str(value).strip().upper() for value in values if value}


def reported_phones(contract: dict[str, Any]) -> set[tuple[str, str]]:
    phones = (contract.get("contacts") or {}).get("phones") or []
    return {(phone["e164"], phone["type"]) for phone in phones if not phone.get("placeholder")}


def reported_emails(contract: dict[str, Any]) -> set[str]:
    emails = (contract.get("contacts") or {}).get("emails") or []
    return {str(email["address"]).casefold() for email in emails if not email.get("placeholder")}


def reported_dates(section: dict[str, Any] | None) -> set[str]:
    section = section or {}
    dates = section.get("dates")
    if dates is None:  # the contract before dated blocks: the latest date only
        dates = [section["latest_date"]] if section.get("latest_date") else []
    return set(dates)


def _privacy_matches(page_url: str, expected: dict[str, Any], record: dict[str, Any] | None) -> bool:
    from callscout.web_audit.parse import normalize_url

    if not record or not expected.get("present"):
        return False
    if expected.get("self"):
        return (
            record.get("kind") in (None, "page", "pdf")
            and (record.get("document_url") or record.get("url")) == page_url
        )
    if expected.get("kind") == "modal":
        return record.get("kind") == "modal"
    wanted = normalize_url(expected["link_url"], page_url) or urljoin(page_url, expected["link_url"])
    return wanted in {record.get("link_url"), record.get("url"), record.get("document_url")}


def score_contracts(pages: Iterable[AuditGoldPage] | None = None, include_old: bool = True) -> dict[str, FieldScore]:
    scores = {name: FieldScore() for name in FIELDS}
    for page in load_audit_gold() if pages is None else pages:
        contract = audit_contract(page.url, page.body())
        labels = page.labels
        where = f"{page.name} ({page.source['repo']}:{page.source['path']})"
        for kind in NUMBER_FIELDS:
            expected = {number["value"] for number in labels["numbers"] if number["kind"] == kind}
            scores[kind].add_sets(where, expected, reported_numbers(contract, kind))
        scores["phones"].add_sets(where, {(p["e164"], p["type"]) for p in labels["phones"]}, reported_phones(contract))
        scores["emails"].add_sets(where, {e.casefold() for e in labels["emails"]}, reported_emails(contract))
        owner = labels.get("owner") or {}
        legal = contract.get("legal_entity") or {}
        director = (legal.get("director") or {}).get("name")
        expected_name = owner.get("name")
        scores["legal_form_name"].add_single(
            where,
            expected_name,
            legal.get("name"),
            legal.get("legal_form") == owner.get("legal_form") and _name_matches(legal.get("name"), expected_name),
        )
        scores["legal_address"].add_single(
            where,
            owner.get("legal_address"),
            legal.get("legal_address"),
            _address_matches(legal.get("legal_address"), owner.get("legal_address")),
        )
        scores["director"].add_single(
            where, owner.get("director"), director, _name_matches(director, owner.get("director"))
        )
        if "privacy" not in page.unsure:
            expected_privacy = labels["privacy"]
            record = contract.get("privacy_policy")
            scores["privacy"].add_single(
                where,
                expected_privacy if expected_privacy.get("present") else None,
                record,
                _privacy_matches(page.url, expected_privacy, record),
            )
        scores["news_dates"].add_sets(where, set(labels["news_dates"]), reported_dates(contract.get("news")))
        scores["review_dates"].add_sets(where, set(labels["review_dates"]), reported_dates(contract.get("reviews")))
        scores["entities"].add_sets(
            where, _entity_keys(labels["entities"]), _entity_keys(contract.get("entities") or [])
        )
    if include_old:
        _score_old_gold(scores)
    return scores


def _entity_keys(entities: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """An entity is known by its role and its ИНН where it has one, else by its name."""
    return {
        (str(entity.get("role")), _digits(entity["inn"]) if entity.get("inn") else _words(entity.get("name") or ""))
        for entity in entities
        if entity.get("role") in ROLES
    }


def _score_old_gold(scores: dict[str, FieldScore]) -> None:
    """The first gold set's fields (numbers, phones, e-mails, policy yes/no) through the same contract."""
    for page in load_gold():
        contract = audit_contract(page.url, page.body(), page.content_type)
        where = f"old {page.url}"
        for kind in NUMBER_FIELDS:
            if kind not in page.unsure:
                scores[kind].add_sets(
                    where, {_number(kind, v) for v in page.labels[kind]}, reported_numbers(contract, kind)
                )
        if "phones" not in page.unsure:
            expected = {(p["e164"], p["type"]) for p in page.labels["phones"]}
            scores["phones"].add_sets(where, expected, reported_phones(contract))
        if "emails" not in page.unsure:
            scores["emails"].add_sets(where, {e.casefold() for e in page.labels["emails"]}, reported_emails(contract))
        if "privacy_policy" not in page.unsure:
            expected_policy = bool(page.labels["privacy_policy"])
            predicted = bool(contract.get("privacy_policy"))
            scores["privacy"].add_single(where, expected_policy, predicted, expected_policy and predicted)


def _number(kind: str, value: str) -> str:
    return _digits(value) if kind != "kpp" else value.strip().upper()


def main() -> None:
    held_out = [page for page in load_audit_gold() if page.labels.get("held_out")]
    for title, scores in (
        ("all pages (old and new sets)", score_contracts()),
        (
            "held-out pages only (labelled before the extractor saw them)",
            score_contracts(held_out, include_old=False),
        ),
    ):
        print(f"== {title}")
        _print(scores)


def _print(scores: dict[str, FieldScore]) -> None:
    for name, result in scores.items():
        print(
            f"{name:16} F1 {result.f1:.3f}  precision {result.precision:.3f}  recall {result.recall:.3f}"
            f"  (tp {result.true_positives}, fp {result.false_positives}, fn {result.false_negatives})"
        )
        for mistake in result.mistakes:
            print(f"    {mistake}")


if __name__ == "__main__":
    main()
