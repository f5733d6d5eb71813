"""«Предложение»: up to three offers side by side, one column each, in the evaluation file's offer terms."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from callscout import evalfile
from callscout.i18n import msg, pick
from callscout.model import PAYMENT_MODELS, Offer
from callscout.report.workbook import add_sheet
from callscout.rfp.sheets import QuestionnaireRequest
from callscout.rfp.sheets._cells import ANSWER_FILL, Rows, cell, parse_bool, parse_number, where

SHEET = "Предложение"
ORDER = 30
OFFER_COLUMNS = 3

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


def write(workbook: Workbook, request: QuestionnaireRequest) -> Worksheet:
    offers = add_sheet(
        workbook,
        SHEET,
        ["code", msg("rfp.term")] + [msg("rfp.offer", i=i) for i in range(1, OFFER_COLUMNS + 1)],
        ([code, pick(ru, en)] + [None] * OFFER_COLUMNS for code, ru, en in OFFER_FIELDS),
    )
    offers.column_dimensions["A"].hidden = True
    models = DataValidation(type="list", formula1='"' + ",".join(PAYMENT_MODELS) + '"', allow_blank=True)
    offers.add_data_validation(models)
    for column in range(3, 3 + OFFER_COLUMNS):
        models.add(offers.cell(3, column))
        for row in range(2, offers.max_row + 1):
            offers.cell(row, column).fill = ANSWER_FILL
    return offers


def read(rows: Rows, problems: list[str]) -> list[dict[str, Any]]:
    """The offers filled in, each as the evaluation file writes an offer (validated by ``Offer``)."""
    offer_columns: list[dict[str, Any]] = [{} for _ in range(OFFER_COLUMNS)]
    offer_rows: dict[str, int] = {}
    for index, row in rows:
        code = cell(row, 0)
        if not code:
            continue
        offer_rows[str(code)] = index
        for column in range(OFFER_COLUMNS):
            value = cell(row, 2 + column)
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
            problems.append(f"{where(SHEET, f'{letter}{offer_rows.get(field_name, 3)}')}: {error}")
    return offers


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
                numbers[key] = parse_number(raw[key])
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
        return bool(parse_bool(raw[key]))
    except ValueError as error:
        raise _OfferProblem(key, str(error)) from None
