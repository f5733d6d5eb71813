"""A small local web server for saved sites, one virtual host per folder (the demo and the tests).

``callscout demo`` serves ``demo/sites/<host>/`` on 127.0.0.1 and audits ``http://<host>/`` through
the host override map, so the demo exercises the real crawler, over real HTTP, with no internet.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from callscout.web_audit import sitefiles

_NOT_FOUND = b"<!doctype html><html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"
_MAX_FILE_BYTES = 50_000_000


class _Handler(BaseHTTPRequestHandler):
    server_version = "CallScoutDemo/1"
    # Keep-alive: every response carries Content-Length, so connections can be reused.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for a delayed ACK (40 ms).
    disable_nagle_algorithm = True
    root: Path

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        site_dir = sitefiles.site_root(self.root, host)
        file = sitefiles.file_for_url(site_dir, self.path) if site_dir is not None else None
        body = sitefiles.read_capped(file, _MAX_FILE_BYTES) if file is not None else None
        if file is None or body is None:
            self._send(404, "text/html; charset=utf-8", _NOT_FOUND)
            return
        self._send(200, sitefiles.content_type_for(file), body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


class SiteServer:
    """``with SiteServer(root) as server: server.overrides`` maps every saved host to the server."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        handler = type("SiteHandler", (_Handler,), {"root": self.root})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="callscout-sites", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def overrides(self) -> dict[str, tuple[str, int]]:
        hosts = sitefiles.saved_hosts(self.root) if self.root.is_dir() else []
        mapping: dict[str, tuple[str, int]] = {}
        for host in hosts:
            mapping[host] = ("127.0.0.1", self.port)
            mapping[host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"] = ("127.0.0.1", self.port)
        return mapping

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _traceback: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
