"""Comparing names, people and addresses as the site writes them and as the register does.

The register writes ``ООО "ЗВОНОК-ЦЕНТР"``, ``КУЗНЕЦОВА МАРИНА ОЛЕГОВНА``, ``г Новосибирск, ул Кирова, д 48``;
sites write ``ООО «Звонок-Центр»``, ``Кузнецова М. О.``, ``630102, г. Новосибирск, улица Кирова, 48``.
Both sides are normalised (legal forms, quotes, case, ё, abbreviations) before they are compared.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

LEGAL_FORMS: dict[str, str] = {
    "общество с ограниченной ответственностью": "ооо",
    "публичное акционерное общество": "пао",
    "непубличное акционерное общество": "ао",
    "закрытое акционерное общество": "зао",
    "открытое акционерное общество": "оао",
    "акционерное общество": "ао",
    "индивидуальный предприниматель": "ип",
    "автономная некоммерческая организация": "ано",
    "некоммерческая организация": "нко",
    "limited liability company": "ооо",
    "joint stock company": "ао",
    "individual entrepreneur": "ип",
}
SHORT_FORMS = frozenset({"ооо", "ао", "пао", "зао", "оао", "ип", "ано", "нко", "llc", "ltd", "jsc"})
_FORM_ALIASES = {"llc": "ооо", "ltd": "ооо", "jsc": "ао"}
_QUOTES = "«»\"“”„‟'`‘’‚"


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def normalize_name(text: str | None) -> tuple[str | None, str]:
    """``(legal form, core name)``: ``ООО «Звонок-Центр»`` and ``общество ... "ЗВОНОК ЦЕНТР"`` agree."""
    if not text:
        return None, ""
    folded = _fold(text)
    for quote in _QUOTES:
        folded = folded.replace(quote, " ")
    form = None
    for full, short in sorted(LEGAL_FORMS.items(), key=lambda item: -len(item[0])):
        if full in folded:
            form = form or short
            folded = folded.replace(full, " ")
    words = re.findall(r"[0-9a-zа-я]+", folded)
    core = []
    for word in words:
        if word in SHORT_FORMS:
            form = form or _FORM_ALIASES.get(word, word)
        else:
            core.append(word)
    return form, "".join(core)


def names_match(site_names: Sequence[str | None], registry_names: Sequence[str | None]) -> tuple[bool, float]:
    """Whether any site name is the register's name; and the best similarity seen."""
    best = 0.0
    for site_name in site_names:
        _, site_core = normalize_name(site_name)
        if not site_core:
            continue
        for registry_name in registry_names:
            _, registry_core = normalize_name(registry_name)
            if not registry_core:
                continue
            if site_core == registry_core:
                return True, 1.0
            best = max(best, difflib.SequenceMatcher(None, site_core, registry_core).ratio())
    return best >= 0.9, best


def _person_parts(name: str) -> tuple[list[str], list[str]]:
    """Full words and initials of a person's name: ``Кузнецова М.О.`` -> (["кузнецова"], ["м", "о"])."""
    words: list[str] = []
    initials: list[str] = []
    for token in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?\.?", _fold(name)):
        bare = token.rstrip(".")
        if len(bare) == 1 or (token.endswith(".") and len(bare) <= 2):
            initials.append(bare[0])
        else:
            words.append(bare)
    return words, initials


def persons_match(site_name: str, registry_name: str) -> bool:
    """Same person, allowing initials and any word order: ``М. О. Кузнецова`` = ``Кузнецова Марина Олеговна``."""
    site_words, site_initials = _person_parts(site_name)
    registry_words, _ = _person_parts(registry_name)
    if not site_words or not registry_words:
        return False
    if not set(site_words) <= set(registry_words):
        return False
    rest = [word[0] for word in registry_words if word not in site_words]
    return all(initial in rest for initial in site_initials)


_ADDRESS_ABBREVIATIONS = {
    "город": "г", "улица": "ул", "дом": "д", "проспект": "пр-кт", "просп": "пр-кт", "корпус": "к",
    "корп": "к", "строение": "стр", "офис": "оф", "помещение": "пом", "квартира": "кв", "область": "обл",
    "переулок": "пер", "шоссе": "ш", "набережная": "наб", "площадь": "пл", "бульвар": "б-р", "этаж": "эт",
}  # fmt: skip
_ADDRESS_NOISE = frozenset(
    {
        "г", "ул", "д", "пр-кт", "к", "стр", "оф", "пом", "кв", "обл", "пер", "ш", "наб", "пл", "б-р", "эт",
        "россия", "российская", "федерация", "рф", "вн", "тер", "муниципальный", "округ", "район", "р-н",
        "мо", "городской", "поселение", "ком", "комн", "комната", "офис", "литера", "лит", "этаж",
    }
)  # fmt: skip


def address_tokens(address: str | None) -> set[str]:
    if not address:
        return set()
    text = re.sub(r"\b\d{6}\b", " ", _fold(address))  # postal codes are often left out on sites
    tokens = set()
    for token in re.findall(r"[0-9]+[a-zа-я]?|[a-zа-я]+(?:-[a-zа-я]+)?", text):
        token = _ADDRESS_ABBREVIATIONS.get(token, token)
        if token not in _ADDRESS_NOISE and (token[0].isdigit() or len(token) >= 3):
            tokens.add(token)
    return tokens


def address_overlap(site_address: str | None, registry_address: str | None) -> float | None:
    """Share of the register's address words and numbers that the site's address also has."""
    registry = address_tokens(registry_address)
    site = address_tokens(site_address)
    if not registry or not site:
        return None
    return len(registry & site) / len(registry)
