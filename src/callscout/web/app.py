"""FastAPI application of the cabinet. Routes parse requests, call the core and render templates."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData, UploadFile

import callscout.web.forms as forms
from callscout import __version__, accounts, evalfile, workspace
from callscout.accounts import Role
from callscout.accounts.throttle import LoginThrottle
from callscout.errors import CallScoutError, DataError
from callscout.i18n import current_language, format_number, msg, pick
from callscout.model import Evaluation, Finding, Severity, Status
from callscout.present.filters import install_filters
from callscout.registry import Registry
from callscout.report.render import write_pdf
from callscout.store import Store, home_directory
from callscout.store.ownership import vendor_by_id, vendor_ref
from callscout.web.cabinet import SESSION_COOKIE, Cabinet, Redirect
from callscout.web.ranking import existing_reports, report_build
from callscout.web.security import BoundedIdsMiddleware, CabinetMiddleware
from callscout.web.singleflight import SingleFlight

MAX_BODY_BYTES = 25 * 1024 * 1024
# Password hashes verified at once: half the cores, so that sign-in floods leave CPU to everyone else.
HASHING_THREADS = max(1, (os.cpu_count() or 2) // 2)
LOCKED_ANSWER_DELAY_S = 1.0
MAX_YAML_BYTES = 1024 * 1024
HERE = Path(__file__).parent

# Field help beside the needs form: the seed article's four questions, in its own terms.
NEEDS_HELP = {
    "hotline_task": (
        "Вопрос 1 статьи: если клиентам нужны профессиональные знания — выделенные операторы; "
        "если нет — бюджетные «общие»; для заказов — оклад плюс процент от сделок.",
        "Question 1: expert consultations need dedicated operators; otherwise shared ones are cheaper; "
        "for order taking, pay salary plus a percent of deals.",
    ),
    "customer_database": (
        "Вопрос 2: где будет база клиентов — в колл-центре или у вас.",
        "Question 2: where the customer base lives, at the vendor or with you.",
    ),
    "needs_8800": (
        "Вопрос 3: номер 8-800 бесплатен для клиента, но увеличивает число звонков и затраты.",
        "Question 3: an 8-800 number is free for callers but brings more calls and costs.",
    ),
    "schedule": (
        "Вопрос 4: рассчитайте, стоит ли круглосуточная работа денег: большинство звонков "
        "интернет-магазину приходят вечером.",
        "Question 4: calculate whether 24/7 is worth it: most calls to online stores come in the evening.",
    ),
}


def _area(module: ModuleType) -> list[ModuleType]:
    return [module] if callable(getattr(module, "register", None)) else []


# Each area of the cabinet is a module of this package with ``register(app, cabinet)`` and an ``ORDER`` (its
# routes' place: the first matching route answers), found by walking the package (``callscout.registry``): a new
# area is a new module and nothing else. The package's other modules (forms, security...) have no ``register``.
AREAS: Registry[ModuleType] = Registry("callscout.web", _area, key=lambda module: module.__name__)


def create_app(
    store: Store | None = None,
    *,
    reports_dir: Path | None = None,
    allow_private_network: bool = False,
    host_overrides: Mapping[str, tuple[str, int]] | None = None,
    legal_services: Any = None,
    trusted_ca: Path | None = None,
    login_throttle: LoginThrottle | None = None,
) -> FastAPI:
    """``allow_private_network``/``host_overrides``/``legal_services``/``trusted_ca`` are server-side
    settings (tests, the demo): a browser can never ask the audit to reach internal addresses or to
    trust another certificate authority."""
    store = store or Store()
    app = FastAPI(title="CallScout", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["t"] = lambda ru, en: pick(ru, en)
    templates.env.globals["version"] = __version__
    templates.env.globals["weekdays"] = [
        ("mon", "пн", "Mon"),
        ("tue", "вт", "Tue"),
        ("wed", "ср", "Wed"),
        ("thu", "чт", "Thu"),
        ("fri", "пт", "Fri"),
        ("sat", "сб", "Sat"),
        ("sun", "вс", "Sun"),
    ]
    install_filters(templates.env, current_language)
    templates.env.filters["num"] = lambda value: "" if value is None else format_number(value, 2, trim=True)
    templates.env.filters["fixed"] = lambda value, decimals=1: "—" if value is None else format_number(value, decimals)
    # Form fields keep the machine form ("95.5"): the form's parser reads it back.
    templates.env.filters["field_num"] = lambda value: "" if value is None else f"{value:g}"
    app.state.store = store
    app.state.reports_dir = reports_dir or home_directory() / "reports"
    app.state.allow_private_network = allow_private_network
    app.state.host_overrides = dict(host_overrides or {})
    app.state.trusted_ca = trusted_ca
    app.state.legal_services = legal_services
    app.state.login_throttle = login_throttle or LoginThrottle()
    app.state.hashing_limiter = anyio.CapacityLimiter(HASHING_THREADS)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    cabinet = Cabinet(store, templates, app.state.reports_dir)
    app.add_middleware(BoundedIdsMiddleware)
    app.add_middleware(CabinetMiddleware, max_body_bytes=MAX_BODY_BYTES, larger_bodies=cabinet.larger_bodies)
    app.state.cabinet = cabinet
    render = cabinet.render
    require_session = cabinet.require_session
    checked_form = cabinet.checked_form
    evaluation_for = cabinet.evaluation_for

    @app.exception_handler(Redirect)
    async def _redirect(_request: Request, error: Redirect) -> Response:
        return RedirectResponse(error.url, status_code=303)

    @app.exception_handler(evalfile.StoredEvaluationInvalid)
    async def _stored_invalid(request: Request, error: evalfile.StoredEvaluationInvalid) -> Response:
        # Says what is wrong and how to fix it; the YAML download below keeps working.
        return render(request, "evaluation_invalid.html", status_code=409, error=error, upload_error=None)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return Response(str(error.detail), status_code=error.status_code, media_type="text/plain; charset=utf-8")
        return render(request, "error.html", status_code=error.status_code, message=str(error.detail))

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, next: str = "/") -> Response:
        return render(request, "login.html", next=_safe_next(next), error=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        if not _same_origin(request):
            # Login CSRF: another site must not sign the browser in to an account of its choosing.
            raise HTTPException(403, msg("web.app.cross_site_sign_in_refused"))
        form = await request.form(max_fields=10)
        next_url = _safe_next(str(form.get("next") or "/"))
        login_name = str(form.get("login") or "")[:200]
        address = request.client.host if request.client else None
        throttle: LoginThrottle = app.state.login_throttle
        wait = throttle.retry_after(login_name, address)
        if wait is not None:
            # A tarpit, not a busy loop: the refusal costs the server no CPU while it waits, and a
            # guessing loop is slowed to one try a second per connection.
            await asyncio.sleep(LOCKED_ANSWER_DELAY_S)
            response = render(
                request,
                "login.html",
                status_code=429,
                next=next_url,
                error=msg("web.app.too_many_failed_sign_ins_try", seconds=wait),
            )
            response.headers["retry-after"] = str(wait)
            return response
        # Counted as a failure before the password is verified: parallel guesses cannot all slip past the
        # check while the first ones are still hashing. A correct password clears the account's count.
        throttle.failed(login_name, address)
        # argon2 takes tens of milliseconds of CPU: in worker threads, a few at a time, never on the event loop.
        user = await anyio.to_thread.run_sync(
            accounts.authenticate,
            store,
            login_name,
            str(form.get("password") or ""),
            limiter=app.state.hashing_limiter,
        )
        if user is None:
            return render(
                request,
                "login.html",
                status_code=401,
                next=next_url,
                error=msg("web.app.wrong_login_or_password"),
            )
        throttle.succeeded(login_name, address)
        token, _ = accounts.start_session(store, user)
        response = RedirectResponse(next_url, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
            path="/",
        )
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        web_session = require_session(request)
        await checked_form(request, web_session)
        accounts.end_session(store, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/lang/{language}")
    async def switch_language(request: Request, language: str, next: str = "/") -> Response:
        response = RedirectResponse(_safe_next(next), status_code=303)
        if language in ("ru", "en"):
            response.set_cookie("lang", language, samesite="lax", max_age=365 * 24 * 3600, path="/")
        return response

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        web_session = require_session(request)
        return render(
            request, "index.html", evaluations=accounts.visible_evaluations(store, web_session.user), error=None
        )

    @app.post("/evaluations")
    async def create_evaluation(request: Request) -> Response:
        web_session = require_session(request)
        form = await checked_form(request, web_session)

        async def created() -> str:
            notes: list[evalfile.Problem] = []
            evaluation = await _evaluation_from_form(form, notes)
            # Names are unique per owner: another user's evaluation of this name is neither an obstacle
            # nor revealed.
            evaluation_id = store.create_evaluation(evaluation, web_session.user.id)
            accounts.grant(store, web_session.user.id, evaluation_id, Role.OWNER)
            return _page_with_file_notes(store, evaluation_id, evaluation.name, notes)

        return await forms.submit(
            created,
            lambda error: render(
                request, "index.html", evaluations=accounts.visible_evaluations(store, web_session.user), error=error
            ),
        )

    @app.get("/e/{evaluation_id}", response_class=HTMLResponse)
    async def evaluation_page(request: Request, evaluation_id: int, file_notes: int | None = None) -> Response:
        """``file_notes``: the upload that brought the file here, whose reading notes the page shows once."""
        web_session = require_session(request)
        evaluation, role = evaluation_for(web_session, evaluation_id, Role.VIEWER)
        notes = store.evaluation_run_findings(evaluation_id, file_notes, FILE_READ_RUN) if file_notes else None
        return render(
            request,
            "evaluation.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            can_edit=role.allows(Role.ANALYST),
            help=NEEDS_HELP,
            error=None,
            reports=existing_reports(app.state.reports_dir / str(evaluation_id)),
            build_job=report_build(cabinet, request, evaluation_id),
            file_notes=[finding.message for finding in notes or []],
        )

    @app.post("/e/{evaluation_id}/needs")
    async def save_needs(request: Request, evaluation_id: int) -> Response:
        return await _edit(
            request, evaluation_id, lambda evaluation, form: workspace.update_needs(evaluation, _needs_changes(form))
        )

    @app.post("/e/{evaluation_id}/vendors")
    async def add_vendor(request: Request, evaluation_id: int) -> Response:
        return await _edit(
            request,
            evaluation_id,
            lambda evaluation, form: workspace.add_vendor(
                evaluation,
                {
                    "name": forms.text(form, "name"),
                    "website": forms.text(form, "website"),
                    "inn": forms.text(form, "inn"),
                },
            ),
        )

    @app.post("/e/{evaluation_id}/vendors/remove")
    async def remove_vendor(request: Request, evaluation_id: int) -> Response:
        return await _edit(
            request,
            evaluation_id,
            lambda evaluation, form: workspace.remove_vendor(evaluation, forms.text(form, "name") or ""),
            delete_data_field="delete_data",
        )

    async def _edit(
        request: Request,
        evaluation_id: int,
        change: Callable[[Evaluation, FormData], Evaluation],
        *,
        delete_data_field: str | None = None,
    ) -> Response:
        web_session = require_session(request)
        form = await checked_form(request, web_session)
        evaluation, role = evaluation_for(web_session, evaluation_id, Role.ANALYST)

        def saved() -> str:
            # A vendor holding data goes only when the user ticked «вместе с данными» (else a refusal naming it).
            delete_data = delete_data_field is not None and form.get(delete_data_field) == "1"
            store.save_evaluation(change(evaluation, form), evaluation_id=evaluation_id, delete_data=delete_data)
            return f"/e/{evaluation_id}"

        return await forms.submit(
            saved,
            lambda error: render(
                request,
                "evaluation.html",
                evaluation=evaluation,
                evaluation_id=evaluation_id,
                role=role,
                can_edit=True,
                help=NEEDS_HELP,
                error=error,
                reports=existing_reports(app.state.reports_dir / str(evaluation_id)),
                build_job=report_build(cabinet, request, evaluation_id),
            ),
        )

    @app.get("/e/{evaluation_id}/report/{filename}")
    async def download_report(request: Request, evaluation_id: int, filename: str, inline: bool = False) -> Response:
        web_session = require_session(request)
        evaluation_for(web_session, evaluation_id, Role.VIEWER)
        directory = app.state.reports_dir / str(evaluation_id)
        path = existing_reports(directory).get(filename)
        if path is not None and not path.is_file():
            # The PDF is built on its first download, once for all who ask at the same time.
            path = await _PDF_BUILDS.run(str(directory), lambda: write_pdf(directory))
        if path is None:
            raise HTTPException(404, msg("web.app.report_not_built_yet"))
        # HTML and PDF may be opened in the browser; the CSP header still forbids any script in them.
        disposition = "inline" if inline and filename.endswith((".html", ".pdf")) else "attachment"
        return FileResponse(path, filename=filename, content_disposition_type=disposition)

    @app.get("/e/{evaluation_id}/evaluation.yaml")
    async def export_yaml(request: Request, evaluation_id: int) -> Response:
        web_session = require_session(request)
        cabinet.authorize(web_session, evaluation_id, Role.VIEWER)
        try:
            evaluation = store.evaluation_by_id(evaluation_id)
            text = evalfile.dump(evaluation) if evaluation is not None else None
        except evalfile.StoredEvaluationInvalid as error:
            text = evalfile.dump_document(error.document)  # as stored, so the user can fix it
        if text is None:
            raise HTTPException(404, msg("web.app.evaluation_not_found"))
        return Response(
            text,
            media_type="application/x-yaml; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="evaluation.yaml"'},
        )

    @app.post("/e/{evaluation_id}/evaluation.yaml")
    async def replace_yaml(request: Request, evaluation_id: int) -> Response:
        """The owner loads a fixed (or edited) evaluation file back in place of the stored one."""
        web_session = require_session(request)
        form = await checked_form(request, web_session)
        cabinet.authorize(web_session, evaluation_id, Role.OWNER)
        stored = store.evaluation_document(evaluation_id)
        if stored is None:
            raise HTTPException(404, msg("web.app.evaluation_not_found"))
        name, document = stored

        async def replaced() -> str:
            notes: list[evalfile.Problem] = []
            evaluation = await _evaluation_from_form(form, notes)
            if evaluation.name != name:
                raise DataError(msg("web.app.file_holds_evaluation_not_names_must", found=evaluation.name, name=name))
            store.save_evaluation(evaluation, evaluation_id=evaluation_id)
            return _page_with_file_notes(store, evaluation_id, evaluation.name, notes)

        def show_again(upload_error: CallScoutError) -> Response:
            problems = evalfile.stored_problems(document)
            invalid = evalfile.StoredEvaluationInvalid(evaluation_id, name, document, problems)
            return render(request, "evaluation_invalid.html", error=invalid, upload_error=upload_error)

        return await forms.submit(replaced, show_again)

    @app.post("/e/{evaluation_id}/guest-links")
    async def create_guest_link(request: Request, evaluation_id: int) -> Response:
        web_session = require_session(request)
        form = await checked_form(request, web_session)
        evaluation, _ = evaluation_for(web_session, evaluation_id, Role.OWNER)
        vendor = workspace.find_vendor(evaluation, forms.text(form, "vendor") or "")
        owner = vendor_ref(store, evaluation_id, vendor.name)
        token = accounts.create_guest_link(store, evaluation_id, owner.id, web_session.user.id)
        return render(
            request,
            "guest_link.html",
            link=str(request.base_url) + f"guest/{token}",
            vendor=vendor,
            evaluation_id=evaluation_id,
        )

    @app.get("/e/{evaluation_id}/guest-links", response_class=HTMLResponse)
    async def list_guest_links(request: Request, evaluation_id: int) -> Response:
        web_session = require_session(request)
        evaluation, role = evaluation_for(web_session, evaluation_id, Role.OWNER)
        return render(
            request,
            "guest_links.html",
            evaluation=evaluation,
            evaluation_id=evaluation_id,
            role=role,
            links=accounts.guest_links(store, evaluation_id),
        )

    @app.post("/e/{evaluation_id}/guest-links/{handle}/revoke")
    async def revoke_guest_link(request: Request, evaluation_id: int, handle: str) -> Response:
        web_session = require_session(request)
        await checked_form(request, web_session)
        evaluation_for(web_session, evaluation_id, Role.OWNER)
        if not accounts.revoke_guest_link(store, evaluation_id, handle):
            raise HTTPException(404, msg("web.app.link_not_found"))
        return RedirectResponse(f"/e/{evaluation_id}/guest-links", status_code=303)

    @app.get("/guest/{token}", response_class=HTMLResponse)
    async def guest_view(request: Request, token: str) -> Response:
        resolved = accounts.resolve_guest_link(store, token)
        if resolved is None:
            raise HTTPException(404, msg("web.app.link_invalid_or_expired"))
        evaluation_id, vendor_id = resolved
        try:
            evaluation = store.evaluation_by_id(evaluation_id)
        except evalfile.StoredEvaluationInvalid:
            # The problems list is for the evaluation's own users, not for a guest.
            raise HTTPException(503, msg("web.app.temporarily_unavailable")) from None
        owner = vendor_by_id(store, evaluation_id, vendor_id)
        vendor = evaluation.vendor(owner.name) if evaluation and owner else None
        if vendor is None:
            raise HTTPException(404, msg("web.app.link_invalid_or_expired"))
        return render(request, "guest.html", vendor=vendor, evaluation_name=evaluation.name)

    for area in AREAS.values():
        area.register(app, cabinet)

    @app.exception_handler(CallScoutError)
    async def _core_error(request: Request, error: CallScoutError) -> Response:
        return render(request, "error.html", status_code=400, message=error.text())

    return app


def _safe_next(value: str) -> str:
    """Only local paths: a crafted ?next= must not send a signed-in user to another site."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _same_origin(request: Request) -> bool:
    """Browsers send Origin (or at least Referer) with a cross-site form post; a request that names
    another host is refused. Clients that send neither (scripts, the test client) are not browsers."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return True
    if claimed == "null":
        return False
    return urlsplit(claimed).netloc.lower() == request.url.netloc.lower()


def _needs_changes(form: FormData) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in ("hotline_task", "customer_database", "crm_name", "greeting_text"):
        if field in form:
            changes[field] = forms.text(form, field)
    for field in (
        "calls_per_month",
        "avg_talk_time_s",
        "after_call_work_s",
        "budget_rub_month",
        "average_order_value_rub",
        "service_level.percent",
        "service_level.seconds",
    ):
        if field in form:
            changes[field] = forms.text(form, field)  # pydantic converts and names the field when it cannot
    for field in ("needs_8800", "crm_integration", "forwarding_to_specialists", "ivr"):
        changes[field] = form.get(field) == "on"
    mode = forms.text(form, "schedule_mode")
    if mode == "24/7":
        changes["schedule"] = {"mode": "24/7"}
    elif mode == "hours":
        hours = {day: forms.text(form, f"hours_{day}") for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        changes["schedule"] = {"mode": "hours", "hours": {day: value for day, value in hours.items() if value}}
    return changes


# The reading of an uploaded evaluation file, kept as a run of the evaluation with its notes as findings: the
# page the upload leads to shows them (from any server process), and the run history keeps them.
FILE_READ_RUN = "evaluation_file"


def _page_with_file_notes(store: Store, evaluation_id: int, name: str, notes: list[evalfile.Problem]) -> str:
    """The evaluation's page; with the notes of the file's reading when there were any (an old ``percent`` key,
    a percent where a share belongs), which that page shows."""
    if not notes:
        return f"/e/{evaluation_id}"
    findings = [
        Finding(
            check=FILE_READ_RUN,
            status=Status.WARN,
            severity=Severity.LOW,
            code="ratio_convention",
            message=str(note),
        )
        for note in notes[:50]
    ]
    run_id = store.record_run(FILE_READ_RUN, name, findings, evaluation_id=evaluation_id)
    return f"/e/{evaluation_id}?file_notes={run_id}"


async def _evaluation_from_form(form: FormData, notes: list[evalfile.Problem] | None = None) -> Evaluation:
    """The evaluation of the form: an uploaded file (``notes`` receives what its reading noted) or the fields."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        if not upload.filename.lower().endswith((".yaml", ".yml")):
            raise DataError(msg("web.app.yaml_file_is_expected", name=upload.filename))
        data = await upload.read(MAX_YAML_BYTES + 1)
        if len(data) > MAX_YAML_BYTES:
            raise DataError(msg("web.app.larger_than_1_mb", name=upload.filename))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(msg("web.app.not_utf_8", name=upload.filename)) from None
        evaluation, problems = evalfile.parse_text(text, upload.filename, notes=notes)
        if evaluation is None:
            raise DataError(
                msg("web.app.problem_s", name=upload.filename, count=len(problems)),
                details=[str(problem) for problem in problems],
            )
        return evaluation
    calls = forms.text(form, "calls_per_month") or ""
    if not calls.isdigit():
        raise DataError(msg("web.app.calls_per_month_whole_number_of"))
    return workspace.new_evaluation(
        forms.text(form, "name") or "", int(calls), forms.text(form, "hotline_task") or "orders"
    )


_PDF_BUILDS = SingleFlight()
