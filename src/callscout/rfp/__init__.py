"""The request for proposal: a letter from the buyer's needs, an XLSX questionnaire that asks every question
the scoring criteria need, and the import of a filled questionnaire back into the evaluation.

The questionnaire is built from the criteria catalogue (every criterion answered by the vendor has a row),
so a new criterion is asked about without touching this package. Its sheets are one module each in
``rfp.sheets`` (the registry shape: a new sheet is a new module); ``rfp.letter`` writes the letter and
``rfp.questionnaire`` writes and reads the workbook.
"""

from __future__ import annotations

from callscout.rfp.letter import hourly_day_profile, letter_context, write_letter
from callscout.rfp.questionnaire import (
    MAX_QUESTIONNAIRE_BYTES,
    ImportResult,
    import_questionnaire,
    read_questionnaire,
    record_request_sent,
    write_questionnaire,
)
from callscout.rfp.questions import Question, questionnaire_questions
from callscout.rfp.sheets._cells import MAX_ROWS
from callscout.rfp.sheets.answers import SHEET as SHEET_ANSWERS
from callscout.rfp.sheets.meta import SHEET as SHEET_META
from callscout.rfp.sheets.offers import OFFER_COLUMNS, OFFER_FIELDS
from callscout.rfp.sheets.offers import SHEET as SHEET_OFFERS

__all__ = [
    "MAX_QUESTIONNAIRE_BYTES",
    "MAX_ROWS",
    "OFFER_COLUMNS",
    "OFFER_FIELDS",
    "SHEET_ANSWERS",
    "SHEET_META",
    "SHEET_OFFERS",
    "ImportResult",
    "Question",
    "hourly_day_profile",
    "import_questionnaire",
    "letter_context",
    "questionnaire_questions",
    "read_questionnaire",
    "record_request_sent",
    "write_letter",
    "write_questionnaire",
]
