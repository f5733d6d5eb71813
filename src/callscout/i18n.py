"""The reader's language, and the way the code names a text.

A text is named by its catalogue key, ``msg("<package>.<module>.<name>", **values)``: the Russian and English
texts live in the catalogue (``callscout.present.messages`` and ``present/texts/``), where a test checks that every
key has both. ``msg`` returns a ``str`` in the current language that remembers its key and values (``Msg``), so that
whoever keeps it (a finding, an error) can show it again in another reader's language. ``tr(ru, en)`` and
``pick(ru, en)`` remain for the few places that read a data table of pairs; ``tests/test_catalogue_keys.py`` pins
how many, so that no new inline pair is written.
The language is chosen by ``--lang`` (``set_language``), then ``CALLSCOUT_LANG``, then ``LANG``;
Russian is the default because our users read Russian.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
    if not values:
        return pick(ru, en)  # a text read from a data table of pairs: kept with both, as ``pick`` keeps it
    # Numbers in the reader's convention: "{share:.1f}" gives "55,4" to a Russian reader, not "55.4".
    local = {
        key: LocalNumber(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for key, value in values.items()
    }
    return template.format(**local)


class Msg(str):
    """A catalogue text rendered in the current language that remembers its key and values, so that whoever
    keeps it (a finding, the store) can render it again in another reader's language. It is a ``str`` everywhere
    else: printed, joined, compared, written to JSON."""

    key: str
    params: dict[str, object]
    depth: int  # how many catalogue texts are nested in this one (joins in a loop stop keeping keys past a bound)

    def __new__(cls, text: str, key: str, params: dict[str, object]) -> Msg:
        made = super().__new__(cls, text)
        made.key = key
        made.params = params
        made.depth = 1 + max((value.depth for value in params.values() if isinstance(value, Msg)), default=0)
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Msg, (str(self), self.key, self.params))

    def render(self, language: str | None = None) -> str:
        """The same text in ``language`` (the reader's, at the edge), its catalogue values re-rendered too."""
        from callscout.present.messages import message

        values = {
            name: value.render(language) if isinstance(value, Msg) else value for name, value in self.params.items()
        }
        return message(self.key, language=language, **values)

    # A text joined to a catalogue text stays one («…» + « (в реестре с …)»): both parts keep their keys.
    def __add__(self, other: object) -> str:
        if not isinstance(other, str):
            return NotImplemented
        if self.depth >= MAX_JOINED:  # a text grown in a loop: plain text, not a chain holding every step
            return str(self) + str(other)
        return msg(JOIN_KEY, a=self, b=other)

    def __radd__(self, other: object) -> str:
        if not isinstance(other, str):
            return NotImplemented
        if self.depth >= MAX_JOINED:
            return str(other) + str(self)
        return msg(JOIN_KEY, a=other, b=self)


JOIN_KEY = "text.join"
MAX_JOINED = 32


def join(separator: str, parts: list[str]) -> str:
    """``separator.join(parts)`` that keeps the catalogue texts among ``parts`` (``Msg``) as such, so that a list
    of labels in a finding («городской: 2, мобильный: 1») is shown in the reader's words too."""
    if len(parts) > MAX_JOINED or not any(isinstance(part, Msg) for part in parts):
        return separator.join(parts)
    joined: str = parts[0]
    for part in parts[1:]:
        joined = joined + separator + part
    return joined


def msg(key: str, /, *, language: str | None = None, **values: object) -> Msg:
    """The catalogue's text for ``key`` (``callscout.present.messages``) in the current language (or ``language``),
    formatted with ``values``: the keyed replacement of an inline ``tr(ru, en)`` pair."""
    from callscout.present.messages import message

    return Msg(message(key, language=language, **values), key, values)


PAIR_KEY = "text.pair"


def pick(ru: str, en: str, language: Language | None = None) -> str:
    """Choose between two ready texts (for data such as criterion names) without formatting. The text keeps both
    (``Msg`` of ``text.pair``), so that where it is stored (the result document, a finding) it is shown again in
    the reader's language."""
    text = en if (language or current_language()) == "en" else ru
    return Msg(text, PAIR_KEY, {"ru": ru, "en": en}) if ru != en else text


@contextmanager
def language(value: str | None) -> Iterator[None]:
    """Use ``value`` for the messages inside the block, then go back (a report renders in its own language)."""
    token = _explicit.set(value if value in SUPPORTED else None)  # type: ignore[arg-type]
    try:
        yield
    finally:
        _explicit.reset(token)


# The formatting itself lives in ``callscout.present.formatting`` (Babel, CLDR data); these names stay for their
# many callers. Imported inside the functions: the presentation layer reads the language from here.


def format_number(value: float, decimals: int = 1, *, trim: bool = False, language: Language | None = None) -> str:
    """A number as the reader writes it: "1 234,5" in Russian, "1,234.5" in English.
    ``trim`` drops zeros after the decimal separator ("2,5" rather than "2,50", "3" rather than "3,00")."""
    from callscout.present.formatting import number

    return number(value, decimals, trim=trim, language=language)


class LocalNumber:
    """A number that keeps any format spec (``f"{n:,.0f}"``) but writes it the reader's way: "62,026"
    would read as sixty-two point zero two six to a Russian reader. Without a spec it is written as
    ``present.formatting.auto`` does («55,4», «205»)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        from callscout.present.formatting import auto

        lang = current_language()
        if not spec:
            # A bare integer stays as written (years, ports, counts in running text); a fraction is localised.
            return str(self.value) if isinstance(self.value, int) else auto(self.value, language=lang)
        text = format(self.value, spec)
        if lang == "en":
            return text
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", "\u00a0")

    def __str__(self) -> str:
        return format(self, "")

    def __repr__(self) -> str:
        return repr(self.value)  # "{value!r}" in a message shows the value as Python wrote it, as before


def format_percent(share: float, decimals: int = 1, *, language: Language | None = None) -> str:
    """A share (0.253) as a percent: "25,3%" in Russian, "25.3%" in English (no space before the sign
    in either, so that one form is used everywhere in the report)."""
    from callscout.present.formatting import percent

    return percent(share, decimals, language=language)


def format_datetime(value: object, *, language: Language | None = None, zone: str | None = None) -> str:
    """A moment or a day as the reader writes it: "27.11.2026 12:03" in Russian, "27 Nov 2026 12:03" in
    English, in ``zone`` (the evaluation's) or else the time zone it was recorded in. ISO text is parsed;
    anything else ("2026-W45" names a week, not a day) is shown as it is."""
    from callscout.present.formatting import moment

    return moment(value, zone=zone, language=language)


def number_locale(language: Language | None = None) -> str:
    """The locale tag for formatters outside Python (the charts' d3 formats) that must agree with
    ``format_number``: "1 200 000" and "0,5" in Russian."""
    return "en-US" if (language or current_language()) == "en" else "ru-RU"
