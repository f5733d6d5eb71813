"""What a vendor's site claims, as the website audit's JSON gives it, and claims of experience in text.

The audit's JSON is untrusted input (built from a stranger's website): values of the wrong type are
dropped here, once, so the cross-checks can rely on strings where they expect strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callscout.model.result import SiteSection


def fractional_year(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


@dataclass(frozen=True)
class ExperienceClaim:
    """ "15 лет на рынке" (``years``) or "с 2005 года" (``since_year``), with where it was read."""

    text: str
    since_year: int | None = None
    years: float | None = None
    url: str | None = None

    def latest_start(self, today: date) -> float:
        """The latest moment (fractional year) the claim allows: "с 2005 года" may mean December 2005."""
        if self.since_year is not None:
            return self.since_year + 1.0
        return fractional_year(today) - (self.years or 0)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "since_year": self.since_year, "years": self.years, "url": self.url}


_EXPERIENCE_YEARS = re.compile(
    r"(?:(?:более|свыше|больше|уже|около|over|more than)\s+)?(\d{1,2})\s*\+?\s*"
    r"(?:лет|года?|years?)\s+"
    r"(?:успешной\s+)?(?:на\s+рынке|опыта|работы|в\s+отрасли|в\s+сфере|в\s+бизнесе|работаем|of\s+experience"
    r"|on\s+the\s+market|in\s+business)",
    re.IGNORECASE,
)
_EXPERIENCE_SINCE = re.compile(
    r"(?:работаем|на\s+рынке|существуем|оказываем\s+услуги|в\s+отрасли|в\s+бизнесе|since|in\s+business\s+since)"
    r"\s+с\s*(\d{4})|(?:since)\s+(\d{4})"
    r"|(?:основан[аоы]?|создан[аоы]?|открыт[аоы]?|зарегистрирован[аоы]?|founded|established)\s+в?\s*(?:in\s+)?(\d{4})",
    re.IGNORECASE,
)
_SINCE_YEAR = re.compile(r"\bс\s+(\d{4})\s*(?:года|г\.)", re.IGNORECASE)
_CONTEXT_WORDS = re.compile(
    r"работ|рынк|компан|опыт|колл|контакт|центр|клиент|услуг|звонк|принима|обслужива|существ|оператор|лини",
    re.IGNORECASE,
)
MAX_CLAIM_TEXT = 2_000_000
# Cheap tests that every match of the pattern beside it passes (patterns that start with a digit are
# scanned fast, str.find faster still): most pages have no claim, and the full patterns, with optional
# words and alternations under IGNORECASE first, cost milliseconds per page.
_YEARS_HINT = re.compile(r"\d\s*\+?\s*(?:лет|год|year)", re.IGNORECASE)
_SINCE_WORDS = (
    "работаем",
    "рынке",
    "существуем",
    "оказываем",
    "отрасли",
    "бизнес",
    "since",
    "основан",
    "создан",
    "открыт",
    "зарегистрирован",
    "founded",
    "established",
)
_SINCE_YEAR_HINT = re.compile(r"\d{4}\s*(?:года|г\.)", re.IGNORECASE)


def find_experience_claims(text: str, url: str | None = None, *, today: date | None = None) -> list[ExperienceClaim]:
    """Experience claims in a page's visible text. Bounded: the text is cut at 2 MB."""
    today = today or date.today()
    text = (text or "")[:MAX_CLAIM_TEXT]
    claims: list[ExperienceClaim] = []
    seen: set[tuple[int | None, float | None]] = set()

    def add(match: re.Match[str], since: int | None, years: float | None) -> None:
        if since is not None and not 1950 <= since <= today.year:
            return
        if years is not None and not 1 <= years <= 60:
            return
        if (since, years) in seen:
            return
        seen.add((since, years))
        claims.append(ExperienceClaim(" ".join(match.group(0).split()), since, years, url))

    lowered = text.lower()
    for match in _EXPERIENCE_YEARS.finditer(text) if _YEARS_HINT.search(text) else ():
        add(match, None, float(match.group(1)))
    for match in _EXPERIENCE_SINCE.finditer(text) if any(word in lowered for word in _SINCE_WORDS) else ():
        year = next(group for group in match.groups() if group)
        add(match, int(year), None)
    for match in _SINCE_YEAR.finditer(text) if _SINCE_YEAR_HINT.search(text) else ():
        # A bare "с 2005 года" is a claim only in a sentence about the company's work.
        start = max(text.rfind(mark, max(0, match.start() - 120), match.start()) for mark in ".!?\n") + 1
        ends = [position for mark in ".!?\n" if (position := text.find(mark, match.end(), match.end() + 120)) != -1]
        sentence = text[start : min(ends) if ends else match.end() + 120]
        if _CONTEXT_WORDS.search(sentence):
            add(match, int(match.group(1)), None)
    return claims


