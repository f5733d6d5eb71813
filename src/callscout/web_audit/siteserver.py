"""A small local web server for saved sites, one virtual host per folder (the demo and the tests).

``callscout demo`` serves ``demo/sites/<host>/`` on 127.0.0.1 and audits ``https://<host>/`` through
the host override map, so the demo exercises the real crawler, over real HTTP and TLS, with no
internet. One port speaks both: a connection that opens with a TLS handshake gets the certificate
of the host it names (SNI), any other is plain HTTP. Hosts with a certificate behave like a
well-run site (plain HTTP answers with a permanent redirect to HTTPS); hosts without one have no
HTTPS at all, like a site that never set it up.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from callscout.web_audit import sitefiles
from callscout.web_audit.localtls import Certificate

_NOT_FOUND = b"<!doctype html><html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"
_MAX_FILE_BYTES = 50_000_000
_TLS_RECORD_HANDSHAKE = 0x16
# A client that connects and says nothing (or stalls in the handshake) must not hold a thread forever.
_CONNECTION_TIMEOUT_S = 10.0


class _Handler(BaseHTTPRequestHandler):
    server_version = "CallScoutDemo/1"
    # Keep-alive: every response carries Content-Length, so connections can be reused.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for a delayed ACK (40 ms).
    disable_nagle_algorithm = True
    root: Path
    https_hosts: frozenset[str] = frozenset()

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host in self.https_hosts and not isinstance(self.connection, ssl.SSLSocket):
            self._redirect(f"https://{self.headers.get('Host')}{self.path}")
            return
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

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    tls_context: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        # Runs in the connection's own thread, so a slow handshake holds up no other client.
        if self.tls_context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(_CONNECTION_TIMEOUT_S)
        try:
            opening = request.recv(1, socket.MSG_PEEK)
            if not opening or opening[0] != _TLS_RECORD_HANDSHAKE:
                super().finish_request(request, client_address)
                return
            connection = self.tls_context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return  # a refused name (SNI), a dropped client: that client's problem, the server goes on
        try:
            super().finish_request(connection, client_address)
        finally:
            with contextlib.suppress(OSError):
                connection.close()


class SiteServer:
    """``with SiteServer(root) as server: server.overrides`` maps every saved host to the server.

    ``certificates`` (host -> certificate, see ``localtls``) serves those hosts over HTTPS too.
    """

    def __init__(self, root: Path, *, certificates: Mapping[str, Certificate] | None = None) -> None:
        self.root = Path(root)
        self.certificates = {host.lower(): certificate for host, certificate in (certificates or {}).items()}
        handler = type("SiteHandler", (_Handler,), {"root": self.root, "https_hosts": frozenset(self.certificates)})
        self._server = _SiteHTTPServer(("127.0.0.1", 0), handler)
        if self.certificates:
            self._server.tls_context = _sni_context(self.certificates)
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
        for host in [*hosts, *self.certificates]:
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


def _sni_context(certificates: Mapping[str, Certificate]) -> ssl.SSLContext:
    """A server context that picks each host's certificate by the name the client asks for."""
    by_file: dict[Certificate, ssl.SSLContext] = {}
    by_host: dict[str, ssl.SSLContext] = {}
    for host, certificate in certificates.items():
        if certificate not in by_file:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate.certificate, certificate.key)
            by_file[certificate] = context
        by_host[host] = by_file[certificate]

    def choose(connection: ssl.SSLObject | ssl.SSLSocket, name: str | None, _context: ssl.SSLContext) -> int | None:
        chosen = by_host.get((name or "").lower())
        if chosen is None:
            # No certificate for this name: the handshake fails, as at a site without HTTPS.
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
        connection.context = chosen
        return None

    # The first certificate also answers clients that name no host (an address typed by hand).
    listening = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    first = next(iter(by_file))
    listening.load_cert_chain(first.certificate, first.key)
    listening.sni_callback = choose
    return listening
