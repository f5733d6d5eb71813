"""Facts read from page text: company numbers, phones, e-mails, privacy-policy links.

Numbers are taken only after their label (ИНН, КПП, ОГРН...), and the digits that follow bank and
statistics labels (р/с, к/с, БИК, ОКПО...) are masked before phones are searched, so an account or
a БИК is never read as a phone or an ИНН. ``extract_page_facts`` is the pure one-page entry point
scored by the gold-set quality gate.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import phonenumbers

from callscout.legal.ids import inn as inn_number
from callscout.legal.ids import kpp as kpp_number
from callscout.legal.ids import ogrn as ogrn_number
from callscout.legal.ids import ogrnip as ogrnip_number
from callscout.web_audit.base import Link, Page, PageTextCache, lowered
from callscout.web_audit.parse import page_from_bytes
from callscout.web_audit.urls import url_path

# Longest label first so "ОГРНИП" wins over "ОГРН" and "ИНН/КПП" over "ИНН".
_LABELS: list[tuple[str, str]] = [
    ("inn_kpp", r"ИНН\s*/\s*КПП|INN\s*/\s*KPP"),
    ("ogrn", r"ОГРН\s*/\s*ОГРНИП|ОГРНИП|ОГРН|OGRNIP|OGRN|PSRN"),
    ("inn", r"ИНН|INN|TIN"),
    ("kpp", r"КПП|KPP"),
    (
        "bank",
        r"БИК|BIC|ОКПО|ОКВЭД|ОКАТО|ОКТМО|ОКОГУ|ОКФС|ОКОПФ|ОКОНХ|SWIFT|IBAN"
        r"|р\s*/\s*сч?|р\.\s*сч?\.?|расч[её]тн\w*\s+сч[её]т\w*|расч\.\s*сч[её]т|к\s*/\s*сч?|к\.\s*сч?\.?"
        r"|корр?\.?\s*сч[её]т\w*|корреспондентск\w*\s+сч[её]т\w*|л\s*/\s*сч?|лицев\w*\s+сч[её]т\w*"
        r"|сч[её]т\s*№|номер\s+сч[её]та|account",
    ),
]
# The shared guard in front (not after a letter, and one of the labels' first letters) lets the scan skip
# most positions of a page at once instead of trying every label there: three times faster, same matches.
_LABEL_FIRST_LETTERS = "".join(sorted({pattern[0] for _, group in _LABELS for pattern in group.split("|")}))
_LABEL_RE = re.compile(
    f"(?<![А-Яа-яЁёA-Za-z])(?=[{_LABEL_FIRST_LETTERS}])(?:"
    + "|".join(f"(?P<{name}>(?<![А-Яа-яЁёA-Za-z])(?:{pattern})(?![А-Яа-яЁёA-Za-z]))" for name, pattern in _LABELS)
    + ")",
    re.IGNORECASE,
)
# The same labels on the lower-cased text, without IGNORECASE: a case-blind scan costs twice as much. Used
# only where lower-casing means what IGNORECASE does: the text keeps its length and holds only characters of
# the ranges below, none of which IGNORECASE pairs with a letter other than its own lower case (the four
# that it does pair, "İıſK", are left out; tests/web_audit/test_extract_properties.py checks every one).
_LOWER_LETTERS = "а-яёa-z"
assert not any(re.search(r"\\[A-Z]", pattern) for _, pattern in _LABELS)  # lower() would change an escape
_LABEL_RE_LOWER = re.compile(
    f"(?<![{_LOWER_LETTERS}])(?=[{_LABEL_FIRST_LETTERS.lower()}])(?:"
    + "|".join(
        f"(?P<{name}>(?<![{_LOWER_LETTERS}])(?:{pattern.lower()})(?![{_LOWER_LETTERS}]))" for name, pattern in _LABELS
    )
    + ")"
)
_FOLDS_LIKE_LOWER = "\x00-\u012f\u0132-\u017e\u0180-\u04ff\u2000-\u20ff\u2116"
_FOLDS_OTHERWISE = re.compile(f"[^{_FOLDS_LIKE_LOWER}]")


def _lower_if_like_ignorecase(text: str) -> str | None:
    lower = lowered(text)
    return lower if len(lower) == len(text) and not _FOLDS_OTHERWISE.search(text) else None


# The lower-cased text where a lower-case pattern on it matches what IGNORECASE does on ``text`` (else None);
# asked for each page by the requisites, the contacts and the phone search.
_lowered_like_ignorecase: Callable[[str], str | None] = PageTextCache(_lower_if_like_ignorecase)


def _label_matches(text: str) -> list[re.Match[str]]:
    lower = _lowered_like_ignorecase(text)
    return list(_LABEL_RE.finditer(text) if lower is None else _LABEL_RE_LOWER.finditer(lower))


# Misspelt labels: capitals one edit (a letter left out, added, changed or two swapped) away from a
# label: "ОРГН", "ИНН" typed "ИНН" with Latin H, "О<br>ГРН" cut over two lines. Real abbreviations one
# edit away ("ИИН" is Kazakhstan's number, "ОКПО" and "ОГР" mean other things) are not labels.
_EXACT_LABELS = {"ИНН": "inn", "КПП": "kpp", "ОГРН": "ogrn", "ОГРНИП": "ogrn"}
_NOT_LABELS = frozenset(
    {"ИИН", "БИН", "ИП", "ООО", "ОАО", "ЗАО", "ПАО", "НАО", "АО", "ОКПО", "ОКВЭД", "ОКАТО", "ОКТМО", "ОКОГУ"}
    | {"ОКФС", "ОКОПФ", "БИК", "ИФНС", "ФНС", "ПФР", "ФСС", "КП", "ОГР", "КПД", "КПК", "ОРН", "НН", "ИН"}
    # Kazakhstan's old taxpayer number (РНН, 12 digits) is one letter from ИНН.
    | {"РНН"}
)
_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_LATIN_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
# A capital not after a letter, then two to five more: opening with the character set (not the look-behind)
# lets the scan skip the lower-case text between capitals at C speed.
_CAPITAL_WORD = re.compile(r"[А-ЯЁA-Z](?<![А-Яа-яЁёA-Za-z][А-ЯЁA-Z])[А-ЯЁA-Z]{2,5}(?![А-Яа-яЁёA-Za-z])")


def _one_edit(word: str) -> set[str]:
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    variants = {left + right[1:] for left, right in splits if right}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    variants |= {left + letter + right[1:] for left, right in splits if right for letter in _CAPITALS}
    variants |= {left + letter + right for left, right in splits for letter in _CAPITALS}
    return variants


@lru_cache(maxsize=1)
def _fuzzy_labels() -> dict[str, str]:
    fuzzy: dict[str, str] = {}
    for word, kind in _EXACT_LABELS.items():
        for variant in _one_edit(word):
            if len(variant) >= 3 and variant not in _NOT_LABELS and variant not in _EXACT_LABELS:
                fuzzy.setdefault(variant, kind)
    return fuzzy


# The value of a label stands within a short window after it (a colon, "№", a table cell break).
_WINDOW = 48
# How far a malformed value may be from the right length and still be read as the label's value
# (a digit dropped or doubled, a wrong label): beyond it the number is something else.
_NEAR_LENGTHS = {"inn": range(8, 14), "ogrn": range(11, 18), "kpp": range(7, 12)}
# Seven characters at least: a value a digit or two short of its length is still the label's value.
_NUMBER_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9][0-9A-Z]{6,24}(?![0-9A-Za-z])")
# Patterns that open with a character set (not a look-behind) are scanned fast: the look-behinds below
# come after the first character and say the same.
_LONG_DIGIT_RUN = re.compile(r"\d\d{12,}")
# Every _NUMBER_TOKEN contains this; a pattern that starts with a character set is scanned fast.
_TOKEN_HINT = re.compile(r"[0-9][0-9A-Z]{6}")
# The space between two phones printed one after the other ("8 (495) 989-85-99 8 (495) 989-85-33",
# one per line in the page's source, which the browser joins): the phone matcher reads such a run as
# one over-long candidate and loses the first number. A line break there (same length, so offsets
# hold) separates them; the lookahead asks for a whole trunk-prefixed number, which never starts
# inside another 11-digit phone.
_NEXT_PHONE = re.compile(
    r"[ \t\u00a0](?<=\d[ \t\u00a0])"
    r"(?=(?:\+7|8)[ \-\u00a0]?\(?\d{3,5}\)?[ \-\u00a0]?\d{1,3}[ \-]?\d{2}[ \-]?\d{2}(?!\d))"
)

FREE_MAIL_DOMAINS = frozenset(
    {
        "mail.ru",
        "bk.ru",
        "list.ru",
        "inbox.ru",
        "internet.ru",
        "yandex.ru",
        "ya.ru",
        "yandex.com",
        "yandex.by",
        "yandex.kz",
        "narod.ru",
        "rambler.ru",
        "lenta.ru",
        "autorambler.ru",
        "ro.ru",
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "qip.ru",
        "pochta.ru",
        "e1.ru",
        "ngs.ru",
    }
)
_EMAIL = re.compile(
    r"[A-Za-z0-9](?<![\w.+-][A-Za-z0-9])[A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9А-Яа-яЁё-]{1,63}\.){1,8}[A-Za-zА-Яа-яЁё]{2,24}(?![\w-])"
)
_NOT_EMAIL_TLDS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ico", "bmp", "tiff"})

PRIVACY_TEXT = re.compile(
    r"политик\w*\s+(?:в\s+отношении\s+)?(?:конфиденциальност|обработк\w*\s+(?:и\s+защит\w*\s+)?персональн)"
    r"|конфиденциальност|обработк\w*\s+персональн\w*\s+данн|персональн\w*\s+данн\w*\s*\(?политик"
    r"|положени\w*\s+о\s+(?:защите\s+|обработке\s+)?персональн|privacy|personal\s+data\s+policy",
    re.IGNORECASE,
)
# Bare "policy", "personal" or "politika" are not enough: "/cookie-policy/", "/return-policy/" and
# Bitrix's "/personal/" (the customer's account) are common and are not privacy policies.
PRIVACY_URL = re.compile(
    r"privacy|konfiden|confiden|personal[-_]?data|persdan|pers[-_]dan|obrabotk|\bpdn\b|152[-_]?fz"
    r"|politik[ai]?[-_]?(?:pd|ob|per|konf|conf|priv|zashch)|data[-_]protection|soglasie[-_]na[-_]obrab",
    re.IGNORECASE,
)

# The personal data law, by number or by name: a policy cites it.
PRIVACY_LAW = re.compile(r"152\s*-?\s*ФЗ|152-FZ|[«\"]?\s*О\s+персональных\s+данных", re.IGNORECASE)
_HEADING = re.compile(r"<h[12][^>]{0,200}>(.{1,400}?)</h[12]>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]{0,400}>")
_POLICY_WORDS = re.compile(r"политик|положени|соглас|policy|privacy", re.IGNORECASE)
# A policy or consent document talks about personal data all the time: at least this many mentions,
# this many per thousand characters, and the law cited. A page with a consent line has one or two.
POLICY_MENTIONS, POLICY_DENSITY = 8, 3.0

PHONE_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
}
_MAX_PHONE_TEXT = 300_000
# A real page lists a handful of phones and addresses; a page with thousands is a trap or a directory.
MAX_PER_PAGE = 100
_CONTINUATION = re.compile(r"[ \t]*[,;][ \t]*(?:и[ \t]+)?(\d{2,3}(?:[ \-]\d{2,3}){1,2})(?![\d-])")


@dataclass(frozen=True)
class RequisiteNumber:
    kind: str  # inn, kpp, ogrn (13 or 15 digits)
    value: str
    start: int
    end: int
    # False when the length or the check digit is wrong: the page states the number, with an error.
    format_ok: bool = True
    # Where the label starts and how the page spells it ("ОРГН", "ИНН банка"...).
    label_start: int = -1
    label: str = ""


@dataclass(frozen=True)
class PhoneNumber:
    e164: str
    type: str  # landline, mobile, toll_free, other; foreign for a number outside Russia
    display: str
    start: int | None
    # A template's number (+7 999 999-99-99, +7 495 123-45-67): shown, but nobody answers it.
    placeholder: bool = False


@lru_cache(maxsize=64)
def requisite_numbers(text: str) -> tuple[tuple[RequisiteNumber, ...], tuple[tuple[int, int], ...]]:
    """Labelled company numbers and the spans of every labelled value (to keep them out of phones).

    Cached: the contacts and requisites checks and the phone search all ask about the same page texts.
    """
    found: list[RequisiteNumber] = []
    masked: list[tuple[int, int]] = []
    if not _TOKEN_HINT.search(text):
        # No number a label could name: the label scan (the slow part) would find nothing to keep.
        return (), ()
    labels = _labels_in(text)
    for index, (kind, label_start, label_end) in enumerate(labels):
        window_end = label_end + _WINDOW
        if index + 1 < len(labels):
            # A following label of a different kind ends this value ("ИНН 7707083893 КПП 773601001").
            window_end = min(window_end, labels[index + 1][1])
        window = text[label_end:window_end]
        tokens = [(m.group(0), label_end + m.start(), label_end + m.end()) for m in _NUMBER_TOKEN.finditer(window)]
        if not tokens:
            continue
        if kind == "bank":
            masked.extend((start, end) for _, start, end in tokens)
            continue
        # The first number after the label is its value even when malformed; a phone may follow it
        # ("ОГРН 1027700132195 тел. 84951234567") and must stay visible to the phone search.
        masked.append(tokens[0][1:])
        label = text[label_start:label_end]
        wanted = {"inn": ["inn"], "kpp": ["kpp"], "ogrn": ["ogrn"], "inn_kpp": ["inn", "kpp"]}[kind]
        for want in wanted:
            chosen = next((token for token in tokens if _fits(want, token[0])), None)
            if chosen is None and tokens and tokens[0][0].isdigit() and len(tokens[0][0]) in _NEAR_LENGTHS[want]:
                # Tolerant reading: a value of the wrong length is still the page's value for the label;
                # it is kept and judged malformed rather than reported as missing.
                chosen = tokens[0]
            if chosen is None:
                continue
            value, start, end = chosen
            found.append(RequisiteNumber(want, value, start, end, number_format_ok(want, value), label_start, label))
            masked.append((start, end))
            tokens = [token for token in tokens if token[1] != start]
    taken = {(number.kind, number.start) for number in found}
    for number in _header_table_numbers(text, labels):
        if (number.kind, number.start) not in taken:
            found.append(number)
            masked.append((number.start, number.end))
    found.sort(key=lambda number: number.start)
    return tuple(found), tuple(sorted(set(masked)))


# A table whose columns are headed «ОГРН», «ИНН», «КПП» (a group of companies, a list of partners): the
# labels stand together once, the values follow row after row. The header's labels are at most this far
# apart with no number between; a row's values at most _TABLE_GAP characters after the previous value.
_HEADER_GAP = 40
_TABLE_GAP = 400
_TABLE_KINDS = ("inn", "ogrn", "kpp")


def _header_table_numbers(text: str, labels: list[tuple[str, int, int]]) -> list[RequisiteNumber]:
    """Values of a column-header table: each number after the header run goes to the column whose kind it
    fits, columns taken in the header's order; the table ends at a number that fits no column, another
    label, or a long stretch without numbers. Read only when it yields two full rows at least (one row is
    the ordinary «ИНН КПП 7707083893 773601001», which the label reading has)."""
    found: list[RequisiteNumber] = []
    index = 0
    while index < len(labels):
        run = [labels[index]]
        while (
            index + len(run) < len(labels)
            and labels[index + len(run)][0] in _TABLE_KINDS
            and labels[index + len(run)][1] - run[-1][2] <= _HEADER_GAP
            and not any(ch.isdigit() for ch in text[run[-1][2] : labels[index + len(run)][1]])
        ):
            run.append(labels[index + len(run)])
        kinds = [kind for kind, _start, _end in run]
        if len(run) < 2 or run[0][0] not in _TABLE_KINDS or len(set(kinds)) != len(kinds):
            index += 1
            continue
        end_of_table = labels[index + len(run)][1] if index + len(run) < len(labels) else len(text)
        rows: list[RequisiteNumber] = []
        column, position = 0, run[-1][2]
        for match in _NUMBER_TOKEN.finditer(text, run[-1][2], end_of_table):
            value = match.group(0)
            if not value.isdigit() or len(value) < 9:
                continue  # a row number, a year: not a column's value
            if match.start() - position > _TABLE_GAP:
                break
            fitting = [offset for offset in range(len(kinds)) if _fits(kinds[(column + offset) % len(kinds)], value)]
            if not fitting:
                break
            column = (column + fitting[0]) % len(kinds)
            kind, label_start, label_end = run[column]
            # The value stands for its own label: its row's name, not the header, is what precedes it.
            rows.append(
                RequisiteNumber(
                    kind,
                    value,
                    match.start(),
                    match.end(),
                    number_format_ok(kind, value),
                    match.start(),
                    text[label_start:label_end],
                )
            )
            column, position = (column + 1) % len(kinds), match.end()
        if len(rows) >= 2 * len(kinds):
            found.extend(rows)
        index += len(run)
    return found[:_MAX_TABLE_VALUES]


_MAX_TABLE_VALUES = 200


def _labels_in(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every label, exact or misspelt by one edit, in page order."""
    labels = [(match.lastgroup or "", match.start(), match.end()) for match in _label_matches(text)]
    taken = [(start, end) for _, start, end in labels]
    fuzzy = _fuzzy_labels()
    for match in _CAPITAL_WORD.finditer(text):
        word = match.group(0).translate(_LATIN_LOOKALIKES)
        kind = _EXACT_LABELS.get(word) or fuzzy.get(word)
        if kind is None or any(start < match.end() and match.start() < end for start, end in taken):
            continue
        labels.append((kind, match.start(), match.end()))
    return sorted(labels, key=lambda label: label[1])


