"""Turning fetched bytes into what the checks read: decoded HTML, visible text, links, PDF text.

Russian sites still serve windows-1251 and KOI8-R, often with a wrong or missing declaration, so the
charset is taken from a byte-order mark, then the header or ``<meta>``, checked against the bytes,
and detected when the declaration is missing or wrong.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from callscout.web_audit.base import Link, Page

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Single-byte Cyrillic encodings seen on Russian sites, the most common first (it wins ties).
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "cp866")
_LOWER_CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf-8-sig"})

# Elements whose text is never shown; removed before the text is taken.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head", "canvas", "select")
# Elements that start a new line of text. Inline elements (b, span, a...) join their text to the
# neighbours as a browser does, so "ИН<b>Н</b>" stays "ИНН" and "<td>ИНН</td><td>7701</td>" does not glue.
_BLOCKS = (
    "address,article,aside,blockquote,br,dd,details,dialog,div,dl,dt,fieldset,figcaption,figure,footer,"
    "form,h1,h2,h3,h4,h5,h6,header,hr,li,main,nav,ol,p,pre,section,summary,table,tbody,thead,tfoot,tr,td,"
    "th,ul,caption,option,button,label"
)
# A block boundary while the text is collected: a noncharacter, which no real text contains and
# which str.split() does not take for whitespace (it does take U+2029 and no-break spaces).
_BREAK = "\ufdd0"
_DATA_MEDIA = "[data-src],[data-audio],[data-file],[data-url],[data-mp3],[data-track],[data-href]"
_MEDIA_TAGS = "audio[src],video[src],source[src],embed[src],iframe[src],object[data]"
_MEDIA_TAG_NAMES = frozenset({"audio", "video", "source", "embed", "iframe", "object"})
_AUDIO_FILE = re.compile(r"\.(mp3|wav|ogg|oga|m4a|aac|opus|flac)\b", re.IGNORECASE)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_SKIP_SCHEMES = ("javascript:", "data:", "about:", "blob:")


def detect_charset(body: bytes, declared: str | None = None) -> str:
    """The charset to decode ``body`` with: BOM, then declaration checked against the bytes, then detection.

    ``declared`` is a charset name or a whole Content-Type value (``text/html; charset=...``).
    """
    if declared and ("/" in declared or ";" in declared):
        declared = _charset_parameter(declared)
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = _known_codec(declared) or _known_codec(_meta_charset(body))
    if declared in _UTF8_NAMES or declared is None:
        if _is_utf8(body):
            return "utf-8"
        return _guess_single_byte(body)
    # A single-byte declaration on bytes that are valid, non-ASCII UTF-8 is a lie: real Cyrillic
    # text in cp1251 or KOI8-R practically never forms valid multi-byte UTF-8 sequences.
    if not body.isascii() and _is_utf8(body):
        return "utf-8"
    try:
        body.decode(declared)
    except UnicodeDecodeError:
        return _guess_single_byte(body)
    return declared


def _charset_parameter(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def decode(body: bytes, declared: str | None = None) -> tuple[str, str]:
    charset = detect_charset(body, declared)
    return body.decode(charset, errors="replace"), charset


def _meta_charset(body: bytes) -> str | None:
    match = _XML_ENCODING.search(body[:512]) or _META_CHARSET.search(body[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    # Browsers read "iso-8859-1" and "ascii" declarations as windows-1252; keep Python's normalised name.
    return {"utf-8": "utf-8", "iso8859-1": "cp1252", "ascii": "cp1252"}.get(codec.name, codec.name)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        # A page cut at our byte cap may end inside a character; that alone does not disqualify it.
        return error.start >= len(body) - 3 and error.reason == "unexpected end of data"
    return True


def _guess_single_byte(body: bytes) -> str:
    sample = body[:200_000]
    best, best_score = "cp1251", -1
    for candidate in _CYRILLIC_CANDIDATES:
        text = sample.decode(candidate, errors="replace")
        # Russian prose is mostly lowercase letters; the wrong Cyrillic codec turns it into capitals
        # and pseudographics, so the count of lowercase Cyrillic letters separates them clearly.
        score = sum(1 for char in text if char in _LOWER_CYRILLIC)
        if score > best_score:
            best, best_score = candidate, score
    if best_score == 0:
        return "cp1252"
    return best


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment and default port, host lower-cased; None if unusable."""
    url = url.strip()
    if not url or url.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in ("http", "https"):
            return None
        host = ascii_host(parts.hostname or "")
        if not host:
            return None
        port = parts.port
    except (ValueError, UnicodeError):
        return None
    scheme = parts.scheme.lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc += f":{port}"
    # One spelling per address: raw Cyrillic and its percent-encoding must not count as two pages.
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def ascii_host(host: str) -> str:
    """Host name lower-cased, without the final dot, Cyrillic (.рф) names in their punycode form.

    Links on one site mix both spellings of an internationalised name and the connection uses the
    punycode one, so comparing hosts needs a single form.
    """
    host = host.strip().lower().rstrip(".")
    if host.isascii():
        return host
    return host.encode("idna").decode("ascii")


