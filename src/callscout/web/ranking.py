"""Ranking in the cabinet: weights as sliders, instant re-ranking, tipping points, the chance of
ranking first, saving the weights into the evaluation and the report downloads.

The ranking is always the core's ``score_document`` over the pipeline's last result document (kept in the
store with the run): sliders only change ``Evaluation.scoring`` and the engine recomputes.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import shutil
import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

import callscout.web.forms as forms
from callscout.accounts import Role
from callscout.errors import CallScoutError, DataError
from callscout.i18n import msg
from callscout.jobs import tasks
from callscout.model import Evaluation
from callscout.model.scoring import ScoringSettings
from callscout.present.findings import said
from callscout.report.charts import probability_bars, score_bars
from callscout.report.render import PRINT_PAGE
from callscout.scoring import CRITERIA, GROUPS, resolve_weights, score_document
from callscout.web.cabinet import Cabinet
from callscout.web.checks import crawl_options
from callscout.web.jobs import job_for, job_view, progress_fragment, registry
from callscout.web.singleflight import SingleFlight

# The files of an earlier run the cabinet offers (the PDF only for the latest: it takes most of a minute).
RUN_FILES = {"report.html": "html", "report.xlsx": "xlsx", "report.json": "json"}
_RUN_REPORTS = SingleFlight()
GROUP_FIELD = "group:"
CRITERION_FIELD = "criterion:"
MAX_IMPORTANCE = 10.0
BUILD_JOB = tasks.REPORT


def existing_reports(directory: Path) -> dict[str, Path]:
    """The report files to offer: those written, and the PDF wherever its report.json (or print page) is there
    to build it from on the first download."""
    names = ("report.html", "report.pdf", "report.xlsx", "report.json")
    found = {name: directory / name for name in names if (directory / name).is_file()}
    if "report.pdf" not in found and ("report.json" in found or (directory / PRINT_PAGE).is_file()):
        found = {**found, "report.pdf": directory / "report.pdf"}
    return dict(sorted(found.items(), key=lambda item: names.index(item[0])))


def weights_from_form(evaluation: Evaluation, form: FormData) -> ScoringSettings:
    """The evaluation's scoring settings with the sliders' weights; only criteria moved off their
    preset importance are kept, so a saved file says what the buyer changed."""
    settings = evaluation.scoring or ScoringSettings()
    preset = settings.preset or evaluation.needs.hotline_task.value
    groups = {
        group: forms.number(form, GROUP_FIELD + group, minimum=0, maximum=100.0, required=True)
        for group in GROUPS
        if GROUP_FIELD + group in form
    }
    criteria = {}
    for item in CRITERIA:
        name = CRITERION_FIELD + item.id
        if name in form:
            importance = forms.number(form, name, minimum=0, maximum=MAX_IMPORTANCE, required=True)
            if not math.isclose(importance, item.importance_for(preset)):
                criteria[item.id] = importance
    if groups and not any(groups.values()):
        raise DataError(msg("web.ranking.all_group_weights_are_zero"))
    update: dict[str, Any] = {"criterion_weights": criteria}
    if groups:
        total = sum(groups.values())
        # Sliders replace pairwise comparisons: the buyer now sets the group weights directly.
        update |= {"group_weights": {group: round(value / total, 4) for group, value in groups.items()}, "ahp": []}
    return ScoringSettings.model_validate({**settings.model_dump(), **update})


def slider_values(evaluation: Evaluation, scoring: dict[str, Any]) -> dict[str, Any]:
    """Where each slider starts: the weights in force (group shares in %, criterion importances)."""
    settings = evaluation.scoring
    plan = resolve_weights(evaluation.needs, settings)
    overrides = settings.criterion_weights if settings else {}
    groups = [
        {"id": group["id"], "name": said(group["name"]), "value": round(group["weight"] * 100, 1)}
        for group in scoring["groups"]
    ]
    criteria = [
        {
            "id": item.id,
            "name": item.name,
            "group": item.group,
            "value": overrides.get(item.id, item.importance_for(plan.preset)),
        }
        for item in CRITERIA
    ]
    return {"groups": groups, "criteria": criteria, "max_importance": MAX_IMPORTANCE}


def ranking_view(document: dict[str, Any], evaluation: Evaluation) -> dict[str, Any]:
    scoring = score_document(document, evaluation)
    group_names = {group["id"]: said(group["name"]) for group in scoring["groups"]}
    charts = {"scores": score_bars(scoring, group_names), "probability": probability_bars(scoring)}
    return {"scoring": scoring, "charts": {name: Markup(svg) for name, svg in charts.items() if svg}}


def report_build(cabinet: Cabinet, request: Request, evaluation_id: int) -> dict[str, Any] | None:
    """The report build a page follows: the one named in its address, else one still running."""
    job = registry(cabinet).shown(BUILD_JOB, evaluation_id, request.query_params.get("build_job"), key="")
    return job_view(job) if job else None


def _write_run_reports(document: dict[str, Any], directory: Path) -> None:
    from callscout.report import write_reports

    if directory.is_dir():
        return
    aside = directory.with_name(f"{directory.name}.{uuid.uuid4().hex}.part")
    write_reports(document, aside, set(RUN_FILES.values()))
    try:
        aside.rename(directory)
    except OSError:  # written meanwhile by another server process: its copy serves
        shutil.rmtree(aside, ignore_errors=True)


ORDER = 40  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    store = cabinet.store
    jobs = registry(cabinet)

    async def compute(document: dict[str, Any], evaluation: Evaluation) -> dict[str, Any]:
        # Monte Carlo and the cross-checks take a moment: off the event loop, in the user's language.
        return await asyncio.to_thread(contextvars.copy_context().run, ranking_view, document, evaluation)

    @app.get("/e/{evaluation_id}/ranking", response_class=HTMLResponse)
    async def ranking_page(request: Request, evaluation_id: int, run: int | None = None) -> Response:
        """The latest run's ranking, or an earlier run's (``run``: its number in the list of runs)."""
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        document = store.result_document(evaluation_id, run)
        if run is not None and document is None:
            raise HTTPException(404, msg("web.ranking.run_not_found"))
        runs = store.result_runs(evaluation_id)
        context: dict[str, Any] = {
            "evaluation": evaluation,
            "evaluation_id": evaluation_id,
            "role": role,
            "can_edit": role.allows(Role.ANALYST),
            "reports": existing_reports(cabinet.reports_dir / str(evaluation_id)),
            "error": None,
            "build_job": report_build(cabinet, request, evaluation_id),
            "runs": runs,
            # An earlier run is shown with its own downloads; the latest with the report folder's files.
            "shown_run": run if run is not None and runs and run != runs[0].id else None,
            "run_files": RUN_FILES,
        }
        if document is None:
            return cabinet.render(request, "ranking.html", view=None, sliders=None, **context)
        view = await compute(document, evaluation)
        return cabinet.render(
            request, "ranking.html", view=view, sliders=slider_values(evaluation, view["scoring"]), **context
        )

    @app.get("/e/{evaluation_id}/runs/{document_id}/{filename}")
    async def run_report(request: Request, evaluation_id: int, document_id: int, filename: str) -> Response:
        """One run's report file, written from that run's stored document on its first download (a run's
        document never changes, so the file is kept)."""
        web_session = cabinet.require_session(request)
        cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        kind = RUN_FILES.get(filename)
        document = store.result_document(evaluation_id, document_id) if kind is not None else None
        if kind is None or document is None:
            raise HTTPException(404, msg("web.ranking.run_not_found"))
        directory = cabinet.reports_dir / str(evaluation_id) / "runs" / str(document_id)
        if not directory.is_dir():
            # Written aside and moved in whole: a download never meets a half-written folder.
            language = contextvars.copy_context()
            await _RUN_REPORTS.run(str(directory), lambda: language.run(_write_run_reports, document, directory))
        path = directory / filename
        return FileResponse(path, filename=filename, content_disposition_type="attachment")

    @app.post("/e/{evaluation_id}/ranking/build")
    async def build_report(request: Request, evaluation_id: int) -> Response:
        """Run the pipeline (what ``callscout evaluate`` runs) in the background, from the ranking page or
        the evaluation page (``back=evaluation``); the page it returns to follows the build's stages."""
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)  # analysts and owners build
        # The task runs the pipeline on the evaluation as stored when it starts; with the evaluation's
        # «Проверять сайты и реестр по сети» on, with the server's crawl settings.
        out_dir = cabinet.reports_dir / str(evaluation_id)
        params = {"out_dir": str(out_dir), "crawl": tasks.crawl_params(crawl_options(app))}
        job, _started = jobs.submit(BUILD_JOB, evaluation_id, params)  # a second click follows the running build
        if form.get("back") == "evaluation":
            return RedirectResponse(f"/e/{evaluation_id}?build_job={job.id}#reports", status_code=303)
        return RedirectResponse(f"/e/{evaluation_id}/ranking?build_job={job.id}#downloads", status_code=303)

    @app.get("/e/{evaluation_id}/ranking/jobs/{job_id}", response_class=HTMLResponse)
    async def build_progress(request: Request, evaluation_id: int, job_id: str) -> Response:
        job = job_for(cabinet, request, evaluation_id, job_id, BUILD_JOB)
        return progress_fragment(cabinet, request, job, f"/e/{evaluation_id}/ranking/jobs/{job_id}")

    @app.post("/e/{evaluation_id}/ranking/preview", response_class=HTMLResponse)
    async def ranking_preview(request: Request, evaluation_id: int) -> Response:
        """htmx: the ranking under the sliders' weights, nothing saved (viewers may explore too)."""
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        run = str(form.get("run") or "")  # the run the page shows; the latest without one
        document = store.result_document(evaluation_id, int(run) if run.isdigit() else None)
        if document is None:
            return cabinet.render(request, "_ranking_result.html", status_code=409, view=None, error=None)
        try:
            trial = evaluation.model_copy(update={"scoring": weights_from_form(evaluation, form)})
            view = await compute(document, trial)
        except CallScoutError as error:
            return cabinet.render(request, "_ranking_result.html", status_code=400, view=None, error=error)
        return cabinet.render(request, "_ranking_result.html", view=view, error=None)

    @app.post("/e/{evaluation_id}/ranking/weights")
    async def save_weights(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _ = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)

        def saved() -> str:
            settings = weights_from_form(evaluation, form)
            store.save_evaluation(evaluation.model_copy(update={"scoring": settings}), evaluation_id=evaluation_id)
            return f"/e/{evaluation_id}/ranking?saved=1"

        return await forms.submit(saved, lambda error: cabinet.render(request, "error.html", message=error.text()))
