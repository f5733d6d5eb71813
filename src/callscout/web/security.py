"""Cross-cutting protections of the cabinet: language, body size limits, security headers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from callscout.i18n import set_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = [
    # Vendor texts are shown in the cabinet: even if escaping failed somewhere, no inline script may run.
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"media-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


# Database integers are 64-bit signed: a larger id in a path names nothing (and SQLite would overflow).
MAX_ID = 2**63 - 1


class BoundedIdsMiddleware:
    """A path id out of the store's integer range is a 404 on every route, found from the router:
    a route added later is covered without touching it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._int_params: dict[int, frozenset[str]] | None = None

    def _integer_params(self, routes: list[Any]) -> dict[int, frozenset[str]]:
        if self._int_params is None:
            found: dict[int, frozenset[str]] = {}
            for route in routes:
                dependant = getattr(route, "dependant", None)
                if dependant is None:
                    continue
                names = frozenset(
                    param.name
                    for param in dependant.path_params
                    if getattr(param.field_info, "annotation", None) is int
                )
                if names:
                    found[id(route)] = names
            self._int_params = found
        return self._int_params

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and any(len(part) > 18 for part in scope.get("path", "").split("/")):
            routes = scope["app"].router.routes
            integer_params = self._integer_params(routes)
            for route in routes:
                names = integer_params.get(id(route))
                if not names:
                    continue
                match, child = route.matches(scope)
                if match.value == 0:  # Match.NONE
                    continue
                values = child.get("path_params", {})
                if any(_out_of_range(values.get(name)) for name in names):
                    await _plain_answer(send, 404, "Не найдено / not found")
                    return
                break
        await self.app(scope, receive, send)


def _out_of_range(value: object) -> bool:
    text = str(value or "").strip().lstrip("+-")
    return text.isdigit() and int(text) > MAX_ID if len(text) <= 4000 else text.isdigit()


class RequestTooLarge(Exception):
    pass


class CabinetMiddleware:
    """Pure ASGI middleware: the language is set in the request's own context, bodies are capped
    while they stream (a lying Content-Length cannot get past), security headers go on every answer."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        larger_bodies: list[tuple[re.Pattern[str], Callable[[], int]]] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Upload routes that take more (call logs): (path pattern, limit read at request time), shared with
        # the cabinet so that area modules can add theirs when they register.
        self.larger_bodies = larger_bodies if larger_bodies is not None else []

    def _limit(self, path: str) -> int:
        for pattern, limit in self.larger_bodies:
            if pattern.fullmatch(path):
                return max(self.max_body_bytes, limit())
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_language(_language_of(scope))
        max_body_bytes = self._limit(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
            await _plain_answer(send, 413, "Слишком большой запрос / request too large")
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body_bytes:
                    raise RequestTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except RequestTooLarge:
            await _plain_answer(send, 413, "Слишком большой запрос / request too large")


async def _plain_answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _language_of(scope: Scope) -> str:
    # Checked for "lang" first: parsing the query and the cookies of every polled request costs more.
    query_string = scope.get("query_string") or b""
    if b"lang=" in query_string:
        query = parse_qs(query_string.decode("latin-1"))
        if query.get("lang", [""])[0] in ("ru", "en"):
            return query["lang"][0]
    for name, value in scope.get("headers") or []:
        if name == b"cookie" and b"lang=" in value:
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header just means no preference
                continue
            if "lang" in cookie and cookie["lang"].value in ("ru", "en"):
                return cookie["lang"].value
    return "ru"
