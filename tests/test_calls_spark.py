"""The KPIs on Spark equal DuckDB's: the same statements (kpi.py's, transpiled by SQLGlot) over the same files.

Spark runs for real (PySpark, Debian's Java): ONE session for this file, ``local[2]``, stopped at the end.
All Spark tests live in this file, so ``--dist loadfile`` puts them on one worker with that one session.
Counts must be equal, times equal to 1e-9 relative (sums add up in another order on Spark).
"""

from __future__ import annotations

import json
import math
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from callscout.calls import kpi
from callscout.calls.spark import SparkConnection, SparkOptions, spark_reader, spark_session, to_spark
from tests.calls_helpers import BANK, cli_evaluation, new_store, owner, scope

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="no Java: run scripts/system-deps.sh")

RELATIVE = 1e-9


# hadoop-aws and the AWS SDK for s3a:// (scripts/spark-s3a-jars.sh puts them in .venv/spark-jars).
S3A_JARS = os.environ.get("CALLSCOUT_SPARK_JARS") or ",".join(
    str(jar) for jar in sorted((Path(__file__).resolve().parents[1] / ".venv" / "spark-jars").glob("*.jar"))
)


@pytest.fixture(scope="module")
def spark():
    previous = os.environ.get("CALLSCOUT_SPARK_JARS")
    if S3A_JARS:
        os.environ["CALLSCOUT_SPARK_JARS"] = S3A_JARS  # read when the session starts: one session, with them
    try:
        session = spark_session(SparkOptions(master="local[2]", shuffle_partitions=2))
    finally:
        if previous is None:
            os.environ.pop("CALLSCOUT_SPARK_JARS", None)
        else:
            os.environ["CALLSCOUT_SPARK_JARS"] = previous
    yield session
    session.stop()


def same(duck: Any, other: Any, path: str = "") -> list[str]:
    """Where two results differ: counts and texts exactly, floats to ``RELATIVE``."""
    if isinstance(duck, dict) and isinstance(other, dict):
        if set(duck) != set(other):
            return [f"{path}: keys {sorted(set(duck) ^ set(other))}"]
        return [problem for key in duck for problem in same(duck[key], other[key], f"{path}.{key}")]
    if isinstance(duck, list | tuple) and isinstance(other, list | tuple):
        if len(duck) != len(other):
            return [f"{path}: {len(duck)} rows vs {len(other)}"]
        return [
            problem
            for index, pair in enumerate(zip(duck, other, strict=True))
            for problem in same(*pair, f"{path}[{index}]")
        ]
    if isinstance(duck, float) or isinstance(other, float):
        if duck is None or other is None or not math.isclose(duck, other, rel_tol=RELATIVE, abs_tol=1e-12):
            return [f"{path}: {duck!r} vs {other!r}"]
        return []
    return [] if duck == other and type(duck) is type(other) else [f"{path}: {duck!r} vs {other!r}"]


def raw_rows(connection: Any, settings: kpi.KpiSettings, groupings: list[str]) -> list[list[tuple]]:
    """The unrounded aggregate and percentile rows behind ``grouped`` (what the report rounds for display)."""
    where = kpi._filters(None, kpi.Period())
    keys, sets = kpi._grouping_sets(groupings, settings)
    rows = []
    for sql in (
        kpi.aggregate_sql(settings, where, keys, sets, statistics=True),
        kpi.percentile_sql(settings, where, keys, sets),
    ):
        fetched = connection.execute(sql).fetchall()
        rows.append(sorted(fetched, key=lambda row: tuple((value is None, str(value)) for value in row)))
    return rows


def both(store, spark) -> tuple[Any, SparkConnection]:
    evaluation_id, _ = scope(store)
    untold = store.untold_rows(evaluation_id)  # the formats' untold outcomes, as CallStore.spark_reader passes them
    return store.reader(evaluation_id), spark_reader(spark, store.listed_files(evaluation_id), untold=untold)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory):
    store = new_store(tmp_path_factory.mktemp("bank"))
    store.import_file(BANK, **owner(store, "Bank"))
    return store


def test_bank_month_report_is_the_same_on_spark(bank, spark) -> None:
    settings = kpi.KpiSettings()
    reader, on_spark = both(bank, spark)
    # With the heat map's weekday x hour the report always has: every rewrite the groupings need.
    groupings = ["agent", "queue", "day", "week", "interval", "topic"]
    with reader as duck:
        expected = kpi.report(duck, settings, by=groupings)
        expected_raw = raw_rows(duck, settings, ["agent", "day", "topic+week"])
    try:
        found = kpi.report(on_spark, settings, by=groupings)
        found_raw = raw_rows(on_spark, settings, ["agent", "day", "topic+week"])
    finally:
        on_spark.close()
    assert expected["offered"] == 31_125  # the whole month (IVR-only calls are not offered)
    assert len(expected["by"]["day"]) == 28 and len(expected["by"]["interval"]) > 500
    assert same(expected, found) == []
    assert same(expected_raw, found_raw) == []


