"""Background jobs in the store: any server process reports any job, one running job per subject, and a
job whose process is gone (a restart) reads "interrupted" instead of running forever."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update

from callscout import accounts, evalfile
from callscout.accounts import Role
from callscout.demo import demo_evaluation_path
from callscout.store import Store
from callscout.store.jobs import JobProgress, Jobs, this_process
from callscout.store.tables import JobRow, utcnow
from callscout.web import create_app
from callscout.web.jobs import JobRegistry, registry
from tests.test_web import sign_in
from tests.test_web_areas import sites, wait_for_audit  # noqa: F401 - sites is a fixture
from tests.test_web_calls import BANK, DEMO_CALLS

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


def _claimed_by_a_process_that_ended(
    store: Store, kind: str, evaluation_id: int, state: str, details: dict[str, object]
) -> int:
    """A job of the vendor ГолосПро that a real other process claims, then ends without finishing."""
    code = (
        "import json, sys; from callscout.store import Store; from callscout.store.jobs import Jobs; "
        "job, _ = Jobs(Store(sys.argv[1])).claim(sys.argv[2], int(sys.argv[3]), 'ГолосПро', sys.argv[4], "
        "json.loads(sys.argv[5])); print(job.id)"
    )
    arguments = [store.url, kind, str(evaluation_id), state, json.dumps(details)]
    finished = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
    return int(finished.stdout)


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
    job_id = _claimed_by_a_process_that_ended(store, "audit", evaluation_id, "crawling", {})
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
    sites: tuple[dict[str, tuple[str, int]], Path],  # noqa: F811
) -> None:
    """Two cabinets on one store stand for two workers: the audit starts on one, its progress stream is
    answered by the other, which never saw the audit start."""
    owner = accounts.create_user(store, "owner", "correct horse")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    overrides, authority = sites
    served = {"host_overrides": overrides, "trusted_ca": authority}
    first = TestClient(create_app(store, reports_dir=tmp_path / "r", **served), follow_redirects=False)
    second = TestClient(create_app(store, reports_dir=tmp_path / "r", **served), follow_redirects=False)
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
    restarted = TestClient(create_app(store, reports_dir=tmp_path / "r", **served), follow_redirects=False)
    sign_in(restarted)
    assert jobs.get(cut.id).state == "interrupted"
    page = restarted.get(f"/e/{evaluation_id}/audits/Линия 24")
    assert 'data-state="interrupted"' in page.text
    events = wait_for_audit(restarted, evaluation_id, "Линия 24")
    assert events[-1][0] == "done" and "прервана перезапуском" in events[-1][1]


@contextmanager
def served_cabinet(workers: int = 2) -> Iterator[str]:
    """``callscout serve --workers N`` on a free port of 127.0.0.1, over the isolated home's default
    store; yields the base address once every worker process is up and the cabinet answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "callscout", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        running: list[str] = []
        while time.monotonic() < deadline and len(running) < workers:
            children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
            running = children.read_text().split() if children.exists() else []
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.2)
        assert len(running) >= workers
        base = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _signed_in(base: str) -> tuple[dict[str, str], str]:
    signed = httpx.post(base + "/login", data={"login": "owner", "password": "correct horse"}, timeout=10)
    assert signed.status_code == 303
    cookie = {"callscout_session": signed.cookies["callscout_session"]}
    page = httpx.get(base + "/", cookies=cookie, timeout=10)
    return cookie, re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_serve_with_two_workers_shares_sessions_and_import_jobs(tmp_path: Path) -> None:
    """``callscout serve --workers 2``: a session made by either worker works on both; an import runs in
    the worker that took the upload, and every poll of its progress, whichever worker answers it, reads
    the job from the store, up to "done" with the rows imported."""
    from callscout.calls.storage import CallStore

    store = Store()  # the isolated home's default store, as the served cabinet opens it
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation = evalfile.load(demo_evaluation_path())
    evaluation_id = store.save_evaluation(evaluation)
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    vendor = evaluation.vendors[0].name
    with served_cabinet() as base:
        # New connections each time: the kernel spreads them over both workers' shared socket.
        cookie, csrf = _signed_in(base)
        answers = [httpx.get(base + "/", cookies=cookie, timeout=10) for _ in range(10)]
        assert all(answer.status_code == 200 and "Ваши оценки" in answer.text for answer in answers)
        uploaded = httpx.post(
            f"{base}/e/{evaluation_id}/calls/upload",
            data={"csrf_token": csrf, "vendor": vendor, "format": "auto"},
            files={"file": (BANK.name, BANK.read_bytes(), "text/tab-separated-values")},
            cookies=cookie,
            timeout=60,
        )
        assert uploaded.status_code == 303, uploaded.text
        job_id = re.search(r"import_job=(\d+)", uploaded.headers["location"]).group(1)
        url = f"{base}/e/{evaluation_id}/calls/jobs/{job_id}"
        states: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and states.count("done") < 20:
            # A new connection per poll, as browsers' polls land on either worker.
            answer = httpx.get(url, cookies=cookie, headers={"hx-request": "true"}, timeout=10)
            assert answer.status_code == 200, answer.text  # never "job not found" on the other worker
            states.append(re.search(r'data-job-state="(\w+)"', answer.text).group(1))
            if states[-1] == "done":
                done = answer
                assert done.headers["HX-Refresh"] == "true"
            time.sleep(0.05)
        assert len(states) >= 20 and states[-1] == "done", states
        assert set(states) <= {"running", "done"}
    imported = CallStore(store).imports(evaluation_id)
    store.close()
    assert [row.vendor_name for row in imported] == [vendor] and imported[0].rows > 30_000
    assert f"Импортировано звонков: {imported[0].rows} (" in done.text


