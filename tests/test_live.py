"""Live control, the ingest path: a simulated PBX day replayed as events lands in the call store with the
same KPIs as the batch import of that day's queue_log; replays and re-sent batches change nothing."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from callscout import workspace
from callscout.calls import kpi
from callscout.calls.storage import CallStore
from callscout.errors import DataError
from callscout.live.adapters import queue_log_event
from callscout.live.board import Board
from callscout.live.events import LiveEvent, parse_body
from callscout.live.ingest import LiveStore
from callscout.store import Store
from callscout.store.ownership import VendorRef, vendor_ref
from tests.queue_sim import queue_log_lines, simulate_calls

DAY_START = int(datetime(2026, 12, 7, 6, 0, tzinfo=UTC).timestamp())
COMPARED = ("offered", "answered", "abandoned", "short_abandoned", "service_level", "asa_s", "avg_talk_s", "max_wait_s")


def make_vendors(store: Store, *names: str) -> list[VendorRef]:
    evaluation = workspace.new_evaluation("Контроль линии", 3000)
    for name in names:
        evaluation = workspace.add_vendor(evaluation, {"name": name, "website": None, "inn": None})
    evaluation_id = store.save_evaluation(evaluation)
    return [vendor_ref(store, evaluation_id, name) for name in names]


def live_vendor(store: Store, name: str) -> VendorRef:
    """The vendor ``name`` of the tests' evaluation «Контроль линии» (made by ``make_vendors``)."""
    evaluation_id = store.evaluation_id("Контроль линии")
    assert evaluation_id is not None
    return vendor_ref(store, evaluation_id, name)


def import_log(call_store: CallStore, path: Path, vendor: VendorRef) -> None:
    """A batch import of a queue_log for the vendor, as the command line's ``calls import`` does it."""
    call_store.import_file(
        path, evaluation_id=vendor.evaluation_id, vendor_id=vendor.id, format_name="asterisk_queue_log"
    )


def day_log(tmp_path: Path, calls: int = 600) -> Path:
    simulated = simulate_calls(calls_per_s=1 / 40, aht_s=150, patience_s=60, agents=4, calls=calls, seed=7)
    path = tmp_path / "queue_log"
    path.write_text("\n".join(queue_log_lines(simulated, DAY_START)) + "\n", encoding="utf-8")
    return path


def summary(call_store: CallStore, vendor: VendorRef) -> dict:
    with call_store.reader(vendor.evaluation_id, [vendor.id]) as connection:
        row = kpi.summary(connection, kpi.KpiSettings(), vendors=[vendor.name])
    return {key: row[key] for key in COMPARED}


def test_a_day_replayed_as_events_has_the_batch_imports_kpis(store: Store, tmp_path: Path) -> None:
    batch_vendor, live_vendor = make_vendors(store, "Пакет", "Поток")
    path = day_log(tmp_path)
    call_store = CallStore(store, tmp_path / "calls")
    import_log(call_store, path, batch_vendor)
    expected = summary(call_store, batch_vendor)
    assert expected["offered"] > 500 and expected["abandoned"] > 10  # a day with a real queue

    events = [event for line in path.read_text().splitlines() if (event := queue_log_event(line))]
    live = LiveStore(store)
    # Out of order within a window: chunks of the day, each shuffled; one chunk sent twice (a retry).
    rng = random.Random(3)
    chunks = [events[start : start + 97] for start in range(0, len(events), 97)]
    for index, chunk in enumerate(chunks):
        shuffled = chunk[:]
        rng.shuffle(shuffled)
        result = live.ingest(live_vendor.id, shuffled)
        assert result.duplicates == 0
        if index == 3:
            assert live.ingest(live_vendor.id, chunk).as_dict() == {"accepted": 0, "duplicates": len(chunk)}
    # Half way through the day only calls finished before the window move; the rest wait.
    midday = datetime.fromtimestamp(DAY_START + 6 * 3600, UTC).replace(tzinfo=None)
    first = live.move_finished(live_vendor, call_store, now=midday)
    assert 0 < first.calls < expected["offered"]
    end_of_day = datetime.fromtimestamp(DAY_START + 24 * 3600, UTC).replace(tzinfo=None)
    second = live.move_finished(live_vendor, call_store, now=end_of_day)
    assert first.calls + second.calls == expected["offered"]
    assert summary(call_store, live_vendor) == expected
    # Nothing is left to move, and moving again changes nothing.
    assert live.move_finished(live_vendor, call_store, now=end_of_day).calls == 0
    assert summary(call_store, live_vendor) == expected


