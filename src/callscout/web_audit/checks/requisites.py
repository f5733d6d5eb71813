"""Check 2: the legal entity as the site states it, with its numbers validated."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from callscout.i18n import pick, tr
from callscout.legal.ids import InvalidNumber, inn, kpp, ogrn, ogrnip
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.extract import emails_in, phones_in, requisite_numbers
from callscout.web_audit.sections import pages_of

MAX_TEXT = 300_000
MAX_NUMBERS_PER_PAGE = 200
MAX_NAMES_PER_PAGE = 500
MAX_DIRECTOR_LABELS = 10
_QUOTE_OPEN = "«\"„“'"
_QUOTE_CLOSE = "»\"“”'"
_NAME_IN_QUOTES = rf"\s*[{_QUOTE_OPEN}]([^{_QUOTE_CLOSE}\n]{{1,80}})[{_QUOTE_CLOSE}]"
_PERSON = r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+){2}|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)"

LEGAL_FORMS: dict[str, str] = {
    "ООО": "Общество с ограниченной ответственностью",
    "ПАО": "Публичное акционерное общество",
    "НАО": "Непубличное акционерное общество",
    "ЗАО": "Закрытое акционерное общество",
    "ОАО": "Открытое акционерное общество",
    "АО": "Акционерное общество",
    "АНО": "Автономная некоммерческая организация",
    "ФГУП": "Федеральное государственное унитарное предприятие",
    "ГУП": "Государственное унитарное предприятие",
    "МУП": "Муниципальное унитарное предприятие",
    "ИП": "Индивидуальный предприниматель",
}
# The look-ahead on the forms' first letters lets the scan skip most positions of a long page.
_FORM_FIRST_LETTERS = "".join(sorted({form[0] for form in LEGAL_FORMS}))
_SHORT_NAME = re.compile(
    rf"(?=[{_FORM_FIRST_LETTERS}])(?<![А-ЯЁA-Z])({'|'.join(form for form in LEGAL_FORMS if form != 'ИП')})"
    + _NAME_IN_QUOTES
)
_FULL_NAME = re.compile(
    rf"({'|'.join(full for form, full in LEGAL_FORMS.items() if form != 'ИП')}){_NAME_IN_QUOTES}", re.IGNORECASE
)
_SOLE_TRADER = re.compile(rf"(?:(Индивидуальный предприниматель)|(?<![А-ЯЁ])(ИП))\s+{_PERSON}")

_ADDRESS_END = r"(?=\n|;|\s(?:ИНН|КПП|ОГРН|Тел|Факс|E-?mail|Почтовый|Фактический)|$)"
_LEGAL_ADDRESS = re.compile(
    r"(?:Юридический\s+адрес|Юр\.\s*адрес|Адрес\s+регистрации|Адрес\s+юридического\s+лица|Место\s*нахождения"
    rf"|Местонахождение)\s*[:\-–—]?\s*([^\n]{{8,200}}?){_ADDRESS_END}",
    re.IGNORECASE,
)
_ACTUAL_ADDRESS = re.compile(
    r"(?:Фактический\s+адрес|Факт\.\s*адрес|Почтовый\s+адрес|Адрес\s+офиса|Адрес\s+для\s+корреспонденции|Офис)"
    rf"\s*[:\-–—]?\s*([^\n]{{8,200}}?){_ADDRESS_END}",
    re.IGNORECASE,
)
_ANY_ADDRESS = re.compile(
    rf"(?<!\w)Адрес\s*:\s*([^\n]{{8,200}}?){_ADDRESS_END}|(?<!\d)(\d{{6}},\s*(?:г\.\s*)?[А-ЯЁ][^\n]{{5,150}}?){_ADDRESS_END}"
)
_REGISTRATION = re.compile(
    r"(?=[ДдЗзСсРрМмИиВв])(?:"  # the first letters of the labels: the scan skips other positions at once
    r"(?:Дата\s+(?:государственной\s+)?регистрации|Зарегистрирован\w*|Свидетельство\s+о\s+(?:государственной\s+)?"
    r"регистрации|Регистрирующий\s+орган|(?:Межрайонн\w+\s+)?(?:ИФНС|Инспекци\w+\s+(?:Федеральной\s+налоговой\s+службы|ФНС))"
    r"|внесен\w*\s+в\s+ЕГРЮЛ|запис\w*\s+в\s+ЕГР(?:ЮЛ|ИП)))[^\n]{0,200}",
    re.IGNORECASE,
)
_DIRECTOR_LABEL = re.compile(
    r"(?=[ГгИиДдРрУуПп])(Генеральн\w+\s+директор\w*|Ген\.\s*директор|Исполнительн\w+\s+директор|Директор|Руководител\w+"
    r"|Управляющ\w+|Президент)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)


_NAME_START = re.compile(r"[А-ЯЁ][а-яё]+")
_POSTCODE = re.compile(r"\d{6},")

# Words every match of a pattern contains (lower case): a page without any of them is skipped before
# the pattern's scan, which costs milliseconds per page (alternations under IGNORECASE try every branch
# at every position), while str.find costs microseconds. Each list is a superset condition, so the
# results are the same as scanning every page.
_FORM_WORDS = tuple(form for form in LEGAL_FORMS if form != "ИП")
_FULL_FORM_WORDS = tuple(full.lower() for form, full in LEGAL_FORMS.items() if form != "ИП")
_LEGAL_ADDRESS_WORDS = ("адрес", "нахожд")
_ACTUAL_ADDRESS_WORDS = ("адрес", "офис")
_REGISTRATION_WORDS = ("регистр", "ифнс", "инспекци", "егрюл", "егрип")  # not "егр": "интеграция"
_DIRECTOR_WORDS = ("директор", "руководител", "управляющ", "президент")


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


@dataclass
class LegalEntity:
    legal_form: str | None = None
    name: str | None = None
    full_name: str | None = None
    inn: str | None = None
    ogrn: str | None = None
    kpp: str | None = None
    legal_address: str | None = None
    actual_address: str | None = None
    registration: str | None = None
    director_name: str | None = None
    director_position: str | None = None
    # Where each item was read: item -> Evidence.
    sources: dict[str, Evidence] = field(default_factory=dict)

    def as_fact(self) -> dict[str, Any]:
        return {
            "legal_form": self.legal_form,
            "name": self.name,
            "full_name": self.full_name,
            "inn": self.inn,
            "inn_valid": inn.is_valid(self.inn) if self.inn else None,
            "ogrn": self.ogrn,
            "ogrn_valid": _ogrn_valid(self.ogrn) if self.ogrn else None,
            "kpp": self.kpp,
            "legal_address": self.legal_address,
            "actual_address": self.actual_address,
            "director": {"name": self.director_name, "position": self.director_position},
        }


def _ogrn_module(number: str) -> Any:
    return ogrnip if len(re.sub(r"\D", "", number)) == 15 else ogrn


def _ogrn_valid(number: str) -> bool:
    return bool(_ogrn_module(number).is_valid(number))


@lru_cache(maxsize=1)
def _ner() -> tuple[Any, Any]:
    # natasha's models take most of a second to load: only when a director label has been found.
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def person_in(span: str) -> str | None:
    """The first person's name in a short candidate span (after a "Генеральный директор" label)."""
    # The name stands on the label's line or the next one (a table cell); the line after is something else.
    span = span.lstrip(" \t\n:—–-")[:80].split("\n", 1)[0]
    if not _NAME_START.match(span):
        return None  # a name starts with a capitalised word; anything else is not worth a NER pass
    try:
        from natasha import Doc

        segmenter, tagger = _ner()
        doc = Doc(span)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        for entity in doc.spans:
            if entity.type == "PER" and entity.start < 40:
                return " ".join(entity.text.split())
    except ImportError:
        pass
    match = re.match(r"\s*" + _PERSON, span)
    return match.group(1) if match else None


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" ,.;:-–—")


