"""Numbers and dates in the reader's language: a Russian report writes "89,2" and "27.11.2026 15:03",
an English one "89.2" and "27 Nov 2026 15:03"; the JSON keeps machine numbers and ISO times.
Moments are shown in the evaluation's time zone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from callscout.i18n import format_datetime, format_number, format_percent, language
from callscout.report import write_reports
from callscout.scoring import score_document
from tests.scoring_docs import VendorSpec, document_for

# CLDR (Babel) groups Russian thousands with a no-break space, as the charts' d3 "ru-RU" locale does.
NARROW = "\u00a0"


def test_format_functions_follow_the_language() -> None:
    assert format_number(1234567.891, 1, language="ru") == f"1{NARROW}234{NARROW}567,9"
    assert format_number(1234567.891, 1, language="en") == "1,234,567.9"
    assert format_number(2.50, 2, trim=True, language="ru") == "2,5"
    assert format_number(3.0, 2, trim=True, language="en") == "3"
    assert format_number(-0.01, 1, language="ru") == "0,0"
    assert format_percent(0.253, language="ru") == "25,3%"
    assert format_percent(0.253, language="en") == "25.3%"
    assert format_datetime("2026-11-27T12:03:44+00:00", language="ru") == "27.11.2026 12:03"
    assert format_datetime("2026-11-27T12:03:44+00:00", language="en") == "27 Nov 2026 12:03"
    assert format_datetime("2026-11-09", language="ru") == "09.11.2026"
    # Not a day: shown as it is rather than guessed.
    assert format_datetime("2026-W45", language="ru") == "2026-W45"
    assert format_datetime("вчера", language="ru") == "вчера"
    with language("en"):
        assert format_number(0.5) == "0.5"


def _visible_text(html: str) -> str:
    html = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, dict, Path]]:
    written: dict[str, tuple[str, dict, Path]] = {}
    for lang in ("ru", "en"):
        with language(lang):
            specs = [
                VendorSpec("Альфа", monthly_cost=1_234_567.8, company_age=8.25, service_level=0.853),
                VendorSpec("Бета", monthly_cost=200_000),
            ]
            document, evaluation = document_for(specs)
            document["generated_at"] = "2026-11-27T12:03:44+00:00"
            document["scoring"] = score_document(document, evaluation)
            document["sections"].append("scoring")
            document["language"] = lang
            out = tmp_path_factory.mktemp(lang)
            write_reports(document, out, formats=["html", "json", "xlsx"])
        html = (out / "report.html").read_text(encoding="utf-8")
        data = json.loads((out / "report.json").read_text(encoding="utf-8"))
        written[lang] = (_visible_text(html), data, out / "report.xlsx")
    return written


def test_russian_report_writes_decimal_commas_and_russian_dates(reports: dict[str, tuple[str, dict, Path]]) -> None:
    text, data, _ = reports["ru"]
    # Shown in the evaluation's time zone (needs.timezone, Europe/Moscow by default): 12:03 UTC is 15:03 there.
    assert "27.11.2026 15:03" in text and "2026-11-27T" not in text
    assert f"1{NARROW}234{NARROW}568\u00a0₽" in text  # the vendor's monthly cost, to the rouble, kept on one line
    assert "85,3%" in text and "8,2 г." in text  # the service level and the company's age
    assert "80% / 20 с" in text and f"9{NARROW}000" in text  # the buyer's target without ",0"; calls a month
    # No number in the visible text is written with a decimal point (versions and addresses aside).
    dotted = re.findall(r"(?<![\w.])\d+\.\d+%?(?![\w.])", text.replace("CallScout " + data["callscout_version"], ""))
    assert not dotted, dotted
    # The data file keeps machine values: a float, an ISO time.
    assert data["generated_at"] == "2026-11-27T12:03:44+00:00"
    assert data["economics"]["best_offer_by_vendor"]["Альфа"]["monthly_cost_rub"] == pytest.approx(1_234_567.8)


def test_english_report_keeps_decimal_points(reports: dict[str, tuple[str, dict, Path]]) -> None:
    text, _, _ = reports["en"]
    assert "27 Nov 2026 15:03" in text and "2026-11-27T" not in text
    assert "1,234,568\u00a0₽" in text and "9,000" in text
    assert "85.3%" in text and "8.2 y" in text
    assert "85,3%" not in text


def test_workbook_keeps_numbers_with_number_formats(reports: dict[str, tuple[str, dict, Path]]) -> None:
    _, data, path = reports["ru"]
    ranking = load_workbook(path)["Рейтинг"]
    header = [cell.value for cell in ranking[1]]
    first = {name: cell for name, cell in zip(header, ranking[2], strict=True)}
    winner = data["scoring"]["vendors"][0]
    score, probability = first["Балл из 100"], first["Вероятность 1-го места"]
    # Machine numbers, shown by Excel in the reader's locale through the format.
    assert isinstance(score.value, float) and score.value == pytest.approx(winner["total"])
    assert score.number_format == "0.0"
    assert probability.value == pytest.approx(winner["probability_first"]) and probability.number_format == "0.0%"
    weights = load_workbook(path)["Веса"]
    header = [cell.value for cell in weights[1]]
    weight = weights.cell(row=2, column=header.index("Вес") + 1)
    assert isinstance(weight.value, float) and 0 < weight.value <= 1 and weight.number_format == "0.0%"
