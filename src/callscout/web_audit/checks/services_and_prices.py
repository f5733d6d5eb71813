"""Check 8: a description of services and a page of prices or tariffs."""

from __future__ import annotations

import re

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.sections import pages_of

# Repetitions are bounded: on a page of digits and spaces an unbounded one backtracks quadratically.
PRICE = re.compile(
    r"(?:от\s+)?\d[\d\s\u00a0]{0,12}(?:[.,]\d+)?\s*(?:₽|руб\.?|рублей|р\.)(?:\s*/\s*\w+|\s+за\s+\w+)?", re.I
)
ON_REQUEST = re.compile(r"по\s+запросу|индивидуальн\w+\s+расч[её]т|рассчита\w+\s+индивидуально|договорн\w+", re.I)


@register
class ServicesAndPricesCheck(Check):
    """The site describes its services and publishes prices or tariffs.

    Why it matters: the article says the site of an experienced call center has a clear description of
    services, and the next question is the price. Published prices let you compare offers on your own
    workload before talking to sales; "price on request" hides the payment model.

    How to fix: describe each service (inbound line, outbound calls, chat, 8-800) on its own page and
    publish the tariffs: the payment model, the rate, setup fees and minimums.
    """

    code = "services_and_prices"
    order = 80
    title_ru = "Услуги и цены"
    title_en = "Services and prices"
    criterion = "Сайт опытного колл-центра на аутсорсинг отличается понятным описанием услуг; вопрос цены"

    def run(self, site: SiteContext) -> list[Finding]:
        findings: list[Finding] = []
        services = pages_of(site, "services")
        if services:
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "services",
                    msg("web_audit.checks.services_and_prices.services_are_described_pages", n=len(services)),
                    [Evidence(url=page.url, excerpt=excerpt(page.text)) for page in services[:5]],
                )
            )
        else:
            findings.append(
                finding(
                    self,
                    Status.FAIL,
                    Severity.MEDIUM,
                    "no_services",
                    msg("web_audit.checks.services_and_prices.no_section_describing_services"),
                    [Evidence(url=site.root_url)],
                )
            )
        price_pages = pages_of(site, "prices")
        priced = [
            (page, match) for page in price_pages or site.ok_pages() if (match := PRICE.search(page.text[:300_000]))
        ]
        if price_pages and priced:
            page, match = priced[0]
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "prices",
                    msg("web_audit.checks.services_and_prices.prices_are_published"),
                    [
                        Evidence(
                            url=page.url,
                            excerpt=excerpt(page.text, match.start(), match.end()),
                            value=" ".join(match.group(0).split()),
                        )
                    ],
                )
            )
        elif priced:
            page, match = priced[0]
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.LOW,
                    "prices_scattered",
                    msg("web_audit.checks.services_and_prices.no_prices_page_but_prices_are"),
                    [Evidence(url=page.url, excerpt=excerpt(page.text, match.start(), match.end()))],
                )
            )
        elif price_pages:
            page = price_pages[0]
            on_request = ON_REQUEST.search(page.text)
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "prices_on_request",
                    msg("web_audit.checks.services_and_prices.there_is_prices_page_but_no"),
                    [Evidence(url=page.url, excerpt=excerpt(page.text, on_request.start() if on_request else None))],
                )
            )
        else:
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_prices",
                    msg("web_audit.checks.services_and_prices.site_publishes_no_prices_or_tariffs"),
                    [Evidence(url=site.root_url)],
                )
            )
        return findings
