"""Starting and running jobs, one interface over two backends:

- in the store only (the default, one machine): the job runs in a thread of the process that started it,
  which owns it; a job whose process is gone reads "interrupted";
- on a broker (``CALLSCOUT_BROKER_URL=redis://…``): the job waits in the store, owned by its queue, while
  Dramatiq carries its id to a ``callscout worker``, which takes it in one UPDATE (a message delivered
  twice runs its job once), renews its lease while it runs, and finishes it in the store.

The job's progress, cancel and end are the same either way (``JobProgress``): pages and ``callscout jobs``
read the store, never the broker.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from callscout.errors import CallScoutError, DataError
from callscout.i18n import current_language, msg
from callscout.jobs.tasks import QUEUED, TASKS, TaskContext
from callscout.store.jobs import Job, JobCancelled, JobProgress, Jobs

BROKER_ENV = "CALLSCOUT_BROKER_URL"


def broker_url() -> str | None:
    """The broker jobs go to (``redis://…``), or None: the in-store runner."""
    return os.environ.get(BROKER_ENV, "").strip() or None


def submit(
    context: TaskContext,
    kind: str,
    evaluation_id: int,
    params: dict[str, Any],
    *,
    subject: str = "",
    details: dict[str, Any] | None = None,
) -> tuple[Job, bool]:
    """Start the task ``kind`` on ``params`` (JSON) for ``subject``, in the caller's language. While a job
    of this (kind, evaluation, subject) runs anywhere it is returned with ``False`` and nothing starts."""
    task = TASKS[kind]
    params = {**params, "evaluation_id": evaluation_id, "language": current_language()}
    json.dumps(params)  # a value JSON cannot hold fails here, in the caller, not in a worker
    initial = {"phase": QUEUED, "share": 0.0, "rows": None, "started": time.time(), **(details or {})}
    jobs = Jobs(context.store)
    url = broker_url()
    if url is None:
        job, created = jobs.claim(kind, evaluation_id, subject, task.start_state, initial, params=params)
        if created:
            cleanup = (lambda: task.cleanup(params)) if task.cleanup is not None else None
            start_thread(JobProgress(jobs, job), lambda progress: task.run(context, params, progress), cleanup)
        return job, created
    job, created = jobs.claim(kind, evaluation_id, subject, QUEUED, initial, params=params, queue=task.queue)
    if created:
        from callscout.jobs import broker

        try:
            broker.send(url, job)
        except Exception as error:  # noqa: BLE001 - whatever the client raises, the job must not wait forever
            message = msg(
                "jobs.runner.job_broker_is_unreachable_job_was", url=broker.safe_url(url), error=type(error).__name__
            )
            JobProgress(jobs, job).finish("failed", error=message, ended=time.time())
            if task.cleanup is not None:
                task.cleanup(params)
            job = jobs.get(job.id) or job
    return job, created


def rerun(context: TaskContext, job_id: int) -> Job:
    """A new job with the parameters of an ended one (interrupted, failed, cancelled or done), started the
    way ``submit`` starts jobs; the old one stays in the history as it ended."""
    jobs = Jobs(context.store)
    job = jobs.get(job_id)
    if job is None:
        raise DataError(msg("jobs.runner.job_not_found", id=job_id))
    if not job.finished:
        raise DataError(msg("jobs.runner.job_is_still_running", id=job_id))
    if job.params is None or job.kind not in TASKS:
        raise DataError(msg("jobs.runner.job_cannot_be_re_run_from", id=job_id))
    params = {key: value for key, value in job.params.items() if key not in ("evaluation_id", "language")}
    details = {key: job.details[key] for key in ("url",) if key in job.details}
    new, created = submit(context, job.kind, job.evaluation_id, params, subject=job.subject, details=details)
    if not created:
        raise DataError(msg("jobs.runner.such_job_is_already_running", id=new.id))
    return new


def start_thread(
    progress: JobProgress, work: Callable[[JobProgress], Any], cleanup: Callable[[], None] | None
) -> threading.Thread:
    """The in-store runner: ``work`` in a daemon thread of this process, in the caller's language."""
    context = contextvars.copy_context()
    thread = threading.Thread(
        target=context.run,
        args=(execute, progress, work, cleanup),
        name=f"callscout-job-{progress.job_id}",
        daemon=True,
    )
    thread.start()
    return thread


def execute(
    progress: JobProgress,
    work: Callable[[JobProgress], Any],
    cleanup: Callable[[], None] | None,
    *,
    retry: Callable[[BaseException], bool] | None = None,
    stopped: tuple[type[BaseException], ...] = (),
    stopped_message: str = "",
) -> None:
    """Run ``work(progress)`` to its end in the store. What it returns (JSON-able) is stored as the job's
    ``result``, unless ``work`` finished the job itself. A ``CallScoutError`` fails the job with its
    message and details; ``cleanup`` runs either way, before the job reads as finished.

    ``retry(error)``: true for a failure to try again later; it is raised unchanged (no cleanup, the job
    not finished: the caller hands it back to its queue). ``stopped``: interruptions raised into the work
    from outside (a worker's time limit) that fail the job with ``stopped_message``."""
    outcome: dict[str, Any]
    try:
        outcome = {"state": "done", "share": 1.0, "result": _stored(work(progress))}
    except JobCancelled:
        outcome = {"state": "cancelled"}
    except CallScoutError as error:
        # The texts as raised (catalogue texts keep their keys): the store keeps them coded, for every reader.
        outcome = {"state": "failed", "error": error.message, "lines": list(error.details or [])}
    except Exception as error:  # the page shows why; the cabinet goes on
        if retry is not None and retry(error):
            raise
        outcome = {"state": "failed", "error": f"{type(error).__name__}: {error}"[:300]}
    except stopped:
        outcome = {"state": "failed", "error": stopped_message}
    if cleanup is not None:
        cleanup()
    if progress.finished:
        return  # the work finished its job itself (with its own run id and counts)
    state, error = outcome.pop("state"), outcome.pop("error", None)
    progress.finish(state, error=error, ended=time.time(), **outcome)


def _stored(result: Any) -> Any:
    """The result as the store keeps it (JSON): a value JSON cannot hold fails here, not in the store."""
    return json.loads(json.dumps(result, ensure_ascii=False))
