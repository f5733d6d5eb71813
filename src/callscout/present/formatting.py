"""Values as the reader writes them, from CLDR data through Babel: one place for every number, share, sum of
money, duration, count, date and p-value that a person reads (report, workbook, cabinet, CLI).

The core hands over machine values (``0.853``, ``205.0`` seconds, an aware ``datetime``); only this module
decides that a Russian reader sees «85,3%», «205 с» and «27.11.2026 15:03», an English one «85.3%», «205 sec»
and «27 Nov 2026 15:03». Every function takes the language explicitly or reads the current one
(``i18n.current_language``), and the time zone of the evaluation where a moment is shown.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel import units as babel_units

from callscout.i18n import Language, current_language

DEFAULT_TIMEZONE = "Europe/Moscow"
# The demo and the report pages are read in Russia first; an evaluation names its own zone (needs.timezone).
_DATE_PATTERNS = {"ru": "dd.MM.yyyy", "en": "d MMM yyyy"}
_TIME_PATTERN = "HH:mm"


def _lang(language: str | None) -> Language:
    chosen = language or current_language()
    return "en" if chosen == "en" else "ru"


def locale(language: str | None = None) -> Locale:
    return _locale(_lang(language))


@cache
def _locale(language: Language) -> Locale:
    return Locale.parse(language)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _pattern(decimals: int, trim: bool) -> str:
    if decimals <= 0:
        return "#,##0"
    return "#,##0." + ("#" if trim else "0") * decimals


def number(value: float, decimals: int = 1, *, trim: bool = False, language: str | None = None) -> str:
    """«1 234,5» in Russian, «1,234.5» in English; ``trim`` drops trailing zeros («2,5», «3»)."""
    if not math.isfinite(value):
        return "—"
    rounded = round(value, max(decimals, 0))
    if rounded == 0:
        rounded = 0.0  # «-0,0» reads as a negative value that is not there
    return babel_numbers.format_decimal(
        rounded, format=_pattern(decimals, trim), locale=locale(language), decimal_quantization=True
    )


def integer(value: float, *, language: str | None = None) -> str:
    return number(value, 0, language=language)


def auto(value: Any, *, language: str | None = None) -> str:
    """A number of unknown kind: whole numbers without decimals, others to two significant places after
    the separator at most («205», «55,4», «0,35»). Anything that is not a number is shown as text."""
    if value is None:
        return "—"
    if not _is_number(value):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return number(value, 0, language=language)
    return number(value, 2 if abs(value) < 100 else 1, trim=True, language=language)


def percent(share: float, decimals: int = 1, *, trim: bool = False, language: str | None = None) -> str:
    """A share (0.253) as a percent, «25,3%» / «25.3%»: one form, without a space before the sign, everywhere."""
    if not math.isfinite(share):
        return "—"
    return number(share * 100, decimals, trim=trim, language=language) + "%"


def points(value: float, decimals: int = 1, *, language: str | None = None) -> str:
    """A difference of percents in percentage points, with its sign: «+18,2 п.п.», «-58.9 pp»."""
    shown = signed(value, decimals, language=language)
    return shown + ("\u00a0pp" if _lang(language) == "en" else "\u00a0п.п.")


def signed(value: float, decimals: int = 1, *, language: str | None = None) -> str:
    """A difference with its sign: «+2,5», «-1,0», «0,0»."""
    shown = number(value, decimals, language=language)
    return "+" + shown if value > 0 and round(value, decimals) != 0 else shown


def money(value: float, *, decimals: int = 0, language: str | None = None) -> str:
    """Roubles: «1 234 568 ₽» / «RUB 1,234,568» are both what CLDR says; we keep the sign after the number
    in both languages so that columns of sums line up."""
    if not math.isfinite(value):
        return "—"
    return number(value, decimals, language=language) + "\u00a0₽"


_DURATION_UNITS = (("duration-hour", 3600.0), ("duration-minute", 60.0), ("duration-second", 1.0))
# Seconds up to ten minutes (an AHT of 205 s reads better than 3,4 min), minutes up to two hours.
_DURATION_FROM = {"duration-hour": 7200.0, "duration-minute": 600.0, "duration-second": 0.0}


def duration(
    seconds: float, *, unit: str | None = None, decimals: int | None = None, language: str | None = None
) -> str:
    """A duration in the unit that reads best (or the one asked: "s", "min", "h"): «205 с», «3,5 мин», «2 ч»;
    CLDR gives the unit's word and its plural form («205 sec», «1 hr»)."""
    if not math.isfinite(seconds):
        return "—"
    names = {"s": "duration-second", "min": "duration-minute", "h": "duration-hour"}
    if unit is not None:
        name = names[unit]
        size = dict(_DURATION_UNITS)[name]
    else:
        name, size = next(
            (candidate, size) for candidate, size in _DURATION_UNITS if abs(seconds) >= _DURATION_FROM[candidate]
        )
    if decimals is None:
        decimals = 0 if size == 1.0 else 1
    amount = round(seconds / size, decimals)
    if amount == 0:
        amount = 0
    return babel_units.format_unit(
        amount, name, length="short", format=_pattern(decimals, True), locale=locale(language)
    ).replace(" ", "\u00a0")


