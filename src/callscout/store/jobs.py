"""Background jobs kept in the store: the process that runs a job writes its progress there, any server
process (``callscout serve --workers N``) reads it, and a job whose process is gone reads "interrupted".

A job belongs to the process that claimed it (host, pid and a per-process nonce, so that a restarted
server that got the same pid, as in a container, does not take its predecessor's jobs for its own).
A job sent to a broker (``callscout.jobs``) belongs to its queue (``queue:<name>``) until a worker takes it;
the worker then renews a lease (``lease_until``) while it runs the job, so that a worker gone on another
machine, whose process cannot be checked from here, still reads "interrupted" once its lease has run out.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Delete, delete, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from callscout.store.store import Store
from callscout.store.tables import JobRow, utcnow

FINISHED = ("done", "failed", "interrupted", "cancelled")
# A cancel request is kept in the job's details (any process may ask; the one running the job reads it
# back with its next progress write), so no schema change is needed.
CANCEL_KEY = "cancel_requested"
# A failed job's error and its lines as catalogue keys and values, kept in its details beside the text (the
# ``error`` column, ``details["lines"]``, written in the language of whoever started the job): every reader is
# shown them in their own language (``Job.error_text``), and rows older than the codes keep their text.
ERROR_CODES_KEY = "error_codes"
PROGRESS_WRITE_S = 0.25  # at most about four progress writes a second per job
# Finished jobs older than this go, except the latest of each subject: pages show how the last one ended.
KEEP_FINISHED = timedelta(days=7)
# The final write of a job meets a store busy beyond its own busy timeout: tried again this often, waiting
# FINISH_BACKOFF_S, then twice that, and so on, so that a job does not read "running" while its process lives.
FINISH_ATTEMPTS = 6
FINISH_BACKOFF_S = 0.1
QUEUE_OWNER = "queue:"  # owner of a job a broker holds: "queue:<name>"
_log = logging.getLogger(__name__)
_HOST = socket.gethostname()
_NONCE = secrets.token_hex(8)


def this_process() -> str:
    return f"{_HOST}:{os.getpid()}:{_NONCE}"


def remove_if_writer_gone(path: Path) -> bool:
    """Remove a temporary file or folder named ``...-p<pid>-...`` when that process no longer runs
    (an upload or import killed mid-way): swept when a server or an import starts."""
    match = re.search(r"-p(\d+)-", path.name)
    if match is None or pid_alive(int(match.group(1))):
        return False
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        return False
    return True


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (one of another user counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_alive(owner: str) -> bool:
    if owner.startswith(QUEUE_OWNER):
        return True  # waiting in the broker's queue: no process to lose yet
    host, _, rest = owner.partition(":")
    pid_text, _, nonce = rest.partition(":")
    if host != _HOST or not pid_text.isdigit():
        return True  # another machine's job: it cannot be checked from here, so it is not declared dead
    if int(pid_text) == os.getpid():
        return nonce == _NONCE
    return pid_alive(int(pid_text))


def _alive(row: JobRow) -> bool:
    """Whether a running job's process still runs it: its lease (broker jobs) not run out, its process
    (checked on its own machine) not gone."""
    if row.lease_until is not None and row.lease_until < utcnow():
        return False
    return _owner_alive(row.owner)


@dataclass
class Job:
    id: int
    kind: str
    evaluation_id: int
    subject: str
    state: str
    details: dict[str, Any] = field(default_factory=dict)
    run_id: int | None = None
    error: str | None = None
    params: dict[str, Any] | None = None
    owner: str = ""

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def snapshot(self) -> dict[str, Any]:
        """The job as pages read it, its error in the reader's (current) language."""
        return {**self.details, "state": self.state, "run_id": self.run_id, "error": self.error_text()}

    def error_text(self, language: str | None = None) -> str | None:
        """Why the job failed, in ``language`` (default: the current one, the reader's)."""
        if self.error is None:
            return None
        codes = self.details.get(ERROR_CODES_KEY) or {}
        return _rendered(self.error, codes.get("message"), language)

    def error_lines(self, language: str | None = None) -> list[str]:
        """The failure's details (file, line, field of each problem), in ``language``."""
        lines = [str(line) for line in self.details.get("lines") or []]
        codes = list((self.details.get(ERROR_CODES_KEY) or {}).get("lines") or [])
        codes += [None] * (len(lines) - len(codes))
        return [_rendered(line, code, language) for line, code in zip(lines, codes, strict=False)]

    @classmethod
    def of(cls, row: JobRow) -> Job:
        details = dict(row.details)
        return cls(
            row.id,
            row.kind,
            row.evaluation_id,
            row.subject,
            row.state,
            details,
            row.run_id,
            row.error,
            dict(row.params) if row.params is not None else None,
            row.owner,
        )


