"""Dates of publication found on pages: candidate strings by pattern, parsed with dateparser.

dateparser's ``search_dates`` is slow and finds dates in ordinary words; we cut out the few strings
that look like dates and ``parse`` only those, with the day-first order Russian sites use.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTHS = (
    r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]"
    r"|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
)
DATE_CANDIDATE = re.compile(
    r"(?<!\d)(?:"
    r"\d{1,2}[./]\d{1,2}[./](?:19|20)?\d{2}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?(?:\s+(?:19|20)\d{{2}})?"
    # A month name first only at the start of a word: tried at every letter of a page, the month list made
    # this scan the slowest part of the audit (also "ума 5, 2020" is no date).
    rf"|\b(?:{_MONTHS})\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}"
    r")(?!\d)",
    re.IGNORECASE,
)
MAX_CANDIDATES_PER_TEXT = 300
EARLIEST = date(1995, 1, 1)


@lru_cache(maxsize=8192)
def _parse(candidate: str, base: date) -> date | None:
    import dateparser  # 0.2 s to load (pytz, its locale data): only once a page shows a date

    parsed = dateparser.parse(
        candidate,
        languages=["ru", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed else None


def dates_in(text: str, today: date) -> list[tuple[date, int, str]]:
    """(date, offset, matched text) of plausible publication dates: not before 1995, not in the future."""
    found = []
    for match in DATE_CANDIDATE.finditer(text):
        if len(found) >= MAX_CANDIDATES_PER_TEXT:
            break
        parsed = _parse(" ".join(match.group(0).split()), today)
        if parsed and EARLIEST <= parsed <= today + timedelta(days=1):
            found.append((parsed, match.start(), match.group(0)))
    return found


def today_of(now: datetime | None) -> date:
    return (now or datetime.now()).date()