def number_format_ok(kind: str, value: str) -> bool:
    """The number has its kind's length and a correct check digit (ОГРН of 13 or ОГРНИП of 15)."""
    if kind == "inn":
        return inn_number.is_valid(value)
    if kind == "kpp":
        return kpp_number.is_valid(value)
    digits = re.sub(r"\D", "", value)
    return (ogrnip_number if len(digits) == 15 else ogrn_number).is_valid(digits)


def _fits(kind: str, value: str) -> bool:
    if kind == "inn":
        return value.isdigit() and len(value) in (10, 12)
    if kind == "ogrn":
        return value.isdigit() and len(value) in (13, 15)
    return len(value) == 9 and value[:4].isdigit() and value[6:].isdigit()


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    done = 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end > start:
            parts += [text[done:start], " " * (end - start)]
            done = end
    masked = "".join([*parts, text[done:]])
    masked = _LONG_DIGIT_RUN.sub(lambda match: " " * len(match.group(0)), masked)
    return _NEXT_PHONE.sub("\n", masked)


def phone_type(number: phonenumbers.PhoneNumber) -> str:
    if phonenumbers.region_code_for_number(number) not in ("RU", None):
        return "foreign"  # Belarus, Kazakhstan (+7 7xx), Ukraine…: not a Russian line
    return PHONE_TYPES.get(phonenumbers.number_type(number), "other")


