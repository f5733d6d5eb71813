"""Calls in the cabinet: call-log uploads per vendor, the KPI dashboard (polled by htmx), SLA breaches and
the trial comparison. Every number comes from ``callscout.calls`` (through its result cache)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from callscout.accounts import Role
from callscout.calls import cache, contract, kpi
from callscout.calls.formats import FORMATS
from callscout.calls.mapping import FIELD_LABELS, ColumnMapping
from callscout.calls.storage import CallStore
from callscout.calls.tables import CallImportRow
from callscout.errors import CallScoutError, DataError
from callscout.i18n import current_language, msg, pick, tr
from callscout.jobs import tasks
from callscout.jobs.runner import broker_url
from callscout.model import Evaluation
from callscout.report.call_charts import breakdown_chart
from callscout.report.charts import kpi_bars
from callscout.store.ownership import NotFound, VendorRef, vendor_ref, vendor_refs
from callscout.web.cabinet import Cabinet, PreparedHtml
from callscout.web.forms import parse_date
from callscout.web.jobs import job_for, job_view, progress_fragment, registry
from callscout.web.singleflight import SingleFlight

CHART_GROUPINGS = ("hour_of_day", "day", "agent")
# After an import lands every polling tab misses at once. A miss on a million calls takes longer than a tab
# should wait (single flight computes it once, but everyone waits for that once): past this many seconds a
# tab gets the view it had (the previous data, header ``X-CallScout-Stale``) and the fresh one on its next poll.
# ``CALLSCOUT_DASHBOARD_STALE_AFTER_S`` sets it (the tests wait for the fresh view unless they test this).
STALE_AFTER_S = 0.4


def stale_after_s() -> float:
    return float(os.environ.get("CALLSCOUT_DASHBOARD_STALE_AFTER_S", STALE_AFTER_S))


KEPT_VIEWS = 256
IMPORT_JOB = tasks.IMPORT
DEFAULT_MAX_UPLOAD_MB = 200
COPY_CHUNK = 1024 * 1024


def max_upload_bytes() -> int:
    return int(float(os.environ.get("CALLSCOUT_WEB_MAX_CALL_LOG_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024)


def safe_file_name(name: str, fallback: str) -> str:
    """The user's file name, kept for error messages, without path parts or odd characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ()]+", "_", base, flags=re.UNICODE).strip(" .")[:120]
    return base or fallback


async def save_upload(upload: UploadFile, folder: Path, limit: int, fallback: str) -> Path:
    """Copy an upload (already spooled to disk by the form parser) in chunks, refusing it past ``limit``."""
    target = folder / safe_file_name(upload.filename or "", fallback)
    written = 0
    with target.open("wb") as handle:
        while chunk := await upload.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                raise DataError(msg("web.calls.larger_than_mb", name=target.name, limit=limit / 2**20))
            handle.write(chunk)
    if written == 0:
        raise DataError(msg("web.calls.file_is_empty", name=target.name))
    return target


