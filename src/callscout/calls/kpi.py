"""Call-center indicators computed from the normalised call table with DuckDB SQL.

Definitions (inbound calls only; every threshold is a field of ``KpiSettings``):
  offered          answered + abandoned (short abandons included); ivr, phantom and unknown calls are not offered
  short_abandoned  abandoned with wait < ``short_abandon_s`` (misdials, callers who changed their mind)
  abandoned        abandoned with wait >= ``short_abandon_s``
  abandon_rate     abandoned / (offered - short_abandoned)
  service_level    answered with wait <= ``service_level_s`` / (answered + abandoned)
  asa_s            mean wait of answered calls
  avg_wait_s, p90_wait_s (linear interpolation), max_wait_s
                   over answered and abandoned calls, short abandons included
  avg_talk_s       mean talk time of answered calls with a known talk time
  avg_hold_s, avg_acw_s  mean hold and after-call work of answered calls where the log has them (else null)
  aht_s            mean of talk + hold + after-call work over answered calls (missing parts count 0;
                   ``aht_includes_acw`` says whether any after-call work was logged)
  out_of_hours     offered calls arriving outside ``schedule``
  callbacks        missed calls (abandoned, short included, known number) followed within ``callback_window_h``
                   by an outbound call to that number (called back, with delay) or by an answered call from it
  repeat_24h/7d    answered calls from a known number followed by another inbound call from it within 24 h / 7 days
  conversion       answered calls with an order (same call id, or same phone within ``order_window_h`` after the call)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb
from pydantic import Field

from callscout.calls.sources import sql_literal
from callscout.model.common import WEEKDAYS, StrictModel, hours_to_minutes
from callscout.model.needs import Schedule

KPI_KEYS = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "abandon_rate",
    "service_level",
    "asa_s",
    "avg_wait_s",
    "p90_wait_s",
    "max_wait_s",
    "avg_talk_s",
    "avg_hold_s",
    "avg_acw_s",
    "aht_s",
)
GROUPINGS = ("hour", "day", "weekday", "agent", "queue", "interval")


class KpiSettings(StrictModel):
    short_abandon_s: float = Field(default=5, ge=0, le=600)
    service_level_s: float = Field(default=20, gt=0, le=3600)
    p90_quantile: float = Field(default=0.9, gt=0, lt=1)
    callback_window_h: float = Field(default=24, gt=0, le=24 * 31)
    order_window_h: float = Field(default=24, gt=0, le=24 * 31)
    interval_minutes: int = Field(default=30, ge=5, le=240)
    schedule: Schedule = Field(default_factory=Schedule)


@dataclass(frozen=True)
class Period:
    start: datetime | None = None
    end: datetime | None = None  # exclusive

    @classmethod
    def from_dates(cls, first: date | None, last: date | None) -> Period:
        start = datetime.combine(first, time()) if first else None
        end = datetime.combine(last + timedelta(days=1), time()) if last else None
        return cls(start, end)

    def where(self, column: str = "arrival") -> str:
        parts = []
        if self.start:
            parts.append(f"{column} >= TIMESTAMP {sql_literal(self.start.isoformat(sep=' '))}")
        if self.end:
            parts.append(f"{column} < TIMESTAMP {sql_literal(self.end.isoformat(sep=' '))}")
        return " AND ".join(parts) or "true"


def _group_expression(by: str, settings: KpiSettings) -> str:
    return {
        "hour": "date_trunc('hour', arrival)",
        "day": "CAST(arrival AS DATE)",
        "weekday": "isodow(arrival)",
        "agent": "coalesce(agent, '—')",
        "queue": "coalesce(queue, '—')",
        "interval": f"time_bucket(INTERVAL '{int(settings.interval_minutes)} minutes', arrival)",
        "vendor": "vendor",
    }[by]


def _filters(vendors: list[str] | None, period: Period) -> str:
    parts = ["direction = 'inbound'", period.where()]
    if vendors:
        parts.append("vendor IN (" + ", ".join(sql_literal(vendor) for vendor in vendors) + ")")
    return " AND ".join(parts)


def aggregate_sql(settings: KpiSettings, where: str, group: str | None) -> str:
    short = float(settings.short_abandon_s)
    offered = "outcome IN ('answered', 'abandoned')"
    key = f"{group} AS key, " if group else ""
    group_by = "GROUP BY 1 ORDER BY 1" if group else ""
    return f"""
