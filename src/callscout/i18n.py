"""Russian-first bilingual messages.

Every user-facing string is written as a pair ``tr(ru, en)`` at the place it is used, so that
a message and its translation never drift apart and no catalogue has to be kept in sync.
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
