"""Call-log analytics at scale: the Anonymous Bank month replicated with shifted dates into N calls.

Measures (1) import of the CSV (bank TSV layout) into the call store, rows per second, target > 1M/s;
(2) the full KPI report (summary, by agent/queue/day, heat map, out-of-hours, callbacks, repeat callers)
on 2 threads, target < 5 s with peak memory < 2 GB, in a fresh process so its peak is its own;
(3) the same KPIs in straightforward pandas in another fresh process (data handed over already in
memory, so only the computation is timed), and the ratio of ours to pandas.

Size: ``CALLSCOUT_BENCH_CALLS`` (default 300 000 for a quick run; 10 000 000 for the target run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BANK = Path(os.environ.get("CALLSCOUT_BANK_TSV", "/work/shared/data/anonymous-bank-1999-02.tsv"))
if not BANK.exists():
    BANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous-bank-1999-02.tsv"
BANK_ROWS = 33_344
DEFAULT_CALLS = 300_000


def generate(target: Path, calls: int, *, cycle: int | None = None) -> int:
    """Replicate the month: replica r is shifted by 28·r days (February 1999 has 28, so weekdays stay)
    and its call ids by r·100000 (bank ids stay below 40000); with ``cycle`` by 28·(r mod cycle) days (13:
    the calls span a year, more of them each day)."""
    import duckdb

    full, rest = divmod(calls, BANK_ROWS)
    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    connection.execute("SET enable_progress_bar_print = false")
    # Streamed, not sorted: at 100 M calls a sort of the replicas (10 GB of text) would hold the machine's memory.
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET memory_limit = '2GB'")
    columns = (
        '"vru+line", CAST(CAST(call_id AS BIGINT) + r * 100000 AS VARCHAR) AS call_id, customer_id, priority, type, '
        f"strftime(strptime(date, '%y%m%d') + to_days(CAST({'r' if cycle is None else f'r % {int(cycle)}'} * 28 "
        "AS INTEGER)), '%y%m%d') AS date, vru_entry, "
        "vru_exit, vru_time, q_start, q_exit, q_time, outcome, ser_start, ser_exit, ser_time, server"
    )
    bank = f"read_csv('{BANK}', delim='\t', header=true, all_varchar=true)"
    # Whole replicas 0..full-1, then the first ``rest`` rows of one more.
    partial = f" UNION ALL SELECT {columns} FROM (SELECT * FROM {bank} LIMIT {rest}) CROSS JOIN (SELECT {full} AS r)"
    connection.execute(
        f"""COPY (
              SELECT {columns} FROM {bank} CROSS JOIN range({full}) AS replica(r){partial if rest else ""}
            ) TO '{target}' (DELIMITER '\t', HEADER, QUOTE '')"""
    )
    connection.close()
    return calls


PEAK = r"""
def peak_mb():
    # VmHWM is this process's own high-water mark; ru_maxrss would carry over the parent's across exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

IMPORT = (
    PEAK
    + r"""
import json, sys, time
from pathlib import Path
from callscout.calls.storage import CallStore
from callscout.store import Store
from callscout.store.ownership import scratch_vendor
folder, source = sys.argv[1], sys.argv[2]
store = CallStore(Store(f"sqlite:///{folder}/bench.db"))
bank = scratch_vendor(store.store, "Bank", "bench")
started, cpu = time.perf_counter(), time.process_time()
result = store.import_file(Path(source), evaluation_id=bank.evaluation_id, vendor_id=bank.id)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu, "rows": result.rows,
                  "files": [str(path) for path in store.files(bank.evaluation_id)], "peak_rss_mb": peak_mb()}))
"""
)

OURS = (
    PEAK
    + r"""
import json, sys, time
import duckdb
from callscout.calls import kpi
from callscout.calls.storage import connect
import os
files = json.loads(sys.argv[1])
# 1.5 GB holds the 10 M-call report; bench_scale gives DuckDB what Spark's driver gets at 100 M.
connection = connect(memory_limit=os.environ.get("CALLSCOUT_BENCH_DUCKDB_MEMORY", "1500MB"), threads=2)
listing = "[" + ", ".join("'" + path + "'" for path in files) + "]"
connection.execute(f"CREATE VIEW calls AS SELECT * FROM read_parquet({listing})")
connection.execute("CREATE VIEW orders AS SELECT NULL AS order_id, NULL AS call_id, NULL AS phone, "
                   "NULL::TIMESTAMP AS ordered_at, NULL::DOUBLE AS amount WHERE false")
connection.execute("CREATE VIEW agent_states AS SELECT NULL::VARCHAR AS vendor, NULL::VARCHAR AS agent, "
                   "NULL::TIMESTAMP AS span_start, NULL::TIMESTAMP AS span_end, NULL::BOOLEAN AS paused WHERE false")
started, cpu = time.perf_counter(), time.process_time()
report = kpi.report(connection, kpi.KpiSettings(), by=["agent", "queue", "day"])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "cpu_s": time.process_time() - cpu, "peak_rss_mb": peak_mb(),
                  "offered": report["offered"], "answered": report["answered"], "abandoned": report["abandoned"],
                  "service_level": report["service_level"], "p90_wait_s": report["p90_wait_s"],
                  "repeat_24h": report["repeat_callers"]["repeat_24h"], "days": len(report["by"]["day"])}))
"""
)

PANDAS = (
    PEAK
    + r"""
import json, sys, time
import duckdb
import pandas as pd
files = json.loads(sys.argv[1])
listing = "[" + ", ".join("'" + path + "'" for path in files) + "]"
frame = duckdb.connect().execute(
    "SELECT arrival, wait_s, talk_s, hold_s, acw_s, outcome, direction, agent, queue, caller_id "
    f"FROM read_parquet({listing})").df()
for column in ("outcome", "direction", "agent", "queue"):
    frame[column] = frame[column].astype("category")
loaded_rss = peak_mb()
SHORT, WITHIN = 5.0, 20.0
started, cpu = time.perf_counter(), time.process_time()
inbound = frame[frame["direction"] == "inbound"]
answered = inbound["outcome"] == "answered"
abandoned_any = inbound["outcome"] == "abandoned"
wait0 = inbound["wait_s"].fillna(0)
offered = answered | abandoned_any
data = pd.DataFrame({
    "all": 0,
    "offered": offered,
    "answered": answered,
    "abandoned": abandoned_any & (wait0 >= SHORT),
    "short": abandoned_any & (wait0 < SHORT),
    "within": answered & (inbound["wait_s"] <= WITHIN),
    "answered_wait": inbound["wait_s"].where(answered),
    "offered_wait": inbound["wait_s"].where(offered),
    "talk": inbound["talk_s"].where(answered),
    "handle": (inbound["talk_s"] + inbound["hold_s"].fillna(0) + inbound["acw_s"].fillna(0)).where(answered),
    "agent": inbound["agent"].cat.add_categories(["-"]).fillna("-"),
    "queue": inbound["queue"].cat.add_categories(["-"]).fillna("-"),
    "day": inbound["arrival"].dt.floor("D"),
    "weekday": inbound["arrival"].dt.weekday,
    "hour": inbound["arrival"].dt.hour,
})

def summarise(keys):
    grouped = data.groupby(keys, observed=True)
    table = grouped.agg(offered=("offered", "sum"), answered=("answered", "sum"), abandoned=("abandoned", "sum"),
                        short=("short", "sum"), within=("within", "sum"), asa=("answered_wait", "mean"),
                        avg_wait=("offered_wait", "mean"), max_wait=("offered_wait", "max"), talk=("talk", "mean"),
                        aht=("handle", "mean"))
    table["p90_wait"] = grouped["offered_wait"].quantile(0.9)
    table["abandon_rate"] = table["abandoned"] / (table["offered"] - table["short"])
    table["service_level"] = table["within"] / (table["answered"] + table["abandoned"])
    return table

total = summarise("all")
by = {name: summarise(name) for name in ("agent", "queue", "day")}
heat = summarise(["weekday", "hour"])
known = inbound[inbound["caller_id"].notna()]
missed = known[known["outcome"] == "abandoned"][["caller_id", "arrival"]].sort_values("arrival")
outbound = frame[(frame["direction"] == "outbound") & frame["caller_id"].notna()][["caller_id", "arrival"]]
outbound = outbound.rename(columns={"arrival": "called_at"}).sort_values("called_at")
callbacks = pd.merge_asof(missed, outbound, left_on="arrival", right_on="called_at", by="caller_id",
                          direction="forward", allow_exact_matches=False)
called_back = int((callbacks["called_at"] <= callbacks["arrival"] + pd.Timedelta(hours=24)).sum())
offered_known = known[known["outcome"].isin(["answered", "abandoned"])][["caller_id", "arrival", "outcome"]]
offered_known = offered_known.sort_values("arrival")
later = offered_known[["caller_id", "arrival"]].rename(columns={"arrival": "next_arrival"})
nexts = pd.merge_asof(offered_known[offered_known["outcome"] == "answered"], later, left_on="arrival",
                      right_on="next_arrival", by="caller_id", direction="forward", allow_exact_matches=False)
repeat_24h = int((nexts["next_arrival"] <= nexts["arrival"] + pd.Timedelta(hours=24)).sum())
seconds = time.perf_counter() - started
row = total.iloc[0]
print(json.dumps({"seconds": seconds, "cpu_s": time.process_time() - cpu, "peak_rss_mb": peak_mb(),
                  "loaded_rss_mb": loaded_rss, "offered": int(row["offered"]), "answered": int(row["answered"]),
                  "abandoned": int(row["abandoned"]), "service_level": round(float(row["service_level"]), 4),
                  "p90_wait_s": round(float(row["p90_wait"]), 2), "repeat_24h": repeat_24h,
                  "days": len(by["day"]), "called_back": called_back}))
"""
)


