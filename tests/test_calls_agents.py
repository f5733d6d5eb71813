"""Agents' logged-in time from the queue_log (logins, queue membership, pauses) and the occupancy and
utilisation worked out from it, per agent and per interval. Expected numbers are worked out by hand below."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from callscout.calls import kpi
from tests.calls_helpers import BANK, cli_evaluation, new_store, owner, scope
from tests.test_calls_cli import callscout

T0 = 1700002800  # 2023-11-14 23:00:00 UTC: an interval boundary
START = datetime(2023, 11, 14, 23, 0, 0)


def _line(offset: int, callid: str, queue: str, agent: str, event: str, *data: str) -> str:
    return "|".join((str(T0 + offset), callid, queue, agent, event, *data))


# SIP/201: member of sales from +60 and support from +120; paused in support +600..+900 and in every
# queue +1000..+1100; leaves sales at +1500 and support at +2400 -> logged in 2340 s, paused 400 s.
# A pause after the logoff (+3000..+3100) is no logged-in time.
# SIP/202: its first event is a logoff at +1200 -> logged in since the log began (+0): 1200 s.
# Agent/300: AGENTLOGIN at +1700, never logs off -> until the log's last event (+3600): 1900 s.
# Calls: SIP/201 talks +210..+510 (300 s), SIP/202 +305..+405 (100 s), Agent/300 +1760..+1880 (120 s:
# 40 s before the 23:30 boundary, 80 s after).
QUEUE_LOG = "\n".join(
    [
        _line(0, "NONE", "NONE", "NONE", "QUEUESTART", ""),
        _line(60, "NONE", "sales", "SIP/201", "ADDMEMBER", ""),
        _line(120, "NONE", "support", "SIP/201", "ADDMEMBER", ""),
        _line(200, "c1", "support", "NONE", "ENTERQUEUE", "", "79160000001", "1"),
        _line(210, "c1", "support", "SIP/201", "CONNECT", "10", "c1.2", "5"),
        _line(300, "c3", "support", "NONE", "ENTERQUEUE", "", "79160000003", "1"),
        _line(305, "c3", "support", "SIP/202", "CONNECT", "5", "c3.2", "2"),
        _line(405, "c3", "support", "SIP/202", "COMPLETECALLER", "5", "100", "1"),
        _line(510, "c1", "support", "SIP/201", "COMPLETECALLER", "10", "300", "1"),
        _line(600, "NONE", "support", "SIP/201", "PAUSE", "lunch"),
        _line(900, "NONE", "support", "SIP/201", "UNPAUSE", ""),
        _line(1000, "NONE", "NONE", "SIP/201", "PAUSEALL", ""),
        _line(1100, "NONE", "NONE", "SIP/201", "UNPAUSEALL", ""),
        _line(1200, "NONE", "support", "SIP/202", "REMOVEMEMBER", ""),
        _line(1500, "NONE", "sales", "SIP/201", "REMOVEMEMBER", ""),
        _line(1700, "NONE", "NONE", "Agent/300", "AGENTLOGIN", "SIP/300-00000001"),
        _line(1750, "c2", "support", "NONE", "ENTERQUEUE", "", "79160000002", "1"),
        _line(1760, "c2", "support", "Agent/300", "CONNECT", "10", "c2.2", "3"),
        _line(1880, "c2", "support", "Agent/300", "COMPLETEAGENT", "10", "120", "1"),
        _line(2400, "NONE", "support", "SIP/201", "REMOVEMEMBER", ""),
        _line(3000, "NONE", "NONE", "SIP/201", "PAUSEALL", ""),
        _line(3100, "NONE", "NONE", "SIP/201", "UNPAUSEALL", ""),
        _line(3600, "NONE", "NONE", "NONE", "QUEUESTART", ""),
    ]
)


def _imported(tmp_path: Path):
    store = new_store(tmp_path)
    log = tmp_path / "queue_log"
    log.write_text(QUEUE_LOG + "\n", encoding="utf-8")
    store.import_file(log, **owner(store, "Q"))
    return store


def _agent_columns(rows: list[dict]) -> dict[str, tuple]:
    return {row["key"]: tuple(row[key] for key in kpi.AGENT_TIME_KEYS) for row in rows}


def test_agent_states_from_logins_memberships_and_pauses(tmp_path: Path) -> None:
    store = _imported(tmp_path)
    with store.reader(*scope(store, "Q")) as connection:
        spans = connection.execute(
            "SELECT agent, epoch(span_start) - ?, epoch(span_end) - ?, paused FROM agent_states "
            "ORDER BY agent, span_start",
            [T0, T0],
        ).fetchall()
        by_agent = kpi.breakdown(connection, kpi.KpiSettings(), "agent", vendors=["Q"])
    assert spans == [
        ("Agent/300", 1700, 3600, False),
        ("SIP/201", 60, 600, False),
        ("SIP/201", 600, 900, True),
        ("SIP/201", 900, 1000, False),
        ("SIP/201", 1000, 1100, True),
        ("SIP/201", 1100, 2400, False),
        ("SIP/202", 0, 1200, False),
    ]
    # logged in, paused, available, handling, occupancy = handling / available, utilisation = handling / logged in
    assert _agent_columns(by_agent) == {
        "Agent/300": (1900.0, 0.0, 1900.0, 120.0, round(120 / 1900, 4), round(120 / 1900, 4)),
        "SIP/201": (2340.0, 400.0, 1940.0, 300.0, round(300 / 1940, 4), round(300 / 2340, 4)),
        "SIP/202": (1200.0, 0.0, 1200.0, 100.0, round(100 / 1200, 4), round(100 / 1200, 4)),
    }
    answered = {row["key"]: row["answered"] for row in by_agent}
    assert answered == {"Agent/300": 1, "SIP/201": 1, "SIP/202": 1}


def test_occupancy_per_interval_and_period(tmp_path: Path) -> None:
    store = _imported(tmp_path)
    with store.reader(*scope(store, "Q")) as connection:
        intervals = kpi.breakdown(connection, kpi.KpiSettings(interval_minutes=30), "interval", vendors=["Q"])
        late = kpi.breakdown(
            connection, kpi.KpiSettings(), "agent", vendors=["Q"], period=kpi.Period(START + timedelta(minutes=30))
        )
    # 23:00-23:30: logged in 1740 (SIP/201 from +60) + 1200 (SIP/202) + 100 (Agent/300 from +1700),
    # paused 400; handling 300 + 100 + the first 40 s of the call that crosses 23:30.
    # 23:30-24:00: 600 (SIP/201 until +2400) + 1800 (Agent/300); handling the other 80 s.
    assert _agent_columns(intervals) == {
        "2023-11-14T23:00:00": (3040.0, 400.0, 2640.0, 440.0, round(440 / 2640, 4), round(440 / 3040, 4)),
        "2023-11-14T23:30:00": (2400.0, 0.0, 2400.0, 80.0, round(80 / 2400, 4), round(80 / 2400, 4)),
    }
    # From 23:30 on, the time before is cut off; SIP/202 has neither calls nor logged-in time then.
    assert _agent_columns(late) == {
        "Agent/300": (1800.0, 0.0, 1800.0, 80.0, round(80 / 1800, 4), round(80 / 1800, 4)),
        "SIP/201": (600.0, 0.0, 600.0, 0.0, 0.0, 0.0),
    }


def test_logs_without_agent_events_leave_occupancy_unknown(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    bank = tmp_path / "bank.tsv"
    bank.write_text("".join(BANK.read_text(encoding="utf-8").splitlines(keepends=True)[:200]), encoding="utf-8")
    store.import_file(bank, **owner(store, "B"), format_name="anonymous_bank")
    assert not store.files(scope(store)[0], kind="agent_states")
    with store.reader(*scope(store, "B")) as connection:
        rows = kpi.breakdown(connection, kpi.KpiSettings(), "agent", vendors=["B"])
    assert rows and all(row["occupancy"] is None and row["logged_in_s"] is None for row in rows)


def test_removing_the_import_removes_its_agent_states(tmp_path: Path) -> None:
    store = _imported(tmp_path)
    (states,) = store.files(scope(store)[0], kind="agent_states")
    assert states.exists()
    store.remove_import(scope(store)[0], store.imports(scope(store)[0], vendor_ids=scope(store, "Q")[1])[0].id)
    assert not states.exists() and not store.files(scope(store)[0], kind="agent_states")


def test_cli_kpi_by_agent_shows_occupancy(tmp_path: Path) -> None:
    cli_evaluation("Q")
    log = tmp_path / "queue_log"
    log.write_text(QUEUE_LOG + "\n", encoding="utf-8")
    assert callscout("calls", "import", str(log), "--vendor", "Q", cwd=tmp_path).returncode == 0
    result = callscout("calls", "kpi", "--by", "agent", "--output", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["key"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["SIP/201"]["occupancy"] == round(300 / 1940, 4)
    out = tmp_path / "agents.xlsx"
    assert (
        callscout("calls", "kpi", "--by", "agent", "--output", "xlsx", "--out", str(out), cwd=tmp_path).returncode == 0
    )
    sheet = list(load_workbook(out).active.iter_rows(values_only=True))
    header = list(sheet[0])
    occupancy = {row[0]: row[header.index("occupancy")] for row in sheet[1:]}
    assert occupancy["Agent/300"] == round(120 / 1900, 4)
    table = callscout("calls", "kpi", "--by", "agent", cwd=tmp_path, env_lang="en")
    assert "Occupancy" in table.stdout


def test_an_agent_without_login_events_has_unknown_time_not_zero(tmp_path: Path) -> None:
    """SIP/209 answers a call but the log has no login of his: his time logged in cannot be told from the
    log, so it is «нет данных» (None, with the reason), never 0 s with an occupancy of nothing."""
    store = new_store(tmp_path)
    log = tmp_path / "queue_log"
    extra = [
        _line(2500, "c9", "support", "NONE", "ENTERQUEUE", "", "79160000009", "1"),
        _line(2504, "c9", "support", "SIP/209", "CONNECT", "4", "c9.2", "1"),
        _line(2564, "c9", "support", "SIP/209", "COMPLETECALLER", "4", "60", "1"),
    ]
    lines = QUEUE_LOG.splitlines()
    log.write_text("\n".join([*lines[:-1], *extra, lines[-1]]) + "\n", encoding="utf-8")
    store.import_file(log, **owner(store, "Q"))
    with store.reader(*scope(store, "Q")) as connection:
        rows = {row["key"]: row for row in kpi.breakdown(connection, kpi.KpiSettings(), "agent", vendors=["Q"])}
    unknown = rows["SIP/209"]
    assert unknown["answered"] == 1 and unknown["busy_s"] == 60.0
    assert unknown["logged_in_s"] is None and unknown["occupancy"] is None and unknown["utilisation"] is None
    assert unknown["agent_time_unknown"] == "no_login_events"
    assert rows["SIP/202"]["logged_in_s"] == 1200.0  # the others as before
