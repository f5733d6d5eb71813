"""``callscout evaluate`` of 20 vendors without the PDF (HTML, JSON, XLSX), as a user runs it: a fresh process,
offline (issue 19: < 2.5 s), on the first report of new data and on a report built again.

- ``first``: an empty chart cache (new data: every chart is drawn, vl-convert's engine starts);
  ``again``: the charts of the previous run are in the workspace's cache.
- Each in wall seconds and in CPU seconds of all its processes; ``own_cpu`` is the evaluate process alone,
  ``chart_worker_cpu`` the child that draws the charts ahead on the second core (``report/chart_worker.py``).
  On two idle cores the wall time is about the own CPU time where the worker keeps up; on this shared machine
  the wall time mostly measures the neighbours, so both are reported.
- Peer in the same run: the same command pinned to one core, where no chart worker starts and the charts are
  drawn in the process (how every report was drawn before the worker).

Best of ``BENCH_EVALUATE_REPEATS`` (3) each; the store and compiled templates exist already (a warm-up run).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_report import VENDORS, _specs
from bench.bench_startup import installed_bytecode

REPEATS = int(os.environ.get("BENCH_EVALUATE_REPEATS", "3"))
FORMATS = "html,json,xlsx"
TARGET_S = 2.5
# `callscout ARGS` (the installed program's entry point) that writes its own CPU seconds (RUSAGE_SELF: not its
# children) to the file named first, from its last exit handler.
_OWN_CPU = """
import atexit, resource, sys
target = sys.argv.pop(1)
def own():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(target, "w") as file:
        file.write(str(usage.ru_utime + usage.ru_stime))
atexit.register(own)
sys.argv[0] = "callscout"
from callscout.cli.main import program
program()
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run() -> dict:
    from tests.scoring_docs import document_for

    from callscout import evalfile

    installed_bytecode()
    load_before = os.getloadavg()[0]
    _document, evaluation = document_for(_specs(VENDORS))
    with tempfile.TemporaryDirectory(prefix="callscout-bench-evaluate-") as name:
        folder = Path(name)
        path = folder / "evaluation.yaml"
        path.write_text(evalfile.dump(evaluation), encoding="utf-8")
        home = folder / "home"
        environment = {**os.environ, "CALLSCOUT_HOME": str(home)}
        environment.pop("CALLSCOUT_DATABASE_URL", None)
        own_file = folder / "own-cpu"
        one_core = {min(os.sched_getaffinity(0))}

        def evaluate(cores: set[int] | None) -> tuple[float, float, float]:
            command = [sys.executable, "-c", _OWN_CPU, str(own_file), "evaluate", str(path)]
            command += ["--out", str(folder / "out"), "--formats", FORMATS, "--output", "json"]
            children, started = _children_cpu(), time.perf_counter()
            completed = subprocess.run(
                command,
                capture_output=True,
                text=True,
                env=environment,
                check=False,
                preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None,
            )
            wall = time.perf_counter() - started
            if completed.returncode not in (0, 1):
                raise RuntimeError(completed.stderr[-800:])
            return wall, _children_cpu() - children, float(own_file.read_text())

        evaluate(None)  # creates the store and the template cache
        result: dict[str, object] = {"vendors": VENDORS, "formats": FORMATS, "cores": len(os.sched_getaffinity(0))}
        for label, cores in (("", None), ("one_core_", one_core)):
            for charts in ("first", "again"):
                runs = []
                for _ in range(REPEATS):
                    if charts == "first":
                        shutil.rmtree(home / "cache" / "charts", ignore_errors=True)
                    runs.append(evaluate(cores))
                wall, cpu, own = (min(values) for values in zip(*runs, strict=True))
                key = f"evaluate_{label}{charts}"
                result[f"{key}_s"] = round(wall, 3)
                result[f"{key}_cpu_s"] = round(cpu, 3)
                result[f"{key}_own_cpu_s"] = round(own, 3)
                if not cores:
                    # The best run's worker: all processes' CPU less the evaluate process's own, per run.
                    result[f"{key}_chart_worker_cpu_s"] = round(min(run[1] - run[2] for run in runs), 3)
    result["load_average_1min_before_after"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result["target_s"] = TARGET_S
    result["first_own_cpu_meets_target"] = result["evaluate_first_own_cpu_s"] < TARGET_S  # type: ignore[operator]
    result["first_cpu_meets_target"] = result["evaluate_first_cpu_s"] < TARGET_S  # type: ignore[operator]
    return result
