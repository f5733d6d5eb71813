"""Cross-checks of what a vendor claims against the register and the domain's whois record.

A site can print any requisites; the register and the domain registry cannot be edited by the
vendor. Each check (``legal/checks/<name>.py``, found by walking that package) gives ``Finding``s with the
evidence on both sides, and the vendor gets one
summary: ``verified`` (the register confirms an active entity and nothing contradicts it),
``doubtful`` (something does not add up), ``failed`` (a serious contradiction or risk) or
``unknown`` (nothing could be checked, e.g. no ИНН and no registry key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from callscout.i18n import msg
from callscout.legal.checks import LegalContext, run_checks
from callscout.legal.checks._common import CHECK, EGRUL_URL, LegalThresholds
from callscout.legal.checks.identifiers import check_identifiers
from callscout.legal.claims import ExperienceClaim, VendorFacts
from callscout.legal.registry import RegistryLookup
from callscout.legal.whois import WhoisLookup, display_domain
from callscout.model import Finding, Severity, Status
from callscout.present.findings import stored_text

# --- summary ------------------------------------------------------------------------------------------------


def summarize(findings: Sequence[Finding], registry_found: bool) -> tuple[str, list[str]]:
    """``verified`` / ``doubtful`` / ``failed`` / ``unknown`` with the reasons that decided it."""
    ordered = sorted(findings, key=lambda item: (item.status != Status.FAIL, -item.severity.rank))
    failures = [item for item in ordered if item.status == Status.FAIL and item.severity.rank >= Severity.HIGH.rank]
    doubts = [
        item
        for item in ordered
        if item.status == Status.FAIL or (item.status == Status.WARN and item.severity.rank >= Severity.MEDIUM.rank)
    ]
    if failures:
        failed = [stored_text(item) for item in failures]
        return "failed", failed + [stored_text(item) for item in doubts if item not in failures]
    if doubts:
        return "doubtful", [stored_text(item) for item in doubts]
    # A check that crashed may have been the one to contradict the register: never "verified" without it.
    crashed = [stored_text(item) for item in ordered if item.code == "check_failed"]
    if crashed:
        return "unknown", crashed
    if registry_found:
        passed = [stored_text(item) for item in ordered if item.status == Status.PASS and item.code != "name_match"]
        return "verified", passed or [msg("legal.crosscheck.register_confirms_entity")]
    unknown = [stored_text(item) for item in ordered if item.status == Status.UNKNOWN]
    return "unknown", unknown or [msg("legal.crosscheck.nothing_could_be_checked")]


@dataclass
class LegalResult:
    vendor: str
    status: str
    reasons: list[str]
    findings: list[Finding]
    registry: RegistryLookup | None
    whois: WhoisLookup | None
    company_age_years: float | None
    domain_age_years: float | None
    checklist: list[dict[str, Any]]
    inn: str | None
    experience: list[ExperienceClaim]

    @classmethod
    def crashed(cls, facts: VendorFacts, error: BaseException) -> LegalResult:
        """A check that crashed for one vendor: ``unknown`` with the error as its finding, the run goes on."""
        failure = Finding.check_failed(CHECK, error, url=facts.website or facts.site.url)
        return cls(
            vendor=facts.name,
            status="unknown",
            reasons=[failure.message],
            findings=[failure],
            registry=None,
            whois=None,
            company_age_years=None,
            domain_age_years=None,
            checklist=[],
            inn=facts.inn,
            experience=[],
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``legal`` block of the result document (its keys are read by the scoring stage)."""
        record = self.registry.record if self.registry else None
        registry: dict[str, Any] | None = None
        if record is not None and self.registry is not None:
            registry = {
                **record.model_dump(mode="json"),
                "status_label": record.status_label(),
                "fetched_at": self.registry.fetched_at.isoformat() if self.registry.fetched_at else None,
                "from_cache": self.registry.from_cache,
            }
        domain: dict[str, Any] | None = None
        if self.whois is not None and self.whois.record is not None and self.whois.status == "found":
            whois_record = self.whois.record
            domain = {
                "name": display_domain(self.whois.domain),
                "created": whois_record.created.isoformat() if whois_record.created else None,
                "age_years": self.domain_age_years,
                "registrar": whois_record.registrar,
                "expires": whois_record.expires.isoformat() if whois_record.expires else None,
                "org": whois_record.org,
                "taxpayer_id": whois_record.taxpayer_id,
                "server": self.whois.server,
                "fetched_at": self.whois.fetched_at.isoformat() if self.whois.fetched_at else None,
            }
        return {
            "status": self.status,
            "reasons": self.reasons,
            "inn": self.inn,
            "registry": registry,
            "registry_status": self.registry.status if self.registry else None,
            # Why a lookup said nothing (no key, network off, timeout): the unknown's reason in the report.
            "registry_reason": self.registry.reason if self.registry and self.registry.status == "unknown" else None,
            "domain": domain,
            "domain_status": self.whois.status if self.whois else None,
            "domain_reason": self.whois.reason if self.whois and self.whois.status == "unknown" else None,
            "company_age_years": self.company_age_years,
            "requisites_checklist": self.checklist,
            "experience_claims": [claim.to_dict() for claim in self.experience],
            "flags": [finding.model_dump(mode="json") for finding in self.findings],
        }


def evaluate(
    facts: VendorFacts,
    registry: RegistryLookup | None,
    whois: WhoisLookup | None,
    *,
    today: date,
    thresholds: LegalThresholds | None = None,
    inn: str | None = None,
    identifier_findings: list[Finding] | None = None,
) -> LegalResult:
    """All cross-checks for one vendor from what was looked up. Pure: no network, no store."""
    if identifier_findings is None:
        inn = _inn_to_look_up(facts)
    context = LegalContext(
        facts,
        registry,
        whois,
        today,
        thresholds or LegalThresholds(),
        inn=inn,
        identifier_findings=identifier_findings,
    )
    findings = run_checks(context)
    record, whois_record = context.record, context.whois_record
    status, reasons = summarize(findings, record is not None)
    return LegalResult(
        vendor=facts.name,
        status=status,
        reasons=reasons,
        findings=findings,
        registry=registry,
        whois=whois,
        company_age_years=record.age_years(today) if record else None,
        domain_age_years=whois_record.age_years(today) if whois_record else None,
        checklist=context.checklist,
        inn=inn,
        experience=list(facts.site.experience),
    )


def _inn_to_look_up(facts: VendorFacts) -> str | None:
    """The ИНН the checks compare with; the identifiers check itself reports what is wrong with it."""
    try:
        return check_identifiers(facts)[1]
    except Exception:  # noqa: BLE001 - the identifiers check's own crash is reported by run_checks
        return None


__all__ = [
    "CHECK",
    "EGRUL_URL",
    "LegalResult",
    "LegalThresholds",
    "check_identifiers",
    "evaluate",
    "summarize",
]
