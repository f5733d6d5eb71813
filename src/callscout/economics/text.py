"""Messages of the economics with numbers in the reader's convention."""

from __future__ import annotations

from callscout.i18n import LocalNumber
from callscout.i18n import tr as _plain_tr


def number(value: float, spec: str = ",.0f") -> str:
    return format(LocalNumber(value), spec)


def tr(ru: str, en: str, /, **values: object) -> str:
    """``i18n.tr`` with numbers written in the reader's convention."""
    local = {
        key: LocalNumber(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for key, value in values.items()
    }
    return _plain_tr(ru, en, **local)
