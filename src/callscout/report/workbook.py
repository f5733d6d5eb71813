"""``report.xlsx`` and the helpers every spreadsheet export shares.

Vendor texts are untrusted: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would run as a formula in Excel or LibreOffice (CSV/formula injection), so such text gets a leading
apostrophe and is stored as a plain string.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from callscout.i18n import pick

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767


def neutralise(value: Any) -> Any:
    """A value safe to put in a spreadsheet cell: numbers stay numbers, risky text becomes inert text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)[:MAX_CELL_CHARS]
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def append_row(sheet: Worksheet, values: Sequence[Any]) -> list[Cell]:
    """The row's cells, appended (found by hand: openpyxl's ``max_row`` scans every cell of the sheet, which
    made a sheet of n rows cost n² — most of an evaluate's workbook time)."""
    cells = [Cell(sheet, value=neutralise(value)) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never let openpyxl read our text as a formula
    sheet.append(cells)
    return cells


# Excel formats, not text: the cell keeps the number, the reader's Excel writes "12,5%" or "12.5%".
PERCENT = "0.0%"


def add_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    number_formats: dict[int, str] | None = None,
) -> Worksheet:
    """``number_formats`` maps a column (0-based) to an Excel format: the cell keeps the machine number
    and the spreadsheet shows it in the reader's locale ("12,5%" in a Russian Excel)."""
    sheet = workbook.create_sheet(title[:31])
    for cell in append_row(sheet, header):
        cell.font = Font(bold=True)
    for row in rows:
        cells = append_row(sheet, row)
        for column, number_format in (number_formats or {}).items():
            if column >= len(cells):
                continue
            cell = cells[column]
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
        for cell in column:
            cell.alignment = Alignment(vertical="top", wrap_text=width > 60)
    return sheet


def _evidence_text(evidence: list[dict[str, Any]]) -> str:
    parts = []
    for item in evidence or []:
        bits = [str(item.get(key)) for key in ("url", "excerpt", "value") if item.get(key) not in (None, "")]
        if bits:
            parts.append(" | ".join(bits))
    return "\n".join(parts)


def write_workbook(document: dict[str, Any], path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    scoring = document.get("scoring") or {}
    vendors = scoring.get("vendors") or []
    criteria = [item for item in scoring.get("criteria") or [] if item.get("status") == "used"]

    add_sheet(
        workbook,
        pick("Рейтинг", "Ranking"),
        [
            pick("Место", "Rank"),
            pick("Вендор", "Vendor"),
            pick("Балл из 100", "Score of 100"),
            pick("Вероятность 1-го места", "P(first)"),
            pick("Полнота данных", "Data completeness"),
            pick("Исключён", "Disqualified"),
            pick("Причины исключения", "Knock-out reasons"),
            pick("Статус", "Status"),
            pick("Не проверено (обязательное)", "Unchecked knock-outs"),
        ],
        (
            [
                vendor["rank"],
                vendor["name"],
                vendor["total"],
                vendor["probability_first"],
                vendor["completeness"],
                pick("да", "yes") if not vendor["eligible"] else pick("нет", "no"),
                "; ".join(item["name"] for item in vendor["knockouts"] if item["status"] == "knocked_out"),
                vendor.get("status_label"),
                "; ".join(item["name"] for item in vendor["knockouts"] if item["status"] == "unknown"),
            ]
            for vendor in vendors
        ),
        {2: "0.0", 3: PERCENT, 4: PERCENT},
    )
    score_rows = []
    for item in criteria:
        row: list[Any] = [item["id"], item["name"], item["group"], item["weight"], item["missing_policy_label"]]
        for vendor in vendors:
            cell = vendor["criteria"].get(item["id"], {})
            row += [cell.get("display"), cell.get("used_score"), cell.get("contribution")]
        score_rows.append(row)
    header = [
        pick("Код", "Code"),
        pick("Критерий", "Criterion"),
        pick("Группа", "Group"),
        pick("Вес", "Weight"),
        pick("Если нет данных", "If unknown"),
    ]
    for vendor in vendors:
        name = vendor["name"]
        header += [
            f"{name}: {pick('значение', 'value')}",
            f"{name}: {pick('оценка 0-1', 'score 0-1')}",
            f"{name}: {pick('вклад', 'contribution')}",
        ]
    vendor_columns = {5 + 3 * index + offset: "0.00" for index in range(len(vendors)) for offset in (1, 2)}
    add_sheet(workbook, pick("Оценки", "Scores"), header, score_rows, {3: PERCENT} | vendor_columns)
    add_sheet(
        workbook,
        pick("Веса", "Weights"),
        [
            pick("Код", "Code"),
            pick("Критерий", "Criterion"),
            pick("Группа", "Group"),
            pick("Направление", "Direction"),
            pick("Как считается", "How it is computed"),
            pick("Вес", "Weight"),
            pick("Шкала от", "Scale from"),
            pick("Шкала до", "Scale to"),
            pick("Если нет данных", "If unknown"),
            pick("Статус", "Status"),
            pick("Из статьи", "From the article"),
        ],
        (
            [
                item["id"],
                item["name"],
                item["group"],
                item["direction"],
                item["how"],
                item["weight"],
                item["scale"][0],
                item["scale"][1],
                item["missing_policy_label"],
                item["status"],
                item["article"],
            ]
            for item in scoring.get("criteria") or []
        ),
        {5: PERCENT},
    )
    findings_rows = []
    for vendor_name, audit in (document.get("audit") or {}).items():
        for finding in (audit or {}).get("findings") or []:
            findings_rows.append(
                [
                    vendor_name,
                    finding.get("check"),
                    finding.get("status"),
                    finding.get("severity"),
                    finding.get("message"),
                    _evidence_text(finding.get("evidence") or []),
                ]
            )
    for vendor in vendors:
        for flag in vendor["red_flags"]:
            findings_rows.append(
                [
                    vendor["name"],
                    pick("красный флаг", "red flag"),
                    "fail" if flag["severity"] == "critical" else "warn",
                    flag["severity"],
                    flag["text"],
                    _evidence_text(flag["evidence"]),
                ]
            )
    add_sheet(
        workbook,
        pick("Находки", "Findings"),
        [
            pick("Вендор", "Vendor"),
            pick("Проверка", "Check"),
            pick("Статус", "Status"),
            pick("Важность", "Severity"),
            pick("Сообщение", "Message"),
            pick("Доказательства", "Evidence"),
        ],
        findings_rows,
    )
    add_sheet(
        workbook,
        pick("Вопросы", "Questions"),
        [pick("Вендор", "Vendor"), pick("Критерий", "Criterion"), pick("Почему", "Why"), pick("Вопрос", "Question")],
        (
            [vendor["name"], question["criterion"], question["reason"], question["text"]]
            for vendor in vendors
            for question in vendor["questions"]
        ),
    )
    workbook.save(path)
