"""Issue 14, "unknown is never a zero": format by format, each figure a log cannot give is unknown with a reason
(``None`` and a code of ``kpi.UNKNOWN_REASONS``), each figure it can give is a number, and the CLI, the report and
the cabinet show the unknown ones as «нет данных» with why, never as 0 or a blank.

One real-shaped sample per call log format (and PBX preset), the Anonymous Bank month among them: it has no
outbound calls, so its callbacks are «нет данных», not "0 of 1 835"."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from callscout.calls import kpi
from callscout.calls.formats import all_formats
from callscout.calls.storage import CallStore
from callscout.i18n import language
from callscout.store import Store
from tests.calls_helpers import BANK, DATA, cli_evaluation
from tests.test_calls_cli import callscout

NO_HOLD_NO_ACW = {"avg_hold_s": "no_hold_column", "avg_acw_s": "no_acw_column"}
NO_CALLBACKS = {"called_back": "no_outbound_calls", "not_recovered": "no_outbound_calls"}
NO_AGENT_TIME = {"agent_time": "no_agent_events"}
NO_WAITS = dict.fromkeys(
    ("service_level", "short_abandoned", "asa_s", "avg_wait_s", "p90_wait_s", "max_wait_s"), "no_wait_times"
)

# Each format's sample, and what that format cannot tell (figure -> reason). Every other figure is a number.
CASES: dict[str, tuple[Path, dict[str, str]]] = {
    # No hold, no wrap-up, no agent logins; no outbound calls, so no callbacks.
    "anonymous_bank": (BANK, NO_HOLD_NO_ACW | NO_CALLBACKS | NO_AGENT_TIME),
    # A CDR holds the outbound legs too (callbacks are seen), but no hold, wrap-up or logins.
    "asterisk_cdr": (DATA / "Master.csv", NO_HOLD_NO_ACW | NO_AGENT_TIME),
    "asterisk_cdr_db": (DATA / "layouts" / "asterisk_cdr_db_freepbx.csv", NO_HOLD_NO_ACW | NO_AGENT_TIME),
    # A queue log has the agents' logins but only inbound calls and no hold or wrap-up.
    "asterisk_queue_log": (DATA / "queue_log.txt", NO_HOLD_NO_ACW | NO_CALLBACKS),
    "asterisk_queue_log_db": (DATA / "layouts" / "queue_log_db_membername.csv", NO_HOLD_NO_ACW | NO_CALLBACKS),
    # mod_callcenter's CDR has hold (hold_accum_seconds) but no wrap-up, no outbound calls, no logins.
    "freeswitch_csv": (DATA / "freeswitch.csv", {"avg_acw_s": "no_acw_column"} | NO_CALLBACKS | NO_AGENT_TIME),
    "freeswitch_json": (DATA / "freeswitch.json", {"avg_acw_s": "no_acw_column"} | NO_CALLBACKS | NO_AGENT_TIME),
    # A cabinet export of inbound calls without queue, hold or wrap-up columns.
    "generic": (
        DATA / "cabinet_topics_alpha.csv",
        NO_HOLD_NO_ACW | NO_CALLBACKS | NO_AGENT_TIME | {"by_queue": "no_queue_column"},
    ),
    # Bitrix24's statistics carry no wait times at all: service level, ASA and waits are unknown.
    "bitrix24": (DATA / "layouts" / "bitrix24_statistic.csv", NO_WAITS | NO_HOLD_NO_ACW | NO_AGENT_TIME),
    "mango_office": (DATA / "layouts" / "mango_office_stats.csv", NO_HOLD_NO_ACW | NO_AGENT_TIME),
    "threecx": (DATA / "layouts" / "threecx_cdr.log", NO_HOLD_NO_ACW | NO_AGENT_TIME),
}
# Call outcomes each format's logs never show: the import summary counts them «нет данных», not 0.
UNTOLD_OUTCOMES = {
    "anonymous_bank": (),
    "asterisk_cdr": ("ivr", "phantom"),
    "asterisk_cdr_db": ("ivr", "phantom"),
    "asterisk_queue_log": ("ivr", "phantom"),
    "asterisk_queue_log_db": ("ivr", "phantom"),
    "freeswitch_csv": ("phantom",),
    "freeswitch_json": ("phantom",),
    "generic": ("phantom",),
    "bitrix24": ("phantom",),
    "mango_office": ("phantom",),
    "threecx": ("phantom",),
}
# Contract terms of some vendors (the cabinet shows their breach list): checked hour by hour, the generic sample
# has hours with a missed call and no answered one (no ASA that hour) and an hour of short abandons only.
SLA_TERMS = {
    "generic": {"service_level_share": 0.8, "max_abandon_rate": 0.1, "max_asa_s": 20, "period": "hour"},
}
FIGURES = (*kpi.KPI_KEYS, "called_back", "not_recovered", "repeat_24h_share", "agent_time", "by_agent", "by_queue")
BY = ["agent", "queue", "interval"]


def figure(report: dict[str, Any], key: str) -> tuple[Any, str | None]:
    """A figure of ``kpi.report`` and the reason it is unknown (None where it is known)."""
    if key in ("called_back", "not_recovered"):
        part = report["callbacks"]
    elif key == "repeat_24h_share":
        part = report["repeat_callers"]
    elif key in ("agent_time", "by_agent", "by_queue"):  # the report's breakdowns: known unless said otherwise
        reason = report["unknown"].get(key)
        return (None if reason else True), reason
    else:
        part = report
    return part[key], part["unknown"].get(key)


def vendor_name(format_name: str) -> str:
    return f"V {format_name}"


@pytest.fixture(scope="module")
def cabinet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int, dict[str, dict[str, Any]]]:
    """One evaluation with a vendor per format, each with its sample imported; and each vendor's report."""
    from callscout import workspace
    from callscout.store.ownership import vendor_ref

    folder = tmp_path_factory.mktemp("unknown-figures")
    store = Store(f"sqlite:///{folder / 'store.db'}")
    evaluation = workspace.new_evaluation("Форматы", 1000)
    for name in CASES:
        evaluation = workspace.add_vendor(evaluation, {"name": vendor_name(name), "sla": SLA_TERMS.get(name)})
    evaluation_id = store.save_evaluation(evaluation)
    calls = CallStore(store)
    reports = {}
    for name, (path, _unknown) in CASES.items():
        ref = vendor_ref(store, evaluation_id, vendor_name(name))
        calls.import_file(path, evaluation_id=evaluation_id, vendor_id=ref.id, format_name=name)
        with calls.reader(evaluation_id, [ref.id]) as connection:
            reports[name] = kpi.report(connection, kpi.KpiSettings(), vendors=[vendor_name(name)], by=BY)
    return store, evaluation_id, reports