def read_legal_entity(pages: list[Page]) -> LegalEntity:
    """The entity the pages describe; values near the ИНН win over names of clients elsewhere on the page."""
    entity = LegalEntity()
    names: Counter[tuple[str, str]] = Counter()
    name_evidence: dict[tuple[str, str], Evidence] = {}
    for page in pages:
        text = page.text[:MAX_TEXT]
        numbers, _ = requisite_numbers(text)
        numbers = numbers[:MAX_NUMBERS_PER_PAGE]
        for number in numbers:
            attribute = number.kind
            current = getattr(entity, attribute)
            if current is None or (not _valid(attribute, current) and _valid(attribute, number.value)):
                setattr(entity, attribute, number.value)
                entity.sources[attribute] = Evidence(
                    url=page.url, excerpt=excerpt(text, number.start, number.end), value=number.value
                )
        lowered = text.lower()
        candidates: list[tuple[tuple[str, str], int, int, bool]] = []
        if _mentions(text, _FORM_WORDS):
            candidates = [
                ((match.group(1), _clean(match.group(2))), match.start(), match.end(), False)
                for match in itertools.islice(_SHORT_NAME.finditer(text), MAX_NAMES_PER_PAGE)
            ]
        if "ИП" in text or "Индивидуальный предприниматель" in text:
            for match in itertools.islice(_SOLE_TRADER.finditer(text), MAX_NAMES_PER_PAGE):
                candidates.append((("ИП", _clean(match.group(3))), match.start(), match.end(), bool(match.group(1))))
        candidates.sort(key=lambda candidate: candidate[2])
        ends = [candidate[2] for candidate in candidates]
        # The name printed right before a company number is the vendor's own; others (clients) are mentions.
        owners = set()
        for number in numbers:
            index = bisect.bisect_right(ends, number.start) - 1
            if index >= 0 and number.start - ends[index] < 200:
                owners.add(candidates[index][1])
        for key, start, end, spelled_out in candidates:
            names[key] += 10 if start in owners else 1
            name_evidence.setdefault(key, Evidence(url=page.url, excerpt=excerpt(text, start, end)))
            if spelled_out and entity.full_name is None:
                entity.full_name = f"Индивидуальный предприниматель {key[1]}"
                entity.sources["full_name"] = name_evidence[key]
        if entity.full_name is None and _mentions(lowered, _FULL_FORM_WORDS) and (full := _FULL_NAME.search(text)):
            entity.full_name = f"{full.group(1).capitalize()} «{_clean(full.group(2))}»"
            entity.sources["full_name"] = Evidence(url=page.url, excerpt=excerpt(text, full.start(), full.end()))
        for attribute, pattern, words in (
            ("legal_address", _LEGAL_ADDRESS, _LEGAL_ADDRESS_WORDS),
            ("actual_address", _ACTUAL_ADDRESS, _ACTUAL_ADDRESS_WORDS),
        ):
            if getattr(entity, attribute) is None and _mentions(lowered, words) and (match := pattern.search(text)):
                setattr(entity, attribute, _clean(match.group(1)))
                entity.sources[attribute] = Evidence(url=page.url, excerpt=excerpt(text, match.start(), match.end()))
        if (
            entity.registration is None
            and _mentions(lowered, _REGISTRATION_WORDS)
            and (match := _REGISTRATION.search(text))
        ):
            entity.registration = _clean(match.group(0))
            entity.sources["registration"] = Evidence(url=page.url, excerpt=excerpt(text, match.start(), match.end()))
        if entity.director_name is None and _mentions(lowered, _DIRECTOR_WORDS):
            # Each candidate costs a NER pass: a page full of "директор" must not cost minutes.
            for label in itertools.islice(_DIRECTOR_LABEL.finditer(text), MAX_DIRECTOR_LABELS):
                person = person_in(text[label.end() : label.end() + 120])
                if person:
                    entity.director_name = person
                    entity.director_position = _clean(label.group(1)).capitalize()
                    entity.sources["director"] = Evidence(
                        url=page.url, excerpt=excerpt(text, label.start(), label.end()), value=person
                    )
                    break
    if entity.actual_address is None:
        for page in pages:
            text = page.text[:MAX_TEXT]
            if ("Адрес" in text or _POSTCODE.search(text)) and (match := _ANY_ADDRESS.search(text)):
                entity.actual_address = _clean(match.group(1) or match.group(2))
                entity.sources["actual_address"] = Evidence(url=page.url, excerpt=excerpt(page.text, match.start()))
                break
    if names:
        (form, name), _ = names.most_common(1)[0]
        entity.legal_form = form
        entity.name = f"ИП {name}" if form == "ИП" else f"{form} «{name}»"
        entity.sources["name"] = name_evidence[(form, name)]
    if entity.legal_form is None and entity.full_name:
        entity.legal_form = next(
            (form for form, full in LEGAL_FORMS.items() if entity.full_name.lower().startswith(full.lower())), None
        )
    if entity.legal_form == "ИП" and entity.director_name is None and entity.name:
        # An entrepreneur runs the business in person: the seed's "руководитель" is the entrepreneur.
        entity.director_name = entity.name.removeprefix("ИП ")
        entity.director_position = "Индивидуальный предприниматель"
        entity.sources["director"] = entity.sources["name"]
    return entity


