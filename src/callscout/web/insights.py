"""The cabinet's «Темы, мнения, реклама» page: topics, results, survey and channels of the evaluation's
vendors (calls.insights, the same document and numbers as ``callscout calls topics|survey|channels``),
and the sales table as XLSX, HTML or JSON (calls.sales, as ``callscout calls sales``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from callscout.accounts import Role
from callscout.calls import cache, insights, kpi, sales, topics
from callscout.calls.storage import CallStore
from callscout.i18n import pick
from callscout.web.cabinet import Cabinet
from callscout.web.calls import _date, _vendor_names

SALES_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def register(app: FastAPI, cabinet: Cabinet) -> None:
    calls = CallStore(cabinet.store)

    def selection(evaluation: Any, request: Request) -> tuple[list[str], kpi.Period]:
        """The evaluation's vendors with imported calls (or the one asked for), and the period asked for."""
        imported = set(cache.manifest(calls).vendors())
        vendors = [name for name in _vendor_names(evaluation) if name in imported]
        chosen = request.query_params.get("vendor")
        if chosen:
            vendors = [name for name in vendors if name == chosen]
        period = kpi.Period.from_dates(_date(request.query_params.get("from")), _date(request.query_params.get("to")))
        return vendors, period

    def compute(evaluation: Any, vendors: list[str], period: kpi.Period) -> dict[str, Any]:
        from callscout.qa import service as qa_service

        settings = cache.settings_for(evaluation)
        grades = qa_service.grades(calls.store, vendors=vendors)

        def report() -> dict[str, Any]:
            with calls.reader(vendors) as connection:
                return insights.report(
                    connection, settings, evaluation.sources, vendors=vendors, period=period, grades=grades
                )

        # Kept until an import, the channels, the KPI settings or the QA grades change.
        key = cache.key(
            "insights",
            calls,
            vendors,
            period,
            sources=[source.model_dump(mode="json") for source in evaluation.sources],
            settings=settings.model_dump(mode="json"),
            grades=[len(grades), max((grade["id"] for grade in grades), default=0)],
        )
        result = dict(cache.RESULTS.get(key, report))
        result["transcripts"] = spoken(evaluation)
        return result

    def spoken(evaluation: Any) -> dict[str, Any]:
        """Topics and complaints in the transcripts of the evaluation's vendors' recordings."""
        from callscout.calls import transcripts

        store = cabinet.store
        owners = [store.vendor_id(evaluation.name, name) for name in _vendor_names(evaluation)]
        kept = transcripts.stored(store, [owner for owner in owners if owner is not None])
        links = {ref: run_id for ref, _transcript, run_id in kept}
        pairs = [(ref, transcript) for ref, transcript, _run_id in kept]
        return {
            "topics": transcripts.topics(pairs),
            "flagged": transcripts.flagged_calls(pairs),
            "links": links,
        }

    @app.get("/e/{evaluation_id}/calls/insights", response_class=HTMLResponse)
    async def insights_page(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        vendors, period = selection(evaluation, request)
        data = await run_in_threadpool(compute, evaluation, vendors, period) if vendors else None
        spoken_only = None if data else await run_in_threadpool(spoken, evaluation)
        return cabinet.render(
            request,
            "insights.html",
            role=role,
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            vendors=vendors,
            all_vendors=_vendor_names(evaluation),
            vendor=request.query_params.get("vendor") or "",
            start=request.query_params.get("from") or "",
            end=request.query_params.get("to") or "",
            data=data,
            spoken=data["transcripts"] if data else spoken_only,
            reasons={key: pick(*text) for key, text in topics.NO_DATA_REASONS.items()},
            topic_label=lambda code: pick(*label) if (label := topics.topic_label(code)) else None,
        )

    @app.get("/e/{evaluation_id}/calls/sales.{kind}")
    async def sales_table(request: Request, evaluation_id: int, kind: str) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        if kind not in SALES_TYPES:
            raise HTTPException(status_code=404)
        vendors, period = selection(evaluation, request)

        def build() -> bytes:
            settings = cache.settings_for(evaluation)
            with calls.reader(vendors) as connection:
                data = sales.report(connection, settings, evaluation.sources, vendors=vendors, period=period)
            if not vendors:
                data["rows"] = []
            with tempfile.TemporaryDirectory(prefix="callscout-sales-") as folder:
                path = Path(folder) / f"sales.{kind}"
                sales.write(data, path)
                return path.read_bytes()

        body = await run_in_threadpool(build)
        headers = {"Content-Disposition": f'attachment; filename="sales-{evaluation_id}.{kind}"'}
        return Response(body, media_type=SALES_TYPES[kind], headers=headers)
