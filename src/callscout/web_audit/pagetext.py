"""Turn fetched bytes into a ``Page``: charset, visible text, title and links.

Used by ``extract.extract_page_facts`` (which scores single pages without a crawl) and by tests that
build pages from HTML; the crawler builds the same ``Page`` fields. Every step is bounded: a page's
text is cut at ``MAX_TEXT_CHARS``, PDF extraction runs in a subprocess with a time limit.
"""

from __future__ import annotations

import codecs
import re
import subprocess
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from callscout.web_audit.base import Link, Page

MAX_TEXT_CHARS = 2_000_000
MAX_PDF_BYTES = 20_000_000
PDF_TIMEOUT_S = 20

_INVISIBLE = "script, style, noscript, template, svg, head, iframe, object"
# Inline elements must not split a word ("Ком<b>пания</b>"); block elements must separate lines.
_BLOCKS = (
    "address, article, aside, blockquote, br, dd, div, dl, dt, fieldset, figcaption, figure, footer, form, "
    "h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, tbody, td, th, thead, "
    "tr, ul, option, label, button"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f\u200b]+")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def detect_charset(body: bytes, content_type: str | None) -> str:
    """Charset from the header, then the meta tag, then UTF-8 if it decodes, else windows-1251."""
    header = _CT_CHARSET.search(content_type or "")
    declared = _codec(header.group(1)) if header else None
    if declared:
        return declared
    meta = _META_CHARSET.search(body[:4096])
    declared = _codec(meta.group(1).decode("ascii", "ignore")) if meta else None
    if declared:
        return declared
    try:
        body[:200_000].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the probe's end is still UTF-8.
        if error.start >= min(len(body), 200_000) - 4:
            return "utf-8"
    return "cp1251"  # the usual legacy encoding of Russian sites


def _normalise_lines(raw: str) -> str:
    lines = (_BLANKS.sub(" ", line).strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def visible_text(tree: LexborHTMLParser) -> tuple[str, str | None]:
    """Visible text and title; consumes the tree (invisible nodes are removed from it)."""
    title_node = tree.css_first("title")
    title = _normalise_lines(title_node.text()) if title_node is not None else None
    for node in tree.css(_INVISIBLE):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_before("\n")
        if node.tag != "br":
            node.insert_after("\n")
    root = tree.body or tree.root
    text = _normalise_lines(root.text(separator="")) if root is not None else ""
    return text, title or None


def extract_links(tree: LexborHTMLParser, base_url: str) -> list[Link]:
    base_node = tree.css_first("base[href]")
    base = base_url
    if base_node is not None:
        try:
            base = urljoin(base_url, base_node.attributes.get("href") or "")
        except ValueError:
            base = base_url
    links: list[Link] = []
    for node in tree.css("a[href], area[href], audio[src], source[src], iframe[src], embed[src], video[src]"):
        target = node.attributes.get("href") or node.attributes.get("src") or ""
        target = target.strip()
        if not target or target.startswith(("javascript:", "data:", "#")):
            continue
        try:
            absolute = urldefrag(urljoin(base, target)).url
        except ValueError:
            continue
        text = _BLANKS.sub(" ", node.text(separator=" ") or "").strip()[:300]
        links.append(Link(url=absolute, text=text, tag=node.tag or "a"))
    return links


def pdf_to_text(body: bytes) -> str:
    if not body or len(body) > MAX_PDF_BYTES:
        return ""
    try:
        completed = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"],
            input=body,
            capture_output=True,
            timeout=PDF_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return _normalise_lines(completed.stdout.decode("utf-8", "replace"))


def page_from_bytes(url: str, body: bytes | None, content_type: str | None = None, *, status_code: int = 200) -> Page:
    """A ``Page`` from raw bytes as the crawler would build it (HTML, PDF or plain text)."""
    body = body or b""
    page = Page(url=url, status_code=status_code, content_type=content_type, body=body)
    if page.is_pdf or body[:5] == b"%PDF-":
        page.text = pdf_to_text(body)
        return page
    if (content_type or "").split(";")[0].strip() not in ("", "text/html", "application/xhtml+xml", "text/plain"):
        return page
    page.charset = detect_charset(body, content_type)
    decoded = body.decode(page.charset, "replace")
    if (content_type or "").startswith("text/plain"):
        page.text = _normalise_lines(decoded)
        return page
    page.html = decoded
    tree = LexborHTMLParser(decoded)
    page.links = extract_links(tree, url)
    page.text, page.title = visible_text(tree)
    return page