@dataclass
class ParsedHtml:
    title: str | None
    text: str
    links: list[Link] = field(default_factory=list)
    # Problems that did not stop the page being read, e.g. "html_too_deep" (the rest was cut off).
    notes: list[str] = field(default_factory=list)
    # The HTML that was parsed: cut where nesting went too deep, so re-parsing it stays cheap too.
    html: str = ""


# The HTML parser's time grows with the square of element nesting (30,000 nested <div> take
# seconds), so a hostile page is cut where its nesting passes a depth no real page reaches.
MAX_NESTING = 1000
# No real page has more links; a generated one with a million would fill memory with Link objects.
MAX_LINKS_PER_PAGE = 5000
# Stops at the next "<": an unclosed "<a <a <a ..." costs linear time, not quadratic.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})\b[^<>]{0,4000}?(/?)>")
# Elements that never nest (void) or that close themselves (optional end tags): they add no depth.
# Formatting elements are handled by the parser's own bounded rules and cost little.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "td",
        "th",
        "tr",
        "dt",
        "dd",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "html",
        "head",
        "body",
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)


def cut_excess_nesting(html: str, limit: int = MAX_NESTING) -> tuple[str, bool]:
    """``html`` up to the tag where nesting passes ``limit``, and whether it was cut."""
    if html.count("<") < limit:
        return html, False
    # A stack of open elements, as the parser keeps: a closing tag closes the nearest open element
    # of its name (and what was opened inside it); one with nothing to close is ignored, as the
    # parser ignores it, so stray closing tags cannot hide real depth.
    stack: list[str] = []
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        name = name.lower()
        if name in _FLAT or self_closing:
            continue
        if closing:
            for position in range(len(stack) - 1, max(len(stack) - 64, 0) - 1, -1):
                if stack[position] == name:
                    del stack[position:]
                    break
        else:
            stack.append(name)
            if len(stack) > limit:
                return html[: match.start()], True
    return html, False


def parse_html(html: str, url: str) -> ParsedHtml:
    html, cut = cut_excess_nesting(html)
    tree = LexborHTMLParser(html)
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = normalize_url(base_node.attributes.get("href") or "", url) or url
    title_node = tree.css_first("title")
    title = _clean(title_node.text(deep=True)) if title_node is not None else None
    links = _links(tree, base)
    tree.strip_tags(list(_INVISIBLE))
    for hidden in tree.css("[hidden],[aria-hidden=true]"):
        hidden.decompose()
    root = tree.body or tree.root
    text = ""
    if root is not None:
        for node in root.css(_BLOCKS):
            node.insert_before(_BREAK)
            node.insert_after(_BREAK)
        text = clean_text(root.text(deep=True, separator=""))
    notes = ["html_too_deep"] if cut else []
    if len(links) >= MAX_LINKS_PER_PAGE:
        notes.append("links_truncated")  # the rest of the page's links were not followed: a finding says so
    return ParsedHtml(title=title or None, text=text, links=links, notes=notes, html=html)


