"""Check 1: a privacy / personal-data policy exists, is reachable and names the law and the operator.

The policy is a record, not a yes/no: the link a visitor follows (``link_url``, ``link_text``), where
the document is (``document_url``), what it is (``kind``: a page of the site, a PDF, a page on another
host, or a modal window on the page), whether it opens (``reachable``, ``status``) and what it says
(``mentions_152fz``, ``operator_named``). "A link is there" and "the document opens" are separate
facts: a policy link answering 404 is a broken policy, not a missing one. A document the crawl did
not fetch (another host: a file on a cloud drive, or past the page limit) is fetched once through
the crawler's bounded, SSRF-guarded ``fetch_resource``.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Link, Page, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.extract import PRIVACY_LAW, PRIVACY_TEXT, is_privacy_link, is_privacy_page, policy_text
from callscout.web_audit.parse import fill_page
from callscout.web_audit.sections import pages_of
from callscout.web_audit.urls import url_host

LAW = PRIVACY_LAW
OPERATOR = re.compile(r"\bоператор\w*|\boperator\b", re.IGNORECASE)
CONSENT = re.compile(
    r"соглас\w*[^.]{0,120}(?:персональн|политик|конфиденциальн)|обработк\w*\s+(?:моих\s+|своих\s+)?персональн"
    r"|(?:политик|конфиденциальн)\w*|consent|privacy",
    re.IGNORECASE,
)
# The operator is named when the policy gives a legal form with a name or an ИНН/ОГРН.
OPERATOR_NAMED = re.compile(
    r"(?:ООО|АО|ПАО|ЗАО|ОАО|АНО|ИП|Индивидуальн\w+\s+предпринимател\w+|Обществ\w+\s+с\s+ограниченной)"
    r"\s*[«\"]?\s*[А-ЯЁA-Z]|ИНН\W{0,5}\d{10}|ОГРН\w*\W{0,5}\d{13}"
)
MAX_HTML_FOR_FORMS = 2_000_000
# What ``"<form" in html.lower()`` asked, without lowering the whole page: no other character lower-cases
# to these ASCII letters.
_FORM_TAG = re.compile(r"<[fF][oO][rR][mM]")
MAX_HTML_FOR_MODALS = 2_000_000
# What marks a link or button as opening a modal window instead of a page.
_MODAL_MARK = re.compile(r"modal|popup|fancybox|lightbox|dialog", re.IGNORECASE)
_NO_TARGET = ("", "#", "#!")


def policy_record(site: SiteContext) -> tuple[dict[str, Any] | None, Page | None]:
    """The policy as a record, and the document's page when the audit holds it."""
    fetched = {page.url.rstrip("/"): page for page in site.pages}
    documents = _policy_pages(site)
    link_page, link = _policy_link(site)
    if link is not None:
        target = fetched.get(link.url.rstrip("/"))
        if target is None and site.fetch_resource is not None:
            target = _fetch_document(site, link.url)
        if target is not None:
            document = target if target.ok else None
            return _record(link_page, link, target, document, site), document
        if documents:
            document = documents[0]
            return _record(link_page, link, document, document, site), document
        return _record(link_page, link, None, None, site), None
    modal = None
    if documents:
        document = documents[0]
        # A page whose policy text sits in its own pop-up window is a page with a modal policy.
        modal = _modal([document]) if document.html and _MODAL_MARK.search(document.html) else None
        if modal is None:
            return _record(None, None, document, document, site), document
    modal = modal or _modal(site.ok_pages())
    if modal is not None:
        page, text, link_text, href = modal
        return (
            {
                "link_url": href,
                "link_text": link_text,
                "reachable": bool(text) or None,
                "status": None,
                "document_url": page.url,
                "kind": "modal",
                "mentions_152fz": bool(LAW.search(text)) if text else None,
                "operator_named": _operator_named(text) if text else None,
                "url": page.url,
            },
            None,
        )
    return None, None


def _record(
    link_page: Page | None, link: Link | None, target: Page | None, document: Page | None, site: SiteContext
) -> dict[str, Any]:
    document_url = target.url if target is not None else (link.url if link is not None else None)
    text = document.text if document is not None else ""
    return {
        "link_url": link.url if link is not None else None,
        "link_text": link.text if link is not None else None,
        "reachable": None if target is None else target.ok,
        "status": None if target is None else target.status_code,
        "document_url": document_url,
        "kind": _kind(document_url or "", target, site),
        "mentions_152fz": bool(LAW.search(text)) if document is not None else None,
        "operator_named": _operator_named(text) if document is not None else None,
        "url": document_url,
    }


