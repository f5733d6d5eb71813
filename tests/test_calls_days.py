"""The call store's layout, partitioned by vendor and day: ``v<vendor id>/<YYYY-MM-DD>/calls-<token>.parquet``.

What is checked: an import writes one file per day, each listed with its day and rows in the manifest; a
reader given days reads only those days' files and a report over a period equals the full read's; an
import written before the day split (one file per import, no ``parts``) is read, pruned, checked against
and removed as before, beside new imports of the same vendor; ``calls kpi --from/--to`` reads only the
period's files.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import select

from callscout.calls import kpi
from callscout.calls.storage import CallStore, days_of_period
from callscout.calls.tables import CallImportRow
from callscout.errors import DataError
from tests.calls_helpers import BANK, new_store, owner, scope


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> CallStore:
    store = new_store(tmp_path_factory.mktemp("days"))
    store.import_file(BANK, **owner(store, "Bank"))
    return store


def test_an_import_writes_one_file_per_day(bank: CallStore) -> None:
    (row,) = bank.imports(scope(bank)[0])
    parts = row.details["parts"]
    assert [part["day"] for part in parts] == [f"1999-02-{day:02d}" for day in range(1, 29)]
    assert sum(part["rows"] for part in parts) == row.rows == 33_344
    connection = duckdb.connect()
    for part in parts:
        path = bank.directory / part["path"]
        assert path.parent.name == part["day"] and path.parent.parent.name == f"v{row.vendor_id}"
        days = connection.execute(
            f"SELECT DISTINCT CAST(arrival AS DATE), count(*) OVER () FROM read_parquet('{path}')"
        ).fetchall()
        assert days == [(date.fromisoformat(part["day"]), part["rows"])]  # every row of the file is of its day
    # The day is a folder name, not a Hive ``day=`` partition: no extra column in the views.
    with bank.reader(*scope(bank)) as reader:
        assert "day" not in {name for (name, *_rest) in reader.execute("DESCRIBE calls").fetchall()}


def test_a_period_reads_only_its_days(bank: CallStore) -> None:
    evaluation_id, _ = scope(bank)
    period = kpi.Period.from_dates(date(1999, 2, 8), date(1999, 2, 14))
    days = days_of_period(period.start, period.end, after_hours=24)
    assert days == (date(1999, 2, 7), date(1999, 2, 15))
    files = bank.files(evaluation_id, days=days)
    assert sorted(Path(path).parent.name for path in files) == [f"1999-02-{day:02d}" for day in range(7, 16)]
    assert bank.files(evaluation_id, days=(date(1999, 3, 1), None)) == []
    settings = kpi.KpiSettings()
    with bank.reader(evaluation_id) as everything:
        expected = kpi.report(everything, settings, period=period, by=["day", "agent"])
    with bank.reader(evaluation_id, days=days) as pruned:
        assert pruned.execute("SELECT min(arrival)::DATE, max(arrival)::DATE FROM calls").fetchone() == (
            date(1999, 2, 7),
            date(1999, 2, 15),
        )
        found = kpi.report(pruned, settings, period=period, by=["day", "agent"])
    assert found == expected and 0 < expected["offered"] < 31_125


def test_callbacks_after_the_period_are_still_read(tmp_path: Path) -> None:
    """A miss on the last day of the period, called back the next morning: the next day's file is read."""
    log = tmp_path / "callbacks.csv"
    log.write_text(
        "call_id,arrival,direction,outcome,caller_id,wait_s,talk_s\n"
        "1,2026-03-10 21:00:00,inbound,abandoned,+79990000001,30,0\n"
        "2,2026-03-11 08:30:00,outbound,answered,+79990000001,0,60\n"
        "3,2026-03-12 09:00:00,inbound,answered,+79990000002,5,60\n",
        encoding="utf-8",
    )
    store = new_store(tmp_path)
    store.import_file(log, format_name="generic", **owner(store, "V"))
    settings = kpi.KpiSettings(callback_window_h=24)
    period = kpi.Period.from_dates(date(2026, 3, 10), date(2026, 3, 10))
    days = days_of_period(period.start, period.end, after_hours=settings.callback_window_h)
    assert [Path(path).parent.name for path in store.files(scope(store)[0], days=days)] == ["2026-03-10", "2026-03-11"]
    with store.reader(scope(store)[0], days=days) as connection:
        report = kpi.report(connection, settings, period=period)
    assert report["offered"] == 1 and report["callbacks"]["called_back"] == 1


def as_written_before_the_split(store: CallStore, row_id: int) -> Path:
    """Rewrite an import as a store written before the day split holds it: one file, no ``parts``."""
    with store.store.session() as session:
        row = session.get(CallImportRow, row_id)
        assert row is not None
        parts = [store.directory / part["path"] for part in row.details["parts"]]
        single = f"v{row.vendor_id}/calls-p1-legacy{row_id}.parquet"
        listing = ", ".join(f"'{path}'" for path in parts)
        duckdb.sql(f"COPY (SELECT * FROM read_parquet([{listing}])) TO '{store.directory / single}' (FORMAT parquet)")
        for path in parts:
            path.unlink()
            path.parent.rmdir()
        row.data_path = single
        row.details = {key: value for key, value in row.details.items() if key != "parts"}
    return store.directory / single


