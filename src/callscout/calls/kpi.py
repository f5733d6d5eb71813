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
  occupancy        per agent / interval: handling time (talk + hold + after-call work from the answer) over time
                   logged in and not paused; utilisation: over all logged-in time (agent_time_sql)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from callscout.calls.sources import sql_literal
from callscout.i18n import format_number, format_percent, msg, pick
from callscout.model.common import WEEKDAYS, StrictModel, hours_to_minutes
from callscout.model.needs import Needs, Schedule

if TYPE_CHECKING:
    import duckdb

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
GROUPINGS = ("hour", "hour_of_day", "day", "week", "weekday", "agent", "queue", "interval", "topic", "result")


class KpiSettings(StrictModel):
    short_abandon_s: float = Field(default=5, ge=0, le=600)
    service_level_s: float = Field(default=20, gt=0, le=3600)
    p90_quantile: float = Field(default=0.9, gt=0, lt=1)
    callback_window_h: float = Field(default=24, gt=0, le=24 * 31)
    order_window_h: float = Field(default=24, gt=0, le=24 * 31)
    interval_minutes: int = Field(default=30, ge=5, le=240)
    schedule: Schedule = Field(default_factory=Schedule)

    @classmethod
    def for_needs(cls, needs: Needs) -> KpiSettings:
        """The buyer's settings: its working hours and its service-level threshold (the one place they are read)."""
        return cls(schedule=needs.schedule, service_level_s=needs.service_level.seconds)


KPI_LABELS = {
    "offered": ("Поступило", "Offered"),
    "answered": ("Отвечено", "Answered"),
    "abandoned": ("Потеряно", "Abandoned"),
    "short_abandoned": ("Короткие сбросы", "Short abandons"),
    "abandon_rate": ("Доля потерянных", "Abandon rate"),
    "service_level": ("Уровень сервиса", "Service level"),
    "asa_s": ("Ср. время ответа, с", "ASA, s"),
    "avg_wait_s": ("Ср. ожидание, с", "Avg wait, s"),
    "p90_wait_s": ("90% ожидания, с", "P90 wait, s"),
    "max_wait_s": ("Макс. ожидание, с", "Max wait, s"),
    "avg_talk_s": ("Ср. разговор, с", "Avg talk, s"),
    "avg_acw_s": ("Постобработка, с", "ACW, s"),
    "aht_s": ("AHT, с", "AHT, s"),
}
# Columns of the per-agent and per-interval breakdowns (agent logins from the queue_log).
AGENT_TIME_LABELS = {
    "logged_in_s": ("В системе, с", "Logged in, s"),
    "paused_s": ("На паузе, с", "Paused, s"),
    "busy_s": ("На звонках, с", "Handling, s"),
    "occupancy": ("Занятость", "Occupancy"),
    "utilisation": ("Загрузка", "Utilisation"),
}


def kpi_value_text(value: Any, key: str) -> str:
    """A KPI value as shown to a person: rates in percent, the rest as they are."""
    if value is None:
        return msg("calls.kpi.no_data")  # unknown is never shown as 0
    if key in ("abandon_rate", "service_level", "occupancy", "utilisation"):
        return format_percent(value)
    return format_number(value, 2, trim=True) if isinstance(value, float) else str(value)


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
        "hour_of_day": "hour(arrival)",
        "day": "CAST(arrival AS DATE)",
        "weekday": "isodow(arrival)",
        "agent": "coalesce(agent, '—')",
        "queue": "coalesce(queue, '—')",
        "interval": f"time_bucket(INTERVAL '{int(settings.interval_minutes)} minutes', arrival)",
        "vendor": "vendor",
        "week": "CAST(date_trunc('week', arrival) AS DATE)",
        # Calls without a topic or result in a log that has them: one row of their own, not dropped.
        "topic": "coalesce(topic, '—')",
        "result": "coalesce(result, '—')",
    }[by]


def _filters(vendors: list[str] | None, period: Period) -> str:
    parts = ["direction = 'inbound'", period.where()]
    if vendors:
        parts.append("vendor IN (" + ", ".join(sql_literal(vendor) for vendor in vendors) + ")")
    return " AND ".join(parts)


# Every indicator but the percentile is a count, a sum or a maximum, so the calls are first summed per
# grouping key and class of call (a handful of plain aggregates per call, where filtered aggregates per
# indicator would cost several times more); each indicator is then worked out from those few rows. The
# percentile needs the waits themselves and is taken in a second scan that reads nothing else.
ANSWERED, ABANDONED, OFFERED = "class IN (1, 2)", "class = 3", "class IN (1, 2, 3, 4)"

