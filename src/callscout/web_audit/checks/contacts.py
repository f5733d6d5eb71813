"""Check 3: phones (typed landline / mobile / toll-free), e-mails and the site address."""

from __future__ import annotations

from callscout.i18n import join, msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding
from callscout.web_audit.extract import (
    FREE_MAIL_DOMAINS,
    emails_in,
    phones_in,
    placeholder_email,
    requisite_numbers,
)
from callscout.web_audit.urls import url_host

MAX_TEXT = 300_000
TYPE_LABELS = {
    "landline": ("городской", "landline"),
    "mobile": ("мобильный", "mobile"),
    "toll_free": ("бесплатный 8-800", "toll-free 8-800"),
    "foreign": ("зарубежный", "foreign"),
    "other": ("другой", "other"),
}


def site_host(url: str) -> str:
    return url_host(url)


def related_domain(domain: str, host: str) -> bool:
    """The mail domain belongs to the site: the same name, a subdomain, or the site a subdomain of it."""
    return bool(host) and (domain == host or domain.endswith("." + host) or host.endswith("." + domain))


@register
class ContactsCheck(Check):
    """Phones with their type, e-mails and the site's address, as the article lists them among requisites.

    Why it matters: the article says a company that publishes only a mobile number and no landline
    cannot be called serious. A free-mail address (mail.ru, gmail.com) instead of one on the company's
    domain points the same way; an 8-800 number shows the center invests in its own lines.

    How to fix: publish a city landline (and an 8-800 number if you offer one) and an e-mail on the
    company's own domain on the contacts page and in the footer, as text or tel:/mailto: links.
    """

    code = "contacts"
    order = 40
    title_ru = "Контакты"
    title_en = "Contacts"
    criterion = (
        "Контактные телефоны (если указан только номер мобильного телефона, а стационарного нет, такую "
        "организацию нельзя назвать серьезной); адрес электронной почты; адрес сайта"
    )

    def run(self, site: SiteContext) -> list[Finding]:
        phones: dict[str, dict] = {}
        emails: dict[str, dict] = {}
        evidence_by_phone: dict[str, Evidence] = {}
        for page in site.ok_pages():
            text = page.text[:MAX_TEXT]
            _, masked = requisite_numbers(text)
            for phone in phones_in(text, page.links, masked):
                if phone.e164 not in phones:
                    phones[phone.e164] = {
                        "e164": phone.e164,
                        "type": phone.type,
                        "display": phone.display,
                        "url": page.url,
                        "placeholder": phone.placeholder,
                    }
                    evidence_by_phone[phone.e164] = Evidence(
                        url=page.url,
                        excerpt=excerpt(text, phone.start) if phone.start is not None else phone.display,
                        value=phone.e164,
                    )
            for address, _ in emails_in(text, page.links, html=page.html):
                emails.setdefault(
                    address.lower(), {"address": address, "url": page.url, "placeholder": placeholder_email(address)}
                )
        site.facts["contacts"] = {"phones": list(phones.values()), "emails": list(emails.values())}
        host = site_host(site.root_url)
        return [
            *self._phones(site, phones, evidence_by_phone),
            *self._placeholders(phones, emails, evidence_by_phone),
            *self._emails(site, emails, host),
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "site_address",
                msg("web_audit.checks.contacts.site_address", host=host or site.root_url),
                [Evidence(url=site.root_url, value=host or site.root_url)],
            ),
        ]

    def _placeholders(
        self, phones: dict[str, dict], emails: dict[str, dict], evidence: dict[str, Evidence]
    ) -> list[Finding]:
        """Numbers and addresses a template left behind: shown to customers, answered by nobody."""
        items = [phone["display"] or phone["e164"] for phone in phones.values() if phone["placeholder"]]
        items += [email["address"] for email in emails.values() if email["placeholder"]]
        if not items:
            return []
        proof = [evidence[number] for number, phone in phones.items() if phone["placeholder"]]
        proof += [Evidence(url=item["url"], value=item["address"]) for item in emails.values() if item["placeholder"]]
        return [
            finding(
                self,
                Status.WARN,
                Severity.MEDIUM,
                "placeholders",
                msg("web_audit.checks.contacts.placeholder_contacts_left_from_site_s", items=", ".join(items)),
                proof,
            )
        ]

    def _phones(self, site: SiteContext, phones: dict[str, dict], evidence: dict[str, Evidence]) -> list[Finding]:
        if not phones:
            return [
                finding(
                    self,
                    Status.FAIL,
                    Severity.HIGH,
                    "no_phones",
                    msg("web_audit.checks.contacts.no_phone_number_found_on_site"),
                    [Evidence(url=site.root_url, value=len(site.ok_pages()))],
                )
            ]
        by_type: dict[str, list[str]] = {}
        for phone in phones.values():
            by_type.setdefault(phone["type"], []).append(phone["e164"])
        summary = join(
            ", ", [msg(f"phone_type.{kind}") + f": {len(numbers)}" for kind, numbers in sorted(by_type.items())]
        )
        all_evidence = list(evidence.values())[:20]
        findings = [
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "phones",
                msg("web_audit.checks.contacts.phones", summary=summary),
                all_evidence,
            )
        ]
        if "landline" not in by_type:
            only_mobile = set(by_type) == {"mobile"}
            findings.append(
                finding(
                    self,
                    Status.FAIL,
                    Severity.HIGH if only_mobile else Severity.MEDIUM,
                    "mobile_only" if only_mobile else "no_landline",
                    msg(
                        "web_audit.checks.contacts.only_mobile"
                        if only_mobile
                        else "web_audit.checks.contacts.no_landline"
                    ),
                    all_evidence,
                )
            )
        if "toll_free" in by_type:
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "toll_free",
                    msg("web_audit.checks.contacts.toll_free_8_800_number_is"),
                    [evidence[number] for number in by_type["toll_free"]],
                )
            )
        return findings

    def _emails(self, site: SiteContext, emails: dict[str, dict], host: str) -> list[Finding]:
        if not emails:
            return [
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "no_emails",
                    msg("web_audit.checks.contacts.no_e_mail_address_found_on"),
                    [Evidence(url=site.root_url)],
                )
            ]
        findings = [
            finding(
                self,
                Status.PASS,
                Severity.INFO,
                "emails",
                msg("web_audit.checks.contacts.e_mail_addresses", n=len(emails)),
                [Evidence(url=item["url"], value=item["address"]) for item in emails.values()][:20],
            )
        ]
        free = [
            item
            for address, item in emails.items()
            if (domain := address.rsplit("@", 1)[-1]) in FREE_MAIL_DOMAINS and not related_domain(domain, host)
        ]
        if free:
            own = [address for address in emails if related_domain(address.rsplit("@", 1)[-1], host)]
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.LOW if own else Severity.MEDIUM,
                    "free_mail",
                    msg(
                        "web_audit.checks.contacts.e_mail_on_free_mail_service",
                        addresses=", ".join(item["address"] for item in free),
                    ),
                    [Evidence(url=item["url"], value=item["address"]) for item in free],
                )
            )
        return findings