def test_imports_written_before_the_split_are_read_pruned_and_removed(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    evaluation_id, _ = scope(store)
    first = store.import_file(BANK, **owner(store, "Bank"))
    settings = kpi.KpiSettings()
    with store.reader(evaluation_id) as connection:
        before = kpi.report(connection, settings, by=["day"])
    legacy = as_written_before_the_split(store, first.import_id)
    # Nothing is lost: the same report from the one old file.
    with store.reader(evaluation_id) as connection:
        assert kpi.report(connection, settings, by=["day"]) == before
    # The old file is pruned by its first and last call.
    assert store.files(evaluation_id, days=(date(1999, 2, 10), date(1999, 2, 11))) == [legacy]
    assert store.files(evaluation_id, days=(date(1999, 3, 1), date(1999, 3, 2))) == []
    # A new import of the same vendor lands in the day layout beside it; its ids are checked against it.
    with pytest.raises(DataError, match=r"уже импортированы|already imported"):
        _reimport_one_day(store, tmp_path)
    other = tmp_path / "other.csv"
    other.write_text(
        "call_id,arrival,direction,outcome,caller_id,wait_s,talk_s\n"
        "new-1,1999-03-01 10:00:00,inbound,answered,+79990000001,5,60\n",
        encoding="utf-8",
    )
    added = store.import_file(other, format_name="generic", **owner(store, "Bank"))
    assert [Path(path).parent.name for path in store.files(evaluation_id, days=(date(1999, 3, 1), None))] == [
        "1999-03-01"
    ]
    with store.reader(evaluation_id) as connection:
        assert connection.execute("SELECT count(*) FROM calls").fetchone()[0] == 33_345
    # Removing the old import removes its one file; the new one stays.
    store.remove_import(evaluation_id, first.import_id)
    assert not legacy.exists()
    with store.reader(evaluation_id) as connection:
        assert connection.execute("SELECT count(*) FROM calls").fetchone()[0] == 1
    store.remove_import(evaluation_id, added.import_id)
    assert not [path for path in store.directory.rglob("*") if path.is_file() and path.suffix == ".parquet"]
    assert not [path for path in store.directory.glob("v*/*") if path.is_dir()]  # empty day folders go too


def _reimport_one_day(store: CallStore, tmp_path: Path) -> None:
    """The bank's first day again, as a file of its own: every id is already in the old file."""
    day = tmp_path / "first-day.tsv"
    lines = BANK.read_text(encoding="utf-8").splitlines()
    day.write_text("\n".join([lines[0], *[line for line in lines[1:] if "\t990201\t" in line]]) + "\n")
    store.import_file(day, **owner(store, "Bank"))


def test_a_killed_split_leaves_nothing_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest commit fails after some day files moved into place: none of them stays."""
    store = new_store(tmp_path)
    real_replace = __import__("os").replace
    moved: list[str] = []

    def replace_then_fail(source: object, target: object) -> None:
        moved.append(str(target))
        if len(moved) == 5:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr("callscout.calls.storage.os.replace", replace_then_fail)
    with pytest.raises(OSError, match="disk full"):
        store.import_file(BANK, **owner(store, "Bank"))
    monkeypatch.undo()
    with store.store.session() as session:
        assert session.scalars(select(CallImportRow)).all() == []
    assert not [path for path in store.directory.rglob("*.parquet")]


def test_cli_kpi_period_reads_only_its_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``calls kpi --from --to`` as the user runs it: the same figures as without pruning, and the files
    outside the period are not opened (here: removed from disk, which an unpruned read would notice)."""
    import json

    from typer.testing import CliRunner

    from callscout.calls.storage import open_call_store
    from callscout.cli.main import app
    from tests.calls_helpers import cli_evaluation

    monkeypatch.chdir(tmp_path)
    cli_evaluation("Bank")
    runner = CliRunner()
    done = runner.invoke(app, ["calls", "import", str(BANK), "--vendor", "Bank"])
    assert done.exit_code == 0, done.output
    window = ["--from", "1999-02-08", "--to", "1999-02-14", "--output", "json"]
    before = runner.invoke(app, ["calls", "kpi", *window])
    assert before.exit_code == 0, before.output
    store = open_call_store()
    for path in store.files(_only_evaluation(store)):
        if not date(1999, 2, 7) <= date.fromisoformat(Path(path).parent.name) <= date(1999, 2, 15):
            Path(path).unlink()
    after = runner.invoke(app, ["calls", "kpi", *window])
    assert after.exit_code == 0, after.output
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["offered"] > 0
    everything = runner.invoke(app, ["calls", "kpi", "--output", "json"])
    assert everything.exit_code != 0  # the whole month needs the removed files: an error, never a smaller report


def _only_evaluation(store: CallStore) -> int:
    with store.store.session() as session:
        return session.scalars(select(CallImportRow.evaluation_id)).one()


def test_days_of_period_is_open_where_the_period_is() -> None:
    assert days_of_period(None, None) == (None, None)
    assert days_of_period(datetime(2026, 1, 1), None) == (date(2025, 12, 31), None)
    assert days_of_period(None, datetime(2026, 1, 2), after_hours=36) == (None, date(2026, 1, 3))
    assert days_of_period(None, datetime(2026, 1, 2)) == (None, date(2026, 1, 1))
