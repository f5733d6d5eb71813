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
from callscout.i18n import format_number, format_percent, pick
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
    "avg_hold_s": ("Ср. удержание, с", "Avg hold, s"),
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


def kpi_value_text(value: Any, key: str, reason: str | None = None, caveat: str | None = None) -> str:
    """A KPI value as shown to a person: rates in percent, the rest as they are; an unknown one as «нет данных»
    with its reason (``UNKNOWN_REASONS``), never as 0 or a blank; a figure with a caveat (``KPI_CAVEATS``) with
    the caveat beside it."""
    if value is None:
        return unknown_text(None, reason)
    if key in ("abandon_rate", "service_level", "occupancy", "utilisation") or key.endswith("_share"):
        text = format_percent(value)
    else:
        text = format_number(value, 2, trim=True) if isinstance(value, float) else str(value)
    return f"{text} ({pick(*KPI_CAVEATS[caveat])})" if caveat in KPI_CAVEATS else text


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


def import_summary(
    connection: duckdb.DuckDBPyConnection, relation: str, settings: KpiSettings, *, cannot_tell: tuple[str, ...] = ()
) -> dict[str, Any]:
    """What an import holds, in one scan, with the indicators' own definitions: the losses of its
    inbound calls (so that the import summary and ``calls kpi`` say the same), the raw outcomes, and the
    call fields no row has (``missing_fields``). ``cannot_tell``: outcomes the log's format never shows
    (``Format.cannot_tell``), whose count is unknown rather than 0."""
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
    unknown = {}
    if "wait_s" in missing and counted["abandoned"]:
        # Short abandons are told by their wait: without one, how many were short is unknown, not 0.
        unknown["short_abandoned"] = "no_wait_times"
    for outcome in ("ivr", "phantom"):
        if outcome in cannot_tell and not counted[outcome]:
            unknown[outcome] = f"format_no_{outcome}"
    if unknown:
        counted.update(dict.fromkeys(unknown))
        counted["unknown"] = unknown
    return {"losses": counted, "outcomes": outcomes, "missing_fields": missing}


# Keys with few values (agents, queues): summed in one grouping set together, then apart from its rows.
FEW_VALUED_KEYS = ("g_agent", "g_queue", "g_vendor", "g_topic", "g_result")


def _class_sums_sql(
    settings: KpiSettings,
    where: str,
    keys: dict[str, str],
    sets: list[tuple[str, ...]],
    *,
    statistics: bool,
    aggregated: bool = False,
) -> str:
    """The sums per grouping key and class. Each grouping set of a scan is a hash table every call goes
    through, so sets that can be added up from another are: the totals from any set (each splits the same
    calls), the agents and the queues from the set of agent and queue pairs (few, however many calls).
    ``aggregated``: from the import's aggregate rows (``calls.aggregates``) instead of the calls."""
    from callscout.calls import aggregates

    names = list(keys)
    key_columns = "".join(f"{expression} AS {name}, " for name, expression in keys.items())
    if aggregated:
        sums = aggregates.CLASS_SUMS | (aggregates.SQUARE_SUMS if statistics else {})
        rows = aggregates.class_rows(key_columns, where, settings.short_abandon_s, settings.service_level_s)
    else:
        sums = CLASS_SUMS | (SQUARE_SUMS if statistics else {})
        rows = f"""
  SELECT {key_columns}arrival, wait_s, talk_s, hold_s, acw_s,
    talk_s + coalesce(hold_s, 0) + coalesce(acw_s, 0) AS handle,
    {call_class_sql(settings)} AS class
  FROM calls WHERE {where}"""
    selected = "".join(f"{name}, " for name in names)
    grouping = f"GROUPING({', '.join(names)})" if names else "0"
    requested = [item for item in sets if item]
    joint = tuple(name for name in FEW_VALUED_KEYS if (name,) in requested)
    joint = joint if len(joint) > 1 else ()
    scanned = [*([joint] if joint else []), *(item for item in requested if not (len(item) == 1 and item[0] in joint))]
    scanned = scanned or [()]
    group_by = ", ".join("(" + ", ".join((*item, "class")) + ")" for item in scanned)
    summed = ", ".join(f"{expression} AS {name}" for name, (expression, _combine) in sums.items())
    class_sums = f"""
SELECT {selected}{grouping} AS grouping_id, class, {summed}
FROM ({rows})
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
    # How many calls carry each measure: none of them means the log cannot tell (see ``unknown_reasons``).
    "wait_known": _count("wait_n", OFFERED),
    "talk_known": _count("talk_n", ANSWERED),
    "hold_known": _count("hold_n", ANSWERED),
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
    settings: KpiSettings,
    where: str,
    keys: dict[str, str],
    sets: list[tuple[str, ...]],
    *,
    statistics: bool,
    aggregated: bool = False,
) -> str:
    """Every indicator but the percentile for each grouping set, each row tagged by ``grouping_id``
    (bit set = that key is rolled up)."""
    selected = "".join(f"{name}, " for name in keys)
    measures = MEASURES | (STATISTICS if statistics else {})
    listed = ",\n  ".join(f"{expression} AS {name}" for name, expression in measures.items())
    return f"""SELECT {selected}grouping_id, {listed}
