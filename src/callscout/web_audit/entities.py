"""Legal entities on a site's pages: who each block of requisites belongs to, and whose site it is.

A page may name several entities: the site's owner, its director (with a personal 12-digit ИНН), a
bank with its own numbers, clients, reviewers, founders or sister companies. Extraction is tolerant
(misspelt labels, values in the next line or cell, malformed values kept with ``format_ok: false``);
judging is strict and happens in the requisites check.

``read_entities`` groups co-located facts into entities (a name with a legal form and the numbers
that follow it; a director's personal ИНН apart; a bank's numbers apart) and chooses the owner by
consistency: number lengths that agree with the legal form, valid check digits, the name in the
copyright line, on a requisites page, as the policy's operator or matching the site's domain. Each
reason is kept as a code in ``LegalEntity.why`` so that the report can say why it was chosen.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from callscout.legal.ids import inn, ogrn, ogrnip
from callscout.model import Evidence
from callscout.web_audit.base import Page
from callscout.web_audit.base import lowered as lowered_text
from callscout.web_audit.dates import has_date_candidate
from callscout.web_audit.evidence import excerpt
from callscout.web_audit.extract import RequisiteNumber, requisite_numbers

MAX_TEXT = 300_000
MAX_NUMBERS_PER_PAGE = 200
MAX_NAMES_PER_PAGE = 500
MAX_DIRECTOR_LABELS = 10
MAX_ENTITIES = 50

ROLE_OWNER = "site_owner"
ROLE_DIRECTOR = "director_personal"
ROLE_BANK = "bank"
ROLE_MENTIONED = "mentioned"
ROLES = (ROLE_OWNER, ROLE_DIRECTOR, ROLE_BANK, ROLE_MENTIONED)

_QUOTE_OPEN = "«\"„“'"
_QUOTE_CLOSE = "»\"“”'"
# A name in quotes, also with a quoted name inside it: 'Ассоциация "Промышленный Кластер "Консорциум РСИУ""'
# (the inner opening quote follows a space; sites often print one closing quote for both). Quotes escaped in a
# script's or template's string ('SetTitle("Контакты ООО \\"ДжобХостел\\"")', JSON-LD) count as quotes.
_NAME_IN_QUOTES = (
    rf"\s*\\?[{_QUOTE_OPEN}]((?:[^{_QUOTE_CLOSE}{_QUOTE_OPEN}\n]{{1,60}}?\s[{_QUOTE_OPEN}][^{_QUOTE_CLOSE}\n]{{1,60}}"
    rf"(?=[{_QUOTE_CLOSE}]))|[^{_QUOTE_CLOSE}\n]{{1,80}})[{_QUOTE_CLOSE}][{_QUOTE_CLOSE}]?"
)
_INNER_QUOTES = re.compile(rf"[{_QUOTE_OPEN}]([^{_QUOTE_OPEN}{_QUOTE_CLOSE}]+)[{_QUOTE_CLOSE}]")
_PERSON = (
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+){2}|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\."
    # In capitals, as the register writes it: "КОРОБКОВ СЕРГЕЙ ВАСИЛЬЕВИЧ".
    r"|[А-ЯЁ]{3,}(?:-[А-ЯЁ]{2,})?(?:\s+[А-ЯЁ]{3,}){1}\s+[А-ЯЁ]{3,}(?:ВИЧ|ВНА|ИЧНА|ЧНА))"
)
# A patronymic's ending in any grammatical case: contracts name the director in the genitive ("в лице
# Генерального директора Ширшонкова Владислава Олеговича"), letters in the dative or instrumental.
_PATRONYMIC_END = r"(?:вич(?:а|у|ем|е)?|(?:вн|ичн|чн)(?:а|ы|е|у|ой|ою)|оглы|кызы)"
# Surname, first name and a patronymic: the Russian way of writing a person in requisites, so sure a
# sign that no NER pass is needed for it.
_FULL_PERSON = re.compile(
    rf"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+{_PATRONYMIC_END}(?![а-яё])"
    r"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.(?!\s?[А-ЯЁ]\.)"
)

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
    # Non-commercial forms without an abbreviation: the word is both the short and the spelled-out form.
    "Ассоциация": "Ассоциация",
}
_ORGANISATION_FORMS = tuple(form for form in LEGAL_FORMS if form != "ИП")


def _capital_first(form: str) -> str:
    """``form`` not after a capital, written to open with its first letter (``О(?<![А-ЯЁA-Z]О)ОО``): a pattern that
    opens with letters is scanned at C speed to the next of them, one that opens with a look-behind is tried at
    every position of the page."""
    return f"{form[0]}(?<![А-ЯЁA-Z]{form[0]}){form[1:]}"


# "ООО «Имя»", "АНО ДПО «Имя»" (a second abbreviation before the quotes), "ООО Управляющая компания «Имя»" (a
# kind of business before the quotes: a capitalised word and up to two more), Latin "OOO «Имя»" (some sites type
# Latin O's).
_SHORT_NAME = re.compile(
    f"({'|'.join(_capital_first(form) for form in (*_ORGANISATION_FORMS, 'OOO'))})"
    r"(\s+[А-ЯЁ]{2,5}|[ \t\u00a0]+[А-ЯЁ][а-яё]{2,}(?:[ \t\u00a0]+[а-яё]{3,}){0,2})?" + _NAME_IN_QUOTES
)
_FULL_NAME = re.compile(
    rf"({'|'.join(full for form, full in LEGAL_FORMS.items() if form != 'ИП')}){_NAME_IN_QUOTES}", re.IGNORECASE
)
# «Акционерное общество МЕХТА»: the whole name in quotes, the form spelled out, no inner quotes.
_QUOTED_FULL_NAME = re.compile(
    rf"[«\"]\s*({'|'.join(full for form, full in LEGAL_FORMS.items() if form != 'ИП')})\s+"
    r"([А-ЯЁA-Z][А-ЯЁA-Z0-9\- ]{1,40}?)\s*[»\"]",
    re.IGNORECASE,
)
# ИП Иванов Иван Иванович, ИП Иванов И.И., ИП "Калинина О.А.", Индивидуальный предприниматель ...
_SOLE_TRADER = re.compile(
    rf"(?:((?i:Индивидуальный\s+предприниматель))|(?<![А-ЯЁ])(ИП))\s*[{_QUOTE_OPEN}]?\s*{_PERSON}\s*[{_QUOTE_CLOSE}]?"
)

# Labels that end an address running over several lines, and words that continue one. Case matters:
# "ИНН" ends an address, "инновационного" does not.
_ADDRESS_STOP = re.compile(
    r"(?<![А-Яа-яЁёA-Za-z])(?:ИНН|КПП|ОГРН|ОКПО|ОКВЭД|БИК|[Рр]/[сc]|[Кк]/[сc]|Тел\b|[Тт]ел\.|Факс|E-?mail|Эл\."
    r"|[Пп]очтов|[Фф]актическ|[Фф]акт\.|[Аа]дрес|Юр\.|Юридическ|Банк|Расч|Корр|Генеральн|Директор|Руководител|Контакт"
    r"|Реквизит|Свидетельств|График|Режим|Телефон|Организационн|Дата|Вид\s|Сайт|Время)"
)
_ADDRESS_GOES_ON = re.compile(
    r"\s*(?:\d|(?i:ул\b|ул\.|улица|д\.|дом\b|корп|к\.|стр\b|стр\.|оф\b|оф\.|офис|пом\b|пом\.|помещ|ком\b|ком\.|комн"
    r"|эт\b|эт\.|этаж|кв\b|кв\.|лит|г\.|город|обл|р-н|район|пр\.|пр-т|просп|пер\b|пер\.|переулок|наб|ш\b|ш\.|шоссе"
    r"|бульв|б-р|пл\.|площад|мкр|тер\b|тер\.|вн\.|муниципальн)|[а-яё«])"
)
# The label's words stay on one line: "Адрес\nЮридический адрес: …" is a heading, then the label.
_LEGAL_ADDRESS = re.compile(
    r"(?:Юридический[ \t\u00a0]+адрес|Юридический(?:[ \t\u00a0]+и[ \t\u00a0]+|[ \t\u00a0]*/[ \t\u00a0]*)"
    r"(?:фактический|почтовый)[ \t\u00a0]+адрес|Юр\.?[ \t\u00a0]*адрес|Адрес[ \t\u00a0]+юридический"
    r"|Адрес[ \t\u00a0]+регистрации"
    r"|Адрес[ \t\u00a0]+юридического[ \t\u00a0]+лица|Место[ \t\u00a0]+регистрации|Место[ \t\u00a0]*нахождения"
    r"|Местонахождение|Адрес[ \t\u00a0]+места[ \t\u00a0]+нахождения)"
    r"(?:\s*\((?:юридический[ \t\u00a0]+адрес)\))?[ \t\u00a0]*[:\-–—]?\s*",
    re.IGNORECASE,
)
# "Офис" only as a label of its own, never inside "Доп. офис № 9038" or "офисы продаж".
_ACTUAL_ADDRESS = re.compile(
    r"(?:Фактический[ \t\u00a0]+адрес|Факт\.[ \t\u00a0]*адрес|Почтовый[ \t\u00a0]+адрес|Адрес[ \t\u00a0]+офиса"
    r"|Адрес[ \t\u00a0]+для[ \t\u00a0]+корреспонденции|Почтовый[ \t\u00a0]*\(фактический\)[ \t\u00a0]*адрес"
    r"|(?<![А-Яа-яЁё])Офис(?=[ \t\u00a0]*:))[ \t\u00a0]*[:\-–—]?\s*",
)
_ANY_ADDRESS = re.compile(
    r"(?<!\w)Адрес\s*:\s*([^\n]{8,200}?)(?=\n|;|$)|(?<!\d)(\d{6},\s*(?:г\.\s*)?[А-ЯЁ][^\n]{5,150}?)(?=\n|;|$)"
)
_TEMPLATE_BLANK = re.compile(r"<[А-ЯЁA-Z_ ]{2,30}>|\b000000\b|\bX{3,}\b|_{4,}")
# Bank lines between a company's numbers and a repeated number: the bank's details follow.
_BANK_BETWEEN = re.compile(r"(?<![А-Яа-яЁё])(?:[Бб]анк|БАНК)|[Кк]/[сc]|[Кк]орр?\.?\s*сч")
_BANK_ADDRESS = re.compile(r"учреждени\w*\s+банк|банк\w*\W{0,3}$", re.IGNORECASE)
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
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|все права защищены", re.IGNORECASE)

# Words every match of a pattern contains (lower case): a page without any of them is skipped before
# the pattern's scan (see ``_mentions``).
_FORM_WORDS = (*_ORGANISATION_FORMS, "OOO")
_FULL_FORM_WORDS = tuple(full.lower() for form, full in LEGAL_FORMS.items() if form != "ИП")
_LEGAL_ADDRESS_WORDS = ("адрес", "нахожд", "регистрац")
_ACTUAL_ADDRESS_WORDS = ("адрес", "офис")
_REGISTRATION_WORDS = ("регистр", "ифнс", "инспекци", "егрюл", "егрип")  # not "егр": "интеграция"
_DIRECTOR_WORDS = ("директор", "руководител", "управляющ", "президент")

# Why an entity was taken for the site's owner: codes the report renders in the reader's language.
WHY_NUMBERS = "has_numbers"
WHY_CONSISTENT = "numbers_match_form"
WHY_CHECKSUMS = "checksums_valid"
WHY_COPYRIGHT = "copyright_line"
WHY_REQUISITES = "requisites_block"
WHY_OPERATOR = "policy_operator"
WHY_SITE_NAME = "matches_site_name"
WHY_WHOIS = "matches_whois"
WHY_PROVIDER = "contract_provider"
WHY_MENTIONS = "most_mentioned"
WHY_ONLY = "only_candidate"
# Why no owner was chosen: several entities with equal claims and nothing that ties one of them to the site.
WHY_TIED = "owners_tied"
WHY_NAME_ONLY = "named_only"
# Signals that tie an entity to this site rather than to a page's content: without one of them, a tie between
# entities (a group-of-companies table) or a bare name (a marketplace's seller card) does not make an owner.
# Whois counts only where a legal check has already cached the domain's record (``SiteContext.whois``).
_OWNER_SIGNALS = frozenset({WHY_COPYRIGHT, WHY_REQUISITES, WHY_OPERATOR, WHY_SITE_NAME, WHY_WHOIS, WHY_PROVIDER})
# A contract's or offer's parties, "ООО «X», именуемое в дальнейшем «Агент»": the side that provides is the
# site's (an agent, seller, contractor); the other side (a principal, customer, buyer) is someone else.
_CONTRACT_PARTY = re.compile(r"[\s,]{0,4}именуем\w*\s+в\s+дальнейшем\s+[«\"„“]?\s*([А-ЯЁа-яё]+)")
PROVIDER_PARTIES = frozenset(
    {"исполнитель", "агент", "продавец", "оператор", "поставщик", "подрядчик", "лицензиар", "арендодатель"}
)
CUSTOMER_PARTIES = frozenset(
    {"заказчик", "принципал", "покупатель", "клиент", "лицензиат", "арендатор", "пользователь", "абонент"}
)


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
    role: str = ROLE_OWNER
    page: str | None = None
    position: int | None = None
    # Per number: False when the page states it with a wrong length or check digit.
    format_ok: dict[str, bool] = field(default_factory=dict)
    # For the owner: why it was chosen (codes, see WHY_*), strongest first.
    why: list[str] = field(default_factory=list)
    # Numbers beyond one of each kind ("КПП КН"): kind, value, format_ok.
    more_numbers: list[dict[str, Any]] = field(default_factory=list)
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
            "ogrn_valid": ogrn_valid(self.ogrn) if self.ogrn else None,
            "kpp": self.kpp,
            "legal_address": self.legal_address,
            "actual_address": self.actual_address,
            "director": {"name": self.director_name, "position": self.director_position},
            "role": self.role,
            "page": self.page,
            "position": self.position,
            "format_ok": {key: self.format_ok[key] for key in ("inn", "ogrn", "kpp") if key in self.format_ok},
            "why": list(self.why),
            "more_numbers": list(self.more_numbers),
        }


def ogrn_module(number: str) -> Any:
    return ogrnip if len(re.sub(r"\D", "", number)) == 15 else ogrn


def ogrn_valid(number: str) -> bool:
    return bool(ogrn_module(number).is_valid(number))


@lru_cache(maxsize=1)
def _ner() -> tuple[Any, Any]:
    # natasha's models take most of a second to load: only when a director's name is not plain.
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def person_in(span: str) -> str | None:
    """The first person's name in a short candidate span (after a "Генеральный директор" label).

    A surname, name and patronymic (or initials) is read as written; anything else goes to natasha's
    NER, which may drop a surname it does not know, so it comes second.
    """
    span = span.lstrip(" \t\n:—–-")[:160]
    first, _, rest = span.partition("\n")
    if first.rstrip().endswith(":") or (first and not _NAME_START.match(first)):
        # "Директор ООО «ЖКУ №813»:" then the name in the next cell.
        first = rest.lstrip(" \t:—–-").partition("\n")[0]
    first = first[:80]
    if not _FULL_PERSON.match(first) and (dash := re.search(r"\s[—–-]\s+", first)):
        # "Директор Консорциума — Толмачёв Виктор Александрович": whose director, then the name.
        first = first[dash.end() :]
    if not _NAME_START.match(first):
        return None  # a name starts with a capitalised word; anything else is not worth a NER pass
    plain = _FULL_PERSON.match(first)
    if plain:
        return " ".join(plain.group(0).split())
    try:
        from natasha import Doc

        segmenter, tagger = _ner()
        doc = Doc(first)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        for entity in doc.spans:
            if entity.type == "PER" and entity.start < 40:
                return " ".join(entity.text.split())
    except ImportError:
        pass
    match = re.match(r"\s*" + _PERSON, first)
    return match.group(1) if match else None


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" ,.;:-–—")


def _clean_name(value: str) -> str:
    """A name as the report writes it: inner quotes as «» (closed where the page left it open)."""
    name = _clean(value.replace("\\", ""))
    if len(re.findall(rf"[{_QUOTE_OPEN}]", name)) == 1 and not _INNER_QUOTES.search(name):
        name += "»"
    return _INNER_QUOTES.sub(r"«\1»", name)


def _name_key(form: str, name: str) -> tuple[str, str]:
    return form, re.sub(r"[^0-9a-zа-я]", "", name.casefold().replace("ё", "е"))


def _person_key(person: str) -> tuple[str, str]:
    """An entrepreneur by surname stem and initials: "Комаровым Вадимом Михайловичем", "Комаров В.М."
    and "Комаров Вадим Михайлович" are one person."""
    words = re.findall(r"[А-ЯЁа-яё]+", person)
    if not words:
        return "ИП", ""
    initials = "".join(word[0] for word in words[1:3])
    return "ИП", f"{words[0].casefold()[:5]}:{initials.casefold()}"


_NOMINATIVE = re.compile(r"(?:вич|вна|ична|чна|оглы|кызы|[А-ЯЁ]\.)$")


@dataclass
class _Mention:
    form: str
    display: str
    key: tuple[str, str]
    start: int
    end: int
    spelled_out: bool = False


@dataclass
class _Block:
    """Co-located facts on one page: an optional name and the numbers that follow it."""

    page: Page
    anchor: _Mention | None
    numbers: dict[str, RequisiteNumber] = field(default_factory=dict)
    role: str = ROLE_MENTIONED
    # Further numbers of a kind the block has already ("КПП КН").
    more: list[RequisiteNumber] = field(default_factory=list)

    @property
    def position(self) -> int:
        starts = [number.label_start for number in self.numbers.values()]
        if self.anchor is not None:
            starts.append(self.anchor.start)
        return min(starts) if starts else 0


@dataclass
class _Candidate:
    key: tuple[str, str] | None
    form: str | None = None
    display: str | None = None
    page: Page | None = None
    position: int = 0
    numbers: dict[str, RequisiteNumber] = field(default_factory=dict)
    number_pages: dict[str, Page] = field(default_factory=dict)
    more: list[RequisiteNumber] = field(default_factory=list)
    mentions: int = 0
    copyright: bool = False
    requisites: bool = False
    operator: bool = False
    reviewer: bool = False
    founder: bool = False
    bank: bool = False
    # The party a contract or offer on the site names: the one that provides (the site's) or the other side.
    provider: bool = False
    customer: bool = False
    # Named only in the spelled-out form ("Общество с ограниченной ответственностью «...»"): on a
    # requisites page that is the owner's full name, not another entity.
    spelled_out_only: bool = True
    mention_pages: list[tuple[Page, int, int]] = field(default_factory=list)


def names_in(text: str) -> list[_Mention]:
    """Every legal-form name on a page, in page order (short, spelled-out and sole-trader forms)."""
    found: list[_Mention] = []
    if _mentions(text, _FORM_WORDS):
        for match in itertools.islice(_SHORT_NAME.finditer(text), MAX_NAMES_PER_PAGE):
            form = "ООО" if match.group(1) == "OOO" else match.group(1)
            name = _clean_name(match.group(3))
            if not name:
                continue
            extra = (match.group(2) or "").strip()
            display = f"{form} {extra} «{name}»" if extra else f"{form} «{name}»"
            found.append(_Mention(form, display, _name_key(form, f"{extra}{name}"), match.start(), match.end()))
    lowered = lowered_text(text)
    if _mentions(lowered, _FULL_FORM_WORDS):
        for pattern in (_FULL_NAME, _QUOTED_FULL_NAME):
            for match in itertools.islice(pattern.finditer(text), MAX_NAMES_PER_PAGE):
                full = match.group(1).lower()
                form = next((short for short, spelled in LEGAL_FORMS.items() if spelled.lower() == full), None)
                name = _clean_name(match.group(2))
                if form is None or not name:
                    continue
                found.append(
                    _Mention(form, f"{form} «{name}»", _name_key(form, name), match.start(), match.end(), True)
                )
    if "ИП" in text or "ндивидуальный предприниматель" in lowered:
        for match in itertools.islice(_SOLE_TRADER.finditer(text), MAX_NAMES_PER_PAGE):
            person = " ".join(match.group(3).split())  # initials keep their final dot
            if person.isupper():
                person = person.title()  # "ГРИГОЛИЯ АРТЕМ АЛЕКСЕЕВИЧ" as the register writes it
            found.append(
                _Mention("ИП", f"ИП {person}", _person_key(person), match.start(), match.end(), bool(match.group(1)))
            )
    found.sort(key=lambda mention: mention.start)
    # One place, one name: "Общество с ограниченной ответственностью «X»" is not also a short "X".
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _personal_inn(text: str, number: RequisiteNumber, organisation_on_page: bool) -> str | None:
    """The director's name when this 12-digit ИНН is the director's own (it follows the director's name)."""
    if number.kind != "inn" or len(number.value) != 12 or not organisation_on_page:
        return None
    before = text[max(0, number.label_start - 160) : number.label_start]
    labels = list(_DIRECTOR_LABEL.finditer(before))
    if not labels:
        return None
    label = labels[-1]
    between = before[label.end() :]
    if _SHORT_NAME.search(between) or "ИП" in between:
        return None
    return person_in(between)


def _second_kpp(text: str, number: RequisiteNumber, block: _Block) -> bool:
    """ "КПП КН 783450001" or "КПП по месту учёта" after the main КПП: one organisation has several."""
    label_context = text[number.label_start : number.start]
    return (
        number.kind == "kpp" and not block.more and bool(re.search(r"КН|крупн|по\s+месту|обособ", label_context, re.I))
    )


def _is_bank_number(text: str, number: RequisiteNumber, anchor: _Mention | None) -> bool:
    label_context = text[number.label_start : number.start].lower()
    if "банк" in label_context:  # "ИНН банка 7707083893"
        return True
    return anchor is not None and "банк" in anchor.display.lower()


def _page_blocks(page: Page, text: str) -> tuple[list[_Block], list[_Mention], list[LegalEntity]]:
    numbers = requisite_numbers(text)[0][:MAX_NUMBERS_PER_PAGE]
    mentions = names_in(text) if numbers or _mentions(text, (*_FORM_WORDS, "ИП", "ндивидуальн", "бществ")) else []
    ends = [mention.end for mention in mentions]
    organisation_on_page = any(m.form != "ИП" for m in mentions) or any(
        n.kind == "inn" and len(n.value) == 10 for n in numbers
    )
    personal: list[LegalEntity] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    last_end = last_label = -1
    for number in numbers:
        director = _personal_inn(text, number, organisation_on_page)
        if director is not None:
            entity = LegalEntity(name=director, inn=number.value, role=ROLE_DIRECTOR, page=page.url)
            entity.position = number.label_start
            entity.format_ok["inn"] = number.format_ok
            entity.sources["inn"] = Evidence(
                url=page.url, excerpt=excerpt(text, number.start, number.end), value=number.value
            )
            personal.append(entity)
            continue
        anchor = None
        index = _bisect_right(ends, number.label_start) - 1
        if index >= 0 and number.label_start - ends[index] < 600:
            anchor = mentions[index]
        if current is not None and number.label_start == last_label and number.kind not in current.numbers:
            current.numbers[number.kind] = number  # one label, two numbers: "ИНН/КПП: 7702070139/540643001"
            last_end = number.end
            continue
        last_label = number.label_start
        same_anchor = current is not None and (anchor is None or current.anchor is anchor)
        if (
            current is not None
            and current.anchor is not None
            and anchor is current.anchor
            and number.kind in current.numbers
            and _BANK_BETWEEN.search(text[last_end : number.label_start])
        ):
            # "Банк: … ВТБ (ПАО) · К/с … · ИНН/КПП: 7702070139/…" after the company's own numbers: the
            # repeated kind after bank lines is the bank's, not a second company under the same name.
            current = _Block(page=page, anchor=None, numbers={number.kind: number}, role=ROLE_BANK)
            blocks.append(current)
            last_end = number.end
            continue
        if (
            current is not None
            and same_anchor
            and number.label_start - last_end < 400
            and (number.kind not in current.numbers or _second_kpp(text, number, current))
        ):
            if number.kind in current.numbers:
                current.more.append(number)  # "КПП КН": a second КПП of the same organisation
            else:
                current.numbers[number.kind] = number
        else:
            current = _Block(page=page, anchor=anchor, numbers={number.kind: number})
            blocks.append(current)
        if _is_bank_number(text, number, current.anchor):
            current.role = ROLE_BANK
        last_end = number.end
    return _join_unnamed(blocks), mentions, personal


def _join_unnamed(blocks: list[_Block]) -> list[_Block]:
    """A number printed apart from its name ("КПП 780201001." a line above "ООО «X» · ИНН …") joins the
    nearest named block on the page when that block lacks its kind."""
    kept: list[_Block] = []
    for index, block in enumerate(blocks):
        if block.anchor is not None or block.role == ROLE_BANK:
            kept.append(block)
            continue
        neighbours = [
            other
            for other in (blocks[index + 1] if index + 1 < len(blocks) else None, kept[-1] if kept else None)
            if other is not None and other.anchor is not None and other.role != ROLE_BANK
        ]
        target = next(
            (
                other
                for other in neighbours
                if abs(other.position - block.position) < 600 and not set(other.numbers) & set(block.numbers)
            ),
            None,
        )
        if target is None:
            kept.append(block)
        else:
            target.numbers.update(block.numbers)
            target.more.extend(block.more)
    return kept


def _bisect_right(values: list[int], target: int) -> int:
    low, high = 0, len(values)
    while low < high:
        middle = (low + high) // 2
        if target < values[middle]:
            high = middle
        else:
            low = middle + 1
    return low


def _translit(text: str) -> str:
    table = str.maketrans(
        {
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
            "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
            "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
            "э": "e", "ю": "yu", "я": "ya",
        }
    )  # fmt: skip
    return re.sub(r"[^a-z0-9]", "", text.casefold().translate(table))


def _matches_host(display: str, host: str) -> bool:
    """The entity's name and the site's domain say the same ("Рестораника" and restoranica.ru)."""
    name = _translit(re.sub(r"^[А-ЯЁA-Z]{2,5}\s+", "", display))
    labels = [part for part in host.lower().split(".")[:-1] if part not in ("www", "m")]
    return bool(name) and any(
        len(label) >= 4 and difflib.SequenceMatcher(None, name, re.sub(r"[^a-z0-9]", "", label)).ratio() >= 0.8
        for label in labels
    )


def _matches_whois(candidate: _Candidate, whois: dict[str, Any]) -> bool:
    """The registrant whois names is this entity: the same ИНН, or the same name (whois writes it in Latin
    or in capitals: ``OOO "ROMASHKA"`` is ООО «Ромашка»)."""
    inn_number = candidate.numbers.get("inn")
    taxpayer = re.sub(r"\D", "", str(whois.get("taxpayer_id") or ""))
    if inn_number is not None and taxpayer and inn_number.value == taxpayer:
        return True
    org, display = str(whois.get("org") or ""), candidate.display or ""
    if not org or not display:
        return False

    def core(name: str) -> str:
        name = re.sub(r"^\s*[А-ЯЁA-Z]{2,5}\s+", "", name.strip())  # the legal form's abbreviation
        return re.sub(r"[^a-z0-9]", "", _translit(name))

    mine, theirs = core(display), core(org)
    return len(mine) >= 3 and difflib.SequenceMatcher(None, mine, theirs).ratio() >= 0.85


def _candidate_for(candidates: dict[Any, _Candidate], key: Any) -> _Candidate:
    candidate = candidates.get(key)
    if candidate is None:
        candidate = candidates[key] = _Candidate(key=key if isinstance(key, tuple) else None)
    return candidate


def _name_core(display: str) -> str:
    """The name without its legal form, letters and digits only: "ООО «ЖКУ №813»" -> "жку813"."""
    name = re.sub(r"^[А-ЯЁA-Z]{2,5}\s+", "", display.strip())
    return re.sub(r"[^0-9a-zа-я]", "", name.casefold().replace("ё", "е"))


def site_names(pages: list[Page]) -> frozenset[str]:
    """What the site calls itself: each part of the pages' titles ("ЖКУ №813", "Контакты | Ромашка")."""
    names = set()
    for page in pages[:20]:
        for part in re.split(r"\s[|—–\-:]\s|\|", page.title or ""):
            core = re.sub(r"[^0-9a-zа-я]", "", part.casefold().replace("ё", "е"))
            if len(core) >= 4:
                names.add(core)
    return frozenset(names)


def _score(
    candidate: _Candidate, site_host: str, most_mentions: int, titles: frozenset[str] = frozenset()
) -> tuple[float, list[str]]:
    score, why = 0.0, []
    numbers = candidate.numbers
    if numbers:
        score += 4 + len(numbers) - 1
        why.append(WHY_NUMBERS)
        person = candidate.form == "ИП"
        inn_number, ogrn_number = numbers.get("inn"), numbers.get("ogrn")
        agreements = []
        if inn_number is not None and len(inn_number.value) in (10, 12):
            agreements.append((len(inn_number.value) == 12) == person if candidate.form else None)
        if ogrn_number is not None and len(ogrn_number.value) in (13, 15):
            agreements.append((len(ogrn_number.value) == 15) == person if candidate.form else None)
        if candidate.form is None and inn_number is not None and ogrn_number is not None:
            agreements = [(len(inn_number.value) == 12) == (len(ogrn_number.value) == 15)]
        if agreements and all(agreements):
            score += 2
            why.append(WHY_CONSISTENT)
        elif any(agreement is False for agreement in agreements):
            score -= 3
        if all(number.format_ok for number in numbers.values()):
            score += 1
            why.append(WHY_CHECKSUMS)
        else:
            score -= 1
    if candidate.copyright:
        score += 3
        why.append(WHY_COPYRIGHT)
    if candidate.requisites:
        score += 2
        why.append(WHY_REQUISITES)
    if candidate.operator:
        score += 2
        why.append(WHY_OPERATOR)
    if candidate.display and (
        (site_host and _matches_host(candidate.display, site_host)) or _name_core(candidate.display) in titles
    ):
        score += 3
        why.append(WHY_SITE_NAME)
    if candidate.mentions > 1:
        score += min(0.5 * (candidate.mentions - 1), 2)
        if candidate.mentions == most_mentions:
            why.append(WHY_MENTIONS)
    if candidate.reviewer and not numbers:
        score -= 4
    if candidate.founder:
        score -= 5
    if candidate.provider and not candidate.customer:
        score += 3
        why.append(WHY_PROVIDER)
    return score, why


def read_entities(
    pages: list[Page],
    site_host: str = "",
    requisites_pages: list[Page] | None = None,
    whois: dict[str, Any] | None = None,
) -> tuple[LegalEntity, list[LegalEntity]]:
    """The site owner's entity and the other entities the pages present, each with its role. ``whois``:
    the domain's registrant (``org``, ``taxpayer_id``) when known; an entity it names is preferred."""
    requisites_ids = {id(page) for page in requisites_pages or []}
    candidates: dict[Any, _Candidate] = {}
    personal: list[LegalEntity] = []
    banks: list[LegalEntity] = []
    by_inn: dict[str, Any] = {}
    for page in pages:
        text = page.text[:MAX_TEXT]
        blocks, mentions, directors = _page_blocks(page, text)
        personal.extend(directors)
        lowered = lowered_text(text)
        reviews_page = "отзыв" in lowered
        for mention in mentions:
            candidate = _candidate_for(candidates, mention.key)
            candidate.mentions += 1
            if candidate.display is None or (
                # The name as the requisites write it: nominative, full rather than initials.
                mention.form == "ИП"
                and _NOMINATIVE.search(mention.display)
                and (not _NOMINATIVE.search(candidate.display) or len(mention.display) > len(candidate.display))
            ):
                candidate.form, candidate.display = mention.form, mention.display
            candidate.spelled_out_only = candidate.spelled_out_only and mention.spelled_out and mention.form != "ИП"
            if candidate.page is None:
                candidate.page, candidate.position = page, mention.start
            candidate.mention_pages.append((page, mention.start, mention.end))
            line_start = text.rfind("\n", 0, mention.start) + 1
            line_end = text.find("\n", mention.end)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            before = lowered[max(0, mention.start - 300) : mention.start]
            if _COPYRIGHT.search(line):
                candidate.copyright = True
            if id(page) in requisites_ids or "реквизит" in before or (page.title and mention.display in page.title):
                candidate.requisites = True
            if "оператор" in lowered[mention.end : mention.end + 250]:
                candidate.operator = True
            if "учредител" in before[-100:]:
                candidate.founder = True
            if "именуем" in lowered[mention.end : mention.end + 80] and (
                party := _CONTRACT_PARTY.match(text, mention.end)
            ):
                role = party.group(1).lower()
                candidate.provider = candidate.provider or role in PROVIDER_PARTIES
                candidate.customer = candidate.customer or role in CUSTOMER_PARTIES
            window = text[max(0, mention.start - 150) : mention.end + 150]
            if reviews_page and has_date_candidate(window):
                candidate.reviewer = True
            if "банк" in mention.display.lower():
                candidate.bank = True
        for block in blocks:
            if block.role == ROLE_BANK:
                banks.append(_bank_entity(block, text))
                continue
            inn_number = block.numbers.get("inn")
            key: Any
            if inn_number is not None and inn_number.value in by_inn:
                key = by_inn[inn_number.value]
                if _is_anonymous(key) and block.anchor is not None and key in candidates:
                    # The same numbers again, now with a name: the earlier unnamed block was this one.
                    _merge(candidates, key, block.anchor.key)
                    by_inn = {number: block.anchor.key if old == key else old for number, old in by_inn.items()}
                    key = block.anchor.key
            elif block.anchor is not None:
                key = block.anchor.key
            else:
                key = ("anonymous", page.url, block.position)
            candidate = _candidate_for(candidates, key)
            if block.anchor is not None and candidate.display is None:
                candidate.form, candidate.display = block.anchor.form, block.anchor.display
            if candidate.page is None:
                candidate.page, candidate.position = page, block.position
            for kind, number in block.numbers.items():
                if kind not in candidate.numbers:
                    candidate.numbers[kind] = number
                    candidate.number_pages[kind] = page
            candidate.more.extend(block.more)
            if id(page) in requisites_ids or "реквизит" in text[max(0, block.position - 400) : block.position].lower():
                candidate.requisites = True
            if inn_number is not None:
                by_inn.setdefault(inn_number.value, key)
        renamed = _name_anonymous_blocks(candidates, page, mentions)
        if renamed is not None:
            by_inn = {number: renamed[1] if key == renamed[0] else key for number, key in by_inn.items()}
    owner_candidate, why = _choose_owner(candidates, site_host, whois or {}, site_names(pages))
    owner = _entity_from(owner_candidate, ROLE_OWNER) if owner_candidate else LegalEntity()
    owner.why = why
    others: list[LegalEntity] = [*personal, *banks]
    for candidate in candidates.values():
        if candidate is owner_candidate or candidate.bank:
            continue
        if not candidate.numbers and (candidate.display is None or candidate.spelled_out_only):
            continue
        others.append(_entity_from(candidate, ROLE_MENTIONED))
    return owner, others[:MAX_ENTITIES]


def _name_anonymous_blocks(
    candidates: dict[Any, _Candidate], page: Page, mentions: list[_Mention]
) -> tuple[Any, Any] | None:
    """Numbers printed without a name take the page's copyright-line name (or its only name)."""
    anonymous = [
        (key, candidate)
        for key, candidate in candidates.items()
        if _is_anonymous(key) and key[1] == page.url and candidate.display is None
    ]
    if not anonymous:
        return None
    named = {mention.key for mention in mentions}
    with_numbers = {key for key, candidate in candidates.items() if candidate.numbers and candidate.display}
    free = [
        key
        for key in dict.fromkeys(mention.key for mention in mentions if "банк" not in mention.display.lower())
        if key not in with_numbers
    ]
    copyright_keys = [key for key in free if candidates.get(key) and candidates[key].copyright]
    choice = copyright_keys[0] if copyright_keys else (free[0] if len(named) == 1 and free else None)
    if choice is None:
        return None
    key = anonymous[0][0]
    _merge(candidates, key, choice)
    return key, choice


def _is_anonymous(key: Any) -> bool:
    return isinstance(key, tuple) and len(key) == 3 and key[0] == "anonymous"


def _merge(candidates: dict[Any, _Candidate], source_key: Any, target_key: Any) -> None:
    """Move an unnamed block's numbers to the named candidate they belong to."""
    source = candidates.pop(source_key)
    target = _candidate_for(candidates, target_key)
    for kind, number in source.numbers.items():
        if kind not in target.numbers:
            target.numbers[kind] = number
            target.number_pages[kind] = source.number_pages.get(kind, source.page)  # type: ignore[assignment]
    target.more.extend(source.more)
    target.requisites = target.requisites or source.requisites
    if target.page is None:
        target.page, target.position = source.page, source.position


def _choose_owner(
    candidates: dict[Any, _Candidate],
    site_host: str,
    whois: dict[str, Any] | None = None,
    titles: frozenset[str] = frozenset(),
) -> tuple[_Candidate | None, list[str]]:
    # A bank, or the other side of a contract on the site (a principal, a customer), is never the site's owner.
    eligible = [
        candidate
        for candidate in candidates.values()
        if not candidate.bank and not (candidate.customer and not candidate.provider)
    ]
    if not eligible:
        return None, []
    most = max(candidate.mentions for candidate in eligible)
    scored = []
    for order, candidate in enumerate(eligible):
        score, why = _score(candidate, site_host, most, titles)
        if whois and _matches_whois(candidate, whois):
            score += 4
            why.append(WHY_WHOIS)
        scored.append((score, -order, candidate, why))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    best_score, _, best, why = scored[0]
    if best_score < 0:
        return None, []
    tied = [item for item in scored[1:] if item[0] == best_score and item[2].numbers]
    if tied and best.numbers and not _OWNER_SIGNALS & set(why):
        return None, [WHY_TIED]  # page order is no evidence: the first of sixteen group companies is not the owner
    if not best.numbers and not _OWNER_SIGNALS & set(why):
        return None, [WHY_NAME_ONLY]  # a name with nothing that ties it to the site (a seller, a client)
    if len(eligible) == 1:
        why = [*why, WHY_ONLY]
    return best, why


def _bank_entity(block: _Block, text: str) -> LegalEntity:
    entity = LegalEntity(role=ROLE_BANK, page=block.page.url, position=block.position)
    if block.anchor is not None:
        entity.legal_form, entity.name = block.anchor.form, block.anchor.display
    _copy_numbers(entity, block.numbers, {kind: block.page for kind in block.numbers})
    return entity


def _copy_numbers(entity: LegalEntity, numbers: dict[str, RequisiteNumber], pages: dict[str, Page]) -> None:
    for kind, number in numbers.items():
        setattr(entity, kind, number.value)
        entity.format_ok[kind] = number.format_ok
        page = pages.get(kind)
        text = page.text[:MAX_TEXT] if page is not None else ""
        entity.sources[kind] = Evidence(
            url=page.url if page is not None else entity.page or "",
            excerpt=excerpt(text, number.start, number.end) if text else None,
            value=number.value,
        )


def _entity_from(candidate: _Candidate, role: str) -> LegalEntity:
    entity = LegalEntity(role=role)
    entity.legal_form, entity.name = candidate.form, candidate.display
    entity.page = candidate.page.url if candidate.page is not None else None
    entity.position = candidate.position
    _copy_numbers(entity, candidate.numbers, candidate.number_pages)
    entity.more_numbers = [
        {"kind": number.kind, "value": number.value, "format_ok": number.format_ok} for number in candidate.more
    ]
    if candidate.mention_pages and candidate.display:
        page, start, end = candidate.mention_pages[0]
        entity.sources["name"] = Evidence(url=page.url, excerpt=excerpt(page.text[:MAX_TEXT], start, end))
    return entity


def _continues(previous: str, line: str) -> bool:
    """The next line goes on with the address: after a comma, with an address word, or in the same capitals
    (addresses copied from the register: "…МУНИЦИПАЛЬНЫЙ ОКРУГ" / "ТИМИРЯЗЕВСКИЙ," / "Ш ДМИТРОВСКОЕ, Д. 9Б")."""
    if ":" in line[:40]:
        return False  # another label's line
    if previous.endswith(",") or _ADDRESS_GOES_ON.match(line):
        return True
    return _capitals(previous) and _capitals(line)


def _capitals(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 3 and sum(char.isupper() for char in letters) >= 0.7 * len(letters)


# The label is one string of a key-value list and the address the next one: a template's component parameters
# or a script's object ('"LEGAL_ADDRESS_TITLE" => "Юридический адрес:", "LEGAL_ADDRESS_TEXT" => "Республика…"').
_NEXT_STRING_VALUE = re.compile(r'\W{0,4}"?[A-Za-z_][A-Za-z0-9_]*"?\s*(?:=>|:)\s*"([^"\n]{8,200})"')


def _address_after(text: str, start: int) -> str | None:
    """The address that starts at ``start`` and runs over lines until the next label or other text."""
    if value := _NEXT_STRING_VALUE.match(text, start):
        return _address_after(value.group(1), 0)
    lines = [line.strip() for line in text[start : start + 400].split("\n")[:4]]
    parts: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            break
        stop = _ADDRESS_STOP.search(line)
        if stop is not None and (stop.start() > 0 or index > 0):
            line = line[: stop.start()].strip()
            if line:
                parts.append(line)
            break
        if index > 0 and (len(line) > 120 or not _continues(parts[-1], line)):
            break
        parts.append(line)
    address = _clean(" ".join(parts)).rstrip(")")
    if "(" in address and ")" not in address:
        address = address.split("(", 1)[0].strip()
    # An address has a postcode or a house number: "по адресу местонахождения Оператора" has none.
    if len(address) < 8 or not any(char.isdigit() for char in address):
        return None
    # A template's blanks: "000000, г. <ГОРОД>, ул. <УЛИЦА>" is nobody's address.
    return None if _TEMPLATE_BLANK.search(address) else address


def legal_addresses(text: str) -> list[tuple[str, int, int]]:
    """(address, label start, end) of every labelled legal address on a page, bank ones left out."""
    found = []
    if not _mentions(lowered_text(text), _LEGAL_ADDRESS_WORDS):
        return found
    for match in itertools.islice(_LEGAL_ADDRESS.finditer(text), 20):
        before = text[max(0, match.start() - 40) : match.start()]
        if _BANK_ADDRESS.search(before) or _BANK_ADDRESS.search(text[match.start() : match.end() + 30]):
            continue  # "местонахождение учреждения банка"
        if before.rstrip().endswith("("):
            continue  # a founder's or partner's address in parentheses
        address = _address_after(text, match.end())
        if address:
            found.append((address, match.start(), match.end()))
    return found


def _another_entitys(text: str, start: int, owner_key: tuple[str, str] | None) -> bool:
    """The address stands in another entity's block: the last name before its label is not the owner's
    ("Принципал: ООО «Зарница» · Юр. адрес: …"). A bank's name in between does not count."""
    if owner_key is None:
        return False
    before = [
        mention for mention in names_in(text[max(0, start - 300) : start]) if "банк" not in mention.display.lower()
    ]
    return bool(before) and before[-1].key != owner_key


def fill_details(owner: LegalEntity, pages: list[Page]) -> None:
    """The owner's addresses, registration, full name and director, read near its requisites."""
    named = names_in(owner.name) if owner.name else []
    owner_key = named[0].key if named else None
    for page in pages:
        text = page.text[:MAX_TEXT]
        lowered = lowered_text(text)
        if owner.legal_address is None:
            addresses = [item for item in legal_addresses(text) if not _another_entitys(text, item[1], owner_key)]
            if addresses:
                near = owner.position if owner.page == page.url and owner.position is not None else None
                address, start, end = (
                    min(addresses, key=lambda item: abs(item[1] - near)) if near is not None else addresses[0]
                )
                owner.legal_address = address
                owner.sources["legal_address"] = Evidence(
                    url=page.url, excerpt=excerpt(text, start, end + len(address))
                )
        if owner.actual_address is None and _mentions(lowered, _ACTUAL_ADDRESS_WORDS):
            for match in itertools.islice(_ACTUAL_ADDRESS.finditer(text), 10):
                if _BANK_ADDRESS.search(text[max(0, match.start() - 40) : match.start()]):
                    continue
                address = _address_after(text, match.end())
                if address:
                    owner.actual_address = address
                    owner.sources["actual_address"] = Evidence(url=page.url, excerpt=excerpt(text, match.start()))
                    break
        if owner.full_name is None and _mentions(lowered, _FULL_FORM_WORDS):
            for match in itertools.islice(_FULL_NAME.finditer(text), 20):
                name = _clean(match.group(2))
                form = next((f for f, full in LEGAL_FORMS.items() if full.lower() == match.group(1).lower()), None)
                if form is not None and form == owner.legal_form and page.url == owner.page:
                    # "Полное наименование: ООО «Жилищно-коммунальное управление №813»" beside the short one.
                    owner.full_name = f"{match.group(1).capitalize()} «{name}»"
                    owner.sources["full_name"] = Evidence(
                        url=page.url, excerpt=excerpt(text, match.start(), match.end())
                    )
                    break
                if owner.name is None or (
                    form and _name_key(form, name) == _name_key(owner.legal_form or "", _strip_form(owner.name))
                ):
                    owner.full_name = f"{match.group(1).capitalize()} «{name}»"
                    owner.sources["full_name"] = Evidence(
                        url=page.url, excerpt=excerpt(text, match.start(), match.end())
                    )
                    break
        if (
            owner.registration is None
            and _mentions(lowered, _REGISTRATION_WORDS)
            and (match := _REGISTRATION.search(text))
        ):
            owner.registration = _clean(match.group(0))
            owner.sources["registration"] = Evidence(url=page.url, excerpt=excerpt(text, match.start(), match.end()))
        if owner.director_name is None and _mentions(lowered, _DIRECTOR_WORDS):
            # Each candidate may cost a NER pass: a page full of "директор" must not cost minutes.
            for label in itertools.islice(_DIRECTOR_LABEL.finditer(text), MAX_DIRECTOR_LABELS):
                person = person_in(text[label.end() : label.end() + 160])
                if person:
                    owner.director_name = person
                    owner.director_position = _clean(label.group(1)).capitalize()
                    owner.sources["director"] = Evidence(
                        url=page.url, excerpt=excerpt(text, label.start(), label.end()), value=person
                    )
                    break
    if owner.actual_address is None:
        for page in pages:
            text = page.text[:MAX_TEXT]
            if ("Адрес" in text or _POSTCODE.search(text)) and (match := _ANY_ADDRESS.search(text)):
                owner.actual_address = _clean(match.group(1) or match.group(2))
                owner.sources["actual_address"] = Evidence(url=page.url, excerpt=excerpt(page.text, match.start()))
                break
    if owner.full_name is None and owner.legal_form == "ИП" and owner.name:
        spelled = f"Индивидуальный предприниматель {_strip_form(owner.name)}"
        for page in pages:
            if spelled in page.text[:MAX_TEXT]:
                owner.full_name = spelled
                owner.sources["full_name"] = owner.sources.get("name") or Evidence(url=page.url)
                break
    if owner.legal_form == "ИП" and owner.director_name is None and owner.name:
        # An entrepreneur runs the business in person: the seed's "руководитель" is the entrepreneur.
        owner.director_name = _strip_form(owner.name)
        owner.director_position = "Индивидуальный предприниматель"
        if "name" in owner.sources:
            owner.sources["director"] = owner.sources["name"]


def _strip_form(display: str) -> str:
    return re.sub(r"^[А-ЯЁ]{2,5}\s+(?:[А-ЯЁ]{2,5}\s+)?", "", display).strip("«» ")
