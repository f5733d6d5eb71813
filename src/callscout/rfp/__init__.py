"""The request for proposal: a letter from the buyer's needs, an XLSX questionnaire that asks every question
the scoring criteria need, and the import of a filled questionnaire back into the evaluation.

The questionnaire is built from the criteria catalogue (every criterion answered by the vendor has a row),
so a new criterion is asked about without touching this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from callscout import evalfile
from callscout.errors import DataError
from callscout.i18n import msg, pick
from callscout.model import PAYMENT_MODELS, Answers, Evaluation, Offer, Vendor
from callscout.report.workbook import add_sheet
from callscout.scoring.criteria import CRITERIA
from callscout.workload import weekly_profile

MAX_QUESTIONNAIRE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
OFFER_COLUMNS = 3
SHEET_META = "Сведения"
SHEET_ANSWERS = "Анкета"
SHEET_OFFERS = "Предложение"

# Questions whose answer is a plain yes/no about a fact the criterion's own question asks in words.
_YES_NO_WORDING: dict[str, tuple[str, str]] = {
    "works_24_7": ("Работаете ли вы круглосуточно, без выходных (24/7)?", "Do you work around the clock (24/7)?"),
    "dedicated_operators": (
        "Можете ли вы выделить операторов только под наши звонки?",
        "Can you assign operators to our calls only?",
    ),
}
# Answers the buyer records, not the vendor: never asked in the questionnaire.
_BUYER_JUDGEMENTS = {"answer_was_formal"}

OFFER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Название предложения", "Offer name"),
    ("model", "Модель оплаты: " + ", ".join(PAYMENT_MODELS), "Payment model: " + ", ".join(PAYMENT_MODELS)),
    (
        "rate",
        "Ставка, ₽ (за контакт, звонок, результат, час оператора или минуту)",
        "Rate, RUB (per contact, call, result, operator hour or minute)",
    ),
    ("basis", "За звонок: attempt (попытка) или handled (обработанный)", "Per call: attempt or handled"),
    (
        "increment_s",
        "Поминутная: шаг тарификации, с (1 — посекундно, 60 — за начатую минуту)",
        "Per minute: billing increment, s",
    ),
    ("result", "За результат: lead или order", "Per result: lead or order"),
    ("trial_fee", "Стоимость пробного проекта, ₽", "Trial project fee, RUB"),
    ("percent", "Процент от продаж / сделок, %", "Percent of sales / deals, %"),
    ("salary_per_operator", "Оклад выделенного оператора, ₽ в месяц", "Dedicated operator's salary, RUB per month"),
    ("operators", "Число операторов (если фиксировано)", "Number of operators (if fixed)"),
    ("amount", "Абонентская плата, ₽ в месяц", "Fixed monthly fee, RUB"),
    ("setup_fee", "Плата за запуск, ₽", "Setup fee, RUB"),
    ("minimum_monthly", "Минимальный платёж в месяц, ₽", "Minimum monthly charge, RUB"),
    ("toll_free_per_minute", "Линия 8-800: ₽ за минуту", "8-800 line: RUB per minute"),
    ("dedicated_operators", "Операторы выделенные (да/нет)", "Dedicated operators (yes/no)"),
    ("schedule", "График: 24/7 или hours", "Schedule: 24/7 or hours"),
    ("notes", "Условия пробного проекта и примечания", "Trial terms and notes"),
)
_CHARGE_KEYS = {
    "per_contact": ("rate",),
    "per_call": ("rate", "basis"),
    "percent_of_sales": ("percent",),
    "per_result": ("rate", "result", "trial_fee"),
    "per_operator_hour": ("rate", "dedicated"),
    "per_talk_minute": ("rate", "increment_s"),
    "fixed_monthly": ("amount",),
    "salary_plus_percent": ("salary_per_operator", "operators", "percent"),
}


@dataclass(frozen=True)
class Question:
    field: str
    text_ru: str
    text_en: str
    kind: str  # "yes_no" or "number"
    criteria: tuple[str, ...]

    @property
    def text(self) -> str:
        return pick(self.text_ru, self.text_en)


def questionnaire_questions() -> list[Question]:
    """One question per answer field that some criterion reads, in the catalogue's order."""
    by_field: dict[str, list[Any]] = {}
    for criterion in CRITERIA:
        if criterion.answer_field and criterion.answer_field not in _BUYER_JUDGEMENTS:
            by_field.setdefault(criterion.answer_field, []).append(criterion)
    questions = []
    for field_name, criteria in by_field.items():
        annotation = Answers.model_fields[field_name].annotation
        kind = "number" if "int" in str(annotation) else "yes_no"
        ru, en = _YES_NO_WORDING.get(field_name, (criteria[0].question_ru, criteria[0].question_en))
        questions.append(Question(field_name, ru, en, kind, tuple(item.id for item in criteria)))
    return questions


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-")[:60] or "vendor"


