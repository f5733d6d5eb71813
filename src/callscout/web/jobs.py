"""Long work started from the cabinet (call-log imports, building the report) runs in a thread; the page
polls the job's state with htmx and reloads itself once the job has finished.

The registry lives in this process: a job is found again by its random id, and only by users who may
see the evaluation it belongs to. Finished jobs are kept for a while so that a reloaded page can still
say how the job ended (rows imported, or the importer's line-numbered error).
"""

from __future__ import annotations

import contextvars
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import Response

from callscout.accounts import Role
from callscout.errors import CallScoutError
from callscout.i18n import pick, tr
from callscout.pipeline import STAGE_TITLES
from callscout.web.cabinet import Cabinet

MAX_KEPT_JOBS = 200
POLL_SECONDS = 1


@dataclass
class Job:
    """What the page shows of one job; ``update`` has the importer's progress-callback signature."""

    id: str
    kind: str
    evaluation_id: int
    key: str
    state: str = "running"  # running -> done | failed
    phase: str = "queued"
    share: float = 0.0
    rows: int | None = None
    message: str | None = None
    details: list[str] = field(default_factory=list)
    result: Any = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    finished_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def update(self, phase: str, share: float, rows: int | None = None) -> None:
        with self.lock:
            self.phase = phase
            self.share = max(0.0, min(1.0, share))
            if rows is not None:
                self.rows = rows

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id,
                "kind": self.kind,
                "state": self.state,
                "phase": self.phase,
                "percent": round(self.share * 100),
                "rows": self.rows,
                "message": self.message,
                "details": list(self.details),
                "result": self.result,
                "seconds": round((self.ended or time.monotonic()) - self.started, 1),
            }

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished_event.wait(timeout)


class JobRegistry:
    def __init__(self, max_kept: int = MAX_KEPT_JOBS) -> None:
        self.max_kept = max_kept
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, kind: str, evaluation_id: int, key: str) -> Job | None:
        with self._lock:
            return self._running(kind, evaluation_id, key)

    def _running(self, kind: str, evaluation_id: int, key: str) -> Job | None:
        for job in self._jobs.values():
            if (job.kind, job.evaluation_id, job.key) == (kind, evaluation_id, key) and not job.finished:
                return job
        return None

    def start(
        self,
        kind: str,
        evaluation_id: int,
        work: Callable[[Job], Any],
        *,
        key: str = "",
        cleanup: Callable[[], None] | None = None,
    ) -> tuple[Job, bool]:
        """Run ``work(job)`` in a thread (in the caller's language); what it returns becomes ``job.result``.
        A ``CallScoutError`` fails the job with its message and details; ``cleanup`` runs either way.
        One job per (kind, evaluation, key) at a time: while one runs, it is returned with ``False``
        and nothing starts (``cleanup`` is the caller's then)."""
        with self._lock:
            running = self._running(kind, evaluation_id, key)
            if running is not None:
                return running, False
            job = Job(id=secrets.token_urlsafe(12), kind=kind, evaluation_id=evaluation_id, key=key)
            self._jobs[job.id] = job
            finished = [old for old, kept in self._jobs.items() if kept.finished]
            for old in finished[: max(0, len(self._jobs) - self.max_kept)]:
                del self._jobs[old]
        context = contextvars.copy_context()
        thread = threading.Thread(
            target=context.run, args=(_run, job, work, cleanup), name=f"callscout-web-{kind}", daemon=True
        )
        thread.start()
        return job, True


def _run(job: Job, work: Callable[[Job], Any], cleanup: Callable[[], None] | None) -> None:
    outcome: dict[str, Any]
    try:
        outcome = {"result": work(job), "state": "done", "share": 1.0}
    except CallScoutError as error:
        outcome = {"message": error.message, "details": list(error.details or []), "state": "failed"}
    except Exception as error:  # noqa: BLE001 - the page shows why; the cabinet goes on
        outcome = {"message": f"{type(error).__name__}: {error}"[:300], "state": "failed"}
    finally:
        # Cleaned up before the job reads as finished: what a finished job leaves is final.
        if cleanup is not None:
            cleanup()
    with job.lock:
        for name, value in outcome.items():
            setattr(job, name, value)
        job.ended = time.monotonic()
    job.finished_event.set()


def registry(cabinet: Cabinet) -> JobRegistry:
    """One registry per cabinet, shared by every area that starts jobs."""
    found = getattr(cabinet, "jobs", None)
    if found is None:
        found = JobRegistry()
        cabinet.jobs = found  # type: ignore[attr-defined]
        cabinet.templates.env.globals["phase_label"] = phase_label
    return found


def job_for(cabinet: Cabinet, request: Request, evaluation_id: int, job_id: str, kind: str) -> Job | None:
    """The job if the signed-in user may see its evaluation; None when it is unknown (a restarted server)."""
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
        raise HTTPException(404, tr("задача не найдена (сервер перезапускался?)", "job not found (server restarted?)"))
    state = job.snapshot()
    response = cabinet.render(request, "_job_progress.html", job=state, poll_url=poll_url)
    if state["state"] != "running" and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"
    return response


PHASE_LABELS: dict[str, tuple[str, str]] = {
    "queued": ("в очереди", "queued"),
    "prepare": ("перекодирование файла", "transcoding the file"),
    "read": ("чтение и разбор строк", "reading and parsing rows"),
    "check": ("проверка строк и идентификаторов", "validating rows and ids"),
    "commit": ("запись Parquet и журнала импортов", "writing Parquet and the import list"),
}


def phase_label(phase: str) -> str:
    ru, en = PHASE_LABELS.get(phase) or STAGE_TITLES.get(phase) or (phase, phase)
    return pick(ru, en)
