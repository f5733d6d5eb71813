"""«Анкета»: one row per question the scoring criteria need, answered yes/no or with a number."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from callscout.i18n import msg
from callscout.report.workbook import add_sheet
from callscout.rfp.questions import questionnaire_questions
from callscout.rfp.sheets import QuestionnaireRequest
from callscout.rfp.sheets._cells import ANSWER_FILL, Rows, cell, parse_bool, parse_number, where

SHEET = "Анкета"
ORDER = 20


def write(workbook: Workbook, request: QuestionnaireRequest) -> Worksheet:
    answers = add_sheet(
        workbook,
        SHEET,
        [
            "code",
            msg("report.workbook.question"),
            msg("rfp.answer_format"),
            msg("rfp.answer"),
            msg("rfp.comment"),
        ],
        (
            [
                q.field,
                q.text,
                msg("rfp.yes_no") if q.kind == "yes_no" else msg("rfp.number"),
                None,
                None,
            ]
            for q in questionnaire_questions()
        ),
    )
    answers.column_dimensions["A"].hidden = True
    yes_no = DataValidation(
        type="list", formula1='"да,нет"' if msg("cli.calls_reports.en") == "ru" else '"yes,no"', allow_blank=True
    )
    answers.add_data_validation(yes_no)
    for row in range(2, answers.max_row + 1):
        answers.cell(row, 4).fill = ANSWER_FILL
        if answers.cell(row, 3).value in ("да / нет", "yes / no"):
            yes_no.add(answers.cell(row, 4))
    return answers


def read(rows: Rows, problems: list[str]) -> dict[str, Any]:
    """Answer field -> True/False or a whole number; rows of unknown codes and empty answers are skipped."""
    answers: dict[str, Any] = {}
    kinds = {question.field: question.kind for question in questionnaire_questions()}
    for index, row in rows:
        code, value = (cell(row, 0), cell(row, 3))
        if not isinstance(code, str) or code not in kinds or value is None or str(value).strip() == "":
            continue
        try:
            answers[code] = parse_bool(value) if kinds[code] == "yes_no" else int(parse_number(value))
        except ValueError as error:
            problems.append(f"{where(SHEET, f'D{index}')}: {error}")
    return answers
