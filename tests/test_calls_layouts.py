"""Real export layouts: Asterisk as its databases export it, the presets of Russian cloud PBXs, time zones,
the project's own field names, errors that say why a line does not read, and junk for every format.

Fixtures in tests/data/calls/layouts/ carry synthetic values under the real headers and quirks (column
order, a clid with quotes left raw, epoch dates, legs of one call in several rows, a header-less file).
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from callscout.calls import kpi
from callscout.calls.formats import all_formats, canonical_format_name, detect_format, get_format
from callscout.calls.mapping import MappingNeeded
from callscout.calls.presets import all_presets
from callscout.calls.sources import prepare
from callscout.calls.storage import CallStore, ImportResult
from callscout.errors import CallScoutError, DataError, UsageError
from tests.calls_helpers import BANK, DATA, calls_of, new_store, owner, scope

LAYOUTS = DATA / "layouts"


def _store_import(store: CallStore, path: Path, *, vendor: str, **options: object) -> ImportResult:
    """``import_file`` for the vendor called ``vendor`` of the tests' evaluation."""
    return store.import_file(path, **owner(store, vendor), **options)


def _import(tmp_path: Path, name: str, **options: object):
    store = new_store(tmp_path)
    result = _store_import(store, LAYOUTS / name, vendor="V", **options)
    return store, result, calls_of(store, "V")


# --- Asterisk -------------------------------------------------------------------------------------


def test_cdr_database_export_with_freepbx_columns_and_raw_quotes_in_clid(tmp_path: Path) -> None:
    _store, result, calls = _import(tmp_path, "asterisk_cdr_db_freepbx.csv")
    assert result.format == "asterisk_cdr_db" and result.detected
    # Two rows of the first call (a leg per dialled agent, one linkedid) are one answered call.
    assert result.rows == 4
    first = calls["1794204001.1"]
    assert first["outcome"] == "answered" and first["agent"] == "PJSIP/101"
    assert first["wait_s"] == 15 and first["talk_s"] == 80 and first["caller_id"] == "79161234567"
    assert first["recording"].endswith("1794204001.1.wav") and first["queue"] == "500"
    assert calls["1794204312.4"]["outcome"] == "abandoned" and calls["1794204312.4"]["wait_s"] == 42
    assert calls["1794204450.5"]["direction"] == "outbound" and calls["1794204450.5"]["caller_id"] == "79031234567"
    assert result.losses["answered"] == 2 and result.losses["abandoned"] == 1 and result.losses["outbound"] == 1


def test_cdr_database_export_any_column_order_and_epoch_calldate(tmp_path: Path) -> None:
    _store, result, calls = _import(tmp_path, "asterisk_cdr_db_epoch.csv", timezone="Europe/Moscow")
    assert result.format == "asterisk_cdr_db"
    # 1794204001 is 06:00:01 UTC: 09:00:01 in Moscow.
    assert calls["1794204001.1"]["arrival"] == datetime(2026, 11, 9, 9, 0, 1)
    assert calls["1794204001.1"]["agent"] == "SIP/101" and calls["1794204001.1"]["wait_s"] == 15
    assert calls["1794204312.4"]["outcome"] == "abandoned"