SELECT {key}
  count(*) FILTER (WHERE {offered}) AS offered,
  count(*) FILTER (WHERE outcome = 'answered') AS answered,
  count(*) FILTER (WHERE outcome = 'abandoned' AND coalesce(wait_s, 0) >= {short}) AS abandoned,
  count(*) FILTER (WHERE outcome = 'abandoned' AND coalesce(wait_s, 0) < {short}) AS short_abandoned,
  count(*) FILTER (WHERE outcome = 'answered' AND wait_s <= {float(settings.service_level_s)}) AS answered_within,
  avg(wait_s) FILTER (WHERE outcome = 'answered') AS asa_s,
  var_samp(wait_s) FILTER (WHERE outcome = 'answered') AS asa_var,
  count(wait_s) FILTER (WHERE outcome = 'answered') AS asa_n,
  avg(wait_s) FILTER (WHERE {offered}) AS avg_wait_s,
  var_samp(wait_s) FILTER (WHERE {offered}) AS wait_var,
  count(wait_s) FILTER (WHERE {offered}) AS wait_n,
  quantile_cont(wait_s, {float(settings.p90_quantile)}) FILTER (WHERE {offered}) AS p90_wait_s,
  max(wait_s) FILTER (WHERE {offered}) AS max_wait_s,
  avg(talk_s) FILTER (WHERE outcome = 'answered') AS avg_talk_s,
  var_samp(talk_s) FILTER (WHERE outcome = 'answered') AS talk_var,
  count(talk_s) FILTER (WHERE outcome = 'answered') AS talk_n,
  avg(hold_s) FILTER (WHERE outcome = 'answered') AS avg_hold_s,
  avg(acw_s) FILTER (WHERE outcome = 'answered') AS avg_acw_s,
  avg(talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0)) FILTER (WHERE outcome = 'answered') AS aht_s,
  var_samp(talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0)) FILTER (WHERE outcome = 'answered') AS aht_var,
  count(talk_s) FILTER (WHERE outcome = 'answered') AS aht_n,
  count(acw_s) FILTER (WHERE outcome = 'answered') AS acw_n,
  count(*) FILTER (WHERE outcome = 'ivr') AS ivr,
  count(*) FILTER (WHERE outcome = 'unknown') AS incomplete,
  count(*) FILTER (WHERE outcome = 'phantom') AS phantom,
  min(arrival) AS first_call, max(arrival) AS last_call
FROM calls WHERE {where} {group_by}"""


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _round(value: Any, digits: int = 2) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    return value


def finish(row: dict[str, Any]) -> dict[str, Any]:
    """Rates from the counts of one aggregate row; statistics kept under ``_stats`` for comparisons."""
    offered, answered = row["offered"], row["answered"]
    abandoned, short = row["abandoned"], row["short_abandoned"]
    result = {
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "short_abandoned": short,
        "abandon_rate": _ratio(abandoned, offered - short),
        "service_level": _ratio(row["answered_within"], answered + abandoned),
        "answered_within": row["answered_within"],
        "asa_s": row["asa_s"],
        "avg_wait_s": row["avg_wait_s"],
        "p90_wait_s": row["p90_wait_s"],
        "max_wait_s": row["max_wait_s"],
        "avg_talk_s": row["avg_talk_s"],
        "avg_hold_s": row["avg_hold_s"],
        "avg_acw_s": row["avg_acw_s"],
        "aht_s": row["aht_s"],
        "aht_includes_acw": bool(row["acw_n"]),
        "ivr": row["ivr"],
        "incomplete": row["incomplete"],
        "phantom": row["phantom"],
        "first_call": row["first_call"].isoformat() if row["first_call"] else None,
        "last_call": row["last_call"].isoformat() if row["last_call"] else None,
    }
    result = {
        key: (round(value, 4) if key.endswith("rate") or key == "service_level" else _round(value))
        if isinstance(value, float)
        else value
        for key, value in result.items()
    }
    result["_stats"] = {
        "asa": (row["asa_n"], row["asa_s"], row["asa_var"]),
        "avg_wait": (row["wait_n"], row["avg_wait_s"], row["wait_var"]),
        "avg_talk": (row["talk_n"], row["avg_talk_s"], row["talk_var"]),
        "aht": (row["aht_n"], row["aht_s"], row["aht_var"]),
    }
    return result


def _fetch_dicts(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def summary(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> dict[str, Any]:
    return finish(_fetch_dicts(connection, aggregate_sql(settings, _filters(vendors, period), None))[0])


def breakdown(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    by: str,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> list[dict[str, Any]]:
    rows = _fetch_dicts(connection, aggregate_sql(settings, _filters(vendors, period), _group_expression(by, settings)))
    result = []
    for row in rows:
        key = row.pop("key")
        item = finish(row)
        item.pop("_stats")
        result.append({"key": key.isoformat() if hasattr(key, "isoformat") else key, **item})
    return result


def heat_map(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> dict[str, Any]:
    """Offered calls and service level by weekday (Monday first) and hour of day."""
    where = _filters(vendors, period)
    sql = f"""
