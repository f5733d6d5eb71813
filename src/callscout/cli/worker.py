"""``callscout worker``: a job worker fed by the broker named in ``CALLSCOUT_BROKER_URL`` (docs/workers.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from callscout.errors import UsageError
from callscout.i18n import msg


def worker(
    queues: Annotated[
        list[str] | None,
        typer.Option(
            "--queues",
            "-Q",
            help="Очереди (по умолчанию все: audits, imports, reports, live); можно через запятую / "
            "queues to consume (default all), comma-separated or repeated",
        ),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", "-p", min=1, max=64, help="Процессов (по ядру на каждый) / processes")
    ] = 1,
    threads: Annotated[
        int, typer.Option("--threads", "-t", min=1, max=64, help="Потоков в процессе / threads per process")
    ] = 2,
) -> None:
    """Обработчик задач из очереди брокера (CALLSCOUT_BROKER_URL). / A job worker fed by the broker."""
    from callscout.jobs.runner import BROKER_ENV, broker_url
    from callscout.jobs.tasks import QUEUES

    url = broker_url()
    if url is None:
        raise UsageError(msg("cli.worker.no_job_broker_configured_set_e", env=BROKER_ENV))
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(msg("cli.worker.only_redis_is_supported_redis_rediss", env=BROKER_ENV, url=url.split("@")[-1]))
    chosen = tuple(dict.fromkeys(name.strip() for item in queues or [] for name in item.split(",") if name.strip()))
    unknown = [name for name in chosen if name not in QUEUES]
    if unknown:
        raise UsageError(
            msg("cli.worker.queues_unknown_queues_known", names=", ".join(unknown), known=", ".join(QUEUES))
        )
    try:
        import dramatiq  # noqa: F401 - only to say what to install
    except ImportError:
        raise UsageError(msg("cli.worker.job_worker_needs_dramatiq_pip_install")) from None
    from callscout.jobs.broker import run_workers

    run_workers(url, chosen or QUEUES, processes, threads)
