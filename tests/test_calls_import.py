"""Each importer on realistic samples: what lands in the normalised call table."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from callscout.calls.mapping import ColumnMapping, detect
from tests.calls_helpers import BANK, DATA, calls_of, new_store, owner, scope


def ts(epoch: int) -> datetime:
    return datetime.utcfromtimestamp(epoch)


def test_queue_log_all_events(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    result = store.import_file(DATA / "queue_log.txt", **owner(store, "A"))
    assert result.format == "asterisk_queue_log"
    calls = calls_of(store)
    # Agent and queue events (QUEUESTART, AGENTLOGIN, PAUSE...) are not calls.
    assert len(calls) == 11
    first = calls["1700000100.1"]
    assert first["outcome"] == "answered"
    assert (first["wait_s"], first["talk_s"], first["agent"]) == (12, 120, "SIP/102")
    assert first["arrival"] == ts(1700000100) and first["answered_at"] == ts(1700000112)
    assert first["ended_at"] == ts(1700000232) and first["disconnect_side"] == "caller"
    assert first["caller_id"] == "79161234567" and first["queue"] == "support"
    assert calls["1700000800.8"]["disconnect_side"] == "agent"
    expected_abandons = {
        "1700000200.3": (30, "hangup", "caller"),
        "1700000300.4": (2, "hangup", "caller"),
        "1700000400.5": (300, "timeout", "system"),
        "1700000500.6": (45, "key", "caller"),
        "1700000600.7": (0, "empty", "system"),
    }
    for call_id, (wait, reason, side) in expected_abandons.items():
        call = calls[call_id]
        assert (call["outcome"], call["wait_s"], call["exit_reason"], call["disconnect_side"]) == (
            "abandoned",
            wait,
            reason,
            side,
        ), call_id
    assert (calls["1700001000.10"]["talk_s"], calls["1700001000.10"]["exit_reason"]) == (60, "transfer")
    assert calls["1700001100.12"]["talk_s"] == 80
    # Calls with no exit event: connected but never completed, and entered but never left.
    assert calls["1700001200.15"]["outcome"] == "answered" and calls["1700001200.15"]["talk_s"] is None
    assert calls["1700001200.15"]["ended_at"] is None
    assert calls["1700001300.17"]["outcome"] == "unknown"


def test_queue_log_older_layout(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    store.import_file(DATA / "queue_log_1.4.txt", **owner(store, "old"))
    calls = calls_of(store)
    assert (calls["1200000000.1"]["wait_s"], calls["1200000000.1"]["talk_s"]) == (10, 60)
    # EXITWITHTIMEOUT with only the position (no waittime field): the wait comes from the timestamps.
    assert (calls["1200000100.3"]["wait_s"], calls["1200000100.3"]["exit_reason"]) == (60, "timeout")
    assert (calls["1200000200.4"]["wait_s"], calls["1200000200.4"]["exit_reason"]) == (15, "key")


def _db_export(target: Path, *, single_data: bool) -> None:
    with (DATA / "queue_log.txt").open() as handle, target.open("w", newline="") as out:
        writer = csv.writer(out)
        header = ["id", "time", "callid", "queuename", "agent", "event"]
        header += ["data"] if single_data else ["data1", "data2", "data3", "data4", "data5"]
        writer.writerow(header)
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("|")
            moment = ts(int(parts[0])).strftime("%Y-%m-%d %H:%M:%S.%f")
            data = parts[5:]
            values = ["|".join(data)] if single_data else (data + [""] * 5)[:5]
            writer.writerow([number, moment, *parts[1:5], *values])


@pytest.mark.parametrize("single_data", [False, True])
def test_queue_log_database_export_matches_file(tmp_path: Path, single_data: bool) -> None:
    store = new_store(tmp_path)
    export = tmp_path / "queue_log_table.csv"
    _db_export(export, single_data=single_data)
    store.import_file(DATA / "queue_log.txt", **owner(store, "file"))
    result = store.import_file(export, **owner(store, "table"))
    assert result.format == "asterisk_queue_log_db"
    from_file, from_table = calls_of(store, "file"), calls_of(store, "table")
    assert from_file.keys() == from_table.keys()
    for call_id, call in from_file.items():
        other = from_table[call_id]
        for column in ("outcome", "wait_s", "talk_s", "agent", "arrival", "exit_reason", "caller_id"):
            assert call[column] == other[column], (call_id, column)
    # Agent logins and pauses come out the same from the table as from the file.
    with store.reader(*scope(store)) as connection:
        states = connection.execute("SELECT vendor, agent, span_start, span_end, paused FROM agent_states").fetchall()
    from_file_states = sorted(state[1:] for state in states if state[0] == "file")
    assert from_file_states and from_file_states == sorted(state[1:] for state in states if state[0] == "table")


def test_asterisk_cdr_csv(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    assert store.import_file(DATA / "Master.csv", **owner(store, "C")).format == "asterisk_cdr"
    calls = calls_of(store)
    answered = calls["1705312800.1"]
    assert (answered["outcome"], answered["wait_s"], answered["talk_s"]) == ("answered", 12, 120)
    assert (answered["agent"], answered["queue"], answered["recording"]) == (
        "SIP/101",
        "support",
        "rec-1705312800.1.wav",
    )
    assert calls["1705313100.3"]["outcome"] == "abandoned" and calls["1705313100.3"]["wait_s"] == 40
    callback = calls["1705313400.4"]
    # The trunk prefix 8 becomes 7, so the callback matches the missed caller's number.
    assert (callback["direction"], callback["caller_id"], callback["agent"]) == ("outbound", "79167654321", "SIP/101")
    # The oldest layout has no uniqueid: the id is derived, stable across imports.
    short = [call for call in calls.values() if call["caller_id"] == "79160000001"]
    assert len(short) == 1 and short[0]["exit_reason"] == "busy" and len(short[0]["call_id"]) == 32


@pytest.mark.parametrize("name", ["freeswitch.csv", "freeswitch.json"])
def test_freeswitch_callcenter(tmp_path: Path, name: str) -> None:
    store = new_store(tmp_path)
    store.import_file(DATA / name, **owner(store, "fs"))
    calls = calls_of(store)
    assert set(calls) == {"a1", "a2", "a3", "a4"}  # b1 is the agent's own leg
    assert (calls["a1"]["wait_s"], calls["a1"]["talk_s"], calls["a1"]["hold_s"]) == (15, 120, 10)
    assert (calls["a1"]["agent"], calls["a1"]["queue"], calls["a1"]["recording"]) == ("1001", "support", "/rec/a1.wav")
    assert (calls["a2"]["outcome"], calls["a2"]["disconnect_side"], calls["a2"]["wait_s"]) == (
        "abandoned",
        "caller",
        40,
    )
    assert (calls["a3"]["exit_reason"], calls["a3"]["disconnect_side"]) == ("timeout", "system")
    assert calls["a3"]["caller_id"] == "79160000001"
    assert calls["a4"]["outcome"] == "ivr"


def test_freeswitch_pretty_json_array(tmp_path: Path) -> None:
    records = [json.loads(line) for line in (DATA / "freeswitch.json").read_text().splitlines()]
    path = tmp_path / "cdr.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    store = new_store(tmp_path)
    assert store.import_file(path, **owner(store, "fs")).format == "freeswitch_json"
    assert calls_of(store)["a1"]["queue"] == "support"


RUSSIAN_EXPORT = (
    "Дата;Время;Номер клиента;Статус;Ожидание (сек);Длительность разговора;Оператор;Очередь;Направление\r\n"
    "15.01.2024;10:00:05;8 (916) 123-45-67;Отвечен;12,5;1:05;Иванов;Продажи;Входящий\r\n"
    "15.01.2024;10:01:00;+7 916 765-43-21;Пропущен;1 040;;;Продажи;Входящий\r\n"
    "15.01.2024;10:20:00;+7 916 765-43-21;Не отвечен;0;;Иванов;Продажи;Исходящий\r\n"
    "15.01.2024;10:30:00;+7 916 765-43-21;Успешный;0;0:00:40;Иванов;Продажи;Исходящий\r\n"
)


def test_generic_russian_cp1251_semicolon(tmp_path: Path) -> None:
    path = tmp_path / "выгрузка.csv"
    path.write_bytes(RUSSIAN_EXPORT.encode("cp1251"))
    store = new_store(tmp_path)
    result = store.import_file(path, **owner(store, "Р"))
    assert result.format == "generic"
    calls = sorted(calls_of(store).values(), key=lambda call: call["arrival"])
    first, missed, no_answer, callback = calls
    assert first["arrival"] == datetime(2024, 1, 15, 10, 0, 5)
    assert (first["outcome"], first["wait_s"], first["talk_s"], first["agent"]) == ("answered", 12.5, 65, "Иванов")
    assert first["caller_id"] == "79161234567" and first["queue"] == "Продажи"
    assert (missed["outcome"], missed["wait_s"]) == ("abandoned", 1040)
    assert (no_answer["direction"], no_answer["outcome"]) == ("outbound", "no_answer")
    assert (callback["direction"], callback["outcome"], callback["talk_s"]) == ("outbound", "answered", 40)


def test_generic_english_tab_and_comma(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    rows = [
        ["Call ID", "Start Time", "Caller", "Queue", "Agent", "Wait Time", "Talk Time", "Status"],
        ["c1", "2024-01-15T10:00:05", "79161234567", "support", "bob", "5", "100", "answered"],
        ["c2", "2024-01-15 11:00:05", "79161234500", "support", "", "50", "", "abandoned"],
    ]
    for delimiter, name in (("\t", "x.tsv"), (",", "y.csv")):
        path = tmp_path / name
        path.write_text("\n".join(delimiter.join(row) for row in rows) + "\n", encoding="utf-8")
        store.import_file(path, **owner(store, name))
        calls = calls_of(store, name)
        assert (calls["c1"]["outcome"], calls["c1"]["wait_s"], calls["c1"]["talk_s"]) == ("answered", 5, 100)
        assert calls["c1"]["answered_at"] == datetime(2024, 1, 15, 10, 0, 10)
        assert (calls["c2"]["outcome"], calls["c2"]["wait_s"]) == ("abandoned", 50)


def test_generic_xlsx_with_saved_mapping(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Когда", "Телефон", "Результат", "Сколько ждал", "Разговор, мин", "Оператор"])
    sheet.append([datetime(2024, 1, 15, 10, 0, 5), "79161234567", "Принят", 7, 1.5, "Анна"])
    sheet.append([datetime(2024, 1, 15, 10, 5, 0), "79161234599", "Потерян", 33, None, None])
    path = tmp_path / "cabinet.xlsx"
    workbook.save(path)
    store = new_store(tmp_path)
    mapping = ColumnMapping(columns={"arrival": "Когда", "wait_s": "Сколько ждал"})
    store.save_mapping("cabinet", mapping)
    saved = store.mapping("cabinet")
    assert saved.columns == mapping.columns
    store.import_file(path, **owner(store, "X"), mapping=saved)
    calls = sorted(calls_of(store).values(), key=lambda call: call["arrival"])
    assert calls[0]["arrival"] == datetime(2024, 1, 15, 10, 0, 5)
    assert (calls[0]["outcome"], calls[0]["wait_s"], calls[0]["agent"]) == ("answered", 7, "Анна")
    # "Разговор, мин" was detected as talk time; the mapping did not say minutes, so 1.5 stays seconds.
    assert calls[0]["talk_s"] == 1.5
    assert (calls[1]["outcome"], calls[1]["wait_s"]) == ("abandoned", 33)


def test_header_detection_russian_and_english() -> None:
    mapping = detect(["Дата", "Время", "Время ожидания", "Длительность разговора", "Статус", "Оператор", "Очередь"])
    assert mapping.columns == {
        "date": "Дата",
        "time": "Время",
        "wait_s": "Время ожидания",
        "talk_s": "Длительность разговора",
        "outcome": "Статус",
        "agent": "Оператор",
        "queue": "Очередь",
    }
    english = detect(["Start Time", "Caller ID", "Wait time (s)", "Talk time (s)", "Disposition", "Agent"])
    assert english.columns["arrival"] == "Start Time" and english.columns["wait_s"] == "Wait time (s)"
    assert english.columns["outcome"] == "Disposition" and english.columns["caller_id"] == "Caller ID"


def test_minutes_and_russian_numbers(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Дата и время;Ожидание;Разговор;Статус\n01.02.2024 09:15;0,5;2,25;отвечен\n", encoding="utf-8")
    store = new_store(tmp_path)
    store.import_file(path, **owner(store, "M"), mapping=ColumnMapping(duration_unit="minutes"))
    (call,) = calls_of(store).values()
    assert (call["wait_s"], call["talk_s"], call["arrival"]) == (30, 135, datetime(2024, 2, 1, 9, 15))


def test_gzip_log(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "queue_log.gz"
    path.write_bytes(gzip.compress((DATA / "queue_log.txt").read_bytes()))
    store = new_store(tmp_path)
    assert store.import_file(path, **owner(store, "gz")).rows == 11


def test_anonymous_bank_quirks(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    result = store.import_file(BANK, **owner(store, "Bank"))
    assert result.format == "anonymous_bank" and result.rows == 33344
    calls = calls_of(store)
    # call_id alone repeats across VRU lines; with the line it is unique.
    no_server = calls["AA0101-34537"]
    assert (no_server["outcome"], no_server["agent"], no_server["talk_s"]) == ("answered", None, 5)
    # ser_start 0:00:00 on a served call: answered when it left the queue.
    zero_start = calls["AA0101-34648"]
    assert zero_start["answered_at"] == datetime(1999, 2, 2, 13, 45, 6) and zero_start["wait_s"] == 13
    # vru_exit logged before vru_entry (negative vru_time) does not move the call.
    skewed = calls["AA0102-30456"]
    assert skewed["arrival"] == datetime(1999, 2, 7, 9, 48, 14) and skewed["wait_s"] == 174
    assert calls["AA0101-34539"]["outcome"] == "abandoned"


def test_orders_file(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "Номер заказа;Дата заказа;Телефон;Сумма\nZ-1;15.01.2024 10:05;+7 916 123-45-67;1 990,50\n", encoding="utf-8"
    )
    store = new_store(tmp_path)
    result = store.import_file(path, **owner(store, "shop"), kind="orders")
    assert result.rows == 1
    with store.reader(*scope(store)) as connection:
        assert connection.execute("SELECT order_id, phone, amount FROM orders").fetchone() == (
            "Z-1",
            "79161234567",
            1990.5,
        )


def test_import_result_json_ready(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    result = store.import_file(DATA / "queue_log_1.4.txt", **owner(store, "old"))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["rows"] == 3 and data["outcomes"] == {"abandoned": 2, "answered": 1}