def test_cdr_export_read_as_a_generic_table_names_the_line_and_the_quote(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    from callscout.calls.mapping import ColumnMapping

    with pytest.raises(DataError) as raised:
        _store_import(
            store,
            LAYOUTS / "asterisk_cdr_db_freepbx.csv",
            vendor="V",
            format_name="generic",
            mapping=ColumnMapping(columns={"arrival": "calldate"}),
        )
    text = str(raised.value)
    assert "строка 2" in text and "колонке 2 (clid)" in text and "кавычк" in text
    assert "что сделать" in text and "asterisk_cdr_db" in text
    assert "CSV Error" not in text and "DuckDB" not in text


def test_broken_line_gives_field_count_and_suggestion(tmp_path: Path) -> None:
    log = tmp_path / "cabinet.csv"
    log.write_text(
        "Дата и время;Статус;Время ожидания\n09.11.2026 10:00;Отвечен;5\n09.11.2026 10:01;Отвечен\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        _store_import(new_store(tmp_path), log, vendor="V")
    text = str(raised.value)
    assert "строка 3" in text and "2, ожидалось 3" in text and "что сделать" in text


def test_queue_log_database_export_with_membername_column(tmp_path: Path) -> None:
    store, result, calls = _import(tmp_path, "queue_log_db_membername.csv")
    assert result.format == "asterisk_queue_log_db"
    assert calls["1794204001.1"]["agent"] == "PJSIP/101" and calls["1794204001.1"]["wait_s"] == 15
    with store.reader(*scope(store, "V")) as connection:
        spans = connection.execute("SELECT agent, count(*) FROM agent_states GROUP BY 1 ORDER BY 1").fetchall()
    assert [agent for agent, _count in spans] == ["PJSIP/101", "PJSIP/102"]


def test_queue_log_export_whose_agent_column_has_another_name_is_found_by_its_values(tmp_path: Path) -> None:
    _store, result, calls = _import(tmp_path, "queue_log_db_unnamed_agent.csv")
    assert result.format == "asterisk_queue_log_db"
    assert calls["1794204001.1"]["agent"] == "SIP/operator7"


# --- presets ----------------------------------------------------------------------------------------


def test_bitrix24_statistics_preset_says_wait_is_not_in_the_file(tmp_path: Path) -> None:
    store, result, calls = _import(tmp_path, "bitrix24_statistic.csv")
    assert result.format == "bitrix24" and result.detected
    assert "wait_s" in result.missing_fields
    assert calls["externalCall.6f1a2b"]["agent"] == "17" and calls["externalCall.6f1a2b"]["talk_s"] == 80
    missed = calls["externalCall.6f1a2c"]
    assert missed["outcome"] == "abandoned" and missed["agent"] is None and missed["wait_s"] is None
    # "+00:00" is converted into the import's zone like "+03:00".
    assert calls["externalCall.6f1a2e"]["arrival"] == datetime(2026, 11, 9, 10, 12)
    assert result.timezone == {"zone": "Europe/Moscow", "how": "aware"}
    with store.reader(*scope(store, "V")) as connection:
        summary = kpi.summary(connection, kpi.KpiSettings())
    # No wait known: no service level, no short abandons, no ASA — never 0.
    assert summary["service_level"] is None and summary["asa_s"] is None and summary["short_abandoned"] is None
    assert summary["abandoned"] == 1 and summary["answered"] == 2


def test_mango_office_statistics_without_header_fold_legs_of_one_call(tmp_path: Path) -> None:
    _store, result, calls = _import(tmp_path, "mango_office_stats.csv")
    assert result.format == "mango_office"
    assert result.rows == 3  # four legs, three calls
    answered = calls["MToxMDA1NzU5Mzo4MDg6NTAx"]
    assert answered["outcome"] == "answered" and answered["agent"] == "101"
    assert answered["arrival"] == datetime(2026, 11, 9, 9, 0, 1)  # Unix time, shown in Moscow time
    assert answered["wait_s"] == 15 and answered["talk_s"] == 80
    assert calls["MToxMDA1NzU5Mzo4MDg6NTAy"]["outcome"] == "abandoned"
    assert calls["MToxMDA1NzU5Mzo4MDg6NTAz"]["direction"] == "outbound"


def test_threecx_cdr_log(tmp_path: Path) -> None:
    _store, result, calls = _import(tmp_path, "threecx_cdr.log")
    assert result.format == "threecx"
    first = calls["00000000001"]
    assert first["agent"] == "Анна Смирнова" and first["wait_s"] == 15 and first["talk_s"] == 80
    assert calls["00000000002"]["outcome"] == "abandoned" and calls["00000000002"]["agent"] is None
    outbound = calls["00000000003"]
    assert outbound["direction"] == "outbound" and outbound["caller_id"] == "79031234567"


def test_every_preset_cites_its_source_and_has_a_fixture() -> None:
    fixtures = {path.name.split(".")[0] for path in LAYOUTS.iterdir()}
    for preset in all_presets():
        assert preset.SOURCE.startswith("http"), preset.NAME
        assert preset.NAME in all_formats()
        assert any(name.startswith(preset.NAME) for name in fixtures), preset.NAME


def test_junk_input_over_every_format(tmp_path: Path) -> None:
    """No format may crash on junk: it says what is wrong (a user error), or reads the junk as calls
    only when the junk happens to fit; never a raw exception."""
    generator = random.Random(16)
    junk = {
        "binary.csv": bytes(generator.randrange(1, 256) for _ in range(3000)).replace(b"\x00", b"x"),
        "one-column.csv": b"a\n1\n2\n",
        "pipes.txt": b"|||||\n|||||\n",
        "quotes.csv": b'"a","b\n"c,"d"\n',
        "numbers.csv": b"1,2,3\n4,5,6\n99999999999999999999,1e400,-1\n",
        "json.json": b'{"variables": {"cc_queue": 5}',
        "header-only.csv": b"calldate,clid,src,disposition,billsec\n",
    }
    for name, content in junk.items():
        path = tmp_path / name
        path.write_bytes(content)
        for fmt in all_formats().values():
            store = new_store(tmp_path / f"{name}-{fmt.name}")
            try:
                _store_import(store, path, vendor="J", format_name=fmt.name)
            except CallScoutError as error:
                assert str(error).strip(), (name, fmt.name)
                assert "Error" not in str(error).split(":")[0], (name, fmt.name, str(error))
    for preset in all_presets():
        for rows in ([], [[]], [["x"] * 40] * 3, [["", "", ""]]):
            assert preset.sniff(rows[0] if rows else [], rows[1:]) in (True, False)


# --- names, the bank month --------------------------------------------------------------------------


def test_format_names_accept_dash_and_underscore() -> None:
    assert canonical_format_name("Anonymous-Bank") == "anonymous_bank"
    assert get_format("anonymous-bank").name == "anonymous_bank"
    assert get_format("asterisk-cdr-db").name == "asterisk_cdr_db"
    with pytest.raises(UsageError):
        get_format("nope")


@pytest.mark.parametrize("name", ["anonymous_bank", "anonymous-bank"])
def test_bank_month_imports_by_either_name_with_the_same_kpis(tmp_path: Path, name: str) -> None:
    store = new_store(tmp_path)
    result = _store_import(store, BANK, vendor="Bank", format_name=get_format(name).name)
    with store.reader(*scope(store, "Bank")) as connection:
        summary = kpi.summary(connection, kpi.KpiSettings())
    assert (summary["offered"], summary["answered"], summary["abandoned"], summary["short_abandoned"]) == (
        31125,
        27162,
        3744,
        219,
    )
    assert summary["service_level"] == pytest.approx(0.5245, abs=1e-4)
    # The import summary counts with the same definitions as calls kpi: the numbers add up.
    losses = result.losses
    assert (losses["offered"], losses["abandoned"], losses["short_abandoned"]) == (31125, 3744, 219)
    assert losses["answered"] + losses["abandoned"] + losses["short_abandoned"] == losses["offered"]


# --- fields and time zones in cabinet exports ------------------------------------------------------


def test_the_projects_own_field_names_always_map(tmp_path: Path) -> None:
    log = tmp_path / "own.csv"
    log.write_text(
        "call_id,arrival,outcome,wait_s,talk_s,caller_id,agent\n"
        "c1,2026-11-09 10:00:00,answered,12,95,79161234567,Анна\n"
        "c2,2026-11-09 10:02:00,abandoned,40,,79161234568,\n",
        encoding="utf-8",
    )
    store = new_store(tmp_path)
    result = _store_import(store, log, vendor="V")
    calls = calls_of(store, "V")
    assert calls["c1"]["wait_s"] == 12 and calls["c1"]["talk_s"] == 95 and calls["c1"]["caller_id"] == "79161234567"
    assert calls["c2"]["wait_s"] == 40 and calls["c2"]["outcome"] == "abandoned"
    assert "wait_s" not in result.missing_fields and "caller_id" not in result.missing_fields
    assert result.mapping is not None and result.mapping.columns["wait_s"] == "wait_s"


def test_a_header_that_looks_like_a_field_but_is_unused_is_named(tmp_path: Path) -> None:
    log = tmp_path / "two-waits.csv"
    log.write_text(
        "Дата и время;Статус;Время ожидания;Ожидание в очереди (мин);Длит. разговора\n"
        "09.11.2026 10:00;Отвечен;5;0,1;40\n",
        encoding="utf-8",
    )
    result = _store_import(new_store(tmp_path), log, vendor="V")
    fields = dict(result.lookalikes)
    assert fields.get("Ожидание в очереди (мин)") == "wait_s"
    assert "talk_s" in result.missing_fields or fields.get("Длит. разговора") == "talk_s"


def test_no_date_column_asks_for_a_mapping_without_naming_a_cli_flag(tmp_path: Path) -> None:
    log = tmp_path / "cdr.csv"
    log.write_text("when,who\nx,y\n", encoding="utf-8")
    with pytest.raises(MappingNeeded) as raised:
        _store_import(new_store(tmp_path), log, vendor="V")
    assert raised.value.headers == ["when", "who"] and "--map" not in raised.value.message


def _zoned(tmp_path: Path, values: list[str]) -> Path:
    log = tmp_path / "zoned.csv"
    lines = ["ID;Дата и время;Статус;Время ожидания"]
    lines += [f"c{index};{value};Отвечен;5" for index, value in enumerate(values)]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


def test_offsets_in_the_data_are_converted_into_the_import_zone(tmp_path: Path) -> None:
    values = ["2026-11-09 10:00:00+03:00", "2026-11-09T07:00:00Z", "2026-11-09 02:00:00-05:00", "2026-11-09 10:00 MSK"]
    store = new_store(tmp_path)
    result = _store_import(store, _zoned(tmp_path, values), vendor="V")
    arrivals = {call["arrival"] for call in calls_of(store, "V").values()}
    assert arrivals == {datetime(2026, 11, 9, 10, 0)}  # four ways of writing one instant
    assert result.timezone == {"zone": "Europe/Moscow", "how": "aware"}
    store = new_store(tmp_path / "ekb")
    _store_import(store, _zoned(tmp_path, values), vendor="V", timezone="Asia/Yekaterinburg")
    assert {call["arrival"] for call in calls_of(store, "V").values()} == {datetime(2026, 11, 9, 12, 0)}


def test_mixing_zoned_and_naive_times_is_an_error_with_the_line_unless_the_zone_is_named(tmp_path: Path) -> None:
    values = ["2026-11-09 10:00:00+03:00", "2026-11-09 10:05:00+03:00", "2026-11-09 11:00:00"]
    with pytest.raises(DataError) as raised:
        _store_import(new_store(tmp_path), _zoned(tmp_path, values), vendor="V")
    assert "строка 4" in str(raised.value) and "пояс" in str(raised.value)
    store = new_store(tmp_path / "named")
    result = _store_import(store, _zoned(tmp_path, values), vendor="V", timezone="Europe/Moscow")
    assert sorted(call["arrival"] for call in calls_of(store, "V").values()) == [
        datetime(2026, 11, 9, 10, 0),
        datetime(2026, 11, 9, 10, 5),
        datetime(2026, 11, 9, 11, 0),
    ]
    assert result.timezone == {"zone": "Europe/Moscow", "how": "named"}
    with pytest.raises(DataError, match="часовой пояс"):
        _store_import(new_store(tmp_path / "bad"), _zoned(tmp_path, values), vendor="V", timezone="Mars/Olympus")


def test_detection_tries_presets_before_the_generic_export(tmp_path: Path) -> None:
    source = prepare(LAYOUTS / "bitrix24_statistic.csv", tmp_path)
    assert detect_format(source).name == "bitrix24"
    source = prepare(LAYOUTS / "mango_office_stats.csv", tmp_path)
    assert detect_format(source).name == "mango_office"


def test_queue_log_events_join_the_cdr_by_uniqueid(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    result = _store_import(
        store, LAYOUTS / "asterisk_cdr_db_freepbx.csv", vendor="V", events=LAYOUTS / "queue_log_db_membername.csv"
    )
    assert result.joined_events == 2
    calls = calls_of(store, "V")
    answered = calls["1794204001.1"]
    # The queue's name and the queue wait come from the queue_log; the recording and caller from the CDR.
    assert answered["queue"] == "support" and answered["agent"] == "PJSIP/101" and answered["wait_s"] == 15
    assert answered["recording"].endswith(".wav") and answered["caller_id"] == "79161234567"
    assert calls["1794204312.4"]["exit_reason"] == "hangup" and calls["1794204312.4"]["disconnect_side"] == "caller"
    assert calls["1794204450.5"]["queue"] == "from-internal"  # an outbound call no queue event names
    with store.reader(*scope(store, "V")) as connection:
        agents = connection.execute("SELECT DISTINCT agent FROM agent_states ORDER BY 1").fetchall()
    assert agents == [("PJSIP/101",), ("PJSIP/102",)]
    with pytest.raises(DataError, match="queue_log"):
        _store_import(
            new_store(tmp_path / "x"),
            LAYOUTS / "asterisk_cdr_db_freepbx.csv",
            vendor="V",
            events=LAYOUTS / "bitrix24_statistic.csv",
        )


def test_the_evaluations_own_zone_is_where_zoned_times_go_and_only_a_named_zone_settles_a_mixed_file(
    tmp_path: Path,
) -> None:
    """Issue 13 (time zones): offsets are converted into the evaluation's zone (needs.timezone); that zone is
    a default, not the user naming one, so a file mixing zoned and naive times is still refused."""
    from callscout import workspace
    from callscout.store.ownership import vendor_ref

    store = new_store(tmp_path)
    evaluation = workspace.add_vendor(workspace.new_evaluation("Екатеринбург", 1000), {"name": "V"})
    evaluation = workspace.add_vendor(evaluation, {"name": "W"})
    evaluation = evaluation.model_copy(
        update={"needs": evaluation.needs.model_copy(update={"timezone": "Asia/Yekaterinburg"})}
    )
    evaluation_id = store.store.save_evaluation(evaluation)
    vendor = vendor_ref(store.store, evaluation_id, "V")
    zoned = ["2026-11-09 10:00:00+03:00", "2026-11-09T07:00:00Z"]
    result = store.import_file(_zoned(tmp_path, zoned), evaluation_id=evaluation_id, vendor_id=vendor.id)
    assert result.timezone == {"zone": "Asia/Yekaterinburg", "how": "aware"}
    with store.reader(evaluation_id, [vendor.id]) as connection:
        assert {row[0] for row in connection.execute("SELECT arrival FROM calls").fetchall()} == {
            datetime(2026, 11, 9, 12, 0)
        }
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    log = _zoned(mixed, ["2026-11-09 10:00:00+03:00", "2026-11-09 11:00:00"])
    other = vendor_ref(store.store, evaluation_id, "W")
    with pytest.raises(DataError, match="назовите пояс импорта"):
        store.import_file(log, evaluation_id=evaluation_id, vendor_id=other.id)
    named = store.import_file(log, evaluation_id=evaluation_id, vendor_id=other.id, timezone="Europe/Moscow")
    assert named.timezone == {"zone": "Europe/Moscow", "how": "named"}


def test_an_unknown_zone_in_the_evaluation_is_refused_with_the_field() -> None:
    from pydantic import ValidationError

    from callscout import workspace

    evaluation = workspace.new_evaluation("Марс", 1000)
    with pytest.raises(ValidationError, match="неизвестный часовой пояс 'Mars/Olympus'"):
        type(evaluation.needs).model_validate({**evaluation.needs.model_dump(), "timezone": "Mars/Olympus"})
