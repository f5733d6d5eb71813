"""The contract between the crawler and the checks.

The crawler turns a site into ``Page`` objects; every check is a class with a code, a title, the
seed article's criterion it serves and a docstring saying why it matters and how to fix it, and one
method ``run(site) -> list[Finding]``. Checks are found through one registry; ``run_checks`` runs
them all and turns a crashing check into an ``unknown`` finding so the audit goes on (sqlfluff-style).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from callscout.model import Finding
from callscout.registry import Registry, classes_in


class PageTextCache:
    """What a function makes of a page text, kept for the several checks that each ask for the same pages.

    Bounded by the characters it holds rather than by entries: it keeps a whole ordinary site (60 pages of
    30,000 characters), so a check reading page after page finds what the one before it computed, where a
    cache of a few entries lost every page before the next check came back to it; a site of huge pages keeps
    only its last ones. Checks of several sites may run in different threads: a lock guards the entries.
    """

    MAX_CHARS = 8_000_000

    def __init__(self, function: Callable[[str], Any]) -> None:
        self._function = function
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Any:
        with self._lock:
            if text in self._entries:
                self._entries.move_to_end(text)
                return self._entries[text]
        value = self._function(text)
        size = 2 * len(text)  # the key and, at most, a value as long
        if size <= self.MAX_CHARS:
            with self._lock:
                if text not in self._entries:
                    self._entries[text] = value
                    self._chars += size
                    while self._chars > self.MAX_CHARS:
                        dropped, _ = self._entries.popitem(last=False)
                        self._chars -= 2 * len(dropped)
        return value

    def cache_clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0


# ``text.lower()`` once for the several checks that each lower the same page text (a str caches its hash).
lowered: Callable[[str], str] = PageTextCache(str.lower)


@dataclass
class Page:
    """One fetched resource, already decoded. ``text`` is the visible text only (no script/style)."""

    url: str
    status_code: int | None
    content_type: str | None
    # Kept out of repr(): a page's repr must stay short (asyncio and logs format it).
    body: bytes = field(default=b"", repr=False)
    html: str | None = field(default=None, repr=False)
    text: str = field(default="", repr=False)
    title: str | None = None
    links: list[Link] = field(default_factory=list, repr=False)
    fetched_at: datetime | None = None
    error: str | None = None
    charset: str | None = None
    depth: int = 0
    # Added by the crawler (extensions of the contract; all optional):
    # the URLs that redirected to ``url``, oldest first,
    redirects: list[str] = field(default_factory=list)
    # a stable code for ``error`` (timeout, too_large, decompression_bomb, private_address, ...),
    error_code: str | None = None
    # and problems that did not stop the page being read ("html_too_deep": the rest was cut off).
    notes: list[str] = field(default_factory=list)
    _dom: Any = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # The parsed tree does not pickle (checks may run in another process); it is rebuilt there.
        return {**self.__dict__, "_dom": None}

    def dom(self) -> Any:
        """The page parsed once with selectolax.lexbor and shared by every check (None if not HTML).

        Checks must not change it: it is the same tree for all of them.
        """
        if self._dom is None and self.html is not None:
            from selectolax.lexbor import LexborHTMLParser

            self._dom = LexborHTMLParser(self.html)
        return self._dom

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def is_pdf(self) -> bool:
        path = self.url.lower().split("?", 1)[0]
        return (self.content_type or "").startswith("application/pdf") or path.endswith(".pdf")


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""
    tag: str = "a"


@dataclass
class SiteContext:
    """Everything the checks see about one site. Checks never fetch pages themselves."""

    root_url: str
    pages: list[Page]
    # Bounded downloads of resources the checks ask for (e.g. recordings); set by the crawler.
    fetch_resource: Callable[[str], Page] | None = None
    # Results one check leaves for another or for the JSON output (legal_entity, contacts, ...).
    facts: dict[str, Any] = field(default_factory=dict)
    # Set by the crawler: {"https": bool, "certificate_valid": bool | None, "error": str | None}.
    tls: dict[str, Any] = field(default_factory=dict)
    now: datetime | None = None
    # Set by the crawler: pages_fetched, max_pages, budget_reached, links_left, robots_disallowed, ...
    crawl: dict[str, Any] = field(default_factory=dict)
    # What several checks derive from the same pages (the section of each page, ...), computed once
    # per site by the helper that owns the key instead of once per check.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)
    # The domain's whois record when one is known (``{"org": ..., "taxpayer_id": ...}``): the owner choice
    # prefers the entity the registrant names.
    whois: dict[str, Any] = field(default_factory=dict)

    def ok_pages(self) -> list[Page]:
        return [page for page in self.pages if page.ok]

    def page(self, url: str) -> Page | None:
        """The page fetched for ``url``, also when ``url`` redirected to it."""
        for page in self.pages:
            if page.url == url or url in page.redirects:
                return page
        return None


class Check:
    """Base class of every website check. Subclasses set the class attributes and implement ``run``.

    The docstring of a subclass has two paragraphs starting "Why it matters:" and "How to fix:".
    """

    code: ClassVar[str]
    title_ru: ClassVar[str]
    title_en: ClassVar[str]
    criterion: ClassVar[str]  # the seed article's criterion, in its own Russian words
    # Where the check's findings come in the audit (and so in the report): lower first.
    order: ClassVar[int] = 0
    # True for a check that downloads through ``site.fetch_resource``: it runs next to the crawler,
    # never in a worker process.
    uses_downloads: ClassVar[bool] = False

    def run(self, site: SiteContext) -> list[Finding]:
        raise NotImplementedError


# Every check module of ``callscout.web_audit.checks``, walked on first use (``callscout.registry``).
REGISTRY: Registry[type[Check]] = Registry(
    "callscout.web_audit.checks", classes_in(Check), key=lambda check_class: check_class.code
)


def register(check_class: type[Check]) -> type[Check]:
    """Marks a class as a check of the registry (the walk finds it; this only says so where it is written)."""
    if not getattr(check_class, "code", None):
        raise TypeError(f"check {check_class.__name__} has no code")
    return check_class


def all_checks() -> list[type[Check]]:
    return list(REGISTRY.values())


def run_checks(site: SiteContext, checks: Iterable[type[Check]] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for check_class in checks if checks is not None else all_checks():
        try:
            findings.extend(check_class().run(site))
        except Exception as error:  # noqa: BLE001 - a broken check becomes a finding; the audit goes on
            findings.append(Finding.check_failed(check_class.code, error, url=site.root_url))
    return findings