# Subscriber numbers templates ship with; a real line is never numbered like this.
_PLACEHOLDER_SUBSCRIBERS = frozenset({"1234567", "7654321", "0000000", "1112233", "1234560"})


def placeholder_phone(e164: str) -> bool:
    """A template's number: every digit the same (+7 999 999-99-99) or a counting subscriber (123-45-67)."""
    national = e164[2:] if e164.startswith("+7") else e164.lstrip("+")[-10:]
    return len(set(national)) == 1 or national[-7:] in _PLACEHOLDER_SUBSCRIBERS


def _phone(raw: str, start: int | None) -> PhoneNumber | None:
    digits = re.sub(r"\D", "", raw)
    # A bare run of digits without "+", a trunk 8/7 or separators is far more often an id than a phone.
    if raw.strip().isdigit() and not (len(digits) == 11 and digits[0] in "78"):
        return None
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNumber(
        e164=e164,
        type=phone_type(number),
        display=" ".join(raw.split()),
        start=start,
        placeholder=placeholder_phone(e164),
    )


def phones_in(
    text: str,
    links: list[Link] | None = None,
    masked_spans: tuple[tuple[int, int], ...] | None = None,
    limit: int = MAX_PER_PAGE,
) -> list[PhoneNumber]:
    """Phones in visible text (bank and id numbers masked) and in tel: links, first occurrence each."""
    if masked_spans is None:
        _, masked_spans = requisite_numbers(text)
    text = _mask(text[:_MAX_PHONE_TEXT], [span for span in masked_spans if span[1] <= _MAX_PHONE_TEXT])
    found: dict[str, PhoneNumber] = {}
    for chunk_start, chunk_end in _digit_chunks(text):
        chunk = text[chunk_start:chunk_end]
        for match in phonenumbers.PhoneNumberMatcher(chunk, "RU", leniency=phonenumbers.Leniency.VALID, max_tries=2000):
            if len(found) >= limit:
                break
            phone = _phone(match.raw_string, chunk_start + match.start)
            if phone is not None:
                found.setdefault(phone.e164, phone)
                for extra in _continuations(text, chunk_start + match.end, match.number):
                    found.setdefault(extra.e164, extra)
    for link in (links or [])[:5000]:
        scheme = link.url[:7].lower()
        if scheme.startswith(("tel:", "callto:")):  # callto: is Skype's, still the company's number
            phone = _phone(unquote(link.url.split(":", 1)[1])[:40], None)
            if phone is not None:
                found.setdefault(phone.e164, phone)
    return list(found.values())


