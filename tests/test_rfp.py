from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from callscout import evalfile
from callscout.errors import DataError
from callscout.rfp import (
    SHEET_ANSWERS,
    SHEET_META,
    SHEET_OFFERS,
    import_questionnaire,
    questionnaire_questions,
    write_letter,
    write_questionnaire,
)
from callscout.scoring.criteria import CRITERIA

SENT = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


@pytest.fixture
def evaluation_file(tmp_path: Path, demo_yaml: str) -> Path:
    path = tmp_path / "callscout.yaml"
    path.write_text(demo_yaml, encoding="utf-8")
    return path


def test_questionnaire_asks_every_question_the_criteria_need() -> None:
    asked = {question.field for question in questionnaire_questions()}
    needed = {item.answer_field for item in CRITERIA if item.answer_field} - {"answer_was_formal"}
    assert asked == needed
    kinds = {question.field: question.kind for question in questionnaire_questions()}
    assert kinds["statistics_indicators"] == "number" and kinds["call_listening"] == "yes_no"


def _fill(path: Path, answers: dict[str, object], offer: dict[str, object], answered_at: object) -> None:
    workbook = load_workbook(path)
    sheet = workbook[SHEET_ANSWERS]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[3].value = answers[row[0].value]
    sheet = workbook[SHEET_OFFERS]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in offer:
            row[2].value = offer[row[0].value]
    meta = workbook[SHEET_META]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "answered_at":
            row[2].value = answered_at
    workbook.save(path)


def test_letter_and_questionnaire_round_trip(evaluation_file: Path, tmp_path: Path) -> None:
    evaluation = evalfile.load(evaluation_file)
    vendor = evaluation.vendor("ТелеСервис Плюс")
    html, pdf = write_letter(evaluation, vendor, tmp_path / "out", SENT)
    text = html.read_text(encoding="utf-8")
    assert "Запрос коммерческого предложения" in text and "9\u00a0000" in text and "RetailCRM" in text
    # A date as a Russian reader writes it, not ISO, in the evaluation's time zone (07:00 UTC is 10:00 in Moscow).
    assert "Дата: 20.11.2026 10:00" in text
    assert "8-800" in text and "оклад плюс процент" in text
    assert pdf.read_bytes().startswith(b"%PDF")
    questionnaire = write_questionnaire(evaluation, vendor, tmp_path / "out" / "q.xlsx", SENT)

    _fill(
        questionnaire,
        {"online_statistics": "да", "statistics_indicators": "12", "call_listening": "Нет", "crm_integration": "yes"},
        {
            "name": "Входящие поминутно",
            "model": "per_talk_minute",
            "rate": "18,5",
            "increment_s": 1,
            "amount": 15000,
            "toll_free_per_minute": 2.5,
            "dedicated_operators": "нет",
        },
        "2026-11-20 15:30",
    )
    result = import_questionnaire(evaluation_file, questionnaire, "телесервис плюс")
    assert result.offers == 1 and result.answers_set["statistics_indicators"] == 12
    updated = evalfile.load(evaluation_file).vendor("ТелеСервис Плюс")
    assert updated.answers.online_statistics is True and updated.answers.call_listening is False
    assert updated.answers.answer_was_formal is True  # kept: not in the questionnaire
    offer = updated.offers[0]
    assert [charge.model for charge in offer.charges] == ["per_talk_minute", "fixed_monthly"]
    assert offer.charges[0].rate == 18.5 and offer.charges[0].increment_s == 1
    # The send and answer times feed the responsiveness criterion.
    assert updated.request_sent_at is not None
    assert updated.answered_at == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def test_bad_answers_change_nothing_and_name_the_cell(evaluation_file: Path, tmp_path: Path) -> None:
    evaluation = evalfile.load(evaluation_file)
    before = evaluation_file.read_text(encoding="utf-8")
    questionnaire = write_questionnaire(evaluation, evaluation.vendor("Линия 24"), tmp_path / "q.xlsx", SENT)
    _fill(
        questionnaire,
        {"call_rating": "возможно", "online_statistics": "да"},
        {"model": "per_minute_magic", "rate": 5},
        "2026-11-21 10:00",
    )
    with pytest.raises(DataError) as error:
        import_questionnaire(evaluation_file, questionnaire, "Линия 24")
    details = "\n".join(error.value.details)
    assert "«Анкета», ячейка D" in details and "да» или «нет" in details
    assert "«Предложение», ячейка C3" in details
    assert evaluation_file.read_text(encoding="utf-8") == before

    empty = write_questionnaire(evaluation, evaluation.vendor("Линия 24"), tmp_path / "empty.xlsx", SENT)
    with pytest.raises(DataError) as empty_error:
        import_questionnaire(evaluation_file, empty, "Линия 24")
    assert "анкета пустая" in "\n".join(empty_error.value.details)
    assert evaluation_file.read_text(encoding="utf-8") == before

    not_ours = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    Workbook().save(not_ours)
    with pytest.raises(DataError, match="не анкета CallScout"):
        import_questionnaire(evaluation_file, not_ours, "Линия 24")
    with pytest.raises(DataError, match="не найден"):
        import_questionnaire(evaluation_file, questionnaire, "Нет такого")


