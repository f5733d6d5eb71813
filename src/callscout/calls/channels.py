"""Advertising effectiveness from call tracking: calls, lost calls, orders and revenue per channel.

The evaluation's ``sources:`` block maps dialled numbers and UTM tags to channels; a call's channel is
its dialled number's, else its UTM tag's (compared case-insensitively), else none («без источника»).
Per channel (and per channel and vendor, for a trial):
  calls          inbound calls offered to agents (answered + abandoned, short abandons included)
  answered, lost (abandoned after waiting ``short_abandon_s`` or more, as the KPIs count them)
  orders, revenue  orders attributed to the channel's calls: an order naming the call's id, else the
                 latest answered call from the order's phone within ``order_window_h`` before it; each
                 order counts once
  conversion     answered calls with an attributed order / answered calls
  spend          the channel's spend over the months the selected calls cover (unknown months listed)
  cost_per_call, cost_per_order  spend / calls, spend / orders
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from callscout.calls import kpi
from callscout.model.sources import number_digits

if TYPE_CHECKING:
    import duckdb

    from callscout.model.sources import CallSource

NO_CHANNEL = "—"


def sources_table(connection: duckdb.DuckDBPyConnection, sources: list[CallSource]) -> None:
    rows = [("number", number_digits(number), source.channel) for source in sources for number in source.numbers]
    rows += [("utm", tag.casefold(), source.channel) for source in sources for tag in source.utm]
    connection.execute("CREATE OR REPLACE TEMP TABLE cs_sources (kind VARCHAR, value VARCHAR, channel VARCHAR)")
    if rows:
        connection.executemany("INSERT INTO cs_sources VALUES (?, ?, ?)", rows)


# What a call is grouped by in the reports built on the attribution (the channel report, the sales
# table), besides its vendor and channel.
CALL_KEYS = {"day": "CAST(arrival AS DATE)", "agent": "agent", "topic": "topic"}


def _tracked(relation: str) -> str:
    """``relation`` (with ``dialled`` and ``utm``) joined to the channels of its numbers and tags."""
    return f"""{relation} r
  LEFT JOIN (SELECT value, channel FROM cs_sources WHERE kind = 'number') n ON n.value = r.dialled
  LEFT JOIN (SELECT value, channel FROM cs_sources WHERE kind = 'utm') u ON u.value = lower(trim(r.utm))"""


def attribution_sql(settings: kpi.KpiSettings, where: str, keys: list[str]) -> str:
    """Two relations, as CTEs: ``selected``, offered inbound calls counted per ``keys`` (``calls``,
    ``answered``, ``lost``); ``attributed``, one row per call with an order, with ``keys``, ``orders`` and
    ``revenue``. The calls are counted per dialled number and tag before their channel is looked up (a few
    hundred rows to join, not every call), and only the answered calls whose id or caller is in the orders
    are read with their ids; reports sum the two apart and join the sums."""
    short = float(settings.short_abandon_s)
    window = f"INTERVAL {int(settings.order_window_h * 3600)} SECOND"
    raw = [key for key in keys if key in CALL_KEYS]
    raw_select = "".join(f"{CALL_KEYS[key]} AS {key}, " for key in raw)
    carried = "".join(f"a.{key}, " for key in keys if key != "vendor")
    latest = "".join(f"arg_max(a.{key}, a.arrival) AS {key}, " for key in keys if key != "vendor")
    channel = f"coalesce(n.channel, u.channel, '{NO_CHANNEL}') AS channel"
    return f"""
WITH per_line AS (
  SELECT vendor, {raw_select}dialled, utm, count(*) AS calls,
         count(*) FILTER (WHERE outcome = 'answered') AS answered,
         count(*) FILTER (WHERE outcome = 'abandoned' AND coalesce(wait_s, 0) >= {short}) AS lost
  FROM calls WHERE {where} AND outcome IN ('answered', 'abandoned') GROUP BY ALL),
selected AS (SELECT r.* EXCLUDE (dialled, utm), {channel} FROM {_tracked("per_line")}),
candidates AS (
  SELECT vendor, {raw_select}call_id, caller_id, arrival, dialled, utm
  FROM calls
  WHERE {where} AND outcome = 'answered'
    AND (call_id IN (SELECT call_id FROM orders WHERE call_id IS NOT NULL)
         OR caller_id IN (SELECT phone FROM orders WHERE call_id IS NULL))),
answered AS (SELECT r.* EXCLUDE (dialled, utm), {channel} FROM {_tracked("candidates")}),
by_id AS (
  SELECT a.vendor, {carried}a.call_id, o.order_id, o.amount FROM orders o JOIN answered a ON o.call_id = a.call_id),
by_phone AS (
  SELECT arg_max(a.vendor, a.arrival) AS vendor, {latest}arg_max(a.call_id, a.arrival) AS call_id,
         o.order_id, any_value(o.amount) AS amount
  FROM orders o JOIN answered a
    ON o.phone = a.caller_id AND o.ordered_at >= a.arrival AND o.ordered_at <= a.arrival + {window}
  WHERE o.call_id IS NULL GROUP BY o.order_id),
attributed AS (
  SELECT * EXCLUDE (order_id, amount), count(*) AS orders, sum(amount) AS revenue
  FROM (SELECT * FROM by_id UNION ALL BY NAME SELECT * FROM by_phone) GROUP BY ALL)"""


def grouped_sql(settings: kpi.KpiSettings, where: str, keys: list[str], sets: list[tuple[str, ...]]) -> str:
    """Calls, answered, lost, orders, converted calls and revenue per grouping set of ``keys``
    (``grouping_id`` as ``GROUPING()`` gives it)."""
    names = ", ".join(keys)
    group_by = "GROUPING SETS (" + ", ".join("(" + ", ".join(item) + ")" for item in sets) + ")"
    matched = " AND ".join(f"c.{key} IS NOT DISTINCT FROM s.{key}" for key in keys)
    return f"""{attribution_sql(settings, where, keys)},