# Seven digits or more with separators between them: the least any valid number has. The phone
# matcher tries every digit it meets (nav items, dates, prices) at tens of microseconds each, so it
# reads only these runs, with room around them for a "+", brackets and an extension ("доб. 123").
_DIGIT_RUN = re.compile(r"\d(?:[ \t\u00a0\-().\u2010-\u2015/]{0,4}\d){6,}")
_CHUNK_BEFORE, _CHUNK_AFTER = 4, 16


def _digit_chunks(text: str) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        start, end = max(run.start() - _CHUNK_BEFORE, 0), min(run.end() + _CHUNK_AFTER, len(text))
        if chunks and start <= chunks[-1][1]:
            chunks[-1] = (chunks[-1][0], max(end, chunks[-1][1]))
        else:
            chunks.append((start, end))
    return chunks


def _continuations(text: str, position: int, first: phonenumbers.PhoneNumber) -> list[PhoneNumber]:
    """Numbers listed after a full one without their area code: "8 (8422) 26-53-01, 26-53-02, 275-112"."""
    national = str(first.national_number)
    found = []
    while len(found) < 5:
        match = _CONTINUATION.match(text, position)
        if match is None:
            break
        local = re.sub(r"\D", "", match.group(1))
        area = national[: len(national) - len(local)]
        if not 5 <= len(local) <= 7 or len(area) < 3:
            break
        phone = _phone(f"+{first.country_code}{area}{local}", match.start(1))
        if phone is None:
            break
        found.append(
            PhoneNumber(phone.e164, phone.type, " ".join(match.group(1).split()), match.start(1), phone.placeholder)
        )
        position = match.end()
    return found


