"""DuckDB vs Spark on the same KPI report: the point of moving to a cluster, measured on one machine.

The Anonymous Bank month replicated into N calls (bench_calls' generator), imported once into the call
store; then the full report (summary, by agent/queue/day, heat map, out-of-hours, callbacks, repeat
callers) in a fresh process on DuckDB (2 threads, as bench_calls) and in another on Spark ``local[2]``
(the same statements, transpiled by SQLGlot), both over the same Parquet files. Reported: each engine's
seconds, Spark's session start apart, Spark's second run (a warm JVM, as a long-lived cluster serves),
the ratio Spark/DuckDB, and whether the answers are the same.

The calls span a year (the month's 28 days repeated thirteen times, each copy with its own call ids), so
the store's day layout holds 364 day files, as a vendor's year of calls would; both engines read the
files the manifest lists.

Size: ``CALLSCOUT_SCALE_CALLS`` (default 10 000 000; 100 000 000 is the issue's second size: a 10 GB text
file to import (204 s on the idle 2-core machine), 664 MB of Parquet, 248 CPU-s of Spark's first run, and
DuckDB with more than 4 GB of memory for the exact percentiles; the whole run took 7 minutes there).
``CALLSCOUT_SCALE_SPARK_TIMEOUT_S`` (default 4 h) bounds Spark's process: past it the DuckDB figures are
still reported, and Spark's as not finished within that time. ``CALLSCOUT_SCALE_SPARK_RUNS`` (default 2):
1 skips the warm second run where its time is not affordable (its figures then read "not run").
``CALLSCOUT_SCALE_DEADLINE`` (Unix seconds) ends Spark's process by then at the latest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_calls import IMPORT, OURS, PEAK, _fresh_process, generate

DEFAULT_CALLS = 10_000_000
# The month's copies shift by 28 days each, modulo thirteen: a year of calls.
YEAR_COPIES = 13


SPARK = (
    PEAK
    + r"""
import json, sys, time
from callscout.calls import kpi
from callscout.calls.spark import SparkOptions, spark_reader, spark_session
files = json.loads(sys.argv[1])
started = time.perf_counter()
session = spark_session(SparkOptions(master="local[2]", driver_memory="4g"))
session_s = time.perf_counter() - started
jvm = session.sparkContext._gateway.proc.pid

