"""Vendors' website audits and legal verification in the cabinet.

An audit runs as one of the cabinet's jobs (``callscout.jobs``' task "audit": a thread of the server process
that started it, or a worker; its progress in the store); the crawler and the checks are the core's
``audit_site``. The
browser follows it through server-sent events, which any server process can answer; an audit cut off
by a restart reads "interrupted": one audit per vendor at a time, a finished one can be started again.
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

import callscout.web.forms as forms
from callscout.accounts import Role
from callscout.errors import DataError
from callscout.i18n import current_language, msg, pick, set_language
from callscout.jobs import tasks
from callscout.legal.check import LegalServices, vendor_facts, verify_vendor
from callscout.legal.stage import RUN_KIND as LEGAL_RUN
from callscout.legal.stage import record_legal_run
from callscout.model import Evaluation, Vendor
from callscout.store import Store
from callscout.store.jobs import Job
from callscout.store.ownership import vendor_ref
from callscout.web.cabinet import Cabinet
from callscout.web.jobs import JobRegistry
from callscout.web.jobs import registry as job_registry
from callscout.web_audit.audit import latest_site_json, normalize_site_url
from callscout.web_audit.base import all_checks
from callscout.web_audit.crawler import CRAWL_CHECK, CrawlOptions
from callscout.web_audit.net import address_problem

SSE_POLL_S = 0.25
AUDIT_JOB = tasks.AUDIT
STATUS_LABELS = {
    "pass": ("норма", "pass"),
    "warn": ("внимание", "warning"),
    "fail": ("нарушение", "fail"),
    "unknown": ("неизвестно", "unknown"),
    "failed": ("проверка не удалась", "check failed"),
}
OTHER_CHECK_TITLES = {
    CRAWL_CHECK: ("Обход сайта", "Site crawl"),
    LEGAL_RUN: ("Юрлицо и домен", "Legal entity and domain"),
}


class AuditRegistry:
    """Audits by (evaluation id, vendor name), run as the cabinet's jobs: one running audit per vendor,
    a finished one can be started again, and any server process can report any audit's progress."""

    def __init__(self, jobs: JobRegistry) -> None:
        self.registry = jobs
        self.jobs = jobs.jobs

    def get(self, evaluation_id: int, vendor: str) -> Job | None:
        return self.registry.latest(AUDIT_JOB, evaluation_id, vendor)

    def start(
        self, store: Store, evaluation_id: int, evaluation: Evaluation, vendor: Vendor, options: CrawlOptions
    ) -> Job:
        url = normalize_site_url(vendor.website or "")
        details = {"url": url, "pages_fetched": 0, "last_page": "", "checks_total": 0, "checks_done": 0}
        params = {"url": url, "vendor_id": vendor_ref(store, evaluation_id, vendor.name).id}
        # A second click joins the running audit instead of crawling twice.
        job, _created = self.registry.submit(
            AUDIT_JOB,
            evaluation_id,
            params | {"crawl": tasks.crawl_params(options)},
            key=vendor.name,
            details=details,
        )
        return job


def refused_address(url: str) -> str | None:
    """Why the form must not audit this address (loopback, private, ...), or None."""
    host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None  # a name: the crawler checks every address it resolves to before connecting
    return address_problem(host)


