"""Russian-first bilingual messages.

Every user-facing string is written as a pair ``tr(ru, en)`` at the place it is used, so that
a message and its translation never drift apart and no catalogue has to be kept in sync.
The language is chosen by ``--lang`` (``set_language``), then ``CALLSCOUT_LANG``, then ``LANG``;
Russian is the default because our users read Russian.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Literal

Language = Literal["ru", "en"]
SUPPORTED: tuple[Language, ...] = ("ru", "en")

_explicit: ContextVar[Language | None] = ContextVar("callscout_language", default=None)


def _from_environment() -> Language:
    for variable in ("CALLSCOUT_LANG", "LANG"):
        value = os.environ.get(variable, "").strip().lower()
        if value.startswith("en"):
            return "en"
        if value.startswith("ru"):
            return "ru"
    return "ru"


def current_language() -> Language:
    return _explicit.get() or _from_environment()


def set_language(language: str | None) -> None:
    if language is None:
        _explicit.set(None)
        return
    normalized = language.strip().lower()[:2]
    if normalized not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}; use ru or en")
    _explicit.set(normalized)  # type: ignore[arg-type]


def tr(ru: str, en: str, /, **values: object) -> str:
    """Return the message in the current language, formatted with ``values``."""
    template = en if current_language() == "en" else ru
    return template.format(**values) if values else template


def pick(ru: str, en: str, language: Language | None = None) -> str:
    """Choose between two ready texts (for data such as criterion names) without formatting."""
    return en if (language or current_language()) == "en" else ru


@contextmanager
def language(value: str | None) -> Iterator[None]:
    """Use ``value`` for the messages inside the block, then go back (a report renders in its own language)."""
    token = _explicit.set(value if value in SUPPORTED else None)  # type: ignore[arg-type]
    try:
        yield
    finally:
        _explicit.reset(token)


# A narrow no-break space groups thousands in Russian ("1 234,5"), as the charts' d3 "ru-RU" locale does.
_THOUSANDS = {"ru": "\u202f", "en": ","}
_DECIMAL = {"ru": ",", "en": "."}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_number(value: float, decimals: int = 1, *, trim: bool = False, language: Language | None = None) -> str:
    """A number as the reader writes it: "1 234,5" in Russian, "1,234.5" in English.
    ``trim`` drops zeros after the decimal separator ("2,5" rather than "2,50", "3" rather than "3,00")."""
    lang = language or current_language()
    text = f"{value:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # "-0,0" reads as a negative value that is not there
    integer, _, fraction = text.partition(".")
    integer = integer.replace(",", _THOUSANDS[lang])
    return integer + (_DECIMAL[lang] + fraction if fraction else "")


class LocalNumber:
    """A number that keeps any format spec (``f"{n:,.0f}"``) but writes it the reader's way: "62,026"
    would read as sixty-two point zero two six to a Russian reader."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        lang = current_language()
        if lang == "en":
            return text
        return text.replace(",", "\x00").replace(".", _DECIMAL[lang]).replace("\x00", _THOUSANDS[lang])


def format_percent(share: float, decimals: int = 1, *, language: Language | None = None) -> str:
    """A share (0.253) as a percent: "25,3%" in Russian, "25.3%" in English (no space before the sign
    in either, so that one form is used everywhere in the report)."""
    return format_number(share * 100, decimals, language=language) + "%"


def format_datetime(value: object, *, language: Language | None = None) -> str:
    """A moment or a day as the reader writes it: "27.11.2026 12:03" in Russian, "27 Nov 2026 12:03" in
    English, in the time zone it was recorded in. ISO text is parsed; anything else is shown as it is."""
    moment: date | None
    if isinstance(value, datetime | date):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if not _ISO_DAY.match(text):
            return value  # "2026-W45" or "2026-11" name a week or a month, not a day
        try:
            moment = datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            return value
    else:
        return "" if value is None else str(value)
    lang = language or current_language()
    if lang == "en":
        day = f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}"
    else:
        day = f"{moment.day:02d}.{moment.month:02d}.{moment.year}"
    return f"{day} {moment:%H:%M}" if isinstance(moment, datetime) else day


def number_locale(language: Language | None = None) -> str:
    """The locale tag for formatters outside Python (the charts' d3 formats) that must agree with
    ``format_number``: "1 200 000" and "0,5" in Russian."""
    return "en-US" if (language or current_language()) == "en" else "ru-RU"
