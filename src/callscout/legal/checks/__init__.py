"""The legal cross-checks of one vendor, one module each, found by walking this package (``callscout.registry``).

Every check is a class with a ``code``, Russian and English titles, an ``order`` (the place of its findings
in the vendor's list) and a docstring saying what it checks, why it matters and how to fix it; its one
method ``run(context) -> list[Finding]`` reads what was looked up (never the network). ``run_checks`` runs
them in order and turns a crashing check into an ``unknown`` finding so the other checks still run
(sqlfluff-style). A new check is a new module here and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from callscout.legal.checks._common import CHECK, LegalThresholds
from callscout.legal.claims import VendorFacts
from callscout.legal.registry import RegistryLookup, RegistryRecord
from callscout.legal.whois import WhoisLookup, WhoisRecord
from callscout.model import Finding
from callscout.registry import Registry, classes_in


@dataclass
class LegalContext:
    """Everything the legal checks see about one vendor: its facts and what the register and whois said."""

    facts: VendorFacts
    registry: RegistryLookup | None
    whois: WhoisLookup | None
    today: date
    thresholds: LegalThresholds
    inn: str | None = None
    # The identifier findings when they were made before the lookups (the lookups need the ИНН).
    identifier_findings: list[Finding] | None = None
    # Left by the requisites check for the result document.
    checklist: list[dict[str, Any]] = field(default_factory=list)

    @property
    def record(self) -> RegistryRecord | None:
        registry = self.registry
        return registry.record if registry is not None and registry.status == "found" else None

    @property
    def whois_record(self) -> WhoisRecord | None:
        whois = self.whois
        return whois.record if whois is not None and whois.status == "found" else None


class LegalCheck:
    """Base class of every legal check. Subclasses set the class attributes and implement ``run``."""

    code: ClassVar[str]
    title_ru: ClassVar[str]
    title_en: ClassVar[str]
    order: ClassVar[int] = 0

    def run(self, context: LegalContext) -> list[Finding]:
        raise NotImplementedError


REGISTRY: Registry[type[LegalCheck]] = Registry(
    "callscout.legal.checks", classes_in(LegalCheck), key=lambda check_class: check_class.code
)


def all_checks() -> list[type[LegalCheck]]:
    return list(REGISTRY.values())


def run_checks(context: LegalContext) -> list[Finding]:
    """Every check's findings in order; a check that crashes is an ``unknown`` finding (cause: check)."""
    findings: list[Finding] = []
    for check_class in all_checks():
        try:
            findings.extend(check_class().run(context))
        except Exception as error:  # noqa: BLE001 - a broken check becomes a finding; the others still run
            failure = Finding.check_failed(CHECK, error, url=context.facts.website or context.facts.site.url)
            failure.evidence[0].excerpt = f"{check_class.code}: {check_class.title_ru} / {check_class.title_en}"
            findings.append(failure)
    return findings
