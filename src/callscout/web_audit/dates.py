"""Dates of publication found on pages: candidate strings by pattern, parsed with dateparser.

dateparser's ``search_dates`` is slow and finds dates in ordinary words; we cut out the few strings
that look like dates and ``parse`` only those, with the day-first order Russian sites use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
# DATE_CANDIDATE tried at every position of a 40 KB page was the slowest part of an audit. A candidate can only
# start at the first digit of a digit run or at a whole month word followed by spaces and a digit: those few
# places are found with cheap scans and the full pattern is tried only there, matching exactly what
# ``DATE_CANDIDATE.finditer`` finds.
_DIGIT_RUN = re.compile(r"\d+")
_SPACE_THEN_DIGIT = re.compile(r"\s\d")
_MONTH_WORD = re.compile(rf"(?:{_MONTHS})", re.IGNORECASE)
_LONGEST_MONTH = 12


def _is_word(char: str) -> bool:  # what \w means in a str pattern
    return char.isalnum() or char == "_"


def date_candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``DATE_CANDIDATE.finditer(text)``, found without trying the pattern everywhere."""
    starts = [match.start() for match in _DIGIT_RUN.finditer(text)]
    for space in _SPACE_THEN_DIGIT.finditer(text):
        end = space.start()
        while end > 0 and text[end - 1].isspace():  # str.isspace is what \s means in a str pattern
            end -= 1
        begin = end
        while begin > 0 and end - begin <= _LONGEST_MONTH and _is_word(text[begin - 1]):
            begin -= 1
        if begin == end or end - begin > _LONGEST_MONTH or (begin > 0 and _is_word(text[begin - 1])):
            continue
        if _MONTH_WORD.fullmatch(text, begin, end):
            starts.append(begin)
    starts.sort()
    position = 0
    for start in starts:
        if start < position:
            continue
        match = DATE_CANDIDATE.match(text, start)
        if match:
            position = match.end()
            yield match


def has_date_candidate(text: str, at_least: int = 1) -> bool:
    """Whether ``text`` holds ``at_least`` date candidates (stops at that many)."""
    return any(count >= at_least for count, _ in enumerate(date_candidates(text), start=1))


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
    for match in date_candidates(text):
        if len(found) >= MAX_CANDIDATES_PER_TEXT:
            break
        parsed = _parse(" ".join(match.group(0).split()), today)
        if parsed and EARLIEST <= parsed <= today + timedelta(days=1):
            found.append((parsed, match.start(), match.group(0)))
    return found


def today_of(now: datetime | None) -> date:
    return (now or datetime.now()).date()