def _rendered(text: str, codes: Any, language: str | None) -> str:
    if not isinstance(codes, dict):
        return text
    from callscout.present.findings import coded_text

    return coded_text(text, codes, language=language)


def _error_codes(error: str | None, lines: Any) -> dict[str, Any] | None:
    """The coded form of a failure (``ERROR_CODES_KEY``), or None where nothing in it is a catalogue text."""
    from callscout.model.findings import coded

    message = coded(error) if error is not None else None
    line_codes = [coded(line) if isinstance(line, str) else None for line in lines or []]
    if message is None and not any(line_codes):
        return None
    return {"message": message, "lines": line_codes}


class JobCancelled(Exception):
    """Raised inside a job's work at its next progress step once a cancel was asked for: the work
    unwinds like any failure (imports all-or-nothing, audits unsaved) and the job reads "cancelled"."""


def _running_key(kind: str, evaluation_id: int, subject: str) -> str:
    return f"{kind}/{evaluation_id}/{subject}"


class Jobs:
    def __init__(self, store: Store) -> None:
        self.store = store

    def claim(
        self,
        kind: str,
        evaluation_id: int,
        subject: str,
        state: str,
        details: dict[str, Any],
        *,
        params: dict[str, Any] | None = None,
        queue: str | None = None,
    ) -> tuple[Job, bool]:
        """A new job owned by this process (``queue``: by that broker queue, until a worker takes it), or
        (the running one, False): a second start joins it. ``params``: what runs it again (a task's)."""
        running = self.latest(kind, evaluation_id, subject)
        if running is not None and not running.finished:
            return running, False
        try:
            with self.store.session() as session:
                row = JobRow(
                    kind=kind,
                    evaluation_id=evaluation_id,
                    subject=subject,
                    running_key=_running_key(kind, evaluation_id, subject),
                    state=state,
                    details=details,
                    owner=QUEUE_OWNER + queue if queue is not None else this_process(),
                    params=params,
                )
                session.add(row)
                session.flush()
                # Cheap here (the subject's index): a subject's history never grows past a week of jobs.
                session.execute(_prune(kind=kind, evaluation_id=evaluation_id, subject=subject))
                return Job.of(row), True
        except IntegrityError:
            # Another process claimed it between our read and our insert.
            running = self.latest(kind, evaluation_id, subject)
            if running is None:
                raise
            return running, False

    def update(
        self,
        job_id: int,
        *,
        state: str | None = None,
        details: dict[str, Any] | None = None,
        run_id: int | None = None,
        error: str | None = None,
    ) -> bool:
        """Progress of a job this process runs; ``details`` are merged into the stored ones. Returns
        whether its work must stop: a cancel was asked for, or the job has already ended elsewhere
        (cancelled while its process looked gone, or declared interrupted when its lease ran out),
        which a late write must not bring back to life."""
        with self.store.session() as session:
            row = _locked(session, job_id)
            if row is None:
                return False
            if row.running_key is None:
                return True
            if details:
                row.details = {**row.details, **details}
            if run_id is not None:
                row.run_id = run_id
            if error is not None:
                row.error = error
            if state is not None:
                row.state = state
                if state in FINISHED:
                    row.running_key = None
            return bool((row.details or {}).get(CANCEL_KEY))

    def take(self, job_id: int, lease: timedelta) -> Job | None:
        """A worker's claim of a job its broker delivered: the job, now this process's with a lease, or
        None when it is not waiting in a queue (done, running elsewhere, cancelled, interrupted), so that
        a message delivered twice runs its job once. The check and the change are one UPDATE."""
        with self.store.session() as session:
            taken = session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.running_key.is_not(None), JobRow.owner.startswith(QUEUE_OWNER))
                .values(owner=this_process(), lease_until=utcnow() + lease)
            ).rowcount
            if not taken:
                return None
            return Job.of(session.get(JobRow, job_id, populate_existing=True))

    def release(self, job_id: int, queue: str, **details: Any) -> bool:
        """Give a job this process runs back to its queue (a transient failure: the broker delivers it
        again after its back-off); ``details`` merged. False when it is no longer this process's."""
        with self.store.session() as session:
            row = _locked(session, job_id)
            if row is None or row.running_key is None or row.owner != this_process():
                return False
            row.owner, row.lease_until = QUEUE_OWNER + queue, None
            row.details = {**row.details, **details}
            return True

    def renew_leases(self, lease: timedelta) -> int:
        """The heartbeat of a worker process: the leases of every job it runs, pushed ``lease`` ahead."""
        with self.store.session() as session:
            return session.execute(
                update(JobRow)
                .where(JobRow.owner == this_process(), JobRow.running_key.is_not(None))
                .values(lease_until=utcnow() + lease)
            ).rowcount

    def request_cancel(self, job_id: int) -> Job | None:
        """Ask the process running the job to stop it (it does at its next progress step); a job whose
        process is gone, or still waiting in a broker's queue, is marked cancelled at once. A finished
        job is returned unchanged."""
        with self.store.session() as session:
            row = _locked(session, job_id)
            if row is None or row.running_key is None:
                return Job.of(row) if row is not None else None
            if not row.owner.startswith(QUEUE_OWNER) and _alive(row):
                row.details = {**row.details, CANCEL_KEY: True}
            else:
                row.state, row.running_key = "cancelled", None
            return Job.of(row)

    def recent(self, *, running_only: bool = False, limit: int = 50) -> list[Job]:
        """The newest jobs first (``running_only``: those not finished)."""
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if running_only:
            query = query.where(JobRow.running_key.is_not(None))
        with self.store.session() as session:
            return [job for row in session.scalars(query) if (job := self._checked(session, row)) is not None]

    def get(self, job_id: int) -> Job | None:
        with self.store.session() as session:
            row = session.get(JobRow, job_id)
            return self._checked(session, row)

    def latest(self, kind: str, evaluation_id: int, subject: str) -> Job | None:
        with self.store.session() as session:
            row = session.scalar(
                select(JobRow)
                .where(JobRow.kind == kind, JobRow.evaluation_id == evaluation_id, JobRow.subject == subject)
                .order_by(JobRow.id.desc())
                .limit(1)
            )
            return self._checked(session, row)

    def interrupt_orphans(self) -> int:
        """Mark the running jobs of processes that are gone (a restart) as interrupted."""
        with self.store.session() as session:
            rows = session.scalars(select(JobRow).where(JobRow.running_key.is_not(None))).all()
            orphans = [row.id for row in rows if not _alive(row)]
            if orphans:
                session.execute(
                    update(JobRow).where(JobRow.id.in_(orphans)).values(state="interrupted", running_key=None)
                )
            return len(orphans)

    def prune(self) -> int:
        """Drop the finished jobs of every subject that pages no longer show (see ``KEEP_FINISHED``)."""
        with self.store.session() as session:
            return session.execute(_prune()).rowcount

    @staticmethod
    def _checked(session: Any, row: JobRow | None) -> Job | None:
        if row is None:
            return None
        if row.running_key is not None and not _alive(row):
            row.state, row.running_key = "interrupted", None
        return Job.of(row)


