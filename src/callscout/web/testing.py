"""Running the cabinet for browser tests and screenshots: a real uvicorn server on 127.0.0.1 and
Debian's Chromium driven by Playwright (no browser download: the system's binary is used)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from callscout.store import Store

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_unavailable_reason() -> str | None:
    if chromium_path() is None:
        return "Chromium is not installed (Debian package chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_cabinet(store: Store, reports_dir: Path, **settings: Any) -> Iterator[str]:
    """Serve the cabinet in a background thread; yield its base URL; stop it afterwards.
    ``settings`` are create_app's server-side settings (host overrides for local test sites)."""
    import uvicorn

    from callscout.web import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(store, reports_dir=reports_dir, **settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the cabinet did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser_page(**context_options: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="ru-RU", accept_downloads=True, **context_options)
            yield context.new_page()
        finally:
            browser.close()
