"""The extraction gold set: real Russian company pages labelled by hand, and how an extractor is scored.

``tests/fixtures/gold/index.yaml`` maps each page's real URL to its saved file and to the facts a careful
reader finds on it (ИНН, ОГРН/ОГРНИП, КПП, phones with their type, e-mails, privacy-policy presence).
A field listed under ``unsure`` for a page is left out of that field's score, because a person could not
decide it from the page alone.

Scores are micro-averaged over pages: true and false positives and misses are summed over every page
before precision and recall are taken, so a page with many numbers weighs more than a page with one.
``privacy_policy`` is a yes/no answer per page, scored as a binary classifier of the "yes" class.

Run ``python -m tests.gold`` to print the scores of ``callscout.web_audit.extract.extract_page_facts``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GOLD_DIR = Path(__file__).parent / "fixtures" / "gold"
INDEX_PATH = GOLD_DIR / "index.yaml"

LIST_FIELDS = ("inn", "ogrn", "kpp", "phones", "emails")
FIELDS = (*LIST_FIELDS, "privacy_policy")
PHONE_TYPES = frozenset({"landline", "mobile", "toll_free", "other"})

INN_RE = re.compile(r"^(\d{10}|\d{12})$")
OGRN_RE = re.compile(r"^(\d{13}|\d{15})$")
# КПП: tax office code (4 digits), reason code (2 digits or capital Latin letters), serial (3 digits).
KPP_RE = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")
E164_RU_RE = re.compile(r"^\+7\d{10}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Extractor = Callable[[str, bytes, "str | None"], Mapping[str, Any]]


@dataclass(frozen=True)
class GoldPage:
    url: str
    path: Path
    labels: dict[str, Any]
    unsure: frozenset[str]
    content_type: str | None
    sha256: str | None
    source: dict[str, Any] = field(default_factory=dict)

    def body(self) -> bytes:
        return self.path.read_bytes()

    def scored_fields(self) -> tuple[str, ...]:
        return tuple(name for name in FIELDS if name not in self.unsure)


def load_gold(index_path: Path = INDEX_PATH) -> list[GoldPage]:
    """Read the index; raises ``ValueError`` naming the page when an entry lacks a required key."""
    document = yaml.safe_load(index_path.read_text(encoding="utf-8"))
    pages: list[GoldPage] = []
    for url, entry in document["pages"].items():
        missing = [name for name in ("file", *FIELDS) if name not in entry]
        if missing:
            raise ValueError(f"{index_path}: page {url} lacks {', '.join(missing)}")
        pages.append(
            GoldPage(
                url=url,
                path=index_path.parent / entry["file"],
                labels={name: entry[name] for name in FIELDS},
                unsure=frozenset(entry.get("unsure") or ()),
                content_type=entry.get("content_type"),
                sha256=entry.get("sha256"),
                source=dict(entry.get("source") or {}),
            )
        )
    return pages


def expected_phone_type(e164: str) -> str:
    """The type Russian numbering gives a +7 number: 8-800 is toll-free, 9xx mobile, other codes geographic."""
    national = e164[2:]
    if national.startswith("800"):
        return "toll_free"
    if national.startswith("9"):
        return "mobile"
    if national[0] in "348":
        return "landline"
    return "other"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def label_problems(page: GoldPage) -> list[str]:
    """Everything wrong with one page's labels, as readable sentences (empty when the entry is sound)."""
    problems: list[str] = []
    where = f"{page.url} ({page.path.name})"
    if not page.path.is_file():
        return [f"{where}: file {page.path} does not exist"]
    body = page.body()
    if page.sha256 is not None and hashlib.sha256(body).hexdigest() != page.sha256:
        problems.append(f"{where}: file content differs from the recorded sha256")
    text = body.decode("utf-8", errors="replace")
    body_digits = _digits(text)
    lowered = text.casefold()
    unknown = page.unsure - set(FIELDS)
    if unknown:
        problems.append(f"{where}: unsure names unknown fields {sorted(unknown)}")

    patterns = {"inn": INN_RE, "ogrn": OGRN_RE, "kpp": KPP_RE}
    for name, pattern in patterns.items():
        values = page.labels[name]
        if not isinstance(values, list):
            problems.append(f"{where}: {name} must be a list")
            continue
        if len(set(values)) != len(values):
            problems.append(f"{where}: {name} has duplicates")
        for value in values:
            if not isinstance(value, str) or not pattern.match(value):
                problems.append(f"{where}: {name} value {value!r} is not well-formed")
                continue
            # A КПП may carry letters, so it is looked up in the text; numbers in the digit stream.
            haystack = text if name == "kpp" else body_digits
            if value not in haystack:
                problems.append(f"{where}: {name} {value} does not occur in the page")

    phones = page.labels["phones"]
    seen: set[str] = set()
    for phone in phones if isinstance(phones, list) else []:
        e164, kind = (phone or {}).get("e164"), (phone or {}).get("type")
        if not isinstance(e164, str) or not E164_RU_RE.match(e164):
            problems.append(f"{where}: phone {phone!r} is not a +7XXXXXXXXXX number")
            continue
        if e164 in seen:
            problems.append(f"{where}: phone {e164} is listed twice")
        seen.add(e164)
        if kind not in PHONE_TYPES:
            problems.append(f"{where}: phone {e164} has unknown type {kind!r}")
        elif kind != expected_phone_type(e164):
            problems.append(f"{where}: phone {e164} typed {kind}, numbering says {expected_phone_type(e164)}")
        # Pages often shorten later numbers of a list ("26-53-01, 26-53-02"), so only the subscriber
        # part has to be present verbatim; it still catches a mistyped label.
        if e164[-6:] not in body_digits:
            problems.append(f"{where}: phone {e164} does not occur in the page")
    if not isinstance(phones, list):
        problems.append(f"{where}: phones must be a list")

    emails = page.labels["emails"]
    for email in emails if isinstance(emails, list) else []:
        if not isinstance(email, str) or not EMAIL_RE.match(email):
            problems.append(f"{where}: e-mail {email!r} is not well-formed")
        elif email.casefold() not in lowered:
            problems.append(f"{where}: e-mail {email} does not occur in the page")
    if not isinstance(emails, list) or len({e.casefold() for e in emails}) != len(emails):
        problems.append(f"{where}: emails must be a list without duplicates")

    if not isinstance(page.labels["privacy_policy"], bool):
        problems.append(f"{where}: privacy_policy must be true or false")
    return problems


