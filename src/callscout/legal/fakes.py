"""Local stand-ins for the registry API and whois servers, on 127.0.0.1.

They speak the real protocols (DaData's ``findById/party`` JSON over HTTP, whois over TCP) so the
same client code runs in the tests and in the offline demo as against the real services.
"""

from __future__ import annotations

import contextlib
import json
import socketserver
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FIND_PARTY_PATH = "/suggestions/api/4_1/rs/findById/party"


class FakeRegistryServer:
    """Serves ``POST .../findById/party`` from ``records`` (ИНН or ОГРН -> list of DaData suggestions).

    ``token`` is required in the ``Authorization: Token ...`` header as DaData does; ``fail_with``
    answers every request with that HTTP status, ``delay_s`` delays each answer.
    """

    def __init__(
        self,
        records: Mapping[str, list[dict[str, Any]]],
        *,
        token: str = "test-token",
        fail_with: int | None = None,
        delay_s: float = 0.0,
    ) -> None:
        self.records = dict(records)
        self.token = token
        self.fail_with = fail_with
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/suggestions/api/4_1/rs/"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _reply(self, status: int, payload: object) -> None:
                body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                # A client that timed out has gone: that is the test passing, not a server error.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), 65536)
                try:
                    request = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    request = {}
                fake.requests.append(request)
                if fake.delay_s:
                    time.sleep(fake.delay_s)
                if fake.fail_with:
                    self._reply(fake.fail_with, {"message": "failure requested by the test"})
                    return
                if self.headers.get("Authorization") != f"Token {fake.token}":
                    self._reply(401, {"family": "CLIENT_ERROR", "reason": "Unauthorized"})
                    return
                if self.path != FIND_PARTY_PATH:
                    self._reply(404, {"message": "not found"})
                    return
                suggestions = fake.records.get(str(request.get("query", "")).strip(), [])
                if request.get("branch_type"):
                    suggestions = [
                        item
                        for item in suggestions
                        if item.get("data", {}).get("branch_type") in (None, request["branch_type"])
                    ]
                self._reply(200, {"suggestions": suggestions[: int(request.get("count") or 10)]})

        return Handler

    def start(self) -> FakeRegistryServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-registry", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeRegistryServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class FakeWhoisServer:
    """A whois server: reads one query line, writes the saved answer for it, closes.

    ``answers`` maps a lower-case domain (punycode) to the raw answer text; unknown names get the TCI
    "No entries found" answer. ``mode`` simulates trouble: "silent" never answers, "refuse" closes
    at once, "flood" sends ``flood_bytes`` of junk, "drip" sends one byte every ``drip_s``.
    """

    NOT_FOUND = "% TCI Whois Service.\n\nNo entries found for the selected source(s).\n"

    def __init__(
        self,
        answers: Mapping[str, str],
        *,
        mode: str = "normal",
        flood_bytes: int = 10_000_000,
        drip_s: float = 0.2,
        encoding: str = "utf-8",
    ) -> None:
        self.answers = {key.lower(): value for key, value in answers.items()}
        self.mode = mode
        self.flood_bytes = flood_bytes
        self.drip_s = drip_s
        self.encoding = encoding
        self.queries: list[str] = []
        self._server: socketserver.ThreadingTCPServer | None = None
        self._stopping = threading.Event()
        self.port = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _handler(self) -> type[socketserver.BaseRequestHandler]:
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection = self.request
                connection.settimeout(5)
                data = b""
                try:
                    while b"\n" not in data and len(data) < 1024:
                        chunk = connection.recv(1024)
                        if not chunk:
                            break
                        data += chunk
                except OSError:
                    return
                query = data.decode("utf-8", errors="replace").strip()
                fake.queries.append(query)
                with contextlib.suppress(OSError):  # the client gave up first, as a bounded client should
                    self._answer(connection, query)

            def _answer(self, connection: Any, query: str) -> None:
                if fake.mode == "refuse":
                    return
                if fake.mode == "silent":
                    fake._stopping.wait(30)
                    return
                if fake.mode == "flood":
                    block = b"x" * 65536
                    sent = 0
                    while sent < fake.flood_bytes and not fake._stopping.is_set():
                        connection.sendall(block)
                        sent += len(block)
                    return
                answer = fake.answers.get(query.lower(), fake.NOT_FOUND).encode(fake.encoding)
                if fake.mode == "drip":
                    for byte in answer:
                        if fake._stopping.wait(fake.drip_s):
                            return
                        connection.sendall(bytes([byte]))
                    return
                connection.sendall(answer)

        return Handler

    def start(self) -> FakeWhoisServer:
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, name="fake-whois", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeWhoisServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
