"""Check 9: HTTPS with a valid certificate, broken internal links, the year in the copyright line.

``site.tls`` is filled by the crawler: ``{"https": bool (the site is served over HTTPS),
"certificate_valid": bool | None (the certificate verifies), "error": str | None}``, optionally with
``"problem"`` (why verification failed: expired, hostname_mismatch, ...), ``"not_after"`` (the
certificate's expiry, ISO date) and ``"issuer"``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime

from callscout.i18n import msg, tr
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, SiteContext, register
from callscout.web_audit.dates import today_of
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.urls import url_host, url_scheme

COPYRIGHT = re.compile(r"©|\(c\)|\(с\)|copyright|все\s+права\s+защищены|all\s+rights\s+reserved", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19[9]\d|20\d{2})(?!\d)")
CERTIFICATE_WARN_DAYS = 14
# What a buyer can understand of a failed verification (``tls["problem"]``, set by the fetcher).
CERTIFICATE_PROBLEMS = {
    "expired": ("срок действия сертификата истёк", "the certificate has expired"),
    "not_yet_valid": ("срок действия сертификата ещё не начался", "the certificate is not valid yet"),
    "hostname_mismatch": ("сертификат выдан для другого адреса", "the certificate was issued for another address"),
    "self_signed": (
        "самоподписанный сертификат, ему не доверяет ни один браузер",
        "a self-signed certificate that no browser trusts",
    ),
    "revoked": ("сертификат отозван", "the certificate has been revoked"),
    "untrusted": (
        "сертификат выдан неизвестным удостоверяющим центром",
        "the certificate was issued by an unknown authority",
    ),
}


def _same_site(url: str, root: str) -> bool:
    return url_host(url) == url_host(root) != ""


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


@register
class SiteBasicsCheck(Check):
    """HTTPS with a valid certificate, no broken internal links, a current year in the copyright line.

    Why it matters: the site is the vendor's shop window; an expired certificate, dead links and
    "© 2017" show that nobody has looked after it for years — and the forms on it send your contacts
    over an unprotected connection.

    How to fix: serve the whole site over HTTPS with an auto-renewed certificate, fix or remove
    links that answer with errors, and keep the year in the footer current.
    """

    code = "site_basics"
    order = 90
    title_ru = "Базовое состояние сайта"
    title_en = "Site basics"
    criterion = "Сайт опытного колл-центра на аутсорсинг отличается хорошим дизайном; время существования сайта"

    def run(self, site: SiteContext) -> list[Finding]:
        today = today_of(site.now)
        return [self._https(site, today), self._broken_links(site), self._copyright(site, today)]

    def _https(self, site: SiteContext, today: date) -> Finding:
        tls = site.tls or {}
        evidence = [
            Evidence(
                url=site.root_url,
                excerpt=str(tls["issuer"])[:160] if tls.get("issuer") else None,
                value=str(tls.get("error") or tls.get("not_after") or "")[:200] or None,
            )
        ]
        scheme = url_scheme(site.root_url)
        if scheme != "https" and not tls.get("https") and (tls or site.ok_pages()):
            return finding(
                self,
                Status.FAIL,
                Severity.MEDIUM,
                "no_https",
                msg("web_audit.checks.site_basics.site_works_without_https_form_data"),
                evidence,
            )
        if not tls or tls.get("certificate_valid") is None:
            return finding(
                self,
                Status.UNKNOWN,
                Severity.LOW,
                "tls_unknown",
                msg("web_audit.checks.site_basics.certificate_was_not_checked"),
                evidence,
            )
        if tls.get("certificate_valid") is False:
            problem = CERTIFICATE_PROBLEMS.get(str(tls.get("problem")))
            expired_on = _as_date(tls.get("not_after")) if tls.get("problem") == "expired" else None
            if problem is not None and expired_on is not None:
                when = expired_on.strftime("%d.%m.%Y")
                problem = (f"{problem[0]} {when}", f"{problem[1]} ({when})")
            return finding(
                self,
                Status.FAIL,
                Severity.HIGH,
                "invalid_certificate",
                msg(
                    "web_audit.checks.site_basics.https_certificate_is_invalid",
                    error=tr(*problem) if problem else tls.get("error") or "?",
                ),
                evidence,
            )
        expires = _as_date(tls.get("not_after"))
        if expires is not None and (expires - today).days < CERTIFICATE_WARN_DAYS:
            return finding(
                self,
                Status.WARN,
                Severity.MEDIUM,
                "certificate_expiring",
                msg("web_audit.checks.site_basics.certificate_expires_on", when=expires.strftime("%d.%m.%Y")),
                evidence,
            )
        return finding(
            self,
            Status.PASS,
            Severity.INFO,
            "https",
            msg("web_audit.checks.site_basics.https_with_valid_certificate"),
            evidence,
        )

    def _broken_links(self, site: SiteContext) -> Finding:
        referrers: dict[str, list[str]] = defaultdict(list)
        for page in site.pages:
            for link in page.links:
                referrers[link.url.rstrip("/")].append(page.url)
        broken = [
            page
            for page in site.pages
            if not page.ok
            and _same_site(page.url, site.root_url)
            and page.url.rstrip("/") != site.root_url.rstrip("/")
            and (page.status_code is None or page.status_code >= 400)
        ]
        checked = sum(1 for page in site.pages if _same_site(page.url, site.root_url))
        if not broken:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "links_ok",
                msg("web_audit.checks.site_basics.no_broken_internal_links_checked", n=checked),
                [Evidence(url=site.root_url, value=checked)],
            )
        evidence = [
            Evidence(
                url=page.url,
                excerpt=", ".join(referrers.get(page.url.rstrip("/"), [])[:3]) or None,
                # "HTTP 404", not a bare "404" the reader has to guess the meaning of.
                value=page.error or (f"HTTP {page.status_code}" if page.status_code is not None else None),
            )
            for page in broken[:20]
        ]
        return finding(
            self,
            Status.WARN if len(broken) < 5 else Status.FAIL,
            Severity.LOW,
            "broken_links",
            msg("web_audit.checks.site_basics.broken_internal_links_of", n=len(broken), total=checked),
            evidence,
        )

    def _copyright(self, site: SiteContext, today: date) -> Finding:
        best: tuple[int, Evidence] | None = None
        for page in site.ok_pages():
            if page.is_pdf:
                continue
            tail = page.text[-3000:]
            for mark in COPYRIGHT.finditer(tail):
                window = tail[max(0, mark.start() - 40) : mark.end() + 60]
                years = [int(year) for year in YEAR.findall(window) if int(year) <= today.year + 1]
                if years and (best is None or max(years) > best[0]):
                    best = (max(years), Evidence(url=page.url, excerpt=excerpt(window), value=max(years)))
        if best is None:
            return finding(
                self,
                Status.UNKNOWN,
                Severity.INFO,
                "no_copyright",
                msg("web_audit.checks.site_basics.no_copyright_line_with_year_on"),
                [Evidence(url=site.root_url)],
            )
        year, evidence = best
        if year < today.year - 1:
            return finding(
                self,
                Status.WARN,
                Severity.LOW,
                "copyright_outdated",
                msg("web_audit.checks.site_basics.copyright_line_says_site_has_not", year=year),
                [evidence],
            )
        return finding(
            self,
            Status.PASS,
            Severity.INFO,
            "copyright_current",
            msg("web_audit.checks.site_basics.copyright_year", year=year),
            [evidence],
        )