def group_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings by check, in the order the checks ran, each group with its worst status."""
    order = ("fail", "unknown", "warn", "pass")
    titles = OTHER_CHECK_TITLES | {check.code: (check.title_ru, check.title_en) for check in all_checks()}
    groups: dict[str, dict[str, Any]] = {}
    for finding in findings:
        group = groups.setdefault(
            finding["check"],
            {"check": finding["check"], "title": titles.get(finding["check"]), "findings": [], "status": "pass"},
        )
        group["findings"].append(finding)
        status = finding.get("status", "unknown")
        if status in order and order.index(status) < order.index(group["status"]):
            group["status"] = status
    return list(groups.values())


def safe_link(url: Any) -> str | None:
    """Only http(s) evidence becomes a link; anything else (javascript:, data:) stays text."""
    if isinstance(url, str) and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def _vendor(evaluation: Evaluation, name: str) -> Vendor:
    vendor = evaluation.vendor(name)
    if vendor is None:
        raise HTTPException(404, msg("web.audits.vendor_not_found"))
    return vendor


def _latest_legal(store: Store, evaluation_id: int, vendor: Vendor) -> tuple[dict[str, Any], list[Any]] | None:
    runs = store.runs(kind=LEGAL_RUN, vendor_id=vendor_ref(store, evaluation_id, vendor.name).id, limit=1)
    if not runs:
        return None
    return runs[0].summary, [finding.model_dump(mode="json") for finding in store.run_findings(runs[0].id)]


ORDER = 10  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    store = cabinet.store
    registry = AuditRegistry(job_registry(cabinet))
    app.state.audits = registry
    cabinet.templates.env.globals["status_label"] = lambda status: pick(*STATUS_LABELS.get(status, (status, status)))

    def crawl_options() -> CrawlOptions:
        from callscout.web.checks import crawl_options as server_crawl_options

        return server_crawl_options(app)

    def legal_services(evaluation: Evaluation) -> LegalServices:
        # Online only when the evaluation asks for it (its «Проверять сайты и реестр по сети»).
        from callscout.web.checks import legal_services as server_legal_services

        return server_legal_services(app, store, network=evaluation.online_checks)

    def page(request: Request, evaluation_id: int, vendor: Vendor, role: Role, **extra: Any) -> Response:
        evaluation = store.evaluation_by_id(evaluation_id)
        owner = vendor_ref(store, evaluation_id, vendor.name)
        site = latest_site_json(store, vendor.website, owner.id) if vendor.website else None
        legal = _latest_legal(store, evaluation_id, vendor) if evaluation else None
        return cabinet.render(
            request,
            "vendor_audit.html",
            evaluation_id=evaluation_id,
            evaluation=evaluation,
            vendor=vendor,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            site=site,
            groups=group_findings(site["findings"]) if site else [],
            job=registry.get(evaluation_id, vendor.name),
            legal=legal[0] if legal else None,
            legal_groups=group_findings(legal[1]) if legal else [],
            safe_link=safe_link,
            **extra,
        )

    @app.get("/e/{evaluation_id}/audits", response_class=HTMLResponse)
    async def audits_index(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        rows = []
        for vendor in evaluation.vendors:
            owner = vendor_ref(store, evaluation_id, vendor.name)
            site = latest_site_json(store, vendor.website, owner.id) if vendor.website else None
            rows.append((vendor, site))
        return cabinet.render(
            request, "audits.html", evaluation=evaluation, evaluation_id=evaluation_id, role=role, rows=rows
        )

    # Vendor names may hold "/" (``:path``); the page route is registered after ``.../events`` below,
    # so that the events of vendor "A/B" are not read as the page of vendor "A/B/events".
    async def vendor_audit(request: Request, evaluation_id: int, vendor_name: str) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        return page(request, evaluation_id, _vendor(evaluation, vendor_name), role, error=None)

    @app.post("/e/{evaluation_id}/audits/{vendor_name:path}/start")
    async def start_audit(request: Request, evaluation_id: int, vendor_name: str) -> Response:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        vendor = _vendor(evaluation, vendor_name)
        website = str(form.get("website") or vendor.website or "").strip()
        problem = None
        if not website:
            problem = msg("web.audits.vendor_has_no_website")
        elif not getattr(app.state, "allow_private_network", False) and (reason := refused_address(website)):
            problem = msg("web.audits.internal_network_address_cannot_be_audited", url=website, reason=reason)
        else:
            try:
                normalize_site_url(website)
            except ValueError as error:
                problem = error.args[0] if error.args else str(error)  # its catalogue text, kept coded

        def started() -> str:
            if problem is not None:
                raise DataError(problem)
            audited, current = vendor, evaluation
            if website != vendor.website:
                audited = vendor.model_copy(update={"website": website})
                current = evaluation.model_copy(
                    update={"vendors": [audited if v.name == vendor.name else v for v in evaluation.vendors]}
                )
                # validates the whole evaluation: nothing invalid is stored
                store.save_evaluation(current, evaluation_id=evaluation_id)
            registry.start(store, evaluation_id, current, audited, crawl_options())
            return f"/e/{evaluation_id}/audits/{_quoted(audited.name)}#progress"

        return await forms.submit(started, lambda error: page(request, evaluation_id, vendor, role, error=error))

    @app.get("/e/{evaluation_id}/audits/{vendor_name:path}/events")
    async def audit_events(request: Request, evaluation_id: int, vendor_name: str) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        vendor = _vendor(evaluation, vendor_name)
        job = registry.get(evaluation_id, vendor.name)
        language = current_language()

        async def events() -> AsyncIterator[bytes]:
            set_language(language)
            if job is None:
                yield _event("idle", {"state": "idle"})
                return
            last: dict[str, Any] | None = None
            while True:
                # One read gives the state and whether it is finished, so "done" always comes with the
                # final counts; another server process may be the one running the audit.
                current = registry.jobs.get(job.id)
                if current is None:
                    yield _event("idle", {"state": "idle"})
                    return
                finished = current.finished
                state = current.snapshot()
                if state != last:
                    state["text"] = _progress_text(state)
                    yield _event("progress", state)
                    last = {key: value for key, value in state.items() if key != "text"}
                if finished:
                    state["text"] = _progress_text(state)
                    yield _event("done", state)
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(SSE_POLL_S)

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )

    app.get("/e/{evaluation_id}/audits/{vendor_name:path}", response_class=HTMLResponse)(vendor_audit)

    @app.post("/e/{evaluation_id}/legal/{vendor_name:path}")
    async def run_legal(request: Request, evaluation_id: int, vendor_name: str) -> Response:
        web_session = cabinet.require_session(request)
        await cabinet.checked_form(request, web_session)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        vendor = _vendor(evaluation, vendor_name)
        owner = vendor_ref(store, evaluation_id, vendor.name)
        site = latest_site_json(store, vendor.website, owner.id) if vendor.website else None
        facts = vendor_facts(vendor, evaluation.needs, site)
        result = await asyncio.to_thread(
            contextvars.copy_context().run, verify_vendor, facts, legal_services(evaluation)
        )
        record_legal_run(store, evaluation, vendor, result, evaluation_id=evaluation_id)
        return RedirectResponse(f"/e/{evaluation_id}/audits/{_quoted(vendor.name)}#legal", status_code=303)


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _progress_text(state: dict[str, Any]) -> str:
    if state["state"] == tasks.QUEUED:
        return msg("web.audits.queued_waiting_for_free_job_worker")
    if state["state"] == "crawling":
        return msg("web.audits.crawling_page_s_fetched", n=state["pages_fetched"])
    if state["state"] == "checks":
        return msg("web.audits.checks_of", done=state["checks_done"], total=state["checks_total"])
    if state["state"] == "done":
        return msg("web.audits.done_page_s_check_s", n=state["pages_fetched"], total=state["checks_total"])
    if state["state"] == "cancelled":
        return msg("web.audits.audit_was_cancelled_nothing_was_saved")
    if state["state"] == "interrupted":
        return msg("web.audits.audit_was_cut_off_by_server")
    return msg("web.audits.audit_failed", error=state.get("error") or "")