def _normalise(name: str, values: Iterable[Any]) -> set[Any]:
    if name == "phones":
        return {(str(item["e164"]), str(item["type"])) for item in values}
    if name == "emails":
        return {str(item).strip().casefold() for item in values}
    return {_digits(str(item)) if name != "kpp" else str(item).strip().upper() for item in values}


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


def score(extract: Extractor, pages: list[GoldPage] | None = None) -> dict[str, FieldScore]:
    """Run ``extract`` on every gold page and score each field; ``mistakes`` say what went wrong where."""
    scores = {name: FieldScore() for name in FIELDS}
    for page in load_gold() if pages is None else pages:
        facts = extract(page.url, page.body(), page.content_type)
        for name in page.scored_fields():
            result = scores[name]
            if name == "privacy_policy":
                expected, predicted = bool(page.labels[name]), bool(facts.get(name))
                result.true_positives += expected and predicted
                result.false_positives += predicted and not expected
                result.false_negatives += expected and not predicted
                if expected != predicted:
                    result.mistakes.append(f"{page.url}: expected {expected}, got {predicted}")
                continue
            expected_set = _normalise(name, page.labels[name])
            predicted_set = _normalise(name, facts.get(name) or [])
            result.true_positives += len(expected_set & predicted_set)
            extra, missed = predicted_set - expected_set, expected_set - predicted_set
            result.false_positives += len(extra)
            result.false_negatives += len(missed)
            if extra or missed:
                result.mistakes.append(f"{page.url}: extra {sorted(extra)}, missed {sorted(missed)}")
    return scores


def summary(pages: list[GoldPage]) -> dict[str, dict[str, int]]:
    """How many labelled values (or yes/no pages) each field has, leaving out unsure pages."""
    counts: dict[str, dict[str, int]] = {}
    for name in FIELDS:
        scored = [page for page in pages if name not in page.unsure]
        if name == "privacy_policy":
            positives = sum(bool(page.labels[name]) for page in scored)
            counts[name] = {"pages": len(scored), "positive": positives, "negative": len(scored) - positives}
        else:
            with_values = sum(bool(page.labels[name]) for page in scored)
            counts[name] = {
                "pages": len(scored),
                "values": sum(len(page.labels[name]) for page in scored),
                "pages_with_values": with_values,
                "pages_without_values": len(scored) - with_values,
            }
    return counts


def main() -> None:
    from callscout.web_audit.extract import extract_page_facts

    for name, result in score(extract_page_facts).items():
        print(f"{name:15} precision {result.precision:.3f}  recall {result.recall:.3f}")
        for mistake in result.mistakes:
            print(f"    {mistake}")


if __name__ == "__main__":
    main()
