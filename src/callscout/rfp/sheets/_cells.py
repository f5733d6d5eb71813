"""What the sheets share: reading a vendor's cells (yes/no, numbers, moments) and where a problem is."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from openpyxl.styles import PatternFill

from callscout.i18n import msg

MAX_ROWS = 500
# The cells the vendor fills in.
ANSWER_FILL = PatternFill("solid", fgColor="FFF6E0")
Rows = list[tuple[int, tuple[Any, ...]]]

_YES = {"да", "yes", "y", "true", "1", "+", "есть", "д"}
_NO = {"нет", "no", "n", "false", "0", "-", "н"}


def where(sheet: str, cell: str) -> str:
    return msg("rfp.sheet_cell", sheet=sheet, cell=cell)


def cell(row: tuple[Any, ...], column: int) -> Any:
    """The value in ``column`` (0 = A) of a row, None past its end (a vendor may delete columns)."""
    return row[column] if len(row) > column else None


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower().lstrip("'")
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(msg("rfp.expected_yes_or_no"))


def parse_number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().lstrip("'").replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%₽")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(msg("rfp.expected_number")) from None
    if not math.isfinite(number):  # «inf», «nan»: no price or count
        raise ValueError(msg("rfp.expected_number"))
    return number


def parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().lstrip("'")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            try:
                moment = datetime.strptime(text, "%d.%m.%Y %H:%M")
            except ValueError:
                raise ValueError(msg("rfp.expected_date_time_e_g_2026")) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
