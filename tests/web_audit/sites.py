"""Test helpers: SiteContexts built from HTML strings or from a site saved as files laid out as URL paths.

``site_from_dir`` follows links breadth-first from the home page like the crawler does (same host,
missing files answer 404) and builds each Page with the same text extraction the crawler uses.
"""

from __future__ import annotations

import mimetypes
from collections import deque
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from callscout.web_audit.base import Page, SiteContext
from callscout.web_audit.parse import page_from_bytes

DEMO_SITES = Path(__file__).resolve().parents[2] / "src" / "callscout" / "demo" / "sites"
DEMO_SITE_HOSTS = (
    "golospro.example",
    "linia24.example",
    "teleservice-plus.example",
    "kontakt-express.example",
    "callmind.example",
    "otkrytyi-dialog.example",
)
DEMO_NOW = datetime(2026, 11, 27, 12, 0)


def html_page(url: str, html: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> Page:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return page_from_bytes(url, body, content_type, status_code=status)


def site_of(*pages: Page, root: str | None = None, now: datetime = DEMO_NOW, **kwargs: object) -> SiteContext:
    root_url = root or (pages[0].url if pages else "http://empty.example/")
    return SiteContext(root_url=root_url, pages=list(pages), now=now, **kwargs)  # type: ignore[arg-type]


def _file_for(root: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    file = root / path.lstrip("/")
    return file / "index.html" if path.endswith("/") or path == "" else file


def fetch_from_dir(root: Path, url: str) -> Page:
    file = _file_for(root, url)
    try:
        inside = file.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside or not file.is_file():
        return Page(url=url, status_code=404, content_type="text/html", error=None)
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if file.suffix == ".html":
        content_type = "text/html"  # no charset: the page's own meta tag must be honoured
    return (
        page_from_bytes(url, file.read_bytes(), content_type)
        if content_type.startswith(("text/", "application/pdf"))
        else Page(url=url, status_code=200, content_type=content_type, body=file.read_bytes())
    )


def site_from_dir(
    host: str, *, root_dir: Path = DEMO_SITES, now: datetime = DEMO_NOW, max_pages: int = 60
) -> SiteContext:
    root = root_dir / host
    start = f"http://{host}/"
    queue, seen, pages = deque([start]), {start}, []
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        page = fetch_from_dir(root, url)
        pages.append(page)
        for link in page.links:
            target = link.url.split("#", 1)[0]
            parts = urlsplit(target)
            if parts.hostname != host or target in seen or link.tag != "a":
                continue
            if parts.path.lower().endswith((".wav", ".mp3", ".ogg")):
                continue
            seen.add(target)
            queue.append(target)
    return SiteContext(root_url=start, pages=pages, now=now, fetch_resource=lambda url: fetch_from_dir(root, url))