def test_every_format_and_preset_has_a_case() -> None:
    """A new format module (or preset) must say here what its logs cannot tell."""
    assert set(CASES) == set(all_formats()) == set(UNTOLD_OUTCOMES)
    assert {name: fmt.cannot_tell for name, fmt in all_formats().items()} == UNTOLD_OUTCOMES


@pytest.mark.parametrize("format_name", list(CASES))
def test_what_a_format_cannot_tell_is_unknown_with_a_reason_and_the_rest_are_numbers(
    cabinet: tuple[Store, int, dict[str, dict[str, Any]]], format_name: str
) -> None:
    report = cabinet[2][format_name]
    expected = CASES[format_name][1]
    assert report["offered"] > 0 and report["answered"] > 0  # a real sample, not an empty one
    for key in FIGURES:
        value, reason = figure(report, key)
        if key in expected:
            assert value is None, f"{format_name}: {key} = {value!r}, the log cannot tell it"
            assert reason == expected[key], f"{format_name}: {key} unknown for {reason!r}"
            assert reason in kpi.UNKNOWN_REASONS
        else:
            assert reason is None, f"{format_name}: {key} said unknown ({reason}) though the log has it"
            assert value is True or (isinstance(value, int | float) and not isinstance(value, bool)), (
                f"{format_name}: {key} = {value!r}"
            )
    # Every None among the totals' figures has its reason: none is left to be shown blank.
    for key in kpi.KPI_KEYS:
        assert (report[key] is None) == (key in report["unknown"]), key
    # Per agent too: unknown agents' time has a reason on the row, known time is a number.
    for row in report["by"]["agent"]:
        for key in ("logged_in_s", "occupancy", "avg_hold_s", "asa_s"):
            assert (row[key] is None) == (key in row["unknown"]), (format_name, row["key"], key)


def test_the_bank_month_has_no_callbacks_to_count_not_zero(cabinet: tuple[Store, int, dict[str, Any]]) -> None:
    callbacks = cabinet[2]["anonymous_bank"]["callbacks"]
    # 1 835 missed calls with a number, and no outbound call in the whole month: "0 of 1 835" would be a guess.
    assert callbacks["missed_with_number"] == 1835
    assert callbacks["called_back"] is None and callbacks["called_back_share"] is None
    assert callbacks["unknown"]["called_back_share"] == "no_outbound_calls"
    # Redials are inbound calls, which the log does show: a number.
    assert callbacks["recovered_by_redial"] == 1145


def test_a_weekday_the_log_does_not_cover_has_no_counts_not_zeros(cabinet: tuple[Store, int, dict[str, Any]]) -> None:
    reports = cabinet[2]
    bank = reports["anonymous_bank"]["heat_map"]  # a whole month: every weekday is there
    assert bank["unknown"] == {} and all(all(isinstance(n, int) for n in row) for row in bank["offered"])
    one_day = reports["asterisk_cdr"]["heat_map"]  # Master.csv: three calls on Monday, 15 January 2024
    assert set(one_day["unknown"]) == {"tue", "wed", "thu", "fri", "sat", "sun"}
    assert set(one_day["unknown"].values()) == {"weekday_not_in_log"}
    assert one_day["offered"][0][10] == 3 and one_day["offered"][0][0] == 0  # Monday at night: really none
    assert all(n is None for row in one_day["offered"][1:] for n in row)


def _flat(text: str) -> str:
    """A terminal table's text without its frame, spaces and line breaks (Rich wraps long cells)."""
    return re.sub(r"[\s│┃┆┇┊┋╎╏|─━┌┐└┘├┤┬┴┼╭╮╯╰]+", "", text)