def test_period_and_vendor_filters_on_spark(bank, spark) -> None:
    settings = kpi.KpiSettings(short_abandon_s=3, service_level_s=30)
    period = kpi.Period.from_dates(date(1999, 2, 8), date(1999, 2, 14))
    reader, on_spark = both(bank, spark)
    with reader as duck:
        expected = kpi.summary(duck, settings, vendors=["Bank"], period=period)
    try:
        found = kpi.summary(on_spark, settings, vendors=["Bank"], period=period)
        nobody = kpi.summary(on_spark, settings, vendors=["Nobody"], period=period)
    finally:
        on_spark.close()
    assert 0 < expected["offered"] < 31_125
    assert same(expected, found) == []
    assert nobody["offered"] == 0 and nobody["avg_wait_s"] is None  # no calls: zero counts, unknown means


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A million calls from calls/synthetic.py (outbound callbacks included) as a cabinet export, imported:
    three weeks of the generator (hourly means stay where its Poisson draw is exact) repeated ten times,
    each copy three weeks later with its own call ids (weekdays and callers' habits kept), as bench_calls
    repeats the bank month; the Python generator alone would spend most of this file's time."""
    import duckdb

    from callscout.calls.synthetic import POOR, cabinet_csv, generate

    folder = tmp_path_factory.mktemp("million")
    weeks = folder / "weeks.csv"
    weeks.write_text(cabinet_csv(generate(POOR, datetime(2026, 1, 5), days=21, calls_per_day=5_000, seed=20)))
    export = folder / "export.csv"
    duckdb.sql(
        f"""COPY (SELECT "ID звонка" || '-' || r AS "ID звонка",
                strftime(strptime("Дата и время", '%d.%m.%Y %H:%M:%S') + to_days(CAST(21 * r AS INTEGER)),
                         '%d.%m.%Y %H:%M:%S') AS "Дата и время",
                * EXCLUDE ("ID звонка", "Дата и время", r)
              FROM read_csv('{weeks}', delim=';', header=true, all_varchar=true) CROSS JOIN range(10) AS copies(r)
              ORDER BY r) TO '{export}' (DELIMITER ';', HEADER)"""
    )
    store = new_store(folder)
    result = store.import_file(export, format_name="generic", **owner(store, "Poor"))
    assert result.rows >= 1_000_000
    export.unlink()
    return store


def test_million_calls_report_is_the_same_on_spark(million, spark) -> None:
    settings = kpi.KpiSettings()
    reader, on_spark = both(million, spark)
    with reader as duck:
        expected = kpi.report(duck, settings)
    try:
        found = kpi.report(on_spark, settings)
    finally:
        on_spark.close()
    # The log has outbound calls: callbacks are counted (not unknown), and the window functions ran.
    assert expected["callbacks"]["called_back"] > 1000 and expected["repeat_callers"]["repeat_7d"] > 1000
    assert expected["callbacks"]["callback_median_s"] is not None
    assert same(expected, found) == []


def test_spark_rewrites_keep_duckdb_meanings(spark) -> None:
    """The functions SQLGlot cannot map by itself, on values where a wrong mapping shows: every weekday,
    fractions of seconds, buckets before 2000 and of a width that does not divide an hour."""
    import duckdb

    moments = [
        datetime(1999, 2, day, hour, minute, second, micro)
        for day, hour, minute, second, micro in [
            (1, 0, 0, 0, 0),
            (2, 9, 44, 59, 500_000),
            (3, 13, 45, 0, 1),
            (4, 23, 59, 59, 999_999),
            (5, 12, 0, 0, 0),
            (6, 1, 30, 0, 0),
            (7, 18, 15, 30, 250_000),
        ]
    ]
    values = ", ".join(f"(TIMESTAMP '{moment.isoformat(sep=' ')}', {index})" for index, moment in enumerate(moments))
    sql = f"""SELECT n, isodow(t) AS dow, epoch(t - TIMESTAMP '1999-01-31 23:59:58.75') AS seconds,
                 time_bucket(INTERVAL '90 minutes', t) AS bucket, time_bucket(INTERVAL '30 minutes', t) AS half,
                 t + to_microseconds(CAST(2.5 * 1000000 AS BIGINT)) AS later,
                 quantile_cont(n, 0.9) OVER () AS p90, median(n) OVER () AS middle
              FROM (VALUES {values}) AS v(t, n) ORDER BY n"""
    expected = duckdb.sql(sql).fetchall()
    found = SparkConnection(spark).execute(sql).fetchall()
    assert [row[1] for row in expected] == [1, 2, 3, 4, 5, 6, 7]  # 1999-02-01 was a Monday
    assert same(expected, found) == [], to_spark(sql)


def test_hash_is_64_bits_on_spark() -> None:
    assert "xxhash64(vendor, caller_id)" in to_spark("SELECT hash(vendor, caller_id) FROM calls").lower()


def test_cli_kpi_engine_spark_prints_the_duckdb_report(tmp_path: Path, monkeypatch, spark) -> None:
    """``calls kpi --engine spark`` as the user runs it (in process: the CLI gets this file's session)."""
    from typer.testing import CliRunner

    from callscout.calls.storage import open_call_store
    from callscout.calls.synthetic import DEMO_FILES
    from callscout.cli.main import app

    monkeypatch.chdir(tmp_path)
    cli_evaluation("ГолосПро")

    name, _format, text = DEMO_FILES["ГолосПро"]
    (tmp_path / name).write_text(text(), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["calls", "import", name, "--vendor", "ГолосПро"])
    assert done.exit_code == 0, done.output
    duck = runner.invoke(app, ["calls", "kpi", "--output", "json"])
    on_spark = runner.invoke(app, ["calls", "kpi", "--engine", "spark", "--output", "json"])
    assert on_spark.exit_code == 0, on_spark.output
    expected, found = json.loads(duck.stdout), json.loads(on_spark.stdout)
    assert expected["callbacks"]["called_back"] > 0
    assert same(expected, found) == []
    # The layout read from another root (here a copy of the folder, on a cluster s3a://bucket/prefix).
    copied = tmp_path / "elsewhere"
    shutil.copytree(open_call_store().directory, copied)
    moved = runner.invoke(app, ["calls", "kpi", "--engine", "spark", "--parquet", str(copied), "--output", "json"])
    assert moved.exit_code == 0, moved.output
    assert same(expected, json.loads(moved.stdout)) == []
    shutil.rmtree(copied)
    gone = runner.invoke(app, ["calls", "kpi", "--engine", "spark", "--parquet", str(copied), "--output", "json"])
    assert gone.exit_code != 0  # files the manifest lists are missing there: an error, never empty KPIs
    refused = runner.invoke(app, ["calls", "kpi", "--parquet", str(copied)])
    assert refused.exit_code != 0 and "--engine spark" in str(refused.exception)


def test_spark_carries_renamed_vendors_and_reads_only_the_period(bank, spark) -> None:
    """A vendor renamed after its import keeps its calls under the new name on Spark as on DuckDB (the files
    still say the old one), and a period's report reads only its days' files on both engines."""
    from callscout.calls.storage import days_of_period
    from callscout.store.tables import VendorRow
    from tests.calls_helpers import vendor_of

    settings = kpi.KpiSettings()
    evaluation_id, _ = scope(bank)
    vendor_id = vendor_of(bank, "Bank").id
    period = kpi.Period.from_dates(date(1999, 2, 8), date(1999, 2, 14))
    days = days_of_period(period.start, period.end, after_hours=settings.callback_window_h)
    with bank.store.session() as session:
        session.get(VendorRow, vendor_id).name = "Bank Plus"
    try:
        groups = bank.listed_groups(evaluation_id, days=days)
        assert [name for name, _files in groups["calls"]] == ["Bank Plus"]
        assert sorted(Path(path).parent.name for path in groups["calls"][0][1]) == [
            f"1999-02-{day:02d}" for day in range(7, 16)
        ]
        with bank.reader(evaluation_id, days=days) as duck:
            expected = kpi.report(duck, settings, vendors=["Bank Plus"], period=period, by=["vendor", "day"])
        on_spark = spark_reader(spark, groups)
        try:
            found = kpi.report(on_spark, settings, vendors=["Bank Plus"], period=period, by=["vendor", "day"])
            old_name = kpi.summary(on_spark, settings, vendors=["Bank"], period=period)
        finally:
            on_spark.close()
    finally:
        with bank.store.session() as session:
            session.get(VendorRow, vendor_id).name = "Bank"
    assert [row["key"] for row in expected["by"]["vendor"]] == ["Bank Plus"]
    assert len(expected["by"]["day"]) == 7 and 0 < expected["offered"] < 31_125
    assert same(expected, found) == []
    assert old_name["offered"] == 0  # the name written into the files is not the vendor's any more


@pytest.mark.skipif(
    "hadoop-aws" not in S3A_JARS, reason="no hadoop-aws jar for s3a://: run scripts/spark-s3a-jars.sh (make setup does)"
)
def test_spark_reads_the_layout_on_an_object_store_through_s3a(
    spark, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call store on an S3 server (moto's, on 127.0.0.1): Spark reads the manifest's day files through
    s3a:// with the store's own endpoint and keys, and gives DuckDB's report (read through s3fs)."""
    moto_server = pytest.importorskip("moto.server")
    from callscout.calls.objects import ObjectStore
    from callscout.calls.spark import configure_s3a
    from callscout.calls.storage import CallStore
    from callscout.calls.synthetic import DEMO_FILES
    from callscout.store import Store

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        for key, value in {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "CALLSCOUT_S3_ENDPOINT": f"http://{host}:{port}",
            "CALLSCOUT_CALLS_URL": "s3://callscout-calls/spark",
        }.items():
            monkeypatch.setenv(key, value)
        ObjectStore.from_url("s3://callscout-calls/spark").fs.mkdir("callscout-calls")
        store = CallStore(Store(f"sqlite:///{tmp_path / 'store.db'}"), tmp_path / "work")
        name, _format, text = DEMO_FILES["ГолосПро"]
        (tmp_path / name).write_text(text(), encoding="utf-8")
        store.import_file(tmp_path / name, **owner(store, "ГолосПро"))
        configure_s3a(spark)  # this test's server (the session started before it)
        evaluation_id, _ = scope(store)
        groups = store.listed_groups(evaluation_id)
        files = [path for _name, paths in groups["calls"] for path in paths]
        assert len(files) > 1 and all(path.startswith("s3a://callscout-calls/spark/v") for path in files)
        settings = kpi.KpiSettings()
        with store.reader(evaluation_id) as duck:
            expected = kpi.report(duck, settings, by=["day"])
        on_spark = spark_reader(spark, groups, untold=store.untold_rows(evaluation_id))
        try:
            found = kpi.report(on_spark, settings, by=["day"])
        finally:
            on_spark.close()
    finally:
        server.stop()
    assert expected["offered"] > 0 and expected["callbacks"]["called_back"] > 0
    assert same(expected, found) == []


def test_calls_of_one_second_follow_each_other_alike_on_both_engines(spark) -> None:
    """Callbacks and redials are "the next call" of a caller: among calls of the same second the order is
    fixed (a miss before its callback or redial), the same on DuckDB and Spark, whatever order the rows
    come in."""
    import duckdb

    rows = [
        ("v", "1", "outbound", "answered", "2026-01-05 10:00:00"),  # the callback, in the miss's second
        ("v", "1", "inbound", "abandoned", "2026-01-05 10:00:00"),
        ("v", "2", "inbound", "answered", "2026-01-05 11:00:00"),  # the redial, in the miss's second
        ("v", "2", "inbound", "abandoned", "2026-01-05 11:00:00"),
        ("v", "3", "inbound", "answered", "2026-01-05 12:00:00"),  # two answered calls of one second:
        ("v", "3", "inbound", "answered", "2026-01-05 12:00:00"),  # one is the other's repeat
    ]
    for order in (rows, rows[::-1]):
        values = ", ".join(f"('{v}', '{c}', '{d}', '{o}', TIMESTAMP '{a}')" for v, c, d, o, a in order)
        view = (
            "CREATE OR REPLACE TEMPORARY VIEW calls AS SELECT * FROM (VALUES "
            f"{values}) AS v(vendor, caller_id, direction, outcome, arrival)"
        )
        duck = duckdb.connect()
        duck.execute(view)
        on_spark = SparkConnection(spark)
        on_spark.execute(view)
        try:
            expected = kpi.follow_ups(duck, kpi.KpiSettings(), vendors=None, period=kpi.Period())
            found = kpi.follow_ups(on_spark, kpi.KpiSettings(), vendors=None, period=kpi.Period())
        finally:
            spark.catalog.dropTempView("calls")
        callbacks, repeats = expected
        counted = [callbacks[key] for key in ("missed_with_number", "called_back", "recovered_by_redial")]
        assert counted == [2, 1, 1]
        assert callbacks["callback_median_s"] == 0
        assert (repeats["answered_with_number"], repeats["repeat_24h"]) == (3, 1)
        assert same(list(expected), list(found)) == []
