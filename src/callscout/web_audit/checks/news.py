"""Check 4: a news / blog section exists and how fresh its latest item is."""

from __future__ import annotations

from datetime import date

from selectolax.lexbor import LexborHTMLParser

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.dated_blocks import NEWS, DatedItem, dates_of, site_dated_items, standalone_dates
from callscout.web_audit.dates import dates_in, today_of
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.sections import links_of, pages_of
from callscout.web_audit.urls import url_path

WARN_AFTER_DAYS = 90
FAIL_AFTER_DAYS = 365
MAX_TEXT = 300_000
MAX_HTML = 2_000_000


def machine_dates(page: Page, today: date) -> list[tuple[date, str]]:
    """Dates in <time datetime=...> attributes: the most reliable publication dates a page has."""
    if not page.html or "<time" not in page.html[:MAX_HTML]:
        return []
    found = []
    for node in LexborHTMLParser(page.html[:MAX_HTML]).css("time[datetime]")[:300]:
        value = (node.attributes.get("datetime") or "")[:10]
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            continue
        if parsed <= today:
            found.append((parsed, node.text() or value))
    return found


def latest_dated(pages: list[Page], today: date) -> tuple[date, Evidence] | None:
    best: tuple[date, Evidence] | None = None
    for page in pages:
        text = page.text[:MAX_TEXT]
        candidates = [(found, excerpt(text, offset, offset + len(raw))) for found, offset, raw in dates_in(text, today)]
        candidates += [(found, raw) for found, raw in machine_dates(page, today)]
        for found, words in candidates:
            if best is None or found > best[0]:
                best = (found, Evidence(url=page.url, excerpt=words, value=found.isoformat()))
    return best


def all_dates(pages: list[Page], items: list[DatedItem], today: date) -> list[str]:
    """Every item's date, newest first: the dated runs' items, or else every date on the section's pages."""
    if items:
        found = {item.day for item in items}
    else:
        found = set()
        for page in pages:
            standalone = standalone_dates(page, today)
            if standalone is None:  # no markup to tell a date in a sentence from an item's date
                standalone = {day for day, _, _ in dates_in(page.text[:MAX_TEXT], today)}
            found |= standalone
        found |= {day for page in pages for day, _ in machine_dates(page, today)}
    return [day.isoformat() for day in sorted(found, reverse=True)]


def latest_item(items: list[DatedItem]) -> tuple[date, Evidence] | None:
    if not items:
        return None
    newest = max(items, key=lambda item: item.day)
    return newest.day, Evidence(url=newest.page_url, excerpt=newest.text[:200], value=newest.day.isoformat())


def section_with_items(site: SiteContext, kind: str, section_pages: list[Page]) -> tuple[list[Page], list[DatedItem]]:
    """The section's pages (or the pages holding its dated runs when no page is named after it) and its items."""
    items = dates_of(site_dated_items(site), kind, {page.url for page in section_pages})
    if not section_pages and items:
        holding = dict.fromkeys(item.page_url for item in items)
        section_pages = [page for page in site.ok_pages() if page.url in holding]
    return section_pages, items


def item_count(listing: Page, section_pages: list[Page]) -> int:
    """News items: <article> blocks on the listing, or pages/links one level below it."""
    base = url_path(listing.url).rstrip("/") + "/"
    below = {
        link.url.rstrip("/")
        for link in listing.links
        if url_path(link.url).startswith(base) and url_path(link.url).rstrip("/") + "/" != base
    }
    below |= {
        page.url.rstrip("/") for page in section_pages if page is not listing and url_path(page.url).startswith(base)
    }
    articles = listing.html.lower().count("<article") if listing.html else 0
    return max(len(below), articles)


@register
class NewsCheck(Check):
    """A news or blog section, the date of its latest item and whether the site is kept up to date.

    Why it matters: the article uses the news section to see whether the site — and the company — is
    alive. News last published years ago means nobody looks after the site, and perhaps not after
    clients either.

    How to fix: keep a news or blog section with dated items and publish at least once a quarter
    (projects launched, new services, changes in tariffs).
    """

    code = "news"
    order = 20
    title_ru = "Новостной раздел"
    title_en = "News section"
    criterion = "Новостной раздел: отследить активность обновления сайта; обратите внимание на дату последней новости"

    def run(self, site: SiteContext) -> list[Finding]:
        today = today_of(site.now)
        news_pages, items = section_with_items(site, NEWS, pages_of(site, "news"))
        if not news_pages:
            site.facts["news"] = {"url": None, "latest_date": None, "dates": []}
            linked = links_of(site, "news")
            if linked:
                page, target, text = linked[0]
                return [
                    finding(
                        self,
                        Status.UNKNOWN,
                        Severity.MEDIUM,
                        "not_fetched",
                        msg("web_audit.checks.news.news_section_is_linked_but_was"),
                        [Evidence(url=page.url, excerpt=text, value=target)],
                    )
                ]
            return [
                finding(
                    self,
                    Status.FAIL,
                    Severity.MEDIUM,
                    "missing",
                    msg("web_audit.checks.news.site_has_no_news_or_blog"),
                    [Evidence(url=site.root_url)],
                )
            ]
        listing = min(news_pages, key=lambda page: len(url_path(page.url)))
        latest = latest_item(items) or latest_dated(news_pages, today)
        site.facts["news"] = {
            "url": listing.url,
            "latest_date": latest[0].isoformat() if latest else None,
            "dates": all_dates(news_pages, items, today),
        }
        if latest is None:
            items = item_count(listing, news_pages)
            return [
                finding(
                    self,
                    Status.UNKNOWN,
                    Severity.MEDIUM,
                    "undated",
                    msg("web_audit.checks.news.news_section_has_items_but_none", n=items),
                    [Evidence(url=listing.url, excerpt=excerpt(listing.text), value=items)],
                )
            ]
        when, evidence = latest
        age = (today - when).days
        if age > FAIL_AFTER_DAYS:
            status, severity, code = Status.FAIL, Severity.MEDIUM, "stale"
        elif age > WARN_AFTER_DAYS:
            status, severity, code = Status.WARN, Severity.LOW, "aging"
        else:
            status, severity, code = Status.PASS, Severity.INFO, "fresh"
        return [
            finding(
                self,
                status,
                severity,
                code,
                msg("web_audit.checks.news.latest_news_item_of_days_ago", when=when.strftime("%d.%m.%Y"), age=age),
                [evidence],
            )
        ]
