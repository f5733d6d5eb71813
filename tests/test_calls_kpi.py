"""KPIs under their documented definitions: checked by hand on the Anonymous Bank log and on a small log."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from callscout.calls import kpi
from callscout.model.needs import Schedule
from tests.calls_helpers import BANK, new_store, owner, scope


def _interpolated_quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def bank_reference(day: str, short_s: float = 5, within_s: float = 20) -> dict[str, float]:
    """The definitions computed straight from the raw rows, independently of the importer and SQL."""
    answered_waits: list[int] = []
    abandoned_waits: list[int] = []
    talks: list[int] = []
    with BANK.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["date"] != day:
                continue
            q_time = int(row["q_time"])
            queued = row["q_start"] != "0:00:00" or q_time > 0
            wait = max(q_time, 0) if queued else 0
            if row["outcome"] == "AGENT":
                answered_waits.append(wait)
                talks.append(max(int(row["ser_time"]), 0))
            elif row["outcome"] == "HANG" and queued:
                abandoned_waits.append(wait)
    long_abandons = [wait for wait in abandoned_waits if wait >= short_s]
    offered_waits = answered_waits + abandoned_waits
    return {
        "offered": len(offered_waits),
        "answered": len(answered_waits),
        "abandoned": len(long_abandons),
        "short_abandoned": len(abandoned_waits) - len(long_abandons),
        "abandon_rate": len(long_abandons) / (len(offered_waits) - (len(abandoned_waits) - len(long_abandons))),
        "service_level": sum(wait <= within_s for wait in answered_waits) / (len(answered_waits) + len(long_abandons)),
        "asa_s": sum(answered_waits) / len(answered_waits),
        "avg_wait_s": sum(offered_waits) / len(offered_waits),
        "p90_wait_s": _interpolated_quantile(offered_waits, 0.9),
        "max_wait_s": max(offered_waits),
        "avg_talk_s": sum(talks) / len(talks),
    }


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory):
    store = new_store(tmp_path_factory.mktemp("bank"))
    store.import_file(BANK, **owner(store, "Bank"))
    with store.reader(*scope(store)) as connection:
        yield connection


@pytest.mark.parametrize("day", ["990201", "990209", "990226"])
def test_bank_day_matches_hand_computation(bank, day: str) -> None:
    settings = kpi.KpiSettings()
    moment = date(1999, 2, int(day[4:]))
    ours = kpi.summary(bank, settings, period=kpi.Period.from_dates(moment, moment))
    expected = bank_reference(day)
    for key, value in expected.items():
        assert ours[key] == pytest.approx(value, abs=0.006 if isinstance(ours[key], float) else 0), key


def test_bank_pinned_numbers(bank) -> None:
    """A few numbers pinned after checking them by hand (awk over the raw file), so a definition change shows."""
    first = kpi.summary(bank, kpi.KpiSettings(), period=kpi.Period.from_dates(date(1999, 2, 1), date(1999, 2, 1)))
    assert (first["offered"], first["answered"], first["abandoned"], first["short_abandoned"]) == (1499, 1354, 140, 5)
    assert first["service_level"] == pytest.approx(842 / (1354 + 140), abs=1e-4)
    month = kpi.summary(bank, kpi.KpiSettings())
    assert (month["offered"], month["answered"], month["ivr"], month["phantom"]) == (31125, 27162, 1941, 278)
    # A longer short-abandon threshold moves calls from abandoned to short abandons, offered stays.
    longer = kpi.summary(bank, kpi.KpiSettings(short_abandon_s=10))
    assert longer["offered"] == month["offered"]
    assert longer["abandoned"] + longer["short_abandoned"] == month["abandoned"] + month["short_abandoned"]
    assert longer["short_abandoned"] > month["short_abandoned"]


def test_bank_breakdowns_add_up(bank) -> None:
    settings = kpi.KpiSettings()
    month = kpi.summary(bank, settings)
    for by in ("day", "queue", "hour", "weekday", "interval"):
        rows = kpi.breakdown(bank, settings, by)
        assert sum(row["offered"] for row in rows) == month["offered"], by
        assert sum(row["answered"] for row in rows) == month["answered"], by
    agents = {row["key"]: row for row in kpi.breakdown(bank, settings, "agent")}
    assert sum(row["answered"] for row in agents.values()) == month["answered"]
    assert "—" in agents  # abandoned calls and NO_SERVER answers have no agent
    heat = kpi.heat_map(bank, settings)
    assert sum(map(sum, heat["offered"])) == month["offered"]
    # The bank is closed on Friday evening: no offered calls at 20:00 on Fridays.
    assert heat["offered"][4][20] == 0 and heat["offered"][0][10] > 0
    # One scan for several breakdowns gives each the same rows as asked alone (hour beside the heat map's
    # hour of day, agents and queues summed together and then apart).
    together = kpi.report(bank, settings, by=["hour", "agent", "queue", "interval"])
    assert together["heat_map"] == heat
    for by in ("hour", "agent", "queue", "interval"):
        assert together["by"][by] == kpi.breakdown(bank, settings, by), by
    assert {key: together[key] for key in kpi.KPI_KEYS} == {key: month[key] for key in kpi.KPI_KEYS}


@pytest.mark.parametrize(
    "period", [kpi.Period(), kpi.Period.from_dates(date(1999, 2, 3), date(1999, 2, 9))], ids=["month", "week"]
)
def test_a_24_7_report_counts_no_call_out_of_hours_without_reading_them(bank, period: kpi.Period) -> None:
    """The report takes the out-of-hours figures of a 24/7 center from its totals (nothing to read): the same
    as counted from the calls."""
    settings = kpi.KpiSettings()
    assert settings.schedule.mode == "24/7"
    counted = kpi.out_of_hours(bank, settings, vendors=["Bank"], period=period)
    assert kpi.report(bank, settings, vendors=["Bank"], period=period)["out_of_hours"] == counted
    assert counted["share"] == 0.0 and counted["calls"] == 0


SMALL_LOG = """Call ID,Start Time,Direction,Caller,Status,Wait Time,Talk Time,Agent,Queue
c1,2024-01-15 09:00:00,inbound,79000000001,answered,10,100,a,q1
c2,2024-01-15 09:10:00,inbound,79000000002,abandoned,30,,,q1
c3,2024-01-15 09:20:00,inbound,79000000003,abandoned,3,,,q1
c4,2024-01-15 09:40:00,outbound,79000000002,answered,0,60,a,q1
c5,2024-01-15 10:00:00,inbound,79000000001,answered,25,200,b,q2
c6,2024-01-15 23:30:00,inbound,79000000004,answered,5,50,a,q2
c7,2024-01-16 09:05:00,inbound,79000000003,answered,15,80,b,q1
c9,2024-01-16 10:00:00,inbound,79000000005,abandoned,60,,,q1
c8,2024-01-20 12:00:00,inbound,79000000001,answered,40,120,a,q1
"""


@pytest.fixture
def small(tmp_path: Path):
    path = tmp_path / "small.csv"
    path.write_text(SMALL_LOG, encoding="utf-8")
    store = new_store(tmp_path)
    store.import_file(path, **owner(store, "S"))
    return store


def test_a_log_without_outbound_calls_cannot_tell_callbacks(tmp_path: Path) -> None:
    """No outbound call in the log: "called back 0 of 3" would be a guess; it is «нет данных» with why."""
    path = tmp_path / "inbound-only.csv"
    path.write_text("\n".join(line for line in SMALL_LOG.splitlines() if ",outbound," not in line) + "\n", "utf-8")
    store = new_store(tmp_path)
    store.import_file(path, **owner(store, "S"))
    with store.reader(*scope(store)) as connection:
        result = kpi.report(connection, kpi.KpiSettings())
    callbacks = result["callbacks"]
    assert callbacks["missed_with_number"] == 3
    assert callbacks["called_back"] is None and callbacks["not_recovered"] is None
    assert callbacks["unknown_reason"] == "no_outbound_calls"
    assert callbacks["recovered_by_redial"] == 1  # redials are inbound calls: those the log does show
    shown = kpi.unknown_text(callbacks["called_back"], callbacks["unknown_reason"])
    assert shown.startswith("нет данных: в журнале нет исходящих")


def test_the_imports_say_when_no_call_is_outbound(small, tmp_path: Path) -> None:
    """Whether any call is outbound is read from the imports' own counts where they all say none (no scan of
    every call file), and the follow-ups are the same as when the calls are searched for one; a log with an
    outbound call, or a reader without the imports' view (Spark's, a bare connection), searches them."""
    path = tmp_path / "inbound-only.csv"
    path.write_text("\n".join(line for line in SMALL_LOG.splitlines() if ",outbound," not in line) + "\n", "utf-8")
    inbound_only = new_store(tmp_path / "inbound")
    inbound_only.import_file(path, **owner(inbound_only, "S"))
    settings, period = kpi.KpiSettings(), kpi.Period()
    with inbound_only.reader(*scope(inbound_only)) as connection:
        assert kpi._listed_without_outbound(connection, ["S"]) and kpi._listed_without_outbound(connection, None)
        assert not kpi._listed_without_outbound(connection, ["Other"])  # no import of it: not known
        told = kpi.follow_ups(connection, settings, vendors=["S"], period=period)
        connection.execute(f"DROP VIEW {kpi.OUTBOUND_VIEW}")
        assert not kpi._listed_without_outbound(connection, ["S"])
        assert kpi.follow_ups(connection, settings, vendors=["S"], period=period) == told
    assert told[0]["unknown_reason"] == "no_outbound_calls"
    with small.reader(*scope(small)) as connection:
        assert not kpi._listed_without_outbound(connection, ["S"])
        assert kpi.follow_ups(connection, settings, vendors=["S"], period=period)[0]["called_back"] == 1


def test_small_log_by_definition(small) -> None:
    settings = kpi.KpiSettings(
        schedule=Schedule(mode="hours", hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-21:00"))
    )
    with small.reader(*scope(small)) as connection:
        result = kpi.report(connection, settings)
    assert (result["offered"], result["answered"], result["abandoned"], result["short_abandoned"]) == (8, 5, 2, 1)
    assert result["abandon_rate"] == pytest.approx(2 / 7, abs=1e-4)
    assert result["service_level"] == pytest.approx(3 / 7, abs=1e-4)
    assert (result["asa_s"], result["avg_wait_s"], result["p90_wait_s"], result["max_wait_s"]) == (19, 23.5, 46, 60)
    assert result["avg_talk_s"] == 110 and result["aht_s"] == 110 and result["aht_includes_acw"] is False
    assert result["callbacks"] == {
        "missed_with_number": 3,
        "called_back": 1,
        "called_back_share": 0.3333,
        "callback_median_s": 1800,
        "callback_p90_s": 1800,
        "recovered_by_redial": 1,
        "not_recovered": 1,
        "not_recovered_share": 0.3333,
        "window_h": 24,
        "unknown_reason": None,
        "unknown": {},
    }
    repeats = result["repeat_callers"]
    assert (repeats["answered_with_number"], repeats["repeat_24h"], repeats["repeat_7d"]) == (5, 1, 2)
    assert result["out_of_hours"]["calls"] == 2 and result["out_of_hours"]["answered"] == 2
    agents = {row["key"]: row["answered"] for row in result["by"]["agent"]}
    assert agents == {"a": 3, "b": 2, "—": 0}
    assert result["heat_map"]["offered"][0][9] == 3
    assert result["conversion"] is None  # no orders imported: unknown, not zero


def test_conversion_by_call_id_and_phone(small, tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order ID,Call ID,Phone,Created,Amount\n"
        "O1,c1,,2024-01-15 09:30:00,100\n"
        "O2,,79000000004,2024-01-16 00:10:00,250\n"
        "O3,,79000000002,2024-01-15 09:50:00,90\n",
        encoding="utf-8",
    )
    small.import_file(orders, **owner(small, "shop"), kind="orders")
    with small.reader(*scope(small)) as connection:
        conversion = kpi.conversion(connection, kpi.KpiSettings(), vendors=None, period=kpi.Period())
    assert conversion == {"orders_imported": 3, "answered": 5, "converted_calls": 2, "conversion": 0.4, "window_h": 24}


def test_period_filter(small) -> None:
    with small.reader(*scope(small)) as connection:
        first_day = kpi.summary(
            connection, kpi.KpiSettings(), period=kpi.Period.from_dates(date(2024, 1, 15), date(2024, 1, 15))
        )
    assert (first_day["offered"], first_day["answered"]) == (5, 3)
