"""The cabinet's «Темы, мнения, реклама» page: topics, results, survey and channels of the evaluation's
vendors (calls.insights, the same document and numbers as ``callscout calls topics|survey|channels``),
and the sales table as XLSX, HTML or JSON (calls.sales, as ``callscout calls sales``)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from callscout.accounts import Role
from callscout.calls import cache, insights, kpi, sales, survey, topics
from callscout.calls.storage import CallStore
from callscout.i18n import pick
from callscout.store.ownership import VendorRef, vendor_refs
from callscout.web.cabinet import Cabinet
from callscout.web.forms import parse_date

SALES_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def _digest(grades: list[dict[str, Any]]) -> str:
    """The grades the survey reads, in a few bytes: a new, removed or changed grade gives another key."""
    listed = sorted((grade["vendor"], grade["call_id"], grade["score"]) for grade in grades)
    return hashlib.sha256(json.dumps(listed, ensure_ascii=False).encode()).hexdigest()


ORDER = 60  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    calls = CallStore(cabinet.store)

    def selection(evaluation_id: int, request: Request) -> tuple[list[VendorRef], list[str], kpi.Period]:
        """This evaluation's vendors with imported calls (or the one asked for, by name, resolved here
        against this evaluation's vendors only), all its vendors' names, and the period asked for."""
        refs = vendor_refs(cabinet.store, evaluation_id)
        imported = set(cache.manifest(calls, evaluation_id).vendors())
        vendors = [ref for ref in refs if ref.id in imported]
        chosen = request.query_params.get("vendor")
        if chosen:
            vendors = [ref for ref in vendors if ref.name == chosen]
        period = kpi.Period.from_dates(
            parse_date(request.query_params.get("from")), parse_date(request.query_params.get("to"))
        )
        return vendors, [ref.name for ref in refs], period

    def compute(evaluation: Any, evaluation_id: int, vendors: list[VendorRef], period: kpi.Period) -> dict[str, Any]:
        from callscout.qa import service as qa_service

        settings = cache.settings_for(evaluation)
        from callscout.live.ingest import survey_answers

        grades = survey.graded_calls(qa_service.grades(calls.store, evaluation_id), vendors)
        answers = survey_answers(calls.store, vendors)
        names = [vendor.name for vendor in vendors]

        def report() -> dict[str, Any]:
            with calls.reader(evaluation_id, [vendor.id for vendor in vendors]) as connection:
                return insights.report(
                    connection,
                    settings,
                    evaluation.sources,
                    vendors=names,
                    period=period,
                    grades=grades,
                    answers=answers,
                )

        # Kept until an import, the channels, the KPI settings or the QA grades change.
        key = cache.key(
            "insights",
            calls,
            vendors,
            period,
            evaluation_id=evaluation_id,
            sources=[source.model_dump(mode="json") for source in evaluation.sources],
            settings=settings.model_dump(mode="json"),
            grades=_digest(grades),
            answers=hashlib.sha256(
                json.dumps(
                    sorted(answers, key=lambda row: (row["vendor"], row["call_id"])), ensure_ascii=False
                ).encode()
            ).hexdigest(),
        )
        result = dict(cache.RESULTS.get(key, report))
        result["transcripts"] = spoken(evaluation_id)
        return result

    def spoken(evaluation_id: int) -> dict[str, Any]:
        """Topics and complaints in the transcripts of this evaluation's recordings."""
        from callscout.calls import transcripts

        kept = transcripts.stored(cabinet.store, evaluation_id)
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
        vendors, all_vendors, period = selection(evaluation_id, request)
        data = await run_in_threadpool(compute, evaluation, evaluation_id, vendors, period) if vendors else None
        spoken_only = None if data else await run_in_threadpool(spoken, evaluation_id)
        return cabinet.render(
            request,
            "insights.html",
            role=role,
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            vendors=[vendor.name for vendor in vendors],
            all_vendors=all_vendors,
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
        vendors, _all_vendors, period = selection(evaluation_id, request)

        def build() -> bytes:
            settings = cache.settings_for(evaluation)
            if vendors:
                with calls.reader(evaluation_id, [vendor.id for vendor in vendors]) as connection:
                    data = sales.report(
                        connection,
                        settings,
                        evaluation.sources,
                        vendors=[vendor.name for vendor in vendors],
                        period=period,
                    )
            else:  # no vendor's calls: an empty table (a reader of no vendor would read them all)
                data = {"columns": [*sales.KEYS, *sales.VALUES], "rows": [], "status": "no_data"}
            with tempfile.TemporaryDirectory(prefix="callscout-sales-") as folder:
                path = Path(folder) / f"sales.{kind}"
                sales.write(data, path)
                return path.read_bytes()

        body = await run_in_threadpool(build)
        headers = {"Content-Disposition": f'attachment; filename="sales-{evaluation_id}.{kind}"'}
        return Response(body, media_type=SALES_TYPES[kind], headers=headers)
