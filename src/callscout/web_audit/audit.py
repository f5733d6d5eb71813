"""The website audit: crawl a site, run every check, build the stable JSON contract, keep the run.

``audit_site`` audits one site; ``audit_sites`` audits many at once, and one site's failure (even a
crash of our own code) never stops the others: it becomes that site's finding. Shells (CLI, web
app, pipeline) call these functions and only present what they return.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import json
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from callscout.i18n import Language, current_language, msg, set_language
from callscout.model import Evidence, Finding, Severity, Status
from callscout.model.findings import worst_status
from callscout.web_audit.base import REGISTRY, Check, Page, SiteContext, all_checks, run_checks
from callscout.web_audit.crawler import CRAWL_CHECK, Crawler, CrawlOptions, crawl_finding
from callscout.web_audit.parse import normalize_url

if TYPE_CHECKING:  # the store (SQLAlchemy) and the audio core (numpy) load only when a run is saved
    from callscout.store import Snapshot, Store

RUN_KIND = "web"
SCHEMA_FILE = "site_audit.schema.json"
# The keys checks fill in ``SiteContext.facts`` for the JSON contract (agreed with the checks).
FACT_KEYS = ("legal_entity", "entities", "contacts", "privacy_policy", "news", "reviews", "recordings")
_POLICY_FIELDS = (
    "url",
    "link_url",
    "link_text",
    "reachable",
    "status",
    "document_url",
    "kind",
    "mentions_152fz",
    "operator_named",
)
_LEGAL_ENTITY_FIELDS = (
    "legal_form",
    "name",
    "full_name",
    "inn",
    "inn_valid",
    "ogrn",
    "ogrn_valid",
    "kpp",
    "legal_address",
    "actual_address",
    "role",
    "page",
    "position",
    "format_ok",
    "why",
)
_ENTITY_FIELDS = ("role", "legal_form", "name", "inn", "ogrn", "kpp", "format_ok", "page", "position")

ProgressCallback = Callable[[str, Page, int], None]
# on_check(code, done, total): once with (None, 0, total) as the site's checks start, then after each check
# (the checks of a worker process are counted when the worker's batch comes back). Called from the checks'
# thread or the event loop: keep it quick and thread-safe.
CheckProgress = Callable[[str | None, int, int], None]


@dataclass
class SiteAudit:
    """One site's audit: what was fetched, what the checks found, what they read."""

    url: str
    pages: list[Page] = field(default_factory=list)
    resources: list[Page] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    crawl: dict[str, Any] = field(default_factory=dict)
    tls: dict[str, Any] = field(default_factory=dict)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    run_id: int | None = None
    # CPU seconds this site's checks spent in worker processes, which this process's clock misses.
    worker_cpu_s: float = 0.0

    @property
    def status(self) -> Status:
        return worst_status(self.findings) if self.findings else Status.UNKNOWN

    @property
    def has_failures(self) -> bool:
        return any(finding.status is Status.FAIL for finding in self.findings)

    @property
    def pages_fetched(self) -> int:
        return sum(1 for page in self.pages if page.status_code is not None)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract (``site_audit.schema.json``)."""
        return {
            "url": self.url,
            "status": self.status.value,
            "audited_at": self.started_at.isoformat(timespec="seconds"),
            "pages_fetched": self.pages_fetched,
            "run_id": self.run_id,
            "findings": [finding_json(finding) for finding in self.findings],
            **contract_facts(self.facts),
            "crawl": _plain(self.crawl),
            "tls": _plain(self.tls),
        }

    def snapshots(self) -> list[Snapshot]:
        from callscout.store import Snapshot

        return [
            Snapshot(
                page.url,
                page.body if page.body else None,
                status_code=page.status_code,
                content_type=page.content_type,
                fetched_at=_naive_utc(page.fetched_at),
            )
            for page in [*self.pages, *self.resources]
        ]


def finding_json(finding: Finding) -> dict[str, Any]:
    return finding.model_dump(mode="json")


def contract_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The contract's fact sections from what checks left in ``site.facts``; nulls where none did."""
    legal = _plain(facts.get("legal_entity")) or {}
    director = legal.get("director") or {}
    contacts = _plain(facts.get("contacts")) or {}
    policy = _plain(facts.get("privacy_policy"))
    news = _plain(facts.get("news")) or {}
    reviews = _plain(facts.get("reviews")) or {}
    recordings = _plain(facts.get("recordings")) or []
    entities = _plain(facts.get("entities")) or []
    return {
        "legal_entity": {
            **{name: legal.get(name) for name in _LEGAL_ENTITY_FIELDS},
            "format_ok": legal.get("format_ok") or {},
            "why": legal.get("why") or [],
            "more_numbers": legal.get("more_numbers") or [],
            "director": {"name": director.get("name"), "position": director.get("position")},
        },
        "entities": [
            {**{name: entity.get(name) for name in _ENTITY_FIELDS}, "format_ok": entity.get("format_ok") or {}}
            for entity in entities
        ],
        "contacts": {
            "phones": [
                {
                    **{key: phone.get(key) for key in ("e164", "type", "display", "url")},
                    "placeholder": bool(phone.get("placeholder")),
                }
                for phone in contacts.get("phones") or []
            ],
            "emails": [
                {**{key: email.get(key) for key in ("address", "url")}, "placeholder": bool(email.get("placeholder"))}
                for email in contacts.get("emails") or []
            ],
        },
        "privacy_policy": {key: policy.get(key) for key in _POLICY_FIELDS}
        if isinstance(policy, dict) and (policy.get("url") or policy.get("kind"))
        else None,
        "news": {"url": news.get("url"), "latest_date": news.get("latest_date"), "dates": news.get("dates") or []},
        "reviews": {
            **{key: reviews.get(key) for key in ("url", "count", "latest_date")},
            "dates": reviews.get("dates") or [],
        },
        "recordings": [
            {key: item.get(key) for key in ("url", "bytes", "duration_s", "verdict")} for item in recordings
        ],
    }


