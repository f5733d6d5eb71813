from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from callscout.i18n import set_language
from callscout.store import Store
from tests.fresh_store import fresh_sqlite_url

DURATIONS = Path(__file__).with_name("durations.json")
# Seconds of other files each of the two workers is handed before the first file that needs the shared demo
# run: the demo, started in the background as the session starts, has about a minute to finish meanwhile.
DEMO_HEAD_START_S = 60.0


def _needs_demo(item: pytest.Item) -> bool:
    """The test asks for the shared demo run: as a fixture, or while it runs (marked ``shared_demo``)."""
    return "demo_run" in getattr(item, "fixturenames", ()) or item.get_closest_marker("shared_demo") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test`: --dist loadfile --no-loadscope-reorder) whole files are handed out in
    collection order, each to the first worker with room. The longest files go first, so that the last ones
    handed out are short and both workers finish together: xdist's own order (most tests first) ended with
    the documented-commands parts, one or two tests of 15-26 s each, and the Spark file. The files that need
    the shared demo run wait until each worker has DEMO_HEAD_START_S of other work, so that no worker sits
    waiting for the demo. Each file's seconds are in tests/durations.json (scripts/test_durations.py writes
    it from a JUnit report); a file missing there runs after the listed ones. Only the order changes, and
    only under xdist."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not DURATIONS.is_file():
        return
    seconds = json.loads(DURATIONS.read_text(encoding="utf-8"))
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def longest_first(names: list[str]) -> list[str]:
        return sorted(names, key=lambda name: -float(seconds.get(name, 0.0)))  # stable: ties keep their order

    with_demo = {name for name, tests in files.items() if any(_needs_demo(test) for test in tests)}
    others = longest_first([name for name in files if name not in with_demo])
    order: list[str] = []
    loads = [0.0, 0.0]  # what each of the two workers has been handed
    while others and min(loads) < DEMO_HEAD_START_S:
        order.append(others.pop(0))
        loads[loads.index(min(loads))] += float(seconds.get(order[-1], 0.0))
    order += longest_first(others + [name for name in files if name in with_demo])
    items[:] = [item for name in order for item in files[name]]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own CallScout home and database, Russian language, no user settings. The database
    is a new store at head (tests/fresh_store.py: a copy, not fifteen migrations per test)."""
    home = tmp_path_factory.mktemp("callscout-home")
    fresh_sqlite_url(home / "callscout.db")
    monkeypatch.setenv("CALLSCOUT_HOME", str(home))
    monkeypatch.delenv("CALLSCOUT_DATABASE_URL", raising=False)
    monkeypatch.delenv("CALLSCOUT_BROKER_URL", raising=False)  # jobs run in-store unless a test names a broker
    monkeypatch.delenv("CALLSCOUT_FILE", raising=False)
    monkeypatch.delenv("CALLSCOUT_LANG", raising=False)
    monkeypatch.delenv("CALLSCOUT_ASR_MODEL", raising=False)
    monkeypatch.delenv("CALLSCOUT_ASR_ENGINE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # The dashboard waits for its fresh view (on a loaded machine a small miss can outlast the default).
    monkeypatch.setenv("CALLSCOUT_DASHBOARD_STALE_AFTER_S", "600")
    set_language(None)
    yield home
    set_language(None)


@pytest.fixture
def demo_yaml() -> str:
    from callscout.demo import demo_evaluation_path

    return demo_evaluation_path().read_text(encoding="utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store of the test's own (files that need a specific path make their own)."""
    opened = Store(fresh_sqlite_url(tmp_path / "store.db"))
    yield opened
    opened.close()


@dataclass(frozen=True)
class DemoRun:
    """What `callscout demo` left: its folder, its --output json answer, the result document."""

    out: Path
    answer: dict
    document: dict

    @property
    def html_path(self) -> Path:
        return self.out / "report.html"


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's root, common to every pytest-xdist worker (each worker's own basetemp is inside it)."""
    shared = tmp_path_factory.getbasetemp()
    return shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared


_DEMO_PROCESSES: list[subprocess.Popen[str]] = []


def _run_shared_demo(shared: Path) -> None:
    """Run the shared demo into ``shared`` unless it ran: under a lock, so that one run serves every worker.
    A failed run leaves its error beside it (``failed.txt``) for the tests, which do not run it again."""
    import fcntl

    out = shared / "shared-demo" / "demo"
    out.parent.mkdir(parents=True, exist_ok=True)
    with (shared / "shared-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (out.parent / "answer.json").is_file() or (out.parent / "failed.txt").is_file():
            return
        environment = {key: value for key, value in os.environ.items() if not key.startswith("CALLSCOUT_")}
        environment.update({"CALLSCOUT_HOME": str(out.parent / "home"), "LANG": "C.UTF-8"})
        command = [sys.executable, "-m", "callscout", "demo", "--out", str(out)]
        process = subprocess.Popen(
            [*command, "--formats", "html,json,xlsx,pdf", "--output", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        _DEMO_PROCESSES.append(process)
        try:
            stdout, stderr = process.communicate(timeout=900)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        if process.returncode == 0:
            (out.parent / "answer.json").write_text(stdout, encoding="utf-8")
        else:
            (out.parent / "failed.txt").write_text(f"exit {process.returncode}\n{stderr[-3000:]}", encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _demo_started_early(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """When any collected test needs the shared demo run, it starts in the background as the session starts
    (on the first pytest-xdist worker, or the only process): the tests go on meanwhile, and the first that
    needs it waits only for what is left, instead of one worker running it while the other waits on the lock."""
    wanted = any(_needs_demo(item) for item in request.session.items)
    if not wanted or os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        yield
        return
    thread = threading.Thread(target=_run_shared_demo, args=(_shared_folder(tmp_path_factory),), daemon=True)
    thread.start()
    yield
    if request.session.shouldstop or request.session.shouldfail:
        for process in _DEMO_PROCESSES:  # stopped early (-x, an interrupt): no demo left running
            if process.poll() is None:
                process.kill()
    # Otherwise this worker may be done while another still needs the run: it finishes first.
    thread.join(timeout=900)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One full `callscout demo` with every report format, run as a user runs it (a fresh process, its own
    home), shared read-only by the tests that check what the demo produces: a demo costs most of a minute of
    CPU, and about nine of them used to run inside the suite. Tests that change the demo's folder copy it.
    Under pytest-xdist the workers share one run (``_run_shared_demo``, started early by ``_demo_started_early``)."""
    shared = _shared_folder(tmp_path_factory)
    _run_shared_demo(shared)  # waits for the run in progress, or runs it
    out, failed = shared / "shared-demo" / "demo", shared / "shared-demo" / "failed.txt"
    assert not failed.is_file(), failed.read_text(encoding="utf-8")
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    answer = json.loads((out.parent / "answer.json").read_text(encoding="utf-8"))
    return DemoRun(out, answer, document)


@pytest.fixture(scope="session")
def docs_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace the documented commands start from, built once per test process (tests/docs_commands.py)."""
    from tests.docs_commands import build_template

    return build_template(tmp_path_factory)
