"""Check 5: a list of clients and reviews exist; how many; the date of the latest review."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.checks.news import all_dates, latest_dated, latest_item, section_with_items
from callscout.web_audit.dated_blocks import REVIEWS
from callscout.web_audit.dates import dates_in, today_of
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.sections import pages_of

MAX_HTML = 2_000_000
STALE_REVIEW_DAYS = 365
_REVIEW_BLOCKS = (
    "blockquote, [class*=review], [class*=otzyv], [class*=testimonial], [itemtype*=Review], [class*=feedback]"
)
_CLIENT_ITEMS = (
    "[class*=client] li, [class*=client] img, [class*=partner] img, [class*=logo] img, [class*=case] article"
)


def _main_tree(page: Page) -> LexborHTMLParser | None:
    if not page.html:
        return None
    tree = LexborHTMLParser(page.html[:MAX_HTML])
    for node in tree.css("header, nav, footer, script, style"):
        node.decompose()
    return tree


def review_count(page: Page, today_dates: int) -> int:
    tree = _main_tree(page)
    if tree is None:
        return today_dates
    blocks = tree.css(_REVIEW_BLOCKS)[:5000]
    # Nested matches (a review card with a quote inside) count once: keep the outermost ones.
    block_ids = {node.mem_id for node in blocks}
    outermost = [node for node in blocks if not _has_ancestor_in(node, block_ids)]
    return len(outermost) or today_dates


def _has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def client_count(page: Page) -> int:
    tree = _main_tree(page)
    if tree is None:
        return 0
    items = tree.css(_CLIENT_ITEMS)
    if items:
        return len(items)
    main = tree.css_first("main") or tree.body
    return len(main.css("li")) if main is not None else 0


@register
class ClientsAndReviewsCheck(Check):
    """A list of clients and customers' reviews: whether they exist, how many, how fresh.

    Why it matters: the list of clients shows which businesses and project sizes the center knows;
    reviews — and the date of the latest one — show whether clients stay satisfied now, not years ago.

    How to fix: publish client names or logos (with their permission), case studies and dated reviews
    with the reviewer's name and company; add new reviews as projects are finished.
    """

    code = "clients_and_reviews"
    order = 30
    title_ru = "Список заказчиков и отзывы"
    title_en = "Clients and reviews"
    criterion = (
        "Список заказчиков и отзывы: перечень компаний, с которыми работал колл-центр; отзывы заказчиков "
        "и дата публикации последнего из них"
    )

    def run(self, site: SiteContext) -> list[Finding]:
        today = today_of(site.now)
        findings: list[Finding] = []
        client_pages = pages_of(site, "clients")
        if client_pages:
            count = max(client_count(page) for page in client_pages)
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "clients",
                    msg("web_audit.checks.clients_and_reviews.list_of_clients_is_published_entries", n=count),
                    [Evidence(url=client_pages[0].url, excerpt=excerpt(client_pages[0].text), value=count)],
                )
            )
        else:
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_clients",
                    msg("web_audit.checks.clients_and_reviews.site_lists_no_clients"),
                    [Evidence(url=site.root_url)],
                )
            )
        review_pages, items = section_with_items(site, REVIEWS, pages_of(site, "reviews"))
        if not review_pages:
            site.facts["reviews"] = {"url": None, "count": 0, "latest_date": None, "dates": []}
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_reviews",
                    msg("web_audit.checks.clients_and_reviews.site_publishes_no_customer_reviews"),
                    [Evidence(url=site.root_url)],
                )
            )
            return findings
        page = review_pages[0]
        count = sum(review_count(each, len(dates_in(each.text[:300_000], today))) for each in review_pages)
        count = max(count, len(items))
        latest = latest_item(items) or latest_dated(review_pages, today)
        site.facts["reviews"] = {
            "url": page.url,
            "count": count,
            "latest_date": latest[0].isoformat() if latest else None,
            "dates": all_dates(review_pages, items, today),
        }
        if latest is None:
            findings.append(
                finding(
                    self,
                    Status.UNKNOWN,
                    Severity.LOW,
                    "reviews_undated",
                    msg("web_audit.checks.clients_and_reviews.reviews_but_undated_their_freshness_is", n=count),
                    [Evidence(url=page.url, excerpt=excerpt(page.text), value=count)],
                )
            )
            return findings
        when, evidence = latest
        age = (today - when).days
        stale = age > STALE_REVIEW_DAYS
        findings.append(
            finding(
                self,
                Status.WARN if stale else Status.PASS,
                Severity.LOW if stale else Severity.INFO,
                "reviews_stale" if stale else "reviews",
                msg(
                    "web_audit.checks.clients_and_reviews.reviews_latest_of_days_ago",
                    n=count,
                    when=when.strftime("%d.%m.%Y"),
                    age=age,
                ),
                [evidence],
            )
        )
        return findings