def _plain(value: Any) -> Any:
    """JSON-ready data from what checks store: pydantic models, dataclasses, dates, containers."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


@cache
def contract_schema() -> dict[str, Any]:
    return json.loads(files("callscout.web_audit").joinpath(SCHEMA_FILE).read_text("utf-8"))


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def normalize_site_url(url: str) -> str:
    """The start URL as the store keys it; a bare domain gets ``https://``."""
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "https://" + candidate
    normalized = normalize_url(candidate)
    if normalized is None:
        raise ValueError(msg("web_audit.audit.not_website_address", url=url))
    return normalized


async def audit_site_async(
    url: str,
    options: CrawlOptions | None = None,
    *,
    checks: Iterable[type[Check]] | None = None,
    on_page: ProgressCallback | None = None,
    on_check: CheckProgress | None = None,
    whois: dict[str, Any] | None = None,
) -> SiteAudit:
    options = options or CrawlOptions()
    start_url = normalize_site_url(url)
    audit = SiteAudit(url=start_url)
    progress = (lambda page, count: on_page(start_url, page, count)) if on_page is not None else None
    chosen = list(checks) if checks is not None else None
    if chosen is None or chosen:
        _WARM_UP.start(checks_here=options.check_processes == 0)
    async with Crawler(start_url, options, on_page=progress) as crawler:
        result = await crawler.crawl()
        audit.pages, audit.crawl, audit.tls = result.pages, result.stats, result.tls
        audit.findings.extend(result.findings)
        if any(page.ok for page in result.pages):
            site = SiteContext(
                root_url=start_url,
                pages=result.pages,
                fetch_resource=_thread_bridge(crawler, options),
                tls=result.tls,
                now=datetime.now(UTC),
                crawl=result.stats,
                whois=dict(whois or {}),
            )
            check_list = chosen if chosen is not None else all_checks()
            audit.findings.extend(await _run_site_checks(site, check_list, options, audit, on_check))
            audit.facts = site.facts
        audit.resources = list(crawler.resources)
    audit.finished_at = datetime.now(UTC)
    return audit


async def _run_site_checks(
    site: SiteContext,
    checks: list[type[Check]],
    options: CrawlOptions,
    audit: SiteAudit,
    on_check: CheckProgress | None = None,
) -> list[Finding]:
    """Every check's findings, in the order of ``checks``; a site whose checks overrun gets one
    ``unknown`` finding instead.

    Checks are synchronous and may be slow (spelling): their own thread keeps the event loop free
    for the other sites' crawls and for the checks' own downloads. With ``check_processes``, the
    registered checks that download nothing run in a worker process, so several sites' checks use
    several cores; the rest stay in the checks thread here. The context is copied so that the
    chosen language carries over.
    """
    remote = [
        check
        for check in checks
        if options.check_processes > 0 and REGISTRY.get(check.code) is check and not check.uses_downloads
    ]
    local = [check for check in checks if check not in remote]
    loop = asyncio.get_running_loop()
    started = asyncio.Event()
    done = 0
    done_lock = threading.Lock()

    def count(code: str) -> None:
        nonlocal done
        if on_check is None:
            return
        with done_lock:
            done += 1
            now = done
        on_check(code, now, len(checks))

    if on_check is not None:
        on_check(None, 0, len(checks))

    def job() -> list[tuple[str, list[Finding]]]:
        loop.call_soon_threadsafe(started.set)
        return _checks_one_by_one(site, local, after=count)

    async def in_thread() -> list[tuple[str, list[Finding]]]:
        running = loop.run_in_executor(_CHECKS.pool, contextvars.copy_context().run, job)
        # The clock starts when this site's checks start, not while they queue behind others'.
        await started.wait()
        return await asyncio.wait_for(running, options.checks_timeout)

    async def in_process() -> list[tuple[str, list[Finding]]]:
        if not remote:
            return []
        shipped = dataclasses.replace(site, fetch_resource=None, facts={}, derived={})
        task = _PROCESSES.pool(options.check_processes).submit(
            _checks_in_worker, shipped, [check.code for check in remote], current_language()
        )
        # Queued behind other sites' checks, so the clock allows for the sites ahead of this one.
        results, facts, cpu = await asyncio.wait_for(asyncio.wrap_future(task), options.checks_timeout * 2)
        site.facts.update(facts)
        audit.worker_cpu_s += cpu
        for code, _findings in results:
            count(code)
        return results

    tasks = [asyncio.ensure_future(in_thread()), asyncio.ensure_future(in_process())]
    try:
        parts = await asyncio.gather(*tasks)
    except TimeoutError:
        for task in tasks:
            task.cancel()
        _CHECKS.replace()
        _PROCESSES.replace()
        return [
            crawl_finding(
                "checks_timeout",
                Status.UNKNOWN,
                Severity.HIGH,
                msg("web_audit.audit.site_s_checks_did_not_finish", seconds=options.checks_timeout),
                [Evidence(url=site.root_url, value=options.checks_timeout)],
            )
        ]
    by_check = dict(parts[0] + parts[1])
    return [finding for check in checks for finding in by_check.get(check.code, [])]


