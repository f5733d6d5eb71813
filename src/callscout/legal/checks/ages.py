"""How old the company and its domain are, by the thresholds of the evaluation."""

from __future__ import annotations

from datetime import date

from callscout.i18n import format_datetime, format_number, msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    LegalThresholds,
    legal_finding,
    registry_evidence,
)
from callscout.legal.whois import display_domain
from callscout.model import Evidence, Finding, Severity, Status


def check_age(
    what: str, created: date | None, today: date, thresholds: LegalThresholds, evidence: Evidence
) -> Finding | None:
    """Young company (``what="company"``) or young domain (``"domain"``) by the thresholds."""
    if created is None:
        return None
    years = round(max((today - created).days, 0) / 365.25, 2)  # the same rounding as the JSON age
    if what == "company":
        message = msg(
            "legal.checks.ages.company_is_years_old_registered",
            years=format_number(years, 1),
            created=format_datetime(created),
        )
    else:
        message = msg(
            "legal.checks.ages.domain_is_years_old_created",
            years=format_number(years, 1),
            created=format_datetime(created),
        )
    if years < thresholds.fail_below_years:
        status, severity = Status.FAIL, Severity.HIGH
    elif years < thresholds.warn_below_years:
        status, severity = Status.WARN, Severity.MEDIUM
    else:
        status, severity = Status.PASS, Severity.INFO
    return legal_finding(f"{what}_age", status, severity, message, evidence)


class CompanyAgeCheck(LegalCheck):
    """The company's age from its registration date in the register.

    Why it matters: a company younger than its contract carries the risk of vanishing with the prepayment.
    How to fix: prefer vendors with a history, or secure the contract (no prepayment, guarantees).
    """

    code = "company_age"
    title_ru = "Возраст организации"
    title_en = "Company age"
    order = 30

    def run(self, context: LegalContext) -> list[Finding]:
        record = context.record
        if record is None:
            return []
        age = check_age(
            "company",
            record.registration_date,
            context.today,
            context.thresholds,
            registry_evidence(record, record.registration_date),
        )
        return [age] if age else []


class DomainAgeCheck(LegalCheck):
    """The domain's age from its whois record.

    Why it matters: a fresh domain behind a claim of long experience is a common sign of a rebranded or
    one-off firm.
    How to fix: ask the vendor for its earlier domains and names.
    """

    code = "domain_age"
    title_ru = "Возраст домена"
    title_en = "Domain age"
    order = 50

    def run(self, context: LegalContext) -> list[Finding]:
        whois, whois_record = context.whois, context.whois_record
        if whois is None or whois_record is None:
            return []
        age = check_age(
            "domain",
            whois_record.created,
            context.today,
            context.thresholds,
            Evidence(
                excerpt=f"whois: {display_domain(whois.domain)}",
                value=whois_record.created.isoformat() if whois_record.created else None,
            ),
        )
        return [age] if age else []