def test_an_import_whose_process_is_gone_reads_interrupted(tmp_path: Path) -> None:
    """An import claimed by a server process that then died (a real other process) reads "interrupted"
    on the page and in its polls, and the vendor's next upload may start."""
    store = Store(f"sqlite:///{tmp_path / 'cut.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    client = TestClient(create_app(store, reports_dir=tmp_path / "r"), follow_redirects=False)
    csrf = sign_in(client)
    progress = {"phase": "read", "share": 0.4, "rows": 500}
    job_id = _claimed_by_a_process_that_ended(store, "import", evaluation_id, "read", progress)
    poll = client.get(f"/e/{evaluation_id}/calls/jobs/{job_id}", headers={"hx-request": "true"})
    assert poll.status_code == 200 and poll.headers["HX-Refresh"] == "true"
    assert 'data-job-state="interrupted"' in poll.text and "задача прервана" in poll.text
    page = client.get(f"/e/{evaluation_id}/calls?vendor=ГолосПро&import_job={job_id}")
    assert 'data-job-state="interrupted"' in page.text and "Импорт не удался, ничего не импортировано" in page.text
    uploaded = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "ГолосПро", "format": "auto"},
        files={"file": ("golospro-cabinet.csv", DEMO_CALLS.joinpath("golospro-cabinet.csv").read_bytes(), "text/csv")},
    )
    assert uploaded.status_code == 303, uploaded.text
    started = int(re.search(r"import_job=(\d+)", uploaded.headers["location"]).group(1))
    assert started != job_id and registry(client.app.state.cabinet).wait(started, 60).state == "done"
    store.close()


def test_progress_writes_are_best_effort_and_nothing_lands_after_the_end(store: Store, evaluation_id: int) -> None:
    from sqlalchemy.exc import OperationalError

    from callscout.store.jobs import JobProgress

    jobs = Jobs(store)
    job, _ = jobs.claim("audit", evaluation_id, "ГолосПро", "crawling", DETAILS)
    progress = JobProgress(jobs, job)
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


