"""The XLSX questionnaire: written from its sheets (``rfp.sheets``, one module each) and read back into the
evaluation, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from pydantic import ValidationError

from callscout import evalfile
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model import Evaluation, Vendor
from callscout.rfp.sheets import QuestionnaireRequest, all_sheets, meta
from callscout.rfp.sheets._cells import MAX_ROWS, Rows, parse_time, where

MAX_QUESTIONNAIRE_BYTES = 5 * 1024 * 1024


def write_questionnaire(evaluation: Evaluation, vendor: Vendor, path: Path, sent_at: datetime) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    request = QuestionnaireRequest(evaluation, vendor, sent_at)
    for sheet_module in all_sheets():
        sheet = sheet_module.write(workbook, request)
        sheet.protection.sheet = False
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def record_request_sent(evaluation: Evaluation, vendor: Vendor, moment: datetime, path: Path) -> None:
    """The send time starts the vendor's responsiveness clock; an older answer no longer counts."""
    vendor.answered_at = None
    vendor.request_sent_at = moment
    evalfile.save(evaluation, path)


# --- import -------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    vendor: str
    answers_set: dict[str, Any]
    offers: int
    request_sent_at: datetime | None
    answered_at: datetime | None


def _rows(sheet: Any) -> Rows:
    if sheet.max_row > MAX_ROWS:
        raise DataError(msg("rfp.sheet_is_too_long", sheet=sheet.title))
    return [(index, row) for index, row in enumerate(sheet.iter_rows(values_only=True), start=1) if index > 1]


def read_questionnaire(path: Path) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], list[str]]:
    """(meta, answers, offers as dicts, problems) from a filled questionnaire; nothing is changed here."""
    parts, problems = read_sheets(path)
    return parts["meta"], parts["answers"], parts["offers"], problems


def read_sheets(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Every sheet's part of a filled questionnaire by the sheet module's name, and the problems found."""
    if not path.exists():
        raise DataError(msg("calls.sources.file_not_found", path=path))
    if path.stat().st_size > MAX_QUESTIONNAIRE_BYTES:
        raise DataError(msg("rfp.larger_than_5_mb", path=path))
    try:
        # data_only: a formula a vendor typed counts as its cached value, never as something to evaluate.
        workbook = load_workbook(path, data_only=True, read_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise DataError(msg("rfp.cannot_read_xlsx", path=path, error=type(error).__name__)) from None
    sheets = all_sheets()
    missing = [module.SHEET for module in sheets if module.SHEET not in workbook.sheetnames]
    if missing:
        raise DataError(msg("rfp.sheets_missing_not_callscout_questionnaire", path=path, names=", ".join(missing)))
    problems: list[str] = []
    parts = {
        module.__name__.rsplit(".", 1)[1]: module.read(_rows(workbook[module.SHEET]), problems) for module in sheets
    }
    return parts, problems


def import_questionnaire(
    evaluation_path: Path,
    questionnaire: Path,
    vendor_name: str,
    answered_at: datetime | None = None,
    answer_was_formal: bool | None = None,
) -> ImportResult:
    """Read a filled questionnaire into the vendor's answers and offers; all or nothing.

    ``answer_was_formal`` is the buyer's own judgement of the answer (the article: a formal, late answer
    means you are not a priority); the vendor is never asked it."""
    evaluation = evalfile.load(evaluation_path)
    vendor = evaluation.vendor(vendor_name)
    if vendor is None:
        raise DataError(msg("cli.rfp.vendor_not_found_in", name=vendor_name, path=evaluation_path))
    meta_values, answers, offers, problems = read_questionnaire(questionnaire)
    sent = vendor.request_sent_at
    try:
        if meta_values.get("request_sent_at") and sent is None:
            sent = parse_time(meta_values["request_sent_at"])
    except ValueError as error:
        problems.append(f"{where(meta.SHEET, meta.REQUEST_SENT_CELL)}: {error}")
    answered = answered_at
    try:
        if answered is None and meta_values.get("answered_at"):
            answered = parse_time(meta_values["answered_at"])
    except ValueError as error:
        problems.append(f"{where(meta.SHEET, meta.ANSWERED_CELL)}: {error}")
    if not problems and not answers and not offers:
        problems.append(msg("rfp.questionnaire_is_empty_no_answers_sheet"))
    if problems:
        raise DataError(
            msg("rfp.problem_s_nothing_changed", path=questionnaire, count=len(problems)),
            details=problems,
        )
    merged = {**vendor.answers.model_dump(), **answers}
    if answer_was_formal is not None:
        merged["answer_was_formal"] = answer_was_formal
    data = vendor.model_dump()
    data["answers"] = merged
    if offers:
        data["offers"] = offers
    data["request_sent_at"] = sent
    data["answered_at"] = answered or datetime.now(UTC)
    if meta_values.get("contact_person"):
        data["contacts"]["person"] = str(meta_values["contact_person"])[:200]
    try:
        updated = Vendor.model_validate(data)
    except ValidationError as error:
        raise DataError(
            msg("rfp.answers_do_not_fit_vendor", path=questionnaire),
            details=[str(problem) for problem in evalfile.problems_from_validation(error)],
        ) from None
    index = evaluation.vendors.index(vendor)
    vendors = list(evaluation.vendors)
    vendors[index] = updated
    evaluation.vendors = vendors
    evalfile.save(evaluation, evaluation_path)
    return ImportResult(updated.name, answers, len(offers), updated.request_sent_at, updated.answered_at)
