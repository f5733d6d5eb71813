"""Live control over HTTP and from files: the ingest endpoint (tokens, bounds, adapters), the page «Сейчас»
and its stream, the queue_log follower (restart, rotation, truncation), the CLI commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from callscout import accounts
from callscout.accounts import Role
from callscout.live.follow import QueueLogFollower
from callscout.live.ingest import LiveStore
from callscout.store import Store
from callscout.web import create_app
from tests.test_live import live_vendor, make_vendors


def now_iso(seconds_ago: float = 0) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()


def cabinet(store: Store, tmp_path: Path) -> tuple[TestClient, int]:
    owner = accounts.create_user(store, "owner", "correct horse")
    make_vendors(store, "Поток", "Другой")
    evaluation_id = store.evaluation_id("Контроль линии")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    return client, evaluation_id


def sign_in(client: TestClient) -> str:
    assert client.post("/login", data={"login": "owner", "password": "correct horse"}).status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


def test_events_need_the_vendors_token_and_land_once(store: Store, tmp_path: Path) -> None:
    client, _evaluation_id = cabinet(store, tmp_path)
    live = LiveStore(store)
    vendor = live_vendor(store, "Поток")
    other = live_vendor(store, "Другой")
    token = live.issue_token(vendor.id)
    batch = [
        {"type": "enter_queue", "call_id": "c1", "ts": now_iso(30), "queue": "sales", "caller": "+79161234567"},
        {"type": "enter_queue", "call_id": "c2", "ts": now_iso(10), "queue": "sales"},
        {"type": "answer", "call_id": "c1", "ts": now_iso(20), "agent": "Иванова"},
    ]
    assert client.post("/api/v1/events", json=batch).status_code == 401
    assert client.post("/api/v1/events", json=batch, headers={"authorization": "Bearer wrong"}).status_code == 401
    headers = {"authorization": f"Bearer {token}"}
    answer = client.post("/api/v1/events", json=batch, headers=headers)
    assert answer.status_code == 202 and answer.json() == {"accepted": 3, "duplicates": 0}
    # A retry of the same batch (the sender never saw the 202) changes nothing.
    assert client.post("/api/v1/events", json=batch, headers=headers).json() == {"accepted": 0, "duplicates": 3}
    # One event alone, and the token in the URL (for webhooks that only take a URL).
    single = {"type": "abandon", "call_id": "c2", "ts": now_iso(1)}
    assert client.post(f"/api/v1/events?token={token}", json=single).json()["accepted"] == 1
    bad = client.post("/api/v1/events", content='[{"type": "answer", "ts": "вчера"}]'.encode(), headers=headers)
    assert bad.status_code == 400
    assert "событие 1, поле ts: время не распознано" in " ".join(bad.json()["details"])
    huge = client.post("/api/v1/events", content=b"[" + b" " * (1024 * 1024 + 10) + b"]", headers=headers)
    assert huge.status_code == 400 and "больше" in huge.json()["error"]
    rows = live.events_since(0)
    assert len(rows) == 4 and {row.vendor_id for row in rows} == {vendor.id}
    assert not live.events_since(0, [other.id])
    # Rotating the token (as the cabinet does, in the server) makes the old one stop working at once.
    client.app.state.live.issue_token(vendor.id)
    assert client.post("/api/v1/events", json=single, headers=headers).status_code == 401


def test_zadarma_and_ami_adapters(store: Store, tmp_path: Path) -> None:
    client, _evaluation_id = cabinet(store, tmp_path)
    live = LiveStore(store)
    vendor = live_vendor(store, "Поток")
    token = live.issue_token(vendor.id)
    echo = client.get(f"/api/v1/events/zadarma?token={token}&zd_echo=abc123")
    assert echo.status_code == 200 and echo.text == "abc123"
    start = {
        "event": "NOTIFY_START",
        "call_start": "2026-12-07 10:00:00",
        "pbx_call_id": "in_7f1a",
        "caller_id": "79161234567",
        "called_did": "78001234567",
    }
    assert client.post(f"/api/v1/events/zadarma?token={token}", data=start).json()["accepted"] == 1
    end = {"event": "NOTIFY_END", "pbx_call_id": "in_7f1a", "disposition": "cancel", "duration": "0"}
    assert client.post(f"/api/v1/events/zadarma?token={token}", data=end).json()["accepted"] == 1
    # An answered call with every field Zadarma's own API library declares for these notifications
    # (zadarma/user-api-v1, lib/Webhook/NotifyStart.php, NotifyAnswer.php, NotifyEnd.php): the answer names
    # the number called ``destination`` (not ``called_did``); the end adds status_code (Q.931), is_recorded
    # and call_id_with_rec. Fields the adapter does not use are accepted, not refused.
    answered = [
        start | {"pbx_call_id": "in_8b2c", "call_start": "2026-12-07 10:05:00"},
        {
            "event": "NOTIFY_ANSWER",
            "caller_id": "79161234567",
            "destination": "78001234567",
            "call_start": "2026-12-07 10:05:00",
            "pbx_call_id": "in_8b2c",
            "internal": "101",
        },
        {
            "event": "NOTIFY_END",
            "call_start": "2026-12-07 10:05:00",
            "pbx_call_id": "in_8b2c",
            "caller_id": "79161234567",
            "called_did": "78001234567",
            "internal": "101",
            "duration": "95",
            "disposition": "answered",
            "status_code": "16",
            "is_recorded": "1",
            "call_id_with_rec": "1765091100.123456",
        },
    ]
    for form in answered:
        assert client.post(f"/api/v1/events/zadarma?token={token}", data=form).json()["accepted"] == 1
    ami = [
        {
            "Event": "QueueCallerJoin",
            "Queue": "support",
            "Uniqueid": "1700.5",
            "CallerIDNum": "79160000000",
            "Timestamp": "1765101600.000000",
        },
        {
            "Event": "AgentConnect",
            "Queue": "support",
            "Uniqueid": "1700.5",
            "MemberName": "Петрова",
            "HoldTime": "7",
            "Timestamp": "1765101607.000000",
        },
        {"Event": "Newchannel", "Channel": "SIP/1-0001"},
    ]
    answer = client.post("/api/v1/events/asterisk_ami", json=ami, headers={"authorization": f"Bearer {token}"})
    assert answer.json() == {"accepted": 2, "duplicates": 0}
    rows = live.events_since(0)
    by_call = {(row.call_id, row.type): row for row in rows}
    assert by_call[("in_7f1a", "enter_queue")].offset_min == 180  # Zadarma's times are Moscow time
    assert by_call[("in_7f1a", "enter_queue")].ts == datetime(2026, 12, 7, 7, 0)
    assert by_call[("1700.5", "answer")].agent == "Петрова"
    assert by_call[("in_7f1a", "abandon")].detail == {"reason": "hangup"}
    assert by_call[("in_8b2c", "enter_queue")].queue == "78001234567"
    assert by_call[("in_8b2c", "answer")].agent == "101"
    assert by_call[("in_8b2c", "hangup")].agent == "101"


def test_the_page_and_its_stream_show_a_new_waiting_call(store: Store, tmp_path: Path) -> None:
    client, evaluation_id = cabinet(store, tmp_path)
    csrf = sign_in(client)
    page = client.get(f"/e/{evaluation_id}/live?vendor=Поток")
    assert page.status_code == 200 and "Ждут ответа сейчас" in page.text and "Токена ещё нет" in page.text
    rotated = client.post(f"/e/{evaluation_id}/live/token", data={"csrf_token": csrf, "vendor": "Поток"})
    token = re.search(r'id="ingest-token">([^<]+)<', rotated.text).group(1)
    event = {"type": "enter_queue", "call_id": "w1", "ts": now_iso(12)}
    assert client.post("/api/v1/events", json=event, headers={"authorization": f"Bearer {token}"}).status_code == 202
    with client.stream("GET", f"/e/{evaluation_id}/live/stream?vendor=Поток") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                figures = json.loads(line[6:])
                break
    assert figures["waiting_now"] == 1 and figures["longest_wait_s"] >= 12
    assert figures["today"]["offered"] == 0  # still waiting: not yet answered nor abandoned
    # Others see nothing: no session is sent to sign in; a user without a role on the evaluation gets 404.
    stranger = TestClient(client.app, follow_redirects=False)
    assert stranger.get(f"/e/{evaluation_id}/live/stream?vendor=Поток").headers["location"].startswith("/login")
    accounts.create_user(store, "other", "another password")
    assert stranger.post("/login", data={"login": "other", "password": "another password"}).status_code == 303
    assert stranger.get(f"/e/{evaluation_id}/live/stream?vendor=Поток").status_code == 404
    assert stranger.get(f"/e/{evaluation_id}/live?vendor=Поток").status_code == 404


def test_follower_resumes_rotates_and_restarts_after_truncation(store: Store, tmp_path: Path) -> None:
    (vendor,) = make_vendors(store, "Поток")
    live = LiveStore(store)
    log = tmp_path / "queue_log"
    lines = [
        "1765101600|1.1|support|NONE|ENTERQUEUE||79160000001|1",
        "1765101605|1.1|support|Agent/1|CONNECT|5|x|1",
        "1765101700|1.1|support|Agent/1|COMPLETECALLER|5|95|1",
        "1765101800|2.1|support|NONE|ENTERQUEUE||79160000002|1",
        "1765101830|2.1|support|NONE|ABANDON|1|1|30",
    ]
    log.write_text("\n".join(lines[:2]) + "\n" + lines[2][:10])  # the third line is still being written
    follower = QueueLogFollower(live, vendor.id, log)
    assert follower.poll() == 2
    with log.open("a") as handle:
        handle.write(lines[2][10:] + "\n")
    # A restart: a new follower (a new process) resumes from the committed offset.
    follower = QueueLogFollower(live, vendor.id, log)
    assert follower.poll() == 1
    assert follower.poll() == 0
    # Rotation: queue_log becomes queue_log.1 with one more line appended before the move; a new file starts.
    with log.open("a") as handle:
        handle.write(lines[3] + "\n")
    os.rename(log, tmp_path / "queue_log.1")
    log.write_text(lines[4] + "\n")
    assert follower.poll() == 2 and follower.stats.rotations == 1
    assert [row.type for row in live.events_since(0)] == ["enter_queue", "answer", "hangup", "enter_queue", "abandon"]
    # Truncation (copytruncate): the file starts again, shorter; its lines are read from the start.
    log.write_text(lines[0] + "\n")
    assert follower.poll() == 1 and follower.stats.truncations == 1
    assert follower.stats.duplicates == 1  # the same event again is recognised, not stored twice
    assert len(live.events_since(0)) == 5


def test_cli_token_follow_once_and_live_json(tmp_path: Path) -> None:
    environment = {**os.environ, "CALLSCOUT_HOME": str(tmp_path / "home")}
    database = Store(f"sqlite:///{tmp_path / 'home' / 'callscout.db'}")
    make_vendors(database, "Поток")
    database.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "callscout", *args], capture_output=True, text=True, env=environment, timeout=120
        )

    issued = cli("ingest", "token", "--evaluation", "Контроль линии", "--vendor", "Поток")
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.strip().startswith("cs_") and len(issued.stdout.strip().splitlines()) == 1
    log = tmp_path / "queue_log"
    moment = int(datetime.now(UTC).timestamp())
    log.write_text(
        f"{moment - 40}|9.1|support|NONE|ENTERQUEUE||79160000009|1\n"
        f"{moment - 35}|9.1|support|Agent/2|CONNECT|5|x|1\n"
        f"{moment - 20}|8.1|support|NONE|ENTERQUEUE||79160000008|1\n"
    )
    followed = cli(
        "calls",
        "follow",
        str(log),
        "--format",
        "asterisk_queue_log",
        "--evaluation",
        "Контроль линии",
        "--vendor",
        "Поток",
        "--once",
    )
    assert followed.returncode == 0, followed.stderr
    figures = cli("calls", "live", "--evaluation", "Контроль линии", "--vendor", "Поток", "--output", "json")
    assert figures.returncode == 0, figures.stderr
    data = json.loads(figures.stdout)
    assert set(data) >= {
        "waiting_now",
        "longest_wait_s",
        "agents_logged_in",
        "agents_talking",
        "today",
        "last_30min_service_level",
    }
    assert data["waiting_now"] == 1 and data["agents_talking"] == 1 and data["today"]["answered"] == 1
    assert data["today"]["asa_s"] == 5.0
    unknown = cli("calls", "live", "--evaluation", "Контроль линии", "--vendor", "Нет такого", "--output", "json")
    assert unknown.returncode != 0 and "вендора 'Нет такого' нет в этой оценке" in unknown.stderr


def test_live_commands_resolve_the_evaluation_as_the_calls_commands_do(tmp_path: Path) -> None:
    """Names are unique per owner only: a name two evaluations share is refused with both ids listed, the
    id picks one, an evaluation file is still accepted, and the only evaluation is the default."""
    from callscout import evalfile, workspace

    home = tmp_path / "home"
    environment = {**os.environ, "CALLSCOUT_HOME": str(home)}
    database = Store(f"sqlite:///{home / 'callscout.db'}")
    (mine,) = make_vendors(database, "Поток")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "callscout", *args], capture_output=True, text=True, env=environment, timeout=120
        )

    # The only evaluation: no --evaluation needed.
    alone = cli("calls", "live", "--vendor", "Поток", "--output", "json")
    assert alone.returncode == 0, alone.stderr
    other_owner = accounts.create_user(database, "other", "other password")
    twin = workspace.add_vendor(workspace.new_evaluation("Контроль линии", 3000), {"name": "Поток"})
    twin_id = database.create_evaluation(twin, other_owner.id)
    database.close()
    ambiguous = cli("ingest", "token", "--evaluation", "Контроль линии", "--vendor", "Поток")
    assert ambiguous.returncode != 0 and not ambiguous.stdout
    assert "несколько" in ambiguous.stderr and str(twin_id) in ambiguous.stderr
    by_id = cli("ingest", "token", "--evaluation", str(mine.evaluation_id), "--vendor", "Поток")
    assert by_id.returncode == 0, by_id.stderr
    database = Store(f"sqlite:///{home / 'callscout.db'}")
    live = LiveStore(database)
    assert live.vendor_for_token(by_id.stdout.strip()) == mine.id  # not the twin's vendor of the same name
    # An evaluation file, as before: loaded into the store and used.
    path = tmp_path / "shop.yaml"
    evalfile.save(workspace.add_vendor(workspace.new_evaluation("Магазин", 500), {"name": "Линия"}), path)
    from_file = cli("ingest", "token", "--evaluation", str(path), "--vendor", "Линия")
    assert from_file.returncode == 0, from_file.stderr
    shop_vendor = live.vendor_for_token(from_file.stdout.strip())
    assert shop_vendor is not None and shop_vendor not in (mine.id,)
    database.close()
