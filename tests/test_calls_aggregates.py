"""The imports' aggregate rows (``calls.aggregates``) give the same indicators as the calls themselves: the
bank month, a synthetic month with agent logins, several thresholds and periods, and a live batch imported
again after a late event. Counts are compared exactly, times and rates to 1e-9 relative."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from callscout.calls import aggregates, contract, kpi
from callscout.calls.storage import CallStore
from callscout.calls.synthetic import GOOD, POOR, generate, queue_log
from callscout.live.events import LiveEvent
from callscout.live.ingest import LiveStore
from callscout.model.vendor import SlaTerms
from tests.calls_helpers import BANK, new_store, owner, scope, vendor_of
from tests.test_live import make_vendors

GROUPINGS = ["day", "hour", "hour_of_day", "weekday", "week", "agent", "queue", "weekday_hour", "agent+week"]
SETTINGS = [
    kpi.KpiSettings(),
    kpi.KpiSettings(service_level_s=7, short_abandon_s=3, p90_quantile=0.5),
    kpi.KpiSettings(service_level_s=60.5, short_abandon_s=0.5, interval_minutes=60),
]


def assert_same(ours: Any, theirs: Any, path: str = "") -> None:
    if isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), path
        for key in ours:
            assert_same(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(ours, list | tuple):
        assert len(ours) == len(theirs), path
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(mine, other, f"{path}[{index}]")
    elif isinstance(ours, float) and isinstance(theirs, float):
        assert math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12), (path, ours, theirs)
    else:
        assert ours == theirs and type(ours) is type(theirs), (path, ours, theirs)


def indicators(
    store: CallStore,
    evaluation_id: int,
    vendor_ids: list[int],
    vendor: str,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    settings_list: list[kpi.KpiSettings],
) -> dict[str, Any]:
    """Everything the dashboard and the SLA checks read, computed in ``mode`` ("always": from the aggregate
    rows, "0": from the calls)."""
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", mode)
    result: dict[str, Any] = {}
    with store.reader(evaluation_id, vendor_ids) as connection:
        assert aggregates.attached(connection) == (mode == "always")
        first, last = connection.execute("SELECT min(arrival)::DATE, max(arrival)::DATE FROM calls").fetchone()
        middle = first + (last - first) / 2
        periods = [kpi.Period(), kpi.Period.from_dates(first + timedelta(days=1), middle)]
        for index, settings in enumerate(settings_list):
            for number, period in enumerate(periods):
                totals, rows = kpi.grouped(
                    connection, settings, GROUPINGS, vendors=[vendor], period=period, statistics=True
                )
                result[f"grouped {index} {number}"] = (totals, rows)
                result[f"report {index} {number}"] = kpi.report(
                    connection, settings, vendors=[vendor], period=period, by=["hour_of_day", "day", "agent"]
                )
                for by in ("day", "hour"):
                    terms = SlaTerms(
                        service_level_share=0.8,
                        service_level_seconds=settings.service_level_s,
                        max_abandon_rate=0.05,
                        max_asa_s=30,
                        period=by,
                    )
                    result[f"breaches {index} {number} {by}"] = contract.breaches(
                        connection, vendor, terms, period=period, base=settings
                    )
    return result


def check_equal(
    store: CallStore,
    evaluation_id: int,
    vendor_ids: list[int],
    vendor: str,
    monkeypatch: pytest.MonkeyPatch,
    settings_list: list[kpi.KpiSettings] = SETTINGS[:2],
) -> dict[str, Any]:
    """The indicators from both sources (each setting and period); the bank month goes through all settings."""
    from_aggregates = indicators(store, evaluation_id, vendor_ids, vendor, monkeypatch, "always", settings_list)
    from_calls = indicators(store, evaluation_id, vendor_ids, vendor, monkeypatch, "0", settings_list)
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "always")
    assert_same(from_aggregates, from_calls)
    return from_calls


@pytest.fixture(autouse=True)
def build_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports build their aggregate rows however sparse their calls (the bank month has ~50 calls an hour)."""
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "always")


