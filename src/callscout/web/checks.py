"""The evaluation's online checks in the cabinet: the «Проверять сайты и реестр по сети» setting and
«Проверить всё», which audits every vendor's site and asks the register and whois for each, as one of the
cabinet's background jobs (``callscout.web.jobs``) with its progress by vendor and check.

What could not be checked stays unknown and says why (no DaData key, DNS failure...): the vendor's audit
page shows each finding with its cause, and the report built afterwards lists what is still to check.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callscout.accounts import Role
from callscout.jobs import tasks
from callscout.legal.check import LegalServices
from callscout.store import Store
from callscout.web.cabinet import Cabinet
from callscout.web.jobs import job_for, job_view, progress_fragment, registry
from callscout.web_audit.crawler import CrawlOptions

CHECK_ALL_JOB = tasks.CHECK_ALL


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


ORDER = 20  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    store = cabinet.store
    jobs = registry(cabinet)
    # Jobs run in this process ask the server's register and whois (the demo's local ones, or DaData's);
    # a worker uses its own environment's (docs/workers.md).
    jobs.context.legal = lambda network: legal_services(app, store, network=network)

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
        cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        params = {"crawl": tasks.crawl_params(crawl_options(app))}
        job, _started = jobs.submit(CHECK_ALL_JOB, evaluation_id, params)  # a second click follows the running one
        return RedirectResponse(f"/e/{evaluation_id}?checks_job={job.id}#checks", status_code=303)

    @app.get("/e/{evaluation_id}/checks/jobs/{job_id}", response_class=HTMLResponse)
    async def check_all_progress(request: Request, evaluation_id: int, job_id: str) -> Response:
        job = job_for(cabinet, request, evaluation_id, job_id, CHECK_ALL_JOB)
        return progress_fragment(cabinet, request, job, f"/e/{evaluation_id}/checks/jobs/{job_id}")