SELECT isodow(arrival) AS dow, hour(arrival) AS hr,
  count(*) FILTER (WHERE outcome IN ('answered', 'abandoned')) AS offered,
  count(*) FILTER (WHERE outcome = 'abandoned' AND coalesce(wait_s, 0) >= {float(settings.short_abandon_s)})
    AS abandoned,
  count(*) FILTER (WHERE outcome = 'answered') AS answered,
  count(*) FILTER (WHERE outcome = 'answered' AND wait_s <= {float(settings.service_level_s)}) AS within
FROM calls WHERE {where} GROUP BY 1, 2"""
    offered = [[0] * 24 for _ in range(7)]
    service = [[None] * 24 for _ in range(7)]
    for dow, hour, count, abandoned, answered, within in connection.execute(sql).fetchall():
        offered[dow - 1][hour] = count
        denominator = answered + abandoned
        service[dow - 1][hour] = round(within / denominator, 4) if denominator else None
    return {"weekdays": list(WEEKDAYS), "offered": offered, "service_level": service}


def _schedule_condition(schedule: Schedule) -> str:
    if schedule.mode == "24/7":
        return "true"
    parts = []
    for index, day in enumerate(WEEKDAYS, start=1):
        hours = schedule.hours.get(day)
        if hours is None:
            continue
        start, end = hours_to_minutes(hours)
        parts.append(
            f"(isodow(arrival) = {index} AND hour(arrival) * 60 + minute(arrival) >= {start} "
            f"AND hour(arrival) * 60 + minute(arrival) < {end})"
        )
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def out_of_hours(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, *, vendors: list[str] | None, period: Period
) -> dict[str, Any]:
    where = _filters(vendors, period)
    open_condition = _schedule_condition(settings.schedule)
    offered, outside, answered_outside = connection.execute(
        f"""SELECT count(*), count(*) FILTER (WHERE NOT {open_condition}),
                   count(*) FILTER (WHERE NOT {open_condition} AND outcome = 'answered')
            FROM calls WHERE {where} AND outcome IN ('answered', 'abandoned')"""
    ).fetchone()
    return {
        "schedule": settings.schedule.mode if settings.schedule.mode == "24/7" else settings.schedule.hours,
        "calls": outside,
        "answered": answered_outside,
        "share": round(outside / offered, 4) if offered else None,
    }


def callbacks(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, *, vendors: list[str] | None, period: Period
) -> dict[str, Any]:
    where = _filters(vendors, period)
    vendor_filter = "true"
    if vendors:
        vendor_filter = "vendor IN (" + ", ".join(sql_literal(vendor) for vendor in vendors) + ")"
    window = f"INTERVAL {int(settings.callback_window_h * 3600)} SECOND"
    sql = f"""
WITH missed AS (
  SELECT vendor, caller_id, arrival FROM calls
  WHERE {where} AND outcome = 'abandoned' AND caller_id IS NOT NULL),
outbound AS (
  SELECT vendor, caller_id, arrival AS called_at FROM calls
  WHERE {vendor_filter} AND direction = 'outbound' AND caller_id IS NOT NULL),
redials AS (
  SELECT vendor, caller_id, arrival AS redial_at FROM calls
  WHERE {vendor_filter} AND direction = 'inbound' AND outcome = 'answered' AND caller_id IS NOT NULL),
joined AS (
  SELECT m.arrival, o.called_at, r.redial_at
  FROM missed m
  ASOF LEFT JOIN outbound o ON m.vendor = o.vendor AND m.caller_id = o.caller_id AND o.called_at > m.arrival
  ASOF LEFT JOIN redials r ON m.vendor = r.vendor AND m.caller_id = r.caller_id AND r.redial_at > m.arrival)
SELECT count(*) AS missed,
  count(*) FILTER (WHERE called_at <= arrival + {window}) AS called_back,
  median(epoch(called_at - arrival)) FILTER (WHERE called_at <= arrival + {window}) AS median_delay,
  quantile_cont(epoch(called_at - arrival), 0.9) FILTER (WHERE called_at <= arrival + {window}) AS p90_delay,
  count(*) FILTER (WHERE NOT coalesce(called_at <= arrival + {window}, false)
                   AND redial_at <= arrival + {window}) AS redial_answered,
  count(*) FILTER (WHERE NOT coalesce(called_at <= arrival + {window}, false)
                   AND NOT coalesce(redial_at <= arrival + {window}, false)) AS lost