def test_json_events_with_offsets_fold_like_the_queue_log(store: Store, tmp_path: Path) -> None:
    batch_vendor, live_vendor = make_vendors(store, "Пакет", "Вебхук")
    path = day_log(tmp_path, calls=200)
    call_store = CallStore(store, tmp_path / "calls")
    import_log(call_store, path, batch_vendor)
    moscow = timezone(timedelta(hours=3))
    events = []
    for line in path.read_text().splitlines():
        event = queue_log_event(line)
        if event is None:
            continue
        # What a webhook sender writes: its own local time with its offset, no queue_log data fields.
        payload = event.model_dump(exclude={"data"}, exclude_none=True)
        payload["ts"] = event.ts.astimezone(moscow).isoformat()
        events.append(payload)
    live = LiveStore(store)
    for start in range(0, len(events), 500):
        live.ingest(live_vendor.id, parse_body(json.dumps(events[start : start + 500]).encode()))
    live.move_finished(live_vendor, call_store, now=datetime(2026, 12, 9))
    assert summary(call_store, live_vendor) == summary(call_store, batch_vendor)
    # The calls keep the sender's wall-clock time (Moscow), as the call table's times are local.
    with call_store.reader(live_vendor.evaluation_id) as connection:
        first = dict(connection.execute("SELECT vendor, min(arrival) FROM calls GROUP BY 1").fetchall())
    assert first[live_vendor.name] == first[batch_vendor.name] + timedelta(hours=3)


def test_a_crash_between_import_and_batch_end_redoes_the_same_import(store: Store, tmp_path: Path) -> None:
    (vendor,) = make_vendors(store, "Поток")
    path = day_log(tmp_path, calls=50)
    call_store = CallStore(store, tmp_path / "calls")
    live = LiveStore(store)
    live.ingest(vendor.id, [event for line in path.read_text().splitlines() if (event := queue_log_event(line))])
    original = live._import_batch
    calls: list[int] = []

    def crash_after_import(vendor_ref: VendorRef, batch_id: int, store_: CallStore) -> tuple[int | None, int]:
        # The import commits, then the process dies before the batch is marked imported.
        rows_before = len(store_.imports(vendor_ref.evaluation_id, vendor_ids=[vendor_ref.id]))
        original(vendor_ref, batch_id, store_)
        calls.append(rows_before)
        from callscout.live.tables import LiveBatchRow

        with store.session() as session:
            session.get(LiveBatchRow, batch_id).state = "pending"
        raise KeyboardInterrupt

    live._import_batch = crash_after_import  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        live.move_finished(vendor, call_store, now=datetime(2026, 12, 9))
    live._import_batch = original  # type: ignore[method-assign]
    result = live.move_finished(vendor, call_store, now=datetime(2026, 12, 9))
    assert result.batches == 1
    assert len(call_store.imports(vendor.evaluation_id, vendor_ids=[vendor.id])) == 1  # the redo found the same import
    assert summary(call_store, vendor)["offered"] == 50


def test_bad_events_are_refused_whole_with_the_item_and_field_named() -> None:
    body = (
        b'[{"type": "enter_queue", "call_id": "1", "ts": "2026-12-07T10:00:00+03:00"},'
        b' {"type": "answer", "call_id": "1", "ts": "2026-12-07T10:00:05"},'
        b' {"type": "ring", "call_id": "2", "ts": "2026-12-07T10:00:05+03:00"}]'
    )
    with pytest.raises(DataError) as caught:
        parse_body(body)
    details = "\n".join(caught.value.details)
    assert "событие 2, поле ts: время без смещения UTC" in details
    assert "событие 3, поле type: недопустимое значение" in details
    with pytest.raises(DataError, match="неверный JSON"):
        parse_body(b"{not json")
    with pytest.raises(DataError, match="слишком много событий"):
        parse_body(
            (
                "[" + ",".join(['{"type": "agent_login", "agent": "a", "ts": "2026-12-07T10:00:00Z"}'] * 1001) + "]"
            ).encode()
        )
    record = parse_body(
        b'{"record": "call", "call_id": "7", "arrival": "2026-12-07T10:00:00+03:00", '
        b'"answered_at": "2026-12-07T10:00:12+03:00", "ended_at": "2026-12-07T10:03:00+03:00", "outcome": "answered"}'
    )
    assert [event.type for event in record] == ["enter_queue", "answer", "hangup"]