def _locked(session: Any, job_id: int) -> JobRow | None:
    """The job's row read inside a write lock taken first (a no-op UPDATE), so that two processes merging
    into its details (progress and a cancel request) cannot overwrite each other's change."""
    session.execute(update(JobRow).where(JobRow.id == job_id).values(state=JobRow.state))
    return session.get(JobRow, job_id, populate_existing=True)


def _prune(**subject: Any) -> Delete:
    """Finished jobs ended before ``KEEP_FINISHED`` ago that are not their subject's latest finished one;
    ``subject``: kind, evaluation_id and subject to prune only one subject's jobs."""
    scope = [getattr(JobRow, name) == value for name, value in subject.items()]
    latest = (
        select(func.max(JobRow.id))
        .where(JobRow.running_key.is_(None), *scope)
        .group_by(JobRow.kind, JobRow.evaluation_id, JobRow.subject)
    )
    return delete(JobRow).where(
        JobRow.running_key.is_(None),
        JobRow.updated_at < utcnow() - KEEP_FINISHED,
        JobRow.id.not_in(latest),
        *scope,
    )


class JobProgress:
    """The running job's side: state and details kept in memory and written to the store at most every
    ``PROGRESS_WRITE_S`` (and at every change of state), where every server process reads them."""

    def __init__(self, jobs: Jobs, job: Job) -> None:
        self.jobs = jobs
        self.job_id = job.id
        self.state = job.state
        self.details = dict(job.details)
        self.lock = threading.Lock()
        self.written = 0.0
        self.stored_state = job.state
        self.finished = False
        self.cancelled = False

    def report(self, state: str | None = None, **details: Any) -> None:
        # Written under the lock: work may report from several threads, and an older snapshot must never
        # land last.
        with self.lock:
            if self.finished:
                return
            if self.cancelled:
                raise JobCancelled
            self.state = state or self.state
            self.details.update(details)
            changed = self.state != self.stored_state
            now = time.monotonic()
            if not changed and now - self.written < PROGRESS_WRITE_S:
                return
            try:
                state_now = self.state if changed else None
                cancel = self.jobs.update(self.job_id, state=state_now, details=dict(self.details))
            except SQLAlchemyError:
                return  # progress only: a busy store must not fail the job; the next report retries
            self.written, self.stored_state = now, self.state
            if cancel:
                self.cancelled = True
                raise JobCancelled

    def phase(self, name: str, share: float, rows: int | None = None) -> None:
        """The importer's and the pipeline's progress callback: a running job's state is its phase."""
        counts: dict[str, Any] = {"phase": name, "share": max(0.0, min(1.0, share))}
        if rows is not None:
            counts["rows"] = rows
        self.report(None if name in FINISHED else name, **counts)

    def finish(self, state: str, *, run_id: int | None = None, error: str | None = None, **details: Any) -> None:
        codes = _error_codes(error, details.get("lines"))
        if codes is not None:
            details[ERROR_CODES_KEY] = codes
        with self.lock:
            self.finished = True
            self.state = state
            self.details.update(details)
            for attempt in range(FINISH_ATTEMPTS):
                try:
                    self.jobs.update(self.job_id, state=state, details=dict(self.details), run_id=run_id, error=error)
                    return
                except OperationalError as problem:
                    # Busy or locked (another process writes a long import): wait and try again; other
                    # errors are not the store being busy and are not retried.
                    if attempt + 1 == FINISH_ATTEMPTS:
                        _log.error("job %s ended %s but the store refused the write: %s", self.job_id, state, problem)
                        return
                    time.sleep(FINISH_BACKOFF_S * 2**attempt)
