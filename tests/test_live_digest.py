"""The morning digest: a simulated day in the call store gives the day's KPIs, SLA breaches and worst
half-hours per vendor, the same in the command's JSON, its message and the cabinet page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from callscout.calls.storage import CallStore
from callscout.live import digest
from callscout.store import Store
from tests.test_live import day_log, import_log, live_vendor, make_vendors, summary


def test_digest_of_a_simulated_day(store: Store, tmp_path: Path) -> None:
    flow_vendor, _silent = make_vendors(store, "Поток", "Молчун")
    calls = CallStore(store)
    import_log(calls, day_log(tmp_path), flow_vendor)
    evaluation_id = flow_vendor.evaluation_id
    document = digest.build(calls, evaluation_id, date(2026, 12, 7))
    flow, silent = document["vendors"]
    expected = summary(calls, flow_vendor)
    assert flow["kpis"]["offered"] == expected["offered"] and flow["kpis"]["service_level"] == expected["service_level"]
    assert silent == {"vendor": "Молчун", "status": "no_data"}
    levels = [row["service_level"] for row in flow["worst_intervals"]]
    assert len(levels) == 3 and levels == sorted(levels) and levels[0] < expected["service_level"]
    # The 80/20 target is missed in some intervals but the contract period is the day: one breach at most.
    assert all(row["metric"] in ("service_level", "abandon_rate") for row in flow["breaches"])
    assert digest.build(calls, evaluation_id, date(2026, 12, 8))["vendors"][0]["status"] == "no_calls"
    title, text = digest.message(document)
    assert title == "Сводка за 07.12.2026: Контроль линии"  # the day as a Russian reader writes it
    assert f"Поток: поступило {expected['offered']}" in text and "Молчун: нет данных о звонках" in text
    # The worst intervals read as a Russian reader writes a moment («07.12.2026 10:30»), never ISO.
    assert "худший интервал 07.12.2026 " in text and "2026-12-07T" not in text


def test_digest_command_and_page(tmp_path: Path) -> None:
    home = tmp_path / "home"
    environment = {**os.environ, "CALLSCOUT_HOME": str(home)}
    store = Store(f"sqlite:///{home / 'callscout.db'}")
    (vendor,) = make_vendors(store, "Поток")
    import_log(CallStore(store), day_log(tmp_path, calls=200), vendor)
    store.close()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "callscout",
            "digest",
            "--evaluation",
            "Контроль линии",
            "--date",
            "2026-12-07",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["vendors"][0]["kpis"]["offered"] == 200
    text = subprocess.run(
        [sys.executable, "-m", "callscout", "digest", "--evaluation", "Контроль линии", "--date", "2026-12-07"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert "Сводка за 07.12.2026" in text.stdout and "Поток: поступило 200" in text.stdout


def test_digest_page(store: Store, tmp_path: Path) -> None:
    from tests.test_live_web import cabinet, sign_in

    client, evaluation_id = cabinet(store, tmp_path)
    import_log(CallStore(store), day_log(tmp_path, calls=120), live_vendor(store, "Поток"))
    sign_in(client)
    page = client.get(f"/e/{evaluation_id}/digest?date=2026-12-07")
    assert page.status_code == 200
    assert 'data-kpi="offered">120<' in page.text and "Худшие интервалы" in page.text
    assert client.get(f"/e/{evaluation_id}/digest?date=вчера").status_code == 400


def _evening_of_missed_calls(path: Path, calls: int = 3) -> None:
    """Append to a queue_log an evening hour (20:00 UTC) whose every caller hung up in the queue: it has calls but
    no answered one, so its average speed of answer is unknown."""
    from tests.test_live import DAY_START

    hour = DAY_START + 14 * 3600  # 20:00 UTC, hours after the simulated day's last call
    lines = []
    for index in range(calls):
        start = hour + 300 * index
        call_id = f"evening-{index}"
        lines.append(f"{start}|{call_id}|support|NONE|ENTERQUEUE||+7900000000{index}|1")
        lines.append(f"{start + 45}|{call_id}|support|NONE|ABANDON|1|1|45")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def test_digest_lists_the_sla_periods_it_could_not_check(store: Store, tmp_path: Path) -> None:
    """An hourly contract with an ASA target: the evening hour without an answered call is «не проверено» with
    why (in the document, the message and the cabinet page), never among the met or the breached ASA hours."""
    from callscout import workspace
    from callscout.calls import contract, kpi
    from callscout.model.vendor import SlaTerms
    from callscout.present.messages import label
    from callscout.store.ownership import vendor_ref

    terms = {"service_level_share": 0.5, "max_abandon_rate": 0.5, "max_asa_s": 600, "period": "hour"}
    evaluation = workspace.new_evaluation("Контроль линии", 3000)
    evaluation = workspace.add_vendor(evaluation, {"name": "Поток", "website": None, "inn": None, "sla": terms})
    evaluation_id = store.save_evaluation(evaluation)
    vendor = vendor_ref(store, evaluation_id, "Поток")
    path = day_log(tmp_path, calls=200)
    _evening_of_missed_calls(path)
    calls = CallStore(store)
    import_log(calls, path, vendor)

    # What the log itself says, hour by hour: the hours with calls but no ASA.
    with calls.reader(evaluation_id, [vendor.id]) as connection:
        rows = kpi.breakdown(connection, contract.settings_for(SlaTerms(**terms)), "hour", vendors=["Поток"])
    untold = {str(row["key"]) for row in rows if row["offered"] and row["asa_s"] is None}
    assert len(untold) == 1 and all(row["asa_s"] is not None for row in rows if row["answered"])

    document = digest.build(calls, evaluation_id, date(2026, 12, 7))
    (item,) = document["vendors"]
    listed = item["sla_unchecked_periods"]
    assert {(row["period"], row["metric"], row["reason"]) for row in listed} == {
        (next(iter(untold)), "asa_s", "no_answered_calls")
    }
    assert listed[0]["offered"] == 3 and item["sla_unchecked"] == {}  # ASA is known for the day as a whole
    # Not counted as met, nor as breached: the ASA breaches are hours whose ASA the log tells.
    assert (listed[0]["period"], "asa_s") not in {(row["period"], row["metric"]) for row in item["breaches"]}
    assert listed[0]["period"] == "2026-12-07T20:00:00"  # the evening hour

    _title, text = digest.message(document)
    reason = label("kpi_unknown", "no_answered_calls")
    line = next(line for line in text.splitlines() if "не проверена" in line)
    assert f"цель SLA «{label('kpi', 'asa_s')}» не проверена" in line and reason in line, text
    assert line.strip().startswith("07.12.2026"), line  # the hour as a Russian reader writes it
    # Had every checked hour met its targets, the message would still not read as «met».
    settled = {**document, "vendors": [{**item, "breaches": []}]}
    assert "нарушений SLA не найдено, но проверено не всё" in digest.message(settled)[1]

    # The cabinet's digest page: the same hour, with its reason, marked as not checked.
    from fastapi.testclient import TestClient

    from callscout import accounts
    from callscout.accounts import Role
    from callscout.web.app import create_app
    from tests.test_live_web import sign_in

    owner = accounts.create_user(store, "owner", "correct horse")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    sign_in(client)
    page = client.get(f"/e/{evaluation_id}/digest?date=2026-12-07").text
    rows = re.findall(
        r'<tr class="unknown" data-unchecked-period="([^"]+)" data-unknown="([^"]+)">(.*?)</tr>', page, re.S
    )
    assert [(metric, why) for metric, why, _cells in rows] == [("asa_s", "no_answered_calls")], page
    assert "не проверено" in rows[0][2] and reason in rows[0][2] and ">3<" in rows[0][2]
