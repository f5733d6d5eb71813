"""Topics, results, survey scores, channels and the sales table on real-layout exports and the bank month.

Every expected number is worked out here from the raw files with plain Python, independently of the
importer and the SQL: the cabinet exports (tests/data/calls/cabinet_topics_*.csv: «Тематика», «Результат
звонка», «Оценка разговора», NPS, «Виртуальный номер», utm_source columns, as a call-tracking cabinet's
CSV export writes them: semicolons, a BOM, CRLF, dd.mm.yyyy dates, H:MM:SS talk times) and the shop's
orders (shop_orders_march.csv).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openpyxl import load_workbook

from callscout import evalfile
from callscout.calls import channels, kpi, sales, survey, topics
from callscout.calls.mapping import detect
from callscout.errors import DataError
from callscout.model.sources import CallSource
from tests.calls_helpers import BANK, DATA, cli_evaluation, new_store, owner, scope, vendor_of
from tests.test_calls_cli import callscout
from tests.test_calls_kpi import SMALL_LOG

ALPHA = DATA / "cabinet_topics_alpha.csv"
BETA = DATA / "cabinet_topics_beta.csv"
ORDERS = DATA / "shop_orders_march.csv"
SOURCES = [
    CallSource(channel="Яндекс Директ", numbers=["+7 (495) 120-45-67"], utm=["yandex"], spend={"2026-03": 90000}),
    CallSource(channel="Авито", numbers=["+7 (812) 400-11-22"], utm=["Avito"], spend={"2026-03": 30000}),
    CallSource(channel="сайт", numbers=["8 800 555-35-35"]),
    CallSource(channel="офлайн", numbers=["+7 (495) 777-00-00"], spend={"2026-02": 5000, "2026-03": 10000}),
]
EVALUATION_YAML = """name: Магазин
needs: {calls_per_month: 3000}
sources:
  - channel: Яндекс Директ
    numbers: ["+7 (495) 120-45-67"]
    utm: [yandex]
    spend: {"2026-03": 90000}
  - channel: Авито
    numbers: ["+7 (812) 400-11-22"]
    utm: [Avito]
    spend: {"2026-03": 30000}
  - channel: сайт
    numbers: ["8 800 555-35-35"]