def _kind(url: str, target: Page | None, site: SiteContext) -> str:
    if (target is not None and target.is_pdf) or url.lower().split("?", 1)[0].endswith(".pdf"):
        return "pdf"
    host = url_host(url)
    if host and host != url_host(site.root_url) and not host.endswith("." + url_host(site.root_url)):
        return "external"
    return "page"


def _operator_named(text: str) -> bool:
    return OPERATOR.search(text) is not None and OPERATOR_NAMED.search(text) is not None


def _policy_link(site: SiteContext) -> tuple[Page | None, Link | None]:
    for page in site.ok_pages():
        for link in page.links:
            if link.url.lower().startswith(("mailto:", "tel:")) or not is_privacy_link(link):
                continue
            if link.url.rstrip("/") == page.url.rstrip("/"):
                continue  # "#" resolved to the page itself: nothing to follow
            return page, link
    return None, None


def _fetch_document(site: SiteContext, url: str) -> Page | None:
    """One bounded, guarded download of a policy the crawl did not fetch (another host, a page limit)."""
    assert site.fetch_resource is not None
    try:
        page = site.fetch_resource(url)
    except Exception:  # noqa: BLE001 - a failed download is an unknown, not a crashed check
        return None
    if page.ok and page.body and not page.text:
        fill_page(page, page.body)
    return page


def _modal(pages: list[Page]) -> tuple[Page, str, str, str | None] | None:
    """A link or button that opens the policy in a modal window, and the modal's text if on the page."""
    for page in pages:
        if not page.html or not PRIVACY_TEXT.search(page.text):
            continue
        tree = LexborHTMLParser(page.html[:MAX_HTML_FOR_MODALS])
        for node in tree.css("a, button, span")[:5000]:
            text = " ".join((node.text() or "").split())
            if not text or len(text) > 200 or not PRIVACY_TEXT.search(text):
                continue
            href = (node.attributes.get("href") or "").strip()
            marks = " ".join(f"{name}={value or ''}" for name, value in node.attributes.items())
            if not (href.lower().startswith("javascript:") or href in _NO_TARGET) or not _MODAL_MARK.search(marks):
                continue
            return page, _modal_text(tree), text, href or None
    return None


def _modal_text(tree: LexborHTMLParser) -> str:
    for node in tree.css("[class*=modal], [id*=modal], [data-remodal-id], [class*=popup], [role=dialog]")[:200]:
        text = node.text(separator="\n") or ""
        if policy_text(text) or (PRIVACY_TEXT.search(text[:300]) and len(text) > 500):
            return text
    return ""