FROM ({_class_sums_sql(settings, where, keys, sets, statistics=statistics, aggregated=aggregated)})
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


def _on_whole_hours(moment: datetime | None) -> bool:
    return moment is None or (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)


def _aggregates_serve(
    connection: duckdb.DuckDBPyConnection, settings: KpiSettings, groupings: list[str], period: Period
) -> bool:
    """Whether the import's aggregate rows (hours of arrival) answer these groupings exactly: every key a
    function of the hour, the agent or the queue (intervals of whole hours), the period on whole hours."""
    from callscout.calls import aggregates

    parts = {part for name in groupings for part in name.split("+")}
    served = aggregates.SERVED_GROUPINGS | ({"interval"} if settings.interval_minutes % 60 == 0 else set())
    return (
        parts <= served
        and _on_whole_hours(period.start)
        and _on_whole_hours(period.end)
        and aggregates.attached(connection)
    )


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
    percentile), in two scans; with ``statistics`` the totals carry what confidence intervals need. Where
    the imports' aggregate rows answer them exactly (``calls.aggregates``), the scans read those instead."""
    from callscout.calls import aggregates

    where = _filters(vendors, period)
    keys, sets = _grouping_sets(groupings, settings)
    key_names = list(keys)
    # The heat map shows calls and service level only: no percentile per weekday and hour.
    percentile_keys = {name: expression for name, expression in keys.items() if name not in ("h_weekday", "h_hour")}
    percentile_sets = [item for item in sets if item != ("h_weekday", "h_hour")]
    aggregated = _aggregates_serve(connection, settings, groupings, period)
    percentiles = {}
    for row in _fetch_dicts(
        connection,
        aggregates.percentile_sql(settings.p90_quantile, where, percentile_keys, percentile_sets)
        if aggregated
        else percentile_sql(settings, where, percentile_keys, percentile_sets),
    ):
        grouped_keys = _grouped_keys(row["grouping_id"], list(percentile_keys))
        if aggregated:
            low, high = row["lo"], row["hi"]
            row["p90_wait_s"] = low if low is None or high is None else low + (high - low) * row["fraction"]
        percentiles[tuple((name, row[name]) for name in grouped_keys)] = row["p90_wait_s"]
    # No calls at all still has totals: zero counts, unknown means.
    totals_row = {name: 0 if name in COUNTS else None for name in MEASURES | (STATISTICS if statistics else {})}
    result: dict[str, list[dict[str, Any]]] = {name: [] for name in groupings}
    for row in _fetch_dicts(
        connection, aggregate_sql(settings, where, keys, sets, statistics=statistics, aggregated=aggregated)
    ):
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
            _add_agent_time(result[name], agent_time(connection, settings, name, vendors=vendors, period=period), name)
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
                "unknown": _agent_time_unknown("no_login_events", ("logged_in_s", "paused_s", "available_s")),
            }
            continue
        times = {
            "logged_in_s": round(logged_in, 1),
            "paused_s": round(paused, 1),
            "available_s": round(available, 1),
            "busy_s": round(busy, 1),
            "occupancy": round(busy / available, 4) if available else None,
            "utilisation": round(busy / logged_in, 4) if logged_in else None,
        }
        # A ratio over no time logged in (or none available) is unknown: an average of nothing, not 0 %.
        times["unknown"] = {name: "no_logged_in_time" for name in ("occupancy", "utilisation") if times[name] is None}
        result[_key_text(key)] = times
    return result