def test_the_bank_month_from_aggregates_equals_the_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = new_store(tmp_path)
    store.import_file(BANK, **owner(store, "Банк"))
    evaluation_id, vendor_ids = scope(store, "Банк")
    (listed,) = store.imports(evaluation_id)
    # Listed with the import, placed beside its calls.
    assert (store.directory / listed.details["aggregates"]).is_file()
    assert listed.details["aggregate_entries"] > 0
    found = check_equal(store, evaluation_id, vendor_ids, "Банк", monkeypatch, SETTINGS)
    totals = found["grouped 0 0"][0]
    assert totals["offered"] > 30_000 and totals["p90_wait_s"] > 0
    assert any(found[f"breaches 0 0 {by}"] for by in ("day", "hour"))
    # Removing the import removes its aggregate rows with it.
    store.remove_import(evaluation_id, listed.id)
    assert not list(store.directory.glob("*/aggregates-*.parquet"))


def test_a_synthetic_month_with_agent_logins_and_two_vendors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = new_store(tmp_path)
    start = datetime(2026, 3, 2)
    for name, quality, seed in (("Хороший", GOOD, 3), ("Плохой", POOR, 4)):
        for week in range(4):  # four imports of a week each: the aggregates of several imports add up
            path = tmp_path / f"{name}-{week}.queue_log"
            monday = start + timedelta(days=7 * week)
            week_calls = generate(quality, monday, days=7, calls_per_day=220, seed=seed + week)
            path.write_text(queue_log(week_calls))
            store.import_file(path, format_name="asterisk_queue_log", **owner(store, name))
    evaluation_id, vendor_ids = scope(store, "Плохой")
    found = check_equal(store, evaluation_id, vendor_ids, "Плохой", monkeypatch)
    assert found["grouped 0 0"][0]["abandoned"] > 100
    evaluation_id, both = scope(store, "Хороший", "Плохой")
    check_equal(store, evaluation_id, both, "Хороший", monkeypatch, SETTINGS[2:])


def test_imports_made_before_aggregates_get_them_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = new_store(tmp_path)
    store.import_file(BANK, **owner(store, "Банк"))
    evaluation_id, vendor_ids = scope(store, "Банк")
    with store.store.session() as session:  # as an import made before the aggregates existed lists it
        from callscout.calls.tables import CallImportRow

        row = session.get(CallImportRow, store.imports(evaluation_id)[0].id)
        (store.directory / row.details["aggregates"]).unlink()
        row.details = {key: value for key, value in row.details.items() if not key.startswith("aggregate")}
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "always")
    with store.reader(evaluation_id, vendor_ids) as connection:
        assert not aggregates.attached(connection)  # incomplete aggregates are never read
    assert store.build_aggregates(evaluation_id) == 1
    assert store.build_aggregates(evaluation_id) == 0
    check_equal(store, evaluation_id, vendor_ids, "Банк", monkeypatch, SETTINGS[2:])


def test_a_late_event_rebuilds_the_batchs_aggregates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Live calls moved into the call store carry aggregate rows; a late answer re-imports the batch, and
    the aggregates follow: the call counted abandoned before is answered after, from either source."""
    call_store = new_store(tmp_path)
    (vendor,) = make_vendors(call_store.store, "Поток")
    live = LiveStore(call_store.store)
    at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    def event(kind: str, call_id: str, seconds: float, **fields: str) -> LiveEvent:
        return LiveEvent(type=kind, call_id=call_id, ts=at + timedelta(seconds=seconds), queue="q", **fields)

    events = []
    for number in range(40):
        call_id, begin = f"c{number}", number * 60.25
        events.append(event("enter_queue", call_id, begin))
        if number % 5:
            events += [
                event("answer", call_id, begin + 3.5 + number, agent=f"a{number % 3}"),
                event("hangup", call_id, begin + 100, agent=f"a{number % 3}", side="caller"),
            ]
        else:
            events.append(event("hangup", call_id, begin + 8 + number, agent="a1", side="caller"))
    live.ingest(vendor.id, events)
    live.move_finished(vendor, call_store, now=datetime(2026, 12, 7, 12, 0))
    before = check_equal(call_store, vendor.evaluation_id, [vendor.id], vendor.name, monkeypatch)
    live.ingest(vendor.id, [event("answer", "c10", 600 + 4.75, agent="a2")])  # c10 was answered after all
    live.move_finished(vendor, call_store, now=datetime(2026, 12, 7, 13, 0))
    after = check_equal(call_store, vendor.evaluation_id, [vendor.id], vendor.name, monkeypatch)
    assert after["grouped 0 0"][0]["answered"] == before["grouped 0 0"][0]["answered"] + 1
    assert after["grouped 0 0"][0]["offered"] == before["grouped 0 0"][0]["offered"]
    # One aggregate file per listed import: the replaced import's file went with it.
    listed = call_store.imports(vendor.evaluation_id)
    files = sorted(path.name for path in call_store.directory.glob("*/aggregates-*.parquet"))
    assert files == sorted(Path(row.details["aggregates"]).name for row in listed)


def test_unknown_waits_stay_unknown_in_the_aggregates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A log without waits: service level and short abandons are «нет данных» from either source."""
    store = new_store(tmp_path)
    path = tmp_path / "calls.csv"
    lines = ["call_id,start,status,talk_seconds,agent"]
    for number in range(30):
        status = "answered" if number % 4 else "missed"
        lines.append(f"{number},2026-03-0{1 + number % 3} 1{number % 10}:00:00,{status},{30 + number},op{number % 2}")
    path.write_text("\n".join(lines) + "\n")
    store.import_file(path, **owner(store, "Без ожиданий"))
    evaluation_id, vendor_ids = scope(store, "Без ожиданий")
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "always")
    found = check_equal(store, evaluation_id, vendor_ids, "Без ожиданий", monkeypatch, SETTINGS[:1])
    totals = found["grouped 0 0"][0]
    assert totals["service_level"] is None and totals["p90_wait_s"] is None and totals["avg_talk_s"] is not None
    assert vendor_of(store, "Без ожиданий").id == vendor_ids[0]
    assert date.fromisoformat(found["grouped 0 0"][1]["day"][0]["key"]).year == 2026