def _checks_one_by_one(
    site: SiteContext, checks: Iterable[type[Check]], after: Callable[[str], None] | None = None
) -> list[tuple[str, list[Finding]]]:
    results = []
    for check in checks:
        results.append((check.code, run_checks(site, [check])))
        if after is not None:
            after(check.code)
    return results


def _checks_in_worker(
    site: SiteContext, codes: list[str], language: Language
) -> tuple[list[tuple[str, list[Finding]]], dict[str, Any], float]:
    """In a worker process: the named registered checks on one site, their facts and the CPU they took."""
    began = time.process_time()
    set_language(language)
    registry = {check.code: check for check in all_checks()}
    results = _checks_one_by_one(site, [registry[code] for code in codes])
    return results, site.facts, time.process_time() - began


def _warm_worker() -> None:
    """Load the checks and the spelling dictionaries once per worker, not in the first site's time."""
    from callscout.web_audit.checks.text_quality import _spelling

    all_checks()
    _spelling()


class _WarmUp:
    """Loads what the checks need (their modules, pymorphy3, email_validator) in a thread while the first
    crawl runs, once per process.

    The crawl waits on the network between pages: loaded then, these are ready when the checks start
    instead of being paid for after the crawl (about 0.15 s of CPU on a one-site audit). The checks' own
    lookups wait for the load where they need it (``Registry`` and ``_spelling`` hold locks), so nothing
    is loaded twice. hunspell is not loaded here: the spelling check reads it only for words pymorphy3
    does not know.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False

    def start(self, *, checks_here: bool = True) -> None:
        """``checks_here``: the checks run in this process, not in check workers: load their libraries too."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, args=(checks_here,), name="callscout-warm-checks", daemon=True).start()

    @staticmethod
    def _run(checks_here: bool) -> None:
        # Only a head start: whatever fails here fails again where the checks load it, and is reported there.
        with contextlib.suppress(Exception):
            from callscout.web_audit.checks.text_quality import _spelling

            all_checks()
            if checks_here:
                _spelling()
                import email_validator  # noqa: F401 - the contacts check's, loaded on its first address


_WARM_UP = _WarmUp()


class _ChecksProcesses:
    """The worker processes for ``check_processes``, started on first use and kept for later sites.

    Each worker has its own hunspell, and runs one site's checks at a time, so spelling stays
    single-threaded. Spawned, not forked: the parent runs an event loop and threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 0

    def pool(self, workers: int) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None or self._workers != workers:
                if self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker
                )
                self._workers = workers
            return self._pool

    def replace(self) -> None:
        """Stop the workers (one may be stuck in an overrunning check); later sites get fresh ones."""
        with self._lock:
            if self._pool is not None:
                # The executor has no public way to stop a busy worker before Python 3.14.
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.kill()
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


_PROCESSES = _ChecksProcesses()


class _ChecksThread:
    """The one thread that runs checks.

    One thread: checks are plain sequential code over libraries that are not thread-safe
    (hunspell through pyenchant crashed the process when two sites' spelling checks ran at once).
    The GIL would serialise them anyway; crawls of other sites go on meanwhile. When a check
    overruns its time, the thread is left to it and a fresh one serves the next sites.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="callscout-checks")
            return self._pool

    def replace(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=False)
            self._pool = None


_CHECKS = _ChecksThread()