def test_board_counts_waiting_talking_and_today() -> None:
    moscow = timezone(timedelta(hours=3))
    at = datetime(2026, 12, 7, 10, 0, tzinfo=moscow)
    events = [
        LiveEvent(type="agent_login", agent="a1", ts=at),
        LiveEvent(type="agent_login", agent="a2", ts=at),
        LiveEvent(type="enter_queue", call_id="1", ts=at + timedelta(seconds=10)),
        LiveEvent(type="answer", call_id="1", agent="a1", ts=at + timedelta(seconds=20)),
        LiveEvent(type="enter_queue", call_id="2", ts=at + timedelta(seconds=30)),
        LiveEvent(type="abandon", call_id="2", ts=at + timedelta(seconds=33)),
        LiveEvent(type="enter_queue", call_id="3", ts=at + timedelta(seconds=40)),
        LiveEvent(type="abandon", call_id="3", ts=at + timedelta(seconds=100)),
        LiveEvent(type="enter_queue", call_id="4", ts=at + timedelta(seconds=110)),
    ]
    board = Board()
    board.feed(reversed([_row(event) for event in events]))  # any order
    now = (at + timedelta(seconds=125)).astimezone(UTC).replace(tzinfo=None)
    figures = board.figures(now)
    assert figures["waiting_now"] == 1 and figures["longest_wait_s"] == 15.0
    assert figures["agents_logged_in"] == 2 and figures["agents_talking"] == 1
    assert figures["today"] == {
        "offered": 3,
        "answered": 1,
        "abandoned": 1,
        "short_abandoned": 1,
        "service_level": 0.5,
        "asa_s": 10.0,
    }
    assert figures["last_30min_service_level"] == 0.5
    assert figures["as_of"].endswith("+03:00")


def _row(event: LiveEvent):
    from types import SimpleNamespace

    return SimpleNamespace(
        type=event.type, call_id=event.call_id, ts=event.utc, agent=event.agent, offset_min=event.offset_min
    )


