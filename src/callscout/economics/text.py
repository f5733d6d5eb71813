"""Messages of the economics with numbers in the reader's convention."""

from __future__ import annotations

from callscout.i18n import current_language
from callscout.i18n import tr as _plain_tr


class LocalNumber:
    """A number that writes itself the Russian way (``1 234,5``) when the user reads Russian:
    ``62,026`` would read as sixty-two point zero two six to them."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        if current_language() == "ru":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text


def number(value: float, spec: str = ",.0f") -> str:
    return format(LocalNumber(value), spec)


def tr(ru: str, en: str, /, **values: object) -> str:
    """``i18n.tr`` with numbers written in the reader's convention."""
    local = {
        key: LocalNumber(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for key, value in values.items()
    }
    return _plain_tr(ru, en, **local)
