"""The stated ИНН and ОГРН: valid numbers, and the same on the site as in the evaluation file."""

from __future__ import annotations

from callscout.i18n import tr
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
        ("evaluation", facts.inn, tr("ИНН в файле оценки", "ИНН in the evaluation file")),
        ("site", site.entity("inn"), tr("ИНН на сайте", "ИНН on the site")),
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
                    tr("{label} недействителен: {reason}", "{label} is invalid: {reason}", label=label, reason=reason),
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
                    tr(
                        "ОГРН недействителен: {reason}",
                        "the ОГРН is invalid: {reason}",
                        reason=reason,
                    ),
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
                tr(
                    "ИНН на сайте ({site}) не совпадает с ИНН, который назвал вендор ({stated})",
                    "the ИНН on the site ({site}) differs from the one the vendor gave ({stated})",
                    site=shown,
                    stated=stated,
                ),
                site_evidence(site, shown, tr("ИНН на сайте", "ИНН on the site")),
                Evidence(excerpt=tr("ИНН в файле оценки", "ИНН in the evaluation file"), value=stated),
            )
        )
    if not valid_inns and not findings and not validate_number(str(ogrn or ""))[0]:
        findings.append(
            legal_finding(
                "inn_missing",
                Status.UNKNOWN,
                Severity.MEDIUM,
                tr(
                    "ИНН неизвестен: ни вендор, ни сайт его не назвали — реестр не проверен",
                    "no ИНН: neither the vendor nor the site gave one — the register was not checked",
                ),
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