def _agent_time_unknown(reason: str, also: tuple[str, ...] = ()) -> dict[str, str]:
    return dict.fromkeys(("occupancy", "utilisation", *also), reason)


def agent_time_known(rows: list[dict[str, Any]]) -> bool:
    """Whether breakdown rows carry agents' time: the log has agent events (else the columns are unknown)."""
    return any(
        row.get("logged_in_s") is not None or (row.get("unknown") or {}).get("logged_in_s") == "no_login_events"
        for row in rows
    )


def _add_agent_time(rows: list[dict[str, Any]], times: dict[Any, dict[str, Any]] | None, by: str) -> None:
    """The agent-time columns on each breakdown row; agents (intervals) logged in without a call get a row."""
    # No agent events in the log: unknown. By agent, an agent with calls but no login of his in the log (or
    # the row of calls without an agent): unknown too. An interval nobody was logged in: zero time, and
    # nothing to divide by.
    unknown_times = dict.fromkeys(AGENT_TIME_KEYS)
    if times is None:
        missing = unknown_times | {"unknown": _agent_time_unknown("no_agent_events", AGENT_TIME_KEYS[:4])}
    elif by == "agent":
        missing = unknown_times | {"unknown": _agent_time_unknown("no_login_events", AGENT_TIME_KEYS[:4])}
    else:
        missing = NO_AGENT_TIME | {"unknown": _agent_time_unknown("no_logged_in_time")}
    seen = set()
    for row in rows:
        values = (times or {}).get(row["key"], missing)
        row.update({key: value for key, value in values.items() if key != "unknown"})
        row["unknown"] = {**row.get("unknown", {}), **values.get("unknown", {})}
        seen.add(row["key"])
    for key, values in (times or {}).items():
        if key not in seen and values["logged_in_s"]:
            empty = finish({name: 0 if name in COUNTS else None for name in (*MEASURES, "p90_wait_s")})
            empty.pop("_stats")
            for name in TOTALS_ONLY:
                empty.pop(name, None)
            rows.append({"key": key, **empty, **values, "unknown": {**empty["unknown"], **values["unknown"]}})


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _round(value: Any, digits: int = 2) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    return value


# What each measure of a row needs from the log: the calls it is taken over, and the column that must be there.
MEASURE_NEEDS: dict[str, tuple[str, str | None]] = {
    "abandon_rate": ("offered", None),
    "service_level": ("offered", "wait_known"),
    "short_abandoned": ("offered", "wait_known"),
    "asa_s": ("answered", "wait_known"),
    "avg_wait_s": ("offered", "wait_known"),
    "p90_wait_s": ("offered", "wait_known"),
    "max_wait_s": ("offered", "wait_known"),
    "avg_talk_s": ("answered", "talk_known"),
    "aht_s": ("answered", "talk_known"),
    "avg_hold_s": ("answered", "hold_known"),
    "avg_acw_s": ("answered", "acw_n"),
}
# The reason a measure is unknown when the calls are there but the log lacks the column it needs.
MISSING_COLUMN_REASONS = {
    "wait_known": "no_wait_times",
    "talk_known": "no_talk_times",
    "hold_known": "no_hold_column",
    "acw_n": "no_acw_column",
}


def unknown_reasons(row: dict[str, Any], result: dict[str, Any]) -> dict[str, str]:
    """Why each measure of a finished row that has no value is unknown: no calls to take it over (an average of
    nothing), or a log without the column it needs. Every ``None`` among the measures gets its reason."""
    reasons = {}
    for key, (over, column) in MEASURE_NEEDS.items():
        if result.get(key) is not None:
            continue
        if not row.get(over):
            reasons[key] = "no_calls" if over == "offered" else "no_answered_calls"
        elif column is not None and not row.get(column):
            reasons[key] = MISSING_COLUMN_REASONS[column]
        else:  # every offered call a short abandon: no call left to take the rate over
            reasons[key] = "only_short_abandons"
    return reasons