def hourly_day_profile(evaluation: Evaluation) -> list[float]:
    """Average calls in each hour of the day over the week: what the vendor staffs against."""
    calls = weekly_profile(evaluation.needs).calls
    return [round(sum(calls[day * 24 + hour] for day in range(7)) / 7, 1) for hour in range(24)]


def letter_context(evaluation: Evaluation, vendor: Vendor, sent_at: datetime) -> dict[str, Any]:
    needs = evaluation.needs
    profile = weekly_profile(needs)
    return {
        "evaluation": evaluation.model_dump(mode="json"),
        "vendor": vendor.model_dump(mode="json"),
        "needs": needs.model_dump(mode="json"),
        "aht_s": needs.aht_s,
        "hourly": hourly_day_profile(evaluation),
        "peak": profile.peak_hour(),
        "share_in_schedule": profile.within(needs.schedule),
        "questions": [question.text for question in questionnaire_questions()],
        "payment_models": PAYMENT_MODELS,
        "sent_at": sent_at.isoformat(timespec="minutes"),
    }


def write_letter(evaluation: Evaluation, vendor: Vendor, out_dir: Path, sent_at: datetime) -> tuple[Path, Path]:
    from callscout.report.render import render_pdf, render_template

    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_template("rfp_letter.html.j2", **letter_context(evaluation, vendor, sent_at))
    html_path = out_dir / f"rfp-{_slug(vendor.name)}.html"
    pdf_path = html_path.with_suffix(".pdf")
    html_path.write_text(html, encoding="utf-8")
    pdf_path.write_bytes(render_pdf(html))
    return html_path, pdf_path


