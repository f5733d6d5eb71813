"""Jobs on a real broker: Debian's redis-server started for the test session, `callscout worker` processes
started as a user starts them, audits of sites served on 127.0.0.1, the store (PostgreSQL or SQLite) as the
one source of truth for every job's state.

All tests that need Redis live in this file, so that ``--dist loadfile`` keeps the one Redis server of the
session in one pytest worker.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from callscout import evalfile
from callscout.demo import demo_evaluation_path
from callscout.jobs import broker, runner, tasks
from callscout.jobs.tasks import TaskContext
from callscout.store import Store
from callscout.store.jobs import Job, Jobs
from callscout.store.tables import RunRow
from callscout.web_audit.audit import RUN_KIND as AUDIT_RUN
from tests.test_store import postgres_url  # noqa: F401 - the module's PostgreSQL server fixture
from tests.web_servers import send, serve

REDIS = shutil.which("redis-server")
_databases = itertools.count()
PAGE = (
    "<html><head><title>Колл-центр {name}</title></head><body><h1>Колл-центр {name}</h1>"
    "<p>ООО «Тест» ИНН 7707083893, телефон +7 495 123-45-67</p>{link}</body></html>"
)
CRAWL = {"allow_private_network": True, "host_overrides": {}, "trusted_ca": None}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One redis-server (Debian's) for the test session, on a free port of 127.0.0.1, nothing on disk."""
    if REDIS is None:
        pytest.skip("redis-server is not installed (scripts/system-deps.sh installs it)")
    directory = tmp_path_factory.mktemp("redis")
    port = _free_port()
    process = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(directory),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start (exit {process.poll()})")
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def queue_db(redis_url: str) -> str:
    """Each test its own Redis database (0-15), so no test sees another's messages."""
    import redis

    url = redis_url.rsplit("/", 1)[0] + f"/{1 + next(_databases) % 15}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def broker_env(queue_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(runner.BROKER_ENV, queue_db)
    # A heartbeat every 3 s: short enough to matter, long enough for a loaded machine (a worker whose
    # lease runs out is taken for gone).
    monkeypatch.setenv(broker.LEASE_ENV, "12")
    return queue_db


class Site:
    """Pages on 127.0.0.1: ``/vNN/`` one page each (counted), ``/chain/pN`` a chain of pages that take
    ``delay`` seconds each while ``slow`` is set (a long crawl to interrupt or cancel)."""

    def __init__(self) -> None:
        self.slow = threading.Event()
        self.delay = 0.4
        self.server: object = None

    def route(self, handler: object) -> None:
        path = handler.path.split("?", 1)[0]  # type: ignore[attr-defined]
        if path.startswith("/chain/p"):
            number = int(path.removeprefix("/chain/p") or 0)
            if self.slow.is_set():
                time.sleep(self.delay)
            following = f'<a href="/chain/p{number + 1}">дальше</a>' if number < 25 else ""
            send(handler, PAGE.format(name=f"цепочка {number}", link=following))  # type: ignore[arg-type]
        elif path.startswith("/v"):
            send(handler, PAGE.format(name=path.strip("/"), link=""))  # type: ignore[arg-type]
        else:
            send(handler, b"not here", status=404, content_type="text/plain")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Site, object]]:
    local = Site()
    with serve({"*": local.route}) as server:
        yield local, server


def _evaluation(store: Store, websites: list[str]) -> int:
    demo = evalfile.load(demo_evaluation_path())
    template = demo.vendors[0]
    vendors = [
        template.model_copy(update={"name": f"Вендор {number:02d}", "website": website})
        for number, website in enumerate(websites)
    ]
    return store.save_evaluation(demo.model_copy(update={"vendors": vendors}))


def _queue_audits(store: Store, evaluation_id: int, websites: list[str]) -> list[Job]:
    from callscout.store.ownership import vendor_ref

    context = TaskContext(store)
    queued = []
    for number, url in enumerate(websites):
        name = f"Вендор {number:02d}"
        params = {"url": url, "vendor_id": vendor_ref(store, evaluation_id, name).id, "crawl": CRAWL}
        job, created = runner.submit(context, tasks.AUDIT, evaluation_id, params, subject=name)
        assert created and job.state == "queued" and job.owner == "queue:audits"
        queued.append(job)
    return queued


