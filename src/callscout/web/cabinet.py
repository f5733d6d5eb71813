"""What every page of the cabinet shares: rendering, the session, CSRF and role checks.

Route modules receive one ``Cabinet`` and use these methods, so that no page can forget a check.
"""

from __future__ import annotations

import gzip
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from callscout import accounts
from callscout.accounts import Role, WebSession
from callscout.i18n import current_language, msg
from callscout.model import Evaluation
from callscout.store import Store

SESSION_COOKIE = "callscout_session"
MAX_SHARED_EVALUATIONS = 64


@dataclass(frozen=True)
class PreparedHtml:
    """HTML kept for many answers (cached fragments), encoded and compressed once: browsers accept gzip,
    and sending a tenth of the bytes costs the server less on every answer."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, html: str) -> PreparedHtml:
        plain = html.encode()
        return cls(plain, gzip.compress(plain, compresslevel=6, mtime=0))

    def response(self, request: Request) -> Response:
        headers = {"vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["content-encoding"] = "gzip"
            return Response(self.gzipped, media_type="text/html; charset=utf-8", headers=headers)
        return Response(self.plain, media_type="text/html; charset=utf-8", headers=headers)


class Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


class Cabinet:
    def __init__(self, store: Store, templates: Jinja2Templates, reports_dir: Path) -> None:
        self.store = store
        self.templates = templates
        self.reports_dir = reports_dir
        # (path pattern, byte limit) of upload routes allowed past the cabinet's general body limit.
        self.larger_bodies: list[tuple[re.Pattern[str], Callable[[], int]]] = []
        # evaluation id -> (version, parsed evaluation), for ``shared_evaluation_for``.
        self._evaluations: dict[int, tuple[datetime, Evaluation]] = {}

    def allow_larger_body(self, path_pattern: str, limit: Callable[[], int]) -> None:
        self.larger_bodies.append((re.compile(path_pattern), limit))

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("web_session", getattr(request.state, "web_session", None))
        context["lang"] = current_language()
        context["request"] = request
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def require_session(self, request: Request) -> WebSession:
        """The signed-in session, or a redirect to sign-in (pages) / 401 (API and form posts)."""
        return self._session_access(request, None)[0]

    def _session_access(self, request: Request, evaluation_id: int | None) -> tuple[WebSession, accounts.Access]:
        web_session, access = accounts.session_access(self.store, request.cookies.get(SESSION_COOKIE), evaluation_id)
        if web_session is None:
            if request.method == "GET" and not request.url.path.startswith("/api/"):
                raise Redirect("/login?next=" + quote(request.url.path))
            raise HTTPException(401, msg("web.cabinet.sign_in_first"))
        request.state.web_session = web_session
        return web_session, access

    async def checked_form(self, request: Request, web_session: WebSession) -> FormData:
        """Every state-changing request carries the session's CSRF token (form field or htmx header)."""
        form = await request.form(max_files=5, max_fields=200)
        token = form.get("csrf_token") or request.headers.get("x-csrf-token")
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), web_session.csrf_token.encode()):
            raise HTTPException(403, msg("web.cabinet.invalid_csrf_token_reload"))
        return form

    def check_csrf_header(self, request: Request, web_session: WebSession) -> None:
        """For state-changing requests whose body is not a form (uploads streamed, JSON)."""
        token = request.headers.get("x-csrf-token") or ""
        if not hmac.compare_digest(token.encode(), web_session.csrf_token.encode()):
            raise HTTPException(403, msg("web.cabinet.invalid_csrf_token_reload"))

    def authorize(self, web_session: WebSession, evaluation_id: int, needed: Role) -> tuple[Role, datetime]:
        """The user's role if it allows ``needed``, and the evaluation's version."""
        return _allowed(accounts.access(self.store, web_session.user, evaluation_id), needed)

    def evaluation_for(self, web_session: WebSession, evaluation_id: int, needed: Role) -> tuple[Evaluation, Role]:
        """The evaluation, freshly read (the caller may change it), if this user may act on it with ``needed``."""
        role, _version = self.authorize(web_session, evaluation_id, needed)
        evaluation = self.store.evaluation_by_id(evaluation_id)
        if evaluation is None:
            raise HTTPException(404, msg("web.cabinet.evaluation_not_found"))
        return evaluation, role

    def shared_evaluation_for(
        self, request: Request, evaluation_id: int, needed: Role
    ) -> tuple[Evaluation, Role, datetime]:
        """``require_session`` and ``evaluation_for`` in one query, for pages that only read the evaluation
        (the polled dashboard): one parsed instance is shared by all requests until a save moves the
        evaluation's version. The session and rights are still read from the store on every request.
        Callers must not change the evaluation."""
        _web_session, access = self._session_access(request, evaluation_id)
        role, version = _allowed(access, needed)
        known = self._evaluations.get(evaluation_id)
        if known is not None and known[0] == version:
            return known[1], role, version
        evaluation = self.store.evaluation_by_id(evaluation_id)
        if evaluation is None:
            raise HTTPException(404, msg("web.cabinet.evaluation_not_found"))
        # Read after the version, so the document is never older than the version it is kept under.
        if len(self._evaluations) >= MAX_SHARED_EVALUATIONS:
            self._evaluations.pop(next(iter(self._evaluations)), None)
        self._evaluations[evaluation_id] = (version, evaluation)
        return evaluation, role, version


def _allowed(access: accounts.Access, needed: Role) -> tuple[Role, datetime]:
    """404 hides others' evaluations; 403 when the role is too low."""
    if access.role is None or access.version is None:
        raise HTTPException(404, msg("web.cabinet.evaluation_not_found"))
    if not access.role.allows(needed):
        raise HTTPException(403, msg("web.cabinet.not_allowed_needs_role", role=needed.value))
    return access.role, access.version