# Per grouping key and class of call: name -> (aggregate over the calls, how such aggregates combine).
CLASS_SUMS = {
    "n": ("count(*)", "sum"),
    "first_at": ("min(arrival)", "min"),
    "last_at": ("max(arrival)", "max"),
    "wait_n": ("count(wait_s)", "sum"),
    "wait_sum": ("sum(wait_s)", "sum"),
    "wait_max": ("max(wait_s)", "max"),
    "talk_n": ("count(talk_s)", "sum"),
    "talk_sum": ("sum(talk_s)", "sum"),
    "hold_n": ("count(hold_s)", "sum"),
    "hold_sum": ("sum(hold_s)", "sum"),
    "acw_n": ("count(acw_s)", "sum"),
    "acw_sum": ("sum(acw_s)", "sum"),
    "handle_sum": ("sum(handle)", "sum"),
}
# Only for the variances behind confidence intervals (comparisons of vendors' totals).
SQUARE_SUMS = {
    "wait_sq": ("sum(wait_s * wait_s)", "sum"),
    "talk_sq": ("sum(talk_s * talk_s)", "sum"),
    "handle_sq": ("sum(handle * handle)", "sum"),
}


def call_class_sql(settings: KpiSettings) -> str:
    """The class of an inbound call, the one vocabulary of losses (``calls kpi``, the import summary, the
    dashboard and the report all count with it): 1 answered within the service-level time, 2 answered
    later (or with an unknown wait), 3 abandoned after the short-abandon threshold, 4 short abandon,
    5 IVR only, 6 unfinished in the log, 7 phantom. An abandon whose wait is unknown is a real abandon:
    nothing says it was short."""
    short, within = float(settings.short_abandon_s), float(settings.service_level_s)
    return f"""CASE outcome WHEN 'answered' THEN CASE WHEN wait_s <= {within} THEN 1 ELSE 2 END
                 WHEN 'abandoned' THEN CASE WHEN wait_s IS NULL OR wait_s >= {short} THEN 3 ELSE 4 END
                 WHEN 'ivr' THEN 5 WHEN 'unknown' THEN 6 WHEN 'phantom' THEN 7 ELSE 0 END"""


# Call fields the indicators are computed from, each over the calls it applies to, and what has no data
# without it. A field no row has is reported by the import as «нет в файле», its indicators as «нет данных».
KPI_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wait_s": (
        "outcome IN ('answered', 'abandoned')",
        ("service_level", "asa_s", "avg_wait_s", "p90_wait_s", "max_wait_s", "short_abandoned"),
    ),
    "talk_s": ("outcome = 'answered'", ("avg_talk_s", "aht_s")),
    "hold_s": ("outcome = 'answered'", ("avg_hold_s",)),
    "acw_s": ("outcome = 'answered'", ("avg_acw_s",)),
    "agent": ("outcome = 'answered'", ("by_agent",)),
    "queue": ("true", ("by_queue",)),
    "caller_id": ("true", ("repeat_callers", "callbacks")),
}
LOSS_CLASSES = {
    "answered": "class IN (1, 2)",
    "abandoned": "class = 3",
    "short_abandoned": "class = 4",
    "ivr": "class = 5",
    "incomplete": "class = 6",
    "phantom": "class = 7",
}


