"""The same indicators on Spark: kpi.py's SQL, written once in DuckDB's dialect, transpiled by SQLGlot.

Why SQLGlot and not an expression layer such as Ibis: the KPI SQL is tuned for DuckDB (one scan of
class sums by grouping sets, the percentile in a second scan, one window sort for callbacks), and the
10 M-call report's time depends on exactly that shape. Rewriting it as Ibis expressions would put a
second author of the SQL between us and DuckDB (Ibis has no grouping sets, and compiles through SQLGlot
anyway); transpiling keeps the DuckDB path the SQL it was tuned as (one portable change: the class
sums' parts join by a plain UNION ALL) and gives Spark the same statements.

SQLGlot maps most of DuckDB to Spark SQL by itself (FILTER clauses, GROUPING SETS, windows with IGNORE
NULLS, intervals). ``SPARK_REWRITES`` fixes the few functions whose meaning differs or that Spark lacks:
each is checked by tests/test_calls_spark.py, which compares every indicator on both engines.

``SparkConnection`` answers ``execute(sql)`` with a cursor of ``description``/``fetchone``/``fetchall``
like DuckDB's, so every function of ``kpi`` takes it where it takes a DuckDB connection.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# DuckDB's time_bucket counts buckets below a day from Monday 2000-01-03 (its default origin).
TIME_BUCKET_ORIGIN = "2000-01-03 00:00:00"


def _rewrite(node: Any) -> Any:
    """One node of a DuckDB statement as Spark must read it (see ``SPARK_REWRITES``)."""
    from sqlglot import exp

    def call(name: str, *arguments: Any) -> Any:
        return exp.Anonymous(this=name, expressions=list(arguments))

    def spark(text: str) -> Any:
        import sqlglot

        return sqlglot.parse_one(text, read="spark")

    if isinstance(node, exp.Grouping):
        # Spark's GROUPING() takes one column, and its grouping_id() must name every grouping column
        # (here also the class of call): DuckDB's bits, the first key highest, are added up one by one.
        keys = node.expressions
        bits = [f"grouping({key.sql('spark')}) * {1 << (len(keys) - 1 - index)}" for index, key in enumerate(keys)]
        return spark("(" + " + ".join(bits) + ")")
    if isinstance(node, exp.PercentileCont):
        # quantile_cont: exact, linear interpolation between the closest ranks; Spark's percentile() too.
        return call("percentile", node.this, node.expression)
    if isinstance(node, exp.Median):
        return call("percentile", node.this, exp.Literal.number(0.5))
    if isinstance(node, exp.DayOfWeekIso):
        # isodow: Monday 1 .. Sunday 7; Spark's weekday(): Monday 0 .. Sunday 6.
        return exp.Paren(this=exp.Add(this=call("weekday", node.this), expression=exp.Literal.number(1)))
    if isinstance(node, exp.TimeToUnix) and isinstance(node.this, exp.Sub):
        # epoch(a - b): seconds between two timestamps, fractions kept.
        later, earlier = node.this.this.sql("spark"), node.this.expression.sql("spark")
        return spark(f"(timestampdiff(MICROSECOND, {earlier}, {later}) / CAST(1000000 AS DOUBLE))")
    if isinstance(node, exp.Anonymous) and node.name.lower() == "hash":
        # Callers are keyed by a 64-bit hash; Spark's hash() has 32 bits (collisions at a million callers).
        return call("xxhash64", *node.expressions)
    if isinstance(node, exp.Anonymous) and node.name.lower() == "to_microseconds":
        (micros,) = node.expressions
        return spark(f"make_dt_interval(0, 0, 0, CAST({micros.sql('spark')} AS DECIMAL(18, 0)) / 1000000)")
    if isinstance(node, exp.DateBin):
        width = _interval_seconds(node.this)
        moment = node.expression.sql("spark")
        return spark(
            f"timestampadd(SECOND, CAST(floor(timestampdiff(MICROSECOND, TIMESTAMP_NTZ '{TIME_BUCKET_ORIGIN}', "
            f"{moment}) / {width * 1_000_000}) * {width} AS BIGINT), TIMESTAMP_NTZ '{TIME_BUCKET_ORIGIN}')"
        )
    return node


SPARK_REWRITES = (
    "GROUPING(a, b) -> grouping(a) * 2 + grouping(b)",
    "quantile_cont(x, q), median(x) -> percentile(x, q)",
    "isodow(t) -> weekday(t) + 1",
    "epoch(a - b) -> timestampdiff(MICROSECOND, b, a) / 1e6",
    "hash(...) -> xxhash64(...)",
    "to_microseconds(n) -> make_dt_interval(0, 0, 0, n / 1e6)",
    "time_bucket(INTERVAL w, t) -> buckets of w from 2000-01-03",
)


def _interval_seconds(interval: Any) -> int:
    units = {"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400}
    text = interval.sql("duckdb").upper().removeprefix("INTERVAL").strip().strip("'")
    number, _, unit = text.replace("'", " ").partition(" ")
    return int(float(number) * units[unit.strip().rstrip("S")])


@functools.lru_cache(maxsize=256)
def to_spark(sql: str) -> str:
    """One DuckDB statement of the KPI code in Spark SQL."""
    import sqlglot

    statements = sqlglot.parse(sql, read="duckdb")
    return ";\n".join(statement.transform(_rewrite).sql("spark") for statement in statements if statement)


# --- a DuckDB-like connection over a SparkSession ---------------------------------------------------------


def _plain(value: Any) -> Any:
    """Spark's values as DuckDB's Python client gives them (decimal sums as floats)."""
    if isinstance(value, Decimal):
        return float(value)
    return value


class SparkCursor:
    def __init__(self, names: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.description = [(name, None, None, None, None, None, None) for name in names]
        self._rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows


class SparkConnection:
    """``execute`` of DuckDB statements on Spark, with views ``calls``, ``orders`` and ``agent_states``."""

    def __init__(self, session: SparkSession) -> None:
        self.session = session
        self.has_untold_view = False  # ``attach_untold``

    def execute(self, sql: str) -> SparkCursor:
        frame = self.session.sql(to_spark(sql))
        names = list(frame.columns)
        rows = [tuple(_plain(value) for value in row) for row in frame.collect()]
        return SparkCursor(names, rows)

    def attach(self, paths: dict[str, Sequence[str] | Sequence[tuple[str | None, Sequence[str]]]]) -> None:
        """Temporary views over the listed Parquet files, the columns a file lacks as NULL (as ``attach``).
        A view's files are a list of paths, or of (vendor's current name, paths) groups: each group's rows
        then carry that name, as DuckDB's views do for a renamed vendor (None keeps the name in the files)."""
        from pyspark.sql import functions

        from callscout.calls.schema import AGENT_STATE_COLUMNS, COLUMNS, ORDER_COLUMNS

        for view, columns in (("calls", COLUMNS), ("orders", ORDER_COLUMNS), ("agent_states", AGENT_STATE_COLUMNS)):
            listed = list(paths.get(view, ()))
            groups = [(None, listed)] if listed and isinstance(listed[0], str) else listed
            frame = None
            for name, files in groups:
                if not files:
                    continue
                part = self.session.read.option("mergeSchema", "true").parquet(*files)
                if name is not None and "vendor" in part.columns:
                    part = part.withColumn("vendor", functions.lit(name).cast("string"))
                frame = part if frame is None else frame.unionByName(part, allowMissingColumns=True)
            if frame is not None:
                present = set(frame.columns)
                source = f"{view}_files"
                frame.createOrReplaceTempView(source)
                added = "".join(
                    f", CAST(NULL AS {kind}) AS {name}" for name, kind in columns.items() if name not in present
                )
                self.execute(f"CREATE OR REPLACE TEMPORARY VIEW {view} AS SELECT *{added} FROM {source}")
            else:
                empty = ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in columns.items())
                self.execute(f"CREATE OR REPLACE TEMPORARY VIEW {view} AS SELECT {empty} WHERE false")

    def attach_untold(self, rows: list[tuple[Any, ...]]) -> None:
        """The imports' untold outcomes (``CallStore.untold_rows``) as on DuckDB: ``kpi.untold_outcomes`` reads them."""
        from callscout.calls.kpi import untold_view_sql

        self.execute(untold_view_sql(rows))
        self.has_untold_view = True

    def close(self) -> None:
        for view in ("calls", "orders", "agent_states", "calls_files", "orders_files", "agent_states_files"):
            self.session.catalog.dropTempView(view)
        self.session.catalog.dropTempView("call_imports_untold")


