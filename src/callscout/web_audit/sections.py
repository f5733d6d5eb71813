"""Which pages of a site serve which section (requisites, news, reviews...).

A page belongs to a section when its URL path, its title or the text of a link pointing to it says
so, in Russian or English. The checks ask here instead of each keeping its own keyword list.
"""

from __future__ import annotations

import re
from collections import defaultdict

from callscout.web_audit.base import Page, SiteContext
from callscout.web_audit.extract import PRIVACY_TEXT, PRIVACY_URL, is_privacy_page
from callscout.web_audit.urls import url_path

# (URL path pattern, title / link text pattern) per section. Patterns stay narrow: "/product-details/",
# "/zapis-na-priem/" (booking) and a "Клиентам" menu (help for customers) are not the sections we want.
SECTIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(url, re.IGNORECASE), re.compile(text, re.IGNORECASE))
    for name, url, text in [
        ("privacy", PRIVACY_URL.pattern, PRIVACY_TEXT.pattern),
        ("requisites", r"rekvizit|requisit|company-details|bank-details", r"реквизит|requisites|company details"),
        ("contacts", r"contact|kontakt", r"контакт|contacts?\b"),
        ("about", r"about|o-kompan|o-nas|company", r"о компании|о нас|about"),
        ("news", r"news|novost|blog|press|stat[ьi]i|articles|sobytiya", r"новост|блог|пресс-|статьи|news|blog"),
        (
            "clients",
            r"client|klient|cases|keys|portfolio|customers|zakazchik|partner",
            r"\bклиенты\b|наши\s+клиент|кейс|портфолио|заказчик|наши\s+партн|clients|cases|portfolio",
        ),
        (
            "reviews",
            r"review|otzyv|otziv|testimonial|feedback|blagodarn",
            r"отзыв|благодарн|рекомендательн|reviews|testimonials",
        ),
        (
            "recordings",
            r"zapisi(?:-zvonk|-razgovor|\b)|record|audio|primery-zvonk|calls-examples|samples",
            r"запис\w* (?:разговор|звонк)|пример\w* (?:звонк|разговор)|аудиозапис|прослуша|recordings|call samples",
        ),
        ("services", r"uslug|servic|solution|reshen", r"услуг|решени|services|solutions"),
        (
            "prices",
            r"price|pricing|\bcen[ya]\b|tseny|tarif|stoimost|prais",
            r"цен[аы]|тариф|стоимост|прайс|prices|pricing|rates",
        ),
    ]
}


def link_texts(site: SiteContext) -> dict[str, list[str]]:
    """Distinct texts of the links pointing at each URL (how the site itself names the page).

    Distinct: a menu links every page from every page, and one text is tested once, not once a page.
    """
    texts: dict[str, dict[str, None]] = defaultdict(dict)
    for page in site.pages:
        for link in page.links:
            if link.text:
                texts[link.url.rstrip("/")][link.text] = None
    return {url: list(names) for url, names in texts.items()}


def page_sections(page: Page, texts: dict[str, list[str]]) -> set[str]:
    path = url_path(page.url)
    title = page.title or ""
    names = set()
    for name, (url_pattern, text_pattern) in SECTIONS.items():
        if (
            (path not in ("", "/") and url_pattern.search(path))
            or text_pattern.search(title)
            or any(text_pattern.search(text) for text in texts.get(page.url.rstrip("/"), []))
        ):
            names.add(name)
    if (
        "privacy" in names
        and not page.is_pdf
        and not is_privacy_page(page)
        and not PRIVACY_TEXT.search(page.text[:5000])
    ):
        # Named after a policy but without a word of one: a link hub such as "/policy-and-terms".
        names.discard("privacy")
    return names


def pages_of(site: SiteContext, section: str) -> list[Page]:
    """Fetched, successful pages of one section, in crawl order."""
    return [page for page, names in _site_sections(site) if section in names]


def _site_sections(site: SiteContext) -> list[tuple[Page, set[str]]]:
    """The sections of every successful page, worked out once per site for all checks."""
    pages = site.ok_pages()
    key = tuple(id(page) for page in pages)
    cached = site.derived.get("sections")
    if cached is None or cached[0] != key:
        texts = link_texts(site)
        cached = site.derived["sections"] = (key, [(page, page_sections(page, texts)) for page in pages])
    return cached[1]


def links_of(site: SiteContext, section: str) -> list[tuple[Page, str, str]]:
    """(page, target URL, link text) of links whose text names the section, fetched or not."""
    _, text_pattern = SECTIONS[section]
    found = []
    # The menu and footer repeat on every page: each distinct link text is matched once.
    names: dict[str, bool] = {}
    for page in site.ok_pages():
        for link in page.links:
            if not link.text:
                continue
            named = names.get(link.text)
            if named is None:
                named = names[link.text] = text_pattern.search(link.text) is not None
            if named:
                found.append((page, link.url, link.text))
    return found
