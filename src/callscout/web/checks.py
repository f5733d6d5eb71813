"""The evaluation's online checks in the cabinet: the «Проверять сайты и реестр по сети» setting and
«Проверить всё», which audits every vendor's site and asks the register and whois for each, as one of the
cabinet's background jobs (``callscout.web.jobs``) with its progress by vendor and check.

What could not be checked stays unknown and says why (no DaData key, DNS failure...): the vendor's audit
page shows each finding with its cause, and the report built afterwards lists what is still to check.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callscout import pipeline
from callscout.accounts import Role
from callscout.i18n import tr
from callscout.legal.check import LegalServices, vendor_facts, verify_vendor
from callscout.legal.stage import record_legal_run
from callscout.model import Evaluation
from callscout.model.run import RunOptions
from callscout.store import Store
from callscout.store.jobs import JobProgress
from callscout.store.ownership import vendor_ref
from callscout.web.cabinet import Cabinet
from callscout.web.jobs import job_for, job_view, progress_fragment, registry
from callscout.web_audit.audit import audit_site, normalize_site_url, save_audit
from callscout.web_audit.crawler import CrawlOptions

CHECK_ALL_JOB = "check_all"


def crawl_options(app: FastAPI) -> CrawlOptions:
    """The server's crawl settings (tests and the demo point hosts at local servers); a browser sets none."""
    return CrawlOptions(
        allow_private_network=bool(getattr(app.state, "allow_private_network", False)),
        host_overrides=dict(getattr(app.state, "host_overrides", None) or {}),
        trusted_ca=getattr(app.state, "trusted_ca", None),
    )


def legal_services(app: FastAPI, store: Store, *, network: bool) -> LegalServices:
    """The server's register and whois (the demo's local ones, or DaData and the registries' whois)."""
    configured = getattr(app.state, "legal_services", None)
    services = configured or LegalServices(network=network)
    if configured is not None and not network:
        services = LegalServices(
            registry=configured.registry, whois=configured.whois, network=False, thresholds=configured.thresholds
        )
    if services.store is None:
        services.store = store
    return services


def online_options(app: FastAPI, store: Store) -> RunOptions:
    """The pipeline's online switch with the server's settings, for report builds of an evaluation that asks."""
    return pipeline.online_options(crawl=crawl_options(app), legal_services=legal_services(app, store, network=True))


def _check_everything(
    progress: JobProgress,
    store: Store,
    evaluation_id: int,
    evaluation: Evaluation,
    crawl: CrawlOptions,
    services: LegalServices,
) -> dict[str, Any]:
    """Every vendor's site audit, then its register and whois check; the phase names the vendor and step."""
    steps = [(vendor, kind) for vendor in evaluation.vendors for kind in ("site", "legal")]
    results: dict[str, dict[str, Any]] = {}
    for done, (vendor, kind) in enumerate(steps):
        entry = results.setdefault(vendor.name, {"site": None, "legal": None})
        vendor_id = vendor_ref(store, evaluation_id, vendor.name).id
        if kind == "site":
            progress.phase(tr("сайт: {name}", "website: {name}", name=vendor.name), done / len(steps))
            if not vendor.website:
                entry["site"] = "unknown"
                continue
            audit = audit_site(normalize_site_url(vendor.website), crawl)
            save_audit(store, audit, vendor_id=vendor_id, evaluation_id=evaluation_id)
            entry["site"] = audit.status.value
            entry["site_json"] = audit.to_json()
        else:
            progress.phase(
                tr("реестр и whois: {name}", "register and whois: {name}", name=vendor.name), done / len(steps)
            )
            facts = vendor_facts(vendor, evaluation.needs, entry.pop("site_json", None))
            result = verify_vendor(facts, services)
            record_legal_run(store, evaluation, vendor, result, evaluation_id=evaluation_id)
            entry["legal"] = result.status
    return {"vendors": results}


def register(app: FastAPI, cabinet: Cabinet) -> None:
    store = cabinet.store
    jobs = registry(cabinet)

    @app.get("/e/{evaluation_id}/checks", response_class=HTMLResponse)
    async def checks_block(request: Request, evaluation_id: int) -> Response:
        """The evaluation page's «Проверки по сети» block (loaded by htmx): the setting, the button, progress."""
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        job = jobs.shown(CHECK_ALL_JOB, evaluation_id, request.query_params.get("checks_job"), key="")
        if job is None:
            job = jobs.latest(CHECK_ALL_JOB, evaluation_id, "")
        return cabinet.render(
            request,
            "_checks.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            can_edit=role.allows(Role.ANALYST),
            checks_job=job_view(job) if job else None,
        )

    @app.post("/e/{evaluation_id}/checks/online")
    async def save_online(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        changed = evaluation.model_copy(update={"online_checks": form.get("online_checks") == "on"})
        store.save_evaluation(changed, evaluation_id=evaluation_id)
        return RedirectResponse(f"/e/{evaluation_id}#checks", status_code=303)

    @app.post("/e/{evaluation_id}/checks/all")
    async def check_all(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        await cabinet.checked_form(request, web_session)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        crawl = crawl_options(app)
        services = legal_services(app, store, network=True)

        def work(progress: JobProgress) -> dict[str, Any]:
            return _check_everything(progress, store, evaluation_id, evaluation, crawl, services)

        job, _started = jobs.start(CHECK_ALL_JOB, evaluation_id, work)  # a second click follows the running one
        return RedirectResponse(f"/e/{evaluation_id}?checks_job={job.id}#checks", status_code=303)

    @app.get("/e/{evaluation_id}/checks/jobs/{job_id}", response_class=HTMLResponse)
    async def check_all_progress(request: Request, evaluation_id: int, job_id: str) -> Response:
        job = job_for(cabinet, request, evaluation_id, job_id, CHECK_ALL_JOB)
        return progress_fragment(cabinet, request, job, f"/e/{evaluation_id}/checks/jobs/{job_id}")