def clean_text(raw: str) -> str:
    """Collapse HTML whitespace to single spaces and block boundaries to single line breaks."""
    # str methods are several times faster than regular expressions on whole pages.
    collapsed = " ".join(raw.replace("\u200b", " ").split())
    return "\n".join(line for line in (part.strip() for part in collapsed.split(_BREAK)) if line)


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\u200b", " ").split())


def _bounded_text(node: LexborNode, max_nodes: int = 64, max_chars: int = 300) -> str:
    """The first words inside an element. A link in malformed HTML can hold the rest of the page;
    reading all of its text for each of thousands of links would take quadratic time."""
    parts: list[str] = []
    total = 0
    for index, child in enumerate(node.traverse(include_text=True)):
        if index >= max_nodes or total >= max_chars:
            break
        if child.is_text_node:
            value = child.text_content or ""
            parts.append(value)
            total += len(value)
    return "".join(parts)[:max_chars]


@lru_cache(maxsize=16384)
def _normalize_cached(url: str, base: str) -> str | None:
    return normalize_url(url, base)


def _links(tree: LexborHTMLParser, base: str) -> list[Link]:
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}/"
    links: list[Link] = []
    seen: set[tuple[str, str, str]] = set()

    def add(raw: str | None, text: str, tag: str) -> None:
        if not raw or len(links) >= MAX_LINKS_PER_PAGE:
            return
        raw = raw.strip()
        lowered = raw.lower()
        if lowered.startswith(("mailto:", "tel:", "callto:")):
            resolved: str | None = raw
        elif raw.startswith("/") and not raw.startswith("//"):
            # Site navigation repeats on every page; a root-relative link depends on the origin only.
            resolved = _normalize_cached(raw, origin)
        else:
            resolved = normalize_url(raw, base)
        if resolved is None:
            return
        key = (resolved, text, tag)
        if key not in seen:
            seen.add(key)
            links.append(Link(url=resolved, text=text, tag=tag))

    # One query keeps the links in document order (the first recording on a page comes first).
    for node in tree.css(f"a[href],area[href],{_MEDIA_TAGS},{_DATA_MEDIA}"):
        if len(links) >= MAX_LINKS_PER_PAGE:
            break  # the rest is not read at all: a 200,000-link page costs no more than a 5,000-link one
        attributes = node.attributes
        tag = node.tag or ""
        if tag in ("a", "area") and attributes.get("href"):
            text = _clean(_bounded_text(node))
            if not text:
                image = node.css_first("img[alt]")
                text = _clean(
                    (image.attributes.get("alt") if image is not None else None)
                    or attributes.get("title")
                    or attributes.get("aria-label")
                )
            add(attributes.get("href"), text, tag)
        source = attributes.get("src") or attributes.get("data") if tag in _MEDIA_TAG_NAMES else None
        if source:
            add(source, _clean(attributes.get("title")), tag)
        for name, value in attributes.items():
            if name.startswith("data-") and value and _AUDIO_FILE.search(value):
                add(value, _clean(attributes.get("title")), tag)
    return links


PDF_TOOL = "pdftotext"
# The text checks read per page; more than any real page has, far less than a hostile one could.
MAX_TEXT_CHARS = 2_000_000