"""

# The same evaluation with its two vendors: the command line's calls belong to them.
SHOP_YAML = EVALUATION_YAML.replace("sources:", "vendors:\n  - name: Альфа\n  - name: Бета\nsources:")


def shop_file(folder: Path) -> Path:
    """callscout.yaml of the shop in ``folder``, stored as the evaluation the command line works on."""
    from callscout.store import Store

    path = folder / "callscout.yaml"
    path.write_text(SHOP_YAML, encoding="utf-8")
    store = Store()
    try:
        store.save_evaluation(evalfile.load(path), str(path.resolve()))
    finally:
        store.close()
    return path


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "7" + digits[1:] if len(digits) == 11 and digits.startswith("8") else digits


def raw_calls() -> list[dict[str, Any]]:
    """The two exports read with the csv module: one dict per call, as a person reads the file."""
    calls = []
    for vendor, path in (("Альфа", ALPHA), ("Бета", BETA)):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                hours, minutes, seconds = (int(part) for part in row["Длительность разговора"].split(":"))
                calls.append(
                    {
                        "vendor": vendor,
                        "id": row["ID звонка"],
                        "at": datetime.strptime(row["Дата и время"], "%d.%m.%Y %H:%M:%S"),
                        "phone": _digits(row["Номер абонента"]),
                        "dialled": _digits(row["Виртуальный номер"]),
                        "utm": row["utm_source"],
                        "answered": row["Статус"] == "Принятый",
                        "wait": float(row["Время ожидания, сек"]),
                        "talk": hours * 3600 + minutes * 60 + seconds,
                        "agent": row["Сотрудник"],
                        "topic": row["Тематика"] or None,
                        "result": row["Результат звонка"] or None,
                        "csat": float(row["Оценка разговора"]) if row["Оценка разговора"] else None,
                        "nps": float(row["NPS"]) if row["NPS"] else None,
                    }
                )
    return calls


def raw_orders() -> list[dict[str, Any]]:
    with ORDERS.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "id": row["Номер заказа"],
                "at": datetime.strptime(row["Дата создания"], "%d.%m.%Y %H:%M"),
                "phone": _digits(row["Телефон"]),
                "call_id": row["ID звонка"] or None,
                "amount": float(row["Сумма"]),
            }
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory):
    store = new_store(tmp_path_factory.mktemp("shop"))
    store.import_file(ALPHA, **owner(store, "Альфа"))
    store.import_file(BETA, **owner(store, "Бета"))
    store.import_file(ORDERS, **owner(store, "shop"), kind="orders")
    return store


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory):
    store = new_store(tmp_path_factory.mktemp("bank"))
    store.import_file(BANK, **owner(store, "Bank"))
    return store


# --- the columns are found like any other field ----------------------------------------------------


def test_export_headers_map_to_the_new_fields() -> None:
    with ALPHA.open(encoding="utf-8-sig") as handle:
        headers = handle.readline().strip().split(";")
    columns = detect(headers).columns
    assert columns["topic"] == "Тематика" and columns["result"] == "Результат звонка"
    assert columns["csat"] == "Оценка разговора" and columns["nps"] == "NPS"
    assert columns["dialled"] == "Виртуальный номер" and columns["utm"] == "utm_source"
    # The status stays the outcome, the caller's number the caller: the new fields take nothing of theirs.
    assert columns["outcome"] == "Статус" and columns["caller_id"] == "Номер абонента"
    other = detect(["Дата", "Время", "Категория обращения", "Wrap-up code", "DNIS", "Rating", "Hangup reason"]).columns
    assert other["topic"] == "Категория обращения" and other["result"] == "Wrap-up code"
    assert other["dialled"] == "DNIS" and other["csat"] == "Rating"
    assert "Hangup reason" not in other.values()  # a reason to hang up is no call reason


def test_result_column_alone_still_gives_the_outcome(tmp_path: Path) -> None:
    """An export whose only status column is «Результат звонка» keeps its answered/missed reading."""
    log = tmp_path / "mango.csv"
    log.write_text(
        "Дата и время;Номер;Результат звонка;Ожидание\n"
        "15.01.2024 10:00:00;+79001112233;Пропущенный;40\n"
        "15.01.2024 10:05:00;+79001112234;Отвечен;5\n",
        encoding="utf-8",
    )
    store = new_store(tmp_path)
    result = store.import_file(log, **owner(store, "M"))
    assert result.outcomes == {"abandoned": 1, "answered": 1}


def test_imported_values_match_the_file(shop) -> None:
    expected = {(call["vendor"], call["id"]): call for call in raw_calls()}
    with shop.reader(*scope(shop)) as connection:
        rows = connection.execute(
            "SELECT vendor, call_id, topic, result, dialled, utm, csat, nps FROM calls"
        ).fetchall()
    assert len(rows) == len(expected) == 200
    for vendor, call_id, topic, result, dialled, utm, csat, nps in rows:
        call = expected[(vendor, call_id)]
        assert (topic, result, csat, nps) == (call["topic"], call["result"], call["csat"], call["nps"])
        assert dialled == (call["dialled"] or None) and utm == (call["utm"] or None)


def test_bad_survey_score_names_the_line(tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text(
        "Дата и время;Статус;Оценка клиента;NPS\n"
        "15.01.2024 10:00:00;Принят;5;10\n"
        "15.01.2024 10:05:00;Принят;7;\n"
        "15.01.2024 10:06:00;Принят;;11\n"
        "15.01.2024 10:07:00;Принят;—;нет оценки\n",  # no answer is not a bad value
        encoding="utf-8",
    )
    store = new_store(tmp_path)
    with pytest.raises(DataError) as caught:
        store.import_file(log, **owner(store, "X"))
    text = caught.value.message + " ".join(caught.value.details or [])
    assert "строка 3" in text and "CSAT не от 1 до 5: 7" in text
    assert "строка 4" in text and "NPS не от 0 до 10: 11" in text
    assert store.imports(scope(store)[0]) == []  # all or nothing
    assert "строка 5" not in text
    good = tmp_path / "good.csv"
    good.write_text(
        "Дата и время;Статус;Оценка клиента;NPS\n15.01.2024 10:07:00;Принят;—;нет оценки\n", encoding="utf-8"
    )
    store.import_file(good, **owner(store, "X"))
    with store.reader(*scope(store)) as connection:
        assert connection.execute("SELECT csat, nps FROM calls").fetchall() == [(None, None)]


def test_files_written_before_the_optional_columns_read_as_unknown(tmp_path: Path) -> None:
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    store = new_store(tmp_path)
    store.import_file(log, **owner(store, "S"))
    store.import_file(ALPHA, **owner(store, "Альфа"))
    # Rewrite the first import's files (one per day) as an older version wrote them: without the optional columns.
    evaluation_id, ids = scope(store, "S")
    connection = duckdb.connect()
    for path in store.files(evaluation_id, ids):
        connection.execute(
            f"COPY (SELECT * EXCLUDE (topic, result, dialled, utm, csat, nps) FROM read_parquet('{path}')) "
            f"TO '{path}.old' (FORMAT parquet)"
        )
        Path(f"{path}.old").replace(path)
    connection.close()
    with store.reader(*scope(store, "S")) as connection:
        assert connection.execute("SELECT count(*), count(topic), count(csat) FROM calls").fetchone() == (9, 0, 0)
    with store.reader(*scope(store)) as connection:
        assert connection.execute("SELECT count(*), count(topic) FROM calls").fetchone()[1] > 0


# --- topics and results ----------------------------------------------------------------------------


def _bank_topics() -> dict[str, dict[str, int]]:
    """Offered, answered and long-abandoned calls per service type, straight from the raw month."""
    counts: dict[str, Counter] = defaultdict(Counter)
    with BANK.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            queued = row["q_start"] != "0:00:00" or int(row["q_time"]) > 0
            if row["outcome"] == "AGENT":
                counts[row["type"]]["offered"] += 1
                counts[row["type"]]["answered"] += 1
            elif row["outcome"] == "HANG" and queued:
                counts[row["type"]]["offered"] += 1
                if max(int(row["q_time"]), 0) >= 5:
                    counts[row["type"]]["abandoned"] += 1
    return {kind: dict(values) for kind, values in counts.items()}


def test_bank_by_topic_is_its_service_type(bank) -> None:
    expected = _bank_topics()
    assert set(expected) == {"PS", "PE", "IN", "NE", "NW", "TT"}
    with bank.reader(*scope(bank)) as connection:
        data = topics.breakdown(connection, kpi.KpiSettings(), "topic")
    assert data["status"] == "ok" and data["with_value"] == data["calls"] == 33344
    got = {row["key"]: row for row in data["rows"]}
    assert set(got) == set(expected)
    for kind, values in expected.items():
        assert (got[kind]["offered"], got[kind]["answered"], got[kind]["abandoned"]) == (
            values["offered"],
            values["answered"],
            values.get("abandoned", 0),
        ), kind
    assert sum(row["offered"] for row in data["rows"]) == 31125  # the month's offered calls, as the totals say


def test_bank_by_topic_from_the_command_line(tmp_path: Path) -> None:
    cli_evaluation("Bank")
    imported = callscout("calls", "import", str(BANK), "--vendor", "Bank", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    result = callscout("calls", "kpi", "--by", "topic", "--output", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["key"]: row["offered"] for row in json.loads(result.stdout)["rows"]}
    assert rows == {kind: values["offered"] for kind, values in _bank_topics().items()}
    table = callscout("calls", "topics", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "Частые вопросы" in table.stdout and "обычные" in table.stdout  # PS, by its name
    no_result = callscout("calls", "kpi", "--by", "result", cwd=tmp_path)
    assert no_result.returncode == 0 and "нет данных" in no_result.stdout + no_result.stderr
    assert "--map result=" in no_result.stdout + no_result.stderr


def test_log_without_topics_says_no_data(tmp_path: Path) -> None:
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    cli_evaluation("S")
    assert callscout("calls", "import", str(log), "--vendor", "S", cwd=tmp_path).returncode == 0
    data = json.loads(callscout("calls", "kpi", "--by", "topic", "--output", "json", cwd=tmp_path).stdout)
    assert data["status"] == "no_data" and data["reason"] == "no_topic_column" and data["rows"] == []
    faq = json.loads(callscout("calls", "topics", "--output", "json", cwd=tmp_path).stdout)
    assert faq == {"status": "no_data", "field": "topic", "calls": 8, "reason": "no_topic_column"}
    shown = callscout("calls", "topics", cwd=tmp_path)
    assert "нет данных" in shown.stdout + shown.stderr and "0" not in (shown.stdout + shown.stderr).split()
    survey_data = json.loads(callscout("calls", "survey", "--output", "json", cwd=tmp_path).stdout)
    assert survey_data["status"] == "no_data" and survey_data["reason"] == "no_survey_column"


def test_frequent_questions_by_hand(shop) -> None:
    calls = raw_calls()
    weeks = sorted({(call["at"] - timedelta(days=call["at"].weekday())).date().isoformat() for call in calls})
    per_topic: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for call in calls:
        per_topic[call["topic"] or "—"].append(call)
    with shop.reader(*scope(shop)) as connection:
        data = topics.frequent_questions(connection, kpi.KpiSettings(), top=3)
    assert data["weeks"] == weeks and data["with_topic"] == sum(1 for call in calls if call["topic"])
    assert data["topics_total"] == len(per_topic) and len(data["topics"]) == 3
    ranked = sorted(per_topic, key=lambda topic: (-len(per_topic[topic]), topic))[:3]
    assert [item["topic"] for item in data["topics"]] == ranked
    for item in data["topics"]:
        group = per_topic[item["topic"]]
        answered = [call for call in group if call["answered"]]
        lost = [call for call in group if not call["answered"] and call["wait"] >= 5]
        short = [call for call in group if not call["answered"] and call["wait"] < 5]
        assert item["offered"] == len(group)
        assert item["abandon_rate"] == pytest.approx(len(lost) / (len(group) - len(short)), abs=1e-4)
        assert item["aht_s"] == pytest.approx(sum(call["talk"] for call in answered) / len(answered), abs=0.01)
        weekly = Counter((call["at"] - timedelta(days=call["at"].weekday())).date().isoformat() for call in group)
        assert item["weekly"] == [weekly.get(week, 0) for week in weeks]
        week_totals = Counter((c["at"] - timedelta(days=c["at"].weekday())).date().isoformat() for c in calls)
        change = 100 * (weekly[weeks[-1]] / week_totals[weeks[-1]] - weekly[weeks[-2]] / week_totals[weeks[-2]])
        assert item["trend"]["change_pp"] == pytest.approx(change, abs=0.01)
        assert item["trend"]["direction"] == ("flat" if abs(change) < 1 else "up" if change > 0 else "down")
    # Some topics lose calls (chosen in the voice menu, then abandoned): the share is not all zeros.
    assert any(item["abandon_rate"] for item in data["topics"])


def test_by_result(shop) -> None:
    calls = raw_calls()
    with shop.reader(*scope(shop)) as connection:
        data = topics.breakdown(connection, kpi.KpiSettings(), "result", vendors=["Альфа"])
    expected = Counter(call["result"] or "—" for call in calls if call["vendor"] == "Альфа")
    assert {row["key"]: row["offered"] for row in data["rows"]} == dict(expected)


# --- survey ------------------------------------------------------------------------------------------


def test_wilson_and_nps_intervals_against_published_values() -> None:
    # Wilson 95 % for 8 of 10: 0.4902–0.9433 (Newcombe 1998, table I style; also statsmodels' proportion_confint).
    assert survey.wilson(8, 10) == pytest.approx([0.4902, 0.9433], abs=1e-4)
    assert survey.wilson(0, 0) is None
    # 5 promoters, 3 passives, 2 detractors: NPS 30; variance (0.5 + 0.2 - 0.09) / 10.
    score, interval = survey.nps_interval(5, 2, 10)
    half = 1.959963984540054 * math.sqrt((0.5 + 0.2 - 0.09) / 10) * 100
    assert score == 30.0 and interval == pytest.approx([30 - half, 30 + half], abs=0.06)


def test_survey_by_vendor_and_topic_with_qa_grades(shop) -> None:
    calls = raw_calls()
    rated = [call for call in calls if call["vendor"] == "Альфа" and call["csat"] is not None]
    graded = rated[:6] + [call for call in calls if call["vendor"] == "Альфа" and call["csat"] is None][:2]
    alpha_ref, beta_ref = vendor_of(shop, "Альфа"), vendor_of(shop, "Бета")
    # As the QA service lists them: each grade's vendor by id (the name is the one it had when graded).
    qa = [
        {
            "vendor_id": alpha_ref.id,
            "vendor": "Альфа (старое)",
            "call_id": call["id"],
            "score": 50.0 + 10 * (call["csat"] or 3),
        }
        for call in graded
    ]
    qa.append({"vendor_id": alpha_ref.id, "vendor": "Альфа", "call_id": None, "score": 10.0})  # a recording: left out
    # Another vendor's grade of a call with the same id is not Альфа's; a vendor outside the selection is left out.
    qa.append({"vendor_id": beta_ref.id, "vendor": "Альфа", "call_id": graded[6]["id"], "score": 0.0})
    qa.append({"vendor_id": beta_ref.id + 1000, "vendor": "Альфа", "call_id": graded[0]["id"], "score": 0.0})
    grades = survey.graded_calls(qa, [alpha_ref, beta_ref])
    assert len(grades) == 9 and {grade["vendor"] for grade in grades} == {"Альфа", "Бета"}
    with shop.reader(*scope(shop)) as connection:
        data = survey.report(connection, "vendor", grades=grades)
        by_topic = survey.report(connection, "topic")
    alpha = next(row for row in data["rows"] if row["key"] == "Альфа")
    scores = [call["csat"] for call in rated]
    mean = sum(scores) / len(scores)
    assert alpha["csat_answers"] == len(scores) and alpha["csat_mean"] == pytest.approx(mean, abs=1e-3)
    assert alpha["csat_mean_ci"][0] < mean < alpha["csat_mean_ci"][1]
    good = sum(score >= 4 for score in scores)
    assert alpha["csat_share"] == pytest.approx(good / len(scores), abs=1e-4)
    assert alpha["csat_share_ci"] == survey.wilson(good, len(scores))
    nps_scores = [call["nps"] for call in calls if call["vendor"] == "Альфа" and call["nps"] is not None]
    promoters = sum(score >= 9 for score in nps_scores)
    detractors = sum(score <= 6 for score in nps_scores)
    assert alpha["nps_answers"] == len(nps_scores)
    assert alpha["nps"] == pytest.approx(100 * (promoters - detractors) / len(nps_scores), abs=0.05)
    assert alpha["qa_graded"] == 8 and alpha["graded_and_rated"] == 6
    assert alpha["graded_csat_mean"] == pytest.approx(sum(call["csat"] for call in graded[:6]) / 6, abs=1e-3)
    beta = next(row for row in data["rows"] if row["key"] == "Бета")
    assert beta["qa_graded"] == 0 and beta["qa_mean"] is None  # no grade: unknown, not 0
    assert data["qa_correlation"]["calls"] == 6
    assert data["qa_correlation"]["spearman"] == pytest.approx(1.0)  # the grades were made to follow CSAT
    complaints = next(row for row in by_topic["rows"] if row["key"] == "Жалоба")
    overall = sum(scores) / len(scores)
    assert complaints["csat_mean"] < overall  # complaints are rated lower, as the calls were


def test_survey_from_the_command_line(shop, tmp_path: Path) -> None:
    cli_evaluation("Альфа", "Бета")
    for path, vendor in ((ALPHA, "Альфа"), (BETA, "Бета")):
        assert callscout("calls", "import", str(path), "--vendor", vendor, cwd=tmp_path).returncode == 0
    result = callscout("calls", "survey", "--by", "agent", "--vendor", "Бета", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Мнение клиентов" in result.stdout and "нет" in result.stdout  # the missed calls' row: no scores
    data = json.loads(
        callscout("calls", "survey", "--by", "agent", "--vendor", "Бета", "--output", "json", cwd=tmp_path).stdout
    )
    assert {row["key"] for row in data["rows"]} == {"Кузнецов Илья", "Орлова Дарья", "—"}
    unrated = next(row for row in data["rows"] if row["key"] == "—")
    assert unrated["csat_answers"] == 0 and unrated["csat_mean"] is None and unrated["nps"] is None


# --- channels and sales ------------------------------------------------------------------------------


def _channel_of(call: dict[str, Any]) -> str:
    for source in SOURCES:
        if call["dialled"] and call["dialled"] in {_digits(number) for number in source.numbers}:
            return source.channel
    for source in SOURCES:
        if call["utm"] and call["utm"].casefold() in {tag.casefold() for tag in source.utm}:
            return source.channel
    return channels.NO_CHANNEL


def _attributed_orders(calls: list[dict[str, Any]]) -> dict[tuple[str, str], list[float]]:
    """Each order to one call: the call it names, else the latest answered call from its phone in 24 h."""
    answered = [call for call in calls if call["answered"]]
    by_id = {call["id"]: call for call in answered}
    result: dict[tuple[str, str], list[float]] = defaultdict(list)
    for order in raw_orders():
        if order["call_id"]:
            call = by_id.get(order["call_id"])
        else:
            candidates = [
                call
                for call in answered
                if call["phone"] == order["phone"] and call["at"] <= order["at"] <= call["at"] + timedelta(hours=24)
            ]
            call = max(candidates, key=lambda item: item["at"]) if candidates else None
        if call is not None:
            result[(call["vendor"], call["id"])].append(order["amount"])
    return result


def test_channels_by_hand(shop) -> None:
    calls = raw_calls()
    attributed = _attributed_orders(calls)
    with shop.reader(*scope(shop)) as connection:
        data = channels.report(connection, kpi.KpiSettings(), SOURCES)
    assert data["status"] == "ok" and data["months"] == ["2026-03"]
    got = {row["channel"]: row for row in data["channels"]}
    assert list(got) == ["Яндекс Директ", "Авито", "сайт", "офлайн", channels.NO_CHANNEL]
    for channel in got:
        group = [call for call in calls if _channel_of(call) == channel]
        orders = [amount for call in group for amount in attributed.get((call["vendor"], call["id"]), [])]
        answered = [call for call in group if call["answered"]]
        converted = [call for call in answered if (call["vendor"], call["id"]) in attributed]
        row = got[channel]
        assert row["calls"] == len(group), channel
        assert row["answered"] == len(answered)
        assert row["lost"] == sum(1 for call in group if not call["answered"] and call["wait"] >= 5)
        assert row["orders"] == len(orders) and row["converted_calls"] == len(converted)
        assert row["revenue"] == (pytest.approx(sum(orders)) if orders else None)
        assert row["conversion"] == (pytest.approx(len(converted) / len(answered), abs=1e-4) if answered else None)
    assert got["Яндекс Директ"]["cost_per_call"] == pytest.approx(90000 / got["Яндекс Директ"]["calls"], abs=0.01)
    assert got["Авито"]["cost_per_order"] == pytest.approx(30000 / got["Авито"]["orders"], abs=0.01)
    # No spend given: unknown, with the month named; a channel without calls still shows its spend.
    assert got["сайт"]["spend"] is None and got["сайт"]["spend_months_missing"] == ["2026-03"]
    assert got["офлайн"]["calls"] == 0 and got["офлайн"]["spend"] == 10000 and got["офлайн"]["cost_per_call"] is None
    # Every order but the one with no call behind it is attributed, once.
    assert sum(row["orders"] for row in data["channels"]) == len(raw_orders()) - 1
    per_vendor = {(row["channel"], row["vendor"]): row["calls"] for row in data["by_vendor"]}
    for channel in ("Яндекс Директ", "Авито"):
        assert per_vendor[(channel, "Альфа")] + per_vendor[(channel, "Бета")] == got[channel]["calls"]


def test_channels_without_orders_or_tracking_are_unknown(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    store.import_file(ALPHA, **owner(store, "Альфа"))
    with store.reader(*scope(store)) as connection:
        data = channels.report(connection, kpi.KpiSettings(), SOURCES)
        assert channels.report(connection, kpi.KpiSettings(), [])["reason"] == "no_sources"
    row = data["channels"][0]
    assert row["calls"] > 0 and row["orders"] is None and row["conversion"] is None and row["cost_per_order"] is None
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    store.import_file(log, **owner(store, "S"))
    with store.reader(*scope(store, "S")) as connection:
        untracked = channels.report(connection, kpi.KpiSettings(), SOURCES, vendors=["S"])
    assert untracked["status"] == "no_data" and untracked["reason"] == "no_dialled_column"


def test_sources_block_is_checked() -> None:
    evaluation, problems = evalfile.parse_text(EVALUATION_YAML)
    assert not problems and [source.channel for source in evaluation.sources] == ["Яндекс Директ", "Авито", "сайт"]
    twice = EVALUATION_YAML + '  - channel: офлайн\n    numbers: ["8 (495) 120-45-67"]\n'
    _, problems = evalfile.parse_text(twice)
    assert problems and "belongs to both" in " ".join(str(problem) for problem in problems)
    _, problems = evalfile.parse_text(EVALUATION_YAML.replace('"2026-03": 30000', '"март": 30000'))
    assert problems and "YYYY-MM" in " ".join(str(problem) for problem in problems)


def test_channels_and_sales_from_the_command_line(tmp_path: Path) -> None:
    shop_file(tmp_path)
    for path, vendor in ((ALPHA, "Альфа"), (BETA, "Бета")):
        assert callscout("calls", "import", str(path), "--vendor", vendor, cwd=tmp_path).returncode == 0
    orders = callscout("calls", "import", str(ORDERS), "--orders", cwd=tmp_path)
    assert orders.returncode == 0, orders.stderr
    evaluation = str(tmp_path / "callscout.yaml")
    shown = callscout("calls", "channels", "--file", evaluation, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Яндекс Директ" in shown.stdout and "Каналы по колл-центрам" in shown.stdout
    data = json.loads(callscout("calls", "channels", "--file", evaluation, "--output", "json", cwd=tmp_path).stdout)
    assert data["channels"][0]["channel"] == "Яндекс Директ" and data["channels"][0]["spend"] == 90000
    for suffix in ("html", "xlsx", "json"):
        out = tmp_path / f"sales.{suffix}"
        written = callscout("calls", "sales", "--file", evaluation, "--out", str(out), cwd=tmp_path)
        assert written.returncode == 0, written.stderr
    table = json.loads((tmp_path / "sales.json").read_text(encoding="utf-8"))
    assert sum(row["calls"] for row in table["rows"]) == 200
    assert sum(row["orders"] for row in table["rows"]) == len(raw_orders()) - 1
    sheet = load_workbook(tmp_path / "sales.xlsx").active
    assert [cell.value for cell in sheet[1]][:5] == ["День", "Колл-центр", "Оператор", "Тематика", "Канал"]
    assert sheet.max_row == len(table["rows"]) + 1
    html = (tmp_path / "sales.html").read_text(encoding="utf-8")
    assert "<th>Тематика</th>" in html and "Яндекс Директ" in html


def test_sales_without_orders_says_no_data(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    store.import_file(BETA, **owner(store, "Бета"))
    with store.reader(*scope(store)) as connection:
        data = sales.report(connection, kpi.KpiSettings(), [])
    assert data["orders_known"] is False and data["channel_known"] is False and data["topic_known"] is True
    assert all(row["orders"] is None and row["channel"] is None for row in data["rows"])
    assert sales.cell_text(None, "orders") == "нет данных"


# --- the evaluation report ----------------------------------------------------------------------------


def test_report_section_for_the_vendors_with_logs(tmp_path: Path) -> None:
    """The pipeline's calls stage adds topics, survey and channels (calls.insights) to the report."""
    from callscout.calls.stage import calls_stage
    from callscout.model.run import RunContext
    from callscout.report.render import render_template
    from callscout.store import Store

    text = EVALUATION_YAML.replace(
        "sources:",
        f"vendors:\n  - name: Альфа\n    call_logs: [{{path: '{ALPHA}'}}, {{path: '{ORDERS}', kind: orders}}]\n"
        f"  - name: Бета\n    call_logs: [{{path: '{BETA}'}}]\nsources:",
    )
    evaluation, problems = evalfile.parse_text(text)
    assert not problems, problems
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    context = RunContext(evaluation, store.save_evaluation(evaluation, None), store, tmp_path)
    document: dict[str, Any] = {"sections": ["calls"], "calls": calls_stage(context, {})}
    insights = document["calls"]["insights"]
    assert not document["calls"]["errors"]
    assert insights["topics"]["status"] == "ok" and insights["channels"]["channels"][0]["channel"] == "Яндекс Директ"
    calls = raw_calls()
    assert insights["topics"]["offered"] == len(calls)
    html = render_template("sections/calls.html.j2", doc=document, lang="ru")
    assert "Частые вопросы: темы звонков" in html and "Эффективность рекламы" in html
    assert "Мнение клиентов о качестве обслуживания" in html and "Яндекс Директ" in html
    by_day = insights["sales_by_day"]
    assert by_day["columns"][:2] == ["day", "vendor"] and sum(row["calls"] for row in by_day["rows"]) == len(calls)
    assert sum(row["orders"] for row in by_day["rows"]) == len(raw_orders()) - 1
    assert "Звонки и заказы по дням" in html
    store.close()


def test_every_command_of_the_reports_doc_runs(tmp_path: Path) -> None:
    """docs/reports.md: each `callscout ...` line of its code blocks, as written, on imported exports."""
    import shlex

    from tests.test_calls_transcripts import load_calls

    shop_file(tmp_path)
    for path, vendor in ((ALPHA, "Альфа"), (BETA, "Бета")):
        assert callscout("calls", "import", str(path), "--vendor", vendor, cwd=tmp_path).returncode == 0
    assert callscout("calls", "import", str(ORDERS), "--orders", cwd=tmp_path).returncode == 0
    folder = tmp_path / "transcripts"
    folder.mkdir()
    for ref, transcript in load_calls()[0]:
        lines = [
            f"[00:{index:02d}] {segment.speaker}: {segment.text}" for index, segment in enumerate(transcript.segments)
        ]
        (folder / f"{ref}.txt").write_text("\n".join(lines), encoding="utf-8")
    doc = (Path(__file__).resolve().parents[1] / "docs" / "reports.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in doc.splitlines() if line.startswith("callscout ")]
    assert len(commands) >= 6
    import os

    previous = Path.cwd()
    os.chdir(tmp_path)  # the doc's relative paths (callscout.yaml, transcripts/, sales.xlsx)
    try:
        for command in commands:
            result = callscout(*shlex.split(command)[1:], cwd=tmp_path)
            assert result.returncode == 0, (command, result.stderr)
            assert "нет данных:" not in result.stdout + result.stderr, command  # a report, not a reason
    finally:
        os.chdir(previous)
    assert (tmp_path / "sales.xlsx").exists()


def test_pbx_logs_give_the_dialled_number(tmp_path: Path) -> None:
    """queue_log's DID event and the CDR's dst (inbound only) are the dialled number; a channel can use them."""
    store = new_store(tmp_path)
    store.import_file(DATA / "queue_log.txt", **owner(store, "Q"))
    store.import_file(DATA / "Master.csv", **owner(store, "C"))
    with store.reader(*scope(store, "Q")) as connection:
        dialled = dict(connection.execute("SELECT call_id, dialled FROM calls").fetchall())
        report = channels.report(
            connection, kpi.KpiSettings(), [CallSource(channel="8-800", numbers=["+7 495 123-45-67"])]
        )
    assert dialled["1700000100.1"] == "74951234567"
    assert sum(value is None for value in dialled.values()) == len(dialled) - 1  # one call had a DID event
    assert report["channels"][0]["calls"] == 1
    with store.reader(*scope(store, "C")) as connection:
        rows = connection.execute("SELECT direction, dialled FROM calls ORDER BY arrival").fetchall()
    assert ("inbound", "100") in rows and all(value is None for direction, value in rows if direction == "outbound")


def test_reports_read_one_evaluation_of_same_named_vendors(tmp_path: Path) -> None:
    """Two evaluations, each with a vendor «Альфа»: every report reads the evaluation it is given, by id
    or name, never the other's calls, grades or transcripts."""
    from callscout.store import Store
    from callscout.store.ownership import vendor_ref
    from tests.test_calls_transcripts import load_calls

    first = cli_evaluation("Альфа", name="Оценка А")
    second = cli_evaluation("Альфа", name="Оценка Б")
    for path, evaluation in ((ALPHA, "Оценка А"), (BETA, str(second))):
        imported = callscout(
            "calls", "import", str(path), "--vendor", "Альфа", "--evaluation", evaluation, cwd=tmp_path
        )
        assert imported.returncode == 0, imported.stderr
    alpha_calls, beta_calls = (sum(1 for call in raw_calls() if call["vendor"] == name) for name in ("Альфа", "Бета"))
    store = Store()
    try:
        owner_a = vendor_ref(store, first, "Альфа").id
        for ref, transcript in load_calls()[0]:
            store.record_run(
                "transcript", ref, [], summary=transcript.to_dict(), vendor_id=owner_a, evaluation_id=first
            )
    finally:
        store.close()

    def report(*arguments: str) -> dict[str, Any]:
        result = callscout("calls", *arguments, "--output", "json", cwd=tmp_path)
        assert result.returncode == 0, (arguments, result.stderr)
        return json.loads(result.stdout)

    for evaluation, calls in ((str(first), alpha_calls), ("Оценка Б", beta_calls)):
        assert report("topics", "--evaluation", evaluation)["offered"] == calls
        assert sum(row["calls"] for row in report("sales", "--evaluation", evaluation)["rows"]) == calls
        survey_rows = report("survey", "--evaluation", evaluation, "--vendor", "Альфа")["rows"]
        assert [row["key"] for row in survey_rows] == ["Альфа"]
        assert (
            sum(row["offered"] for row in report("kpi", "--by", "topic", "--evaluation", evaluation)["rows"]) == calls
        )
    beta_csat = sum(1 for call in raw_calls() if call["vendor"] == "Бета" and call["csat"] is not None)
    assert report("survey", "--evaluation", "Оценка Б")["rows"][0]["csat_answers"] == beta_csat
    assert report("transcript-topics", "--evaluation", "Оценка А")["topics"]["calls"] == 60
    assert report("transcript-topics", "--evaluation", "Оценка Б")["topics"]["calls"] == 0
    # Unnamed, with two evaluations in the store: a Russian error naming --evaluation, nothing read.
    ambiguous = callscout("calls", "topics", cwd=tmp_path)
    assert ambiguous.returncode == 2 and "--evaluation" in ambiguous.stderr