@pytest.mark.parametrize("format_name", ["anonymous_bank", "bitrix24", "freeswitch_csv", "asterisk_queue_log"])
def test_the_cli_shows_no_data_with_why_never_zero(tmp_path: Path, format_name: str) -> None:
    path, expected = CASES[format_name]
    cli_evaluation("V")
    imported = callscout(
        "calls", "import", str(path), "--vendor", "V", "--format", format_name, cwd=tmp_path, env_lang="ru"
    )
    assert imported.returncode == 0, imported.stderr
    reasons = {key: kpi.UNKNOWN_REASONS[reason][0] for key, reason in expected.items()}
    # The import's own summary: without waits, how many abandons were short is unknown, not «0».
    if "short_abandoned" in expected:
        assert _flat("коротких сбросов " + reasons["short_abandoned"]) in _flat(imported.stdout), imported.stdout
    else:
        assert "коротких сбросов нет данных" not in imported.stdout
    flat_import = _flat(imported.stdout)
    for outcome, label in (("ivr", "только IVR: "), ("phantom", "фантомные: ")):
        told = kpi.UNKNOWN_REASONS[f"format_no_{outcome}"][0]
        assert (_flat(label + told) in flat_import) == (outcome in UNTOLD_OUTCOMES[format_name]), imported.stdout
    shown = callscout("calls", "kpi", "--vendor", "V", cwd=tmp_path, env_lang="ru")
    assert shown.returncode == 0, shown.stderr
    flat = _flat(shown.stdout)
    for key, label in kpi.KPI_LABELS.items():
        if key in expected:
            assert _flat(label[0] + reasons[key]) in flat, (key, shown.stdout)
        else:
            assert _flat(label[0]) + "нетданных" not in flat, (key, shown.stdout)
    if "called_back" in expected:
        assert _flat("Перезвонили пропущенным: " + reasons["called_back"]) in flat
    if "agent_time" in expected:
        assert _flat("Время операторов: " + reasons["agent_time"]) in flat
    by_agent_table = callscout("calls", "kpi", "--by", "agent", cwd=tmp_path, env_lang="ru").stdout
    if "agent_time" in expected:
        assert _flat("Время операторов: " + reasons["agent_time"]) in _flat(by_agent_table), by_agent_table
    else:
        assert "Время операторов" in by_agent_table and "нет входов и пауз" not in by_agent_table
    # The same figures in JSON: null with the reason's code.
    data = json.loads(callscout("calls", "kpi", "--vendor", "V", "--output", "json", cwd=tmp_path).stdout)
    for key, reason in expected.items():
        value, said = figure(data, key)
        assert value is None and said == reason, key
    # And in a CSV by agent: each cell of an unknown figure says why, none is left empty.
    table = callscout("calls", "kpi", "--by", "agent", "--output", "csv", cwd=tmp_path, env_lang="ru")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    by_agent = json.loads(callscout("calls", "kpi", "--by", "agent", "-o", "json", cwd=tmp_path).stdout)["rows"]
    assert rows and "unknown" not in rows[0] and len(rows) == len(by_agent)
    unknown_cells = 0
    for row, values in zip(rows, by_agent, strict=True):
        for key, reason in values["unknown"].items():
            assert values[key] is None and row[key].startswith("нет данных: "), (key, reason, row[key])
            unknown_cells += key in expected
        assert all(cell != "" for cell in row.values()), row
    assert unknown_cells, "the agents' rows show none of the figures the format cannot tell"


def test_the_report_shows_no_data_with_why_never_zero(cabinet: tuple[Store, int, dict[str, Any]]) -> None:
    from callscout.report.render import _env

    reports = cabinet[2]
    section = {"vendors": {vendor_name(name): report for name, report in reports.items()}, "errors": []}
    section |= {"comparison": None, "sla_breaches": {}, "sla_unchecked": {}}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
    # Each vendor's row of the KPI table, then its row of the hold and after-call work table.
    rows = {
        name: "".join(re.findall(rf"<tr>\s*<td>{re.escape(vendor_name(name))}</td>(.*?)</tr>", html, re.S))
        for name in CASES
    }
    for name, (_path, expected) in CASES.items():
        cells = re.findall(r"<td class=\"num\">(.*?)</td>", rows[name], re.S)
        # Offered, answered, abandoned, abandon rate, service level, ASA, P90, max, talk, AHT, callbacks, repeat
        # calls; hold, ACW: an unknown one says «нет данных» with its reason's code, none is blank or 0.
        # (the abandoned cell carries the short abandons beside the count)
        columns = ["offered", "answered", "short_abandoned", "abandon_rate", "service_level", "asa_s", "p90_wait_s"]
        columns += ["max_wait_s", "avg_talk_s", "aht_s", "called_back", "repeat_24h_share", "avg_hold_s", "avg_acw_s"]
        assert len(cells) == len(columns), rows[name]
        for key, cell in zip(columns, cells, strict=True):
            assert cell.strip() and cell.strip() != "—", (name, key)
            if key in expected:
                assert f'data-unknown="{expected[key]}"' in cell and "нет данных" in cell, (name, key, cell)
            else:
                assert "нет данных" not in cell, (name, key, cell)
        # The heat map: a weekday the log does not cover says so in its row, it is not a row of blanks.
        heat = html[html.index('<table class="heat">', html.index(f"<strong>{vendor_name(name)}</strong> <span")) :]
        heat = heat[: heat.index("</table>")]
        uncovered = heat.count('data-unknown="weekday_not_in_log"')
        assert uncovered == len(reports[name]["heat_map"]["unknown"]), name
        # Under the table, in words: why, and how to settle it.
        block = re.search(
            rf'<div class="unknowns" data-vendor="{re.escape(vendor_name(name))}">(.*?)</div>', html, re.S
        )
        assert block is not None, name
        with language("ru"):
            for reason in set(expected.values()):
                assert kpi.UNKNOWN_REASONS[reason][0] in block.group(1).replace("&#34;", '"'), (name, reason)


def test_the_cabinet_shows_no_data_with_why_never_zero(
    cabinet: tuple[Store, int, dict[str, Any]], tmp_path: Path
) -> None:
    from callscout import accounts
    from callscout.accounts import Role
    from callscout.calls import cache
    from callscout.web import create_app
    from tests.test_web import sign_in

    store, evaluation_id, _reports = cabinet
    user = accounts.create_user(store, "owner", "correct horse")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    cache.RESULTS.clear()
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    sign_in(client)
    for name, (_path, expected) in CASES.items():
        page = client.get(f"/e/{evaluation_id}/calls/dashboard", params={"vendor": vendor_name(name)})
        assert page.status_code == 200, page.text
        text = page.text
        for key in ("abandon_rate", "service_level", "asa_s", "avg_hold_s", "avg_acw_s", "aht_s", "short_abandoned"):
            tile = re.search(rf'data-kpi="{key}">(.*?)</strong>', text, re.S).group(1)
            if key in expected:
                assert f'data-unknown="{expected[key]}"' in tile and "нет данных" in tile, (name, key, tile)
            else:
                assert "нет данных" not in tile and tile.strip(), (name, key, tile)
        if "called_back" in expected:
            tile = re.search(r'data-kpi="not_recovered">(.*?)</strong>', text, re.S).group(1)
            assert 'data-unknown="no_outbound_calls"' in tile and "нет данных" in tile
        listed = re.search(r'<ul class="muted" id="unknowns">(.*?)</ul>', text, re.S)
        with language("ru"):
            for reason in set(expected.values()) - {"no_queue_column"}:
                assert listed is not None and kpi.UNKNOWN_REASONS[reason][0] in listed.group(1), (name, reason)