FROM joined"""
    missed, called_back, median_delay, p90_delay, redialed, lost = connection.execute(sql).fetchone()
    return {
        "missed_with_number": missed,
        "called_back": called_back,
        "called_back_share": round(called_back / missed, 4) if missed else None,
        "callback_median_s": _round(median_delay, 1),
        "callback_p90_s": _round(p90_delay, 1),
        "recovered_by_redial": redialed,
        "not_recovered": lost,
        "not_recovered_share": round(lost / missed, 4) if missed else None,
        "window_h": settings.callback_window_h,
    }


def repeat_callers(
    connection: duckdb.DuckDBPyConnection, *, vendors: list[str] | None, period: Period
) -> dict[str, Any]:
    where = _filters(vendors, period)
    sql = f"""
WITH inbound AS (
  SELECT vendor, caller_id, arrival, outcome FROM calls
  WHERE {where} AND caller_id IS NOT NULL AND outcome IN ('answered', 'abandoned')),
nexts AS (
  SELECT a.arrival, n.arrival AS next_arrival FROM inbound a
  ASOF LEFT JOIN inbound n ON a.vendor = n.vendor AND a.caller_id = n.caller_id AND n.arrival > a.arrival
  WHERE a.outcome = 'answered')
SELECT count(*),
  count(*) FILTER (WHERE next_arrival <= arrival + INTERVAL 24 HOUR),
  count(*) FILTER (WHERE next_arrival <= arrival + INTERVAL 7 DAY)
FROM nexts"""
    answered, day, week = connection.execute(sql).fetchone()
    return {
        "answered_with_number": answered,
        "repeat_24h": day,
        "repeat_24h_share": round(day / answered, 4) if answered else None,
        "repeat_7d": week,
        "repeat_7d_share": round(week / answered, 4) if answered else None,
    }


def conversion(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, *, vendors: list[str] | None, period: Period
) -> dict[str, Any] | None:
    orders = connection.execute("SELECT count(*) FROM orders").fetchone()[0]
    if not orders:
        return None
    where = _filters(vendors, period)
    window = f"INTERVAL {int(settings.order_window_h * 3600)} SECOND"
    sql = f"""
WITH answered AS (
  SELECT vendor, call_id, caller_id, arrival FROM calls WHERE {where} AND outcome = 'answered'),
by_id AS (
  SELECT DISTINCT a.vendor, a.call_id FROM answered a JOIN orders o ON o.call_id = a.call_id),
by_phone AS (
  SELECT DISTINCT a.vendor, a.call_id FROM answered a JOIN orders o
    ON o.phone = a.caller_id AND o.ordered_at >= a.arrival AND o.ordered_at <= a.arrival + {window}
  WHERE o.call_id IS NULL),
converted AS (SELECT * FROM by_id UNION SELECT * FROM by_phone)
SELECT (SELECT count(*) FROM answered), (SELECT count(*) FROM converted)"""
    answered, converted = connection.execute(sql).fetchone()
    return {
        "orders_imported": orders,
        "answered": answered,
        "converted_calls": converted,
        "conversion": round(converted / answered, 4) if answered else None,
        "window_h": settings.order_window_h,
    }


def report(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
    by: list[str] = ("agent", "queue", "day"),
) -> dict[str, Any]:
    """Everything the client cabinet shows, for the given vendors and period."""
    result = summary(connection, settings, vendors=vendors, period=period)
    result.pop("_stats")
    result["by"] = {name: breakdown(connection, settings, name, vendors=vendors, period=period) for name in by}
    result["heat_map"] = heat_map(connection, settings, vendors=vendors, period=period)
    result["out_of_hours"] = out_of_hours(connection, settings, vendors=vendors, period=period)
    result["callbacks"] = callbacks(connection, settings, vendors=vendors, period=period)
    result["repeat_callers"] = repeat_callers(connection, vendors=vendors, period=period)
    result["conversion"] = conversion(connection, settings, vendors=vendors, period=period)
    result["definitions"] = definitions(settings)
    return result


def definitions(settings: KpiSettings) -> dict[str, Any]:
    return {
        "short_abandon_s": settings.short_abandon_s,
        "service_level_s": settings.service_level_s,
        "p90_quantile": settings.p90_quantile,
        "callback_window_h": settings.callback_window_h,
        "order_window_h": settings.order_window_h,
        "abandon_rate": "abandoned / (offered - short_abandoned)",
        "service_level": f"answered within {settings.service_level_s:g} s / (answered + abandoned)",
    }