class PdfTextError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def pdf_text(body: bytes, *, timeout: float = 20.0, max_pages: int = 60, max_chars: int = 2_000_000) -> str:
    """Text of a PDF by poppler's ``pdftotext`` in a separate, time- and memory-limited process.

    A separate process because PDFs from vendor sites are untrusted: a hostile file can only burn
    its own capped address space and is killed at the deadline, while the audit goes on. Poppler is
    also much faster than pure-Python PDF readers and handles Cyrillic fonts well. Blocking: async
    code calls it through ``asyncio.to_thread``.
    """
    tool = shutil.which(PDF_TOOL)
    if tool is None:
        raise PdfTextError("pdf_tool_missing", "pdftotext (poppler-utils) is not installed")
    command = [tool, "-q", "-enc", "UTF-8", "-l", str(max_pages)]
    prlimit = shutil.which("prlimit")
    if prlimit is not None:
        # A memory and CPU cap set from outside: preexec_fn is unsafe in a process with threads.
        command = [prlimit, f"--as={1024 * 1024 * 1024}", f"--cpu={int(timeout) + 1}", *command]
    handle, path = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
        process = subprocess.Popen(
            [*command, path, "-"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            assert process.stdout is not None
            limit = max_chars * 4
            output = process.stdout.read(limit)
            if len(output) >= limit:
                process.kill()
            returncode = process.wait()
        finally:
            killer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if returncode == -signal.SIGKILL and len(output) < limit:
            raise PdfTextError("pdf_timeout", f"pdftotext ran longer than {timeout:g} s")
        if returncode not in (0, -signal.SIGKILL) and not output:
            raise PdfTextError("pdf_unreadable", f"pdftotext exit code {returncode}")
        text = output.decode("utf-8", errors="replace")[:max_chars]
        return clean_text(text.replace("\f", "\n").replace("\n", _BREAK))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def content_kind(url: str, content_type: str | None, body: bytes) -> str:
    """pdf | html | text | other, from the declared type, the address and the first bytes."""
    content_type = (content_type or "").split(";", 1)[0].strip().lower()
    path = urlsplit(url).path.lower()
    if body.startswith(b"%PDF-") or content_type == "application/pdf":
        return "pdf"
    if content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if content_type.startswith("text/plain"):
        return "text"
    if content_type in ("", "application/octet-stream") and path.endswith(".pdf"):
        return "pdf"
    if not content_type:
        # Saved copies and template files (PHP, Blade) have no declared type and rarely open with
        # <html>: markup anywhere near the start makes it HTML, other readable bytes plain text.
        head = body[:4096]
        if b"\x00" in head:
            return "other"
        if _MARKUP.search(head):
            return "html"
        return "text"
    if content_type == "application/octet-stream":
        head = body[:1024].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p")):
            return "html"
    return "other"


_MARKUP = re.compile(rb"<(?:!doctype|/?[a-zA-Z][a-zA-Z0-9]{0,15}[\s/>])", re.IGNORECASE)


_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def unreadable(text: str) -> bool:
    """Binary garbage or a hopeless encoding: many replacement or control characters."""
    sample = text[:20_000]
    if not sample:
        return False
    return len(_UNREADABLE.findall(sample)) / len(sample) > 0.1


def fill_page(
    page: Page,
    body: bytes,
    *,
    header_charset: str | None = None,
    pdf_timeout: float = 20.0,
    pdf_max_pages: int = 60,
) -> Page:
    """Decode ``body`` into ``page`` (text, html, title, links, charset) by its kind; PDFs via pdftotext.

    The one way fetched bytes become what the checks read: the crawler, the offline audit and tests
    that build pages from files all use it. Problems become ``page.error``/``page.error_code``.
    """
    kind = content_kind(page.url, page.content_type, body)
    if kind == "pdf":
        try:
            page.text = pdf_text(body, timeout=pdf_timeout, max_pages=pdf_max_pages)
        except PdfTextError as error:
            page.error, page.error_code = f"{error.code}: {error}", error.code
    elif kind in ("html", "text"):
        text, page.charset = decode(body, header_charset)
        if unreadable(text):
            page.error, page.error_code = "not_text: binary or broken bytes instead of text", "not_text"
        elif kind == "html":
            parsed = parse_html(text, page.url)
            page.html, page.title, page.text, page.links = parsed.html, parsed.title, parsed.text, parsed.links
            page.notes.extend(parsed.notes)
        else:
            page.text = clean_text(text.replace("\n", _BREAK))
    page.text = page.text[:MAX_TEXT_CHARS]
    return page


def page_from_bytes(url: str, body: bytes | None, content_type: str | None = None, status_code: int = 200) -> Page:
    """A ``Page`` from bytes at hand (tests, saved copies, single-page extraction)."""
    body = body or b""
    media_type = (content_type or "").split(";")[0].strip().lower() or None
    page = Page(url=url, status_code=status_code, content_type=media_type, body=body)
    return fill_page(page, body, header_charset=_charset_parameter(content_type or ""))
