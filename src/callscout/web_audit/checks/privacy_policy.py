"""Check 1: a privacy / personal-data policy exists, is reachable and names the law and the operator."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from callscout.i18n import tr
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.extract import is_privacy_link, is_privacy_page
from callscout.web_audit.sections import pages_of

LAW = re.compile(r"152\s*-?\s*ФЗ|152-FZ|[«\"]?\s*О\s+персональных\s+данных", re.IGNORECASE)
OPERATOR = re.compile(r"\bоператор\w*|\boperator\b", re.IGNORECASE)
CONSENT = re.compile(
    r"соглас\w*[^.]{0,120}(?:персональн|политик|конфиденциальн)|обработк\w*\s+(?:моих\s+|своих\s+)?персональн"
    r"|(?:политик|конфиденциальн)\w*|consent|privacy",
    re.IGNORECASE,
)
MAX_HTML_FOR_FORMS = 2_000_000


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
    title_ru = "Политика конфиденциальности"
    title_en = "Privacy policy"
    criterion = (
        "Политика конфиденциальности — правила, которые устанавливает контактный центр; "
        "нужны для защиты персональных данных"
    )

    def run(self, site: SiteContext) -> list[Finding]:
        findings: list[Finding] = []
        policies = _policy_pages(site)
        site.facts["privacy_policy"] = {"url": policies[0].url} if policies else None
        if policies:
            findings.extend(self._judge_policy(policies[0]))
        else:
            findings.append(self._missing(site))
        findings.extend(self._forms(site))
        return findings

    def _judge_policy(self, policy: Page) -> list[Finding]:
        kind = "PDF" if policy.is_pdf else "HTML"
        found = [
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "found",
                tr("Политика конфиденциальности найдена ({kind})", "Privacy policy found ({kind})", kind=kind),
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
                    tr(
                        "Политика не ссылается на закон о персональных данных (152-ФЗ)",
                        "The policy does not cite the personal data law (152-ФЗ)",
                    ),
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
                    tr(
                        "В политике не назван оператор персональных данных",
                        "The policy does not name the personal data operator",
                    ),
                    [Evidence(url=policy.url, excerpt=excerpt(policy.text))],
                )
            )
        return found

    def _missing(self, site: SiteContext) -> Finding:
        fetched = {page.url.rstrip("/"): page for page in site.pages}
        for page in site.ok_pages():
            for link in page.links:
                if not is_privacy_link(link) or link.url.lower().startswith(("mailto:", "tel:")):
                    continue
                target = fetched.get(link.url.rstrip("/"))
                evidence = [Evidence(url=page.url, excerpt=link.text or None, value=link.url)]
                if target is not None and not target.ok:
                    reason = target.error or f"HTTP {target.status_code}"
                    return finding(
                        self,
                        Status.FAIL,
                        Severity.HIGH,
                        "unreachable",
                        tr(
                            "Ссылка на политику есть, но документ недоступен: {reason}",
                            "The policy is linked but cannot be opened: {reason}",
                            reason=reason,
                        ),
                        evidence,
                    )
                if target is None:
                    return finding(
                        self,
                        Status.UNKNOWN,
                        Severity.MEDIUM,
                        "not_fetched",
                        tr(
                            "Ссылка на политику есть, но документ не загружен (лимит страниц?)",
                            "The policy is linked but was not fetched (page limit?)",
                        ),
                        evidence,
                    )
        return finding(
            self,
            Status.FAIL,
            Severity.HIGH,
            "missing",
            tr("Политика конфиденциальности на сайте не найдена", "No privacy policy found on the site"),
            [Evidence(url=site.root_url, value=len(site.ok_pages()))],
        )

    def _forms(self, site: SiteContext) -> list[Finding]:
        without_consent: list[Evidence] = []
        forms_seen = 0
        for page in site.ok_pages():
            if not page.html or "<form" not in page.html[:MAX_HTML_FOR_FORMS].lower():
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
                    without_consent.append(Evidence(url=page.url, excerpt=excerpt(text), value=tr("форма", "form")))
        if forms_seen == 0:
            return []
        if without_consent:
            return [
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "form_without_consent",
                    tr(
                        "Формы без согласия на обработку персональных данных: {n} из {total}",
                        "Forms without consent to personal data processing: {n} of {total}",
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
                tr(
                    "Все формы ({n}) просят согласие на обработку персональных данных",
                    "All forms ({n}) ask for consent to personal data processing",
                    n=forms_seen,
                ),
            )
        ]


def _policy_pages(site: SiteContext) -> list[Page]:
    candidates = [page for page in site.ok_pages() if is_privacy_page(page)]
    seen = {id(page) for page in candidates}
    candidates += [page for page in pages_of(site, "privacy") if id(page) not in seen]
    # The policy that cites the law is the real one; a short "consent" page comes second.
    return sorted(candidates, key=lambda page: LAW.search(page.text) is None)
