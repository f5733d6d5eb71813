"""Recordings and quality control in the cabinet: upload a call recording (checked by the core's hostile-file
bounds), listen to it with its quality verdict, its transcript where one exists and the script checklist;
rate it with a scorecard (grades are immutable in the core); operator quizzes; the mystery-shopper log."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from callscout.accounts import Role, WebSession
from callscout.audio import DEFAULT_LIMITS, assess_file, record_assessment
from callscout.audio.asr import (
    Segment,
    Transcript,
    configuration_problem,
    load_transcript,
    recognizer_from_config,
    transcribe,
)
from callscout.audio.verdict import judge
from callscout.calls import lookup
from callscout.calls.storage import CallStore, data_directory
from callscout.errors import CallScoutError, DataError
from callscout.i18n import tr
from callscout.model import Evaluation
from callscout.qa import service
from callscout.qa.models import Form, Quiz, Scale
from callscout.qa.script import check_script, default_script
from callscout.store import Store
from callscout.store.jobs import remove_if_writer_gone
from callscout.store.ownership import NotFound, VendorRef, vendor_ref, vendor_refs
from callscout.store.store import RunSummary
from callscout.web.cabinet import Cabinet
from callscout.web.calls import parse_date, save_upload

AUDIO_EXTENSIONS = (".wav", ".mp3", ".ogg", ".opus", ".flac", ".m4a", ".mp4", ".aac", ".amr", ".webm")
TRANSCRIPT_EXTENSIONS = (".txt", ".json")
MAX_TRANSCRIPT_BYTES = 1024 * 1024
MAX_DEFINITION_BYTES = 256 * 1024
DEFAULT_MAX_RECORDING_MB = 100
# The averages shown beside the grades: the groupings of ``callscout qa report --by``.
AVERAGE_GROUPS = ("operator", "vendor", "item", "week")
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


def max_recording_bytes() -> int:
    configured = float(os.environ.get("CALLSCOUT_WEB_MAX_RECORDING_MB", DEFAULT_MAX_RECORDING_MB))
    return min(int(configured * 1024 * 1024), DEFAULT_LIMITS.max_bytes)


def recordings_directory(store: Store) -> Path:
    """Beside the store's call data: ``callscout.calls`` -> ``callscout.recordings``."""
    configured = os.environ.get("CALLSCOUT_RECORDINGS_DIR")
    if configured:
        return Path(configured).expanduser()
    calls = data_directory(store)
    return calls.with_name(calls.name.removesuffix(".calls") + ".recordings")


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if value is None or isinstance(value, UploadFile):
        return None
    return value.strip() or None


def _number(form: FormData, name: str, kind: type = float) -> Any:
    value = _text(form, name)
    if value is None:
        return None
    try:
        return kind(value.replace(",", "."))
    except ValueError:
        raise DataError(
            tr(
                "{field}: нужно число, а не {value!r}",
                "{field}: a number is needed, not {value!r}",
                field=name,
                value=value,
            )
        ) from None


def _when(value: str | None) -> datetime:
    if not value:
        raise DataError(tr("укажите, когда был звонок", "say when the call was made"))
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise DataError(
            tr("дата {value!r}: нужен формат 2026-11-20T10:00", "date {value!r}: use 2026-11-20T10:00", value=value)
        ) from None


def _answers(form: FormData, definition: Form) -> tuple[dict[str, Any], dict[str, str]]:
    """Scorecard answers from the form fields ``item_<code>`` and ``comment_<code>``; blank means n/a
    (the core refuses n/a on mandatory items with the item named)."""
    answers: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for _group, item in definition.items():
        value = _text(form, f"item_{item.code}")
        if value is not None:
            answers[item.code] = value
        elif not item.mandatory:
            answers[item.code] = "na"
        comment = _text(form, f"comment_{item.code}")
        if comment:
            comments[item.code] = comment
    return answers, comments