counted AS (
  SELECT {names}, GROUPING({names}) AS grouping_id, CAST(sum(calls) AS BIGINT) AS calls,
         CAST(sum(answered) AS BIGINT) AS answered, CAST(sum(lost) AS BIGINT) AS lost
  FROM selected GROUP BY {group_by}),
sold AS (
  SELECT {names}, GROUPING({names}) AS grouping_id, CAST(sum(orders) AS BIGINT) AS orders,
         count(*) AS converted, sum(revenue) AS revenue
  FROM attributed GROUP BY {group_by})
SELECT c.*, coalesce(s.orders, 0) AS orders, coalesce(s.converted, 0) AS converted, s.revenue
FROM counted c LEFT JOIN sold s ON c.grouping_id = s.grouping_id AND {matched}"""


def _months(first: date | None, last: date | None) -> list[str]:
    """The months from the first call's to the last call's, as YYYY-MM."""
    months: list[str] = []
    if first is None or last is None:
        return months
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _spend(source: CallSource | None, months: list[str]) -> tuple[float | None, list[str]]:
    """Spend over ``months`` and the months whose spend is unknown; None when none is known."""
    if source is None:
        return None, months
    known = [month for month in months if month in source.spend]
    missing = [month for month in months if month not in source.spend]
    if not known:
        return None, missing
    return round(sum(source.spend[month] for month in known), 2), missing


def _row(values: dict[str, Any], spend: float | None, missing: list[str], *, orders_known: bool) -> dict[str, Any]:
    """One channel's figures; without an orders file orders, revenue and conversion are unknown, not 0."""
    calls, answered, orders = values["calls"], values["answered"], values["orders"]
    if not orders_known:
        values = values | {"orders": None, "converted": None, "revenue": None}
        orders = None
    return {
        "calls": calls,
        "answered": answered,
        "lost": values["lost"],
        "lost_share": round(values["lost"] / calls, 4) if calls else None,
        "orders": orders,
        "converted_calls": values["converted"],
        "revenue": round(values["revenue"], 2) if values["revenue"] is not None else None,
        "conversion": round(values["converted"] / answered, 4) if answered and orders is not None else None,
        "spend": spend,
        "spend_months_missing": missing,
        "cost_per_call": round(spend / calls, 2) if spend is not None and calls else None,
        "cost_per_order": round(spend / orders, 2) if spend is not None and orders else None,
        "orders_known": orders_known,
    }


def report(
    connection: duckdb.DuckDBPyConnection,
    settings: kpi.KpiSettings,
    sources: list[CallSource],
    *,
    vendors: list[str] | None = None,
    period: kpi.Period = kpi.Period(),
) -> dict[str, Any]:
    """The channel report: per channel, and per channel and vendor (which vendor converts it better)."""
    where = kpi._filters(vendors, period)
    if not sources:
        return {"status": "no_data", "reason": "no_sources", "channels": [], "by_vendor": []}
    calls, tracked, first, last = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE dialled IS NOT NULL OR utm IS NOT NULL), min(arrival), max(arrival) "
        f"FROM calls WHERE {where}"
    ).fetchone()
    if not tracked:
        reason = "no_calls" if not calls else "no_dialled_column"
        return {"status": "no_data", "reason": reason, "calls": calls, "channels": [], "by_vendor": []}
    sources_table(connection, sources)
    sql = grouped_sql(settings, where, ["channel", "vendor"], [("channel",), ("channel", "vendor")])
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    fetched = cursor.fetchall()  # before the next statement on this connection, which would drop it
    months = _months(first, last)
    orders_known = connection.execute("SELECT count(*) FROM orders").fetchone()[0] > 0
    by_channel = {source.channel: source for source in sources}
    channels, per_vendor = [], []
    for values in fetched:
        row = dict(zip(names, values, strict=True))
        source = by_channel.get(row["channel"])
        if row["grouping_id"]:  # the vendor rolled up: the channel's row
            spend, missing = _spend(source, months) if source else (None, [])
            channels.append({"channel": row["channel"], **_row(row, spend, missing, orders_known=orders_known)})
        else:
            # Spend is the buyer's per channel, not per vendor: the vendors' rows carry calls and orders.
            per_vendor.append(
                {"channel": row["channel"], "vendor": row["vendor"], **_row(row, None, [], orders_known=orders_known)}
            )
    order = {source.channel: index for index, source in enumerate(sources)}
    channels.sort(key=lambda item: order.get(item["channel"], len(order)))
    per_vendor.sort(key=lambda item: (order.get(item["channel"], len(order)), str(item["vendor"])))
    # Channels with no call in the selection still show, with their spend: money spent for nothing.
    seen = {item["channel"] for item in channels}
    empty = {"calls": 0, "answered": 0, "lost": 0, "orders": 0, "converted": 0, "revenue": None}
    for source in sources:
        if source.channel not in seen:
            spend, missing = _spend(source, months)
            channels.append({"channel": source.channel, **_row(empty, spend, missing, orders_known=orders_known)})
    channels.sort(key=lambda item: order.get(item["channel"], len(order)))
    return {
        "status": "ok",
        "calls": calls,
        "tracked_calls": tracked,
        "months": months,
        "orders_known": orders_known,
        "channels": channels,
        "by_vendor": per_vendor,
        "window_h": settings.order_window_h,
    }