def plural_category(value: float, language: str | None = None) -> str:
    """CLDR's plural category of a number in the reader's language: one / few / many / other."""
    return locale(language).plural_form(value)


def count(value: float, unit: str, *, language: str | None = None) -> str:
    """«1 звонок», «2 звонка», «5 звонков», «5,3 балла» / «1 call», «5 calls»: ``unit`` is a catalogue key under
    ``unit.``; a fraction takes the form CLDR gives it (Russian «other»)."""
    from callscout.present.messages import message

    return message("unit." + unit, language=language, n=value)


def pvalue(value: float, *, language: str | None = None) -> str:
    """A p-value as a reader can use it: «p < 0,001» rather than ``p=1.59e-191``, else «p = 0,032»."""
    if not math.isfinite(value):
        return "—"
    if value < 0.001:
        return "p\u00a0<\u00a0" + number(0.001, 3, language=language)
    return "p\u00a0=\u00a0" + number(value, 3, language=language)


def _zone(zone: str | tzinfo | None) -> tzinfo:
    if isinstance(zone, tzinfo):
        return zone
    return babel_dates.get_timezone(zone or DEFAULT_TIMEZONE)


def parse_moment(value: Any) -> date | None:
    """A day or a moment from a value or its ISO text; None where the text names no day ("2026-W45")."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) < 10 or not (text[:4].isdigit() and text[4] == "-" and text[7] == "-"):
        return None
    try:
        if len(text) > 10 and text[10] in "T ":
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def day(value: Any, *, language: str | None = None) -> str:
    """«27.11.2026» / «27 Nov 2026»; text that names no day is shown as it is."""
    moment = parse_moment(value)
    if moment is None:
        return "" if value is None else str(value)
    if isinstance(moment, datetime):
        moment = moment.date()
    return babel_dates.format_date(moment, _DATE_PATTERNS[_lang(language)], locale=locale(language))


def moment(
    value: Any, *, zone: str | tzinfo | None = None, naive_utc: bool = False, language: str | None = None
) -> str:
    """«27.11.2026 15:03» / «27 Nov 2026 15:03». An aware moment is shown in ``zone`` (the evaluation's
    time zone; without one, in the zone it was recorded in); a naive one as it is, unless ``naive_utc`` says it
    is UTC (the store's own timestamps); a day without a time."""
    parsed = parse_moment(value)
    if parsed is None:
        return "" if value is None else str(value)
    if not isinstance(parsed, datetime):
        return day(parsed, language=language)
    if naive_utc and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.tzinfo is not None and zone is not None:
        parsed = parsed.astimezone(_zone(zone))
    pattern = f"{_DATE_PATTERNS[_lang(language)]} {_TIME_PATTERN}"
    return babel_dates.format_datetime(parsed.replace(tzinfo=None), pattern, locale=locale(language))


def clock(value: time | datetime, *, language: str | None = None) -> str:
    return f"{value:%H:%M}"
