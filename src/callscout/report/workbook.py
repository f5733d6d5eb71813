"""``report.xlsx`` and the helpers every spreadsheet export shares.

Vendor texts are untrusted: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would run as a formula in Excel or LibreOffice (CSV/formula injection), so such text gets a leading
apostrophe and is stored as a plain string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from callscout.i18n import msg, pick
from callscout.present.findings import finding_text, said
from callscout.present.messages import label

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
_SHOWN_NUMBER = re.compile(r"-?[\d\s\u00a0\u202f]+(?:[.,]\d+)?(%?)")
_IDENTIFIER = re.compile(r"(?<!`)\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!`)")


class Formatted:
    """A number with its own Excel format (a column of mixed values: a share here, a count there)."""

    def __init__(self, value: float, number_format: str) -> None:
        self.value = value
        self.number_format = number_format


def shown_value(value: Any, display: Any) -> Any:
    """A criterion's value as a cell: the number itself where the report shows a bare number or percent
    («63%» is the share 0.63, «12» is 12), the report's words otherwise («да», «норма», «11,7 г.»)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and isinstance(display, str):
        match = _SHOWN_NUMBER.fullmatch(display.strip())
        if match:
            return Formatted(value, "0.0%" if match.group(1) else "0.##")
    return display


def marked_identifiers(text: Any) -> Any:
    """Identifiers inside a text (an answer's key in the evaluation file) between backticks, as code."""
    return _IDENTIFIER.sub(lambda found: f"`{found.group()}`", text) if isinstance(text, str) else text


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
        formats = {index: value.number_format for index, value in enumerate(row) if isinstance(value, Formatted)}
        cells = append_row(sheet, [value.value if isinstance(value, Formatted) else value for value in row])
        for column, number_format in formats.items():
            cells[column].number_format = number_format
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


def _shown(value: Any) -> str:
    """An evidence value as the reader writes it: «7,62», «10.11.2026», not the machine's 7.62 and 2026-11-10."""
    from callscout.present import formatting

    if isinstance(value, int | float) and not isinstance(value, bool):
        return formatting.auto(value)
    if formatting.parse_moment(value) is not None:
        return formatting.moment(value)
    return said(value)


def _evidence_text(evidence: list[dict[str, Any]]) -> str:
    parts = []
    for item in evidence or []:
        bits = [_shown(item.get(key)) for key in ("url", "excerpt", "value") if item.get(key) not in (None, "")]
        if bits:
            parts.append(" | ".join(bits))
    return "\n".join(parts)


def _check_titles() -> dict[str, str]:
    """The site checks' titles in the reader's language, by code (the findings sheet names the check)."""
    from callscout.web_audit.base import all_checks

    return {check.code: pick(check.title_ru, check.title_en) for check in all_checks()}


