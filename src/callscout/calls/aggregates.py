"""Call aggregates kept beside each import: the calls summed per vendor, hour of arrival, agent, queue, outcome
and exact wait, built when an import (a file, or a batch of live calls moved into the call store) is committed,
in the same commit, and gone with it (a re-imported batch gets new ones).

Why this grain: every indicator of the dashboard and of the SLA checks is a count, a sum or a maximum over
calls grouped by keys that are functions of the hour of arrival (day, hour, hour of day, weekday, week,
intervals of whole hours), the agent or the queue; its class (answered within the service-level time, short
abandon, …) is a function of the outcome and the wait. With the wait itself a key of the aggregate rows, the
service level at any threshold and the percentile of waits stay exact: a row stands for ``n`` calls with that
very wait. ``kpi`` runs its own SQL over these rows (``call_aggregates``) with weighted sums in place of counts
over calls; what needs single calls (callbacks and repeat callers, intervals shorter than an hour, a period
or working hours not on whole hours) is still read from the calls.

Unknown stays unknown: a call without a wait (or talk time) is a row with a NULL wait, counted in ``n`` and
not in ``wait_n``, exactly as ``count(wait_s)`` leaves it out of the calls' own sums.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

VIEW = "call_aggregates"
DETAIL = "aggregates"  # the manifest row's details key naming an import's aggregate file

# The aggregate rows' columns (``arrival`` is the hour of arrival, so that kpi's key expressions read it as
# is); ``waits`` are the distinct known waits of the row's calls in ascending order, ``wait_counts`` how many
# calls waited each (a histogram: the service level at any threshold, and percentiles, stay exact).
COLUMNS = {
    "vendor": "VARCHAR",
    "direction": "VARCHAR",
    "arrival": "TIMESTAMP",
    "agent": "VARCHAR",
    "queue": "VARCHAR",
    "outcome": "VARCHAR",
    "n": "BIGINT",
    "first_at": "TIMESTAMP",
    "last_at": "TIMESTAMP",
    "wait_n": "BIGINT",
    "wait_sum": "DOUBLE",
    "wait_sq": "DOUBLE",
    "wait_max": "DOUBLE",
    "talk_n": "BIGINT",
    "talk_sum": "DOUBLE",
    "talk_sq": "DOUBLE",
    "hold_n": "BIGINT",
    "hold_sum": "DOUBLE",
    "acw_n": "BIGINT",
    "acw_sum": "DOUBLE",
    "handle_sum": "DOUBLE",
    "handle_sq": "DOUBLE",
    "waits": "DOUBLE[]",
    "wait_counts": "BIGINT[]",
}

# kpi's class sums (``CLASS_SUMS`` / ``SQUARE_SUMS``) as sums of the aggregate rows.
CLASS_SUMS = {
    "n": ("sum(n)", "sum"),
    "first_at": ("min(first_at)", "min"),
    "last_at": ("max(last_at)", "max"),
    "wait_n": ("sum(wait_n)", "sum"),
    "wait_sum": ("sum(wait_sum)", "sum"),
    "wait_max": ("max(wait_max)", "max"),
    "talk_n": ("sum(talk_n)", "sum"),
    "talk_sum": ("sum(talk_sum)", "sum"),
    "hold_n": ("sum(hold_n)", "sum"),
    "hold_sum": ("sum(hold_sum)", "sum"),
    "acw_n": ("sum(acw_n)", "sum"),
    "acw_sum": ("sum(acw_sum)", "sum"),
    "handle_sum": ("sum(handle_sum)", "sum"),
}
SQUARE_SUMS = {
    "wait_sq": ("sum(wait_sq)", "sum"),
    "talk_sq": ("sum(talk_sq)", "sum"),
    "handle_sq": ("sum(handle_sq)", "sum"),
}
# Every sum of a row, apart from ``n``: carried by one part of a row split in two classes (see ``class_rows``).
CARRIED = ("first_at", "last_at", "wait_n", "wait_sum", "wait_sq", "wait_max", "talk_n", "talk_sum", "talk_sq")
CARRIED += ("hold_n", "hold_sum", "acw_n", "acw_sum", "handle_sum", "handle_sq")

# Key expressions of kpi's groupings the aggregate rows answer exactly (everything else reads the calls).
SERVED_GROUPINGS = frozenset({"hour", "hour_of_day", "day", "week", "weekday", "agent", "queue", "weekday_hour"})


def build_sql(relation: str, vendor: str) -> str:
    """The aggregate rows of the calls in ``relation`` (one import's normalised calls, all of ``vendor``):
    inbound calls only, as every indicator they serve is of inbound calls. The histogram's lists are in no
    particular order (nothing reads them in order; sorting them would cost as much as the rest)."""
    from callscout.calls.sources import sql_literal

    handle = "talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0)"
    # The wait is a key of the inner grouping: its sums are taken once per distinct wait, outside.
    inner = ("n", "talk_n", "talk_sum", "talk_sq", "hold_n", "hold_sum", "acw_n", "acw_sum", "handle_sum", "handle_sq")
    return f"""
WITH per_wait AS (
  SELECT date_trunc('hour', arrival) AS hour_at, agent, queue, CAST(outcome AS VARCHAR) AS outcome_name, wait_s,
    count(*) AS n, min(arrival) AS first_at, max(arrival) AS last_at,
    count(talk_s) AS talk_n, sum(talk_s) AS talk_sum, sum(talk_s * talk_s) AS talk_sq,
    count(hold_s) AS hold_n, sum(hold_s) AS hold_sum, count(acw_s) AS acw_n, sum(acw_s) AS acw_sum,
    sum({handle}) AS handle_sum, sum(({handle}) * ({handle})) AS handle_sq
  FROM {relation}
  WHERE direction = 'inbound' AND arrival IS NOT NULL
  GROUP BY hour_at, agent, queue, outcome_name, wait_s)
SELECT CAST({sql_literal(vendor)} AS VARCHAR) AS vendor, 'inbound' AS direction, hour_at AS arrival, agent, queue,
  outcome_name AS outcome,
  {", ".join(f"CAST(sum({name}) AS {COLUMNS[name]}) AS {name}" for name in inner)},
  CAST(coalesce(sum(n) FILTER (WHERE wait_s IS NOT NULL), 0) AS BIGINT) AS wait_n,
  sum(wait_s * n) AS wait_sum, sum(wait_s * wait_s * n) AS wait_sq,
  min(first_at) AS first_at, max(last_at) AS last_at, max(wait_s) AS wait_max,
  coalesce(list(wait_s) FILTER (WHERE wait_s IS NOT NULL), []) AS waits,
  coalesce(list(n) FILTER (WHERE wait_s IS NOT NULL), []) AS wait_counts
FROM per_wait GROUP BY hour_at, agent, queue, outcome_name"""


def class_rows(key_columns: str, where: str, short_abandon_s: float, service_level_s: float) -> str:
    """The aggregate rows as kpi's rows of a class (``kpi.call_class_sql``): an answered row is split in its
    calls answered within the service-level time (class 1) and the others (2, an unknown wait among them); an
    abandoned row in real abandons (3, an unknown wait among them) and short ones (4). The sums go with the
    first part only: no indicator sums over class 2 or 4 alone, only their counts."""
    within = f"coalesce(list_sum(list_filter(wait_counts, lambda c, i: waits[i] <= {float(service_level_s)})), 0)"
    short = f"coalesce(list_sum(list_filter(wait_counts, lambda c, i: waits[i] < {float(short_abandon_s)})), 0)"
    carried = ", ".join(CARRIED)
    nothing = ", ".join(f"NULL AS {name}" for name in CARRIED)
    return f"""
  WITH parted AS (
    SELECT {key_columns}outcome, n, {carried},
      CASE outcome WHEN 'answered' THEN {within} WHEN 'abandoned' THEN {short} ELSE 0 END AS split
    FROM {VIEW} WHERE {where})
  SELECT * EXCLUDE (outcome, split) REPLACE (
      CASE outcome WHEN 'answered' THEN split WHEN 'abandoned' THEN n - split ELSE n END AS n),
    CASE outcome WHEN 'answered' THEN 1 WHEN 'abandoned' THEN 3 WHEN 'ivr' THEN 5 WHEN 'unknown' THEN 6
                 WHEN 'phantom' THEN 7 ELSE 0 END AS class
  FROM parted
  UNION ALL BY NAME
  SELECT * EXCLUDE (outcome, split) REPLACE (
      CASE outcome WHEN 'answered' THEN n - split ELSE split END AS n, {nothing}),
    CASE outcome WHEN 'answered' THEN 2 ELSE 4 END AS class
  FROM parted WHERE outcome IN ('answered', 'abandoned')"""


# Aggregate rows are read instead of the calls when they hold at most this share of entries (rows plus
# histogram entries) per call: calls spread thin over hours and agents (a few an hour) make nearly a row
# each, and reading those costs as much as reading the calls from one file.
MAX_ENTRIES_PER_CALL = 0.35
# But the calls are kept in one file per day, and each statement pays for every file it opens (about
# 0.25-0.5 ms, as much as summing 1 000-2 000 calls), while an import's aggregate rows are one file: a
# month of the Anonymous Bank log (0.89 entries a call, 28 day files) reads faster from them, and at 1 M
# calls over 840 days the dashboard's sums and percentiles take a third of the time.
CALLS_PER_FILE = 1000
ENTRIES = "aggregate_entries"  # details key: how many entries an import's aggregate file holds


def mode() -> str:
    """``CALLSCOUT_CALL_AGGREGATES``: "auto" (the default: where they are dense enough), "always", or "0"
    (never: to measure or check the path that reads the calls themselves)."""
    value = os.environ.get("CALLSCOUT_CALL_AGGREGATES", "auto")
    return value if value in ("auto", "always", "0") else "auto"


def enabled() -> bool:
    return mode() != "0"


def _pays(entries: int, calls: int, files: int) -> bool:
    """Whether reading ``entries`` aggregate entries costs less than reading ``calls`` calls from ``files`` files."""
    return entries <= MAX_ENTRIES_PER_CALL * max(calls, 1) + CALLS_PER_FILE * max(files - 1, 0)


def worth_reading(entries: int, calls: int, files: int = 1) -> bool:
    """``files``: how many files the calls are in (their day files)."""
    return mode() == "always" or (mode() == "auto" and _pays(entries, calls, files))


def worth_building(connection: duckdb.DuckDBPyConnection, relation: str, calls: int, *, spread: bool = False) -> bool:
    """Whether aggregate rows pay for an import's calls (an estimate of their entries, and with ``spread`` of the
    day files the calls are kept in, from one cheap pass: a hash per call of its row key and wait). An import
    builds them only where the calls are dense: a log of a few calls an hour makes nearly an entry a call, and
    building those costs about 1 CPU-s per million calls, a fifth of the import. ``spread`` (``CallStore.
    build_aggregates``, on request): also where they spare reading many day files."""
    if mode() == "always":
        return True
    estimated = connection.execute(
        "SELECT approx_count_distinct(hash(date_trunc('hour', arrival), agent, queue, outcome, wait_s)) "
        "FILTER (WHERE direction = 'inbound'), approx_count_distinct(CAST(arrival AS DATE)) "
        f"FROM {relation}"
    ).fetchone()
    return bool(estimated) and _pays(estimated[0], calls, estimated[1] if spread else 1)


def entries_sql(path: str) -> str:
    return f"SELECT count(*) + coalesce(sum(len(waits)), 0) FROM read_parquet({path})"


def attached(connection: duckdb.DuckDBPyConnection | object) -> bool:
    """Whether ``connection`` is a DuckDB connection whose ``call_aggregates`` view covers all its calls
    (``CallStore.attach`` creates it only then); a Spark connection never has it."""
    if not enabled():
        return False
    import duckdb

    if not isinstance(connection, duckdb.DuckDBPyConnection):
        return False
    found = connection.execute(f"SELECT count(*) FROM duckdb_views() WHERE view_name = '{VIEW}'").fetchone()
    return bool(found and found[0])


def percentile_sql(quantile: float, where: str, keys: dict[str, str], sets: list[tuple[str, ...]]) -> str:
    """``quantile_cont(wait_s, q)`` per grouping set from the weighted waits: the values at positions
    floor(h) and ceil(h), h = (N - 1)·q, of the sorted waits, linearly interpolated as DuckDB does."""
    key_columns = "".join(f"{expression} AS {name}, " for name, expression in keys.items())
    selected = "".join(f"{name}, " for name in keys)
    grouping = f"GROUPING({', '.join(keys)})" if keys else "0"
    group_sets = ", ".join("(" + ", ".join((*item, "wait_s")) + ")" for item in sets) if keys else "(wait_s)"
    partition = f"PARTITION BY {selected}grouping_id" if keys else "PARTITION BY grouping_id"
    q = float(quantile)
    return f"""
WITH waits AS (
  SELECT {selected}{grouping} AS grouping_id, wait_s, sum(n) AS n
  FROM (SELECT {key_columns}unnest(waits) AS wait_s, unnest(wait_counts) AS n FROM {VIEW}
        WHERE {where} AND outcome IN ('answered', 'abandoned'))
  GROUP BY GROUPING SETS ({group_sets})),
ranked AS (
  SELECT *, sum(n) OVER ({partition} ORDER BY wait_s ROWS UNBOUNDED PRECEDING) AS through,
         sum(n) OVER ({partition}) AS total
  FROM waits),
positioned AS (
  SELECT *, CAST(total - 1 AS DOUBLE) * {q} AS h FROM ranked)
SELECT {selected}grouping_id,
  min(wait_s) FILTER (WHERE through > floor(h)) AS lo,
  min(wait_s) FILTER (WHERE through > ceil(h)) AS hi,
  any_value(h - floor(h)) AS fraction
FROM positioned GROUP BY {selected}grouping_id"""