@lru_cache(maxsize=4096)
def normalise_email(candidate: str) -> str | None:
    if len(candidate) > 254 or candidate.rsplit(".", 1)[-1].lower() in _NOT_EMAIL_TLDS:
        return None
    from email_validator import EmailNotValidError, validate_email  # compiles its patterns on import

    try:
        # The domain is lower-cased by the validator; the local part is kept as printed (it may be case-sensitive).
        return validate_email(candidate, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


# Addresses that stand in templates and examples, not anyone's mailbox.
PLACEHOLDER_EMAIL_DOMAINS = frozenset(
    {"example.com", "example.ru", "example.org", "example.net", "test.ru", "test.com", "domain.ru", "domain.com"}
    | {"site.ru", "mysite.ru", "yoursite.ru", "yourdomain.ru", "yourdomain.com", "email.com", "mail.example"}
)
PLACEHOLDER_EMAIL_USERS = frozenset(
    {"test", "example", "your", "youremail", "yourname", "name", "user", "username", "email", "ivanov", "primer"}
)
# Obfuscations a reader undoes at a glance: "info [at] firm [dot] ru", "info(собака)firm.ru".
_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|\[собака\]|\(собака\)|\[@\]|\s+at\s+|\s+собака\s+)\s*", re.I)
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|\[точка\]|\(точка\)|\s+dot\s+|\s+точка\s+)\s*", re.I)
_OBFUSCATED_HINT = re.compile(r"\[at\]|\(at\)|\{at\}|собака|\[@\]", re.I)
_OBFUSCATED_HINT_LOWER = re.compile(r"\[at\]|\(at\)|\{at\}|собака|\[@\]")  # on _lowered_like_ignorecase
# Literal strings a script glues together: 'info' + '@' + 'firm.ru'.
_JOINED_LITERALS = re.compile(r"(?:(['\"])[^'\"\n]{0,64}\1\s*\+\s*){1,8}(['\"])[^'\"\n]{0,64}\2")
_LITERAL = re.compile(r"(['\"])([^'\"\n]{0,64})\1")
_CF_EMAIL = re.compile(r"data-cfemail=[\"']([0-9a-fA-F]{4,200})[\"']")
_SCRIPT = re.compile(r"<script\b[^>]{0,500}>(.{0,20000}?)</script>", re.IGNORECASE | re.DOTALL)


