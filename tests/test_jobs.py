"""Background jobs in the store: any server process reports any job, one running job per subject, and a
job whose process is gone (a restart) reads "interrupted" instead of running forever."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts, evalfile
from callscout.accounts import Role
from callscout.demo import demo_evaluation_path
from callscout.store import Store
from callscout.store.jobs import Jobs, this_process
from callscout.store.tables import JobRow
from callscout.web import create_app
from tests.test_web_areas import sign_in, sites, wait_for_audit  # noqa: F401 - sites is a fixture

DETAILS = {"url": "https://golospro.example/", "pages_fetched": 0}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'jobs.db'}")
    yield store
    store.close()


@pytest.fixture
def evaluation_id(store: Store) -> int:
    return store.save_evaluation(evalfile.load(demo_evaluation_path()))


def _owned_by(store: Store, job_id: int, owner: str) -> None:
    with store.session() as session:
        session.get(JobRow, job_id).owner = owner


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def test_migration_0006_matches_the_jobs_table(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from callscout.store.tables import Base

    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    store.close()
    assert [item for item in differences if "jobs" in repr(item)] == []


def test_a_second_start_joins_the_running_job_and_a_finished_one_restarts(store: Store, evaluation_id: int) -> None:
    jobs = Jobs(store)
    first, created = jobs.claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)
    assert created and first.state == "crawling" and first.snapshot()["url"] == DETAILS["url"]
    # Another server process (alive) runs it: a second start there joins it.
    _owned_by(store, first.id, f"{this_process().split(':')[0]}:{os.getppid()}:other")
    joined, created = Jobs(store).claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)
    assert not created and joined.id == first.id
    jobs.update(first.id, details={"pages_fetched": 7}, state="checks")
    assert Jobs(store).get(first.id).snapshot()["pages_fetched"] == 7
    jobs.update(first.id, state="done", run_id=None)
    again, created = jobs.claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)
    assert created and again.id != first.id
    # Other subjects are separate jobs.
    assert jobs.claim("audit", evaluation_id, "Линия 24", "crawling", DETAILS)[1]


def test_jobs_of_a_process_that_is_gone_read_interrupted(store: Store, evaluation_id: int, tmp_path: Path) -> None:
    # A real other process claims a job and ends without finishing it.
    code = (
        "import sys; from callscout.store import Store; from callscout.store.jobs import Jobs; "
        "job, _ = Jobs(Store(sys.argv[1])).claim('audit', int(sys.argv[2]), 'ГолосПро', 'crawling', {}); "
        "print(job.id)"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code, store.url, str(evaluation_id)], capture_output=True, text=True, check=True
    )
    job_id = int(finished.stdout)
    job = Jobs(store).get(job_id)
    assert job.state == "interrupted" and job.finished
    # ... and a new audit of that vendor can start.
    assert Jobs(store).claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)[1]


def test_a_restart_with_the_same_pid_still_interrupts(store: Store, evaluation_id: int) -> None:
    """In a container the restarted server often gets its predecessor's pid: the nonce tells them apart."""
    jobs = Jobs(store)
    job, _ = jobs.claim("audit", evaluation_id, "ГолосПро", "checks", DETAILS)
    host, pid, _nonce = this_process().split(":")
    _owned_by(store, job.id, f"{host}:{pid}:previous-run")
    dead, _ = jobs.claim("audit", evaluation_id, "Линия 24", "checks", DETAILS)
    _owned_by(store, dead.id, f"{host}:{_dead_pid()}:x")
    alive, _ = jobs.claim("audit", evaluation_id, "Call Mind", "checks", DETAILS)
    assert jobs.interrupt_orphans() == 2
    assert jobs.get(job.id).state == "interrupted" and jobs.get(dead.id).state == "interrupted"
    assert jobs.get(alive.id).state == "checks"


