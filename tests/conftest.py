from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from callscout.i18n import set_language
from callscout.store import Store


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own CallScout home and database, Russian language, no user settings."""
    home = tmp_path_factory.mktemp("callscout-home")
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
    opened = Store(f"sqlite:///{tmp_path / 'store.db'}")
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


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One full `callscout demo` with every report format, run as a user runs it (a fresh process, its own
    home), shared read-only by the tests that check what the demo produces: a demo costs most of a minute of
    CPU, and about nine of them used to run inside the suite. Tests that change the demo's folder copy it.
    Under pytest-xdist the workers share one run: the first to take the lock runs it, the others read it."""
    import fcntl

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's root, common to every worker
    out, answer_file = shared / "shared-demo" / "demo", shared / "shared-demo" / "answer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with (shared / "shared-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not answer_file.is_file():
            environment = {key: value for key, value in os.environ.items() if not key.startswith("CALLSCOUT_")}
            environment.update({"CALLSCOUT_HOME": str(out.parent / "home"), "LANG": "C.UTF-8"})
            command = [sys.executable, "-m", "callscout", "demo", "--out", str(out)]
            completed = subprocess.run(
                [*command, "--formats", "html,json,xlsx,pdf", "--output", "json"],
                capture_output=True,
                text=True,
                env=environment,
                timeout=900,
            )
            assert completed.returncode == 0, completed.stderr[-3000:]
            answer_file.write_text(completed.stdout, encoding="utf-8")
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return DemoRun(out, json.loads(answer_file.read_text(encoding="utf-8")), document)


@pytest.fixture(scope="session")
def docs_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace the documented commands start from, built once per test process (tests/docs_commands.py)."""
    from tests.docs_commands import build_template

    return build_template(tmp_path_factory)