def write_questionnaire(evaluation: Evaluation, vendor: Vendor, path: Path, sent_at: datetime) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    meta = add_sheet(
        workbook,
        SHEET_META,
        ["code", msg("rfp.field"), msg("rfp.value")],
        [
            ["vendor", msg("rfp.vendor"), vendor.name],
            ["buyer", msg("rfp.buyer"), evaluation.buyer or evaluation.name],
            ["request_sent_at", msg("rfp.request_sent"), sent_at.isoformat(timespec="minutes")],
            ["answered_at", msg("rfp.answered_at_fill_in"), None],
            ["contact_person", msg("rfp.contact_person"), None],
        ],
    )
    meta.column_dimensions["A"].hidden = True
    fill = PatternFill("solid", fgColor="FFF6E0")
    answers = add_sheet(
        workbook,
        SHEET_ANSWERS,
        [
            "code",
            msg("rfp.question"),
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
    yes_no = DataValidation(type="list", formula1='"да,нет"' if msg("rfp.en") == "ru" else '"yes,no"', allow_blank=True)
    answers.add_data_validation(yes_no)
    for row in range(2, answers.max_row + 1):
        answers.cell(row, 4).fill = fill
        if answers.cell(row, 3).value in ("да / нет", "yes / no"):
            yes_no.add(answers.cell(row, 4))
    offers = add_sheet(
        workbook,
        SHEET_OFFERS,
        ["code", msg("rfp.term")] + [msg("rfp.offer", i=i) for i in range(1, OFFER_COLUMNS + 1)],
        ([code, pick(ru, en)] + [None] * OFFER_COLUMNS for code, ru, en in OFFER_FIELDS),
    )
    offers.column_dimensions["A"].hidden = True
    models = DataValidation(type="list", formula1='"' + ",".join(PAYMENT_MODELS) + '"', allow_blank=True)
    offers.add_data_validation(models)
    for column in range(3, 3 + OFFER_COLUMNS):
        models.add(offers.cell(3, column))
        for row in range(2, offers.max_row + 1):
            offers.cell(row, column).fill = fill
    for sheet in (meta, answers, offers):
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

_YES = {"да", "yes", "y", "true", "1", "+", "есть", "д"}
_NO = {"нет", "no", "n", "false", "0", "-", "н"}


@dataclass
class ImportResult:
    vendor: str
    answers_set: dict[str, Any]
    offers: int
    request_sent_at: datetime | None
    answered_at: datetime | None


def _where(sheet: str, cell: str) -> str:
    return msg("rfp.sheet_cell", sheet=sheet, cell=cell)


def _parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower().lstrip("'")
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(msg("rfp.expected_yes_or_no"))


def _parse_number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().lstrip("'").replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%₽")
    try:
        return float(text)
    except ValueError:
        raise ValueError(msg("rfp.expected_number")) from None


def _parse_time(value: Any) -> datetime:
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


def _rows(sheet: Any) -> list[tuple[int, tuple[Any, ...]]]:
    if sheet.max_row > MAX_ROWS:
        raise DataError(msg("rfp.sheet_is_too_long", sheet=sheet.title))
    return [(index, row) for index, row in enumerate(sheet.iter_rows(values_only=True), start=1) if index > 1]


def read_questionnaire(path: Path) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], list[str]]:
    """(meta, answers, offers as dicts, problems) from a filled questionnaire; nothing is changed here."""
    if not path.exists():
        raise DataError(msg("rfp.file_not_found", path=path))
    if path.stat().st_size > MAX_QUESTIONNAIRE_BYTES:
        raise DataError(msg("rfp.larger_than_5_mb", path=path))
    try:
        # data_only: a formula a vendor typed counts as its cached value, never as something to evaluate.
        workbook = load_workbook(path, data_only=True, read_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise DataError(msg("rfp.cannot_read_xlsx", path=path, error=type(error).__name__)) from None
    missing = [name for name in (SHEET_META, SHEET_ANSWERS, SHEET_OFFERS) if name not in workbook.sheetnames]
    if missing:
        raise DataError(msg("rfp.sheets_missing_not_callscout_questionnaire", path=path, names=", ".join(missing)))
    problems: list[str] = []
    meta = {row[0]: row[2] for _, row in _rows(workbook[SHEET_META]) if row and row[0]}
    answers: dict[str, Any] = {}
    kinds = {question.field: question.kind for question in questionnaire_questions()}
    for index, row in _rows(workbook[SHEET_ANSWERS]):
        code, value = (row[0] if row else None), (row[3] if len(row) > 3 else None)
        if code not in kinds or value is None or str(value).strip() == "":
            continue
        try:
            answers[code] = _parse_bool(value) if kinds[code] == "yes_no" else int(_parse_number(value))
        except ValueError as error:
            problems.append(f"{_where(SHEET_ANSWERS, f'D{index}')}: {error}")
    offer_columns: list[dict[str, Any]] = [{} for _ in range(OFFER_COLUMNS)]
    offer_rows: dict[str, int] = {}
    for index, row in _rows(workbook[SHEET_OFFERS]):
        code = row[0] if row else None
        if not code:
            continue
        offer_rows[str(code)] = index
        for column in range(OFFER_COLUMNS):
            value = row[2 + column] if len(row) > 2 + column else None
            if value is not None and str(value).strip() != "":
                offer_columns[column][str(code)] = value
    offers = []
    for column, raw in enumerate(offer_columns):
        if not raw:
            continue
        letter = "CDE"[column]
        try:
            offers.append(_offer_from_column(raw))
        except ValueError as error:
            field_name = getattr(error, "field_name", "model")
            problems.append(f"{_where(SHEET_OFFERS, f'{letter}{offer_rows.get(field_name, 3)}')}: {error}")
    return meta, answers, offers, problems


class _OfferProblem(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def _offer_from_column(raw: dict[str, Any]) -> dict[str, Any]:
    model = str(raw.get("model", "")).strip()
    if model not in PAYMENT_MODELS:
        raise _OfferProblem(
            "model",
            msg("rfp.payment_model_must_be_one_of", models=", ".join(PAYMENT_MODELS)),
        )
    numbers = {}
    for key in (
        "rate",
        "increment_s",
        "trial_fee",
        "percent",
        "salary_per_operator",
        "operators",
        "amount",
        "setup_fee",
        "minimum_monthly",
        "toll_free_per_minute",
    ):
        if key in raw:
            try:
                numbers[key] = _parse_number(raw[key])
            except ValueError as error:
                raise _OfferProblem(key, str(error)) from None
    charge: dict[str, Any] = {"model": model}
    for key in _CHARGE_KEYS[model]:
        if key == "dedicated":
            if "dedicated_operators" in raw:
                charge["dedicated"] = _bool_field(raw, "dedicated_operators")
        elif key in numbers:
            charge[key] = int(numbers[key]) if key in ("increment_s", "operators") else numbers[key]
        elif key in raw:
            charge[key] = str(raw[key]).strip()
    charges = [charge]
    if model != "fixed_monthly" and numbers.get("amount"):
        charges.append({"model": "fixed_monthly", "amount": numbers["amount"]})
    offer: dict[str, Any] = {"name": str(raw.get("name") or model).strip()[:200], "charges": charges}
    for key in ("setup_fee", "minimum_monthly", "toll_free_per_minute"):
        if key in numbers:
            offer[key] = numbers[key]
    if "dedicated_operators" in raw:
        offer["dedicated_operators"] = _bool_field(raw, "dedicated_operators")
    if "schedule" in raw:
        offer["schedule"] = str(raw["schedule"]).strip()
    if "notes" in raw:
        offer["notes"] = str(raw["notes"]).strip()[:2000]
    try:
        Offer.model_validate(offer)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        location = [str(part) for part in first["loc"] if isinstance(part, str) and part not in PAYMENT_MODELS]
        field_name = next(
            (part for part in reversed(location) if part in {code for code, _, _ in OFFER_FIELDS}), "model"
        )
        raise _OfferProblem(field_name, evalfile._problem_text(first)) from None
    return offer


def _bool_field(raw: dict[str, Any], key: str) -> bool:
    try:
        return bool(_parse_bool(raw[key]))
    except ValueError as error:
        raise _OfferProblem(key, str(error)) from None


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
        raise DataError(msg("rfp.vendor_not_found_in", name=vendor_name, path=evaluation_path))
    meta, answers, offers, problems = read_questionnaire(questionnaire)
    sent = vendor.request_sent_at
    try:
        if meta.get("request_sent_at") and sent is None:
            sent = _parse_time(meta["request_sent_at"])
    except ValueError as error:
        problems.append(f"{_where(SHEET_META, 'C4')}: {error}")
    answered = answered_at
    try:
        if answered is None and meta.get("answered_at"):
            answered = _parse_time(meta["answered_at"])
    except ValueError as error:
        problems.append(f"{_where(SHEET_META, 'C5')}: {error}")
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
    if meta.get("contact_person"):
        data["contacts"]["person"] = str(meta["contact_person"])[:200]
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


__all__ = [
    "Question",
    "import_questionnaire",
    "questionnaire_questions",
    "read_questionnaire",
    "record_request_sent",
    "write_letter",
    "write_questionnaire",
]