@register
class PrivacyPolicyCheck(Check):
    """A privacy policy must be published and reachable; it should cite 152-ФЗ and name the operator.

    Why it matters: the call center will hear and store your customers' personal data. Its own
    policy shows whether it knows its duties under the personal data law (152-ФЗ); without one the
    site itself breaks the law, and so may the processing of your customers' calls.

    How to fix: publish a "Политика в отношении обработки персональных данных" page (or PDF) linked
    from every page's footer, citing 152-ФЗ and naming the operator with its requisites, and add a
    consent line to every form that collects names, phones or e-mails.
    """

    code = "privacy_policy"
    order = 60
    title_ru = "Политика конфиденциальности"
    title_en = "Privacy policy"
    criterion = (
        "Политика конфиденциальности — правила, которые устанавливает контактный центр; "
        "нужны для защиты персональных данных"
    )

    uses_downloads = True

    def run(self, site: SiteContext) -> list[Finding]:
        findings: list[Finding] = []
        record, document = policy_record(site)
        site.facts["privacy_policy"] = record
        if document is not None:
            findings.extend(self._judge_policy(document))
        elif record is not None and record["kind"] == "modal":
            findings.extend(self._judge_modal(record))
        else:
            findings.append(self._missing(site, record))
        findings.extend(self._forms(site))
        return findings

    def _judge_modal(self, record: dict[str, Any]) -> list[Finding]:
        evidence = [Evidence(url=record["document_url"], excerpt=record["link_text"], value=record["link_url"])]
        found = [
            finding(
                self,
                Status.PASS if record["reachable"] else Status.WARN,
                Severity.INFO if record["reachable"] else Severity.MEDIUM,
                "found_modal" if record["reachable"] else "modal_unread",
                msg("web_audit.checks.privacy_policy.policy_opens_in_pop_up_window")
                if record["reachable"]
                else msg("web_audit.checks.privacy_policy.link_opens_policy_pop_up_whose"),
                evidence,
            )
        ]
        if record["reachable"] and not record["mentions_152fz"]:
            found.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_law_reference",
                    msg("web_audit.checks.privacy_policy.policy_does_not_cite_personal_data"),
                    evidence,
                )
            )
        return found

    def _judge_policy(self, policy: Page) -> list[Finding]:
        kind = "PDF" if policy.is_pdf else "HTML"
        found = [
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "found",
                msg("web_audit.checks.privacy_policy.privacy_policy_found", kind=kind),
                [Evidence(url=policy.url, excerpt=excerpt(policy.text), value=policy.url)],
            )
        ]
        law = LAW.search(policy.text)
        if law is None:
            found.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_law_reference",
                    msg("web_audit.checks.privacy_policy.policy_does_not_cite_personal_data"),
                    [Evidence(url=policy.url, excerpt=excerpt(policy.text))],
                )
            )
        operator = OPERATOR.search(policy.text)
        if operator is None:
            found.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_operator",
                    msg("web_audit.checks.privacy_policy.policy_does_not_name_personal_data"),
                    [Evidence(url=policy.url, excerpt=excerpt(policy.text))],
                )
            )
        return found

    def _missing(self, site: SiteContext, record: dict[str, Any] | None) -> Finding:
        if record is not None and record["link_url"]:
            evidence = [Evidence(url=site.root_url, excerpt=record["link_text"] or None, value=record["link_url"])]
            if record["reachable"] is False:
                reason = (
                    f"HTTP {record['status']}" if record["status"] else msg("web_audit.checks.privacy_policy.no_answer")
                )
                return finding(
                    self,
                    Status.FAIL,
                    Severity.HIGH,
                    "unreachable",
                    msg("web_audit.checks.privacy_policy.policy_is_linked_but_cannot_be", reason=reason),
                    evidence,
                )
            return finding(
                self,
                Status.UNKNOWN,
                Severity.MEDIUM,
                "not_fetched",
                msg("web_audit.checks.privacy_policy.policy_is_linked_but_was_not"),
                evidence,
            )
        return finding(
            self,
            Status.FAIL,
            Severity.HIGH,
            "missing",
            msg("web_audit.checks.privacy_policy.no_privacy_policy_found_on_site"),
            [Evidence(url=site.root_url, value=len(site.ok_pages()))],
        )

    def _forms(self, site: SiteContext) -> list[Finding]:
        without_consent: list[Evidence] = []
        forms_seen = 0
        for page in site.ok_pages():
            if not page.html or not _FORM_TAG.search(page.html, 0, MAX_HTML_FOR_FORMS):
                continue
            tree = LexborHTMLParser(page.html[:MAX_HTML_FOR_FORMS])
            for form in tree.css("form"):
                fields = form.css(
                    "input[type=tel], input[type=email], input[name*=phone], input[name*=name], "
                    "input[name*=mail], textarea"
                )
                if not fields:
                    continue
                forms_seen += 1
                text = form.text(separator=" ")
                if not CONSENT.search(text):
                    without_consent.append(
                        Evidence(url=page.url, excerpt=excerpt(text), value=msg("web_audit.checks.privacy_policy.form"))
                    )
        if forms_seen == 0:
            return []
        if without_consent:
            return [
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "form_without_consent",
                    msg(
                        "web_audit.checks.privacy_policy.forms_without_consent_to_personal_data",
                        n=len(without_consent),
                        total=forms_seen,
                    ),
                    without_consent[:10],
                )
            ]
        return [
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "forms_ask_consent",
                msg("web_audit.checks.privacy_policy.all_forms_ask_for_consent_to", n=forms_seen),
            )
        ]


def _policy_pages(site: SiteContext) -> list[Page]:
    candidates = [page for page in site.ok_pages() if is_privacy_page(page)]
    seen = {id(page) for page in candidates}
    candidates += [page for page in pages_of(site, "privacy") if id(page) not in seen]
    # The policy that cites the law is the real one; a short "consent" page comes second.
    return sorted(candidates, key=lambda page: LAW.search(page.text) is None)