def test_an_sla_target_on_an_unknown_figure_is_not_checked_neither_met_nor_breached(
    cabinet: tuple[Store, int, dict[str, Any]],
) -> None:
    from callscout.calls import contract
    from callscout.model import Status
    from callscout.model.vendor import SlaTerms
    from callscout.present.findings import finding_text
    from callscout.store.ownership import vendor_ref

    store, evaluation_id, reports = cabinet
    terms = SlaTerms(service_level_share=0.8, max_abandon_rate=0.5, max_asa_s=30)
    vendor = vendor_name("bitrix24")  # no wait times: service level and ASA cannot be told
    with CallStore(store).reader(evaluation_id, [vendor_ref(store, evaluation_id, vendor).id]) as connection:
        found = contract.breaches(connection, vendor, terms)
    assert not [item for item in found if item["metric"] in ("service_level", "asa_s")]
    unchecked = contract.unchecked_targets(terms, reports["bitrix24"])
    assert unchecked == {"service_level": "no_wait_times", "asa_s": "no_wait_times"}
    findings = contract.sla_findings(vendor, terms, found, unchecked)
    assert "sla_met" not in {finding.code for finding in findings}
    not_checked = [finding for finding in findings if finding.code == "sla_unchecked"]
    assert [finding.status for finding in not_checked] == [Status.UNKNOWN, Status.UNKNOWN]
    assert all(finding.cause == "check" for finding in not_checked)
    text = finding_text(not_checked[0], language="ru")
    assert "не проверена — нет данных: в журнале нет времени ожидания" in text, text
    # A log that has the waits: every target checked, the finding says met or breached.
    assert contract.unchecked_targets(terms, reports["asterisk_cdr_db"]) == {}
    # The report says «не проверено» with why, not «нарушений нет».
    from callscout.report.render import _env

    section = {"vendors": {}, "errors": [], "comparison": None, "sla_breaches": {vendor: []}}
    section["sla_unchecked"] = {vendor: unchecked}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
    assert "нарушений нет" not in html and "нарушений не найдено, но не всё проверено" in html
    assert 'data-unchecked="service_level"' in html and "не проверено — нет данных: в журнале нет времени" in html


def test_a_trial_comparison_gives_no_interval_nor_verdict_on_a_rate_the_log_cannot_tell(
    cabinet: tuple[Store, int, dict[str, Any]],
) -> None:
    from callscout.calls import compare
    from callscout.store.ownership import vendor_ref

    store, evaluation_id, _reports = cabinet
    names = [vendor_name("asterisk_cdr_db"), vendor_name("bitrix24")]
    ids = [vendor_ref(store, evaluation_id, name).id for name in names]
    with CallStore(store).reader(evaluation_id, ids) as connection:
        result = compare.compare(connection, names, kpi.KpiSettings())
    service = result["metrics"]["service_level"]
    known, blind = service["vendors"][names[0]], service["vendors"][names[1]]
    assert known["value"] is not None and known["ci"] is not None and "unknown" not in known
    # Before: 0 calls "answered within" out of 3 gave an interval [0; 0.56] and a verdict against it.
    assert blind == {"value": None, "n": 0, "ci": None, "unknown": "no_wait_times"}
    assert service["vs_first"][names[1]] is None
    assert result["metrics"]["asa_s"]["vendors"][names[1]]["unknown"] == "no_wait_times"


def test_the_live_board_without_queue_entries_or_logins_cannot_tell_service_level_or_agents() -> None:
    from datetime import UTC, datetime, timedelta

    from callscout.live.board import Board
    from callscout.live.events import LiveEvent

    at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    now = datetime(2026, 12, 7, 10, 5)  # the board's clock: naive UTC
    board = Board()
    # A source that sends answers and hang-ups only: no queue entry, no agent login.
    board.feed(
        [
            LiveEvent(type="answer", call_id="1", ts=at, agent="a1"),
            LiveEvent(type="hangup", call_id="1", ts=at + timedelta(minutes=2)),
            LiveEvent(type="hangup", call_id="2", ts=at + timedelta(minutes=3)),
        ]
    )
    figures = board.figures(now)
    today = figures["today"]
    # Before: waits of 0 s, so the answer was "in time" (service level 50 %) and the hang-up a short abandon.
    assert (today["answered"], today["abandoned"], today["short_abandoned"]) == (1, 1, 0)
    assert today["service_level"] is None and today["asa_s"] is None
    assert figures["agents_logged_in"] is None
    assert figures["unknown"] == {
        "today.service_level": "no_wait_times",
        "today.asa_s": "no_wait_times",
        "last_30min.service_level": "no_wait_times",
        "last_30min.asa_s": "no_wait_times",
        "last_30min_service_level": "no_wait_times",
        "agents_logged_in": "no_agent_login_events",
    }
    # With queue entries and a login the same figures are numbers.
    board.feed(
        [
            LiveEvent(type="agent_login", ts=at - timedelta(minutes=1), agent="a1"),
            LiveEvent(type="enter_queue", call_id="3", ts=at + timedelta(minutes=3)),
            LiveEvent(type="answer", call_id="3", ts=at + timedelta(minutes=3, seconds=10), agent="a1"),
        ]
    )
    figures = board.figures(now)
    assert figures["today"]["asa_s"] == 10.0 and figures["today"]["service_level"] == 0.3333
    assert figures["agents_logged_in"] == 1 and "agents_logged_in" not in figures["unknown"]


