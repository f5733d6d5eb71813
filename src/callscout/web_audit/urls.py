"""URL parts that never raise: a hostile link ("http://[::1", a 5,000-character tel:) yields empty parts."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def url_path(url: str) -> str:
    """The decoded path, '' when the URL cannot be parsed."""
    try:
        return unquote(urlsplit(url).path)
    except ValueError:
        return ""


def url_host(url: str) -> str:
    """The lower-case host without a leading "www.", '' when there is none or the URL is malformed."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def url_scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""