def _worker(database_url: str, *arguments: str) -> subprocess.Popen[str]:
    """``callscout worker`` as a user starts it, with the test's broker and store in its environment."""
    env = {**os.environ, "CALLSCOUT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "callscout", "worker", *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(process: subprocess.Popen[str]) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.stdout.read() if process.stdout else ""


def _wait(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _callscout(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CALLSCOUT_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "callscout", *arguments], env=env, capture_output=True, text=True, timeout=120
    )


# --- no broker ------------------------------------------------------------------------------------------


def test_worker_without_a_broker_url_says_what_to_set_in_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(runner.BROKER_ENV, raising=False)
    finished = _callscout("sqlite:///unused.db", "worker")
    assert finished.returncode == 2
    assert "не задан адрес брокера задач" in finished.stderr and "CALLSCOUT_BROKER_URL=redis://" in finished.stderr
    assert "Traceback" not in finished.stderr
    # The other refusals, in this process (each before anything connects anywhere).
    from typer.testing import CliRunner

    from callscout.cli.main import app
    from callscout.errors import UsageError

    for url, arguments, expected in (
        ("amqp://127.0.0.1/", [], "поддерживается только Redis"),
        ("redis://127.0.0.1:1/0", ["--queues", "audits,emails"], "неизвестные очереди emails; есть: audits"),
    ):
        result = CliRunner().invoke(app, ["worker", *arguments], env={runner.BROKER_ENV: url})
        assert isinstance(result.exception, UsageError) and expected in str(result.exception), result.output


# --- two workers, fifty audits, a shared PostgreSQL store ---------------------------------------------------


def test_two_workers_drain_fifty_queued_audits_each_run_exactly_once(
    broker_env: str, request: pytest.FixtureRequest, site: tuple[Site, object]
) -> None:
    _local, server = site
    postgres = request.getfixturevalue("postgres_url")  # PostgreSQL: the store of a shared deployment
    store = Store(postgres)
    websites = [server.url(f"/v{number:02d}/") for number in range(50)]  # type: ignore[attr-defined]
    evaluation_id = _evaluation(store, websites)
    queued = _queue_audits(store, evaluation_id, websites)
    # Every message delivered twice (a redelivery after a lost acknowledgement): each job still runs once.
    for job in queued:
        broker.send(broker_env, job)
    workers = [_worker(postgres, "--threads", "2"), _worker(postgres, "--threads", "2")]
    jobs = Jobs(store)
    try:
        _wait(lambda: all(jobs.get(job.id).finished for job in queued), 180, "50 audits to end")
    finally:
        logs = [_stop(worker) for worker in workers]
    ended = [jobs.get(job.id) for job in queued]
    assert Counter(job.state for job in ended) == {"done": 50}, [(job.id, job.state, job.error) for job in ended]
    # Each run exactly once: one attempt per job, one stored audit per vendor, one fetch of each site.
    assert {job.details.get("attempts") for job in ended} == {1}
    assert len({job.run_id for job in ended}) == 50
    with store.session() as session:
        per_vendor = dict(
            session.execute(
                select(RunRow.vendor_id, func.count()).where(RunRow.kind == AUDIT_RUN).group_by(RunRow.vendor_id)
            ).all()
        )
    assert len(per_vendor) == 50 and set(per_vendor.values()) == {1}
    fetched = Counter(path for path in server.paths() if path.startswith("/v"))  # type: ignore[attr-defined]
    assert fetched == Counter({f"/v{number:02d}/": 1 for number in range(50)})
    # Both workers took part (their pids are the jobs' owners), and no job is left running.
    owners = Counter(job.details.get("worker", "").split(":")[1] for job in ended)
    assert set(owners) == {str(worker.pid) for worker in workers}, (owners, logs)
    assert jobs.recent(running_only=True) == []
    store.close()


# --- a worker killed mid-job; cancel through the broker ---------------------------------------------------


def _running(jobs: Jobs, job_id: int, pages: int = 1) -> Job | None:
    job = jobs.get(job_id)
    return job if job and job.state == "crawling" and (job.details.get("pages_fetched") or 0) >= pages else None


def test_a_worker_killed_mid_job_leaves_it_interrupted_and_a_rerun_completes(
    broker_env: str, tmp_path: Path, site: tuple[Site, object]
) -> None:
    local, server = site
    database = f"sqlite:///{tmp_path / 'jobs.db'}"
    store = Store(database)
    url = server.url("/chain/p0")  # type: ignore[attr-defined]
    evaluation_id = _evaluation(store, [url])
    (job,) = _queue_audits(store, evaluation_id, [url])
    jobs = Jobs(store)
    local.slow.set()
    worker = _worker(database, "--threads", "1")
    try:
        running = _wait(lambda: _running(jobs, job.id, pages=2), 60, "the audit to be crawling")
        assert running.owner.split(":")[1] == str(worker.pid)
        worker.kill()  # SIGKILL: no goodbye, the job's row still says it runs
        worker.wait(timeout=10)
    finally:
        _stop(worker)
    # The web, `callscout jobs list` or the next worker: the worker's process is gone, so the job reads
    # interrupted (on another machine its lease would run out the same way).
    listed = _callscout(database, "jobs", "list", "--output", "json")
    assert [(item["id"], item["state"]) for item in json.loads(listed.stdout)] == [(job.id, "interrupted")]
    assert jobs.get(job.id).state == "interrupted"
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(RunRow)) == 0  # nothing half-saved
    local.slow.clear()
    again = _worker(database, "--threads", "1")
    try:
        rerun = _callscout(database, "jobs", "rerun", str(job.id), "--wait", "90")
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    finally:
        _stop(again)
    newest = jobs.latest(tasks.AUDIT, evaluation_id, "Вендор 00")
    assert newest.id != job.id and newest.state == "done" and newest.run_id is not None
    assert jobs.get(job.id).state == "interrupted"  # the history keeps how the first one ended
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(RunRow)) == 1
    store.close()


