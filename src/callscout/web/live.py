"""Live control in the cabinet and the ingest API: ``POST /api/v1/events`` (per-vendor token), the page
«Сейчас» with its server-sent event stream, and the vendor's ingest token (shown once, rotated by owners).
Every figure comes from ``callscout.live``."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from callscout.accounts import Role
from callscout.errors import CallScoutError, DataError
from callscout.i18n import msg, tr
from callscout.live.adapters import ami_event, zadarma_event
from callscout.live.alerts import RULE_LABELS, Alerter
from callscout.live.events import MAX_BODY_BYTES, LiveEvent, parse_body
from callscout.live.hub import LiveHub, board_settings
from callscout.live.ingest import LiveStore
from callscout.model import Evaluation
from callscout.store.ownership import VendorRef, vendor_refs
from callscout.web.cabinet import Cabinet

# How often the stream looks for new events, and re-sends the figures anyway (waits grow by themselves).
STREAM_TICK_S = 0.25
STREAM_KEEPALIVE_S = 5.0


ORDER = 90  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    live = getattr(app.state, "live", None) or LiveStore(cabinet.store)
    app.state.live = live
    hub = LiveHub(live)
    app.state.live_hub = hub
    alerter = Alerter(cabinet.store)

    # --- ingestion ------------------------------------------------------------------------------

    async def vendor_of(request: Request) -> int:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else request.query_params.get("token", "")
        known, vendor_id = live.cached_vendor(token)
        if not known:
            vendor_id = await run_in_threadpool(live.vendor_for_token, token)
        if vendor_id is None:
            raise HTTPException(
                401,
                msg("web.live.valid_ingest_token_is_required_authorization"),
            )
        return vendor_id

    async def bounded_body(request: Request) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise DataError(msg("web.live.request_body_larger_than_bytes", limit=MAX_BODY_BYTES))
            chunks.append(chunk)
        return b"".join(chunks)

    async def accept(vendor_id: int, events: list[LiveEvent]) -> Response:
        result = await live.ingest_async(vendor_id, events)
        return JSONResponse(result.as_dict(), status_code=202)

    def refused(error: CallScoutError) -> Response:
        return JSONResponse({"error": error.text(), "details": error.lines()}, status_code=400)

    @app.post("/api/v1/events")
    async def post_events(request: Request) -> Response:
        vendor_id = await vendor_of(request)
        try:
            events = parse_body(await bounded_body(request))
        except CallScoutError as error:
            return refused(error)
        return await accept(vendor_id, events)

    @app.post("/api/v1/events/asterisk_ami")
    async def post_ami_events(request: Request) -> Response:
        """Asterisk Manager queue events as JSON (one object or a list), e.g. from an AMI-to-HTTP relay."""
        vendor_id = await vendor_of(request)
        try:
            decoded = json.loads(await bounded_body(request))
            items = decoded if isinstance(decoded, list) else [decoded]
            if len(items) > 1000 or not all(isinstance(item, dict) for item in items):
                raise DataError(msg("web.live.ami_object_or_list_expected"))
            events = [event for item in items if (event := ami_event(item)) is not None]
        except ValueError as error:
            return refused(DataError(msg("web.live.malformed_json", error=error)))
        except CallScoutError as error:
            return refused(error)
        return await accept(vendor_id, events)

    @app.get("/api/v1/events/zadarma")
    async def zadarma_check(request: Request) -> Response:
        # Zadarma checks a notification URL with ?zd_echo=X and expects X back (API docs, "Webhooks").
        await vendor_of(request)
        return PlainTextResponse(request.query_params.get("zd_echo", "")[:200])

    @app.post("/api/v1/events/zadarma")
    async def post_zadarma(request: Request) -> Response:
        vendor_id = await vendor_of(request)
        try:
            form = await request.form(max_fields=50, max_files=0)
            event = zadarma_event({key: str(value)[:200] for key, value in form.items()})
        except CallScoutError as error:
            return refused(error)
        return await accept(vendor_id, [event] if event else [])

    # --- the page «Сейчас» ------------------------------------------------------------------------

    def chosen_vendor(evaluation_id: int, name: str | None) -> tuple[list[VendorRef], VendorRef | None]:
        vendors = vendor_refs(cabinet.store, evaluation_id)
        chosen = next((vendor for vendor in vendors if vendor.name == name), vendors[0] if vendors else None)
        return vendors, chosen

    async def page(
        request: Request,
        evaluation: Evaluation,
        evaluation_id: int,
        vendor: str | None,
        can_own: bool,
        token: str | None = None,
    ) -> Response:
        vendors, chosen = await run_in_threadpool(chosen_vendor, evaluation_id, vendor)
        context: dict[str, Any] = {"figures": None, "token_issued_at": None, "alerts": []}
        if chosen is not None:
            settings = board_settings(evaluation, chosen.name)
            context = {
                "figures": await run_in_threadpool(hub.figures, chosen.id, settings),
                "token_issued_at": await run_in_threadpool(live.token_issued_at, chosen.id),
                "alerts": await run_in_threadpool(alerter.history, chosen.id),
            }
        return cabinet.render(
            request,
            "live.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            vendors=vendors,
            vendor=chosen,
            can_own=can_own,
            token=token,
            rule_labels={rule: tr(*label) for rule, label in RULE_LABELS.items()},
            **context,
        )

    @app.get("/e/{evaluation_id}/live", response_class=HTMLResponse)
    async def live_page(request: Request, evaluation_id: int, vendor: str | None = None) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        return await page(request, evaluation, evaluation_id, vendor, role.allows(Role.OWNER))

    @app.post("/e/{evaluation_id}/live/token")
    async def rotate_token(request: Request, evaluation_id: int) -> Response:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.OWNER)
        name = str(form.get("vendor") or "")
        _vendors, chosen = await run_in_threadpool(chosen_vendor, evaluation_id, name)
        if chosen is None or chosen.name != name:
            raise HTTPException(404, msg("web.live.vendor_not_found"))
        token = await run_in_threadpool(live.issue_token, chosen.id)
        return await page(request, evaluation, evaluation_id, name, True, token)

    @app.get("/e/{evaluation_id}/digest", response_class=HTMLResponse)
    async def digest_page(request: Request, evaluation_id: int, date: str | None = None) -> Response:
        from datetime import date as Date
        from datetime import timedelta

        from callscout.calls.storage import CallStore
        from callscout.live import digest

        web_session = cabinet.require_session(request)
        evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        try:
            day = Date.fromisoformat(date) if date else Date.today() - timedelta(days=1)
        except ValueError:
            raise DataError(msg("web.live.date_use_yyyy_mm_dd", value=date)) from None
        document = await run_in_threadpool(digest.build, CallStore(cabinet.store), evaluation_id, day)
        title, text = digest.message(document)
        return cabinet.render(
            request,
            "digest.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            digest=document,
            title=title,
            text=text,
        )

    @app.get("/e/{evaluation_id}/live/stream")
    async def live_stream(request: Request, evaluation_id: int, vendor: str | None = None) -> Response:
        evaluation, _role, _version = cabinet.shared_evaluation_for(request, evaluation_id, Role.VIEWER)
        _vendors, chosen = await run_in_threadpool(chosen_vendor, evaluation_id, vendor)
        if chosen is None:
            raise HTTPException(404, msg("web.live.vendor_not_found"))
        settings = board_settings(evaluation, chosen.name)

        async def stream() -> AsyncIterator[bytes]:
            sent: dict[str, Any] | None = None
            sent_at = 0.0
            while not await request.is_disconnected():
                figures = await run_in_threadpool(hub.figures, chosen.id, settings)
                moving = {key: value for key, value in figures.items() if key != "as_of"}
                if moving != sent or time.monotonic() - sent_at > STREAM_KEEPALIVE_S:
                    yield f"event: figures\ndata: {json.dumps(figures, ensure_ascii=False)}\n\n".encode()
                    sent, sent_at = moving, time.monotonic()
                await asyncio.sleep(STREAM_TICK_S)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )
