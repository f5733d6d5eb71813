"""Jobs on Dramatiq with Redis (``CALLSCOUT_BROKER_URL=redis://…``): one actor per kind of job, each on its
task's queue; a message carries only the job's id, the store holds everything else.

Why Dramatiq rather than Celery: messages are acknowledged after the work (a killed worker's messages go
back to the queue), retries with exponential back-off and per-message time limits are built-in middleware,
and a worker is a plain object we start ourselves inside ``callscout worker`` (no separate app, result
backend or beat process to deploy). Exactly-once effect does not come from the broker (none gives it):
a worker takes a job in the store with one UPDATE that only succeeds while the job waits in its queue.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from callscout.i18n import msg, set_language
from callscout.jobs.runner import execute
from callscout.jobs.tasks import QUEUES, TASKS, Task, TaskContext, transient
from callscout.store.jobs import Job, JobProgress, Jobs, this_process

if TYPE_CHECKING:
    from dramatiq import Broker

ACTOR_PREFIX = "callscout_"
LEASE_ENV = "CALLSCOUT_JOB_LEASE_S"
DEFAULT_LEASE_S = 60.0
# A message's own redeliveries (the store unreachable when a worker takes its job) stop after these.
MAX_MESSAGE_RETRIES = 20
STOP_TIMEOUT_S = 30.0
log = logging.getLogger(__name__)

_brokers: dict[str, Broker] = {}
_brokers_lock = threading.Lock()
_context: TaskContext | None = None  # the worker process's store, set by ``run_worker``


class RetryLater(Exception):
    """A job's transient failure: it went back to its queue in the store, and the message to the broker,
    which delivers it again after a back-off."""


def safe_url(url: str) -> str:
    """The broker's address without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def lease() -> timedelta:
    """How long a running job's lease lasts without the heartbeat of its worker (renewed each quarter)."""
    try:
        seconds = float(os.environ.get(LEASE_ENV) or DEFAULT_LEASE_S)
    except ValueError:
        seconds = DEFAULT_LEASE_S
    return timedelta(seconds=max(2.0, seconds))


def get_broker(url: str) -> Broker:
    """This process's broker for ``url`` with an actor per kind of job (made once)."""
    with _brokers_lock:
        if url not in _brokers:
            import dramatiq
            from dramatiq.brokers.redis import RedisBroker

            broker = RedisBroker(url=url)
            for task in TASKS.values():
                dramatiq.Actor(
                    _processor(task.kind),
                    broker=broker,
                    actor_name=ACTOR_PREFIX + task.kind,
                    queue_name=task.queue,
                    priority=0,
                    options={"retry_when": _retry_when},
                )
            _brokers[url] = broker
        return _brokers[url]


def send(url: str, job: Job) -> None:
    """The job's id to its task's queue, with the task's time limit and back-off."""
    task = TASKS[job.kind]
    actor = get_broker(url).get_actor(ACTOR_PREFIX + task.kind)
    actor.send_with_options(
        args=(job.id,),
        time_limit=int(task.time_limit_s * 1000),
        min_backoff=int(task.min_backoff_s * 1000),
        max_backoff=int(task.max_backoff_s * 1000),
        max_retries=MAX_MESSAGE_RETRIES,
    )


def _retry_when(retries: int, error: BaseException) -> bool:
    return retries < MAX_MESSAGE_RETRIES and (isinstance(error, RetryLater) or transient(error))


def _processor(kind: str) -> Any:
    def process(job_id: int) -> None:
        process_job(job_id)

    process.__name__ = ACTOR_PREFIX + kind
    return process


