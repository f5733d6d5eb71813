"""Saved copies of websites: a folder per host, files laid out as URL paths (as ``wget -m`` saves them).

One mapping from URL to file serves both the offline audit (``--from-dir``) and the local server of
the demo and the tests, so both read a saved site the same way.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

_INDEX_NAMES = ("index.html", "index.htm")


def site_root(root: Path, host: str) -> Path | None:
    """The folder holding ``host``'s files: ``root/<host>`` (also with ``www.`` added or removed)."""
    host = host.lower().rstrip(".")
    alternatives = [host, host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"]
    for name in alternatives:
        candidate = root / name
        if candidate.is_dir():
            return candidate
    return None


def file_for_url(site_dir: Path, url: str) -> Path | None:
    """The file that stands for ``url`` inside one site's folder, never outside it."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    segments = [segment for segment in path.split("/") if segment not in ("", ".")]
    if any(segment == ".." or "\\" in segment or "\x00" in segment for segment in segments):
        return None
    relative = "/".join(segments)
    candidates: list[str] = []
    if parts.query and relative:
        candidates.append(f"{relative}?{unquote(parts.query)}")
    if not relative or path.endswith("/"):
        candidates += [f"{relative}/{name}".lstrip("/") for name in _INDEX_NAMES]
    else:
        candidates += [relative, f"{relative}.html", *(f"{relative}/{name}" for name in _INDEX_NAMES)]
    base = site_dir.resolve()
    for candidate in candidates:
        file = (site_dir / candidate).resolve()
        if file.is_file() and file.is_relative_to(base):
            return file
    return None


def content_type_for(file: Path) -> str:
    if file.suffix.lower() in (".html", ".htm", "") or "?" in file.name:
        return "text/html"
    guessed, _ = mimetypes.guess_type(file.name)
    return guessed or "application/octet-stream"


def read_capped(file: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it is larger than ``max_bytes`` (never read whole)."""
    with file.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def saved_hosts(root: Path) -> list[str]:
    """Host folders in a saved-sites folder: names with a dot, like ``golospro.example``."""
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir() and "." in entry.name)
