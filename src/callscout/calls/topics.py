"""What customers call about and how the calls end: the topic and result columns of the logs.

Vendors' cabinet exports and PBXs carry the operator's wrap-up: a topic («Тематика», «Категория обращения»)
and a result («Результат звонка», a disposition code). The indicators per topic or result are the KPI
engine's own (``kpi.grouped`` with the "topic" / "result" groupings), so they add up with every other
breakdown. A log without such a column has no topic report: it says so («нет данных»), never zeros.

The «частые вопросы» report: the topics by offered calls, each with its share of the calls, its share of
lost calls (abandon rate), its handling time and its weekly counts with the trend of the last week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.calls import kpi

if TYPE_CHECKING:
    import duckdb

# Fields a report can be grouped by that a log may lack altogether.
OPTIONAL_GROUPINGS = ("topic", "result")
# A change of a topic's share of the calls below this (in percentage points) is no trend.
FLAT_TREND_PP = 1.0

# The Anonymous Bank's service types (its `type` column): the callers' reasons, as its documentation names them.
BANK_TOPICS = {
    "PS": ("обычные операции", "regular activity"),
    "PE": ("обычные операции на английском", "regular activity in English"),
    "IN": ("интернет-консультации", "internet consulting"),
    "NE": ("биржевые операции", "stock exchange activity"),
    "NW": ("новые клиенты: информация", "potential customers: information"),
    "TT": ("обратный звонок по оставленному сообщению", "callback of a left message"),
}


# Why a report has no data, and how to settle it: the edges (CLI, cabinet, report) show these texts.
NO_DATA_REASONS: dict[str, tuple[str, str]] = {
    "no_calls": ("нет звонков за период", "no calls in the period"),
    "no_topic_column": (
        "нет данных: в журналах нет колонки тематики («Тематика», «Категория обращения»); "
        'укажите её при импорте: --map topic="Заголовок"',
        'no data: the logs have no topic column; name it when importing: --map topic="Header"',
    ),
    "no_result_column": (
        "нет данных: в журналах нет колонки результата звонка («Результат звонка», код завершения); "
        'укажите её при импорте: --map result="Заголовок"',
        'no data: the logs have no call result column; name it when importing: --map result="Header"',
    ),
    "no_survey_column": (
        "нет данных: в журналах нет оценок клиентов (CSAT 1–5, NPS 0–10); "
        'укажите колонку при импорте: --map csat="Заголовок" или --map nps="Заголовок"',
        "no data: the logs carry no survey scores (CSAT 1–5, NPS 0–10); "
        'name the column when importing: --map csat="Header" or --map nps="Header"',
    ),
    "no_dialled_column": (
        "нет данных: в журналах нет набранного номера и UTM-метки; "
        'укажите колонку при импорте: --map dialled="Заголовок" или --map utm="Заголовок"',
        "no data: the logs carry no dialled number or UTM tag; "
        'name the column when importing: --map dialled="Header" or --map utm="Header"',
    ),
    "no_sources": (
        "нет данных: в файле оценки нет блока sources: (каналы рекламы, их номера и метки)",
        "no data: the evaluation file has no sources: block (advertising channels, their numbers and tags)",
    ),
}


def coverage(
    connection: duckdb.DuckDBPyConnection,
    field: str,
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
) -> dict[str, int]:
    """Inbound calls in the selection and how many of them carry ``field`` (a column name)."""
    if field not in (*OPTIONAL_GROUPINGS, "csat", "nps", "dialled", "utm"):
        raise ValueError(f"not an optional field: {field}")
    calls, known = connection.execute(
        f"SELECT count(*), count({field}) FROM calls WHERE {kpi._filters(vendors, period)}"
    ).fetchone()
    return {"calls": calls, "with_value": known}


def no_data(field: str, counts: dict[str, int]) -> dict[str, Any]:
    """The answer where the logs hold no value of ``field``: why, and how to settle it."""
    return {
        "status": "no_data",
        "field": field,
        "calls": counts["calls"],
        "reason": "no_calls" if not counts["calls"] else f"no_{field}_column",
    }


def breakdown(
    connection: duckdb.DuckDBPyConnection,
    settings: kpi.KpiSettings,
    by: str,
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
) -> dict[str, Any]:
    """``calls kpi --by topic|result``: the KPIs per value, or «нет данных» when no call has one."""
    counts = coverage(connection, by, vendors=vendors, period=period)
    if not counts["with_value"]:
        return no_data(by, counts) | {"by": by, "rows": []}
    rows = kpi.breakdown(connection, settings, by, vendors=vendors, period=period)
    return {"status": "ok", "by": by, "calls": counts["calls"], "with_value": counts["with_value"], "rows": rows}


def _trend(shares: list[float | None]) -> dict[str, Any]:
    """The last week's share of the calls against the week before, in percentage points."""
    known = [share for share in shares if share is not None]
    if len(known) < 2:
        return {"change_pp": None, "direction": None}
    change = round((known[-1] - known[-2]) * 100, 2)
    direction = "flat" if abs(change) < FLAT_TREND_PP else ("up" if change > 0 else "down")
    return {"change_pp": change, "direction": direction}


def frequent_questions(
    connection: duckdb.DuckDBPyConnection,
    settings: kpi.KpiSettings,
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
    top: int = 10,
) -> dict[str, Any]:
    """The «частые вопросы» report: the ``top`` topics by offered calls with share, lost calls, handling
    time, weekly counts and trend. One pass of the KPI engine over the topic, week and topic-week sets."""
    counts = coverage(connection, "topic", vendors=vendors, period=period)
    if not counts["with_value"]:
        return no_data("topic", counts)
    totals, by = kpi.grouped(connection, settings, ["topic", "week", "topic+week"], vendors=vendors, period=period)
    weeks = [row["key"] for row in by["week"]]
    week_offered = {row["key"]: row["offered"] for row in by["week"]}
    cells = {(row["topic"], row["week"]): row["offered"] for row in by["topic+week"]}
    offered = totals["offered"]
    topics = []
    for row in sorted(by["topic"], key=lambda item: (-item["offered"], str(item["key"]))):
        weekly = [cells.get((row["key"], week), 0) for week in weeks]
        shares = [
            (count / week_offered[week]) if week_offered[week] else None
            for count, week in zip(weekly, weeks, strict=True)
        ]
        topics.append(
            {
                "topic": row["key"],
                "offered": row["offered"],
                "share": round(row["offered"] / offered, 4) if offered else None,
                "answered": row["answered"],
                "abandoned": row["abandoned"],
                "abandon_rate": row["abandon_rate"],
                "service_level": row["service_level"],
                "aht_s": row["aht_s"],
                "avg_talk_s": row["avg_talk_s"],
                "weekly": weekly,
                "trend": _trend(shares),
            }
        )
    return {
        "status": "ok",
        "calls": counts["calls"],
        "with_topic": counts["with_value"],
        "offered": offered,
        "weeks": weeks,
        "topics_total": len(topics),
        "topics": topics[:top],
    }


def topic_label(code: str) -> tuple[str, str] | None:
    """A known code's name (the bank's service types), else None: the code is shown as it is."""
    return BANK_TOPICS.get(code)