# Hadoop 3.4+ writes these defaults as durations ("60s"); hadoop-aws 3.3 (the jar PyPI carries, see
# scripts/spark-s3a-jars.sh) reads them as plain numbers. The same values as numbers, in 3.3's units.
HADOOP_AWS_33_NUMBERS = {
    "fs.s3a.threads.keepalivetime": "60",
    "fs.s3a.connection.establish.timeout": "30000",
    "fs.s3a.connection.timeout": "200000",
    "fs.s3a.multipart.purge.age": "86400",
    "fs.s3a.connection.ttl": "300000",
    "fs.s3a.connection.idle.time": "60000",
    "fs.s3a.connection.acquisition.timeout": "60000",
    "fs.s3a.connection.request.timeout": "60000",
}


def spark_jars() -> list[str]:
    """Jars for the driver and executors (``CALLSCOUT_SPARK_JARS``, comma-separated): hadoop-aws and the
    AWS SDK for s3a:// where the cluster's Spark lacks them."""
    return [jar.strip() for jar in os.environ.get("CALLSCOUT_SPARK_JARS", "").split(",") if jar.strip()]


def s3a_settings(jars: Sequence[str] = ()) -> dict[str, str]:
    """Hadoop's S3A settings from the object store's own (``CALLSCOUT_S3_ENDPOINT``, the AWS variables):
    Spark reads the layout where DuckDB reads it. Empty without an endpoint (AWS itself, or a cluster whose
    spark-defaults.conf says it all). ``jars``: the session's, whose hadoop-aws version matters."""
    endpoint = os.environ.get("CALLSCOUT_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return {}
    settings = {
        "fs.s3a.endpoint": endpoint,
        "fs.s3a.path.style.access": "true",  # MinIO, Ceph and test servers serve buckets by path
        "fs.s3a.connection.ssl.enabled": "true" if endpoint.startswith("https://") else "false",
    }
    if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
        # The keys as given (a provider class both Hadoop 3.3 and 3.5 have; 3.5's default chain names
        # AWS SDK v2 classes that an SDK v1 bundle lacks).
        settings["fs.s3a.aws.credentials.provider"] = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
        settings["fs.s3a.access.key"] = os.environ["AWS_ACCESS_KEY_ID"]
        settings["fs.s3a.secret.key"] = os.environ["AWS_SECRET_ACCESS_KEY"]
    if any(Path(jar).name.startswith("hadoop-aws-3.3.") for jar in jars):
        settings.update(HADOOP_AWS_33_NUMBERS)
    return settings


def configure_s3a(session: SparkSession) -> None:
    """Apply ``s3a_settings`` to a running session (Hadoop reads them when it first opens a bucket)."""
    settings = s3a_settings(session.sparkContext.getConf().get("spark.jars", "").split(","))
    if settings:
        hadoop = session.sparkContext._jsc.hadoopConfiguration()
        for key, value in settings.items():
            hadoop.set(key, value)


@dataclass(frozen=True)
class SparkOptions:
    master: str | None = None  # None: local[*], every core of this machine
    shuffle_partitions: int | None = None
    driver_memory: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


def spark_session(options: SparkOptions = SparkOptions()) -> SparkSession:
    """A SparkSession that reads the call store's Parquet as DuckDB does: naive timestamps stay naive
    (the call center's wall-clock time), and no web UI is started."""
    try:
        import warnings

        with warnings.catch_warnings():  # pyspark's notice about the pandas version, not ours to act on
            warnings.simplefilter("ignore", FutureWarning)
            from pyspark.sql import SparkSession
    except ImportError as error:
        from callscout.errors import UsageError
        from callscout.i18n import msg

        raise UsageError(msg("calls.spark.engine_spark_needs_pyspark_pip_install")) from error
    master = options.master or os.environ.get("CALLSCOUT_SPARK_MASTER") or "local[*]"
    builder = (
        SparkSession.builder.master(master)
        .appName("callscout-kpi")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # stdout and stderr belong to the command's output
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
        .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true")
        # DuckDB's arithmetic: a NULL, not an error, where a division has nothing to divide by.
        .config("spark.sql.ansi.enabled", "false")
    )
    # The KPI scans shuffle only small sums (a few rows per grouping key and class of call): on one machine
    # Spark's 200 shuffle partitions would be 200 tasks of nothing each. A cluster keeps its own setting.
    partitions = options.shuffle_partitions or (2 * (os.cpu_count() or 1) if master.startswith("local") else None)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    if options.driver_memory:
        builder = builder.config("spark.driver.memory", options.driver_memory)
    if jars := spark_jars():
        builder = builder.config("spark.jars", ",".join(jars))
    for key, value in options.extra:
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    configure_s3a(session)
    return session


def spark_reader(
    session: SparkSession,
    paths: dict[str, Iterable[str]] | dict[str, Iterable[tuple[str | None, Sequence[str]]]],
    *,
    untold: list[tuple[Any, ...]] | None = None,
) -> SparkConnection:
    """Views over the listed files: per view a list of paths, or of (vendor's current name, paths) groups
    (``CallStore.listed_groups``). ``untold``: the imports' untold outcomes (``CallStore.untold_rows``); without
    them the IVR-only and phantom counts are taken as the calls say."""
    connection = SparkConnection(session)
    connection.attach({view: list(files) for view, files in paths.items()})
    if untold is not None:
        connection.attach_untold(untold)
    return connection