@dataclass
class SiteClaims:
    """What the vendor's site says (from the website audit), or nothing when it was not audited."""

    url: str | None = None
    legal_entity: dict[str, Any] = field(default_factory=dict)
    phones: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    experience: list[ExperienceClaim] = field(default_factory=list)
    audited: bool = False

    @classmethod
    def from_audit(cls, site: SiteSection | dict[str, Any] | None) -> SiteClaims:
        """Read the audit section of one site (its JSON contract, typed by ``SiteSection``). A JSON of another
        shape (an old stored audit) says nothing; values inside stay untrusted (a stranger's website)."""
        # Here, not at the top: the audit's checks import this module, and the result document's models are a
        # tenth of a second to build.
        from pydantic import ValidationError

        from callscout.model.result import SiteSection

        if isinstance(site, dict):
            try:
                site = SiteSection.model_validate(site)
            except ValidationError:
                return cls()
        if site is None:
            return cls()
        if site.pages_fetched is not None and site.pages_fetched <= 0:
            # A site the audit could not read says nothing: "not found on the site" would be a false claim.
            return cls(url=site.url)
        contacts = site.contacts
        claims = [claim for item in site.experience_claims or [] if (claim := _claim_from_json(item))]
        if not claims:
            claims = _claims_from_findings(site.findings)
        entity = site.legal_entity or {}
        clean_entity: dict[str, Any] = {key: value for key, value in entity.items() if isinstance(value, str)}
        director = entity.get("director")
        if isinstance(director, dict):
            clean_entity["director"] = {key: value for key, value in director.items() if isinstance(value, str)}
        return cls(
            url=site.url,
            legal_entity=clean_entity,
            phones=[_strings(phone) for phone in _list(contacts.get("phones")) if isinstance(phone, dict)],
            emails=[_strings(email) for email in _list(contacts.get("emails")) if isinstance(email, dict)],
            experience=claims,
            audited=True,
        )

    def entity(self, key: str) -> Any:
        value = self.legal_entity.get(key)
        return value.strip() if isinstance(value, str) else value


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(item: dict[str, Any]) -> dict[str, str]:
    return {key: value for key, value in item.items() if isinstance(value, str)}


def _number_between(value: Any, low: float, high: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high


def _claim_from_json(item: Any) -> ExperienceClaim | None:
    if not isinstance(item, dict):
        return None
    since = item.get("since_year")
    years = item.get("years")
    since = int(since) if _number_between(since, 1900, 2200) else None
    years = float(years) if _number_between(years, 0.1, 100) else None
    if since is None and years is None:
        return None
    url = item.get("url")
    return ExperienceClaim(str(item.get("text") or "")[:200], since, years, url if isinstance(url, str) else None)


def _claims_from_findings(findings: Iterable[Any]) -> list[ExperienceClaim]:
    """Experience claims recorded as findings of the ``experience_claims`` website check."""
    claims = []
    for finding in findings:
        if not isinstance(finding, dict) or finding.get("check") != "experience_claims":
            continue
        for evidence in _list(finding.get("evidence")):
            if isinstance(evidence, dict) and isinstance(evidence.get("excerpt"), str):
                url = evidence.get("url")
                claims.extend(find_experience_claims(evidence["excerpt"], url if isinstance(url, str) else None))
    return claims


@dataclass
class VendorFacts:
    """Everything the cross-checks need about one vendor."""

    name: str
    inn: str | None = None
    website: str | None = None
    phones: list[str] = field(default_factory=list)
    site: SiteClaims = field(default_factory=SiteClaims)
    contract_rub_month: float | None = None
