"""The focused crawler: the pages a careful buyer reads first, then the rest, within hard bounds.

It starts at the given URL, follows same-site links and visits first the pages whose link text or
address names a section the checks need (privacy policy, requisites, contacts, news, reviews,
recordings, prices...). Everything is bounded: pages, bytes per response and per site, time per
request and per site, redirects, link depth and URL shapes that generate endless pages.
"""

from __future__ import annotations

import asyncio
import heapq
import re
import time
import urllib.robotparser
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from callscout.errors import connect_reason
from callscout.i18n import msg, tr
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit import sitefiles
from callscout.web_audit.base import Page
from callscout.web_audit.net import USER_AGENT, FetchError, RawResponse, RedirectPolicy, SafeFetcher, follow_any
from callscout.web_audit.parse import (
    MAX_LINKS_PER_PAGE,
    ascii_host,
    content_kind,
    decode,
    fill_page,
    normalize_url,
)

CRAWL_CHECK = "crawl"

# What the checks need, as words in link text or in the address (Russian, English, transliterated).
SECTION_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "privacy": r"конфиденциальн|персональн|152[\s-]*фз|политик|privacy|personal|policy|gdpr|politik|konfid|pdn\b",
        "requisites": r"реквизит|rekvizit|requisit|юридическ|legal|company[-_ ]?details",
        "contacts": r"контакт|contact|kontakt|связаться|как (нас )?найти",
        "about": r"о компании|о нас|about|o[-_]?kompanii|o[-_]?nas|компани[яи]\b|company",
        "news": r"новост|блог|пресс|статьи|news|blog|press|novosti|stati",
        "clients": r"клиент|кейс|портфолио|проекты|наши работы|client|case|portfolio|klient|proekty",
        "reviews": r"отзыв|рекомендац|благодарност|review|testimonial|otzyv|feedback",
        "recordings": r"запис[иь]|примеры звонков|прослушать|звонк|record|sample|audio|zapis|primery",
        "services": r"услуг|цен[аыи]|тариф|прайс|стоимост|service|price|pricing|tarif|uslug|ceny|prais|stoimost",
    }.items()
}
# Addresses that are assets, not pages: never crawled (audio is still listed as a link for the checks).
_ASSET = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|css|js|mjs|map|json|xml|rss|atom|woff2?|ttf|otf|eot|zip|rar|7z|gz|tgz|"
    r"bz2|xz|exe|dmg|apk|msi|iso|mp3|wav|ogg|oga|m4a|aac|opus|flac|mp4|m4v|webm|avi|mov|mkv|wmv|flv|docx?|xlsx?|pptx?|"
    r"odt|ods|csv|txt)$",
    re.IGNORECASE,
)
_MAX_URL_LENGTH = 1024
_MAX_QUERY_VARIANTS = 8
_MAX_SEGMENT_REPEATS = 2
_MAX_SEGMENTS = 12
# A section gets this many pages ahead of the rest; then its links (a blog's hundred posts) wait
# behind the other pages, so one big section cannot spend the whole budget.
SECTION_FIRST_PAGES = 6
_INLINE_PARSE_BYTES = 256 * 1024


def link_sections(url: str, text: str = "") -> set[str]:
    """The sections a link leads to, judged by its words and its address."""
    haystack = f"{text} {urlsplit(url).path} {urlsplit(url).query}".replace("%20", " ")
    return {name for name, pattern in SECTION_PATTERNS.items() if pattern.search(haystack)}


@dataclass
class CrawlOptions:
    max_pages: int = 60
    max_bytes: int = 5_000_000
    max_site_bytes: int = 60_000_000
    max_resource_bytes: int = 25_000_000
    max_resources: int = 20
    request_timeout: float = 15.0
    total_timeout: float = 120.0
    max_redirects: int = 5
    max_depth: int = 8
    per_host_concurrency: int = 4
    respect_robots: bool = True
    allow_private_network: bool = False
    # host -> (address, port), like curl --resolve; these addresses are trusted (the user named them).
    host_overrides: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    # Other hosts a site may redirect to (a site moved to a new domain, a documents host).
    allowed_hosts: frozenset[str] = frozenset()
    # A CA file trusted besides the system's: set by the demo for its local HTTPS sites, never a
    # user-facing switch. Verification stays on for every site, so bad certificates stay findings.
    trusted_ca: Path | None = None
    user_agent: str = USER_AGENT
    # The checks run after the crawl; a check stuck on hostile text must not hold the audit forever.
    checks_timeout: float = 300.0
    # Worker processes that run the checks of several sites side by side (0: one checks thread here).
    check_processes: int = 0
    pdf_timeout: float = 20.0
    pdf_max_pages: int = 60
    from_dir: Path | None = None


