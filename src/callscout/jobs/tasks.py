"""The catalogue of jobs: each kind of long work as a task run from JSON parameters, so that any process,
a thread of the server that started it or a ``callscout worker`` on another machine, can run it from what
the store keeps of the job. A task reports through ``JobProgress`` (whose every report is also where a
cancel stops it) and returns a JSON-able result summary, or finishes the job itself with its run id.

Each task says what happens when it fails (see docs/workers.md): which queue it waits in, how long it may
run on a worker, and how many times a transient failure (the store or a share unreachable for a moment)
is tried again. A failure of the input itself (a bad file, a site that answers with errors) is the job's
result, never retried: the import is all-or-nothing, the audit records what it found.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callscout.i18n import msg

if TYPE_CHECKING:
    from callscout.legal.check import LegalServices
    from callscout.model import Evaluation
    from callscout.store import Store
    from callscout.store.jobs import JobProgress
    from callscout.web_audit.crawler import CrawlOptions

AUDIT = "audit"
IMPORT = "import"
REPORT = "report"
CHECK_ALL = "check_all"
DIGEST = "digest"
ALERTS = "alerts"
QUEUED = "queued"


@dataclass
class TaskContext:
    """What a task runs against in this process: the store, and the register/whois services (the server's
    configured ones in the cabinet; the defaults, from the environment, on a worker)."""

    store: Store
    legal: Callable[[bool], LegalServices] | None = None

    def legal_services(self, network: bool) -> LegalServices:
        from callscout.legal.check import LegalServices

        services = self.legal(network) if self.legal is not None else LegalServices(network=network)
        if services.store is None:
            services.store = self.store
        return services


@dataclass(frozen=True)
class Task:
    kind: str
    run: Callable[[TaskContext, dict[str, Any], JobProgress], Any]
    queue: str
    # A worker stops the job past this (it fails with the reason); the in-store runner has no such limit.
    time_limit_s: float
    # Tries after the first when the failure is transient (``TRANSIENT``), each after a longer back-off.
    max_retries: int = 2
    min_backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    # The state a job shows once it runs (the audit's page shows "crawling" at once).
    start_state: str = QUEUED
    # Runs once the job has ended, whatever the outcome (not before a retry): the import's upload.
    cleanup: Callable[[dict[str, Any]], None] | None = field(default=None)


def transient(error: BaseException) -> bool:
    """A failure worth trying again later: the store or a network share unreachable or busy for a moment."""
    from sqlalchemy.exc import OperationalError

    return isinstance(error, OperationalError | ConnectionError | TimeoutError)


# --- crawl settings in a message ------------------------------------------------------------------------


def crawl_params(options: CrawlOptions) -> dict[str, Any]:
    """The server's crawl settings a worker must apply too (tests and the demo point hosts at local sites)."""
    return {
        "allow_private_network": options.allow_private_network,
        "host_overrides": {host: list(target) for host, target in options.host_overrides.items()},
        "trusted_ca": str(options.trusted_ca) if options.trusted_ca else None,
    }


def crawl_options(params: dict[str, Any] | None) -> CrawlOptions:
    from callscout.web_audit.crawler import CrawlOptions

    params = params or {}
    return CrawlOptions(
        allow_private_network=bool(params.get("allow_private_network")),
        host_overrides={
            host: (str(target[0]), int(target[1])) for host, target in (params.get("host_overrides") or {}).items()
        },
        trusted_ca=Path(params["trusted_ca"]) if params.get("trusted_ca") else None,
    )


# --- website audit ----------------------------------------------------------------------------------------


