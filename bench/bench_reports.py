"""The topic and channel reports at scale: N synthetic calls of an online store, with orders.

Measures, each in a fresh process on 2 threads: (1) ``calls kpi --by topic`` (topics.breakdown: the KPI
engine per topic), (2) the channel report (channels.report: calls, lost, orders and revenue attributed
per channel and per channel and vendor), target < 3 s each on 10 M calls; (3) the same two in
straightforward pandas (data handed over in memory, only the computation timed) and the ratio.

The calls are written straight to Parquet in the call store's layout: 2 vendors, 200 agents, 12 topics,
8 dialled numbers (6 of them tracked) and UTM tags, 90 days, 1 M callers; orders: 3 % of the calls,
half naming the call, half only the caller's phone.
Size: ``CALLSCOUT_BENCH_CALLS`` (default 1 000 000 for a quick run; 10 000 000 for the target run).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench.bench_calls import PEAK, _fresh_process

DEFAULT_CALLS = 1_000_000
TOPICS = (
    "Статус заказа",
    "Доставка",
    "Возврат товара",
    "Оплата",
    "Изменение заказа",
    "Наличие товара",
    "Жалоба",
    "Гарантия",
    "Самовывоз",
    "Промокод",
    "Юрлица",
    "Другое",
)
NUMBERS = ("74951204567", "78005553535", "78124001122", "74957770000", "74952223344", "74953334455", "79990000001")
SOURCES = [
    {"channel": "Яндекс Директ", "numbers": ["+7 495 120-45-67"], "utm": ["yandex"], "spend": {"2026-01": 300000}},
    {"channel": "Авито", "numbers": ["+7 812 400-11-22"], "utm": ["avito"], "spend": {"2026-01": 90000}},
    {"channel": "сайт", "numbers": ["8 800 555-35-35"]},
    {"channel": "офлайн", "numbers": ["+7 495 777-00-00", "+7 495 222-33-44"], "spend": {"2026-02": 50000}},
    {"channel": "VK", "numbers": ["+7 495 333-44-55"], "utm": ["vk"]},
]


def generate(folder: Path, calls: int) -> tuple[str, str]:
    import duckdb

    from callscout.calls.schema import COLUMNS, ORDER_COLUMNS

    topics = "[" + ", ".join(f"'{topic}'" for topic in TOPICS) + "]"
    numbers = "[" + ", ".join(f"'{number}'" for number in NUMBERS) + "]"
    expressions = {
        "vendor": "CASE WHEN i % 5 = 0 THEN 'Бета' ELSE 'Альфа' END",
        "call_id": "'c' || i",
        "direction": "'inbound'",
        "queue": "'store'",
        "caller_id": "CAST(79000000000 + hash(i) % 1000000 AS VARCHAR)",
        "arrival": "TIMESTAMP '2026-01-01' + to_seconds(CAST(i * (90 * 86400.0 / {n}) AS BIGINT))",
        "answered_at": "NULL",
        "ended_at": "NULL",
        "wait_s": "CAST(hash(i, 1) % 120 AS DOUBLE)",
        "talk_s": "CASE WHEN hash(i, 2) % 100 >= 12 THEN CAST(30 + hash(i, 3) % 600 AS DOUBLE) END",
        "hold_s": "NULL",
        "acw_s": "NULL",
        "outcome": "CASE WHEN hash(i, 2) % 100 >= 12 THEN 'answered' ELSE 'abandoned' END",
        "exit_reason": "NULL",
        "agent": "CASE WHEN hash(i, 2) % 100 >= 12 THEN 'agent' || (hash(i, 4) % 200) END",
        "disconnect_side": "'unknown'",
        "recording": "NULL",
        "problem": "NULL",
        "topic": f"{topics}[1 + CAST(hash(i, 5) % 12 AS INTEGER)]",
        "result": "NULL",
        "dialled": f"CASE WHEN hash(i, 6) % 10 < 8 THEN {numbers}[1 + CAST(hash(i, 7) % 7 AS INTEGER)] END",
        "utm": "CASE WHEN hash(i, 6) % 10 = 8"
        " THEN ['yandex', 'avito', 'vk', 'google'][1 + CAST(hash(i, 8) % 4 AS INTEGER)] END",
        "csat": "CASE WHEN hash(i, 9) % 10 < 3 THEN CAST(1 + hash(i, 10) % 5 AS DOUBLE) END",
        "nps": "NULL",
    }
    missing = set(COLUMNS) - set(expressions)
    if missing:
        raise RuntimeError(f"bench data lacks {sorted(missing)}")
    select = ", ".join(
        f"CAST({expressions[name].format(n=calls)} AS {kind}) AS {name}" for name, kind in COLUMNS.items()
    )
    calls_path, orders_path = folder / "calls.parquet", folder / "orders.parquet"
    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    connection.execute(f"COPY (SELECT {select} FROM range({calls}) t(i)) TO '{calls_path}' (FORMAT parquet)")
    order_values = {
        "vendor": "'shop'",
        "order_id": "'o' || i",
        "call_id": "CASE WHEN i % 2 = 0 THEN call_id END",
        "phone": "caller_id",
        "ordered_at": "arrival + INTERVAL 30 MINUTE",
        "amount": "CAST(500 + hash(i) % 20000 AS DOUBLE)",
        "problem": "NULL",
    }
    order_select = ", ".join(f"CAST({order_values[name]} AS {kind}) AS {name}" for name, kind in ORDER_COLUMNS.items())
    connection.execute(
        f"COPY (SELECT {order_select} FROM (SELECT *, row_number() OVER () AS i FROM read_parquet('{calls_path}') "
        f"WHERE outcome = 'answered' AND hash(call_id, 11) % 100 < 3)) TO '{orders_path}' (FORMAT parquet)"
    )
    connection.close()
    return str(calls_path), str(orders_path)


OURS = (
    PEAK
    + r"""