def placeholder_email(address: str) -> bool:
    user, _, domain = address.lower().rpartition("@")
    return domain in PLACEHOLDER_EMAIL_DOMAINS or (user in PLACEHOLDER_EMAIL_USERS and domain in FREE_MAIL_DOMAINS)


def hidden_email_candidates(html: str) -> list[str]:
    """Addresses a browser shows but the HTML hides: glued by a script or Cloudflare-encoded."""
    found: list[str] = []
    if "@" in html or "cfemail" in html:
        for script in itertools.islice(_SCRIPT.finditer(html[:2_000_000]), 200):
            body = script.group(1)
            if "+" not in body:
                continue
            for joined in itertools.islice(_JOINED_LITERALS.finditer(body), 50):
                glued = "".join(part.group(2) for part in _LITERAL.finditer(joined.group(0)))
                if "@" in glued:
                    found.extend(match.group(0) for match in _EMAIL.finditer(glued))
        for encoded in itertools.islice(_CF_EMAIL.finditer(html[:2_000_000]), 50):
            data = bytes.fromhex(encoded.group(1))
            decoded = bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8", "replace")
            found.extend(match.group(0) for match in _EMAIL.finditer(decoded))
    return found


def emails_in(
    text: str, links: list[Link] | None = None, limit: int = MAX_PER_PAGE, html: str | None = None
) -> list[tuple[str, int | None]]:
    """Valid e-mail addresses as first printed (domain in lower case) with the offset of their first mention.

    With the page's ``html``, addresses assembled by a script or encoded by Cloudflare count too;
    "info [at] firm [dot] ru" is read as the address it spells.
    """
    found: dict[str, tuple[str, int | None]] = {}
    text = text[:_MAX_PHONE_TEXT]
    lower = _lowered_like_ignorecase(text)
    if (_OBFUSCATED_HINT if lower is None else _OBFUSCATED_HINT_LOWER).search(text if lower is None else lower):
        text = _DOT.sub(".", _AT.sub("@", text))
    for match in _EMAIL.finditer(text):
        if len(found) >= limit:
            break
        address = normalise_email(match.group(0))
        if address:
            found.setdefault(address.lower(), (address, match.start()))
    for candidate in hidden_email_candidates(html) if html else []:
        address = normalise_email(candidate)
        if address and len(found) < limit:
            found.setdefault(address.lower(), (address, None))
    for link in (links or [])[:5000]:
        if link.url.lower().startswith("mailto:"):
            address = normalise_email(unquote(link.url[7:]).split("?", 1)[0].strip()[:254])
            if address:
                found.setdefault(address.lower(), (address, None))
    return list(found.values())