def test_cancel_through_the_broker_queued_and_running(
    broker_env: str, tmp_path: Path, site: tuple[Site, object]
) -> None:
    local, server = site
    database = f"sqlite:///{tmp_path / 'jobs.db'}"
    store = Store(database)
    urls = [server.url("/chain/p0"), server.url("/chain/p1")]  # type: ignore[attr-defined]
    evaluation_id = _evaluation(store, urls)
    waiting, running_job = _queue_audits(store, evaluation_id, urls)
    jobs = Jobs(store)
    # No worker yet: the queued job is cancelled at once, and its message, delivered later, runs nothing.
    cancelled = _callscout(database, "jobs", "cancel", str(waiting.id), "--wait", "0")
    assert cancelled.returncode == 0 and "отменено" in cancelled.stdout, cancelled.stdout + cancelled.stderr
    assert jobs.get(waiting.id).state == "cancelled"
    local.slow.set()
    worker = _worker(database, "--threads", "2")
    try:
        _wait(lambda: _running(jobs, running_job.id), 60, "the second audit to be crawling")
        stopped = _callscout(database, "jobs", "cancel", str(running_job.id), "--wait", "30")
        assert stopped.returncode == 0 and "отменено" in stopped.stdout, stopped.stdout + stopped.stderr
    finally:
        local.slow.clear()
        log = _stop(worker)
    assert jobs.get(running_job.id).state == "cancelled", log
    waited = jobs.get(waiting.id)
    assert waited.state == "cancelled" and "attempts" not in waited.details  # no worker ever took it
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(RunRow)) == 0  # a cancelled audit saves nothing
    assert "Traceback" not in log, log
    store.close()


# --- retries and time limits, on a worker inside the test process ------------------------------------------


