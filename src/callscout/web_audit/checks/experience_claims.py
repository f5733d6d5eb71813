"""Claims of experience on the site ("15 лет на рынке", "с 2005 года"), for the legal cross-checks."""

from __future__ import annotations

from callscout.i18n import msg
from callscout.legal.claims import find_experience_claims
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, SiteContext, register


@register
class ExperienceClaimsCheck(Check):
    """What the site says about the vendor's experience, kept to be checked against the register.

    Why it matters: the article advises preferring a call center with long experience and checking
    the site's age with whois. A claim such as "15 лет на рынке" is only worth something when the
    company's registration date and the domain's creation date do not contradict it.

    How to fix: state the year the company started and keep it consistent with the requisites; if the
    business moved to a new legal entity, say so next to the claim.
    """

    code = "experience_claims"
    order = 50
    title_ru = "Заявленный опыт"
    title_en = "Claimed experience"
    criterion = "Отдавайте предпочтение call-центру с большим опытом работы; время существования сайта проверяйте whois"

    def run(self, site: SiteContext) -> list[Finding]:
        today = site.now.date() if site.now else None
        claims = []
        for page in site.ok_pages():
            for claim in find_experience_claims(page.text, page.url, today=today):
                if all((claim.since_year, claim.years) != (seen.since_year, seen.years) for seen in claims):
                    claims.append(claim)
        site.facts["experience_claims"] = [claim.to_dict() for claim in claims]
        if not claims:
            return [
                Finding(
                    check=self.code,
                    code="no_claims",
                    status=Status.PASS,
                    severity=Severity.INFO,
                    message=msg("web_audit.checks.experience_claims.site_states_no_experience_age_is"),
                    evidence=[Evidence(url=site.root_url)],
                )
            ]
        return [
            Finding(
                check=self.code,
                code="claims",
                status=Status.PASS,
                severity=Severity.INFO,
                message=msg(
                    "web_audit.checks.experience_claims.site_claims_experience_checked_against_register",
                    claims="; ".join(claim.text for claim in claims[:5]),
                ),
                evidence=[
                    Evidence(url=claim.url, excerpt=claim.text[:200], value=claim.since_year or claim.years)
                    for claim in claims[:10]
                ],
            )
        ]