def test_migration_0009_matches_the_live_tables(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from callscout.store.tables import Base

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    with fresh.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    fresh.close()
    live_tables = ("live_", "ingest_tokens", "follow_offsets")
    assert [item for item in differences if any(name in repr(item) for name in live_tables)] == []


@pytest.mark.parametrize("name", ["queue_log.txt", "queue_log_1.4.txt"])
def test_real_queue_logs_followed_as_events_import_as_the_files_do(store: Store, tmp_path: Path, name: str) -> None:
    """The fixture logs (Asterisk 13+ and the older 1.4 layout, with RINGNOANSWER, DID, transfers, key exits,
    pauses) give the same calls whether imported as files or replayed line by line as events."""
    path = Path(__file__).parent / "data" / "calls" / name
    batch_vendor, live_vendor = make_vendors(store, "Пакет", "Поток")
    call_store = CallStore(store, tmp_path / "calls")
    import_log(call_store, path, batch_vendor)
    live = LiveStore(store)
    live.ingest(live_vendor.id, [event for line in path.read_text().splitlines() if (event := queue_log_event(line))])
    live.move_finished(live_vendor, call_store, now=datetime(2100, 1, 1))
    columns = "call_id, outcome, arrival, answered_at, ended_at, wait_s, talk_s, exit_reason, agent, disconnect_side"
    with call_store.reader(live_vendor.evaluation_id) as connection:
        rows = {
            vendor: connection.execute(
                f"SELECT {columns} FROM calls WHERE vendor = ? AND outcome IN ('answered', 'abandoned') ORDER BY 1",
                [vendor],
            ).fetchall()
            for vendor in (batch_vendor.name, live_vendor.name)
        }
    assert rows[batch_vendor.name] and rows[live_vendor.name] == rows[batch_vendor.name]


def agent_time(call_store: CallStore, vendor: VendorRef) -> dict:
    with call_store.reader(vendor.evaluation_id, [vendor.id]) as connection:
        return kpi.agent_time(connection, kpi.KpiSettings(), "interval", vendors=[vendor.name])


def test_agent_logins_moved_in_batches_give_the_batch_imports_agents_per_interval(store: Store, tmp_path: Path) -> None:
    """Logins and logouts reach the call store's agent states: the agents logged in per interval (and the
    occupancy) of a day moved in two batches equal the batch import's, a login spanning both batches."""
    batch_vendor, live_vendor = make_vendors(store, "Пакет", "Поток")
    lines = day_log(tmp_path, calls=300).read_text().splitlines()
    # One agent logs out for an hour mid-morning and back in (both kinds of event, across the batches).
    agent = next(line.split("|")[3] for line in lines if "AGENTLOGIN" in line)
    lines += [
        f"{DAY_START + 7200}|NONE|support|{agent}|AGENTLOGOFF|SIP/x|7200",
        f"{DAY_START + 10800}|NONE|support|{agent}|AGENTLOGIN|SIP/x",
    ]
    lines.sort(key=lambda line: int(line.split("|")[0]))
    path = tmp_path / "queue_log_agents"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_store = CallStore(store, tmp_path / "calls")
    import_log(call_store, path, batch_vendor)
    expected = agent_time(call_store, batch_vendor)
    assert expected and sum(row["logged_in_s"] for row in expected.values()) > 4 * 3600

    live = LiveStore(store)
    live.ingest(live_vendor.id, [event for line in lines if (event := queue_log_event(line))])
    first = live.move_finished(
        live_vendor, call_store, now=datetime.fromtimestamp(DAY_START + 2 * 3600, UTC).replace(tzinfo=None)
    )
    assert first.calls > 0
    live.move_finished(live_vendor, call_store, now=datetime(2026, 12, 9))
    assert len(call_store.imports(live_vendor.evaluation_id, vendor_ids=[live_vendor.id])) >= 2
    assert agent_time(call_store, live_vendor) == expected


def test_late_events_of_a_moved_call_are_imported_with_it(store: Store, tmp_path: Path) -> None:
    """An event arriving after its call moved (a follower catching up, a PBX resending) is not dropped:
    the call's batch is imported again with it, in place of its import, and the call reads as all its
    events tell it."""
    (vendor,) = make_vendors(store, "Поток")
    call_store = CallStore(store, tmp_path / "calls")
    live = LiveStore(store)
    at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    def event(kind: str, call_id: str, seconds: float, **fields: str) -> LiveEvent:
        return LiveEvent(type=kind, call_id=call_id, ts=at + timedelta(seconds=seconds), queue="q", **fields)

    live.ingest(
        vendor.id,
        [
            event("enter_queue", "a", 0),
            event("answer", "a", 20, agent="a1"),
            event("enter_queue", "b", 5),
            event("hangup", "b", 100, agent="a2", side="caller"),
        ],
    )
    # "a" has no end yet; "b" moves, and without its answer it reads as abandoned.
    assert live.move_finished(vendor, call_store, now=datetime(2026, 12, 7, 10, 30)).calls == 1
    with call_store.reader(vendor.evaluation_id, [vendor.id]) as connection:
        assert connection.execute("SELECT outcome FROM calls WHERE call_id = 'b'").fetchone() == ("abandoned",)
    # "b"'s answer arrives late (past the window), and "a"'s hangup.
    live.ingest(vendor.id, [event("answer", "b", 10, agent="a2"), event("hangup", "a", 200, agent="a1", side="agent")])
    moved = live.move_finished(vendor, call_store, now=datetime(2026, 12, 7, 11, 0))
    assert moved.calls == 1  # "a" is new; "b" was imported again, not counted twice
    assert len(call_store.imports(vendor.evaluation_id, vendor_ids=[vendor.id])) == 2
    with call_store.reader(vendor.evaluation_id, [vendor.id]) as connection:
        rows = connection.execute("SELECT call_id, outcome, wait_s, talk_s FROM calls ORDER BY 1").fetchall()
    assert rows == [("a", "answered", 20, 180), ("b", "answered", 5, 90)]
    # Moving again changes nothing.
    assert live.move_finished(vendor, call_store, now=datetime(2026, 12, 7, 12, 0)).batches == 0


def test_a_new_board_reads_today_in_pieces_not_36_hours(store: Store) -> None:
    """The first «Сейчас» view of a busy line: yesterday's calls are not read at all, today's come in
    bounded chunks, an agent logged in two days ago (and still in) is read as his one latest event; the
    figures equal those of a board fed every event."""
    (vendor,) = make_vendors(store, "Поток")
    moscow = timezone(timedelta(hours=3))
    now_local = datetime(2026, 12, 7, 12, 0, tzinfo=moscow)
    events = [
        LiveEvent(type="agent_login", agent="a1", ts=now_local - timedelta(days=2)),
        LiveEvent(type="agent_login", agent="a2", ts=now_local - timedelta(days=2)),
        LiveEvent(type="agent_logout", agent="a2", ts=now_local - timedelta(days=1, hours=5)),
    ]
    for day, count in ((-1, 300), (0, 250)):
        for index in range(count):
            arrival = now_local.replace(hour=1) + timedelta(days=day, seconds=index * 120)
            call_id = f"{day}-{index}"
            events.append(LiveEvent(type="enter_queue", call_id=call_id, ts=arrival))
            if index % 5:
                events.append(LiveEvent(type="answer", call_id=call_id, agent="a1", ts=arrival + timedelta(seconds=9)))
                events.append(LiveEvent(type="hangup", call_id=call_id, agent="a1", ts=arrival + timedelta(seconds=70)))
            elif index != count - 1:
                events.append(LiveEvent(type="abandon", call_id=call_id, ts=arrival + timedelta(seconds=40)))
    live = LiveStore(store)
    live.ingest(vendor.id, events)
    now = now_local.astimezone(UTC).replace(tzinfo=None)
    chunks = list(live.board_events(vendor.id, now, chunk=100))
    rows = [row for chunk in chunks for row in chunk]
    assert all(len(chunk) <= 100 for chunk in chunks)
    assert {row.agent for row in rows if row.call_id is None} == {"a1", "a2"}
    assert [row.type for row in rows if row.agent == "a2" and row.call_id is None] == ["agent_logout"]
    # Today (Moscow) from 01:00 is read; yesterday's calls are not (their 4-hour tail ends before midnight).
    read_calls = {row.call_id for row in rows if row.call_id}
    assert read_calls == {f"0-{index}" for index in range(250)}
    assert not any(call_id.startswith("-1-") for call_id in read_calls)
    everything = Board()
    everything.feed(_row(event) for event in events)
    bounded = Board()
    for chunk in chunks:
        bounded.feed(chunk)
    assert bounded.figures(now) == everything.figures(now)
    assert bounded.figures(now)["agents_logged_in"] == 1


def test_survey_answers_from_the_live_stream_feed_the_survey_report(tmp_path: Path) -> None:
    """A PBX's post-call survey («оцените разговор») sent as events — a ``survey`` event after the call, or
    ``csat``/``nps`` on a finished call record — reaches ``callscout calls survey`` as the log's own
    columns would, by vendor and operator; a bad score is refused with the event and field named."""
    from tests.calls_helpers import cli_evaluation
    from tests.test_calls_cli import callscout

    evaluation_id = cli_evaluation("Поток")
    store = Store()
    vendor = vendor_ref(store, evaluation_id, "Поток")
    at = datetime(2026, 12, 7, 10, 0, tzinfo=timezone(timedelta(hours=3)))
    items: list[dict] = []
    for index, (agent, score) in enumerate([("a1", 5), ("a1", 4), ("a2", 2), ("a2", None)]):
        start = at + timedelta(minutes=index * 5)
        call = f"c{index}"
        items += [
            {"type": "enter_queue", "call_id": call, "ts": start.isoformat(), "queue": "q"},
            {"type": "answer", "call_id": call, "ts": (start + timedelta(seconds=8)).isoformat(), "agent": agent},
            {"type": "hangup", "call_id": call, "ts": (start + timedelta(seconds=90)).isoformat(), "agent": agent},
        ]
        if score is not None:
            survey_at = (start + timedelta(seconds=120)).isoformat()
            items.append({"type": "survey", "call_id": call, "ts": survey_at, "csat": score, "nps": 2 * score})
    items.append(
        {
            "record": "call",
            "call_id": "r1",
            "arrival": (at + timedelta(minutes=30)).isoformat(),
            "answered_at": (at + timedelta(minutes=30, seconds=5)).isoformat(),
            "ended_at": (at + timedelta(minutes=32)).isoformat(),
            "outcome": "answered",
            "agent": "a2",
            "csat": 3,
        }
    )
    live = LiveStore(store)
    accepted = live.ingest(vendor.id, parse_body(json.dumps(items).encode())).accepted
    assert accepted == len(items) + 3  # the call record is 4 events
    with pytest.raises(DataError) as refused:
        parse_body(json.dumps([{"type": "survey", "call_id": "c0", "ts": at.isoformat(), "csat": 7}]).encode())
    assert "событие 1, поле csat" in " ".join(refused.value.details)
    call_store = CallStore(store)
    moved = live.move_finished(vendor, call_store, now=datetime(2026, 12, 8))
    assert moved.calls == 5  # the survey answers wait in the live store; they are not calls
    store.close()

    by_vendor = callscout("calls", "survey", "--output", "json", cwd=tmp_path)
    assert by_vendor.returncode == 0, by_vendor.stderr
    data = json.loads(by_vendor.stdout)
    assert data["status"] == "ok" and (data["calls"], data["csat_answers"], data["nps_answers"]) == (5, 4, 3)
    (row,) = data["rows"]
    assert row["key"] == "Поток" and row["csat_mean"] == 3.5
    by_agent = json.loads(callscout("calls", "survey", "--by", "agent", "--output", "json", cwd=tmp_path).stdout)
    assert {row["key"]: row["csat_mean"] for row in by_agent["rows"]} == {"a1": 4.5, "a2": 2.5}