class Fetcher(Protocol):
    tls: dict[str, Any]

    async def fetch(self, url: str, *, max_bytes: int, may_follow: RedirectPolicy) -> RawResponse: ...

    async def aclose(self) -> None: ...


class DirectoryFetcher:
    """Serves a saved copy of sites from disk (``--from-dir``): no network at all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tls: dict[str, Any] = {}

    async def fetch(self, url: str, *, max_bytes: int, may_follow: RedirectPolicy) -> RawResponse:
        host = urlsplit(url).hostname or ""
        site_dir = sitefiles.site_root(self.root, host)
        if site_dir is None and not sitefiles.saved_hosts(self.root):
            site_dir = self.root  # a folder holding one site's files directly
        file = sitefiles.file_for_url(site_dir, url) if site_dir is not None else None
        if file is None:
            return RawResponse(url=url, status_code=404, headers={"content-type": "text/html"})
        body = sitefiles.read_capped(file, max_bytes)
        response = RawResponse(url=url, status_code=200, headers={"content-type": sitefiles.content_type_for(file)})
        if body is None:
            response.error = FetchError("too_large", f"{file.stat().st_size} > {max_bytes} bytes")
        else:
            response.body = body
        return response

    async def aclose(self) -> None:
        return None


@dataclass
class CrawlResult:
    pages: list[Page]
    findings: list[Finding]
    stats: dict[str, Any]
    tls: dict[str, Any]


class Crawler:
    """Crawls one site. Use as ``async with Crawler(url, options) as crawler: await crawler.crawl()``."""

    def __init__(
        self,
        start_url: str,
        options: CrawlOptions | None = None,
        *,
        on_page: Callable[[Page, int], None] | None = None,
    ) -> None:
        self.options = options or CrawlOptions()
        normalized = normalize_url(start_url)
        if normalized is None:
            raise ValueError(f"not an http(s) URL: {start_url}")
        self.start_url = normalized
        self._site_host = _site_key(urlsplit(normalized).hostname or "")
        self._allowed_hosts = {ascii_host(host) for host in self.options.allowed_hosts}
        self._on_page = on_page
        self.fetcher: Fetcher = (
            DirectoryFetcher(self.options.from_dir)
            if self.options.from_dir is not None
            else SafeFetcher(
                allow_private_network=self.options.allow_private_network,
                overrides=self.options.host_overrides,
                request_timeout=self.options.request_timeout,
                max_redirects=self.options.max_redirects,
                max_connections=self.options.per_host_concurrency,
                user_agent=self.options.user_agent,
                trusted_ca=self.options.trusted_ca,
            )
        )
        self.pages: list[Page] = []
        self._recorded: dict[str, Page] = {}
        self.resources: list[Page] = []
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._robots_disallowed: list[str] = []
        self._seen: set[str] = set()
        # (tier, depth, discovery order, url): the heap yields the next page to fetch.
        self._frontier: list[tuple[int, int, int, str]] = []
        self._sequence = 0
        self._query_variants: Counter[str] = Counter()
        self._section_pages: Counter[str] = Counter()
        self._trap_skipped: list[str] = []
        self._site_bytes = 0
        self._pdf_slots = asyncio.Semaphore(2)
        self._resource_slots = asyncio.Semaphore(2)

    async def __aenter__(self) -> Crawler:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.fetcher.aclose()

    # --- policy ---------------------------------------------------------------------------

    def same_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        if host in self._allowed_hosts:
            return True
        return host == self._site_host or host.endswith("." + self._site_host) or _site_key(host) == self._site_host

    async def _redirect_policy(self, url: str) -> str | None:
        if not self.same_site(url):
            return "redirect_offsite"
        if not await self._allowed_by_robots(url):
            return "robots_disallowed"
        return None

    def _admit(self, url: str, depth: int) -> bool:
        """Whether a discovered link joins the frontier: bounds against endless URL spaces."""
        if url in self._seen or not self.same_site(url):
            return False
        parts = urlsplit(url)
        if _ASSET.search(parts.path):
            return False
        segments = [segment for segment in parts.path.split("/") if segment]
        repeated = max(Counter(segments).values(), default=0)
        trap = (
            len(url) > _MAX_URL_LENGTH
            or depth > self.options.max_depth
            or len(segments) > _MAX_SEGMENTS
            or repeated > _MAX_SEGMENT_REPEATS
        )
        if not trap and parts.query:
            key = f"{parts.hostname}{parts.path}"
            self._query_variants[key] += 1
            trap = self._query_variants[key] > _MAX_QUERY_VARIANTS
        if trap:
            self._trap_skipped.append(url)
            return False
        return True

    def _enqueue(self, url: str, depth: int, text: str = "") -> None:
        if not self._admit(url, depth):
            return
        self._seen.add(url)
        # Pages the checks need come first, nearer pages before deeper ones, then discovery order.
        # More pages of a section already well seen (the 7th blog post) come after the unknown rest.
        sections = link_sections(url, text)
        fresh = [name for name in sections if self._section_pages[name] < SECTION_FIRST_PAGES]
        for name in fresh:
            self._section_pages[name] += 1
        tier = 0 if fresh else 2 if sections else 1
        self._sequence += 1
        heapq.heappush(self._frontier, (tier, depth, self._sequence, url))

    async def _allowed_by_robots(self, url: str) -> bool:
        if not self.options.respect_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._fetch_robots(origin)
        parser = self._robots[origin]
        if parser is None or parser.can_fetch(self.options.user_agent, url):
            return True
        self._robots_disallowed.append(url)
        return False

    async def _robots_redirect(self, url: str) -> str | None:
        # robots.txt may redirect (http -> https, to www.); it must not send us off the site.
        return None if self.same_site(url) else "redirect_offsite"

    async def _fetch_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        response = await self.fetcher.fetch(f"{origin}/robots.txt", max_bytes=500_000, may_follow=self._robots_redirect)
        parser = urllib.robotparser.RobotFileParser()
        status = response.status_code
        if response.error is not None or status is None or status >= 500:
            # RFC 9309: an unreachable robots.txt (5xx) means "assume everything is disallowed";
            # a missing one (4xx) means everything is allowed. A network failure counts as missing:
            # the start page fetch will report the same failure with a clearer message.
            if status is not None and status >= 500:
                parser.disallow_all = True
                return parser
            return None
        if status >= 400:
            return None
        text, _ = decode(response.body, response.header_charset)
        parser.parse(text.splitlines())
        return parser

    # --- crawling ---------------------------------------------------------------------------

    async def crawl(self) -> CrawlResult:
        started = time.monotonic()
        self._seen.add(self.start_url)
        heapq.heappush(self._frontier, (0, 0, 0, self.start_url))
        in_flight: set[asyncio.Task[Page | None]] = set()
        timed_out = False
        try:
            async with asyncio.timeout(self.options.total_timeout):
                while self._frontier or in_flight:
                    while (
                        self._frontier
                        and len(in_flight) < self.options.per_host_concurrency
                        and len(self.pages) + len(in_flight) < self.options.max_pages
                        and self._site_bytes < self.options.max_site_bytes
                    ):
                        _tier, depth, _order, url = heapq.heappop(self._frontier)
                        in_flight.add(asyncio.create_task(self._visit(url, depth)))
                    if not in_flight:
                        break
                    done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        page = task.result()
                        if page is not None:
                            self._record(page)
        except TimeoutError:
            timed_out = True
        finally:
            for task in in_flight:
                task.cancel()
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
        stats = {
            "pages_fetched": sum(1 for page in self.pages if page.status_code is not None),
            "pages_ok": sum(1 for page in self.pages if page.ok),
            "max_pages": self.options.max_pages,
            "budget_reached": len(self.pages) >= self.options.max_pages and bool(self._frontier),
            "links_left": len(self._frontier),
            "robots_disallowed": len(self._robots_disallowed),
            "trap_urls_skipped": len(self._trap_skipped),
            "bytes": self._site_bytes,
            "site_bytes_reached": self._site_bytes >= self.options.max_site_bytes and bool(self._frontier),
            "timed_out": timed_out,
            "elapsed_s": round(time.monotonic() - started, 3),
        }
        return CrawlResult(self.pages, self._crawl_findings(stats), stats, self._tls_summary())

    def _record(self, page: Page) -> None:
        if page.redirects and page.url in self._recorded:
            # Two links redirected to one page: keep one copy and remember both addresses.
            self._recorded[page.url].redirects.extend(page.redirects)
            return
        self._recorded[page.url] = page
        self.pages.append(page)
        # What the site's pages hold in memory (the bytes, the decoded HTML, the text), not only the bytes:
        # the per-site memory bound.
        self._site_bytes += len(page.body) + len(page.html or "") + len(page.text or "")
        for redirected in page.redirects:
            self._seen.add(redirected)
        self._seen.add(page.url)
        for link in page.links:
            if link.url.startswith(("http://", "https://")):
                self._enqueue(link.url, page.depth + 1, link.text)
        if self._on_page is not None:
            self._on_page(page, len(self.pages))

    async def _visit(self, url: str, depth: int) -> Page | None:
        if not await self._allowed_by_robots(url):
            return None
        raw = await self.fetcher.fetch(url, max_bytes=self.options.max_bytes, may_follow=self._redirect_policy)
        return await self.page_from_response(raw, depth)

    async def page_from_response(self, raw: RawResponse, depth: int = 0) -> Page:
        page = Page(
            url=raw.url,
            status_code=raw.status_code,
            content_type=raw.content_type,
            body=raw.body,
            fetched_at=raw.fetched_at,
            depth=depth,
            redirects=list(raw.redirects),
        )
        if raw.error is not None:
            page.error = f"{raw.error.code}: {raw.error.detail}"
            page.error_code = raw.error.code
            page.body = b""
            return page
        if not page.ok or not raw.body:
            return page
        # A big page is parsed in a worker thread so that it does not hold up the other fetches; an
        # ordinary one (a millisecond or two) costs less inline than the hand-over to a thread.
        if content_kind(raw.url, raw.content_type, raw.body) == "pdf":
            async with self._pdf_slots:
                await asyncio.to_thread(
                    fill_page,
                    page,
                    raw.body,
                    pdf_timeout=self.options.pdf_timeout,
                    pdf_max_pages=self.options.pdf_max_pages,
                )
        elif len(raw.body) > _INLINE_PARSE_BYTES:
            await asyncio.to_thread(fill_page, page, raw.body, header_charset=raw.header_charset)
        else:
            fill_page(page, raw.body, header_charset=raw.header_charset)
        return page

    async def fetch_resource(self, url: str) -> Page:
        """A bounded download the checks ask for (recordings): same safety, a larger byte cap."""
        normalized = normalize_url(url)
        if normalized is None:
            return Page(url=url, status_code=None, content_type=None, error="invalid_url", error_code="invalid_url")
        if len(self.resources) >= self.options.max_resources:
            return Page(
                url=normalized,
                status_code=None,
                content_type=None,
                error=f"resource_budget: more than {self.options.max_resources} downloads",
                error_code="resource_budget",
            )
        if self.same_site(normalized) and not await self._allowed_by_robots(normalized):
            return Page(
                url=normalized,
                status_code=None,
                content_type=None,
                error="robots_disallowed: robots.txt forbids this address",
                error_code="robots_disallowed",
            )
        async with self._resource_slots:
            raw = await self.fetcher.fetch(normalized, max_bytes=self.options.max_resource_bytes, may_follow=follow_any)
        page = Page(
            url=raw.url,
            status_code=raw.status_code,
            content_type=raw.content_type,
            body=raw.body,
            fetched_at=raw.fetched_at,
            redirects=list(raw.redirects),
        )
        if raw.error is not None:
            page.error, page.error_code, page.body = f"{raw.error.code}: {raw.error.detail}", raw.error.code, b""
        self.resources.append(page)
        return page

    # --- what the crawl itself found ---------------------------------------------------------

    def _tls_summary(self) -> dict[str, Any]:
        start = self.pages[0] if self.pages else None
        final_url = start.url if start is not None else self.start_url
        host = (urlsplit(final_url).hostname or "").lower()
        https = final_url.startswith("https:")
        details = self.fetcher.tls.get(host, {}) if https else {}
        # problem / not_after / issuer only where the fetcher learnt them (site_basics reads them).
        extra = {key: details[key] for key in ("problem", "not_after", "issuer") if details.get(key)}
        return {
            "https": https,
            "certificate_valid": details.get("certificate_valid"),
            "error": details.get("error"),
            **extra,
        }

    def _crawl_findings(self, stats: dict[str, Any]) -> list[Finding]:
        findings: list[Finding] = []
        start = self.pages[0] if self.pages and self.pages[0].depth == 0 else None
        if start is None or not start.ok:
            findings.append(self._start_failed(start))
        problems: dict[str, list[Page]] = {}
        for page in self.pages[1:] if start is not None else self.pages:
            if page.error_code is not None:
                problems.setdefault(page.error_code, []).append(page)
            for note in page.notes:
                problems.setdefault(note, []).append(page)
        if start is not None:
            for note in start.notes:
                problems.setdefault(note, []).append(start)
        for code, pages in problems.items():
            findings.append(_page_problem(code, pages))
        if self._trap_skipped:
            findings.append(
                crawl_finding(
                    "link_trap",
                    Status.WARN,
                    Severity.LOW,
                    message=msg(
                        "web_audit.crawler.site_generates_endless_links_calendars_filters",
                        count=len(self._trap_skipped),
                    ),
                    evidence=[Evidence(url=url[:300]) for url in self._trap_skipped[:5]],
                )
            )
        if stats["site_bytes_reached"]:
            findings.append(
                crawl_finding(
                    "site_memory_limit",
                    Status.UNKNOWN,
                    Severity.MEDIUM,
                    message=msg(
                        "web_audit.crawler.crawl_stopped_site_s_pages_took",
                        mb=stats["bytes"] // 1_000_000,
                        limit=self.options.max_site_bytes // 1_000_000,
                        pages=stats["pages_fetched"],
                        left=stats["links_left"],
                    ),
                    evidence=[Evidence(url=self.start_url, value=self.options.max_site_bytes)],
                )
            )
        if stats["timed_out"]:
            findings.append(
                crawl_finding(
                    "total_timeout",
                    Status.UNKNOWN,
                    Severity.MEDIUM,
                    message=msg(
                        "web_audit.crawler.site_audit_stopped_at_time_limit",
                        seconds=self.options.total_timeout,
                        pages=stats["pages_fetched"],
                    ),
                    evidence=[Evidence(url=self.start_url, value=self.options.total_timeout)],
                )
            )
        return findings

    def _start_failed(self, start: Page | None) -> Finding:
        if start is None:
            if self._robots_disallowed:
                return crawl_finding(
                    "robots_disallowed",
                    Status.UNKNOWN,
                    Severity.MEDIUM,
                    message=msg("web_audit.crawler.site_s_robots_txt_forbids_crawling"),
                    evidence=[Evidence(url=url) for url in self._robots_disallowed[:3]],
                )
            return crawl_finding(
                "start_not_fetched",
                Status.UNKNOWN,
                Severity.HIGH,
                message=msg("web_audit.crawler.start_page_was_not_fetched_within"),
                evidence=[Evidence(url=self.start_url)],
            )
        code = start.error_code or f"http_{start.status_code}"
        # A refusal by our own safety rules, or a connection we could not make (DNS, timeout, TLS), says
        # nothing about the vendor: unknown, the check's failure, not the vendor's fault.
        ours = code in _POLICY_CODES or code in _CONNECTION_CODES
        reason = _problem_text(code, start.error)
        return crawl_finding(
            f"site_{code}",
            Status.UNKNOWN if ours else Status.FAIL,
            Severity.HIGH,
            message=msg("web_audit.crawler.site_not_audited", reason=reason),
            evidence=[Evidence(url=self.start_url, excerpt=_evidence_text(code, start.error), value=start.status_code)],
        )


_POLICY_CODES = frozenset({"private_address", "redirect_offsite", "redirect_refused", "robots_disallowed"})
# Failures to reach the site at all: we cannot tell our network's trouble from the vendor's.
_CONNECTION_CODES = frozenset({"connect_error", "timeout", "tls_error"})


def _evidence_text(code: str, detail: str | None) -> str | None:
    if code in _CONNECTION_CODES:
        return _problem_text(code, detail)
    return (detail or "")[:300] or None


def crawl_finding(
    code: str, status: Status, severity: Severity, message: str, evidence: list[Evidence] | None = None
) -> Finding:
    """A finding about the site as a whole (reachability, bounds hit), not about one check's subject."""
    return Finding(
        check=CRAWL_CHECK, status=status, severity=severity, code=code, message=message, evidence=evidence or []
    )


