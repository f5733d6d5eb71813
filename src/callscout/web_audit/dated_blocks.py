"""Dated items found by the page's structure: news and reviews wherever they stand.

A news list or a reviews block is a run of sibling elements of one kind (same tag and class), each
holding a date and some text: "<div class=card>…7 мая 2023…</div><div class=card>…</div>". Such runs
are found on any page (the home page's news, a combined "О компании" page with reviews), not only on
pages whose URL or title names the section, and every item's date is kept, not just the latest.
A run is news or reviews by the words of its classes, its heading or the page's section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from callscout.web_audit.base import Page, SiteContext
from callscout.web_audit.dates import DATE_CANDIDATE, dates_in, has_date_candidate, today_of

MAX_HTML = 2_000_000
MAX_DATED_NODES = 2000
# How far up from the date the repeated item may be: the date's own element, its card, the card's wrapper…
MAX_ITEM_DEPTH = 6
MIN_ITEM_TEXT = 15
NEWS = "news"
REVIEWS = "reviews"
_REVIEW_WORDS = re.compile(r"отзыв|review|testimonial|otzyv|otsyv|otziv|comment|feedback|благодарн|mnenie", re.I)
_NEWS_WORDS = re.compile(
    r"новост|\bnews|novost|\bpress|пресс-|\bblog|блог|\bстатьи\b|\barticles?\b|событи|\bevents?\b|sobyti", re.I
)
# "от 27.07.2006 № 152-ФЗ": the date of a law or document cited in the text, not of an item.
_CITATION_AFTER = re.compile(r"\s*(?:г\.?|года)?\s*(?:№|N\s*\d)")


@dataclass(frozen=True)
class DatedItem:
    day: date
    kind: str | None  # news, reviews, or None when nothing says which
    page_url: str
    group: int  # items of one run share it
    text: str


def dated_items(page: Page, today: date) -> list[DatedItem]:
    """Every item of every dated run on the page (two or more sibling blocks, each with a date)."""
    if not page.html or not has_date_candidate(page.text[:300_000], at_least=2):
        return []
    tree = LexborHTMLParser(page.html[:MAX_HTML])
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body
    if body is None:
        return []
    dated: list[tuple[LexborNode, date]] = []
    for node in body.traverse(include_text=True):
        if len(dated) >= MAX_DATED_NODES:
            break
        if not node.is_text_node:
            continue
        value = node.text_content or ""
        if not has_date_candidate(value):
            continue
        value = " ".join(value.split())
        found = [
            (day, offset, raw)
            for day, offset, raw in dates_in(value, today)
            if not _CITATION_AFTER.match(value, offset + len(raw))
        ]
        if found and node.parent is not None:
            dated.append((node.parent, found[0][0]))
    if len(dated) < 2:
        return []
    # Every element that holds a dated text: a sibling "contains a date" when it is one of them.
    holders: set[int] = set()
    for element, _ in dated:
        node: LexborNode | None = element
        for _ in range(MAX_ITEM_DEPTH + 1):
            if node is None:
                break
            holders.add(node.mem_id)
            node = node.parent
    items: list[DatedItem] = []
    seen: set[int] = set()
    for element, day in dated:
        item = _repeated_ancestor(element, holders)
        if item is None or item.mem_id in seen:
            continue
        seen.add(item.mem_id)
        text = " ".join((item.text(separator=" ") or "").split())
        if len(DATE_CANDIDATE.sub("", text).strip()) < MIN_ITEM_TEXT:
            continue
        parent = item.parent
        items.append(
            DatedItem(day, _kind(item, page), page.url, parent.mem_id if parent is not None else 0, text[:300])
        )
    groups: dict[int, int] = {}
    for entry in items:
        groups[entry.group] = groups.get(entry.group, 0) + 1
    return [entry for entry in items if groups[entry.group] >= 2]


# A date stands for its item when it stands alone in its element ("16.06.16", "Дата: 5 мая 2023"); one inside
# a sentence ("курьер доставил заказ 31.03.2017") dates an event the text tells of, not the item.
MAX_STANDALONE_REST = 40


def standalone_dates(page: Page, today: date) -> set[date] | None:
    """The dates that stand alone in their element, for a page without dated runs; None without markup."""
    if not page.html:
        return None
    if not has_date_candidate(page.text[:300_000]):
        return set()
    tree = LexborHTMLParser(page.html[:MAX_HTML])
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body
    found: set[date] = set()
    if body is None:
        return found
    checked = 0
    for node in body.traverse(include_text=True):
        if not node.is_text_node or checked >= MAX_DATED_NODES:
            continue
        value = " ".join((node.text_content or "").split())
        if not has_date_candidate(value):
            continue
        checked += 1
        for day, offset, raw in dates_in(value, today):
            rest = value[:offset] + value[offset + len(raw) :]
            if len(rest.strip(" .,:;—–-")) <= MAX_STANDALONE_REST and not _CITATION_AFTER.match(
                value, offset + len(raw)
            ):
                found.add(day)
    return found


def _signature(node: LexborNode) -> tuple[str, str]:
    return node.tag or "", " ".join(sorted((node.attributes.get("class") or "").split()))


def _repeated_ancestor(element: LexborNode, holders: set[int]) -> LexborNode | None:
    """The nearest ancestor (or the element) repeated among its siblings, two of them dated."""
    node: LexborNode | None = element
    for _ in range(MAX_ITEM_DEPTH + 1):
        if node is None or node.parent is None or node.tag in ("body", "html"):
            return None
        signature = _signature(node)
        siblings = [child for child in _children(node.parent) if _signature(child) == signature]
        if len(siblings) >= 2 and sum(1 for child in siblings if child.mem_id in holders) >= 2:
            return node
        node = node.parent
    return None


def _children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None and len(children) < 500:
        if not child.is_text_node and child.tag != "-comment":
            children.append(child)
        child = child.next
    return children


def _kind(item: LexborNode, page: Page) -> str | None:
    """Reviews or news, by the classes and ids around the item and the heading above its run."""
    words = []
    node: LexborNode | None = item
    for _ in range(4):
        if node is None:
            break
        words.append(f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}")
        node = node.parent
    heading = _heading_before(item.parent) if item.parent is not None else ""
    context = " ".join([*words, heading])
    if _REVIEW_WORDS.search(context):
        return REVIEWS
    if _NEWS_WORDS.search(context):
        return NEWS
    return None


def _heading_before(group: LexborNode) -> str:
    """The text of the nearest heading before the run: a previous sibling, or one of the parent's."""
    node: LexborNode | None = group
    for _ in range(3):
        if node is None:
            return ""
        sibling = node.prev
        steps = 0
        while sibling is not None and steps < 6:
            if not sibling.is_text_node:
                heading = sibling if sibling.tag in ("h1", "h2", "h3", "h4") else sibling.css_first("h1, h2, h3, h4")
                if heading is not None:
                    return heading.text() or ""
            sibling = sibling.prev
            steps += 1
        node = node.parent
    return ""


def site_dated_items(site: SiteContext) -> list[DatedItem]:
    """The dated items of every page of the site, worked out once for the news and reviews checks."""
    pages = site.ok_pages()
    key = tuple(id(page) for page in pages)
    cached = site.derived.get("dated_items")
    if cached is None or cached[0] != key:
        today = today_of(site.now)
        items = [item for page in pages for item in dated_items(page, today)]
        cached = site.derived["dated_items"] = (key, items)
    return cached[1]


def dates_of(items: list[DatedItem], kind: str, section_urls: set[str]) -> list[DatedItem]:
    """The items of one kind: named so by their markup, or standing on a page of that section."""
    return [item for item in items if item.kind == kind or (item.kind is None and item.page_url in section_urls)]
