"""The questionnaire's sheets (``rfp.sheets``, one module each, found by walking the package): every module keeps
the protocol, and junk a vendor can type into any sheet becomes a problem naming the sheet and the cell, or is
left out, never a crash (the python-stdnum shape's junk-input test over all modules)."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from callscout import evalfile
from callscout.errors import DataError
from callscout.registry import package_modules
from callscout.rfp import read_questionnaire, write_questionnaire
from callscout.rfp.questions import questionnaire_questions
from callscout.rfp.sheets import REQUIRED, all_sheets
from callscout.rfp.sheets.offers import OFFER_FIELDS

SENT = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
CODES = [question.field for question in questionnaire_questions()] + [code for code, _, _ in OFFER_FIELDS]
CODES += ["vendor", "buyer", "request_sent_at", "answered_at", "contact_person"]

junk_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    # What a cell can hold: an .xlsx file cannot store control characters (openpyxl refuses to write them).
    st.text(max_size=40).filter(lambda text: not ILLEGAL_CHARACTERS_RE.search(text)),
    st.sampled_from(["да", "нет", "inf", "-inf", "nan", "1e400", "=1+1", "12,5 %", "1 000 ₽", "'42", "per_call"]),
    st.sampled_from(["per_contact", "per_talk_minute", "salary_plus_percent", "fixed_monthly", "24/7"]),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
junk_code = st.one_of(st.sampled_from(CODES), junk_value)
junk_row = st.lists(junk_value, max_size=7).flatmap(lambda cells: junk_code.map(lambda code: (code, *cells))) | st.just(
    ()
)
junk_rows = st.lists(junk_row, max_size=30).map(lambda rows: list(enumerate(rows, start=2)))


def test_every_sheet_module_is_found_and_keeps_the_protocol() -> None:
    walked = package_modules("callscout.rfp.sheets")
    assert [module.__name__.rsplit(".", 1)[1] for module in walked] == ["answers", "meta", "offers"]
    assert [module.SHEET for module in all_sheets()] == ["Сведения", "Анкета", "Предложение"]  # workbook order
    for module in walked:
        assert all(hasattr(module, name) for name in REQUIRED), module.__name__


@pytest.mark.parametrize("module", all_sheets(), ids=lambda module: module.__name__.rsplit(".", 1)[1])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=junk_rows)
def test_junk_rows_in_any_sheet_become_problems_naming_the_cell_never_a_crash(module: Any, rows: list) -> None:
    problems: list[str] = []
    part = module.read(rows, problems)
    assert isinstance(part, dict | list)
    for problem in problems:
        assert isinstance(problem, str) and f"лист «{module.SHEET}», ячейка " in problem, problem


def test_what_a_sheet_reads_back_is_what_the_evaluation_accepts() -> None:
    """Answers and offers read from junk are only values the evaluation file's models take."""
    from callscout.model import Answers, Offer

    answers_sheet, offers_sheet = (module for module in all_sheets() if module.SHEET in ("Анкета", "Предложение"))

    @settings(max_examples=150, deadline=None)
    @given(rows=junk_rows)
    def check(rows: list) -> None:
        answers = answers_sheet.read(rows, [])
        Answers.model_validate(answers)
        for offer in offers_sheet.read(rows, []):
            Offer.model_validate(offer)

    check()


def _questionnaire(tmp_path: Path, demo_yaml: str) -> Path:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    return write_questionnaire(evaluation, evaluation.vendors[0], tmp_path / "q.xlsx", SENT)


def test_junk_files_and_damaged_workbooks_are_errors_naming_the_file(tmp_path: Path, demo_yaml: str) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    with pytest.raises(DataError, match=r"garbage\.xlsx"):
        read_questionnaire(garbage)
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(DataError, match="это не анкета CallScout"):
        read_questionnaire(other)
    # The vendor deleted every column but the hidden codes: nothing to read, nothing crashes.
    path = _questionnaire(tmp_path, demo_yaml)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        sheet.delete_cols(2, sheet.max_column)
    workbook.save(path)
    meta, answers, offers, problems = read_questionnaire(path)
    assert meta["vendor"] is None and answers == {} and offers == [] and problems == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 25), st.integers(1, 6), junk_value), max_size=25))
def test_junk_typed_into_a_real_questionnaire_never_crashes_the_reader(
    tmp_path_factory: pytest.TempPathFactory, demo_yaml: str, cells: list[tuple[int, int, int, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("junk")
    path = _questionnaire(folder, demo_yaml)
    workbook = load_workbook(path)
    for sheet_index, row, column, value in cells:
        if isinstance(value, str):
            # What a spreadsheet can hold: no control characters.
            value = "".join(char for char in value if char in string.printable or ord(char) > 127)
        workbook.worksheets[sheet_index].cell(row, column).value = value
    workbook.save(path)
    meta, answers, offers, problems = read_questionnaire(path)
    assert isinstance(meta, dict) and isinstance(answers, dict) and isinstance(offers, list)
    assert all("лист «" in problem for problem in problems)