def test_any_server_process_reports_an_audit_and_a_restart_shows_interrupted(
    store: Store,
    evaluation_id: int,
    tmp_path: Path,
    sites: dict[str, tuple[str, int]],  # noqa: F811
) -> None:
    """Two cabinets on one store stand for two workers: the audit starts on one, its progress stream is
    answered by the other, which never saw the audit start."""
    owner = accounts.create_user(store, "owner", "correct horse")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    first = TestClient(create_app(store, reports_dir=tmp_path / "r", host_overrides=sites), follow_redirects=False)
    second = TestClient(create_app(store, reports_dir=tmp_path / "r", host_overrides=sites), follow_redirects=False)
    csrf = sign_in(first)
    sign_in(second)
    assert first.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data={"csrf_token": csrf}).status_code == 303
    events = wait_for_audit(second, evaluation_id, "ГолосПро")
    assert events[-1][0] == "done" and '"state": "done"' in events[-1][1]
    assert second.app.state.audits.get(evaluation_id, "ГолосПро").run_id is not None
    # An audit left running by a server that was stopped: the restarted one says it was interrupted.
    jobs = Jobs(store)
    cut, _ = jobs.claim("audit", evaluation_id, "Линия 24", "crawling", DETAILS)
    _owned_by(store, cut.id, f"{this_process().split(':')[0]}:{_dead_pid()}:x")
    restarted = TestClient(create_app(store, reports_dir=tmp_path / "r", host_overrides=sites), follow_redirects=False)
    sign_in(restarted)
    assert jobs.get(cut.id).state == "interrupted"
    page = restarted.get(f"/e/{evaluation_id}/audits/Линия 24")
    assert 'data-state="interrupted"' in page.text
    events = wait_for_audit(restarted, evaluation_id, "Линия 24")
    assert events[-1][0] == "done" and "прервана перезапуском" in events[-1][1]


def test_serve_with_two_workers_shares_sessions_through_the_store(tmp_path: Path) -> None:
    """``callscout serve --workers 2``: two processes answer; a session made by either works on both."""
    import socket
    import time

    import httpx

    store = Store()  # the isolated home's default store, as the served cabinet opens it
    accounts.create_user(store, "owner", "correct horse")
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "callscout", "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        workers: list[str] = []
        while time.monotonic() < deadline and len(workers) < 2:
            children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
            workers = children.read_text().split() if children.exists() else []
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.2)
        assert len(workers) >= 2
        base = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        # New connections each time: the kernel spreads them over both workers' shared socket.
        signed = httpx.post(base + "/login", data={"login": "owner", "password": "correct horse"}, timeout=10)
        assert signed.status_code == 303
        cookie = {"callscout_session": signed.cookies["callscout_session"]}
        answers = [httpx.get(base + "/", cookies=cookie, timeout=10) for _ in range(10)]
        assert all(answer.status_code == 200 and "Ваши оценки" in answer.text for answer in answers)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_progress_writes_are_best_effort_and_nothing_lands_after_the_end(store: Store, evaluation_id: int) -> None:
    from sqlalchemy.exc import OperationalError

    from callscout.web.audits import AuditProgress

    jobs = Jobs(store)
    job, _ = jobs.claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)
    progress = AuditProgress(jobs, job)
    real_update = jobs.update

    def busy(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE jobs", {}, Exception("database is locked"))

    jobs.update = busy  # type: ignore[method-assign]
    progress.report("checks", checks_total=20)  # the store is busy: the audit goes on
    jobs.update = real_update  # type: ignore[method-assign]
    progress.report(checks_done=3)  # retried at once, with everything known so far
    stored = jobs.get(job.id)
    assert stored.state == "checks" and stored.details["checks_total"] == 20 and stored.details["checks_done"] == 3
    progress.finish("done", run_id=None, pages_fetched=5)
    progress.report("checks", checks_done=4)  # a straggler after the end changes nothing
    final = jobs.get(job.id)
    assert final.state == "done" and final.details["checks_done"] == 3 and final.details["pages_fetched"] == 5