def test_progress_is_throttled_but_every_phase_change_is_written(
    store: Store, evaluation_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callscout.store import jobs as stored_jobs

    monkeypatch.setattr(stored_jobs, "PROGRESS_WRITE_S", 3600.0)  # counts alone are never written again
    jobs = Jobs(store)
    job, _ = jobs.claim("import", evaluation_id, "ГолосПро", "queued", {"phase": "queued"})
    progress = stored_jobs.JobProgress(jobs, job)
    progress.phase("read", 0.1, 10)
    progress.phase("read", 0.2, 20)
    stored = jobs.get(job.id)
    assert (stored.state, stored.details["rows"], stored.details["share"]) == ("read", 10, 0.1)
    progress.phase("check", 1.7, 30)  # a new phase: written at once, with the latest counts
    stored = jobs.get(job.id)
    assert (stored.state, stored.details["phase"], stored.details["rows"], stored.details["share"]) == (
        "check",
        "check",
        30,
        1.0,
    )
    progress.finish("done", result={"rows": 30})
    assert jobs.get(job.id).details["result"] == {"rows": 30} and jobs.get(job.id).finished


def _ended(store: Store, job_id: int, days_ago: float) -> None:
    with store.session() as session:
        session.execute(
            update(JobRow).where(JobRow.id == job_id).values(updated_at=utcnow() - timedelta(days=days_ago))
        )


def _job(jobs: Jobs, kind: str, evaluation_id: int, subject: str, state: str, days_ago: float) -> int:
    """A job of this process as it stands after ``days_ago`` days, written as is (a claim would prune)."""
    running = state == "running"
    with jobs.store.session() as session:
        row = JobRow(
            kind=kind,
            evaluation_id=evaluation_id,
            subject=subject,
            running_key=f"{kind}/{evaluation_id}/{subject}" if running else None,
            state="crawling" if running else state,
            details=DETAILS,
            owner=this_process(),
        )
        session.add(row)
        session.flush()
        job_id = row.id
    _ended(jobs.store, job_id, days_ago)
    return job_id


def _ids(store: Store) -> set[int]:
    with store.session() as session:
        return set(session.scalars(select(JobRow.id)))


def test_pruning_keeps_each_subjects_last_finished_job_and_the_last_week(store: Store, evaluation_id: int) -> None:
    jobs = Jobs(store)
    old_gone = [
        _job(jobs, "audit", evaluation_id, "ГолосПро", "done", 30),
        _job(jobs, "audit", evaluation_id, "ГолосПро", "failed", 20),
    ]
    recent = _job(jobs, "audit", evaluation_id, "ГолосПро", "done", 2)
    line_old = _job(jobs, "audit", evaluation_id, "Линия 24", "failed", 40)
    line_last = _job(jobs, "audit", evaluation_id, "Линия 24", "interrupted", 9)
    # Another kind of the same subject is its own history: its only (old) job is what its page shows.
    import_last = _job(jobs, "import", evaluation_id, "ГолосПро", "done", 60)
    mind_last = _job(jobs, "audit", evaluation_id, "Call Mind", "done", 50)
    mind_running = _job(jobs, "audit", evaluation_id, "Call Mind", "running", 15)  # its process lives
    assert _ids(store) >= {*old_gone, recent, line_old, line_last, import_last, mind_last, mind_running}

    # A server start prunes every subject.
    registry_at_start = JobRegistry(store)
    assert _ids(store) == {recent, line_last, import_last, mind_last, mind_running}
    # What the pages read is still there.
    assert registry_at_start.latest("audit", evaluation_id, "Линия 24").state == "interrupted"
    assert registry_at_start.latest("import", evaluation_id, "ГолосПро").id == import_last
    assert registry_at_start.running("audit", evaluation_id, "Call Mind").id == mind_running
    assert jobs.prune() == 0

    # A new job prunes its own subject only: Линия 24's week-old job goes once a newer one has ended.
    jobs.update(mind_running, state="done")
    _ended(store, mind_running, 15)
    newer = _job(jobs, "audit", evaluation_id, "Линия 24", "done", 0)
    _ended(store, line_last, 9)
    again, _ = jobs.claim("audit", evaluation_id, "Линия 24", "crawling", DETAILS)
    assert _ids(store) == {recent, newer, again.id, import_last, mind_last, mind_running}


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another connection holds a write transaction on the SQLite file for ``seconds``."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE jobs SET subject = subject")

    def release() -> None:
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


@pytest.fixture
def impatient_store(tmp_path: Path) -> Store:
    """A store that gives up on a lock after 50 ms instead of its usual 10 s: the lock outlasts it."""
    store = Store(f"sqlite:///{tmp_path / 'jobs.db'}")

    @event.listens_for(store.engine, "connect")
    def _impatient(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    store.engine.dispose()
    yield store
    store.close()


def test_a_finish_that_meets_a_locked_store_still_lands(impatient_store: Store, tmp_path: Path) -> None:
    from sqlalchemy.exc import OperationalError

    store = impatient_store
    evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
    jobs = Jobs(store)
    job, _ = jobs.claim("import", evaluation_id, "ГолосПро", "read", {"phase": "read"})
    progress = JobProgress(jobs, job)
    refused = []
    real_update = jobs.update

    def counted(*args: object, **kwargs: object) -> None:
        try:
            real_update(*args, **kwargs)
        except OperationalError:
            refused.append(True)
            raise

    jobs.update = counted  # type: ignore[method-assign]
    holder = _hold_write_lock(tmp_path / "jobs.db", 0.5)
    progress.finish("done", result={"rows": 30})
    holder.join()
    assert refused  # the first write met the lock ...
    stored = jobs.get(job.id)
    assert stored.state == "done" and stored.details["result"] == {"rows": 30}  # ... and a retry landed


def test_a_finish_the_store_refuses_to_the_end_is_logged(
    impatient_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from callscout.store import jobs as stored_jobs

    monkeypatch.setattr(stored_jobs, "FINISH_ATTEMPTS", 2)
    store = impatient_store
    evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
    jobs = Jobs(store)
    job, _ = jobs.claim("import", evaluation_id, "ГолосПро", "read", {"phase": "read"})
    holder = _hold_write_lock(tmp_path / "jobs.db", 1.0)
    with caplog.at_level(logging.ERROR, logger="callscout.store.jobs"):
        JobProgress(jobs, job).finish("done")  # the job's thread is not failed by it
    holder.join()
    assert jobs.get(job.id).state == "read"
    assert any(f"job {job.id} ended done" in record.getMessage() for record in caplog.records)