def is_privacy_link(link: Link) -> bool:
    if PRIVACY_TEXT.search(link.text):
        return True
    path = url_path(link.url) if link.url.startswith(("http:", "https:", "/")) else ""
    return bool(path and PRIVACY_URL.search(path))


def is_privacy_page(page: Page) -> bool:
    """The page itself is a privacy / personal-data policy or consent document (HTML or PDF).

    An HTML page is judged by its title or its first headings, not its first lines: those are the
    menu, which on most sites links to the policy. A PDF or text document has no menu, so its opening
    words are its title. A page whose title is not rendered (a Bitrix or Blade source) is known by its
    text: personal data on every line and the law cited.
    """
    head = page.title or ("" if page.html else page.text[:400])
    if PRIVACY_TEXT.search(head) and _POLICY_WORDS.search(head):
        return True
    path = url_path(page.url)
    if PRIVACY_URL.search(path) and PRIVACY_TEXT.search(page.text[:5000]):
        return True
    if page.html and "<h" in page.html:
        for heading in itertools.islice(_HEADING.finditer(page.html[:200_000]), 3):
            words = " ".join(_TAGS.sub(" ", heading.group(1)).split())
            if PRIVACY_TEXT.search(words) and _POLICY_WORDS.search(words):
                return True
    return policy_text(page.text)