def caveats(result: dict[str, Any]) -> dict[str, str]:
    """Figures that are numbers but not quite the defined ones (``KPI_CAVEATS``), with the code that says how.

    Without any wait time the short abandons cannot be told from the others, so the abandon rate is taken over
    every abandon: an upper bound of the defined rate (short ones excluded), kept as a number because a target
    "at most X %" that it meets is really met, and shown with the caveat wherever it is shown."""
    if result["short_abandoned"] is None and result["abandon_rate"] is not None:
        return {"abandon_rate": "short_abandons_not_excluded"}
    return {}


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
    result["unknown"] = unknown_reasons(row, result)
    result["caveats"] = caveats(result)
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


def covered_weekdays(totals: dict[str, Any]) -> set[int]:
    """The ISO weekdays (1 = Monday) of the days from the first call to the last: a log of three days says
    nothing about the other four weekdays."""
    if not totals.get("first_call") or not totals.get("last_call"):
        return set()
    first = date.fromisoformat(str(totals["first_call"])[:10])
    last = date.fromisoformat(str(totals["last_call"])[:10])
    days = min((last - first).days + 1, 7)
    return {(first + timedelta(days=offset)).isoweekday() for offset in range(days)}


def heat_map_from(cells: list[dict[str, Any]], covered: set[int] | None = None) -> dict[str, Any]:
    """Offered calls and service level by weekday (Monday first) and hour of day. A weekday the log does not
    cover (``covered``: ISO weekdays; all when None) has no counts at all: ``None``, with its reason under
    ``unknown``, never a row of zeros."""
    days = set(range(1, 8)) if covered is None else covered
    offered: list[list[int | None]] = [[0 if day in days else None] * 24 for day in range(1, 8)]
    service: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    for cell in cells:
        offered[cell["weekday"] - 1][cell["hour"]] = cell["offered"]
        service[cell["weekday"] - 1][cell["hour"]] = cell["service_level"]
    unknown = {WEEKDAYS[day - 1]: "weekday_not_in_log" for day in range(1, 8) if day not in days}
    return {"weekdays": list(WEEKDAYS), "offered": offered, "service_level": service, "unknown": unknown}


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
    connection: duckdb.DuckDBPyConnection,
    settings: KpiSettings,
    *,
    vendors: list[str] | None,
    period: Period,
    offered: int | None = None,
) -> dict[str, Any]:
    """``offered``: the offered calls of these vendors and period where the caller has counted them (the
    totals): a center open 24/7 has no call outside its hours, and nothing needs reading."""
    if settings.schedule.mode == "24/7" and offered is not None:
        outside = answered_outside = 0
    else:
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
        "unknown": {} if offered else {"share": "no_calls"},
    }


def _vendor_filter(vendors: list[str] | None) -> str:
    if not vendors:
        return "true"
    return "vendor IN (" + ", ".join(sql_literal(vendor) for vendor in vendors) + ")"


OUTBOUND_VIEW = "call_imports_outbound"


def outbound_view_sql(rows: list[tuple[str, int | None]]) -> str:
    """The statement that makes the view ``call_imports_outbound``: per call import its vendor's name and how
    many outbound calls it holds (its import summary's count; NULL where the import did not keep it)."""
    body = " UNION ALL ".join(
        f"SELECT {sql_literal(vendor)} AS vendor, CAST({'NULL' if outbound is None else int(outbound)} AS BIGINT) "
        "AS outbound"
        for vendor, outbound in rows
    )
    empty = "SELECT CAST(NULL AS VARCHAR) AS vendor, CAST(NULL AS BIGINT) AS outbound WHERE false"
    return f"CREATE OR REPLACE TEMPORARY VIEW {OUTBOUND_VIEW} AS {body or empty}"


