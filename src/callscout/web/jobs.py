"""Long work started from the cabinet (call-log imports, building the report, website audits) runs as a
job of ``callscout.jobs``: in a thread of the server process that started it, or, with
``CALLSCOUT_BROKER_URL`` set, on a ``callscout worker``. Its state lives in the store's jobs
(``callscout.store.jobs``), so that with ``callscout serve --workers N`` any process answers the page's
polls, and a job whose process is gone reads "interrupted" instead of running forever.

A running job's stored state is its phase; its details carry the share done, the rows read, and once
it has ended the result summary, or the message and details lines of the error that failed it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from callscout.accounts import Role
from callscout.i18n import msg, pick
from callscout.jobs import runner
from callscout.jobs.tasks import TaskContext
from callscout.pipeline import STAGE_TITLES
from callscout.store import Store
from callscout.store.jobs import CANCEL_KEY, Job, JobProgress, Jobs
from callscout.web.cabinet import Cabinet

WAIT_POLL_S = 0.05
# How long a cancel request waits for the job to stop before the page answers (it polls on anyway).
CANCEL_WAIT_S = 2.0
QUEUED = "queued"


class JobRegistry:
    """Cabinet jobs over the store: one running job per (kind, evaluation, key), across processes."""

    def __init__(self, store: Store) -> None:
        self.jobs = Jobs(store)
        # What the catalogue's tasks run against here (the server sets its register/whois services).
        self.context = TaskContext(store)
        # Jobs of a previous run of the server never finish: say so instead of "running" forever.
        self.jobs.interrupt_orphans()
        self.jobs.prune()

    def get(self, job_id: int | str) -> Job | None:
        if isinstance(job_id, str):
            if not job_id.isdigit():
                return None
            job_id = int(job_id)
        return self.jobs.get(job_id)

    def latest(self, kind: str, evaluation_id: int, key: str = "") -> Job | None:
        return self.jobs.latest(kind, evaluation_id, key)

    def running(self, kind: str, evaluation_id: int, key: str = "") -> Job | None:
        job = self.latest(kind, evaluation_id, key)
        return job if job is not None and not job.finished else None

    def shown(self, kind: str, evaluation_id: int, job_id: str | None, *, key: str | None = None) -> Job | None:
        """The job a page follows: the one named in its address if it is of this evaluation and kind,
        else (with ``key``) the one still running."""
        job = self.get(job_id or "")
        if job is not None and job.evaluation_id == evaluation_id and job.kind == kind:
            return job
        return self.running(kind, evaluation_id, key) if key is not None else None

    def start(
        self,
        kind: str,
        evaluation_id: int,
        work: Callable[[JobProgress], Any],
        *,
        key: str = "",
        cleanup: Callable[[], None] | None = None,
        state: str = QUEUED,
        details: dict[str, Any] | None = None,
    ) -> tuple[Job, bool]:
        """Run ``work(progress)`` in a thread (in the caller's language). What it returns (JSON-able) is
        stored as the job's ``result``, unless ``work`` finished the job itself. A ``CallScoutError``
        fails the job with its message and details; ``cleanup`` runs either way, before the job reads
        as finished. While a job of this (kind, evaluation, key) runs in any process, it is returned
        with ``False`` and nothing starts (``cleanup`` is the caller's then)."""
        initial = {"phase": QUEUED, "share": 0.0, "rows": None, "started": time.time(), **(details or {})}
        job, created = self.jobs.claim(kind, evaluation_id, key, state, initial)
        if not created:
            return job, False
        runner.start_thread(JobProgress(self.jobs, job), work, cleanup)
        return job, True

    def submit(
        self,
        kind: str,
        evaluation_id: int,
        params: dict[str, Any],
        *,
        key: str = "",
        details: dict[str, Any] | None = None,
    ) -> tuple[Job, bool]:
        """Start the catalogue's task ``kind`` (``callscout.jobs.tasks``) on ``params``: in a thread here,
        or on a worker when a broker is configured. As ``start``: a running job of the key is joined."""
        return runner.submit(self.context, kind, evaluation_id, params, subject=key, details=details)

    def wait(self, job_id: int, timeout: float) -> Job | None:
        """The job once it has ended (read from the store, so a job of another process counts too), or
        as it stands when ``timeout`` runs out."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.jobs.get(job_id)
            if job is None or job.finished or time.monotonic() >= deadline:
                return job
            time.sleep(WAIT_POLL_S)


def job_view(job: Job) -> dict[str, Any]:
    """What the progress block shows of a stored job."""
    details = job.details
    ended = details.get("ended") or (None if not job.finished else time.time())
    message = job.error_text()  # in the reader's language, whoever started the job
    if job.state == "interrupted":
        message = msg("web.jobs.job_was_cut_off_process_running")
    started = details.get("started") or time.time()
    if job.state == "cancelled":
        message = msg("web.jobs.cancelled_nothing_was_changed")
    return {
        "id": job.id,
        "kind": job.kind,
        "evaluation_id": job.evaluation_id,
        "cancel_requested": bool(details.get(CANCEL_KEY)),
        "state": job.state if job.finished else "running",
        "phase": details.get("phase") or QUEUED,
        "percent": round(float(details.get("share") or 0.0) * 100),
        "rows": details.get("rows"),
        "message": message,
        "details": job.error_lines(),
        "result": details.get("result"),
        "seconds": round(max(0.0, (ended or time.time()) - started), 1),
    }


def registry(cabinet: Cabinet) -> JobRegistry:
    """One registry per cabinet, shared by every area that starts jobs."""
    found = getattr(cabinet, "jobs", None)
    if found is None:
        found = JobRegistry(cabinet.store)
        cabinet.jobs = found  # type: ignore[attr-defined]
        cabinet.templates.env.globals["phase_label"] = phase_label
    return found


def job_for(cabinet: Cabinet, request: Request, evaluation_id: int, job_id: str, kind: str) -> Job | None:
    """The job if the signed-in user may see its evaluation and it is of that evaluation and kind."""
    web_session = cabinet.require_session(request)
    cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
    job = registry(cabinet).get(job_id)
    if job is None or job.evaluation_id != evaluation_id or job.kind != kind:
        return None
    return job


def progress_fragment(cabinet: Cabinet, request: Request, job: Job | None, poll_url: str) -> Response:
    """The job's state for htmx polling. The poll that first sees a finished job asks htmx to reload
    the page (``HX-Refresh``), which then shows the outcome beside the data it changed."""
    if job is None:
        raise HTTPException(404, msg("web.jobs.job_not_found"))
    state = job_view(job)
    response = cabinet.render(request, "_job_progress.html", job=state, poll_url=poll_url)
    if state["state"] != "running" and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"
    return response


PHASE_LABELS: dict[str, tuple[str, str]] = {
    QUEUED: ("в очереди", "queued"),
    "prepare": ("перекодирование файла", "transcoding the file"),
    "read": ("чтение и разбор строк", "reading and parsing rows"),
    "check": ("проверка строк и идентификаторов", "validating rows and ids"),
    "commit": ("запись Parquet и журнала импортов", "writing Parquet and the import list"),
}


def phase_label(phase: str) -> str:
    ru, en = PHASE_LABELS.get(phase) or STAGE_TITLES.get(phase) or (phase, phase)
    return pick(ru, en)


ORDER = 80  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    jobs = registry(cabinet)

    @app.post("/e/{evaluation_id}/jobs/{job_id}/cancel")
    async def cancel_job(request: Request, evaluation_id: int, job_id: int) -> Response:
        """Cancel an import, audit or report build of this evaluation (analysts and owners). The process
        running it stops at the job's next progress step; the job then reads «отменено»."""
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        cabinet.authorize(web_session, evaluation_id, Role.ANALYST)
        job = jobs.get(job_id)
        if job is None or job.evaluation_id != evaluation_id:
            raise HTTPException(404, msg("web.jobs.job_not_found"))
        jobs.jobs.request_cancel(job.id)
        job = jobs.wait(job.id, CANCEL_WAIT_S) or job
        prefix = f"/e/{evaluation_id}/"
        poll_url = str(form.get("poll_url") or "")
        if request.headers.get("hx-request") and poll_url.startswith(prefix):
            return progress_fragment(cabinet, request, job, poll_url)
        back = str(form.get("back") or "")
        return RedirectResponse(back if back.startswith(prefix) else prefix.rstrip("/"), status_code=303)
