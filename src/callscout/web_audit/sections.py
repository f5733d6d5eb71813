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

# (URL path pattern, title / link text pattern) per section.
SECTIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(url, re.IGNORECASE), re.compile(text, re.IGNORECASE))
    for name, url, text in [
        ("privacy", PRIVACY_URL.pattern, PRIVACY_TEXT.pattern),
        ("requisites", r"rekvizit|requisit|details|bank-details", r"реквизит|requisites|company details"),
        ("contacts", r"contact|kontakt", r"контакт|contacts?\b"),
        ("about", r"about|o-kompan|o-nas|company", r"о компании|о нас|about"),
        ("news", r"news|novost|blog|press|media|stat[ьi]i|articles|sobytiya", r"новост|блог|пресс-|статьи|news|blog"),
        (
            "clients",
            r"client|klient|cases|keys|portfolio|customers|zakazchik|partner",
            r"клиент|кейс|портфолио|заказчик|наши партн|clients|cases|portfolio",
        ),
        (
            "reviews",
            r"review|otzyv|otziv|testimonial|feedback|blagodarn",
            r"отзыв|благодарн|рекомендательн|reviews|testimonials",
        ),
        (
            "recordings",
            r"zapis|record|audio|primery-zvonk|calls-examples|samples",
            r"запис\w* (?:разговор|звонк)|пример\w* (?:звонк|разговор)|аудиозапис|прослуша|recordings|call samples",
        ),
        ("services", r"uslug|servic|solution|reshen", r"услуг|решени|services|solutions"),
        (
            "prices",
            r"price|pricing|cen[ya]|tseny|tarif|stoimost|prais|cost",
            r"цен[аы]|тариф|стоимост|прайс|prices|pricing|rates",
        ),
    ]
}


def link_texts(site: SiteContext) -> dict[str, list[str]]:
    """Texts of the links pointing at each URL (how the site itself names the page)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for page in site.pages:
        for link in page.links:
            if link.text:
                texts[link.url.rstrip("/")].append(link.text)
    return texts


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
    texts = link_texts(site)
    return [page for page in site.ok_pages() if section in page_sections(page, texts)]


def links_of(site: SiteContext, section: str) -> list[tuple[Page, str, str]]:
    """(page, target URL, link text) of links whose text names the section, fetched or not."""
    _, text_pattern = SECTIONS[section]
    found = []
    for page in site.ok_pages():
        for link in page.links:
            if link.text and text_pattern.search(link.text):
                found.append((page, link.url, link.text))
    return found
