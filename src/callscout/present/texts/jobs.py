"""Texts of callscout.jobs: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "jobs.broker.job_was_stopped_past_time_limit": (
        (
            "задача остановлена: превышен предел времени для задач вида «{kind}» ({minutes} мин); запустите её "
            "снова (callscout jobs rerun) или увеличьте предел"
        ),
        (
            "the job was stopped: past the time limit of '{kind}' jobs ({minutes} min); re-run it (callscout jobs "
            "rerun) or raise the limit"
        ),
    ),
    "jobs.runner.job_not_found": (
        "задача {id} не найдена",
        "job {id} not found",
    ),
    "jobs.runner.job_is_still_running": (
        "задача {id} ещё идёт",
        "job {id} is still running",
    ),
    "jobs.runner.job_cannot_be_re_run_from": (
        "задачу {id} нельзя запустить снова отсюда: её параметры не сохранены; запустите её из кабинета",
        "job {id} cannot be re-run from here (its parameters were not kept): start it from the cabinet",
    ),
    "jobs.runner.such_job_is_already_running": (
        "такая задача уже идёт: {id}",
        "such a job is already running: {id}",
    ),
    "jobs.runner.job_broker_is_unreachable_job_was": (
        "брокер задач {url} недоступен ({error}): задача не поставлена в очередь, запустите её снова",
        "the job broker {url} is unreachable ({error}): the job was not queued; start it again",
    ),
    "jobs.tasks.evaluation_was_deleted": (
        "оценка {id} удалена",
        "evaluation {id} was deleted",
    ),
    "jobs.tasks.website": (
        "сайт: {name}",
        "website: {name}",
    ),
    "jobs.tasks.register_and_whois": (
        "реестр и whois: {name}",
        "register and whois: {name}",
    ),
    "jobs.tasks.fill_in_column_mapping_in_upload": (
        ". Заполните «Сопоставление колонок» в форме загрузки и загрузите файл снова",
        ". Fill in 'Column mapping' in the upload form and upload the file again",
    ),
}
