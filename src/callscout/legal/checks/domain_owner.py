"""The domain's whois record: registered, to whom, and whether that is the vendor."""

from __future__ import annotations

from callscout.i18n import msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    legal_finding,
)
from callscout.legal.claims import VendorFacts
from callscout.legal.whois import WhoisLookup, display_domain
from callscout.model import Evidence, Finding, Severity, Status


def check_whois(facts: VendorFacts, whois: WhoisLookup | None, inn: str | None) -> list[Finding]:
    if whois is None:
        return []
    shown = display_domain(whois.domain)
    if whois.status == "unknown":
        return [
            legal_finding(
                "whois_unknown",
                Status.UNKNOWN,
                Severity.LOW,
                msg("legal.checks.domain_owner.domain_age_not_checked", reason=whois.reason or "?"),
                Evidence(excerpt="whois", value=shown),
            )
        ]
    if whois.status == "not_found" or whois.record is None:
        return [
            legal_finding(
                "domain_not_registered",
                Status.WARN,
                Severity.MEDIUM,
                msg("legal.checks.domain_owner.domain_is_not_in_whois", domain=shown),
                Evidence(excerpt=f"whois {whois.server or ''}".strip(), value=shown),
            )
        ]
    record = whois.record
    findings = []
    evidence = Evidence(excerpt=f"whois {whois.server or ''}: {shown}".strip(), value=record.taxpayer_id or record.org)
    if record.taxpayer_id and inn and record.taxpayer_id != inn:
        findings.append(
            legal_finding(
                "whois_taxpayer_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                msg(
                    "legal.checks.domain_owner.domain_belongs_to_someone_else_in",
                    domain=shown,
                    whois=record.taxpayer_id,
                    inn=inn,
                ),
                evidence,
            )
        )
    elif record.taxpayer_id and inn:
        findings.append(
            legal_finding(
                "whois_taxpayer_match",
                Status.PASS,
                Severity.INFO,
                msg("legal.checks.domain_owner.domain_belongs_to_same_entity_in"),
                evidence,
            )
        )
    elif record.format == "tci" and not record.org:
        findings.append(
            legal_finding(
                "domain_owner_private",
                Status.WARN,
                Severity.LOW,
                msg("legal.checks.domain_owner.domain_is_registered_to_private_person", domain=shown),
                evidence,
            )
        )
    return findings


class DomainOwnerCheck(LegalCheck):
    """Who holds the site's domain, by its whois record.

    Why it matters: a domain held by a private person or another company can be taken away with the site and
    its phone numbers; the holder is part of who the buyer deals with.
    How to fix: ask the vendor to move the domain to the contracting entity.
    """

    code = "domain_owner"
    title_ru = "Владелец домена"
    title_en = "Domain holder"
    order = 40

    def run(self, context: LegalContext) -> list[Finding]:
        record = context.record
        return check_whois(context.facts, context.whois, context.inn or (record.inn if record else None))
