"""Tables written for people to open: CSV and XLSX with spreadsheet formulas neutralised.

A cell from untrusted data (a vendor's agent name, a caller's text) that starts with = + - @ or a
control character would run as a formula in Excel or LibreOffice; it is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(row: Sequence[Any]) -> list[Any]:
    return [neutralise(value) if isinstance(value, str) else value for value in row]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_cells(header))
    for row in rows:
        writer.writerow(["" if value is None else value for value in _cells(row)])
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # UTF-8 with BOM: Excel on Windows opens Cyrillic correctly only then.
    path.write_text(csv_text(header, rows), encoding="utf-8-sig")


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "data") -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "data")
    sheet.append(_cells(header))
    for row in rows:
        # Strings are written as plain text cells, never as formulas, after neutralising.
        sheet.append(_cells(row))
    workbook.save(path)