def test_aggregates_are_built_and_read_only_where_the_calls_are_dense(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default (``auto``) an import builds aggregate rows only where they hold far fewer entries than it has
    calls: a busy synthetic day (hundreds of calls an hour, six agents) is read from them. The bank month (about 50
    calls an hour over 30 agents: nearly an entry a call) is not worth building at import, but its calls are in
    28 day files (each file a statement opens costs as much as summing ~1 000 calls) and its aggregate rows in
    one: ``build_aggregates`` builds them on request and the dashboard reads them. One day of it (one file) is
    read from its calls either way. The same indicators whichever is read."""
    from callscout.calls.synthetic import cabinet_csv

    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "auto")
    store = new_store(tmp_path)
    lines = BANK.read_text(encoding="utf-8").splitlines(keepends=True)
    one_day = tmp_path / "bank-one-day.tsv"
    one_day.write_text(lines[0] + "".join(line for line in lines[1:] if line.split("\t")[5] == "990201"))
    store.import_file(one_day, **owner(store, "Банк"))
    store.import_file(BANK, **owner(store, "Банк месяц"))
    path = tmp_path / "busy.csv"
    path.write_text(cabinet_csv(generate(GOOD, datetime(2026, 3, 2), days=1, calls_per_day=20_000, seed=8)))
    store.import_file(path, **owner(store, "Плотный"))
    evaluation_id, sparse = scope(store, "Банк")
    assert "aggregates" not in store.imports(evaluation_id, vendor_ids=sparse)[0].details
    assert store.build_aggregates(evaluation_id, sparse) == 0  # not worth building later either
    with store.reader(evaluation_id, sparse) as connection:
        assert not aggregates.attached(connection)
    evaluation_id, month = scope(store, "Банк месяц")
    assert "aggregates" not in store.imports(evaluation_id, vendor_ids=month)[0].details
    assert store.build_aggregates(evaluation_id, month) == 1
    (listed,) = store.imports(evaluation_id, vendor_ids=month)
    assert len(listed.details["parts"]) >= 28
    assert listed.details["aggregate_entries"] > aggregates.MAX_ENTRIES_PER_CALL * listed.rows  # sparse
    with store.reader(evaluation_id, month) as connection:
        assert aggregates.attached(connection)
    evaluation_id, dense = scope(store, "Плотный")
    (listed,) = store.imports(evaluation_id, vendor_ids=dense)
    assert listed.details["aggregate_entries"] < aggregates.MAX_ENTRIES_PER_CALL * listed.rows
    with store.reader(evaluation_id, dense) as connection:
        assert aggregates.attached(connection)
    check_equal(store, evaluation_id, dense, "Плотный", monkeypatch, SETTINGS[:1])