@pytest.fixture
def worker_in_thread(broker_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A worker running in a thread of this process (its tasks can be the test's), on a fresh store."""
    database = f"sqlite:///{tmp_path / 'jobs.db'}"
    monkeypatch.setenv("CALLSCOUT_DATABASE_URL", database)
    monkeypatch.setattr(broker, "_brokers", {})
    store = Store(database)
    yield store
    store.close()


def _start_in_thread(url: str, queues: tuple[str, ...]) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=broker.run_worker, args=(url, queues, 2), kwargs={"stop": stop}, daemon=True)
    thread.start()
    return thread, stop


def test_a_transient_failure_is_retried_after_a_back_off_and_a_time_limit_fails_the_job(
    worker_in_thread: Store, broker_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    store = worker_in_thread
    calls: list[float] = []

    def flaky(context: TaskContext, params: dict[str, object], progress: object) -> dict[str, object]:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return {"answer": 42}

    def endless(context: TaskContext, params: dict[str, object], progress: object) -> None:
        while True:
            time.sleep(0.05)
            progress.report(share=0.5)  # type: ignore[attr-defined]

    monkeypatch.setitem(
        tasks.TASKS, "flaky", tasks.Task("flaky", flaky, queue="live", time_limit_s=60, min_backoff_s=0.5)
    )
    monkeypatch.setitem(tasks.TASKS, "endless", tasks.Task("endless", endless, queue="live", time_limit_s=1.5))
    evaluation_id = _evaluation(store, [])
    context = TaskContext(store)
    flaky_job, _ = runner.submit(context, "flaky", evaluation_id, {})
    endless_job, _ = runner.submit(context, "endless", evaluation_id, {})
    thread, stop = _start_in_thread(broker_env, ("live",))
    jobs = Jobs(store)
    try:
        done = _wait(lambda: (job := jobs.get(flaky_job.id)).finished and job, 60, "the flaky job to end")
        limited = _wait(lambda: (job := jobs.get(endless_job.id)).finished and job, 60, "the endless job to stop")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert done.state == "done" and done.details["result"] == {"answer": 42}
    assert done.details["attempts"] == 2 and "OperationalError" in done.details["retry_error"]
    assert calls[1] - calls[0] >= 0.4  # tried again after the back-off, not at once
    assert limited.state == "failed" and "превышен предел времени" in limited.error and "endless" in limited.error
    # Stored by the worker as codes: a reader of another language than the starter's reads it in theirs.
    assert "time limit" in limited.error_text("en") and "endless" in limited.error_text("en")
    assert not re.search(r"[А-Яа-яЁё]", limited.error_text("en") or "")
    assert jobs.recent(running_only=True) == []


def test_a_job_whose_lease_ran_out_stays_interrupted_when_its_worker_writes_late(tmp_path: Path) -> None:
    """A worker cut off from the store (not dead, on another machine) past its lease: the job is taken for
    interrupted, and the worker's late writes neither revive it nor mark it done; its work stops."""
    from datetime import timedelta

    from callscout.store.jobs import JobCancelled, JobProgress

    store = Store(f"sqlite:///{tmp_path / 'jobs.db'}")
    evaluation_id = _evaluation(store, [])
    jobs = Jobs(store)
    job, _ = jobs.claim(tasks.AUDIT, evaluation_id, "Вендор 00", "queued", {}, params={}, queue="audits")
    taken = jobs.take(job.id, timedelta(seconds=-1))  # a lease that has already run out
    assert taken is not None and jobs.take(job.id, timedelta(seconds=60)) is None  # taken once only
    assert jobs.get(job.id).state == "interrupted"
    progress = JobProgress(jobs, taken)
    with pytest.raises(JobCancelled):
        progress.report("checks", pages_fetched=3)
    progress.finish("done", run_id=None)
    assert jobs.get(job.id).state == "interrupted" and "pages_fetched" not in jobs.get(job.id).details
    store.close()


def _webhook() -> tuple[Any, list[dict[str, object]]]:
    """An Apprise ``json://`` receiver on 127.0.0.1: the server (shut it down) and what it received."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[dict[str, object]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return hook, received


def test_alert_checks_are_jobs_on_the_worker_firing_and_recovering_once(
    worker_in_thread: Store, broker_env: str
) -> None:
    """With a broker, `callscout serve`'s live round queues each evaluation's alert check as a job (one at
    a time: a round joins the check still waiting); a worker judges the rules as the in-store round does:
    a long wait fires once however often it is checked, and recovers once; earlier finished checks are
    dropped from the job history."""
    from datetime import UTC, datetime, timedelta

    from callscout.live.events import LiveEvent
    from callscout.live.ingest import LiveStore
    from callscout.live.service import LiveService
    from callscout.store.ownership import vendor_ref

    hook, received = _webhook()
    store = worker_in_thread
    evaluation, problems = evalfile.parse_text(
        "name: Контроль линии\nneeds: {calls_per_month: 3000}\nvendors: [{name: Поток}]\n"
        f"alerts:\n  notify: ['json://127.0.0.1:{hook.server_address[1]}/hook']\n  wait_longer_than_s: 120\n"
        "  no_calls_min: null\n  ingestion_silent_min: null\n  digest_at: null\n"
    )
    assert not problems
    evaluation_id = store.save_evaluation(evaluation)
    vendor = vendor_ref(store, evaluation_id, "Поток")
    live = LiveStore(store)
    now = datetime.now(UTC)
    live.ingest(vendor.id, [LiveEvent(type="enter_queue", call_id="1", ts=now - timedelta(seconds=300))])
    service = LiveService(store, tick_s=3600)
    jobs = Jobs(store)

    def checks() -> list[Job]:
        return [job for job in jobs.recent() if job.kind == tasks.ALERTS]

    def round_on_the_worker() -> Job:
        service.tick()
        (job,) = [job for job in checks() if not job.finished]
        return _wait(lambda: (current := jobs.get(job.id)).finished and current, 60, "the alert check to end")

    service.tick()
    service.tick()  # the evaluation's check is queued: this round joins it
    (queued,) = checks()
    assert queued.owner == "queue:live" and queued.state == "queued" and queued.evaluation_id == evaluation_id
    thread, stop = _start_in_thread(broker_env, ("live",))
    try:
        first = _wait(lambda: (current := jobs.get(queued.id)).finished and current, 60, "the alert check to end")
        second = round_on_the_worker()  # still waiting: the episode stays open, nothing sent again
        live.ingest(vendor.id, [LiveEvent(type="answer", call_id="1", agent="a", ts=datetime.now(UTC))])
        third = round_on_the_worker()
    finally:
        stop.set()
        thread.join(timeout=60)
        hook.shutdown()
    key = str(vendor.id)
    assert first.state == "done" and first.details["result"]["vendors"][key] == [
        {"rule": "long_wait", "state": "firing"}
    ]
    assert second.state == "done" and second.details["result"]["vendors"][key] == []
    assert third.state == "done" and third.details["result"]["vendors"][key] == [
        {"rule": "long_wait", "state": "recovered"}
    ]
    assert [item["title"] for item in received] == ["Тревога: Поток", "Восстановлено: Поток"]
    assert [job.id for job in checks()] == [third.id]  # the earlier checks are gone from the history


def test_the_morning_digest_is_a_job_on_the_worker_and_is_sent_once(worker_in_thread: Store, broker_env: str) -> None:
    """With a broker, `callscout serve`'s live round queues the day's digest as a job; a worker builds it
    and sends it through Apprise (to a hook on 127.0.0.1), once, however many rounds ask for it."""
    from callscout.live.service import LiveService

    hook, received = _webhook()
    store = worker_in_thread
    evaluation, problems = evalfile.parse_text(
        "name: Контроль линии\nneeds: {calls_per_month: 3000}\nvendors: [{name: Поток}]\n"
        f"alerts:\n  notify: ['json://127.0.0.1:{hook.server_address[1]}/hook']\n  digest_at: '00:00'\n"
    )
    assert not problems
    evaluation_id = store.save_evaluation(evaluation)
    service = LiveService(store, tick_s=3600)
    service.tick()
    service.tick()  # the day's job is queued or running: this round joins it
    jobs = Jobs(store)
    (job,) = [job for job in jobs.recent() if job.kind == tasks.DIGEST]
    assert job.evaluation_id == evaluation_id and job.owner == "queue:live"
    thread, stop = _start_in_thread(broker_env, ("live",))
    try:
        done = _wait(lambda: (current := jobs.get(job.id)).finished and current, 60, "the digest job to end")
        service.tick()  # logged for the day now: nothing queued, nothing sent
    finally:
        stop.set()
        thread.join(timeout=60)
        hook.shutdown()
    assert done.state == "done" and done.details["result"]["sent"] is True, done
    assert [item["title"] for item in received] == [done.details["result"]["title"]]
    assert str(received[0]["title"]).startswith("Сводка за ")
    assert [job.id for job in jobs.recent() if job.kind == tasks.DIGEST] == [job.id]


def test_an_audit_and_an_import_started_in_the_cabinet_run_on_a_worker_and_the_pages_follow(
    worker_in_thread: Store, broker_env: str, tmp_path: Path, site: tuple[Site, object]
) -> None:
    from fastapi.testclient import TestClient

    from callscout import accounts
    from callscout.accounts import Role
    from callscout.web import create_app
    from tests.test_web_areas import sign_in, wait_for_audit

    _local, server = site
    store = worker_in_thread
    evaluation_id = _evaluation(store, [server.url("/v77/")])  # type: ignore[attr-defined]
    owner = accounts.create_user(store, "owner", "correct horse")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    app = create_app(store, reports_dir=tmp_path / "reports", allow_private_network=True)
    client = TestClient(app, follow_redirects=False)
    csrf = sign_in(client)
    started = client.post(f"/e/{evaluation_id}/audits/Вендор 00/start", data={"csrf_token": csrf})
    assert started.status_code == 303
    (job,) = Jobs(store).recent()
    assert job.state == "queued" and job.owner == "queue:audits"  # waits for a worker, in the store
    page = client.get(f"/e/{evaluation_id}/audits/Вендор 00")
    assert page.status_code == 200 and "Traceback" not in page.text
    # A call-log upload too: saved by the web process where the worker finds it, imported by the worker.
    calls_file = Path(__file__).resolve().parents[1] / "src/callscout/demo/data/calls/golospro-cabinet.csv"
    uploaded = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Вендор 00"},
        files={"file": ("calls.csv", calls_file.read_bytes())},
    )
    assert uploaded.status_code == 303, uploaded.text
    import_job = int(uploaded.headers["location"].split("import_job=")[1].split("#")[0])
    thread, stop = _start_in_thread(broker_env, ("audits", "imports"))
    jobs = Jobs(store)
    try:
        events = wait_for_audit(client, evaluation_id, "Вендор 00")
        imported = _wait(lambda: (job := jobs.get(import_job)).finished and job, 120, "the import to end")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert imported.state == "done" and imported.details["result"]["rows"] > 0, imported
    from callscout.calls.storage import CallStore

    assert not list(CallStore(store).work_dir.glob("upload-*"))  # the upload went with its job
    progress = client.get(f"/e/{evaluation_id}/calls/jobs/{import_job}")
    assert progress.status_code == 200 and "Traceback" not in progress.text
    last = json.loads(events[-1][1])
    assert events[-1][0] == "done" and last["state"] == "done" and last["pages_fetched"] == 1, events
    assert last["text"].startswith("готово: страниц 1")
    assert server.paths().count("/v77/") == 1  # type: ignore[attr-defined]
    assert Jobs(store).get(job.id).run_id is not None


def test_without_a_broker_jobs_rerun_runs_the_interrupted_job_in_the_command_itself(
    tmp_path: Path, site: tuple[Site, object]
) -> None:
    """The in-store runner: an audit whose server process died reads interrupted; `callscout jobs rerun`
    runs it again here, to its end. A job started as a closure (no parameters kept) says it cannot."""
    from callscout.errors import DataError
    from callscout.store.tables import JobRow

    _local, server = site
    database = f"sqlite:///{tmp_path / 'jobs.db'}"
    store = Store(database)
    url = server.url("/v88/")  # type: ignore[attr-defined]
    evaluation_id = _evaluation(store, [url])
    jobs = Jobs(store)
    params = {"url": url, "vendor_id": None, "crawl": CRAWL, "evaluation_id": evaluation_id, "language": "ru"}
    job, _ = jobs.claim(tasks.AUDIT, evaluation_id, "Вендор 00", "crawling", {}, params=params)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with store.session() as session:
        session.get(JobRow, job.id).owner = f"{job.owner.split(':')[0]}:{int(finished.stdout)}:gone"
    assert jobs.get(job.id).state == "interrupted"
    rerun = _callscout(database, "jobs", "rerun", str(job.id))
    assert rerun.returncode == 0 and "готово" in rerun.stdout, rerun.stdout + rerun.stderr
    newest = jobs.latest(tasks.AUDIT, evaluation_id, "Вендор 00")
    assert newest.id != job.id and newest.state == "done" and newest.run_id is not None
    closure, _ = jobs.claim("import", evaluation_id, "Вендор 00", "read", {})
    jobs.update(closure.id, state="failed")
    with pytest.raises(DataError, match="её параметры не сохранены"):
        runner.rerun(TaskContext(store), closure.id)
    store.close()
