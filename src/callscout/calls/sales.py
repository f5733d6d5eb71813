"""The sales report: calls and orders by day, vendor, operator, topic and channel in one table.

Each row is one combination that had calls; its figures are those of the channel report (same
attribution of orders to calls, same definitions: see ``channels``). Unknown stays unknown: without an
orders file the order columns are empty, without a topic or channel column that key reads «нет данных».
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.calls import channels, kpi
from callscout.i18n import msg, tr

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from callscout.model.sources import CallSource

KEYS = ("day", "vendor", "agent", "topic", "channel")
VALUES = ("calls", "answered", "lost", "orders", "revenue", "conversion")
LABELS: dict[str, tuple[str, str]] = {
    "day": ("День", "Day"),
    "vendor": ("Колл-центр", "Vendor"),
    "agent": ("Оператор", "Agent"),
    "topic": ("Тематика", "Topic"),
    "channel": ("Канал", "Channel"),
    "calls": ("Звонки", "Calls"),
    "answered": ("Отвечено", "Answered"),
    "lost": ("Потеряно", "Lost"),
    "orders": ("Заказы", "Orders"),
    "revenue": ("Выручка, ₽", "Revenue, RUB"),
    "conversion": ("Конверсия", "Conversion"),
}


def report(
    connection: duckdb.DuckDBPyConnection,
    settings: kpi.KpiSettings,
    sources: list[CallSource],
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
    keys: tuple[str, ...] = KEYS,
) -> dict[str, Any]:
    """One row per combination of ``keys`` (all of ``KEYS`` by default; fewer for a summary) with calls."""
    unknown = set(keys) - set(KEYS)
    if unknown:
        raise ValueError(f"unknown sales keys: {sorted(unknown)}")
    where = kpi._filters(vendors, period)
    channels.sources_table(connection, sources)
    orders_known = connection.execute("SELECT count(*) FROM orders").fetchone()[0] > 0
    known = dict(
        zip(
            ("topic", "channel"),
            connection.execute(
                f"SELECT count(topic) > 0, count(dialled) + count(utm) > 0 FROM calls WHERE {where}"
            ).fetchone(),
            strict=True,
        )
    )
    known["channel"] = known["channel"] and bool(sources)
    grouped = channels.grouped_sql(settings, where, list(keys), [tuple(keys)])
    sql = f"SELECT * EXCLUDE (grouping_id) FROM ({grouped}) ORDER BY ALL"
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if "day" in row:
            row["day"] = row["day"].isoformat()
        if "channel" in row and (not known["channel"] or row["channel"] == channels.NO_CHANNEL):
            row["channel"] = None
        converted = row.pop("converted")
        if orders_known:
            row["revenue"] = round(row["revenue"], 2) if row["revenue"] is not None else 0.0
            row["conversion"] = round(converted / row["answered"], 4) if row["answered"] else None
        else:
            row["orders"] = row["revenue"] = row["conversion"] = None
        rows.append(row)
    return {
        "status": "ok" if rows else "no_data",
        "orders_known": orders_known,
        "topic_known": bool(known["topic"]),
        "channel_known": bool(known["channel"]),
        "columns": [*keys, *VALUES],
        "rows": rows,
    }


def cell_text(value: Any, key: str) -> str:
    """A cell as a person reads it: unknown is «нет данных», a missing key «—»."""
    if value is None:
        return msg("calls.sales.no_data") if key in VALUES else "—"
    if key == "conversion":
        return kpi.kpi_value_text(value, "service_level")
    return kpi.kpi_value_text(value, key)


def write(data: dict[str, Any], path: Path) -> None:
    """The table as ``.xlsx``, ``.html`` or ``.json`` by the file's suffix."""
    import json

    header = [tr(*LABELS[key]) for key in data["columns"]]
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    elif suffix == ".xlsx":
        from callscout.tabular import write_xlsx

        write_xlsx(path, header, ([row[key] for key in data["columns"]] for row in data["rows"]), "sales")
    elif suffix in (".html", ".htm"):
        from jinja2 import Environment

        template = Environment(autoescape=True).from_string(HTML)
        cells = [[cell_text(row[key], key) for key in data["columns"]] for row in data["rows"]]
        path.write_text(
            template.render(title=msg("calls.sales.calls_and_orders"), header=header, rows=cells),
            encoding="utf-8",
        )
    else:
        raise ValueError(suffix)


HTML = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}
td:nth-child(n+6){text-align:right}</style></head>
<body><h1>{{ title }}</h1><table><thead><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table></body></html>
"""