def test_the_scoring_reads_unknown_call_figures_as_unknown_with_their_reason(
    cabinet: tuple[Store, int, dict[str, Any]],
) -> None:
    """The SLA criterion of a vendor whose targets could not be checked is unknown (it was "0 breaches", the best
    score); a KPI criterion the log cannot tell says why, not that the log is missing."""
    from datetime import date

    from callscout import workspace
    from callscout.scoring import extractors
    from callscout.scoring.view import VendorView

    report = dict(cabinet[2]["bitrix24"])
    report["sla_unchecked"] = {"service_level": "no_wait_times"}
    needs = workspace.new_evaluation("Оценка", 1000).needs
    view = VendorView(name="V", vendor={"name": "V"}, needs=needs, reference_date=date.today(), calls=report)
    with language("ru"):
        view.sla_breaches = []
        measured = extractors.sla_breaches(view)
        assert (
            measured.value is None and "цели SLA проверены не все: нет данных: в журнале нет времени" in measured.note
        )
        service = extractors.call_kpi("service_level", percent=True)(view)
        assert service.value is None and service.note.startswith("нет данных: в журнале нет времени ожидания")
        # A breach found is a breach, whatever else could not be checked.
        view.sla_breaches = [{"period": "2026-11-09", "metric": "abandon_rate", "value": 0.5, "target": 0.05}]
        assert extractors.sla_breaches(view).value == 1.0
        # A log that has the figure: a number.
        view.calls = cabinet[2]["asterisk_cdr_db"]
        assert extractors.call_kpi("service_level", percent=True)(view).value == view.calls["service_level"]