import json, sys, time
from callscout.calls import channels, kpi, topics
from callscout.calls.storage import connect
from callscout.model.sources import CallSource
calls_path, orders_path, sources = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
connection = connect(memory_limit="1500MB", threads=2)
connection.execute(f"CREATE VIEW calls AS SELECT * FROM read_parquet('{calls_path}')")
connection.execute(f"CREATE VIEW orders AS SELECT * FROM read_parquet('{orders_path}')")
settings = kpi.KpiSettings()
started, cpu = time.perf_counter(), time.process_time()
by_topic = topics.breakdown(connection, settings, "topic")
topic_s, topic_cpu = time.perf_counter() - started, time.process_time() - cpu
started, cpu = time.perf_counter(), time.process_time()
report = channels.report(connection, settings, [CallSource(**source) for source in sources])
channel_s, channel_cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"topic_s": topic_s, "topic_cpu_s": topic_cpu, "channel_s": channel_s, "channel_cpu_s": channel_cpu,
                  "peak_rss_mb": peak_mb(),
                  "topics": {row["key"]: [row["offered"], row["abandoned"], round(row["aht_s"], 2)]
                             for row in by_topic["rows"]},
                  "channels": {row["channel"]: [row["calls"], row["lost"], row["orders"], round(row["revenue"] or 0, 2)]
                               for row in report["channels"]}}))
"""
)

PANDAS = (
    PEAK
    + r"""
import json, sys, time
import duckdb
import pandas as pd
calls_path, orders_path, sources = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
frame = duckdb.connect().execute(
    f"SELECT vendor, call_id, caller_id, arrival, wait_s, talk_s, hold_s, acw_s, outcome, topic, dialled, utm "
    f"FROM read_parquet('{calls_path}')").df()
orders = duckdb.connect().execute(f"SELECT * FROM read_parquet('{orders_path}')").df()
for column in ("vendor", "outcome", "topic", "dialled", "utm"):
    frame[column] = frame[column].astype("category")
SHORT = 5.0

def digits(text):
    value = "".join(ch for ch in text if ch.isdigit())
    return "7" + value[1:] if len(value) == 11 and value[0] == "8" else value

started, cpu = time.perf_counter(), time.process_time()
answered = frame["outcome"] == "answered"
abandoned_any = frame["outcome"] == "abandoned"
data = pd.DataFrame({
    "topic": frame["topic"].cat.add_categories(["—"]).fillna("—"),
    "offered": answered | abandoned_any,
    "answered": answered,
    "abandoned": abandoned_any & (frame["wait_s"].fillna(0) >= SHORT),
    "handle": (frame["talk_s"] + frame["hold_s"].fillna(0) + frame["acw_s"].fillna(0)).where(answered),
})
by_topic = data.groupby("topic", observed=True).agg(offered=("offered", "sum"), abandoned=("abandoned", "sum"),
                                                    aht=("handle", "mean"))
