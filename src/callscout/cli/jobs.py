"""``callscout jobs``: the cabinet's background jobs (call-log imports, website audits, report builds), run
by the server's threads or by ``callscout worker`` processes (docs/workers.md)."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from callscout.cli.common import OutputFormat, console, format_option, print_json, success
from callscout.errors import DataError
from callscout.i18n import msg, pick
from callscout.store import open_store

app = typer.Typer(no_args_is_help=True)

STATE_LABELS = {
    "done": ("готово", "done"),
    "failed": ("не удалось", "failed"),
    "interrupted": ("прервано", "interrupted"),
    "cancelled": ("отменено", "cancelled"),
}
POLL_S = 0.2


def _state(state: str) -> str:
    ru, en = STATE_LABELS.get(state, (msg("cli.jobs.running", phase=state),) * 2)
    return pick(ru, en)


@app.command("list")
def list_jobs(
    running: Annotated[bool, typer.Option("--running", help="Только идущие / running only")] = False,
    output: OutputFormat = format_option(),
) -> None:
    """Последние задачи кабинета. / The cabinet's latest jobs."""
    from callscout.store.jobs import Jobs

    store = open_store()
    try:
        jobs = Jobs(store).recent(running_only=running)
    finally:
        store.close()
    if output is OutputFormat.JSON:
        print_json(
            [
                {"id": job.id, "kind": job.kind, "evaluation_id": job.evaluation_id, "subject": job.subject}
                | {"state": job.state, "error": job.error_text(), "owner": job.owner}
                | {"attempts": job.details.get("attempts")}
                for job in jobs
            ]
        )
        return
    table = Table(title=msg("cli.jobs.jobs"))
    for column in (
        "ID",
        msg("cli.jobs.kind"),
        msg("cli.jobs.evaluation"),
        msg("cli.jobs.subject"),
        msg("cli.jobs.state"),
    ):
        table.add_column(column)
    for job in jobs:
        table.add_row(str(job.id), job.kind, str(job.evaluation_id), escape(job.subject), escape(_state(job.state)))
    console.print(table)


@app.command("cancel")
def cancel(
    job_id: Annotated[int, typer.Argument(help="Номер задачи (callscout jobs list) / the job's id")],
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Ждать остановки, секунд / seconds to wait for it to stop")
    ] = 10.0,
) -> None:
    """Отменить импорт, проверку сайта или сборку отчёта. / Cancel an import, audit or report build."""
    from callscout.store.jobs import Jobs

    store = open_store()
    try:
        jobs = Jobs(store)
        job = jobs.request_cancel(job_id) if 0 <= job_id < 2**63 else None
        if job is None:
            raise DataError(msg("cli.jobs.job_not_found", id=job_id))
        if job.finished and job.state != "cancelled":
            raise DataError(msg("cli.jobs.job_has_already_ended_nothing_to", id=job_id, state=_state(job.state)))
        deadline = time.monotonic() + wait
        while not job.finished and time.monotonic() < deadline:
            time.sleep(POLL_S)
            job = jobs.get(job_id) or job
    finally:
        store.close()
    if job.finished and job.state != "cancelled":
        # It ended on its own before reaching a progress step that reads the cancel.
        success(msg("cli.jobs.job_ended_before_cancel_took_effect", id=job_id, state=_state(job.state)))
    elif job.finished:
        success(msg("cli.jobs.job_cancelled", id=job_id))
    else:
        success(msg("cli.jobs.job_cancel_requested_process_running_it", id=job_id))


@app.command("rerun")
def rerun(
    job_id: Annotated[int, typer.Argument(help="Номер задачи (callscout jobs list) / the job's id")],
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="Ждать окончания, секунд (без брокера — до конца) / seconds to wait"),
    ] = 0.0,
) -> None:
    """Запустить снова прерванную или неудавшуюся задачу. / Re-run an interrupted or failed job."""
    from callscout.jobs.runner import broker_url, rerun
    from callscout.jobs.tasks import TaskContext
    from callscout.store.jobs import Jobs

    store = open_store()
    try:
        if not 0 <= job_id < 2**63:
            raise DataError(msg("cli.jobs.job_not_found", id=job_id))
        job = rerun(TaskContext(store), job_id)
        # Without a broker the job runs in a thread of this process: it must not end before the job does.
        deadline = None if broker_url() is None else time.monotonic() + wait
        jobs = Jobs(store)
        while not job.finished and (deadline is None or time.monotonic() < deadline):
            time.sleep(POLL_S)
            job = jobs.get(job.id) or job
    finally:
        store.close()
    if not job.finished:
        success(msg("cli.jobs.job_queued", id=job.id))
        return
    if job.state != "done":
        raise DataError(
            msg("cli.jobs.job", id=job.id, state=_state(job.state), error=f": {job.error_text()}" if job.error else ""),
            details=job.error_lines(),
        )
    success(msg("cli.jobs.job_done", id=job.id))