def test_the_quality_section_shows_no_data_with_the_command_that_settles_it() -> None:
    from callscout.report.render import _env

    unanswered = {"calls": 2, "answered_share": 0.0, "avg_answer_s": None, "avg_rings": None}
    unanswered |= {"transferred_share": None, "score": None}
    quality = {
        "Без оценок": {"recordings": [], "qa_average": None, "qa_grades": 0, "mystery_shopper": None},
        "Не ответили": {"recordings": [], "qa_average": 71.5, "qa_grades": 4, "mystery_shopper": unanswered},
    }
    for block in quality.values():
        block |= {"quizzes": None, "script": None}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/quality.html.j2").render(doc={"quality": quality})
    rows = dict(re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", html, re.S))
    first, second = rows["Без оценок"], rows["Не ответили"]
    for reason in ("no_grades", "no_mystery_calls", "no_quizzes"):
        assert f'data-unknown="{reason}"' in first and kpi.UNKNOWN_REASONS[reason][0] in first, reason
    assert "callscout qa rate" in first and "callscout qa shopper log" in first
    # Two test calls, none answered: 0 % answered is a count; the answer time and transfers are unknown.
    assert "71,5" in second and "0%" in second.replace("\xa0", "").replace(" ", "")
    assert second.count('data-unknown="no_answered_test_calls"') == 2
    assert ">—<" not in first + second


def test_the_daily_digest_says_why_and_does_not_call_an_unchecked_target_met(
    cabinet: tuple[Store, int, dict[str, Any]],
) -> None:
    from datetime import date

    from callscout.live import digest

    store, evaluation_id, _reports = cabinet
    with language("ru"):
        document = digest.build(CallStore(store), evaluation_id, date(2026, 11, 9))
        item = next(entry for entry in document["vendors"] if entry["vendor"] == vendor_name("bitrix24"))
        assert item["status"] == "ok" and item["kpis"]["service_level"] is None
        assert item["unknown"]["service_level"] == "no_wait_times"
        assert item["sla_unchecked"] == {"service_level": "no_wait_times"}
        _title, text = digest.message(document)
    line = next(line for line in text.splitlines() if line.startswith(vendor_name("bitrix24")))
    assert "уровень сервиса нет данных: в журнале нет времени ожидания" in line, line
    assert "цель SLA «Уровень сервиса» не проверена — нет данных: в журнале нет времени ожидания" in text, text


# --- IVR-only and phantom calls: unknown where the period's imports cannot show them ----------------------------


@pytest.mark.parametrize("format_name", list(CASES))
def test_ivr_and_phantom_counts_are_unknown_where_the_format_cannot_tell_them(
    cabinet: tuple[Store, int, dict[str, dict[str, Any]]], format_name: str
) -> None:
    report = cabinet[2][format_name]
    for outcome in ("ivr", "phantom"):
        if outcome in UNTOLD_OUTCOMES[format_name]:
            assert report[outcome] is None and report["unknown"][outcome] == f"format_no_{outcome}", outcome
        else:
            assert isinstance(report[outcome], int) and outcome not in report["unknown"], outcome
    # Unfinished calls are told by every format (a call without its end in the log): a count.
    assert isinstance(report["incomplete"], int)


# A vendor with the bank month (which shows IVR-only and phantom calls) and an Asterisk CDR (which shows neither):
# by period, which imports the figure rests on. Mixed: unknown, not a lower bound (see kpi.untold_outcomes).
MIXED_PERIODS = [
    ((None, None), {"ivr": "format_no_ivr_partly", "phantom": "format_no_phantom_partly"}),
    (("1999-02-01", "1999-02-28"), {}),  # the bank month alone: counts
    (("2024-01-15", "2024-01-15"), {"ivr": "format_no_ivr", "phantom": "format_no_phantom"}),  # the CDR alone
    (("1999-02-15", "2024-01-15"), {"ivr": "format_no_ivr_partly", "phantom": "format_no_phantom_partly"}),
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[CallStore, int, int]:
    from callscout import workspace
    from callscout.store.ownership import vendor_ref

    folder = tmp_path_factory.mktemp("mixed-formats")
    store = Store(f"sqlite:///{folder / 'store.db'}")
    evaluation_id = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Смесь", 1000), {"name": "M"}))
    calls = CallStore(store)
    ref = vendor_ref(store, evaluation_id, "M")
    for path, name in ((BANK, "anonymous_bank"), (DATA / "Master.csv", "asterisk_cdr")):
        calls.import_file(path, evaluation_id=evaluation_id, vendor_id=ref.id, format_name=name)
    return calls, evaluation_id, ref.id


@pytest.mark.parametrize(("dates", "expected"), MIXED_PERIODS)
def test_a_period_of_mixed_formats_has_ivr_and_phantom_counts_only_where_every_log_shows_them(
    mixed: tuple[CallStore, int, int], dates: tuple[str | None, str | None], expected: dict[str, str]
) -> None:
    from datetime import date

    calls, evaluation_id, vendor_id = mixed
    period = kpi.Period.from_dates(*(date.fromisoformat(day) if day else None for day in dates))
    with calls.reader(evaluation_id, [vendor_id]) as connection:
        report = kpi.report(connection, kpi.KpiSettings(), vendors=["M"], period=period, by=[])
        for outcome in ("ivr", "phantom"):
            if outcome in expected:
                assert report[outcome] is None and report["unknown"][outcome] == expected[outcome], outcome
            else:
                assert (
                    report[outcome]
                    == connection.execute(
                        f"SELECT count(*) FROM calls WHERE outcome = '{outcome}' AND {period.where()}"
                    ).fetchone()[0]
                )
                assert report[outcome] > 0 and outcome not in report["unknown"]
    for reason in expected.values():
        assert reason in kpi.UNKNOWN_REASONS


def test_the_cli_report_and_cabinet_show_ivr_and_phantom_as_no_data_with_why(
    cabinet: tuple[Store, int, dict[str, Any]], tmp_path: Path
) -> None:
    from callscout.present.messages import label

    # The CLI's totals table: a row per count of calls never offered, «нет данных» and why where untold.
    cli_evaluation("V")
    path = DATA / "Master.csv"
    assert callscout("calls", "import", str(path), "--vendor", "V", cwd=tmp_path, env_lang="ru").returncode == 0
    flat = _flat(callscout("calls", "kpi", "--vendor", "V", cwd=tmp_path, env_lang="ru").stdout)
    with language("ru"):
        for outcome in ("ivr", "phantom"):
            assert _flat(label("kpi", outcome) + kpi.UNKNOWN_REASONS[f"format_no_{outcome}"][0]) in flat, outcome
    data = json.loads(callscout("calls", "kpi", "--vendor", "V", "-o", "json", cwd=tmp_path).stdout)
    assert data["ivr"] is None and data["unknown"]["ivr"] == "format_no_ivr"
    # A CDR does show unfinished calls: a count.
    assert (
        isinstance(data["incomplete"], int)
        and _flat(label("kpi", "incomplete", language="ru")) + str(data["incomplete"]) in flat
    )
    # The report's and the cabinet's lists of what the log cannot tell name them with why.
    from callscout.report.render import _env

    reports = cabinet[2]
    section = {"vendors": {vendor_name(name): reports[name] for name in CASES}, "errors": [], "comparison": None}
    section |= {"sla_breaches": {}, "sla_unchecked": {}}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
        for name in CASES:
            block = re.search(
                rf'<div class="unknowns" data-vendor="{re.escape(vendor_name(name))}">(.*?)</div>', html, re.S
            )
            for outcome in ("ivr", "phantom"):
                said = f"{label('kpi', outcome)} — {kpi.UNKNOWN_REASONS[f'format_no_{outcome}'][0]}"
                assert (said in block.group(1)) == (outcome in UNTOLD_OUTCOMES[name]), (name, outcome)


# --- SLA targets period by period: a period whose figure the log cannot tell is «не проверено» --------------------


def _generic_hours_without_an_answer() -> int:
    """Hours of the generic sample with a missed call and no answered one, read from the file itself."""
    hours: dict[str, set[str]] = {}
    with (DATA / "cabinet_topics_alpha.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            hours.setdefault(row["Дата и время"][:13], set()).add(row["Статус"])
    return sum(1 for statuses in hours.values() if statuses == {"Пропущенный"})


@pytest.mark.parametrize("format_name", ["generic", "bitrix24", "asterisk_cdr_db", "anonymous_bank"])
@pytest.mark.parametrize("period", ["day", "hour"])
def test_each_target_in_each_period_is_met_breached_or_not_checked_with_why(
    cabinet: tuple[Store, int, dict[str, Any]], format_name: str, period: str
) -> None:
    from callscout.calls import contract
    from callscout.model.vendor import SlaTerms
    from callscout.store.ownership import vendor_ref

    store, evaluation_id, reports = cabinet
    terms = SlaTerms(service_level_share=0.8, max_abandon_rate=0.1, max_asa_s=20, period=period)
    vendor = vendor_name(format_name)
    with CallStore(store).reader(evaluation_id, [vendor_ref(store, evaluation_id, vendor).id]) as connection:
        rows = kpi.breakdown(connection, contract.settings_for(terms), period, vendors=[vendor])
        checked = contract.checked_periods(connection, vendor, terms)
    breached = {(item["period"], item["metric"]) for item in checked["breaches"]}
    unchecked = {(item["period"], item["metric"]): item["reason"] for item in checked["unchecked"]}
    assert not breached & set(unchecked)  # never both
    for row in rows:
        for metric in contract.target_metrics(terms):
            cell = (row["key"], metric)
            if not row["offered"]:
                assert cell not in breached and cell not in unchecked  # nothing the targets are about
            elif row[metric] is None:
                assert unchecked[cell] == row["unknown"][metric] and unchecked[cell] in kpi.UNKNOWN_REASONS
            else:
                assert cell not in unchecked
    reasons = {(metric, reason) for (_period, metric), reason in unchecked.items()}
    if format_name == "bitrix24":  # no waits at all: every period, and the whole period too
        assert reasons == {("service_level", "no_wait_times"), ("asa_s", "no_wait_times")}
        whole = contract.unchecked_targets(terms, reports[format_name])
        # One line for a target never checkable, not one per period; the findings say it once.
        assert contract.unchecked_in_periods(checked["unchecked"], whole) == []
        codes = [f.code for f in contract.sla_findings(vendor, terms, checked["breaches"], whole, [])]
        assert codes.count("sla_unchecked") == 2 and "sla_unchecked_periods" not in codes and "sla_met" not in codes
    elif format_name == "generic" and period == "hour":
        asa = [item for item in checked["unchecked"] if item["metric"] == "asa_s"]
        assert len(asa) == _generic_hours_without_an_answer() > 0
        assert {item["reason"] for item in asa} == {"no_answered_calls"}
        findings = contract.sla_findings(vendor, terms, checked["breaches"], {}, checked["unchecked"])
        periods = [f for f in findings if f.code == "sla_unchecked_periods"]
        assert periods and all(f.status.value == "unknown" and f.cause == "check" for f in periods)
        asa_finding = next(f for f in periods if f.params["metric"] == "asa_s")
        assert asa_finding.params["n"] == len(asa) == len(asa_finding.evidence)
        from callscout.present.findings import finding_text

        text = finding_text(asa_finding, language="ru")
        assert "не проверена в" in text and "нет данных: за период нет отвеченных звонков" in text, text
        # Without breaches the SLA would not be «met» either: the unchecked periods stand.
        alone = contract.sla_findings(vendor, terms, [], {}, checked["unchecked"])
        assert "sla_met" not in {f.code for f in alone} and alone


def test_the_scoring_sla_criterion_is_never_0_breaches_when_some_periods_were_not_checked(tmp_path: Path) -> None:
    """The pipeline's calls stage on the generic sample with an hourly ASA target: the hours without an answered
    call could not be checked, so the SLA criterion says how many of the hours had every target checked; without a
    breach in the checked hours it is unknown (it read "0 breaches", the best score), with breaches a count."""
    from datetime import date

    from callscout import workspace
    from callscout.calls.stage import calls_stage
    from callscout.model.run import RunContext
    from callscout.scoring import extractors
    from callscout.scoring.view import VendorView

    path, _untold = CASES["generic"]
    evaluation = workspace.new_evaluation("Часы", 1000)
    log = {"path": str(path), "format": "generic"}
    evaluation = workspace.add_vendor(evaluation, {"name": "V", "sla": SLA_TERMS["generic"], "call_logs": [log]})
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    section = calls_stage(RunContext(evaluation, store.save_evaluation(evaluation), store, tmp_path), {})
    assert section is not None and not section["errors"], section
    report = section["vendors"]["V"]
    coverage = report["sla_periods"]
    # The hours of the file with a missed call and no answered one are the hours not checked.
    assert coverage["total"] - coverage["checked"] == _generic_hours_without_an_answer() > 0
    assert coverage["checked"] > 0 and coverage["reason"] == "no_answered_calls"
    shown = f"все цели проверены в {coverage['checked']} из {coverage['total']} периодов"
    found = section["sla_breaches"]["V"]
    view = VendorView(name="V", vendor={"name": "V"}, needs=evaluation.needs, reference_date=date.today(), calls=report)
    with language("ru"):
        # A breach found is a breach: counted, with how much was checked.
        view.sla_breaches = found
        measured = extractors.sla_breaches(view)
        assert found and measured.value == len(found) and shown in measured.note, measured
        # No breach in the checked hours is not «0 breaches»: unknown, with why and how much was checked.
        view.sla_breaches = []
        measured = extractors.sla_breaches(view)
        assert measured.value is None and shown in measured.note and "нет отвеченных звонков" in measured.note
    with language("en"):
        assert f"every target checked in {coverage['checked']} of" in extractors.sla_breaches(view).note
    # Every hour checked: a plain count again, «0» when nothing was breached.
    view.calls = {key: value for key, value in report.items() if key != "sla_periods"}
    assert extractors.sla_breaches(view).value == 0.0 and extractors.sla_breaches(view).note is None
    store.close()


def test_the_breach_list_shows_unchecked_periods_in_the_cli_report_and_cabinet(
    cabinet: tuple[Store, int, dict[str, Any]], tmp_path: Path
) -> None:
    from callscout import accounts
    from callscout.accounts import Role
    from callscout.calls import cache, contract
    from callscout.model.vendor import SlaTerms
    from callscout.store.ownership import vendor_ref
    from callscout.web import create_app
    from tests.test_web import sign_in

    said = "не проверено — " + kpi.UNKNOWN_REASONS["no_answered_calls"][0]
    hours = _generic_hours_without_an_answer()
    # The CLI: `calls sla` by hour lists each such hour «не проверено» with why; JSON has them apart.
    cli_evaluation("V")
    path = DATA / "cabinet_topics_alpha.csv"
    assert callscout("calls", "import", str(path), "--vendor", "V", cwd=tmp_path, env_lang="ru").returncode == 0
    arguments = ("calls", "sla", "--vendor", "V", "--period", "hour", "--max-asa", "20", "--max-abandon", "0.1")
    shown = callscout(*arguments, cwd=tmp_path, env_lang="ru")
    assert shown.returncode == 1  # there are breaches too
    data = json.loads(callscout(*arguments, "-o", "json", cwd=tmp_path).stdout)["V"]
    # (Rich wraps the cells of a narrow terminal into each other: the rows are counted, the reasons read in JSON.)
    assert _flat(shown.stdout).count(_flat("не проверено —")) == len(data["unchecked"]) >= hours, shown.stdout
    asa = [item for item in data["unchecked"] if item["metric"] == "asa_s"]
    assert len(asa) == hours and all(item["reason"] == "no_answered_calls" for item in asa)
    assert not any(item["metric"] == "asa_s" and item["value"] is None for item in data["breaches"])
    # The report: the unchecked periods under the breaches, with why.
    from callscout.report.render import _env

    store, evaluation_id, _reports = cabinet
    vendor = vendor_name("generic")
    terms = SlaTerms.model_validate(SLA_TERMS["generic"])
    with CallStore(store).reader(evaluation_id, [vendor_ref(store, evaluation_id, vendor).id]) as connection:
        checked = contract.checked_periods(connection, vendor, terms)
    section = {"vendors": {}, "errors": [], "comparison": None, "sla_breaches": {vendor: []}, "sla_unchecked": {}}
    section["sla_unchecked_periods"] = {vendor: checked["unchecked"]}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
    assert "нарушений нет" not in html and "нарушений не найдено, но не всё проверено" in html
    assert html.count('data-unchecked-period="asa_s"') == hours and said in html
    # The cabinet: the same hours in the breach card.
    user = accounts.create_user(store, "sla-owner", "correct horse")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    cache.RESULTS.clear()
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    sign_in(client, "sla-owner")
    page = client.get(f"/e/{evaluation_id}/calls/dashboard", params={"vendor": vendor}).text
    card = page[page.index('id="sla"') :]
    assert card.count('data-unchecked-period="asa_s"') == hours and said in card, card[:3000]


# --- the abandon rate of a log without waits: a number, with the caveat that short abandons are in it -----------


@pytest.mark.parametrize("format_name", list(CASES))
def test_the_abandon_rate_without_waits_says_short_abandons_could_not_be_excluded(
    cabinet: tuple[Store, int, dict[str, Any]], format_name: str
) -> None:
    report = cabinet[2][format_name]
    no_waits = "short_abandoned" in CASES[format_name][1]
    assert isinstance(report["abandon_rate"], float)
    if no_waits:
        # Every abandon counted, short ones included: an upper bound of the defined rate, never a lower one.
        assert report["caveats"] == {"abandon_rate": "short_abandons_not_excluded"}
        assert report["abandon_rate"] == round(report["abandoned"] / report["offered"], 4)
    else:
        assert report["caveats"] == {}


@pytest.mark.parametrize("format_name", ["bitrix24", "asterisk_cdr_db"])
def test_the_cli_gives_the_abandon_rate_without_waits_with_its_caveat(tmp_path: Path, format_name: str) -> None:
    caveat = kpi.KPI_CAVEATS["short_abandons_not_excluded"][0]
    cli_evaluation("V")
    path = CASES[format_name][0]
    imported = callscout("calls", "import", str(path), "--vendor", "V", "--format", format_name, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    flat = _flat(callscout("calls", "kpi", "--vendor", "V", cwd=tmp_path, env_lang="ru").stdout)
    assert (_flat("Доля потерянных") in flat) and (_flat(caveat) in flat) == (format_name == "bitrix24"), flat
    by_day = _flat(callscout("calls", "kpi", "--vendor", "V", "--by", "day", cwd=tmp_path, env_lang="ru").stdout)
    assert (_flat("Доля потерянных: " + caveat) in by_day) == (format_name == "bitrix24"), by_day


def test_the_report_and_cabinet_give_the_abandon_rate_without_waits_with_its_caveat(
    cabinet: tuple[Store, int, dict[str, Any]], tmp_path: Path
) -> None:
    from callscout import accounts
    from callscout.accounts import Role
    from callscout.calls import cache
    from callscout.web import create_app
    from tests.test_web import sign_in

    caveat = kpi.KPI_CAVEATS["short_abandons_not_excluded"][0]
    from callscout.report.render import _env

    store, evaluation_id, reports = cabinet
    section = {"vendors": {vendor_name(name): reports[name] for name in CASES}, "errors": [], "comparison": None}
    section |= {"sla_breaches": {}, "sla_unchecked": {}}
    environment = _env()
    environment.globals["lang"] = "ru"
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
    row_with_caveat = r"<tr>\s*<td>([^<]*)</td>(?:(?!</tr>).)*data-caveat=\"short_abandons_not_excluded\""
    marked = set(re.findall(row_with_caveat, html, re.S))
    assert marked == {vendor_name(name) for name, (_p, expected) in CASES.items() if "short_abandoned" in expected}
    assert caveat in html
    # A breach on the figure carries the caveat too: it may be a breach of short abandons only.
    from callscout.calls import contract
    from callscout.model.vendor import SlaTerms
    from callscout.store.ownership import vendor_ref

    vendor = vendor_name("bitrix24")
    with CallStore(store).reader(evaluation_id, [vendor_ref(store, evaluation_id, vendor).id]) as connection:
        found = contract.breaches(connection, vendor, SlaTerms(max_abandon_rate=0.1))
    on_rate = [item for item in found if item["metric"] == "abandon_rate"]
    assert on_rate and all(item["caveat"] == "short_abandons_not_excluded" for item in on_rate)
    section = {"vendors": {}, "errors": [], "comparison": None, "sla_breaches": {vendor: found}, "sla_unchecked": {}}
    with language("ru"):
        html = environment.get_template("sections/calls.html.j2").render(doc={"calls": section})
    assert html.count('data-caveat="short_abandons_not_excluded"') == len(on_rate)
    user = accounts.create_user(store, "caveat-owner", "correct horse")
    accounts.grant(store, user.id, evaluation_id, Role.OWNER)
    cache.RESULTS.clear()
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    sign_in(client, "caveat-owner")
    for name in ("bitrix24", "asterisk_cdr_db"):
        page = client.get(f"/e/{evaluation_id}/calls/dashboard", params={"vendor": vendor_name(name)}).text
        tile = re.search(r'data-kpi="abandon_rate">(.*?)</strong>', page, re.S).group(1)
        assert ('data-caveat="short_abandons_not_excluded"' in tile and caveat in tile) == (name == "bitrix24"), tile