topic_s, topic_cpu = time.perf_counter() - started, time.process_time() - cpu

started, cpu = time.perf_counter(), time.process_time()
number_map = {digits(n): s["channel"] for s in sources for n in s.get("numbers", [])}
utm_map = {t.casefold(): s["channel"] for s in sources for t in s.get("utm", [])}
channel = frame["dialled"].map(number_map).astype(object)
channel = channel.fillna(frame["utm"].str.lower().map(utm_map).astype(object)).fillna("—")
selected = frame[answered | abandoned_any].assign(channel=channel)
ans = selected[selected["outcome"] == "answered"][["vendor", "call_id", "caller_id", "arrival"]]
by_id = orders[orders["call_id"].notna()].merge(ans, on="call_id")[["call_id", "order_id", "amount"]]
by_phone_orders = orders[orders["call_id"].isna()].sort_values("ordered_at")
ans_sorted = ans.sort_values("arrival").rename(columns={"caller_id": "phone"})
by_phone = pd.merge_asof(by_phone_orders.drop(columns=["call_id"]), ans_sorted, left_on="ordered_at",
                         right_on="arrival", by="phone", direction="backward", tolerance=pd.Timedelta(hours=24))
by_phone = by_phone[by_phone["call_id"].notna()][["call_id", "order_id", "amount"]]
attributed = pd.concat([by_id, by_phone]).groupby("call_id").agg(orders=("order_id", "count"),
                                                                 revenue=("amount", "sum"))
joined = selected.merge(attributed, left_on="call_id", right_index=True, how="left")
joined["lost"] = (joined["outcome"] == "abandoned") & (joined["wait_s"].fillna(0) >= SHORT)
per_channel = joined.groupby("channel").agg(calls=("call_id", "size"), lost=("lost", "sum"), orders=("orders", "sum"),
                                            revenue=("revenue", "sum"))
per_vendor = joined.groupby(["channel", "vendor"], observed=True).agg(calls=("call_id", "size"))
channel_s, channel_cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"topic_s": topic_s, "topic_cpu_s": topic_cpu, "channel_s": channel_s, "channel_cpu_s": channel_cpu,
                  "peak_rss_mb": peak_mb(),
                  "topics": {str(k): [int(r.offered), int(r.abandoned), round(float(r.aht), 2)]
                             for k, r in by_topic.iterrows()},
                  "channels": {str(k): [int(r.calls), int(r.lost), int(r.orders), round(float(r.revenue), 2)]
                               for k, r in per_channel.iterrows()}}))
"""
)


def run(calls: int | None = None) -> dict:
    calls = calls or int(os.environ.get("CALLSCOUT_BENCH_CALLS", DEFAULT_CALLS))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        calls_path, orders_path = generate(Path(folder), calls)
        sources = json.dumps(SOURCES, ensure_ascii=False)
        ours = _fresh_process(OURS, calls_path, orders_path, sources)
        peer = _fresh_process(PANDAS, calls_path, orders_path, sources)
    return {
        "calls": calls,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load_before, 2),
        "by_topic_s": round(ours["topic_s"], 3),
        "by_topic_cpu_s": round(ours["topic_cpu_s"], 3),
        "channels_s": round(ours["channel_s"], 3),
        "channels_cpu_s": round(ours["channel_cpu_s"], 3),
        "target_s": 3.0,
        "peak_rss_mb": round(ours["peak_rss_mb"]),
        "pandas_by_topic_s": round(peer["topic_s"], 3),
        "pandas_channels_s": round(peer["channel_s"], 3),
        "pandas_peak_rss_mb": round(peer["peak_rss_mb"]),
        "ratio_by_topic_ours_to_pandas": round(ours["topic_s"] / peer["topic_s"], 3),
        "ratio_channels_ours_to_pandas": round(ours["channel_s"] / peer["channel_s"], 3),
        "results_match": ours["topics"] == peer["topics"] and ours["channels"] == peer["channels"],
        "ours": {"topics": ours["topics"], "channels": ours["channels"]},
        "pandas": {"topics": peer["topics"], "channels": peer["channels"]},
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2, ensure_ascii=False))