ORDER = 50  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    calls = CallStore(cabinet.store)
    jobs = registry(cabinet)
    dashboard_misses = SingleFlight()
    chart_draws = SingleFlight()
    # Multipart overhead on top of the file itself.
    cabinet.allow_larger_body(r"/e/\d+/calls/upload", lambda: max_upload_bytes() + 1024 * 1024)

    # The vendors of an evaluation by name, kept under the evaluation's version and its imports' vendors: the
    # polled dashboard read them from the store on every request (a third of a cached answer's CPU time).
    known_refs: dict[int, tuple[tuple[datetime, tuple[int, ...]], dict[str, VendorRef]]] = {}

    def refs_of(evaluation_id: int, manifest: cache.Manifest, version: datetime | None) -> dict[str, VendorRef]:
        if version is None:
            return {ref.name: ref for ref in vendor_refs(cabinet.store, evaluation_id)}
        stamp = (version, tuple(manifest.vendors()))
        known = known_refs.get(evaluation_id)
        if known is not None and known[0] == stamp:
            return known[1]
        refs = {ref.name: ref for ref in vendor_refs(cabinet.store, evaluation_id)}
        if len(known_refs) >= 256:
            known_refs.pop(next(iter(known_refs)), None)
        known_refs[evaluation_id] = (stamp, refs)
        return refs

    def dashboard_context(
        evaluation: Evaluation,
        evaluation_id: int,
        request: Request,
        manifest: cache.Manifest,
        vendor: str | None = None,
        version: datetime | None = None,
    ) -> dict[str, Any]:
        # Names from the request are resolved against this evaluation's vendors only, once, here.
        refs = refs_of(evaluation_id, manifest, version)
        imported = set(manifest.vendors())
        vendors = [name for name, ref in refs.items() if ref.id in imported]
        chosen = vendor or request.query_params.get("vendor") or (vendors[0] if vendors else "")
        return {
            "evaluation": evaluation,
            "evaluation_id": evaluation_id,
            "refs": refs,
            "vendors": vendors,
            "all_vendors": list(refs),
            "vendor": chosen if chosen in vendors else (vendors[0] if vendors else ""),
            "start": request.query_params.get("from") or "",
            "end": request.query_params.get("to") or "",
            "compare": request.query_params.getlist("compare"),
        }

    def page_context(
        evaluation: Evaluation, evaluation_id: int, request: Request, vendor: str | None = None
    ) -> dict[str, Any]:
        return {
            **dashboard_context(evaluation, evaluation_id, request, cache.manifest(calls, evaluation_id), vendor),
            "formats": list(FORMATS),
            "mapping_fields": [(name, tr(*label)) for name, label in FIELD_LABELS.items()],
            "imports": calls.imports(evaluation_id),
            "max_upload_mb": max_upload_bytes() // 2**20,
            "import_job": import_job_state(evaluation_id, request),
            "removed": request.query_params.get("removed"),
        }

    def import_job_state(evaluation_id: int, request: Request) -> dict[str, Any] | None:
        job = jobs.shown(IMPORT_JOB, evaluation_id, request.query_params.get("import_job"))
        return job_view(job) if job else None

    def chart_links(context: dict[str, Any], report: dict[str, Any]) -> dict[str, str]:
        """The charts as images of their own address (``calls_chart``): drawing three charts costs more than
        all the KPIs, so a dashboard miss answers with the numbers and the browser fetches the pictures in
        parallel. The address carries a version of the data behind them, so a browser keeps a chart until an
        import changes it."""
        query = {"vendor": context["vendor"], "from": context["start"], "to": context["end"]}
        version = hashlib.sha256(
            json.dumps([report["by"], current_language()], sort_keys=True, default=str).encode()
        ).hexdigest()[:16]
        base = f"/e/{context['evaluation_id']}/calls/charts"
        return {
            by: f"{base}/{by}.svg?{urlencode({**query, 'v': version})}" for by in CHART_GROUPINGS if report["by"][by]
        }

    def dashboard(evaluation: Evaluation, context: dict[str, Any]) -> dict[str, Any]:
        vendor = context["vendor"]
        if not vendor:
            return {"report": None}
        period = kpi.Period.from_dates(parse_date(context["start"]), parse_date(context["end"]))
        refs = context["refs"]
        settings = cache.settings_for(evaluation, vendor)
        report = cache.vendor_report(calls, refs[vendor], settings, period, CHART_GROUPINGS)
        charts = chart_links(context, report)
        terms = evaluation.vendor(vendor).sla if evaluation.vendor(vendor) else None
        checked = cache.sla_periods(calls, refs[vendor], terms, settings, period, report) if terms else None
        breaches = checked["breaches"] if checked else None
        unchecked = contract.unchecked_targets(terms, report) if terms else {}
        chosen = [refs[name] for name in context["compare"] if name in context["vendors"]]
        comparison = comparison_chart = None
        if len(chosen) >= 2:
            period_or_common = period if (period.start or period.end) else None
            comparison = cache.comparison(calls, chosen, cache.settings_for(evaluation), period_or_common)
            comparison_chart = kpi_bars({"vendors": comparison["kpis"]})
        # Occupancy and utilisation as the core's report has them; a log without agent events has none.
        agents_known = kpi.agent_time_known(report["by"]["agent"])
        return {
            "report": report,
            "agent_time": [(key, pick(*label)) for key, label in kpi.AGENT_TIME_LABELS.items()]
            if agents_known
            else None,
            "charts": charts,
            "terms": terms,
            "breaches": breaches,
            # Targets on figures the log cannot tell: «не проверено», neither met nor breached.
            "unchecked": unchecked,
            # Periods whose figure the log cannot tell: «не проверено» in the breach list, not met, not breached.
            "unchecked_periods": contract.unchecked_in_periods(checked["unchecked"], unchecked) if checked else [],
            "comparison": comparison,
            "comparison_chart": comparison_chart,
        }

    async def render_page(request: Request, evaluation_id: int, status_code: int = 200, **extra: Any) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        context = page_context(evaluation, evaluation_id, request, extra.pop("vendor", None))
        error = extra.pop("error", None)
        try:
            data = await run_in_threadpool(dashboard, evaluation, context)
        except CallScoutError as problem:
            data, error = {"report": None}, error or problem
        return cabinet.render(
            request,
            "calls.html",
            status_code=status_code,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            error=error,
            **context,
            **data,
            **extra,
        )

    @app.get("/e/{evaluation_id}/calls", response_class=HTMLResponse)
    async def calls_page(request: Request, evaluation_id: int) -> Response:
        return await render_page(request, evaluation_id)

    # The latest fragment of each view (evaluation, vendors, period, language), whatever data version it
    # showed: what a tab is answered while the fresh one is computed (see STALE_AFTER_S).
    latest_views: OrderedDict[str, PreparedHtml] = OrderedDict()

    def fragment(
        evaluation: Evaluation, evaluation_id: int, version: datetime, request: Request
    ) -> tuple[str, str, Callable[[], PreparedHtml]]:
        """The dashboard's HTML, kept with the results it shows: polling tabs get it without
        recomputing or re-rendering anything until an import or the evaluation changes."""
        manifest = cache.manifest(calls, evaluation_id)
        context = dashboard_context(evaluation, evaluation_id, request, manifest, version=version)
        period = kpi.Period.from_dates(parse_date(context["start"]), parse_date(context["end"]))
        refs = context["refs"]
        involved = [refs[name] for name in sorted({context["vendor"], *context["compare"]}) if name in refs]
        fragment_key = cache.key(
            "dashboard-html",
            calls,
            involved,
            period,
            evaluation_id=evaluation_id,
            snapshot=manifest,
            # What the fragment reads from the evaluation (KPI settings, contract terms) is fixed by its
            # version: any save moves it, and the KPI results themselves stay cached by their settings.
            evaluation=[evaluation_id, version.isoformat()],
            vendor=context["vendor"],
            compare=context["compare"],
            language=current_language(),
        )

        view = {"vendors": [ref.id for ref in involved], "language": current_language()}
        view |= {name: context[name] for name in ("evaluation_id", "start", "end", "vendor", "compare")}
        view_key = json.dumps(view, sort_keys=True, default=str)

        def render() -> PreparedHtml:
            data = dashboard(evaluation, context)
            template = cabinet.templates.get_template("_calls_dashboard.html")
            html = PreparedHtml.of(template.render({**context, **data, "request": request, "lang": current_language()}))
            latest_views[view_key] = html
            latest_views.move_to_end(view_key)
            while len(latest_views) > KEPT_VIEWS:
                latest_views.popitem(last=False)
            return html

        return fragment_key, view_key, render

    @app.get("/e/{evaluation_id}/calls/dashboard", response_class=HTMLResponse)
    async def calls_dashboard(request: Request, evaluation_id: int) -> Response:
        evaluation, _role, version = cabinet.shared_evaluation_for(request, evaluation_id, Role.VIEWER)
        try:
            fragment_key, view_key, render = fragment(evaluation, evaluation_id, version, request)
            # A cached fragment is answered on the event loop: a hop to the thread pool costs more than
            # the lookup, and 50 threads fighting for the GIL stretch the tail of the latencies.
            html = cache.RESULTS.cached(fragment_key)
            stale = False
            if html is None:
                # A miss is computed once for every tab waiting on it; the others await it on the event loop.
                fresh = dashboard_misses.run(fragment_key, lambda: cache.RESULTS.get(fragment_key, render))
                previous = latest_views.get(view_key) if cache.enabled() else None
                if previous is None:
                    html = await fresh
                else:
                    try:
                        # The computation itself is shielded (SingleFlight): a tab that stops waiting leaves it
                        # running for the others and for its own next poll.
                        html = await asyncio.wait_for(fresh, stale_after_s())
                    except TimeoutError:
                        html, stale = previous, True
        except CallScoutError as problem:
            return cabinet.render(request, "_errors.html", status_code=400, error=problem)
        response = html.response(request)
        if stale:
            response.headers["X-CallScout-Stale"] = "1"
        return response

    @app.get("/e/{evaluation_id}/calls/charts/{by}.svg")
    async def calls_chart(request: Request, evaluation_id: int, by: str) -> Response:
        evaluation, _role, version = cabinet.shared_evaluation_for(request, evaluation_id, Role.VIEWER)
        if by not in CHART_GROUPINGS:
            raise HTTPException(404)
        manifest = cache.manifest(calls, evaluation_id)
        context = dashboard_context(evaluation, evaluation_id, request, manifest, version=version)
        if not context["vendor"]:
            raise HTTPException(404)
        period = kpi.Period.from_dates(parse_date(context["start"]), parse_date(context["end"]))
        settings = cache.settings_for(evaluation, context["vendor"])
        vendor = context["refs"][context["vendor"]]

        def draw() -> str | None:
            report = cache.vendor_report(calls, vendor, settings, period, CHART_GROUPINGS)
            return breakdown_chart(report["by"][by], by)

        try:
            key = cache.key(
                "chart",
                calls,
                [vendor],
                period,
                evaluation_id=evaluation_id,
                snapshot=manifest,
                by=by,
                language=current_language(),
            )
            svg = await chart_draws.run(key, draw)
        except CallScoutError as problem:
            return cabinet.render(request, "_errors.html", status_code=400, error=problem)
        if svg is None:
            raise HTTPException(404)
        # Versioned addresses (v=) change with the data: the browser may keep them; others are re-asked.
        cache_control = "private, max-age=86400" if request.query_params.get("v") else "private, no-cache"
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": cache_control})

    @app.post("/e/{evaluation_id}/calls/upload")
    async def upload_call_log(request: Request, evaluation_id: int) -> Response:
        """The file is received here; the import itself runs as a job whose phases the page polls."""
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        _evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        vendor = str(form.get("vendor") or "")
        format_name = str(form.get("format") or "auto")
        # A zone named here also settles a file mixing zoned and naive times; empty: the evaluation's zone.
        zone = str(form.get("timezone") or "").strip()[:64] or None
        upload = form.get("file")
        # An upload a worker imports is not this process's to sweep if it restarts: it waits for its job.
        prefix = f"upload-p{os.getpid()}-" if broker_url() is None else "upload-queued-"
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=calls.work_dir))
        try:
            owner = vendor_by_name(evaluation_id, vendor)
            if format_name != "auto" and format_name not in FORMATS:
                raise DataError(msg("web.calls.unknown_format", name=format_name))
            mapping = _form_mapping(form)
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise DataError(msg("web.calls.choose_call_log_file"))
            if jobs.running(IMPORT_JOB, evaluation_id, vendor) is not None:
                raise busy(vendor)  # before receiving a large file for nothing
            path = await save_upload(upload, folder, max_upload_bytes(), "calls.csv")

            params = {
                "path": str(path),
                "folder": str(folder),
                "vendor_id": owner.id,
                "format": None if format_name == "auto" else format_name,
                "mapping": mapping.model_dump() if mapping is not None else None,
                "timezone": zone,
            }
            # The task removes the upload's folder once the import has ended (not before a retry).
            job, started = jobs.submit(IMPORT_JOB, evaluation_id, params, key=vendor)
            if not started:
                raise busy(vendor)
        except CallScoutError as error:
            shutil.rmtree(folder, ignore_errors=True)
            return await render_page(request, evaluation_id, status_code=400, error=error, vendor=vendor)
        query = urlencode({"vendor": vendor, "import_job": job.id})
        return RedirectResponse(f"/e/{evaluation_id}/calls?{query}#upload", status_code=303)

    def _form_mapping(form: Any) -> ColumnMapping | None:
        """The upload form's column mapping (``map_<field>`` = header): the same mapping as ``--map``."""
        columns = {
            name: str(form.get(f"map_{name}") or "").strip()
            for name in FIELD_LABELS
            if str(form.get(f"map_{name}") or "").strip()
        }
        return ColumnMapping(columns=columns) if columns else None

    def busy(vendor: str) -> DataError:
        # Two imports of one vendor at once could each miss the other's call ids.
        return DataError(msg("web.calls.import_for_is_already_running_wait", vendor=vendor))

    @app.get("/e/{evaluation_id}/calls/jobs/{job_id}", response_class=HTMLResponse)
    async def import_progress(request: Request, evaluation_id: int, job_id: str) -> Response:
        job = job_for(cabinet, request, evaluation_id, job_id, IMPORT_JOB)
        return progress_fragment(cabinet, request, job, f"/e/{evaluation_id}/calls/jobs/{job_id}")

    def vendor_by_name(evaluation_id: int, name: str) -> VendorRef:
        try:
            return vendor_ref(cabinet.store, evaluation_id, name)
        except NotFound:
            raise DataError(msg("web.calls.choose_vendor_of_this_evaluation")) from None

    def listed_import(evaluation_id: int, import_id: int) -> CallImportRow:
        """An import of this evaluation; others' imports do not exist here."""
        for kind in ("calls", "orders"):
            for row in calls.imports(evaluation_id, kind=kind):
                if row.id == import_id:
                    return row
        raise HTTPException(404, msg("web.calls.import_not_found"))

    @app.get("/e/{evaluation_id}/calls/imports/{import_id}/remove", response_class=HTMLResponse)
    async def confirm_remove_import(request: Request, evaluation_id: int, import_id: int) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        return cabinet.render(
            request,
            "calls_remove.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            row=listed_import(evaluation_id, import_id),
        )

    @app.post("/e/{evaluation_id}/calls/imports/{import_id}/remove")
    async def remove_import(request: Request, evaluation_id: int, import_id: int) -> Response:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        _evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        row = listed_import(evaluation_id, import_id)
        if form.get("confirm") != "yes":
            raise HTTPException(400, msg("web.calls.tick_box_to_confirm_removing_import"))
        # The KPI cache is keyed by the import-manifest version: removing the row invalidates it.
        if await run_in_threadpool(calls.remove_import, evaluation_id, row.id) is None:
            raise HTTPException(404, msg("web.calls.import_not_found"))
        query = urlencode({"vendor": row.vendor_name, "removed": row.id})
        return RedirectResponse(f"/e/{evaluation_id}/calls?{query}#imports", status_code=303)