def process_job(job_id: int) -> str:
    """What a worker does with a delivered message: take the job (or nothing, if it does not wait in a
    queue any more), run it to its end in the store, or hand it back on a transient failure. Returns
    what became of it ("skipped", "ended", "retry")."""
    from dramatiq.middleware.time_limit import TimeLimitExceeded

    if _context is None:
        raise RuntimeError("process_job runs in a worker started by run_worker")
    jobs = Jobs(_context.store)
    job = jobs.take(job_id, lease())
    if job is None:
        log.info("job %s: not waiting in a queue (already run, running or cancelled): message dropped", job_id)
        return "skipped"
    task = TASKS[job.kind]
    params = job.params or {}
    set_language(params.get("language"))
    progress = JobProgress(jobs, job)
    attempts = int(job.details.get("attempts") or 0) + 1

    def work(progress: JobProgress) -> Any:
        progress.report(task.start_state, attempts=attempts, worker=this_process())
        return task.run(_context, params, progress)  # type: ignore[arg-type]

    cleanup = (lambda: task.cleanup(params)) if task.cleanup is not None else None
    try:
        execute(
            progress,
            work,
            cleanup,
            retry=lambda error: transient(error) and attempts <= task.max_retries,
            stopped=(TimeLimitExceeded,),
            stopped_message=_time_limit_message(task),
        )
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"[:300]
        jobs.release(job_id, task.queue, attempts=attempts, phase="queued", retry_error=reason)
        raise RetryLater(reason) from error
    return "ended"


def _time_limit_message(task: Task) -> str:
    return msg("jobs.broker.job_was_stopped_past_time_limit", kind=task.kind, minutes=round(task.time_limit_s / 60))


def run_worker(url: str, queues: tuple[str, ...], threads: int, stop: threading.Event | None = None) -> None:
    """One worker process: Dramatiq's consumers on ``queues`` with ``threads`` threads, and the heartbeat
    that renews the leases of its running jobs and marks the jobs of dead workers "interrupted". Stops
    on SIGTERM/SIGINT (or ``stop``), letting running jobs end for up to ``STOP_TIMEOUT_S``."""
    global _context
    import dramatiq

    from callscout.store import open_store

    store = open_store()
    _context = TaskContext(store)
    broker = get_broker(url)
    broker.emit_after("process_boot")
    jobs = Jobs(store)
    jobs.interrupt_orphans()
    worker = dramatiq.Worker(broker, queues=set(queues), worker_threads=threads)
    # One message per thread: a killed worker strands no more than it was running.
    worker.queue_prefetch = threads
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    worker.start()
    log.warning(
        "callscout worker %s: queues %s, %d thread(s), broker %s", os.getpid(), ",".join(queues), threads, safe_url(url)
    )
    beat = lease().total_seconds() / 4
    try:
        while not stop.wait(beat):
            _heartbeat(jobs)
    finally:
        worker.stop(timeout=int(STOP_TIMEOUT_S * 1000))
        broker.close()
        store.close()
        _context = None


def _heartbeat(jobs: Jobs) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    try:
        jobs.renew_leases(lease())
        jobs.interrupt_orphans()
    except SQLAlchemyError as problem:  # the next beat tries again; the lease has room for a few misses
        log.warning("heartbeat: the store refused the write: %s", problem)


def run_workers(url: str, queues: tuple[str, ...], processes: int, threads: int) -> None:
    """``processes`` worker processes (started fresh, not forked: each opens its own store and broker),
    stopped together on SIGTERM/SIGINT."""
    if processes <= 1:
        run_worker(url, queues, threads)
        return
    spawn = multiprocessing.get_context("spawn")
    children = [spawn.Process(target=run_worker, args=(url, queues, threads), daemon=False) for _ in range(processes)]
    for child in children:
        child.start()
    stopping = threading.Event()

    def forward(signum: int, _frame: Any) -> None:
        stopping.set()
        for child in children:
            if child.pid is not None and child.is_alive():
                os.kill(child.pid, signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, forward)
    while any(child.is_alive() for child in children):
        time.sleep(0.2)
        if not stopping.is_set():
            # A child that died (killed, out of memory) is replaced: M workers stay M.
            for index, child in enumerate(children):
                if not child.is_alive():
                    log.warning("worker process %s ended (%s): starting another", child.pid, child.exitcode)
                    children[index] = spawn.Process(target=run_worker, args=(url, queues, threads), daemon=False)
                    children[index].start()


__all__ = ["QUEUES", "RetryLater", "get_broker", "process_job", "run_worker", "run_workers", "safe_url", "send"]
