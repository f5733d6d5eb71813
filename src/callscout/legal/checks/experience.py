"""The site's "N years on the market" against the register and the domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from callscout.i18n import format_datetime, join, msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    LegalThresholds,
    legal_finding,
)
from callscout.legal.claims import ExperienceClaim, fractional_year
from callscout.model import Evidence, Finding, Severity, Status


def check_experience(
    claims: Sequence[ExperienceClaim],
    registered: date | None,
    domain_created: date | None,
    today: date,
    thresholds: LegalThresholds,
) -> list[Finding]:
    """A claim of more experience than the register and the domain allow is contradicted."""
    findings = []
    sources = [(label, day) for label, day in (("registry", registered), ("domain", domain_created)) if day]
    if not sources:
        return []
    for claim in claims:
        start = claim.latest_start(today)
        contradicted = [
            (label, day)
            for label, day in sources
            if start < fractional_year(day) - thresholds.experience_tolerance_years
        ]
        if not contradicted:
            continue
        evidence = [Evidence(url=claim.url, excerpt=claim.text, value=claim.since_year or claim.years)]
        for label, day in contradicted:
            evidence.append(
                Evidence(
                    excerpt=msg("legal.checks.experience.registration_date")
                    if label == "registry"
                    else msg("legal.checks.experience.domain_created"),
                    value=day.isoformat(),
                )
            )
        everything = len(contradicted) == len(sources)
        findings.append(
            legal_finding(
                "experience_contradicted",
                Status.FAIL if everything else Status.WARN,
                Severity.HIGH if everything else Severity.MEDIUM,
                msg(
                    "legal.checks.experience.site_says_but",
                    claim=claim.text,
                    facts=join(
                        ", ",
                        [
                            msg("legal.checks.experience.entity_was_registered_on_2", day=format_datetime(day))
                            if label == "registry"
                            else msg("legal.checks.experience.domain_was_created_on_2", day=format_datetime(day))
                            for label, day in contradicted
                        ],
                    ),
                ),
                *evidence,
            )
        )
    return findings


class ExperienceCheck(LegalCheck):
    """A claim of more experience than the register and the domain allow is contradicted.

    Why it matters: experience is a selling point the buyer cannot verify elsewhere; a claim older than the
    entity and its domain is an exaggeration at best.
    How to fix: ask the vendor which earlier entity the experience belongs to.
    """

    code = "experience"
    title_ru = "Заявленный опыт"
    title_en = "Claimed experience"
    order = 60

    def run(self, context: LegalContext) -> list[Finding]:
        record, whois_record = context.record, context.whois_record
        return check_experience(
            context.facts.site.experience,
            record.registration_date if record else None,
            whois_record.created if whois_record else None,
            context.today,
            context.thresholds,
        )
