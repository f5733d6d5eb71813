"""HTTP servers on 127.0.0.1 for the website-audit tests: routes are plain functions, every request is logged.

They include hostile behaviours (endless bodies, slow drips, bombs) written to stream, never to
build the whole response in memory.
"""

from __future__ import annotations

import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from callscout.web_audit.localtls import LocalCA, site_certificates
from callscout.web_audit.siteserver import SiteServer

Route = Callable[[BaseHTTPRequestHandler], None]
GIGABYTE = 1024**3
_CHUNK = b"<p>" + b"a" * (64 * 1024 - 3)


@dataclass
class LocalServer:
    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [urlsplit(request).path for request in self.requests]


@contextmanager
def serve(routes: dict[str, Route], *, tls: tuple[Path, Path] | None = None) -> Iterator[LocalServer]:
    """Serve ``routes`` on 127.0.0.1; with ``tls`` (certificate, key) over HTTPS."""
    state = LocalServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            route = routes.get(urlsplit(self.path).path) or routes.get("*")
            try:
                if route is None:
                    send(self, b"<html><body>404</body></html>", status=404)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: exactly what a bounded crawler does

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def send(
    handler: BaseHTTPRequestHandler,
    body: bytes | str,
    *,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def page(body: str, title: str = "t") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def endless(declare_length: bool) -> Route:
    """A 1 GB page, streamed in 64 KB pieces until the client hangs up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            handler.send_header("Content-Length", str(GIGABYTE))
        handler.end_headers()
        for _ in range(GIGABYTE // len(_CHUNK)):
            handler.wfile.write(_CHUNK)

    return route


@cache
def gzip_bomb() -> bytes:
    """1 GB of zeros gzipped to about 1 MB: 64 gzip members of 16 MB each (concatenation is legal gzip)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    member = compressor.compress(bytes(16 * 1024 * 1024)) + compressor.flush()
    return member * 64


def bomb(handler: BaseHTTPRequestHandler) -> None:
    send(handler, gzip_bomb(), headers={"Content-Encoding": "gzip"})


def slow_drip(interval: float = 0.3, count: int = 400) -> Route:
    """A page that never finishes: one byte at a time, each under any per-read timeout."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()
        for _ in range(count):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(interval)

    return route


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 that no client trusts."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return certificate, key


@contextmanager
def https_sites(root: Path, hosts: Iterable[str], ca_folder: Path) -> Iterator[tuple[SiteServer, Path]]:
    """A SiteServer for ``root`` that serves ``hosts`` over HTTPS; yields it and the CA file to trust."""
    authority = LocalCA(ca_folder)
    with SiteServer(root, certificates=site_certificates(authority, hosts)) as server:
        yield server, authority.certificate


@contextmanager
def raw_tcp(reply: bytes) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that answers every connection with ``reply`` and hangs up: not HTTP at all."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(65536)
                    connection.sendall(reply)
                except OSError:
                    pass

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        listener.close()
