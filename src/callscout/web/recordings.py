"""Recordings and quality control in the cabinet: upload a call recording (checked by the core's hostile-file
bounds), listen to it with its quality verdict, its transcript where one exists and the script checklist;
rate it with a scorecard (grades are immutable in the core); operator quizzes; the mystery-shopper log.

Thin routes: the forms are read with web.forms, everything else is the core's qa.recordings service."""

from __future__ import annotations

import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

import callscout.web.forms as forms
from callscout.accounts import Role, WebSession
from callscout.audio.asr import configuration_problem, load_transcript, recognizer_from_config, transcribe
from callscout.errors import CallScoutError, DataError
from callscout.i18n import msg
from callscout.model import Evaluation
from callscout.qa.models import Form, Quiz, Scale
from callscout.qa.recordings import (
    AUDIO_EXTENSIONS,
    RecordingNotFound,
    Recordings,
    max_recording_bytes,
    recordings_directory,
)
from callscout.store.ownership import VendorRef
from callscout.store.store import RunSummary
from callscout.web.cabinet import Cabinet
from callscout.web.calls import save_upload

TRANSCRIPT_EXTENSIONS = (".txt", ".json")
MAX_TRANSCRIPT_BYTES = 1024 * 1024
MAX_DEFINITION_BYTES = 256 * 1024
MEDIA_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "flac": "audio/flac",
    "mp4": "audio/mp4",
    "aac": "audio/aac",
    "amr": "audio/amr",
    "webm": "audio/webm",
    "aiff": "audio/aiff",
}

__all__ = ["max_recording_bytes", "recordings_directory", "register"]


def _item_fields(form: FormData) -> dict[str, str | None]:
    """The scorecard's ``item_*`` and ``comment_*`` fields, read like every other field."""
    return {key: forms.text(form, key) for key in form if key.startswith(("item_", "comment_"))}


def _example(name: str) -> str:
    return files("callscout.demo").joinpath(f"data/quality/{name}").read_text(encoding="utf-8")