def _fresh_process(script: str, *arguments: str, timeout_s: float = 900) -> dict:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    completed = subprocess.run(
        [sys.executable, "-c", script, *arguments], capture_output=True, text=True, env=env, timeout=timeout_s
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-2000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(calls: int | None = None) -> dict:
    calls = calls or int(os.environ.get("CALLSCOUT_BENCH_CALLS", DEFAULT_CALLS))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-calls-") as folder:
        source = Path(folder) / "bank-replicated.tsv"
        started = time.perf_counter()
        generate(source, calls)
        generate_s = time.perf_counter() - started
        # Each measured step in a fresh process: its peak memory is its own, not the generator's.
        imported = _fresh_process(IMPORT, folder, str(source))
        ours = _fresh_process(OURS, json.dumps(imported["files"]))
        peer = _fresh_process(PANDAS, json.dumps(imported["files"]))
        comparable = ("offered", "answered", "abandoned", "service_level", "p90_wait_s", "repeat_24h", "days")
        return {
            "calls": calls,
            "cpus": os.cpu_count(),
            "load_average_at_start": round(load_before, 2),
            "csv_mb": round(source.stat().st_size / 1024**2, 1),
            "generate_s": round(generate_s, 2),
            "import_s": round(imported["seconds"], 2),
            "import_cpu_s": round(imported["cpu_s"], 2),
            "import_rows_per_s": round(imported["rows"] / imported["seconds"]),
            "import_target_rows_per_s": 1_000_000,
            "import_peak_rss_mb": round(imported["peak_rss_mb"]),
            "kpi_report_s": round(ours["seconds"], 3),
            "kpi_cpu_s": round(ours["cpu_s"], 3),
            "kpi_target_s": 5.0,
            "kpi_peak_rss_mb": round(ours["peak_rss_mb"]),
            "kpi_peak_target_mb": 2048,
            "pandas_kpi_s": round(peer["seconds"], 3),
            "pandas_kpi_cpu_s": round(peer["cpu_s"], 3),
            "pandas_peak_rss_mb": round(peer["peak_rss_mb"]),
            "ratio_ours_to_pandas": round(ours["seconds"] / peer["seconds"], 3),
            "ratio_cpu_ours_to_pandas": round(ours["cpu_s"] / peer["cpu_s"], 3),
            "results_match": all(
                abs((ours[key] or 0) - (peer[key] or 0)) <= (1e-3 if isinstance(ours[key], float) else 0)
                for key in comparable
            ),
            "ours": {key: ours[key] for key in comparable},
            "pandas": {key: peer[key] for key in comparable},
        }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