def _number_or(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def _example(name: str) -> str:
    return files("callscout.demo").joinpath(f"data/quality/{name}").read_text(encoding="utf-8")


async def _definition(form: FormData, model: type[Form] | type[Quiz], example: str) -> Form | Quiz:
    """A form or quiz from an uploaded YAML file, or the shipped example."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_DEFINITION_BYTES + 1)
        if len(data) > MAX_DEFINITION_BYTES:
            raise DataError(tr("{name}: файл больше 256 КБ", "{name}: larger than 256 KB", name=upload.filename))
        name = upload.filename
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(tr("{name}: файл не в UTF-8", "{name}: not UTF-8", name=name)) from None
    else:
        name, text = example, _example(example)
    from callscout.evalfile import load_model

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text, encoding="utf-8")
        from callscout.qa.files import DEFINITION_SHAPE

        return load_model(path, model, DEFINITION_SHAPE)


def register(app: FastAPI, cabinet: Cabinet) -> None:
    store = cabinet.store
    call_store = CallStore(store)  # sweeps the call-log uploads of killed processes, too
    for leftover in recordings_directory(store).glob("upload-p*-*"):
        remove_if_writer_gone(leftover)  # a recording upload cut off by kill -9
    cabinet.allow_larger_body(r"/e/\d+/(recordings|mystery)", lambda: max_recording_bytes() + 1024 * 1024)

    def vendor_ids(evaluation_id: int) -> dict[int, str]:
        return {ref.id: ref.name for ref in vendor_refs(store, evaluation_id)}

    def recordings(evaluation_id: int) -> list[dict[str, Any]]:
        """The latest check of each recording of the evaluation's vendors, newest first."""
        seen: set[str] = set()
        result = []
        for vendor_id, vendor in vendor_ids(evaluation_id).items():
            for run in store.runs(kind="audio", vendor_id=vendor_id, limit=200):
                if run.target in seen or "verdict" not in run.summary:
                    continue
                seen.add(run.target)
                verdict, _reasons = judge(run.summary)
                result.append({"run": run, "vendor": vendor, "name": Path(run.target).name, "verdict": verdict})
        return sorted(result, key=lambda item: item["run"].started_at, reverse=True)

    def recording(evaluation_id: int, run_id: int) -> tuple[RunSummary, VendorRef]:
        """A recording of one of this evaluation's vendors; others' recordings do not exist here."""
        ids = vendor_ids(evaluation_id)
        for item in recordings(evaluation_id):
            if item["run"].id == run_id and item["run"].vendor_id in ids:
                return item["run"], VendorRef(evaluation_id, item["run"].vendor_id, item["vendor"])
        raise HTTPException(404, tr("запись не найдена", "recording not found"))

    def stored_file(run: RunSummary) -> Path | None:
        """Only files the cabinet stored itself are served, never a path a run happens to name."""
        root = recordings_directory(store).resolve()
        path = Path(run.target).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def transcript_of(run: RunSummary) -> Transcript | None:
        runs = store.runs(kind="transcript", target=run.target, vendor_id=run.vendor_id, limit=1)
        if not runs:
            return None
        data = runs[0].summary
        return Transcript([Segment(**segment) for segment in data.get("segments", [])], data.get("engine", "text"))

    def script_for(evaluation: Evaluation) -> Any:
        return default_script([evaluation.buyer] if evaluation.buyer else None)

    def forms(evaluation_id: int) -> list[tuple[str, Form]]:
        """The evaluation's own forms and the shared templates (read-only: they are not offered for grading)."""
        return [
            (row["code"], service.get_form(store, evaluation_id, row["code"]))
            for row in service.list_forms(store, evaluation_id)
        ]

    def gradable_forms(evaluation_id: int) -> list[tuple[str, Form]]:
        shared = {row["code"] for row in service.list_forms(store, evaluation_id) if row["shared"]}
        return [(code, definition) for code, definition in forms(evaluation_id) if code not in shared]

    def scorecard_choice(request: Request, evaluation_id: int, preferred: str | None) -> dict[str, Any]:
        """The forms to rate with and the chosen one: the address's ?form=, the one just tried, or the first."""
        available = gradable_forms(evaluation_id)
        chosen = request.query_params.get("form") or preferred or (available[0][0] if available else None)
        definition = next((definition for code, definition in available if code == chosen), None)
        return {"forms": available, "form_code": chosen, "form_definition": definition}

    def quality_context(evaluation_id: int) -> dict[str, Any]:
        # The same core report as ``callscout qa report --by ...``, of this evaluation only.
        averages = {by: service.report(store, evaluation_id, by) for by in AVERAGE_GROUPS}
        quizzes = [Quiz.model_validate(row.definition) for row in service.quizzes(store, evaluation_id)]
        return {
            "forms": forms(evaluation_id),
            "quizzes": quizzes,
            "quiz_results": service.quiz_report(store, evaluation_id),
            "mystery": service.mystery_calls(store, evaluation_id),
            "grades": service.grades(store, evaluation_id),
            "averages": averages,
        }

    def call_picker(evaluation_id: int, params: Any) -> dict[str, Any]:
        """Calls of the evaluation's vendors' imported logs, searchable and paginated, to grade one."""
        refs = {ref.name: ref for ref in vendor_refs(store, evaluation_id)}
        imported = set(call_store.vendors(evaluation_id))
        vendors = [name for name, ref in refs.items() if ref.id in imported]
        chosen = params.get("call_vendor") or ""
        chosen = chosen if chosen in vendors else (vendors[0] if vendors else "")
        query = {
            "call_vendor": chosen,
            "call_q": (params.get("call_q") or "").strip()[:100],
            "call_from": params.get("call_from") or "",
            "call_to": params.get("call_to") or "",
        }
        found = None
        if chosen:
            page = _number_or(params.get("call_page"), 1)
            found = lookup.find_calls(
                call_store,
                refs[chosen],
                text=query["call_q"] or None,
                start=parse_date(query["call_from"]),
                end=parse_date(query["call_to"]),
                page=page,
            )
        return {"call_vendors": vendors, "call_query": query, "found_calls": found}

    async def list_page(
        request: Request, evaluation_id: int, status_code: int = 200, error: CallScoutError | None = None, **extra: Any
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        try:
            picker = await run_in_threadpool(call_picker, evaluation_id, request.query_params)
        except CallScoutError as problem:
            picker, error = {"call_vendors": [], "call_query": {}, "found_calls": None}, error or problem
        return cabinet.render(
            request,
            "recordings.html",
            status_code=status_code,
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            recordings=recordings(evaluation_id),
            max_recording_mb=max_recording_bytes() / 2**20,
            error=error,
            **quality_context(evaluation_id),
            **picker,
            **extra,
        )

    async def recording_page(
        request: Request,
        evaluation_id: int,
        run_id: int,
        status_code: int = 200,
        error: CallScoutError | None = None,
        **extra: Any,
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        run, vendor = recording(evaluation_id, run_id)
        verdict, reasons = judge(run.summary)
        transcript = transcript_of(run)
        # Asked without loading the model: a page view must not pay for a model it does not use.
        asr_problem = configuration_problem() if transcript is None else None
        checklist = await run_in_threadpool(check_script, transcript, script_for(evaluation)) if transcript else None
        scorecard = scorecard_choice(request, evaluation_id, extra.pop("form_code", None))
        call_ref = f"recording:{run.id}"
        return cabinet.render(
            request,
            "recording.html",
            status_code=status_code,
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            run=run,
            vendor=vendor.name,
            recording_name=Path(run.target).name,
            playable=stored_file(run) is not None,
            verdict=verdict,
            reasons=reasons,
            measures=run.summary,
            transcript=transcript,
            asr_problem=asr_problem,
            checklist=checklist,
            **scorecard,
            grades=service.grades(store, evaluation_id, call_ref=call_ref),
            error=error,
            **extra,
        )

    async def analyst(request: Request, evaluation_id: int) -> tuple[WebSession, FormData, Evaluation]:
        web_session = cabinet.require_session(request)
        form = await cabinet.checked_form(request, web_session)
        evaluation, _role = cabinet.evaluation_for(web_session, evaluation_id, Role.ANALYST)
        return web_session, form, evaluation

    def vendor_of(evaluation_id: int, form: FormData) -> VendorRef:
        """The form's vendor name resolved once, against this evaluation's vendors only."""
        try:
            return vendor_ref(store, evaluation_id, _text(form, "vendor") or "")
        except NotFound:
            raise DataError(tr("выберите вендора из оценки", "choose a vendor of this evaluation")) from None

    async def store_recording(upload: Any) -> tuple[Path, dict[str, Any]]:
        """Check the upload with the core's bounds first; only a readable recording is kept."""
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise DataError(tr("выберите файл записи", "choose a recording file"))
        if not upload.filename.lower().endswith(AUDIO_EXTENSIONS):
            raise DataError(
                tr(
                    "{name}: нужна запись звонка ({known})",
                    "{name}: a call recording is expected ({known})",
                    name=upload.filename,
                    known=", ".join(AUDIO_EXTENSIONS),
                )
            )
        root = recordings_directory(store)
        root.mkdir(parents=True, exist_ok=True)
        # The pid in the name lets a later start sweep the folder if this process is killed mid-upload.
        folder = Path(tempfile.mkdtemp(prefix=f"upload-p{os.getpid()}-", dir=root))
        try:
            path = await save_upload(upload, folder, max_recording_bytes(), "recording.wav")
            result = await run_in_threadpool(assess_file, path)
            final = root / uuid.uuid4().hex / path.name
            final.parent.mkdir()
            os.replace(path, final)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        result["file"] = final.name
        return final, result

    @app.get("/e/{evaluation_id}/recordings", response_class=HTMLResponse)
    async def recordings_page(request: Request, evaluation_id: int) -> Response:
        return await list_page(request, evaluation_id)

    @app.post("/e/{evaluation_id}/recordings")
    async def upload_recording(request: Request, evaluation_id: int) -> Response:
        _session, form, _evaluation = await analyst(request, evaluation_id)
        try:
            vendor = vendor_of(evaluation_id, form)
            path, result = await store_recording(form.get("file"))
        except CallScoutError as error:
            return await list_page(request, evaluation_id, status_code=400, error=error)
        run_id = record_assessment(
            store,
            result,
            str(path),
            vendor_id=vendor.id,
            evaluation_id=evaluation_id,
        )
        return RedirectResponse(f"/e/{evaluation_id}/recordings/{run_id}", status_code=303)

    @app.get("/e/{evaluation_id}/recordings/{run_id}", response_class=HTMLResponse)
    async def recording_view(request: Request, evaluation_id: int, run_id: int) -> Response:
        return await recording_page(request, evaluation_id, run_id)

    @app.get("/e/{evaluation_id}/recordings/{run_id}/audio")
    async def recording_audio(request: Request, evaluation_id: int, run_id: int) -> Response:
        web_session = cabinet.require_session(request)
        cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        run, _vendor = recording(evaluation_id, run_id)
        path = stored_file(run)
        if path is None:
            raise HTTPException(404, tr("файл записи не хранится в кабинете", "the recording file is not kept here"))
        media_type = MEDIA_TYPES.get(str(run.summary.get("format")), "application/octet-stream")
        return FileResponse(path, media_type=media_type, content_disposition_type="inline", filename=path.name)

    @app.post("/e/{evaluation_id}/recordings/{run_id}/transcript")
    async def add_transcript(request: Request, evaluation_id: int, run_id: int) -> Response:
        _web_session, form, evaluation = await analyst(request, evaluation_id)
        run, _vendor = recording(evaluation_id, run_id)
        upload = form.get("file")
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                if not upload.filename.lower().endswith(TRANSCRIPT_EXTENSIONS):
                    raise DataError(
                        tr("{name}: нужен .txt или .json", "{name}: a .txt or .json is expected", name=upload.filename)
                    )
                with tempfile.TemporaryDirectory() as folder:
                    path = await save_upload(upload, Path(folder), MAX_TRANSCRIPT_BYTES, "transcript.txt")
                    transcript = load_transcript(path)
            else:
                path = stored_file(run)
                if path is None:
                    raise DataError(tr("файл записи не хранится в кабинете", "the recording file is not kept here"))
                transcript = await run_in_threadpool(transcribe, path, recognizer_from_config())
        except CallScoutError as error:
            return await recording_page(request, evaluation_id, run_id, status_code=400, error=error)
        vendor_id = run.vendor_id
        store.record_run(
            "transcript", run.target, [], summary=transcript.to_dict(), vendor_id=vendor_id, evaluation_id=evaluation_id
        )
        checked = await run_in_threadpool(check_script, transcript, script_for(evaluation))
        # The quality stage reads the latest script check of each vendor.
        store.record_run("script", run.target, [], summary=checked, vendor_id=vendor_id, evaluation_id=evaluation_id)
        return RedirectResponse(f"/e/{evaluation_id}/recordings/{run_id}#transcript", status_code=303)

    @app.post("/e/{evaluation_id}/recordings/{run_id}/rate")
    async def rate_recording(request: Request, evaluation_id: int, run_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        run, vendor = recording(evaluation_id, run_id)
        code = _text(form, "form") or ""
        try:
            definition = service.get_form(store, evaluation_id, code)
            answers, comments = _answers(form, definition)
            service.rate(
                store,
                evaluation_id,
                f"recording:{run.id}",
                code,
                web_session.user.login,
                answers,
                vendor=vendor,
                operator=_text(form, "operator"),
                comment=_text(form, "comment"),
                item_comments=comments,
            )
        except CallScoutError as error:
            return await recording_page(request, evaluation_id, run_id, status_code=400, error=error, form_code=code)
        return RedirectResponse(f"/e/{evaluation_id}/recordings/{run_id}#grades", status_code=303)

    @app.post("/e/{evaluation_id}/qa/forms")
    async def create_form(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        try:
            definition = await _definition(form, Form, "form.yaml")
            service.create_form(store, evaluation_id, definition, web_session.user.login)
        except CallScoutError as error:
            return await list_page(request, evaluation_id, status_code=400, error=error)
        return RedirectResponse(f"/e/{evaluation_id}/recordings#forms", status_code=303)

    @app.post("/e/{evaluation_id}/qa/quizzes")
    async def create_quiz(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        try:
            definition = await _definition(form, Quiz, "quiz.yaml")
            service.create_quiz(store, evaluation_id, definition, web_session.user.login)
        except CallScoutError as error:
            return await list_page(request, evaluation_id, status_code=400, error=error)
        return RedirectResponse(f"/e/{evaluation_id}/recordings#quizzes", status_code=303)

    @app.post("/e/{evaluation_id}/qa/quizzes/{code}")
    async def record_quiz(request: Request, evaluation_id: int, code: str) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        try:
            vendor = vendor_of(evaluation_id, form)
            operator = _text(form, "operator")
            if not operator:
                raise DataError(tr("укажите оператора", "name the operator"))
            answers = {
                key.removeprefix("q_"): str(value).strip()
                for key, value in form.multi_items()
                if key.startswith("q_") and isinstance(value, str) and value.strip()
            }
            result = service.record_quiz(
                store, evaluation_id, code, operator, answers, vendor=vendor, recorded_by=web_session.user.login
            )
        except CallScoutError as error:
            return await list_page(request, evaluation_id, status_code=400, error=error)
        return await list_page(request, evaluation_id, quiz_result=result)

    @app.post("/e/{evaluation_id}/mystery")
    async def log_mystery(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        try:
            vendor = vendor_of(evaluation_id, form)
            answered = form.get("answered") == "on"
            recording_path = check = None
            upload = form.get("file")
            if isinstance(upload, UploadFile) and upload.filename:
                recording_path, check = await store_recording(upload)
            form_code = _text(form, "form") if answered else None
            answers = None
            if form_code:
                answers, _comments = _answers(form, service.get_form(store, evaluation_id, form_code))
            service.log_mystery_call(
                store,
                vendor,
                called_at=_when(_text(form, "called_at")),
                answered=answered,
                answer_s=_number(form, "answer_s"),
                rings=_number(form, "rings", int),
                transferred=form.get("transferred") == "on",
                recording=str(recording_path) if recording_path else None,
                recording_check=check,
                notes=_text(form, "notes"),
                actor=web_session.user.login,
                form_code=form_code,
                answers=answers,
                operator=_text(form, "operator"),
            )
            if recording_path is not None and check is not None:
                record_assessment(
                    store,
                    check,
                    str(recording_path),
                    vendor_id=vendor.id,
                    evaluation_id=evaluation_id,
                )
        except CallScoutError as error:
            return await list_page(request, evaluation_id, status_code=400, error=error)
        return RedirectResponse(f"/e/{evaluation_id}/recordings#mystery", status_code=303)

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
        status_code: int = 200,
        error: CallScoutError | None = None,
        form_code: str | None = None,
    ) -> Response:
        web_session = cabinet.require_session(request)
        evaluation, role = cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        owner = known_vendor(evaluation_id, vendor)
        call = await run_in_threadpool(lookup.get_call, call_store, owner, call_id)
        if call is None:
            raise HTTPException(404, tr("звонок не найден", "call not found"))
        return cabinet.render(
            request,
            "imported_call.html",
            status_code=status_code,
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            vendor=vendor,
            call=call,
            **scorecard_choice(request, evaluation_id, form_code),
            grades=[
                grade
                for grade in service.grades(store, evaluation_id, vendor_id=owner.id)
                if grade["call_id"] == call_id
            ],
            error=error,
        )

    def known_vendor(evaluation_id: int, name: str) -> VendorRef:
        try:
            return vendor_ref(store, evaluation_id, name)
        except NotFound:
            raise HTTPException(404, tr("вендор не найден", "vendor not found")) from None

    @app.get("/e/{evaluation_id}/qa/call", response_class=HTMLResponse)
    async def imported_call(request: Request, evaluation_id: int, vendor: str = "", call: str = "") -> Response:
        return await imported_call_page(request, evaluation_id, vendor, call)

    @app.post("/e/{evaluation_id}/qa/call/rate")
    async def rate_imported_call(request: Request, evaluation_id: int) -> Response:
        web_session, form, _evaluation = await analyst(request, evaluation_id)
        vendor = _text(form, "vendor") or ""
        call_id = _text(form, "call") or ""
        owner = known_vendor(evaluation_id, vendor)
        code = _text(form, "form") or ""
        try:
            definition = service.get_form(store, evaluation_id, code)
            answers, comments = _answers(form, definition)
            await run_in_threadpool(
                lambda: service.rate_imported_call(
                    store,
                    call_store,
                    owner,
                    call_id,
                    code,
                    web_session.user.login,
                    answers,
                    comment=_text(form, "comment"),
                    item_comments=comments,
                )
            )
        except CallScoutError as error:
            return await imported_call_page(
                request, evaluation_id, vendor, call_id, status_code=400, error=error, form_code=code
            )
        query = urlencode({"vendor": vendor, "call": call_id})
        return RedirectResponse(f"/e/{evaluation_id}/qa/call?{query}#grades", status_code=303)

    @app.get("/e/{evaluation_id}/qa/form-items", response_class=HTMLResponse)
    async def form_items(request: Request, evaluation_id: int, form: str = "") -> Response:
        """The scorecard's items for the chosen form (swapped in by htmx in the mystery-shopper log)."""
        web_session = cabinet.require_session(request)
        cabinet.evaluation_for(web_session, evaluation_id, Role.VIEWER)
        definition = service.get_form(store, evaluation_id, form) if form else None
        return cabinet.render(request, "_scorecard_items.html", form_definition=definition, scale=Scale)