def _thread_bridge(crawler: Crawler, options: CrawlOptions) -> Callable[[str], Page]:
    """``fetch_resource`` for checks running in a worker thread: the download runs on the loop."""
    loop = asyncio.get_running_loop()
    loop_thread = threading.get_ident()
    deadline = options.request_timeout + 5

    def fetch_resource(url: str) -> Page:
        if threading.get_ident() == loop_thread:
            raise RuntimeError("fetch_resource must be called from the checks' worker thread")
        return asyncio.run_coroutine_threadsafe(crawler.fetch_resource(url), loop).result(timeout=deadline)

    return fetch_resource


def failed_audit(url: str, error: BaseException) -> SiteAudit:
    """A site whose audit crashed: one finding says why; the other sites go on."""
    audit = SiteAudit(url=url)
    audit.findings.append(Finding.check_failed(CRAWL_CHECK, error, url=url))
    audit.finished_at = datetime.now(UTC)
    return audit


async def audit_sites_async(
    urls: Sequence[str],
    options: CrawlOptions | None = None,
    *,
    checks: Iterable[type[Check]] | None = None,
    on_page: ProgressCallback | None = None,
    on_site_done: Callable[[SiteAudit], None] | None = None,
    max_parallel_sites: int = 8,
    whois: dict[str, dict[str, Any]] | None = None,
) -> list[SiteAudit]:
    """``whois``: the known whois record of each URL's domain, by URL (see ``SiteContext.whois``)."""
    slots = asyncio.Semaphore(max_parallel_sites)
    check_list = list(checks) if checks is not None else None

    async def one(url: str) -> SiteAudit:
        async with slots:
            try:
                audit = await audit_site_async(
                    url, options, checks=check_list, on_page=on_page, whois=(whois or {}).get(url)
                )
            except Exception as error:  # noqa: BLE001 - one site's crash must not stop the others
                audit = failed_audit(url, error)
        if on_site_done is not None:
            on_site_done(audit)
        return audit

    return list(await asyncio.gather(*(one(url) for url in urls)))


def _run_sync(coroutine: Any) -> Any:
    """Run a coroutine to completion also when the caller already runs an event loop (web app)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    results: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(asyncio.run(coroutine))
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(error)

    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(target,), name="callscout-audit")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return results[0]


def audit_site(url: str, options: CrawlOptions | None = None, **kwargs: Any) -> SiteAudit:
    return _run_sync(audit_site_async(url, options, **kwargs))


def audit_sites(urls: Sequence[str], options: CrawlOptions | None = None, **kwargs: Any) -> list[SiteAudit]:
    return _run_sync(audit_sites_async(urls, options, **kwargs))


def save_audit(
    store: Store, audit: SiteAudit, *, vendor_id: int | None = None, evaluation_id: int | None = None
) -> int:
    """Keep the run with its findings, its contract JSON and the bytes it fetched, and each checked
    recording as an ``audio`` run of the vendor (the recordings' quality report reads those)."""
    from callscout.audio import record_assessment

    summary = audit.to_json()
    summary.pop("findings")
    summary.pop("run_id")
    audit.run_id = store.record_run(
        RUN_KIND,
        audit.url,
        audit.findings,
        summary=summary,
        snapshots=audit.snapshots(),
        vendor_id=vendor_id,
        evaluation_id=evaluation_id,
        started_at=_naive_utc(audit.started_at),
    )
    for url, assessment in (audit.facts.get("recording_assessments") or {}).items():
        record_assessment(store, assessment, url, vendor_id=vendor_id, evaluation_id=evaluation_id)
    return audit.run_id


def latest_site_json(store: Store, url: str, vendor_id: int | None = None) -> dict[str, Any] | None:
    """The contract JSON of the newest stored audit of ``url``, or None if it was never audited. With
    ``vendor_id``: only that vendor's audits and the command line's (which belong to no vendor), never
    another evaluation's vendor's."""
    runs = store.runs(kind=RUN_KIND, target=normalize_site_url(url), limit=1 if vendor_id is None else 100)
    if vendor_id is not None:
        runs = [run for run in runs if run.vendor_id in (vendor_id, None)]
    if not runs:
        return None
    run = runs[0]
    document = dict(run.summary)
    document["run_id"] = run.id
    document["findings"] = [finding_json(finding) for finding in store.run_findings(run.id)]
    return document


def not_audited_json(url: str) -> dict[str, Any]:
    """A site with no audit yet: one ``unknown`` finding, never a silent pass."""
    finding = crawl_finding(
        "not_audited",
        Status.UNKNOWN,
        Severity.MEDIUM,
        message=msg("web_audit.audit.site_has_not_been_audited_yet"),
        evidence=[Evidence(url=url)],
    )
    audit = SiteAudit(url=url, findings=[finding])
    document = audit.to_json()
    document["audited_at"] = None
    return document