def _problem_text(code: str, detail: str | None) -> str:
    texts = {
        "private_address": (
            "адрес в частной/локальной сети, такие адреса не проверяются без --allow-private-network",
            "the address is private/local; such addresses are not fetched without --allow-private-network",
        ),
        "redirect_offsite": (
            "перенаправление на другой сайт (разрешите его явно: --allow-host)",
            "redirect to another site (allow it explicitly with --allow-host)",
        ),
        "redirect_loop": ("перенаправления по кругу", "redirect loop"),
        "too_many_redirects": ("слишком много перенаправлений", "too many redirects"),
        "timeout": ("сайт не ответил вовремя", "the site did not answer in time"),
        "too_large": ("ответ больше допустимого размера", "the response is larger than allowed"),
        "decompression_bomb": (
            "сжатый ответ разворачивается в огромный объём (декомпрессионная бомба)",
            "a compressed response that expands enormously (decompression bomb)",
        ),
        "tls_error": (
            "не удалось установить защищённое соединение (TLS)",
            "could not set up a secure (TLS) connection",
        ),
        "protocol_error": ("сервер ответил не по протоколу HTTP", "the server broke the HTTP protocol"),
        "not_text": ("вместо страницы — двоичные или испорченные данные", "binary or broken bytes instead of a page"),
        "links_truncated": (
            f"на странице больше {MAX_LINKS_PER_PAGE} ссылок; по остальным обход не шёл",
            f"more than {MAX_LINKS_PER_PAGE} links on the page; the rest were not followed",
        ),
        "html_too_deep": (
            "HTML с недопустимо глубокой вложенностью, прочитано начало страницы",
            "HTML nested impossibly deep; only the start of the page was read",
        ),
        "bad_compression": ("испорченное сжатие ответа", "broken response compression"),
        "unsupported_encoding": ("неподдерживаемое сжатие ответа", "unsupported response compression"),
        "pdf_timeout": ("PDF не прочитан за отведённое время", "PDF not read in time"),
        "pdf_unreadable": ("PDF не читается", "unreadable PDF"),
        "pdf_tool_missing": (
            "не установлен pdftotext (пакет poppler-utils)",
            "pdftotext is not installed (poppler-utils)",
        ),
    }
    if code == "connect_error":
        return msg("web_audit.crawler.cannot_connect", reason=connect_reason(detail))
    if code in texts:
        ru, en = texts[code]
        return tr(ru, en)
    if code.startswith("http_"):
        return msg("web_audit.crawler.http_status", status=code.removeprefix("http_"))
    return detail or code


def _page_problem(code: str, pages: list[Page]) -> Finding:
    ours = code in _POLICY_CODES or code in _CONNECTION_CODES
    return crawl_finding(
        code,
        Status.UNKNOWN if ours else Status.WARN,
        Severity.LOW if ours else Severity.MEDIUM,
        message=msg(
            "web_audit.crawler.pages_with_problem", reason=_problem_text(code, pages[0].error), count=len(pages)
        ),
        evidence=[Evidence(url=page.url, excerpt=_evidence_text(code, page.error)) for page in pages[:10]],
    )


def _site_key(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def now_utc() -> datetime:
    return datetime.now(UTC)
