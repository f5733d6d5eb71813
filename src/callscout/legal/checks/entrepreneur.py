"""A sole proprietor (ИП) as the contracting party for a large contract."""

from __future__ import annotations

from callscout.i18n import format_number, msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    LegalThresholds,
    legal_finding,
)
from callscout.legal.claims import VendorFacts
from callscout.legal.matching import normalize_name
from callscout.legal.registry import RegistryRecord
from callscout.model import Evidence, Finding, Severity, Status


def check_entrepreneur(
    facts: VendorFacts, record: RegistryRecord | None, inn: str | None, thresholds: LegalThresholds
) -> list[Finding]:
    is_individual = (record is not None and record.entity_type == "individual") or (
        record is None
        and ((inn is not None and len(inn) == 12) or normalize_name(facts.site.entity("legal_form"))[0] == "ип")
    )
    if not is_individual:
        return []
    contract = facts.contract_rub_month
    evidence = Evidence(excerpt=msg("legal.checks.entrepreneur.sole_proprietor"), value=contract)
    if contract is None:
        return [
            legal_finding(
                "sole_proprietor",
                Status.WARN,
                Severity.LOW,
                msg("legal.checks.entrepreneur.vendor_is_sole_proprietor_not_company"),
                evidence,
            )
        ]
    large = contract >= thresholds.large_contract_rub_month
    return [
        legal_finding(
            "sole_proprietor",
            Status.WARN if large else Status.PASS,
            Severity.MEDIUM if large else Severity.INFO,
            msg("legal.checks.entrepreneur.vendor_is_sole_proprietor_for_contract", amount=format_number(contract, 0)),
            evidence,
        )
    ]


class EntrepreneurCheck(LegalCheck):
    """A sole proprietor as the vendor of a large contract.

    Why it matters: an ИП answers with personal property and ends with the person; a large contract needs an
    entity that outlives its owner.
    How to fix: contract with a company, or keep the contract within the risk an ИП can carry.
    """

    code = "entrepreneur"
    title_ru = "Индивидуальный предприниматель"
    title_en = "Sole proprietor"
    order = 70

    def run(self, context: LegalContext) -> list[Finding]:
        return check_entrepreneur(context.facts, context.record, context.inn, context.thresholds)