def import_summary(connection: duckdb.DuckDBPyConnection, relation: str, settings: KpiSettings) -> dict[str, Any]:
    """What an import holds, in one scan, with the indicators' own definitions: the losses of its
    inbound calls (so that the import summary and ``calls kpi`` say the same), the raw outcomes, and the
    call fields no row has (``missing_fields``)."""
    losses = ", ".join(
        f"count(*) FILTER (WHERE direction = 'inbound' AND {condition}) AS {name}"
        for name, condition in LOSS_CLASSES.items()
    )
    present = ", ".join(
        f"count({name}) FILTER (WHERE {where}) AS has_{name}, count(*) FILTER (WHERE {where}) AS of_{name}"
        for name, (where, _kpis) in KPI_FIELDS.items()
    )
    from callscout.calls.schema import OUTCOMES

    # The raw outcomes in the same scan: one pass over the calls, whatever their number.
    raw = ", ".join(f"count(*) FILTER (WHERE outcome = '{name}') AS outcome_{name}" for name in OUTCOMES)
    cursor = connection.execute(
        f"""SELECT {losses}, count(*) FILTER (WHERE direction = 'outbound') AS outbound, {present}, {raw}
            FROM (SELECT *, {call_class_sql(settings)} AS class FROM {relation})"""
    )
    names = [column[0] for column in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    outcomes = {name: int(row[f"outcome_{name}"]) for name in sorted(OUTCOMES) if row[f"outcome_{name}"]}
    counted = {name: int(row[name]) for name in (*LOSS_CLASSES, "outbound")}
    counted["offered"] = counted["answered"] + counted["abandoned"] + counted["short_abandoned"]
    counted["short_abandon_s"] = settings.short_abandon_s
    missing = [name for name in KPI_FIELDS if row[f"of_{name}"] and not row[f"has_{name}"]]
    return {"losses": counted, "outcomes": outcomes, "missing_fields": missing}


# Keys with few values (agents, queues): summed in one grouping set together, then apart from its rows.
FEW_VALUED_KEYS = ("g_agent", "g_queue", "g_vendor", "g_topic", "g_result")


def _class_sums_sql(
    settings: KpiSettings, where: str, keys: dict[str, str], sets: list[tuple[str, ...]], *, statistics: bool
) -> str:
    """The sums per grouping key and class. Each grouping set of a scan is a hash table every call goes
    through, so sets that can be added up from another are: the totals from any set (each splits the same
    calls), the agents and the queues from the set of agent and queue pairs (few, however many calls)."""
    names = list(keys)
    sums = CLASS_SUMS | (SQUARE_SUMS if statistics else {})
    key_columns = "".join(f"{expression} AS {name}, " for name, expression in keys.items())
    selected = "".join(f"{name}, " for name in names)
    grouping = f"GROUPING({', '.join(names)})" if names else "0"
    requested = [item for item in sets if item]
    joint = tuple(name for name in FEW_VALUED_KEYS if (name,) in requested)
    joint = joint if len(joint) > 1 else ()
    scanned = [*([joint] if joint else []), *(item for item in requested if not (len(item) == 1 and item[0] in joint))]
    scanned = scanned or [()]
    group_by = ", ".join("(" + ", ".join((*item, "class")) + ")" for item in scanned)
    aggregates = ", ".join(f"{expression} AS {name}" for name, (expression, _combine) in sums.items())
    class_sums = f"""
SELECT {selected}{grouping} AS grouping_id, class, {aggregates}
FROM (
  SELECT {key_columns}arrival, wait_s, talk_s, hold_s, acw_s,
    talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0) AS handle,
    {call_class_sql(settings)} AS class
  FROM calls WHERE {where})
GROUP BY GROUPING SETS ({group_by})"""
    if not names:
        return class_sums

    def rolled_up(item: tuple[str, ...]) -> int:
        """``GROUPING()`` of a set: a bit for each key not in it, the first key the highest."""
        return sum(1 << (len(names) - 1 - index) for index, name in enumerate(names) if name not in item)

    combined = ", ".join(f"{combine}({name}) AS {name}" for name, (_expression, combine) in sums.items())
    derived = [((name,), joint) for name in joint] + [((), scanned[0])]
    kept = ", ".join(str(rolled_up(item)) for item in scanned if item in requested)
    parts = [f"SELECT * FROM class_sums WHERE grouping_id IN ({kept})"] if kept else []
    for target, source in derived:
        # Every key column in every part, NULL where rolled up: a plain UNION ALL reads the same on Spark.
        target_columns = "".join(f"{name}, " if name in target else f"NULL AS {name}, " for name in names)
        grouped_by = "".join(f"{name}, " for name in target)
        parts.append(
            f"SELECT {target_columns}{rolled_up(target)} AS grouping_id, class, {combined} FROM class_sums "
            f"WHERE grouping_id = {rolled_up(source)} GROUP BY {grouped_by}class"
        )
    return f"WITH class_sums AS ({class_sums})\n" + "\nUNION ALL\n".join(parts)


def _count(column: str, where: str) -> str:
    return f"CAST(coalesce(sum({column}) FILTER (WHERE {where}), 0) AS BIGINT)"


def _mean(total: str, count: str, where: str) -> str:
    return f"sum({total}) FILTER (WHERE {where}) / nullif(sum({count}) FILTER (WHERE {where}), 0)"


def _variance(total: str, squares: str, count: str, where: str) -> str:
    """Sample variance from the sums (null below two values, as ``var_samp``)."""
    n = f"sum({count}) FILTER (WHERE {where})"
    s = f"sum({total}) FILTER (WHERE {where})"
    squares_sum = f"sum({squares}) FILTER (WHERE {where})"
    return f"CASE WHEN {n} > 1 THEN greatest({squares_sum} - {s} * {s} / {n}, 0) / ({n} - 1) END"


COUNTS = {
    "offered": _count("n", OFFERED),
    "answered": _count("n", ANSWERED),
    "abandoned": _count("n", ABANDONED),
    "short_abandoned": _count("n", "class = 4"),
    "answered_within": _count("n", "class = 1"),
    "acw_n": _count("acw_n", ANSWERED),
    "ivr": _count("n", "class = 5"),
    "incomplete": _count("n", "class = 6"),
    "phantom": _count("n", "class = 7"),
}
MEASURES = COUNTS | {
    "asa_s": _mean("wait_sum", "wait_n", ANSWERED),
    "avg_wait_s": _mean("wait_sum", "wait_n", OFFERED),
    "max_wait_s": f"max(wait_max) FILTER (WHERE {OFFERED})",
    "avg_talk_s": _mean("talk_sum", "talk_n", ANSWERED),
    "avg_hold_s": _mean("hold_sum", "hold_n", ANSWERED),
    "avg_acw_s": _mean("acw_sum", "acw_n", ANSWERED),
    "aht_s": _mean("handle_sum", "talk_n", ANSWERED),
    "first_call": "min(first_at)",
    "last_call": "max(last_at)",
}
STATISTICS = {
    "asa_n": _count("wait_n", ANSWERED),
    "wait_n": _count("wait_n", OFFERED),
    "talk_n": _count("talk_n", ANSWERED),
    "aht_n": _count("talk_n", ANSWERED),
    "asa_var": _variance("wait_sum", "wait_sq", "wait_n", ANSWERED),
    "wait_var": _variance("wait_sum", "wait_sq", "wait_n", OFFERED),
    "talk_var": _variance("talk_sum", "talk_sq", "talk_n", ANSWERED),
    "aht_var": _variance("handle_sum", "handle_sq", "talk_n", ANSWERED),
}
# Data-quality counts and the covered span: part of the totals only.
TOTALS_ONLY = ("ivr", "incomplete", "phantom", "first_call", "last_call")


def aggregate_sql(
    settings: KpiSettings, where: str, keys: dict[str, str], sets: list[tuple[str, ...]], *, statistics: bool
) -> str:
    """Every indicator but the percentile for each grouping set, each row tagged by ``grouping_id``
    (bit set = that key is rolled up)."""
    selected = "".join(f"{name}, " for name in keys)
    measures = MEASURES | (STATISTICS if statistics else {})
    listed = ",\n  ".join(f"{expression} AS {name}" for name, expression in measures.items())
    return f"""SELECT {selected}grouping_id, {listed}
FROM ({_class_sums_sql(settings, where, keys, sets, statistics=statistics)})
GROUP BY {selected}grouping_id"""


def percentile_sql(settings: KpiSettings, where: str, keys: dict[str, str], sets: list[tuple[str, ...]]) -> str:
    key_columns = "".join(f"{expression} AS {name}, " for name, expression in keys.items())
    selected = "".join(f"{name}, " for name in keys)
    grouping = f"GROUPING({', '.join(keys)})" if keys else "0"
    group_by = " GROUP BY GROUPING SETS (" + ", ".join("(" + ", ".join(item) + ")" for item in sets) + ")"
    return f"""SELECT {selected}{grouping} AS grouping_id,
  quantile_cont(wait_s, {float(settings.p90_quantile)}) AS p90_wait_s
FROM (SELECT {key_columns}wait_s FROM calls WHERE {where} AND outcome IN ('answered', 'abandoned'))
{group_by if keys else ""}"""


def _grouping_sets(names: list[str], settings: KpiSettings) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """Keys and grouping sets: one set per name; "a+b" (e.g. "topic+week") is one set of two keys."""
    keys: dict[str, str] = {}
    sets: list[tuple[str, ...]] = [()]
    for name in names:
        if name == "weekday_hour":
            continue
        parts = tuple(f"g_{part}" for part in name.split("+"))
        for part, key in zip(name.split("+"), parts, strict=True):
            keys.setdefault(key, _group_expression(part, settings))
        if parts not in sets:
            sets.append(parts)
    if "weekday_hour" in names:
        keys["h_weekday"], keys["h_hour"] = "isodow(arrival)", "hour(arrival)"
        sets.append(("h_weekday", "h_hour"))
    return keys, sets


def _grouped_keys(grouping_id: int, names: list[str]) -> list[str]:
    """The keys a row is grouped by, from its ``GROUPING()`` bits (set = rolled up, the first key highest)."""
    return [name for index, name in enumerate(names) if not grouping_id >> (len(names) - 1 - index) & 1]


def _key_text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def grouped(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    groupings: list[str],
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
    statistics: bool = False,
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The totals and one breakdown per grouping name ("weekday_hour" for the heat map, without a
    percentile), in two scans; with ``statistics`` the totals carry what confidence intervals need."""
    where = _filters(vendors, period)
    keys, sets = _grouping_sets(groupings, settings)
    key_names = list(keys)
    # The heat map shows calls and service level only: no percentile per weekday and hour.
    percentile_keys = {name: expression for name, expression in keys.items() if name not in ("h_weekday", "h_hour")}
    percentile_sets = [item for item in sets if item != ("h_weekday", "h_hour")]
    percentiles = {}
    for row in _fetch_dicts(connection, percentile_sql(settings, where, percentile_keys, percentile_sets)):
        grouped_keys = _grouped_keys(row["grouping_id"], list(percentile_keys))
        percentiles[tuple((name, row[name]) for name in grouped_keys)] = row["p90_wait_s"]
    # No calls at all still has totals: zero counts, unknown means.
    totals_row = {name: 0 if name in COUNTS else None for name in MEASURES | (STATISTICS if statistics else {})}
    result: dict[str, list[dict[str, Any]]] = {name: [] for name in groupings}
    for row in _fetch_dicts(connection, aggregate_sql(settings, where, keys, sets, statistics=statistics)):
        values = {name: row.pop(name) for name in key_names}
        grouped_keys = _grouped_keys(row.pop("grouping_id"), key_names)
        row["p90_wait_s"] = percentiles.get(tuple((name, values[name]) for name in grouped_keys))
        if not grouped_keys:
            totals_row = row
            continue
        for name in TOTALS_ONLY:
            row.pop(name)
        item = finish(row)
        item.pop("_stats")
        if grouped_keys == ["h_weekday", "h_hour"]:
            result["weekday_hour"].append({"weekday": values["h_weekday"], "hour": values["h_hour"], **item})
        elif len(grouped_keys) == 1:
            (name,) = grouped_keys
            result[name.removeprefix("g_")].append({"key": _key_text(values[name]), **item})
        else:  # a pair such as "topic+week": each key under its own name
            for pair in (name for name in groupings if "+" in name):
                if {f"g_{part}" for part in pair.split("+")} == set(grouped_keys):
                    named = {part: _key_text(values[f"g_{part}"]) for part in pair.split("+")}
                    result[pair].append({**named, **item})
    totals_row.setdefault("p90_wait_s", None)
    for name in AGENT_TIME_GROUPINGS:
        if name in result:
            _add_agent_time(result[name], agent_time(connection, settings, name, vendors=vendors, period=period))
    for name, items in result.items():
        if "+" in name:
            items.sort(key=lambda item, parts=name.split("+"): tuple(str(item[part]) for part in parts))
        else:
            items.sort(key=lambda item: (str(item.get("key")), item.get("weekday", 0), item.get("hour", 0)))
    return finish(totals_row), result


# --- agents' logged-in time: occupancy and utilisation ---------------------------------------------

AGENT_TIME_GROUPINGS = ("agent", "interval")
AGENT_TIME_KEYS = ("logged_in_s", "paused_s", "available_s", "busy_s", "occupancy", "utilisation")
NO_AGENT_TIME = {"logged_in_s": 0.0, "paused_s": 0.0, "available_s": 0.0, "busy_s": 0.0} | {
    "occupancy": None,
    "utilisation": None,
}


def agent_time_sql(settings: KpiSettings, by: str, vendors: list[str] | None, period: Period) -> str:
    """Seconds logged in, paused and handling calls, per agent or per interval of all agents.

    Spans (an agent's logged-in states, and each answered call's handling from its answer for talk + hold
    + after-call work) are clipped to the period, and for intervals cut at the interval boundaries, so
    every second counts in the interval it falls in. Per interval, calls of agents without logins in the
    log are left out (their handling has no logged-in time to be compared with)."""
    start = f"TIMESTAMP {sql_literal(period.start.isoformat(sep=' '))}" if period.start else "span_start"
    end = f"TIMESTAMP {sql_literal(period.end.isoformat(sep=' '))}" if period.end else "span_end"
    vendor_filter = _vendor_filter(vendors)
    logged_agents = "" if by == "agent" else f" AND agent IN (SELECT agent FROM agent_states WHERE {vendor_filter})"
    spans = f"""
WITH raw_spans AS (
  SELECT agent, span_start, span_end, CASE WHEN paused THEN 'paused' ELSE 'available' END AS state
  FROM agent_states WHERE {vendor_filter}
  UNION ALL
  SELECT agent, span_start, span_start + to_microseconds(CAST(handle * 1000000 AS BIGINT)), 'busy'
  FROM (SELECT agent, coalesce(answered_at, arrival + to_microseconds(CAST(coalesce(wait_s, 0) * 1000000 AS BIGINT)))
                 AS span_start, talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0) AS handle
        FROM calls WHERE {vendor_filter} AND outcome = 'answered' AND agent IS NOT NULL AND talk_s > 0{logged_agents})),
spans AS (
  SELECT agent, state, greatest(span_start, {start}) AS span_start, least(span_end, {end}) AS span_end
  FROM raw_spans)"""
    if by == "agent":
        pieces, key = "SELECT * FROM spans WHERE span_end > span_start", "agent"
    else:
        width = f"INTERVAL '{int(settings.interval_minutes)} minutes'"
        pieces = f"""
SELECT state, greatest(span_start, bucket) AS span_start, least(span_end, bucket + {width}) AS span_end, bucket
FROM (SELECT *, unnest(generate_series(time_bucket({width}, span_start), span_end, {width})) AS bucket
      FROM spans WHERE span_end > span_start)"""
        key = "bucket"
    return f"""{spans}
SELECT {key} AS key,
  coalesce(sum(epoch(span_end - span_start)) FILTER (WHERE state = 'available'), 0) AS available_s,
  coalesce(sum(epoch(span_end - span_start)) FILTER (WHERE state = 'paused'), 0) AS paused_s,
  coalesce(sum(epoch(span_end - span_start)) FILTER (WHERE state = 'busy'), 0) AS busy_s
FROM ({pieces}) WHERE span_end > span_start GROUP BY 1"""


def agent_time(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    by: str,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> dict[Any, dict[str, Any]] | None:
    """Occupancy = handling time / time logged in and not paused; utilisation = handling time / time
    logged in (pauses included). Keyed like the breakdown rows; None when the log has no agent logins
    (formats without agent events): then the times are unknown, not zero."""
    if not connection.execute(f"SELECT count(*) FROM agent_states WHERE {_vendor_filter(vendors)}").fetchone()[0]:
        return None
    result = {}
    for key, available, paused, busy in connection.execute(agent_time_sql(settings, by, vendors, period)).fetchall():
        logged_in = available + paused
        if by == "agent" and not logged_in and busy:
            # The agent answered calls but the log has no login of his: his time logged in is unknown
            # («нет данных»: no login events of this agent), not zero, and so are his occupancy and utilisation.
            result[_key_text(key)] = dict.fromkeys(AGENT_TIME_KEYS) | {
                "busy_s": round(busy, 1),
                "agent_time_unknown": "no_login_events",
            }
            continue
        result[_key_text(key)] = {
            "logged_in_s": round(logged_in, 1),
            "paused_s": round(paused, 1),
            "available_s": round(available, 1),
            "busy_s": round(busy, 1),
            "occupancy": round(busy / available, 4) if available else None,
            "utilisation": round(busy / logged_in, 4) if logged_in else None,
        }
    return result


def agent_time_known(rows: list[dict[str, Any]]) -> bool:
    """Whether breakdown rows carry agents' time: the log has agent events (else the columns are unknown)."""
    return bool(rows) and rows[0].get("logged_in_s") is not None


def _add_agent_time(rows: list[dict[str, Any]], times: dict[Any, dict[str, Any]] | None) -> None:
    """The agent-time columns on each breakdown row; agents (intervals) logged in without a call get a row."""
    # No agent events in the log: unknown. A row without logged-in time or handling (calls without an agent
    # or a talk time): zero time, nothing to divide by.
    missing = dict.fromkeys(AGENT_TIME_KEYS) if times is None else NO_AGENT_TIME
    seen = set()
    for row in rows:
        row.update((times or {}).get(row["key"], missing))
        seen.add(row["key"])
    for key, values in (times or {}).items():
        if key not in seen and values["logged_in_s"]:
            empty = finish({name: 0 if name in COUNTS else None for name in (*MEASURES, "p90_wait_s")})
            empty.pop("_stats")
            for name in TOTALS_ONLY:
                empty.pop(name, None)
            rows.append({"key": key, **empty, **values})


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
        # Short abandons are told by their wait: with no wait known, how many were short is unknown.
        "short_abandoned": short if row["avg_wait_s"] is not None or not (abandoned + short) else None,
        "abandon_rate": _ratio(abandoned, offered - short),
        # Without a single known wait there is no service level to tell: «нет данных», never 0.
        "service_level": _ratio(row["answered_within"], answered + abandoned)
        if row["avg_wait_s"] is not None
        else None,
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
    }
    if "ivr" in row:  # the totals: data-quality counts too (breakdown rows leave them out)
        result |= {
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
    if "asa_n" not in row:
        result["_stats"] = None
        return result
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
    return grouped(connection, settings, [], vendors=vendors, period=period, statistics=True)[0]


def breakdown(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    by: str,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> list[dict[str, Any]]:
    return grouped(connection, settings, [by], vendors=vendors, period=period)[1][by]


def heat_map_from(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """Offered calls and service level by weekday (Monday first) and hour of day."""
    offered = [[0] * 24 for _ in range(7)]
    service: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    for cell in cells:
        offered[cell["weekday"] - 1][cell["hour"]] = cell["offered"]
        service[cell["weekday"] - 1][cell["hour"]] = cell["service_level"]
    return {"weekdays": list(WEEKDAYS), "offered": offered, "service_level": service}


def heat_map(
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    *,
    vendors: list[str] | None = None,
    period: Period = Period(),
) -> dict[str, Any]:
    return heat_map_from(
        grouped(connection, settings, ["weekday_hour"], vendors=vendors, period=period)[1]["weekday_hour"]
    )


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


def _vendor_filter(vendors: list[str] | None) -> str:
    if not vendors:
        return "true"
    return "vendor IN (" + ", ".join(sql_literal(vendor) for vendor in vendors) + ")"


def follow_ups(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, *, vendors: list[str] | None, period: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Callbacks of missed calls and repeat callers, from one sort of each caller's calls by time.

    Callers are keyed by a 64-bit hash of vendor and number (sorting strings would cost more than the
    rest). For each missed call: the next outbound call to the number and the next answered call from
    it (callbacks after the period still count for misses inside it). For each answered call: the next
    offered inbound call from the number inside the period (repeat callers)."""
    window = int(settings.callback_window_h * 3600)
    in_period = period.where()
    # Many logs hold no outbound calls (a queue_log never does). Looking for the next of none is a scan to
    # the end of the caller's calls from each call: with no outbound call nothing was called back.
    has_outbound = connection.execute(
        f"SELECT count(*) > 0 FROM (SELECT 1 FROM calls WHERE {_vendor_filter(vendors)} AND direction = 'outbound' "
        "AND caller_id IS NOT NULL LIMIT 1)"
    ).fetchone()[0]
    called_at = "first_value(outbound_at IGNORE NULLS) OVER later" if has_outbound else "NULL::TIMESTAMP"
    sql = f"""
WITH events AS (
  SELECT hash(vendor, caller_id) AS who, arrival,
         direction = 'inbound' AND outcome = 'abandoned' AND {in_period} AS is_missed,
         direction = 'inbound' AND outcome = 'answered' AND {in_period} AS is_answered,
         CASE WHEN direction = 'outbound' THEN arrival END AS outbound_at,
         CASE WHEN direction = 'inbound' AND outcome = 'answered' THEN arrival END AS answered_at,
         CASE WHEN direction = 'inbound' AND {in_period} THEN arrival END AS offered_at
  FROM calls WHERE {_vendor_filter(vendors)} AND caller_id IS NOT NULL
    AND (direction = 'outbound' OR outcome IN ('answered', 'abandoned'))),
following AS (
  SELECT arrival, is_missed, is_answered,
    {called_at} AS called_at,
    first_value(answered_at IGNORE NULLS) OVER later AS redial_at,
    first_value(offered_at IGNORE NULLS) OVER later AS next_arrival
  FROM events
  WINDOW later AS (PARTITION BY who ORDER BY arrival ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)),
joined AS (
  SELECT is_missed, is_answered, epoch(called_at - arrival) AS delay,
         coalesce(epoch(called_at - arrival) <= {window}, false) AS called_back,
         coalesce(epoch(redial_at - arrival) <= {window}, false) AS redialed,
         coalesce(next_arrival <= arrival + INTERVAL 24 HOUR, false) AS repeat_day,
         coalesce(next_arrival <= arrival + INTERVAL 7 DAY, false) AS repeat_week
  FROM following WHERE is_missed OR is_answered)
SELECT count(*) FILTER (WHERE is_missed) AS missed,
  count(*) FILTER (WHERE is_missed AND called_back) AS called_back,
  median(delay) FILTER (WHERE is_missed AND called_back) AS median_delay,
  quantile_cont(delay, 0.9) FILTER (WHERE is_missed AND called_back) AS p90_delay,
  count(*) FILTER (WHERE is_missed AND NOT called_back AND redialed) AS redial_answered,
  count(*) FILTER (WHERE is_missed AND NOT called_back AND NOT redialed) AS lost,
  count(*) FILTER (WHERE is_answered) AS answered,
  count(*) FILTER (WHERE is_answered AND repeat_day) AS repeat_day,
  count(*) FILTER (WHERE is_answered AND repeat_week) AS repeat_week
FROM joined"""
    missed, called_back, median_delay, p90_delay, redialed, lost, answered, day, week = connection.execute(
        sql
    ).fetchone()
    callback_part = {
        "missed_with_number": missed,
        "called_back": called_back,
        "called_back_share": round(called_back / missed, 4) if missed else None,
        "callback_median_s": _round(median_delay, 1),
        "callback_p90_s": _round(p90_delay, 1),
        "recovered_by_redial": redialed,
        "not_recovered": lost,
        "not_recovered_share": round(lost / missed, 4) if missed else None,
        "window_h": settings.callback_window_h,
        "unknown_reason": None,
    }
    if not has_outbound:
        # A log without outbound calls cannot show a callback: "0 called back" would be a guess, not a count.
        callback_part.update(
            called_back=None,
            called_back_share=None,
            not_recovered=None,
            not_recovered_share=None,
            unknown_reason="no_outbound_calls",
        )
    repeat_part = {
        "answered_with_number": answered,
        "repeat_24h": day,
        "repeat_24h_share": round(day / answered, 4) if answered else None,
        "repeat_7d": week,
        "repeat_7d_share": round(week / answered, 4) if answered else None,
    }
    return callback_part, repeat_part


UNKNOWN_REASONS: dict[str, tuple[str, str]] = {
    "no_outbound_calls": (
        "нет данных: в журнале нет исходящих звонков, перезвоны в нём не видны",
        "no data: the log holds no outbound calls, so callbacks cannot be seen",
    ),
}


def unknown_text(value: Any, reason: str | None) -> str:
    """A count as the reader sees it, or «нет данных» with why when the log cannot tell."""
    if value is None:
        ru, en = UNKNOWN_REASONS.get(reason or "", ("нет данных", "no data"))
        return pick(ru, en)
    return str(value)


def callbacks(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, *, vendors: list[str] | None, period: Period
) -> dict[str, Any]:
    return follow_ups(connection, settings, vendors=vendors, period=period)[0]


def repeat_callers(
    connection: duckdb.DuckDBPyConnection, *, vendors: list[str] | None, period: Period
) -> dict[str, Any]:
    return follow_ups(connection, KpiSettings(), vendors=vendors, period=period)[1]


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
    result, breakdowns = grouped(connection, settings, [*by, "weekday_hour"], vendors=vendors, period=period)
    result.pop("_stats")
    result["by"] = {name: breakdowns[name] for name in by}
    result["heat_map"] = heat_map_from(breakdowns["weekday_hour"])
    result["out_of_hours"] = out_of_hours(connection, settings, vendors=vendors, period=period)
    result["callbacks"], result["repeat_callers"] = follow_ups(connection, settings, vendors=vendors, period=period)
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
