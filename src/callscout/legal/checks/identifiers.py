"""The stated ИНН and ОГРН: valid numbers, and the same on the site as in the evaluation file."""

from __future__ import annotations

from callscout.i18n import msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    legal_finding,
    site_evidence,
    validate_number,
)
from callscout.legal.claims import VendorFacts
from callscout.model import Evidence, Finding, Severity, Status


def check_identifiers(facts: VendorFacts) -> tuple[list[Finding], str | None]:
    """Validity of the stated ИНН/ОГРН; returns the ИНН to look up in the register."""
    findings: list[Finding] = []
    site = facts.site
    valid_inns: dict[str, str] = {}
    for source, number, label in (
        ("evaluation", facts.inn, msg("legal.checks.identifiers.in_evaluation_file")),
        ("site", site.entity("inn"), msg("legal.checks.identifiers.on_site")),
    ):
        if not number:
            continue
        valid, reason = validate_number(str(number))
        if valid is None:
            findings.append(
                legal_finding(
                    "inn_invalid",
                    Status.FAIL,
                    Severity.HIGH,
                    msg("legal.checks.identifiers.is_invalid", label=label, reason=reason),
                    Evidence(url=site.url if source == "site" else None, excerpt=label, value=str(number)),
                )
            )
        else:
            valid_inns[source] = valid
    ogrn = site.entity("ogrn")
    if ogrn:
        valid, reason = validate_number(str(ogrn))
        if valid is None:
            findings.append(
                legal_finding(
                    "ogrn_invalid",
                    Status.FAIL,
                    Severity.HIGH,
                    msg("legal.checks.identifiers.is_invalid_2", reason=reason),
                    site_evidence(site, ogrn, "ОГРН"),
                )
            )
    stated, shown = valid_inns.get("evaluation"), valid_inns.get("site")
    if stated and shown and stated != shown:
        findings.append(
            legal_finding(
                "inn_differs",
                Status.WARN,
                Severity.MEDIUM,
                msg("legal.checks.identifiers.on_site_differs_from_one_vendor", site=shown, stated=stated),
                site_evidence(site, shown, msg("legal.checks.identifiers.on_site")),
                Evidence(excerpt=msg("legal.checks.identifiers.in_evaluation_file"), value=stated),
            )
        )
    if not valid_inns and not findings and not validate_number(str(ogrn or ""))[0]:
        findings.append(
            legal_finding(
                "inn_missing",
                Status.UNKNOWN,
                Severity.MEDIUM,
                msg("legal.checks.identifiers.no_neither_vendor_nor_site_gave"),
            )
        )
    return findings, stated or shown


class IdentifiersCheck(LegalCheck):
    """The ИНН and ОГРН the vendor and its site give are valid numbers and the same number.

    Why it matters: an invalid or changing ИНН is either a typo or an entity that does not want to be looked up;
    without a valid one the register cannot be asked at all.
    How to fix: ask the vendor for its ИНН and write it in the evaluation file.
    """

    code = "identifiers"
    title_ru = "ИНН и ОГРН"
    title_en = "ИНН and ОГРН"
    order = 10

    def run(self, context: LegalContext) -> list[Finding]:
        if context.identifier_findings is not None:
            return list(context.identifier_findings)  # already checked before the register was asked
        return check_identifiers(context.facts)[0]