def _listed_without_outbound(connection: duckdb.DuckDBPyConnection | object, vendors: list[str] | None) -> bool:
    """Whether the imports of these vendors say they hold no outbound call (the view ``CallStore.attach`` makes):
    a log without any (a queue_log never has one) then needs no scan of every call file to find none."""
    import duckdb

    if not isinstance(connection, duckdb.DuckDBPyConnection):
        return False
    listed = f"SELECT count(*) FROM duckdb_views() WHERE view_name = '{OUTBOUND_VIEW}'"
    if not connection.execute(listed).fetchone()[0]:
        return False
    imports, without = connection.execute(
        f"SELECT count(*), count(*) FILTER (WHERE outbound = 0) FROM {OUTBOUND_VIEW} WHERE {_vendor_filter(vendors)}"
    ).fetchone()
    return bool(imports) and imports == without


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
    outbound = (
        f"SELECT 1 FROM calls WHERE {_vendor_filter(vendors)} AND direction = 'outbound' AND caller_id IS NOT NULL"
    )
    has_outbound = not _listed_without_outbound(connection, vendors) and bool(
        connection.execute(f"SELECT count(*) > 0 FROM ({outbound} LIMIT 1)").fetchone()[0]
    )
    # Nor can a log without callers' numbers tell who called back or called again.
    has_numbers = connection.execute(
        f"SELECT count(*) > 0 FROM (SELECT 1 FROM calls WHERE {_vendor_filter(vendors)} AND direction = 'inbound' "
        "AND caller_id IS NOT NULL LIMIT 1)"
    ).fetchone()[0]
    called_at = "last_value(outbound_at IGNORE NULLS) OVER later" if has_outbound else "NULL::TIMESTAMP"
    # "The next call" is read backwards: each caller's calls newest first, and the last non-NULL value among
    # the rows before. A frame from the partition's start is kept incrementally by Spark (and DuckDB); one
    # running to its end (1 FOLLOWING .. UNBOUNDED FOLLOWING) Spark recomputes for every row, which is
    # quadratic in a caller's calls: most of Spark's time at 10 M calls. ``tie`` orders calls of one
    # second the same way on both engines (a miss before its callback); calls of one second with the same
    # ``tie`` carry the same values, so their order cannot change a count.
    sql = f"""
WITH events AS (
  SELECT hash(vendor, caller_id) AS who, arrival,
         direction = 'inbound' AND outcome = 'abandoned' AND {in_period} AS is_missed,
         direction = 'inbound' AND outcome = 'answered' AND {in_period} AS is_answered,
         CASE WHEN direction = 'outbound' THEN arrival END AS outbound_at,
         CASE WHEN direction = 'inbound' AND outcome = 'answered' THEN arrival END AS answered_at,
         CASE WHEN direction = 'inbound' AND {in_period} THEN arrival END AS offered_at,
         CASE WHEN direction = 'inbound' AND outcome = 'abandoned' THEN 0 WHEN direction = 'inbound'
           AND outcome = 'answered' THEN 1 WHEN direction = 'outbound' THEN 2 ELSE 3 END AS tie
  FROM calls WHERE {_vendor_filter(vendors)} AND caller_id IS NOT NULL
    AND (direction = 'outbound' OR outcome IN ('answered', 'abandoned'))),
following AS (
  SELECT arrival, is_missed, is_answered,
    {called_at} AS called_at,
    last_value(answered_at IGNORE NULLS) OVER later AS redial_at,
    last_value(offered_at IGNORE NULLS) OVER later AS next_arrival
  FROM events
  WINDOW later AS (PARTITION BY who ORDER BY arrival DESC NULLS FIRST, tie DESC
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
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
    repeat_part = {
        "answered_with_number": answered,
        "repeat_24h": day,
        "repeat_24h_share": round(day / answered, 4) if answered else None,
        "repeat_7d": week,
        "repeat_7d_share": round(week / answered, 4) if answered else None,
    }
    blind = "no_caller_number" if not has_numbers else "no_outbound_calls" if not has_outbound else None
    if not has_numbers:
        callback_part["recovered_by_redial"] = None
    if blind:
        # A log without outbound calls (or without numbers) cannot show a callback: "0 called back" would be a
        # guess, not a count.
        callback_part.update(dict.fromkeys(CALLBACK_UNKNOWN), unknown_reason=blind)
    callback_part["unknown"] = _reasons_of_nones(
        callback_part,
        (*CALLBACK_UNKNOWN, "recovered_by_redial"),
        blind or ("no_missed_calls" if not missed else "no_callbacks"),
    )
    if not has_numbers:
        repeat_part.update(dict.fromkeys(REPEAT_UNKNOWN))
    repeat_part["unknown"] = _reasons_of_nones(
        repeat_part, REPEAT_UNKNOWN, "no_caller_number" if not has_numbers else "no_answered_calls"
    )
    return callback_part, repeat_part


CALLBACK_UNKNOWN = (
    "called_back",
    "called_back_share",
    "callback_median_s",
    "callback_p90_s",
    "not_recovered",
    "not_recovered_share",
)
REPEAT_UNKNOWN = ("repeat_24h", "repeat_24h_share", "repeat_7d", "repeat_7d_share")


def _reasons_of_nones(part: dict[str, Any], keys: tuple[str, ...], reason: str) -> dict[str, str]:
    return {key: reason for key in keys if part[key] is None}


# Why a figure is unknown (``None``): the code the core emits, and what the reader sees — «нет данных», why, and
# how to settle it. A figure the log cannot tell is never shown as 0 nor left blank.
UNKNOWN_REASONS: dict[str, tuple[str, str]] = {
    "no_calls": (
        "нет данных: за период нет поступивших звонков: выберите период, в котором журнал есть",
        "no data: no calls offered in the period: pick a period the log covers",
    ),
    "only_short_abandons": (
        "нет данных: все поступившие звонки оказались короткими сбросами: считать долю не из чего",
        "no data: every offered call was a short abandon: nothing to take the rate over",
    ),
    "no_answered_calls": (
        "нет данных: за период нет отвеченных звонков: среднее не из чего считать",
        "no data: no answered calls in the period: nothing to average",
    ),
    "no_wait_times": (
        "нет данных: в журнале нет времени ожидания в очереди: загрузите журнал с временем входа в очередь "
        "и ответа (`queue_log`, CDR с временем ответа) или сопоставьте колонку `wait_s`",
        "no data: the log has no queue wait times: import a log with queue entry and answer times "
        "(`queue_log`, CDR with answer time) or map a `wait_s` column",
    ),
    "no_talk_times": (
        "нет данных: в журнале нет длительности разговора: сопоставьте колонку `talk_s` или загрузите CDR",
        "no data: the log has no talk times: map a `talk_s` column or import the CDR",
    ),
    "no_hold_column": (
        "нет данных: в журнале нет времени удержания: запросите у вендора выгрузку с колонкой удержания "
        "(hold) и сопоставьте её с `hold_s`",
        "no data: the log has no hold time: ask the vendor for an export with a hold column and map it to `hold_s`",
    ),
    "no_acw_column": (
        "нет данных: в журнале нет постобработки: запросите у вендора выгрузку с временем постобработки "
        "(wrap-up, ACW) и сопоставьте её с `acw_s`",
        "no data: the log has no after-call work: ask the vendor for an export with wrap-up (ACW) time "
        "and map it to `acw_s`",
    ),
    "no_outbound_calls": (
        "нет данных: в журнале нет исходящих звонков, перезвоны в нём не видны: загрузите CDR АТС "
        "с исходящими звонками того же вендора",
        "no data: the log holds no outbound calls, so callbacks cannot be seen: import the PBX CDR "
        "with the vendor's outbound calls",
    ),
    "no_caller_number": (
        "нет данных: в журнале нет номеров звонящих: перезвоны и повторные звонки не связать; "
        "сопоставьте колонку номера (`caller_id`)",
        "no data: the log has no callers' numbers, so callbacks and repeat calls cannot be linked: "
        "map the number column (`caller_id`)",
    ),
    "no_missed_calls": (
        "нет данных: пропущенных звонков с номером нет: доля перезвонов не из чего считать",
        "no data: no missed calls with a number: nothing to take the callback share over",
    ),
    "no_callbacks": (
        "нет данных: перезвонов не было: время до перезвона не из чего считать",
        "no data: nobody was called back: no callback delay to measure",
    ),
    "no_orders": (
        "нет данных: заказы не загружены: загрузите выгрузку заказов (callscout calls orders)",
        "no data: no orders imported: import the orders export (callscout calls orders)",
    ),
    "no_agent_column": (
        "нет данных: в журнале нет операторов: сопоставьте колонку оператора (agent) или загрузите журнал очереди",
        "no data: the log names no agents: map the agent column or import the queue log",
    ),
    "no_queue_column": (
        "нет данных: в журнале нет очередей: сопоставьте колонку очереди (queue)",
        "no data: the log names no queues: map the queue column",
    ),
    "no_agent_events": (
        "нет данных: в журнале нет входов и пауз операторов: занятость и загрузка считаются по журналу "
        "очереди Asterisk (`queue_log`) с событиями входа",
        "no data: the log has no agent logins or pauses: occupancy and utilisation need an Asterisk "
        "`queue_log` with login events",
    ),
    "no_agent_login_events": (
        "нет данных: источник событий не присылает входы операторов: "
        "отправляйте события `agent_login` и `agent_logout`",
        "no data: the event source sends no agent logins: send `agent_login` and `agent_logout` events",
    ),
    "format_no_ivr": (
        "нет данных: журнал этого формата не показывает звонки, закончившиеся в IVR",
        "no data: logs of this format do not show calls that ended in the IVR",
    ),
    "format_no_phantom": (
        "нет данных: журнал этого формата не отмечает фантомные (тестовые, шумовые) звонки",
        "no data: logs of this format do not mark phantom (test, noise) calls",
    ),
    "format_no_ivr_partly": (
        "нет данных: часть журналов за период — формата, который не показывает звонки, закончившиеся в IVR: "
        "их число известно лишь для остальных; выберите период, покрытый журналами, которые их показывают",
        "no data: some of the period's logs are of a format that does not show calls ended in the IVR: "
        "their count is known for the other logs only; pick a period covered by logs that show them",
    ),
    "format_no_phantom_partly": (
        "нет данных: часть журналов за период — формата, который не отмечает фантомные звонки: их число "
        "известно лишь для остальных; выберите период, покрытый журналами, которые их отмечают",
        "no data: some of the period's logs are of a format that does not mark phantom calls: their count "
        "is known for the other logs only; pick a period covered by logs that mark them",
    ),
    "weekday_not_in_log": (
        "нет данных: журнал не охватывает этот день недели: загрузите журнал хотя бы за неделю",
        "no data: the log does not cover this weekday: import at least a week of the log",
    ),
    # The quality section's aggregates (averages over nothing are unknown, not 0).
    "no_grades": (
        "нет данных: ни один звонок не оценён по форме: callscout qa rate",
        "no data: no call was graded on a scorecard: callscout qa rate",
    ),
    "no_mystery_calls": (
        "нет данных: звонков тайного покупателя нет: callscout qa shopper log",
        "no data: no mystery-shopper calls: callscout qa shopper log",
    ),
    "no_quizzes": (
        "нет данных: операторы не проходили тестов: callscout qa quiz record",
        "no data: no operator took a quiz: callscout qa quiz record",
    ),
    "no_answered_test_calls": (
        "нет данных: на звонки тайного покупателя не ответили или время ответа не записано",
        "no data: no mystery-shopper call was answered, or no answer time was recorded",
    ),
    "no_test_call_field": (
        "нет данных: в записях тайного покупателя нет этого поля",
        "no data: the mystery-shopper records do not carry this field",
    ),
    "no_login_events": (
        "нет данных: у этого оператора нет событий входа в журнале: загрузите журнал очереди за весь период",
        "no data: this agent has no login events in the log: import the queue log for the whole period",
    ),
    "no_logged_in_time": (
        "нет данных: в это время никто не был в системе: занятость не из чего считать",
        "no data: nobody was logged in then: no time to take occupancy over",
    ),
}


# A figure given with a caveat (a row's ``caveats``): what the reader must know to read it right.
KPI_CAVEATS: dict[str, tuple[str, str]] = {
    "short_abandons_not_excluded": (
        "короткие сбросы не исключены: в журнале нет времени ожидания, доля взята по всем потерянным "
        "и может быть завышена",
        "short abandons not excluded: the log has no wait times, so the rate is over every abandon "
        "and may be overstated",
    ),
}


def unknown_text(value: Any, reason: str | None) -> str:
    """A value as the reader sees it, or «нет данных» with why (and how to settle it) when the log cannot tell."""
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
    result["heat_map"] = heat_map_from(breakdowns["weekday_hour"], covered_weekdays(result))
    result["out_of_hours"] = out_of_hours(
        connection, settings, vendors=vendors, period=period, offered=result["offered"]
    )
    result["callbacks"], result["repeat_callers"] = follow_ups(connection, settings, vendors=vendors, period=period)
    result["conversion"] = conversion(connection, settings, vendors=vendors, period=period)
    result["definitions"] = definitions(settings)
    result["unknown"] = {**result["unknown"], **_report_unknown(result)}
    return mark_untold(result, connection, vendors=vendors, period=period)


def mark_untold(
    result: dict[str, Any], connection: Any, *, vendors: list[str] | None = None, period: Period = Period()
) -> dict[str, Any]:
    """The IVR-only and phantom counts of ``result`` made unknown (with why) where the imports' formats cannot tell
    them: a zero there is not a count."""
    untold = untold_outcomes(connection, vendors=vendors, period=period)
    result.update(dict.fromkeys(untold))
    result["unknown"] = {**(result.get("unknown") or {}), **untold}
    return result


UNTOLD_VIEW = "call_imports_untold"


def untold_view_sql(rows: list[tuple[str, datetime, datetime, bool, bool]]) -> str:
    """The statement that makes the view ``call_imports_untold`` over ``CallStore.untold_rows`` (DuckDB, and Spark
    through ``spark.to_spark``)."""
    columns = "vendor, first_at, last_at, no_ivr, no_phantom"
    if not rows:
        body = (
            "SELECT CAST(NULL AS VARCHAR) AS vendor, CAST(NULL AS TIMESTAMP) AS first_at, "
            "CAST(NULL AS TIMESTAMP) AS last_at, CAST(NULL AS BOOLEAN) AS no_ivr, "
            "CAST(NULL AS BOOLEAN) AS no_phantom WHERE false"
        )
    else:
        values = ", ".join(
            f"({sql_literal(vendor)}, TIMESTAMP {sql_literal(first.isoformat(sep=' '))}, "
            f"TIMESTAMP {sql_literal(last.isoformat(sep=' '))}, {str(no_ivr).lower()}, {str(no_phantom).lower()})"
            for vendor, first, last, no_ivr, no_phantom in rows
        )
        body = f"SELECT * FROM (VALUES {values}) AS untold({columns})"
    return f"CREATE OR REPLACE TEMPORARY VIEW {UNTOLD_VIEW} AS {body}"


def untold_outcomes(
    connection: duckdb.DuckDBPyConnection | object, *, vendors: list[str] | None, period: Period
) -> dict[str, str]:
    """The outcome counts (``ivr``, ``phantom``) the period's imports cannot tell, each with its reason: every
    import of the vendors overlapping the period of a format that never shows the outcome (``Format.cannot_tell``,
    listed per import in the ``call_imports_untold`` view ``CallStore.attach`` makes): ``format_no_<outcome>``;
    only some of them: still unknown (``format_no_<outcome>_partly``), not a lower bound, since a count that is a
    floor reads as the count in every total, comparison and JSON consumer that adds it up."""
    import duckdb

    if isinstance(connection, duckdb.DuckDBPyConnection):
        listed = f"SELECT count(*) FROM duckdb_views() WHERE view_name = '{UNTOLD_VIEW}'"
        if not connection.execute(listed).fetchone()[0]:
            return {}  # a connection not made by ``CallStore.attach``
    elif not getattr(connection, "has_untold_view", False):
        return {}
    overlap = [_vendor_filter(vendors)]
    if period.start:
        overlap.append(f"last_at >= TIMESTAMP {sql_literal(period.start.isoformat(sep=' '))}")
    if period.end:
        overlap.append(f"first_at < TIMESTAMP {sql_literal(period.end.isoformat(sep=' '))}")
    imports, no_ivr, no_phantom = connection.execute(
        f"SELECT count(*), count(*) FILTER (WHERE no_ivr), count(*) FILTER (WHERE no_phantom) "
        f"FROM {UNTOLD_VIEW} WHERE {' AND '.join(overlap)}"
    ).fetchone()
    reasons = {}
    for outcome, untold in (("ivr", no_ivr), ("phantom", no_phantom)):
        if untold:
            reasons[outcome] = f"format_no_{outcome}" if untold == imports else f"format_no_{outcome}_partly"
    return reasons


def _report_unknown(report: dict[str, Any]) -> dict[str, str]:
    """What the whole report cannot tell beyond its totals' measures: conversion without orders, breakdowns by a
    column the log does not have, agents' time without login events."""
    reasons = {}
    if report["conversion"] is None:
        reasons["conversion"] = "no_orders"
    for name, column_reason in (("agent", "no_agent_column"), ("queue", "no_queue_column")):
        rows = report["by"].get(name)
        if rows and report["answered"] and all(row["key"] == "—" for row in rows):
            reasons[f"by_{name}"] = column_reason
    if "agent" in report["by"] and not agent_time_known(report["by"]["agent"]):
        reasons["agent_time"] = "no_agent_events"
    return reasons


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
