"""What a user waits for before any work: whole-process times of short commands, against peers in the same run.

Measured (each the best of several runs, whole process, from exec to exit):
- ``callscout --version`` (target <= 0.3 s and <= 1/3 of ``datasette --version``), ``callscout --help``
  (<= 0.5 s), ``callscout staffing erlang`` (a 1 ms calculation, <= 0.6 s);
- peers: ``datasette --version`` (a Python CLI of the same kind, from the bench extra), ``python -c pass`` and a
  Typer hello-world (the floor any Typer CLI pays);
- ``callscout audit`` of a generated 60-page site on loopback as a whole process against a requests +
  BeautifulSoup script crawling the same site in its own process (target <= 1.5x);
- modules imported by ``import callscout.cli.main`` (``-X importtime``).

``*_cpu_s`` are the CPU seconds of the child process (user + system), the honest measure on a shared machine.
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

REPEATS = 5
_TYPER_HELLO = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")
app()
"""
_PEER_AUDIT = """
import sys
from bench.bench_audit import peer_crawl
print(peer_crawl(sys.argv[1], int(sys.argv[2])))
"""


def _timed(command: list[str], repeats: int = REPEATS, env: dict[str, str] | None = None) -> dict[str, float]:
    """Best wall time of ``repeats`` runs and the CPU seconds (user + system) of that run."""
    best: tuple[float, float] | None = None
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if completed.returncode not in (0, 1):  # 1: audit findings, a normal outcome
            raise RuntimeError(f"{command[:3]} failed ({completed.returncode}): {completed.stderr[-500:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if best is None or wall < best[0]:
            best = (wall, cpu)
    assert best is not None
    return {"s": round(best[0], 3), "cpu_s": round(best[1], 3)}


def import_profile(module: str = "callscout.cli.main") -> dict[str, float]:
    """Modules imported and their cumulative import time (microseconds summed by -X importtime), for one module."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, check=True
    )
    rows = [line.split("|") for line in completed.stderr.splitlines() if line.startswith("import time:")]
    timed = [row for row in rows if row[0].split(":")[1].strip().isdigit()]
    top_level = sum(int(row[1]) for row in timed if not row[2].startswith("  "))
    return {"modules": len(timed), "import_ms": round(top_level / 1000, 1)}


def installed_bytecode() -> None:
    """Compile CallScout's modules as installing a wheel does. In an editable install with
    PYTHONDONTWRITEBYTECODE set (as on the shared machine), every fresh process otherwise compiled each of
    its modules from source: about a third of a second of every ``callscout`` command, which no installed
    copy pays."""
    import compileall

    import callscout

    compileall.compile_dir(str(Path(callscout.__file__).parent), quiet=2)


def _callscout() -> list[str]:
    script = Path(sys.executable).with_name("callscout")
    return [str(script)] if script.exists() else [sys.executable, "-m", "callscout"]


def _audit_whole_process(env: dict[str, str]) -> dict[str, float]:
    from bench.bench_audit import _SERVER, PAGES, build_site

    with tempfile.TemporaryDirectory(prefix="callscout-bench-") as folder:
        root = Path(folder)
        host = "site0.bench.example"
        build_site(root, host)
        server = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            start = f"http://{host}/"
            ours = _timed(
                [
                    *_callscout(),
                    "audit",
                    start,
                    "--resolve",
                    f"{host}=127.0.0.1:{port}",
                    "--allow-private-network",
                    "--max-pages",
                    str(PAGES),
                    "--no-save",
                    "--output",
                    "json",
                ],
                repeats=3,
                env=env,
            )
            repository = str(Path(__file__).resolve().parents[1])
            peer_env = {**env, "PYTHONPATH": repository + os.pathsep + env.get("PYTHONPATH", "")}
            peer = _timed([sys.executable, "-c", _PEER_AUDIT, start, str(port)], repeats=3, env=peer_env)
        finally:
            server.communicate("", timeout=10)
    return {
        "audit_60_pages_process_s": ours["s"],
        "audit_60_pages_process_cpu_s": ours["cpu_s"],
        "peer_requests_bs4_process_s": peer["s"],
        "peer_requests_bs4_process_cpu_s": peer["cpu_s"],
        "ratio_audit_to_peer": round(ours["s"] / peer["s"], 3),
        "ratio_audit_to_peer_cpu": round(ours["cpu_s"] / peer["cpu_s"], 3),
        "target_ratio_audit": 1.5,
    }


def run() -> dict:
    installed_bytecode()
    with tempfile.TemporaryDirectory(prefix="callscout-bench-home-") as home:
        env = {**os.environ, "CALLSCOUT_HOME": home, "LANG": "C.UTF-8"}
        env.pop("CALLSCOUT_DATABASE_URL", None)
        callscout = _callscout()
        result: dict[str, object] = {}
        result["python_pass"] = _timed([sys.executable, "-c", "pass"], env=env)
        result["typer_hello"] = _timed([sys.executable, "-c", _TYPER_HELLO, "--name", "bench"], env=env)
        datasette = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
        if Path(datasette).exists():
            result["datasette_version"] = _timed([datasette, "--version"], env=env)
        else:
            result["datasette_version"] = None  # the bench extra is not installed: no datasette peer this run
        result["version"] = _timed([*callscout, "--version"], env=env)
        result["help"] = _timed([*callscout, "--help"], env=env)
        result["staffing_erlang"] = _timed(
            [*callscout, "staffing", "erlang", "--calls", "120", "--aht", "180", "--output", "json"], env=env
        )
        result["import_cli_main"] = import_profile()
        result["audit"] = _audit_whole_process(env)
    peer = result["datasette_version"]
    version = result["version"]
    assert isinstance(version, dict)
    if isinstance(peer, dict):
        result["ratio_version_to_datasette"] = round(version["s"] / peer["s"], 3)
    result["targets"] = {
        "version_s": 0.3,
        "help_s": 0.5,
        "staffing_erlang_s": 0.6,
        "ratio_version_to_datasette": 1 / 3,
        "ratio_audit_to_peer": 1.5,
    }
    return result