def run_audit(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> None:
    from callscout.web_audit.audit import audit_site, save_audit
    from callscout.web_audit.base import Page

    def on_page(_start: str, page: Page, count: int) -> None:
        progress.report(pages_fetched=count, last_page=page.url)

    def on_check(_code: str | None, done: int, total: int) -> None:
        # The page shows how far the checks are: "проверки: 12 из 30".
        progress.report("checks", checks_done=done, checks_total=total)

    options = crawl_options(params.get("crawl"))
    audit = audit_site(params["url"], options, on_page=on_page, on_check=on_check)
    run_id = save_audit(context.store, audit, vendor_id=params.get("vendor_id"), evaluation_id=params["evaluation_id"])
    progress.finish("done", run_id=run_id, pages_fetched=audit.pages_fetched)


# --- call-log import --------------------------------------------------------------------------------------


def run_import(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> dict[str, Any]:
    from callscout.calls.mapping import ColumnMapping, MappingNeeded
    from callscout.calls.storage import CallStore
    from callscout.errors import DataError

    mapping = params.get("mapping")
    try:
        imported = CallStore(context.store).import_file(
            Path(params["path"]),
            evaluation_id=params["evaluation_id"],
            vendor_id=params["vendor_id"],
            format_name=params.get("format"),
            mapping=ColumnMapping.model_validate(mapping) if mapping else None,
            progress=progress.phase,
            timezone=params.get("timezone"),
        )
    except MappingNeeded as needed:
        # The cabinet's own way to say which column is which: its mapping form, not a CLI flag.
        raise DataError(needed.message + msg("jobs.tasks.fill_in_column_mapping_in_upload")) from None
    # The cabinet polls this vendor's dashboard: aggregate rows the import left out (a sparse log) are built
    # once the calls are committed where they spare reading many day files on every miss.
    CallStore(context.store).build_aggregates(params["evaluation_id"], [params["vendor_id"]])
    return imported.as_dict()


def _remove_upload(params: dict[str, Any]) -> None:
    if params.get("folder"):
        shutil.rmtree(params["folder"], ignore_errors=True)


# --- report build -----------------------------------------------------------------------------------------


def run_report(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> dict[str, Any]:
    from callscout import pipeline
    from callscout.model.run import RunOptions

    evaluation_id = params["evaluation_id"]
    evaluation = _evaluation(context, evaluation_id)
    options = RunOptions()
    if evaluation.online_checks:
        # The evaluation's «Проверять сайты и реестр по сети» turns the online checks on for its builds.
        options = pipeline.online_options(
            crawl=crawl_options(params.get("crawl")), legal_services=context.legal_services(True)
        )
    result = pipeline.run(
        evaluation,
        context.store,
        Path(params["out_dir"]),
        options=options,
        on_stage=lambda name, done, total: progress.phase(name, done / total),
        evaluation_id=evaluation_id,
    )
    drop_files_of_pruned_runs(context.store, evaluation_id, Path(params["out_dir"]) / "runs")
    scoring = result.document.get("scoring") or {}
    return {"winner": scoring.get("winner"), "files": sorted(path.name for path in result.files.values())}


def drop_files_of_pruned_runs(store: Store, evaluation_id: int, runs_dir: Path) -> int:
    """The cabinet writes an earlier run's files on their first download (``runs/<run>``, web.ranking); once the
    store has dropped that run's document (``Store.save_result_document`` keeps the newest), its files go too.
    Returns how many runs' folders went."""
    from callscout.store.store import keep_runs

    if not runs_dir.is_dir():
        return 0
    kept = {str(run.id) for run in store.result_runs(evaluation_id, limit=keep_runs())}
    dropped = [folder for folder in runs_dir.iterdir() if folder.name.isdigit() and folder.name not in kept]
    for folder in dropped:
        shutil.rmtree(folder, ignore_errors=True)
    return len(dropped)


def _evaluation(context: TaskContext, evaluation_id: int) -> Evaluation:
    from callscout.errors import DataError

    evaluation = context.store.evaluation_by_id(evaluation_id)
    if evaluation is None:
        raise DataError(msg("jobs.tasks.evaluation_was_deleted", id=evaluation_id))
    return evaluation


# --- «Проверить всё» --------------------------------------------------------------------------------------


def run_check_all(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> dict[str, Any]:
    """Every vendor's site audit, then its register and whois check; the phase names the vendor and step."""
    from callscout.legal.check import vendor_facts, verify_vendor
    from callscout.legal.stage import record_legal_run
    from callscout.store.ownership import vendor_ref
    from callscout.web_audit.audit import audit_site, normalize_site_url, save_audit

    store, evaluation_id = context.store, params["evaluation_id"]
    evaluation = _evaluation(context, evaluation_id)
    crawl = crawl_options(params.get("crawl"))
    services = context.legal_services(True)
    steps = [(vendor, kind) for vendor in evaluation.vendors for kind in ("site", "legal")]
    results: dict[str, dict[str, Any]] = {}
    for done, (vendor, kind) in enumerate(steps):
        entry = results.setdefault(vendor.name, {"site": None, "legal": None})
        vendor_id = vendor_ref(store, evaluation_id, vendor.name).id
        if kind == "site":
            progress.phase(msg("jobs.tasks.website", name=vendor.name), done / len(steps))
            if not vendor.website:
                entry["site"] = "unknown"
                continue
            audit = audit_site(normalize_site_url(vendor.website), crawl)
            save_audit(store, audit, vendor_id=vendor_id, evaluation_id=evaluation_id)
            entry["site"] = audit.status.value
            entry["site_json"] = audit.to_json()
        else:
            progress.phase(msg("jobs.tasks.register_and_whois", name=vendor.name), done / len(steps))
            facts = vendor_facts(vendor, evaluation.needs, entry.pop("site_json", None))
            result = verify_vendor(facts, services)
            record_legal_run(store, evaluation, vendor, result, evaluation_id=evaluation_id)
            entry["legal"] = result.status
    return {"vendors": results}


# --- the morning digest -----------------------------------------------------------------------------------


def run_digest(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> dict[str, Any]:
    """The day's digest of an evaluation, sent to its ``alerts.notify`` and logged once per day: a digest
    already logged for that day is not sent again (a redelivered or re-run job sends nothing twice)."""
    from datetime import date

    from callscout.live.service import LiveService
    from callscout.store.ownership import vendor_refs

    evaluation_id = params["evaluation_id"]
    evaluation = _evaluation(context, evaluation_id)
    progress.phase("digest", 0.1)
    day = date.fromisoformat(params["day"])
    return LiveService(context.store).send_digest(
        evaluation_id, evaluation, vendor_refs(context.store, evaluation_id), day
    )


# --- live alert checks ------------------------------------------------------------------------------------


def run_alerts(context: TaskContext, params: dict[str, Any], progress: JobProgress) -> dict[str, Any]:
    """One round of an evaluation's alert checks (``LiveService.check_alerts``, the in-store round's own),
    at ``now`` when the round named its moment, else at the worker's clock. A redelivered or re-run check
    sends nothing twice: an episode already open is kept, not fired again. The earlier finished checks of
    the evaluation are dropped (one every 15 s would fill the job history; the alerts log keeps what
    happened)."""
    from datetime import datetime

    from sqlalchemy import delete

    from callscout.live.service import LiveService
    from callscout.store.ownership import vendor_refs
    from callscout.store.tables import JobRow

    evaluation_id = params["evaluation_id"]
    evaluation = _evaluation(context, evaluation_id)
    progress.phase("alerts", 0.1)
    now = datetime.fromisoformat(params["now"]) if params.get("now") else None
    service = LiveService(context.store)
    live = [vendor for vendor in vendor_refs(context.store, evaluation_id) if service.live.last_received(vendor.id)]
    result = service.check_alerts(evaluation, live, now)
    with context.store.session() as session:
        session.execute(
            delete(JobRow).where(
                JobRow.kind == ALERTS,
                JobRow.evaluation_id == evaluation_id,
                JobRow.running_key.is_(None),  # finished ones only
                JobRow.id < progress.job_id,
            )
        )
    return result


TASKS: dict[str, Task] = {
    task.kind: task
    for task in (
        Task(AUDIT, run_audit, queue="audits", time_limit_s=15 * 60, start_state="crawling"),
        Task(IMPORT, run_import, queue="imports", time_limit_s=60 * 60, cleanup=_remove_upload),
        Task(REPORT, run_report, queue="reports", time_limit_s=30 * 60),
        Task(CHECK_ALL, run_check_all, queue="audits", time_limit_s=60 * 60),
        Task(DIGEST, run_digest, queue="live", time_limit_s=5 * 60, max_retries=5),
        Task(ALERTS, run_alerts, queue="live", time_limit_s=2 * 60, max_retries=1),
    )
}
QUEUES = tuple(dict.fromkeys(task.queue for task in TASKS.values()))