def test_formula_typed_by_a_vendor_is_not_evaluated(evaluation_file: Path, tmp_path: Path) -> None:
    evaluation = evalfile.load(evaluation_file)
    questionnaire = write_questionnaire(evaluation, evaluation.vendor("Call Mind"), tmp_path / "q.xlsx", SENT)
    _fill(questionnaire, {"call_rating": '=IF(1,"да","нет")', "operator_testing": "нет"}, {}, None)
    result = import_questionnaire(evaluation_file, questionnaire, "Call Mind")
    # A formula is never evaluated: without a cached value it reads as no answer (unknown), not as "да".
    assert result.answers_set == {"operator_testing": False}
    vendor = evalfile.load(evaluation_file).vendor("Call Mind")
    assert vendor.answers.call_rating is None and vendor.answers.operator_testing is False
    assert vendor.offers[0].name == "Процент с продаж + абонплата"  # an empty offer sheet keeps the offers


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callscout", *arguments], cwd=cwd, capture_output=True, text=True, timeout=180
    )


def test_rfp_and_evaluate_commands(evaluation_file: Path, tmp_path: Path) -> None:
    made = _cli("rfp", "Контакт-Экспресс", "--out", "rfp", "--sent-at", "2026-11-20T10:00:00+03:00", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    names = sorted(path.name for path in (tmp_path / "rfp").iterdir())
    assert names == ["questionnaire-Контакт-Экспресс.xlsx", "rfp-Контакт-Экспресс.html", "rfp-Контакт-Экспресс.pdf"]
    vendor = evalfile.load(evaluation_file).vendor("Контакт-Экспресс")
    assert vendor.request_sent_at.isoformat() == "2026-11-20T10:00:00+03:00" and vendor.answered_at is None
    _fill(tmp_path / "rfp" / names[0], {"works_24_7": "да"}, {}, "2026-11-20T12:30:00+03:00")
    imported = _cli(
        "rfp", "import", str(tmp_path / "rfp" / names[0]), "--vendor", "Контакт-Экспресс", "--formal", cwd=tmp_path
    )
    assert imported.returncode == 0, imported.stderr
    answered = evalfile.load(evaluation_file).vendor("Контакт-Экспресс")
    assert answered.response_hours == pytest.approx(2.5) and answered.answers.answer_was_formal is True
    missing = _cli("rfp", "Нет такого", cwd=tmp_path)
    assert missing.returncode == 1 and "не найден" in missing.stderr

    evaluated = _cli("evaluate", "callscout.yaml", "--out", "report", "--output", "json", "--lang", "en", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    summary = json.loads(evaluated.stdout)
    assert summary["winner"] in summary["ranking"] and len(summary["ranking"]) == 6
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Who to choose" in html
    # No PDF unless asked (--formats): three quarters of a report's time; nor its print page (drawn from
    # report.json if the PDF is asked for later).
    assert not (tmp_path / "report" / "report.pdf").exists()
    assert not (tmp_path / "report" / "report.print.html").exists()


def test_evaluate_exits_1_when_no_vendor_qualifies(evaluation_file: Path, tmp_path: Path) -> None:
    text = evaluation_file.read_text(encoding="utf-8")
    evaluation_file.write_text(
        text + "\nscoring:\n  knockouts:\n    - {criterion: response_hours, max: 0.5}\n", encoding="utf-8"
    )
    result = _cli("evaluate", "callscout.yaml", "--out", "report", "--output", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["winner"] is None and summary["ranking"] == []
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Ни один кандидат не прошёл обязательные требования" in html