def policy_text(text: str) -> bool:
    """Text that is a personal-data policy or consent, not a page that only mentions one."""
    mentions = text.lower().count("персональн")
    return (
        mentions >= POLICY_MENTIONS
        and mentions * 1000 / max(len(text), 1) >= POLICY_DENSITY
        and PRIVACY_LAW.search(text) is not None
    )


def extract_page_facts(url: str, body: bytes, content_type: str | None) -> dict:
    """Facts of one page for the gold-set quality gate.

    ``privacy_policy`` is true when the page is a privacy / personal-data policy or links to one.
    ``ogrn`` holds ОГРН and ОГРНИП alike, as printed after their label.
    """
    page = page_from_bytes(url, body, content_type)
    numbers, masked = requisite_numbers(page.text)

    def unique(kind: str) -> list[str]:
        # The first gold set labels numbers of the right shape only; malformed values are the
        # second gold set's business (scored through the audit contract).
        values = (number.value for number in numbers if number.kind == kind and _fits(kind, number.value))
        return list(dict.fromkeys(values))

    return {
        "inn": unique("inn"),
        "ogrn": unique("ogrn"),
        "kpp": unique("kpp"),
        "phones": [
            {"e164": phone.e164, "type": phone.type}
            for phone in phones_in(page.text, page.links, masked)
            if not phone.placeholder
        ],
        "emails": [
            address for address, _ in emails_in(page.text, page.links, html=page.html) if not placeholder_email(address)
        ],
        "privacy_policy": is_privacy_page(page) or any(is_privacy_link(link) for link in page.links),
    }