def write_workbook(document: dict[str, Any], path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    scoring = document.get("scoring") or {}
    vendors = scoring.get("vendors") or []
    criteria = [item for item in scoring.get("criteria") or [] if item.get("status") == "used"]

    add_sheet(
        workbook,
        msg("report.workbook.ranking"),
        [
            msg("report.workbook.rank"),
            msg("report.workbook.vendor"),
            msg("report.workbook.score_of_100"),
            msg("report.workbook.p_first"),
            msg("report.workbook.data_completeness"),
            msg("report.workbook.disqualified"),
            msg("report.workbook.knock_out_reasons"),
            msg("report.workbook.status"),
            msg("report.workbook.unchecked_knock_outs"),
        ],
        (
            [
                vendor["rank"],
                vendor["name"],
                vendor["total"],
                vendor["probability_first"],
                vendor["completeness"],
                msg("report.workbook.yes") if not vendor["eligible"] else msg("report.workbook.no"),
                "; ".join(said(item["name"]) for item in vendor["knockouts"] if item["status"] == "knocked_out"),
                said(vendor.get("status_label")),
                "; ".join(said(item["name"]) for item in vendor["knockouts"] if item["status"] == "unknown"),
            ]
            for vendor in vendors
        ),
        {2: "0.0", 3: PERCENT, 4: PERCENT},
    )
    score_rows = []
    for item in criteria:
        row: list[Any] = [
            item["id"],
            said(item["name"]),
            item["group"],
            item["weight"],
            said(item["missing_policy_label"]),
        ]
        for vendor in vendors:
            cell = vendor["criteria"].get(item["id"], {})
            row += [
                shown_value(cell.get("value"), said(cell.get("display"))),
                cell.get("used_score"),
                cell.get("contribution"),
            ]
        score_rows.append(row)
    header = [
        msg("report.workbook.code"),
        msg("report.workbook.criterion"),
        msg("report.workbook.group"),
        msg("report.workbook.weight"),
        msg("report.workbook.if_unknown"),
    ]
    for vendor in vendors:
        name = vendor["name"]
        header += [
            f"{name}: {msg('report.workbook.value')}",
            f"{name}: {msg('report.workbook.score_0_1')}",
            f"{name}: {msg('report.workbook.contribution')}",
        ]
    vendor_columns = {5 + 3 * index + offset: "0.00" for index in range(len(vendors)) for offset in (1, 2)}
    add_sheet(workbook, msg("report.workbook.scores"), header, score_rows, {3: PERCENT} | vendor_columns)
    add_sheet(
        workbook,
        msg("report.workbook.weights"),
        [
            msg("report.workbook.code"),
            msg("report.workbook.criterion"),
            msg("report.workbook.group"),
            msg("report.workbook.direction"),
            msg("report.workbook.how_it_is_computed"),
            msg("report.workbook.weight"),
            msg("report.workbook.scale_from"),
            msg("report.workbook.scale_to"),
            msg("report.workbook.if_unknown"),
            msg("report.workbook.status"),
            msg("report.workbook.from_article"),
        ],
        (
            [
                item["id"],
                said(item["name"]),
                item["group"],
                label("direction", item["direction"]),
                marked_identifiers(said(item["how"])),
                item["weight"],
                item["scale"][0],
                item["scale"][1],
                said(item["missing_policy_label"]),
                label("criterion_status", item["status"]),
                # The source article's words, quoted: Russian in an English workbook too.
                f"«{item['article']}»" if item["article"] else None,
            ]
            for item in scoring.get("criteria") or []
        ),
        {5: PERCENT},
    )
    findings_rows = []
    check_titles = _check_titles()
    criterion_names = {item["id"]: said(item["name"]) for item in scoring.get("criteria") or []}
    criterion_names |= {
        item["rule"]: said(item["name"]) for vendor in vendors for item in vendor.get("knockouts") or []
    }
    for vendor_name, audit in (document.get("audit") or {}).items():
        for finding in (audit or {}).get("findings") or []:
            findings_rows.append(
                [
                    vendor_name,
                    check_titles.get(finding.get("check"), finding.get("check")),
                    label("status", finding.get("status")),
                    label("severity", finding.get("severity")),
                    finding_text(finding),
                    _evidence_text(finding.get("evidence") or []),
                ]
            )
    for vendor in vendors:
        for flag in vendor["red_flags"]:
            findings_rows.append(
                [
                    vendor["name"],
                    msg("report.workbook.red_flag"),
                    label("status", "fail" if flag["severity"] == "critical" else "warn"),
                    label("severity", flag["severity"]),
                    said(flag["text"]),
                    _evidence_text(flag["evidence"]),
                ]
            )
    add_sheet(
        workbook,
        msg("report.workbook.findings"),
        [
            msg("report.workbook.vendor"),
            msg("report.workbook.check"),
            msg("report.workbook.status"),
            msg("report.workbook.severity"),
            msg("report.workbook.message"),
            msg("report.workbook.evidence"),
        ],
        findings_rows,
    )
    add_sheet(
        workbook,
        msg("report.workbook.questions"),
        [
            msg("report.workbook.vendor"),
            msg("report.workbook.criterion"),
            msg("report.workbook.why"),
            msg("report.workbook.question"),
        ],
        (
            [
                vendor["name"],
                criterion_names.get(question["criterion"])
                or check_titles.get(question["criterion"], question["criterion"]),
                label("question_reason", question["reason"]),
                said(question["text"]),
            ]
            for vendor in vendors
            for question in vendor["questions"]
        ),
    )
    workbook.save(path)