async def _definition(form: FormData, model: type[Form] | type[Quiz], example: str) -> Form | Quiz:
    """A form or quiz from an uploaded YAML file, or the shipped example."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_DEFINITION_BYTES + 1)
        if len(data) > MAX_DEFINITION_BYTES:
            raise DataError(msg("web.recordings.larger_than_256_kb", name=upload.filename))
        name = upload.filename
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(msg("web.recordings.not_utf_8", name=name)) from None
    else:
        name, text = example, _example(example)
    from callscout.evalfile import load_model
    from callscout.qa.files import DEFINITION_SHAPE

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text, encoding="utf-8")
        return load_model(path, model, DEFINITION_SHAPE)


ORDER = 70  # this area's place among the cabinet's routes (web.app.AREAS)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    service = Recordings(cabinet.store)  # its CallStore sweeps the call-log uploads of killed processes, too
    service.sweep_uploads()  # a recording upload cut off by kill -9
    cabinet.allow_larger_body(r"/e/\d+/(recordings|mystery)", lambda: max_recording_bytes() + 1024 * 1024)

    def recording(evaluation_id: int, run_id: int) -> tuple[RunSummary, VendorRef]:
        try:
            return service.get(evaluation_id, run_id)
        except RecordingNotFound as missing:
            raise HTTPException(404, str(missing)) from None

    def known_vendor(evaluation_id: int, name: str) -> VendorRef:
        try:
            return service.vendor(evaluation_id, name)
        except DataError:
            raise HTTPException(404, msg("web.recordings.vendor_not_found")) from None

    def call_picker(evaluation_id: int, params: Any) -> dict[str, Any]:
        query = {
            "call_vendor": forms.text(params, "call_vendor") or "",
            "call_q": (forms.text(params, "call_q") or "")[:100],
            "call_from": forms.text(params, "call_from") or "",
            "call_to": forms.text(params, "call_to") or "",
        }
        picked = service.call_picker(
            evaluation_id,
            query["call_vendor"],
            query["call_q"] or None,
            forms.parse_date(query["call_from"]),
            forms.parse_date(query["call_to"]),
            forms.positive_int_or(params.get("call_page"), 1),
        )
        query["call_vendor"] = picked.pop("chosen")
        return {**picked, "call_query": query}

    async def list_page(
        request: Request, evaluation_id: int, error: CallScoutError | None = None, **extra: Any
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        try:
            picker = await run_in_threadpool(call_picker, evaluation_id, request.query_params)
        except CallScoutError as problem:
            picker, error = {"call_vendors": [], "call_query": {}, "found_calls": None}, error or problem
        listed = await run_in_threadpool(service.listed, evaluation_id)
        return cabinet.render(
            request,
            "recordings.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            recordings=listed,
            max_recording_mb=max_recording_bytes() / 2**20,
            error=error,
            **service.overview(evaluation_id),
            **picker,
            **extra,
        )

    async def recording_page(
        request: Request,
        evaluation_id: int,
        run_id: int,
        error: CallScoutError | None = None,
        form_code: str | None = None,
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        run, vendor = recording(evaluation_id, run_id)
        from callscout.audio.verdict import judge

        verdict, reasons = judge(run.summary)
        transcript = service.transcript(run)
        # Asked without loading the model: a page view must not pay for a model it does not use.
        asr_problem = configuration_problem() if transcript is None else None
        checklist = await run_in_threadpool(service.check_script, evaluation, transcript) if transcript else None
        return cabinet.render(
            request,
            "recording.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            run=run,
            vendor=vendor.name,
            recording_name=Path(run.target).name,
            playable=service.stored_file(run) is not None,
            verdict=verdict,
            reasons=reasons,
            measures=run.summary,
            transcript=transcript,
            asr_problem=asr_problem,
            checklist=checklist,
            **service.scorecard_choice(evaluation_id, request.query_params.get("form"), form_code),
            grades=service.grades_of_recording(evaluation_id, run),
            error=error,
        )

    async def analyst(request: Request, evaluation_id: int) -> tuple[WebSession, FormData, Evaluation]:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        return web_session, form, evaluation

    async def saved_recording(upload: Any) -> tuple[Path, Path]:
        """The upload saved into a fresh folder of the recordings directory: (the file, its folder)."""
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise DataError(msg("web.recordings.choose_recording_file"))
        if not upload.filename.lower().endswith(AUDIO_EXTENSIONS):
            raise DataError(
                msg(
                    "web.recordings.call_recording_is_expected", name=upload.filename, known=", ".join(AUDIO_EXTENSIONS)
                )
            )
        folder = service.upload_folder()
        try:
            return await save_upload(upload, folder, max_recording_bytes(), "recording.wav"), folder
        except BaseException:
            service.discard(folder)
            raise

    @app.get("/e/{evaluation_id}/recordings", response_class=HTMLResponse)
    async def recordings_page(request: Request, evaluation_id: int) -> Response:
        return await list_page(request, evaluation_id)

    @app.post("/e/{evaluation_id}/recordings")
    async def upload_recording(request: Request, evaluation_id: int) -> Response:
        _session, form, _evaluation = await analyst(request, evaluation_id)

        async def keep() -> str:
            vendor = service.vendor(evaluation_id, forms.text(form, "vendor") or "")
            path, folder = await saved_recording(form.get("file"))
            try:
                run_id, _kept, _check = await run_in_threadpool(service.keep, path, evaluation_id, vendor)
            finally:
                service.discard(folder)
            return f"/e/{evaluation_id}/recordings/{run_id}"

        return await forms.submit(keep, lambda error: list_page(request, evaluation_id, error=error))

    @app.get("/e/{evaluation_id}/recordings/{run_id}", response_class=HTMLResponse)
    async def recording_view(request: Request, evaluation_id: int, run_id: int) -> Response:
        return await recording_page(request, evaluation_id, run_id)

    @app.get("/e/{evaluation_id}/recordings/{run_id}/audio")
    async def recording_audio(request: Request, evaluation_id: int, run_id: int) -> Response:
        web_session = cabinet.require_session(request)
        cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        run, _vendor = recording(evaluation_id, run_id)
        path = service.stored_file(run)
        if path is None:
            raise HTTPException(404, msg("web.recordings.recording_file_is_not_kept_here"))
        media_type = MEDIA_TYPES.get(str(run.summary.get("format")), "application/octet-stream")
        return FileResponse(path, media_type=media_type, content_disposition_type="inline", filename=path.name)

    @app.post("/e/{evaluation_id}/recordings/{run_id}/transcript")
    async def add_transcript(request: Request, evaluation_id: int, run_id: int) -> Response:
        _web_session, form, evaluation = await analyst(request, evaluation_id)
        run, _vendor = recording(evaluation_id, run_id)

        async def transcribed() -> str:
            upload = form.get("file")
            if isinstance(upload, UploadFile) and upload.filename:
                if not upload.filename.lower().endswith(TRANSCRIPT_EXTENSIONS):
                    raise DataError(msg("web.recordings.txt_or_json_is_expected", name=upload.filename))
                with tempfile.TemporaryDirectory() as folder:
                    path = await save_upload(upload, Path(folder), MAX_TRANSCRIPT_BYTES, "transcript.txt")
                    transcript = load_transcript(path)
            else:
                path = service.stored_file(run)
                if path is None:
                    raise DataError(msg("web.recordings.recording_file_is_not_kept_here"))
                transcript = await run_in_threadpool(transcribe, path, recognizer_from_config())
            await run_in_threadpool(service.add_transcript, evaluation_id, evaluation, run, transcript)
            return f"/e/{evaluation_id}/recordings/{run_id}#transcript"

        return await forms.submit(transcribed, lambda error: recording_page(request, evaluation_id, run_id, error))

    @app.post("/e/{evaluation_id}/recordings/{run_id}/rate")
    async def rate_recording(request: Request, evaluation_id: int, run_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        run, vendor = recording(evaluation_id, run_id)
        code = forms.text(form, "form") or ""

        def rated() -> str:
            service.rate(
                evaluation_id,
                run,
                vendor,
                code,
                web_session.user.login,
                _item_fields(form),
                operator=forms.text(form, "operator"),
                comment=forms.text(form, "comment"),
            )
            return f"/e/{evaluation_id}/recordings/{run_id}#grades"

        return await forms.submit(rated, lambda error: recording_page(request, evaluation_id, run_id, error, code))

    @app.post("/e/{evaluation_id}/qa/forms")
    async def create_form(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)

        async def created() -> str:
            definition = await _definition(form, Form, "form.yaml")
            from callscout.qa import service as qa

            qa.create_form(cabinet.store, evaluation_id, definition, web_session.user.login)
            return f"/e/{evaluation_id}/recordings#forms"

        return await forms.submit(created, lambda error: list_page(request, evaluation_id, error=error))

    @app.post("/e/{evaluation_id}/qa/quizzes")
    async def create_quiz(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)

        async def created() -> str:
            definition = await _definition(form, Quiz, "quiz.yaml")
            from callscout.qa import service as qa

            qa.create_quiz(cabinet.store, evaluation_id, definition, web_session.user.login)
            return f"/e/{evaluation_id}/recordings#quizzes"

        return await forms.submit(created, lambda error: list_page(request, evaluation_id, error=error))

    @app.post("/e/{evaluation_id}/qa/quizzes/{code}")
    async def record_quiz(request: Request, evaluation_id: int, code: str) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        from callscout.qa import service as qa

        try:
            vendor = service.vendor(evaluation_id, forms.text(form, "vendor") or "")
            operator = forms.text(form, "operator")
            if not operator:
                raise DataError(msg("web.recordings.name_operator"))
            answers = {
                key.removeprefix("q_"): str(value).strip()
                for key, value in form.multi_items()
                if key.startswith("q_") and isinstance(value, str) and value.strip()
            }
            result = qa.record_quiz(
                cabinet.store, evaluation_id, code, operator, answers, vendor=vendor, recorded_by=web_session.user.login
            )
        except CallScoutError as error:
            response = await list_page(request, evaluation_id, error=error)
            response.status_code = 400
            return response
        # The result is shown on the page itself (no redirect): it is not stored for a second look.
        return await list_page(request, evaluation_id, quiz_result=result)

    @app.post("/e/{evaluation_id}/mystery")
    async def log_mystery(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)

        async def logged() -> str:
            vendor = service.vendor(evaluation_id, forms.text(form, "vendor") or "")
            answered = forms.checkbox(form, "answered")
            upload = form.get("file")
            path = folder = None
            if isinstance(upload, UploadFile) and upload.filename:
                path, folder = await saved_recording(upload)
            try:
                await run_in_threadpool(
                    lambda: service.log_mystery_call(
                        evaluation_id,
                        vendor,
                        recording=path,
                        form_code=forms.text(form, "form") if answered else None,
                        fields=_item_fields(form),
                        called_at=forms.parse_datetime(
                            forms.text(form, "called_at"), ("укажите, когда был звонок", "say when the call was made")
                        ),
                        answered=answered,
                        answer_s=forms.number(form, "answer_s"),
                        rings=forms.number(form, "rings", int),
                        transferred=forms.checkbox(form, "transferred"),
                        notes=forms.text(form, "notes"),
                        actor=web_session.user.login,
                        operator=forms.text(form, "operator"),
                    )
                )
            finally:
                if folder is not None:
                    service.discard(folder)
            return f"/e/{evaluation_id}/recordings#mystery"

        return await forms.submit(logged, lambda error: list_page(request, evaluation_id, error=error))

    @app.get("/e/{evaluation_id}/qa/calls", response_class=HTMLResponse)
    async def call_list(request: Request, evaluation_id: int) -> Response:
        """htmx: one page of the call picker for the search fields."""
        web_session = cabinet.require_session(request)
        _evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        try:
            picker = await run_in_threadpool(call_picker, evaluation_id, request.query_params)
        except CallScoutError as problem:
            return cabinet.render(request, "_errors.html", status_code=400, error=problem)
        return cabinet.render(
            request,
            "_call_picker.html",
            evaluation_id=evaluation_id,
            can_edit=role.allows(Role.ANALYST),
            **picker,
        )

    async def imported_call_page(
        request: Request,
        evaluation_id: int,
        vendor: str,
        call_id: str,
        error: CallScoutError | None = None,
        form_code: str | None = None,
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        owner = known_vendor(evaluation_id, vendor)
        call = await run_in_threadpool(service.imported_call, owner, call_id)
        if call is None:
            raise HTTPException(404, msg("web.recordings.call_not_found"))
        return cabinet.render(
            request,
            "imported_call.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            vendor=vendor,
            call=call,
            **service.scorecard_choice(evaluation_id, request.query_params.get("form"), form_code),
            grades=service.grades_of_call(evaluation_id, owner, call_id),
            error=error,
        )

    @app.get("/e/{evaluation_id}/qa/call", response_class=HTMLResponse)
    async def imported_call(request: Request, evaluation_id: int, vendor: str = "", call: str = "") -> Response:
        return await imported_call_page(request, evaluation_id, vendor, call)

    @app.post("/e/{evaluation_id}/qa/call/rate")
    async def rate_imported_call(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        vendor = forms.text(form, "vendor") or ""
        call_id = forms.text(form, "call") or ""
        owner = known_vendor(evaluation_id, vendor)
        code = forms.text(form, "form") or ""

        async def rated() -> str:
            await run_in_threadpool(
                lambda: service.rate_imported_call(
                    evaluation_id,
                    owner,
                    call_id,
                    code,
                    web_session.user.login,
                    _item_fields(form),
                    comment=forms.text(form, "comment"),
                )
            )
            return f"/e/{evaluation_id}/qa/call?{urlencode({'vendor': vendor, 'call': call_id})}#grades"

        return await forms.submit(
            rated, lambda error: imported_call_page(request, evaluation_id, vendor, call_id, error, code)
        )

    @app.get("/e/{evaluation_id}/qa/form-items", response_class=HTMLResponse)
    async def form_items(request: Request, evaluation_id: int, form: str = "") -> Response:
        """The scorecard's items for the chosen form (swapped in by htmx in the mystery-shopper log)."""
        web_session = cabinet.require_session(request)
        cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        from callscout.qa import service as qa

        definition = qa.get_form(cabinet.store, evaluation_id, form) if form else None
        return cabinet.render(request, "_scorecard_items.html", form_definition=definition, scale=Scale)
