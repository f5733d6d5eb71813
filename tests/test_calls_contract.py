"""Contract control (SLA breaches, a vendor's own report) and the trial comparison's statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy import stats

from callscout.calls import compare as trial
from callscout.calls import contract, kpi
from callscout.calls.synthetic import DEMO_WEEK, GOOD, POOR, cabinet_csv, generate, queue_log
from callscout.errors import DataError
from callscout.model.vendor import SlaTerms
from tests.calls_helpers import calls_of, new_store, owner, scope
from tests.test_calls_kpi import SMALL_LOG


@pytest.fixture
def small(tmp_path: Path):
    path = tmp_path / "small.csv"
    path.write_text(SMALL_LOG, encoding="utf-8")
    store = new_store(tmp_path)
    store.import_file(path, **owner(store, "S"))
    return store


def test_sla_breaches_by_day(small) -> None:
    terms = SlaTerms(service_level_percent=80, service_level_seconds=20, max_abandon_rate=0.05, max_asa_s=30)
    with small.reader(*scope(small)) as connection:
        found = contract.breaches(connection, "S", terms)
    by_day = {(item["period"], item["metric"]): item for item in found}
    assert set(by_day) == {
        ("2024-01-15", "service_level"),
        ("2024-01-15", "abandon_rate"),
        ("2024-01-16", "service_level"),
        ("2024-01-16", "abandon_rate"),
        ("2024-01-20", "service_level"),
        ("2024-01-20", "asa_s"),
    }
    first = by_day[("2024-01-15", "service_level")]
    assert (first["value"], first["target"], first["offered"]) == (0.5, 0.8, 5)
    assert by_day[("2024-01-20", "asa_s")]["value"] == 40
    findings = contract.sla_findings("S", terms, found)
    assert [(item.code, item.status.value, len(item.evidence)) for item in findings] == [
        ("sla_service_level", "fail", 3),
        ("sla_abandon_rate", "fail", 2),
        ("sla_asa_s", "fail", 1),
    ]
    assert findings[0].evidence[0].excerpt == "15.01.2024: 50,0%, поступило 5"  # the reader's day and number
    assert contract.sla_findings("S", terms, [])[0].status.value == "pass"
    # Hourly contract terms look at each hour instead.
    with small.reader(*scope(small)) as connection:
        hourly = contract.breaches(connection, "S", terms.model_copy(update={"period": "hour"}))
    assert {item["period"][:13] for item in hourly} >= {"2024-01-15T09", "2024-01-20T12"}


def test_vendor_report_reconciled(small, tmp_path: Path) -> None:
    report = tmp_path / "отчёт.csv"
    report.write_bytes(
        (
            "Дата;Поступило;Отвечено;Потеряно;Уровень сервиса;ASA\n"
            "15.01.2024;5;3;1;50%;0:00:13\n"
            "16.01.2024;2;2;0;100,0%;15\n"
            "Итого;7;5;1;;\n"
        ).encode("cp1251")
    )
    rows = contract.read_vendor_report(report, small.work_dir)
    assert [row.day.isoformat() for row in rows] == ["2024-01-15", "2024-01-16"]
    with small.reader(*scope(small)) as connection:
        result = contract.reconcile(connection, "S", rows, settings=kpi.KpiSettings())
    flagged = {(item["day"], item["metric"]) for item in result["differences"]}
    assert flagged == {("2024-01-16", "answered"), ("2024-01-16", "abandoned"), ("2024-01-16", "service_level")}
    answered = next(item for item in result["differences"] if item["metric"] == "answered")
    assert (answered["vendor_says"], answered["logs_say"], answered["line"]) == (2, 1, 3)


def test_vendor_report_from_xlsx(small, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Day", "Calls offered", "Answered", "Service level", "AHT"])
    sheet.append([datetime(2024, 1, 15), 5, 3, 0.5, 117])
    sheet.append([datetime(2024, 1, 20), 1, 1, 0.0, 400])
    path = tmp_path / "vendor.xlsx"
    workbook.save(path)
    rows = contract.read_vendor_report(path, small.work_dir)
    assert rows[0].values == {"offered": 5, "answered": 3, "service_level": 0.5, "aht_s": 117}
    with small.reader(*scope(small)) as connection:
        result = contract.reconcile(connection, "S", rows, settings=kpi.KpiSettings())
    # 15 Jan agrees (AHT of c1, c5, c6 is 116.7 s); on 20 Jan the AHT is 120 s in the logs, not 400.
    assert [(item["day"], item["metric"]) for item in result["differences"]] == [("2024-01-20", "aht_s")]


def test_vendor_report_bad_value_names_line(small, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    report.write_text("Date,Answered\n2024-01-15,3\n2024-01-16,many\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"r\.csv, строка 3"):
        contract.read_vendor_report(report, small.work_dir)


@pytest.fixture(scope="module")
def trial_store(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("trial")
    good, poor = folder / "good.csv", folder / "poor.txt"
    good.write_text(cabinet_csv(generate(GOOD, DEMO_WEEK, seed=3)), encoding="utf-8")
    poor.write_text(queue_log(generate(POOR, DEMO_WEEK, seed=4)), encoding="utf-8")
    store = new_store(folder)
    store.import_file(good, **owner(store, "Good"))
    store.import_file(poor, **owner(store, "Poor"))
    return store


def test_trial_comparison_verdicts(trial_store) -> None:
    with trial_store.reader(*scope(trial_store)) as connection:
        result = trial.compare(connection, ["Good", "Poor"], kpi.KpiSettings())
    assert result["period"]["from"] == "2026-11-09"
    metrics = result["metrics"]
    assert metrics["service_level"]["vs_first"]["Poor"]["verdict"] == "worse"
    assert metrics["abandon_rate"]["vs_first"]["Poor"]["verdict"] == "worse"
    assert metrics["asa_s"]["vs_first"]["Poor"]["verdict"] == "worse"
    assert metrics["avg_talk_s"]["vs_first"]["Poor"]["verdict"] in ("different", "same")
    good_sl = metrics["service_level"]["vendors"]["Good"]
    assert good_sl["ci"][0] < good_sl["value"] < good_sl["ci"][1]


def test_trial_statistics_match_scipy(trial_store) -> None:
    with trial_store.reader(*scope(trial_store)) as connection:
        result = trial.compare(connection, ["Good", "Poor"], kpi.KpiSettings())
    good = result["kpis"]["Good"]
    trials = good["answered"] + good["abandoned"]
    reference = stats.binomtest(good["answered_within"], trials).proportion_ci(method="wilson")
    assert result["metrics"]["service_level"]["vendors"]["Good"]["ci"] == pytest.approx(
        [reference.low, reference.high], abs=1e-4
    )
    waits = {
        name: [
            call["wait_s"]
            for call in calls_of(trial_store, name).values()
            if call["outcome"] == "answered" and call["direction"] == "inbound"
        ]
        for name in ("Good", "Poor")
    }
    welch = stats.ttest_ind(waits["Poor"], waits["Good"], equal_var=False)
    entry = result["metrics"]["asa_s"]["vs_first"]["Poor"]
    assert entry["p_value"] == pytest.approx(welch.pvalue, rel=1e-2)
    assert entry["difference"] == pytest.approx(
        sum(waits["Poor"]) / len(waits["Poor"]) - sum(waits["Good"]) / len(waits["Good"]), abs=0.01
    )


def test_same_vendor_twice_is_not_significant(trial_store, tmp_path: Path) -> None:
    twin = tmp_path / "twin.csv"
    twin.write_text(cabinet_csv(generate(GOOD, DEMO_WEEK, seed=3)), encoding="utf-8")
    trial_store.import_file(twin, **owner(trial_store, "Twin"))
    with trial_store.reader(*scope(trial_store)) as connection:
        result = trial.compare(connection, ["Good", "Twin"], kpi.KpiSettings())
    for entry in result["metrics"].values():
        assert entry["vs_first"]["Twin"]["significant"] is False
        assert entry["vs_first"]["Twin"]["difference"] == 0
