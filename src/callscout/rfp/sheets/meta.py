"""«Сведения»: who asks whom, when the request was sent, when the vendor answered and who answers."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from callscout.i18n import msg
from callscout.report.workbook import add_sheet
from callscout.rfp.sheets import QuestionnaireRequest
from callscout.rfp.sheets._cells import Rows, cell

SHEET = "Сведения"
ORDER = 10
# Where the moments are (column C): the import names these cells when one cannot be read.
REQUEST_SENT_CELL = "C4"
ANSWERED_CELL = "C5"


def write(workbook: Workbook, request: QuestionnaireRequest) -> Worksheet:
    evaluation, vendor, sent_at = request.evaluation, request.vendor, request.sent_at
    meta = add_sheet(
        workbook,
        SHEET,
        ["code", msg("rfp.field"), msg("rfp.value")],
        [
            ["vendor", msg("cli.evaluate.vendor"), vendor.name],
            ["buyer", msg("rfp.buyer"), evaluation.buyer or evaluation.name],
            ["request_sent_at", msg("rfp.request_sent"), sent_at.isoformat(timespec="minutes")],
            ["answered_at", msg("rfp.answered_at_fill_in"), None],
            ["contact_person", msg("rfp.contact_person"), None],
        ],
    )
    meta.column_dimensions["A"].hidden = True
    return meta


def read(rows: Rows, problems: list[str]) -> dict[str, Any]:
    """Code -> value as the vendor left it; the import reads the moments (``parse_time``) and names the cell."""
    return {str(row[0]): cell(row, 2) for _, row in rows if row and row[0]}