def jvm_cpu():
    # utime + stime of the JVM (fields 14 and 15 of /proc/PID/stat, in clock ticks): the CPU Spark spent,
    # which a loaded machine does not inflate the way it inflates wall time.
    import os
    with open(f"/proc/{jvm}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def jvm_rss_mb():
    with open(f"/proc/{jvm}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024

connection = spark_reader(session, {"calls": files})
runs, cpus = [], []
for _ in range(int(sys.argv[2])):
    started, cpu = time.perf_counter(), jvm_cpu() + time.process_time()
    report = kpi.report(connection, kpi.KpiSettings(), by=["agent", "queue", "day"])
    runs.append(time.perf_counter() - started)
    cpus.append(jvm_cpu() + time.process_time() - cpu)
rss = jvm_rss_mb()
session.stop()
print(json.dumps({"session_s": session_s, "seconds": runs[0], "warm_seconds": runs[1:] and runs[1],
                  "cpu_s": cpus[0], "warm_cpu_s": cpus[1:] and cpus[1], "jvm_peak_rss_mb": rss,
                  "offered": report["offered"], "answered": report["answered"], "abandoned": report["abandoned"],
                  "service_level": report["service_level"], "p90_wait_s": report["p90_wait_s"],
                  "repeat_24h": report["repeat_callers"]["repeat_24h"], "days": len(report["by"]["day"])}))
"""
)


def _long_process(script: str, *arguments: str, timeout_s: float) -> dict | None:
    """As bench_calls' fresh process, with room for Spark at 100 M calls on 2 cores (hours, not minutes);
    None when it did not finish within ``timeout_s`` (its process group, the JVM included, is killed)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    process = subprocess.Popen(
        [sys.executable, "-c", script, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None
    if process.returncode != 0:
        raise RuntimeError(stderr[-2000:])
    return json.loads(stdout.strip().splitlines()[-1])


def _commit() -> str:
    root = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=root, capture_output=True, text=True)
    return head.stdout.strip() + (" + uncommitted src" if dirty.stdout.strip() else "")


COMPARED = ("offered", "answered", "abandoned", "service_level", "p90_wait_s", "repeat_24h", "days")


def run(calls: int | None = None) -> dict:
    calls = calls or int(os.environ.get("CALLSCOUT_SCALE_CALLS", DEFAULT_CALLS))
    load_before = os.getloadavg()[0]
    # The import's row limit (20 M by default, a bound on untrusted uploads) would refuse the 100 M file.
    os.environ["CALLSCOUT_MAX_IMPORT_ROWS"] = str(max(calls, int(os.environ.get("CALLSCOUT_MAX_IMPORT_ROWS", 0))))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        source = Path(folder) / "calls.tsv"
        started = time.perf_counter()
        generate(source, calls, cycle=YEAR_COPIES)
        generated_s = time.perf_counter() - started
        # 100 M calls take far longer than bench_calls' 15 minutes to import on a loaded 2-core machine.
        imported = _fresh_process(IMPORT, folder, str(source), timeout_s=4 * 3600)
        source.unlink()
        files = json.dumps(imported["files"])
        duck_commit = _commit()
        # The exact percentiles hold every wait of a grouping set in memory: at 100 M calls more than bench_calls'
        # 1.5 GB and more than Spark's 4 GB driver (DuckDB stopped with "Out of Memory" at both; it peaked at
        # 4.1 GB under a 12 GB limit). CALLSCOUT_BENCH_DUCKDB_MEMORY overrides it.
        memory = "1500MB" if calls <= 20_000_000 else "12GB"
        os.environ.setdefault("CALLSCOUT_BENCH_DUCKDB_MEMORY", memory)
        duck = _fresh_process(OURS, files, timeout_s=3600)
        spark_timeout_s = float(os.environ.get("CALLSCOUT_SCALE_SPARK_TIMEOUT_S", 4 * 3600))
        if deadline := os.environ.get("CALLSCOUT_SCALE_DEADLINE"):
            # A wall-clock end for the whole run (Unix seconds): the machine is lent until then, however
            # long generating and importing took.
            spark_timeout_s = max(1.0, min(spark_timeout_s, float(deadline) - time.time()))
        source_commit = _commit()
        spark_runs = int(os.environ.get("CALLSCOUT_SCALE_SPARK_RUNS", 2))
        spark = _long_process(SPARK, files, str(spark_runs), timeout_s=spark_timeout_s)
        parquet_mb = sum(Path(path).stat().st_size for path in imported["files"]) / 2**20
    measured = {
        "calls": calls,
        "day_files": len(imported["files"]),
        "parquet_mb": round(parquet_mb, 1),
        "generate_s": round(generated_s, 1),
        "import_s": round(imported["seconds"], 2),
        # The code each engine ran (the benchmark reads src/ as each process starts).
        "source_commit": {"duckdb": duck_commit, "spark": source_commit},
        "duckdb": {
            "memory_limit": os.environ.get("CALLSCOUT_BENCH_DUCKDB_MEMORY"),
            "seconds": round(duck["seconds"], 2),
            "cpu_s": round(duck["cpu_s"], 2),
            "peak_rss_mb": round(duck["peak_rss_mb"]),
        },
    }
    if spark is None:
        # Unknown is not a figure: Spark's time is "more than the limit", never a guess.
        return measured | {
            "spark_local2": {"finished": False, "not_finished_within_s": spark_timeout_s},
            "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
    same = {name: duck[name] == spark[name] for name in COMPARED}
    # With CALLSCOUT_SCALE_SPARK_RUNS=1 (where a second run is not affordable) there is no warm figure.
    warm = spark_runs > 1
    return measured | {
        "spark_local2": {
            "session_s": round(spark["session_s"], 2),
            "seconds": round(spark["seconds"], 2),
            "warm_seconds": round(spark["warm_seconds"], 2) if warm else "not run",
            "cpu_s": round(spark["cpu_s"], 2),
            "warm_cpu_s": round(spark["warm_cpu_s"], 2) if warm else "not run",
            "jvm_peak_rss_mb": round(spark["jvm_peak_rss_mb"]),
        },
        # Spark's time over DuckDB's for the same report on the same 2 cores (the JVM's start not counted).
        "ratio_spark_to_duckdb": round(spark["seconds"] / duck["seconds"], 2),
        "ratio_warm_spark_to_duckdb": round(spark["warm_seconds"] / duck["seconds"], 2) if warm else "not run",
        # The same in CPU seconds (the JVM's and Python's): what a shared, loaded machine distorts least.
        "cpu_ratio_spark_to_duckdb": round(spark["cpu_s"] / duck["cpu_s"], 2),
        "cpu_ratio_warm_spark_to_duckdb": round(spark["warm_cpu_s"] / duck["cpu_s"], 2) if warm else "not run",
        "same_answers": all(same.values()),
        "differences": {name: [duck[name], spark[name]] for name, equal in same.items() if not equal},
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