def _valid(kind: str, value: str) -> bool:
    if kind == "inn":
        return inn.is_valid(value)
    if kind == "kpp":
        return kpp.is_valid(value)
    return _ogrn_valid(value)


# The seed article's list of requisites, in its order: (key, Russian, English).
SEED_ITEMS: list[tuple[str, str, str]] = [
    ("full_name", "полное наименование", "full name"),
    ("name", "сокращённое наименование", "short name"),
    ("legal_form", "организационно-правовая форма", "legal form"),
    ("ogrn", "ОГРН / ОГРНИП", "ОГРН / ОГРНИП (primary registration number)"),
    ("registration", "сведения о регистрации (дата, орган)", "registration details (date, authority)"),
    ("legal_address", "юридический адрес", "legal address"),
    ("actual_address", "фактический адрес", "actual address"),
    ("phones", "контактные телефоны", "phone numbers"),
    ("email", "адрес электронной почты", "e-mail address"),
    ("website", "адрес сайта", "website address"),
    ("director", "должность и ФИО руководителя", "director's position and name"),
    ("inn", "ИНН", "ИНН (taxpayer number)"),
    ("kpp", "КПП", "КПП (tax registration reason code)"),
]


@register
class RequisitesCheck(Check):
    """The vendor's legal entity: names, legal form, ОГРН/ОГРНИП, ИНН, КПП, addresses and director.

    Why it matters: requisites prove that a real, registered company stands behind the site and tell
    you with whom you would sign. A missing or wrong ОГРН or ИНН is the first sign of a one-day firm.

    How to fix: publish a "Реквизиты" page (and a short version in the footer) with the full and short
    name, ОГРН with the date and authority of registration, ИНН, КПП, legal and actual address and the
    director's position and name; make sure every number passes its checksum.
    """

    code = "requisites"
    title_ru = "Реквизиты юридического лица"
    title_en = "Legal entity requisites"
    criterion = "Реквизиты юридического лица — сведения о предприятии, подтверждающие его легитимность"

    def run(self, site: SiteContext) -> list[Finding]:
        dedicated = pages_of(site, "requisites")
        ordered = dedicated + [page for page in site.ok_pages() if all(page is not other for other in dedicated)]
        ordered = [page for page in ordered if page.text]
        entity = read_legal_entity(ordered)
        site.facts["legal_entity"] = entity.as_fact()
        findings = [*self._numbers(entity), self._placement(site, dedicated, entity)]
        findings.append(self._seed_list(site, ordered, entity))
        return findings

    def _numbers(self, entity: LegalEntity) -> list[Finding]:
        findings = []
        for attribute, module, label in (("inn", inn, "ИНН"), ("ogrn", None, "ОГРН"), ("kpp", kpp, "КПП")):
            value = getattr(entity, attribute)
            if value is None:
                continue
            checker = module or _ogrn_module(value)
            evidence = [entity.sources[attribute]]
            try:
                checker.validate(value)
            except InvalidNumber as error:
                severity = Severity.MEDIUM if attribute == "kpp" else Severity.HIGH
                findings.append(
                    finding(
                        self,
                        Status.FAIL,
                        severity,
                        f"invalid_{attribute}",
                        tr(
                            "Неверный номер на сайте: {error}",
                            "Invalid number on the site: {error}",
                            error=str(error),
                        ),
                        evidence,
                    )
                )
                continue
            message = tr("{label} {value} корректен", "{label} {value} is valid", label=label, value=value)
            if attribute == "ogrn":
                info = checker.info(value)
                message += tr(
                    " (регистрация {year} г., {region})",
                    " (registered {year}, {region})",
                    year=info.year,
                    region=info.region or info.region_code,
                )
            findings.append(finding(self, Status.PASS, Severity.INFO, f"valid_{attribute}", message, evidence))
        organisation_inn = entity.inn is not None and len(entity.inn) == 10
        organisation_ogrn = entity.ogrn is not None and len(entity.ogrn) == 13
        if entity.inn and entity.ogrn and organisation_inn != organisation_ogrn:
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "inn_ogrn_mismatch",
                    tr(
                        "ИНН и ОГРН принадлежат разным видам лиц (организация и предприниматель)",
                        "The ИНН and ОГРН belong to different kinds of entity (an organisation and an entrepreneur)",
                    ),
                    [entity.sources["inn"], entity.sources["ogrn"]],
                )
            )
        return findings

    def _placement(self, site: SiteContext, dedicated: list[Page], entity: LegalEntity) -> Finding:
        with_numbers = [page for page in site.ok_pages() if requisite_numbers(page.text[:MAX_TEXT])[0]]
        evidence = [Evidence(url=page.url, value=pick("реквизиты", "requisites")) for page in with_numbers[:10]]
        if not with_numbers:
            return finding(
                self,
                Status.FAIL,
                Severity.HIGH,
                "no_requisites",
                tr("На сайте нет реквизитов (ИНН, ОГРН)", "The site publishes no requisites (ИНН, ОГРН)"),
                [Evidence(url=site.root_url, value=len(site.ok_pages()))],
            )
        dedicated_with_numbers = [page for page in dedicated if any(page is other for other in with_numbers)]
        elsewhere = len(with_numbers) - len(dedicated_with_numbers)
        if dedicated_with_numbers:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "requisites_page",
                tr(
                    "Реквизиты на отдельной странице; других страниц с ними (подвал): {n}",
                    "Requisites on a page of their own; other pages with them (footer): {n}",
                    n=elsewhere,
                ),
                evidence,
            )
        return finding(
            self,
            Status.WARN,
            Severity.LOW,
            "no_requisites_page",
            tr(
                "Отдельной страницы реквизитов нет; страниц с номерами: {n}",
                "No page of requisites; numbers found on {n} pages",
                n=len(with_numbers),
            ),
            evidence,
        )

    def _seed_list(self, site: SiteContext, pages: list[Page], entity: LegalEntity) -> Finding:
        present = {
            "full_name": entity.full_name,
            "name": entity.name,
            "legal_form": entity.legal_form,
            "ogrn": entity.ogrn,
            "registration": entity.registration,
            "legal_address": entity.legal_address,
            "actual_address": entity.actual_address,
            "director": entity.director_name,
            "inn": entity.inn,
            "kpp": entity.kpp,
            "website": site.root_url,
            "phones": any(phones_in(page.text[:MAX_TEXT], page.links, limit=1) for page in pages[:20]),
            "email": any(emails_in(page.text[:MAX_TEXT], page.links, limit=1) for page in pages[:20]),
        }
        if entity.legal_form == "ИП":
            present["kpp"] = "—"  # an entrepreneur has no КПП
            present["legal_address"] = present["legal_address"] or present["actual_address"]
        missing = [pick(ru, en) for key, ru, en in SEED_ITEMS if not present[key]]
        found = [pick(ru, en) for key, ru, en in SEED_ITEMS if present[key]]
        # Each source says which item it shows, in words: "ИНН", not the field name "inn".
        item_names = {key: pick(ru, en) for key, ru, en in SEED_ITEMS}
        evidence = [
            Evidence(url=source.url, excerpt=source.excerpt, value=item_names.get(key, key))
            for key, source in entity.sources.items()
        ]
        if not missing:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "complete",
                tr(
                    "Все реквизиты из списка статьи на месте ({n})",
                    "All requisites of the article's list are present ({n})",
                    n=len(found),
                ),
                evidence,
            )
        status, severity = (
            (Status.FAIL, Severity.HIGH) if len(missing) > len(SEED_ITEMS) // 2 else (Status.WARN, Severity.MEDIUM)
        )
        return finding(
            self,
            status,
            severity,
            "missing_items",
            tr(
                "Не хватает реквизитов ({n} из {total}): {items}",
                "Requisites missing ({n} of {total}): {items}",
                n=len(missing),
                total=len(SEED_ITEMS),
                items=", ".join(missing),
            ),
            evidence + [Evidence(url=site.root_url, value=item) for item in missing],
        )
