"""The legal check of one vendor end to end: look up the register and whois, then cross-check.

The CLI (``callscout legal check``) and the pipeline's ``legal`` stage both call ``verify_vendor``;
lookups go through the store's cache, and no network is touched unless ``network`` is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from callscout.i18n import msg
from callscout.legal import cache
from callscout.legal.claims import SiteClaims, VendorFacts
from callscout.legal.crosscheck import LegalResult, LegalThresholds, check_identifiers, evaluate
from callscout.legal.ids import ogrn, ogrnip
from callscout.legal.registry import DadataProvider, RegistryLookup, RegistryProvider, lookup
from callscout.legal.whois import WhoisClient, WhoisLookup, parse_whois, registrable_domain
from callscout.model import Evaluation, Needs, Vendor
from callscout.model.result import SiteSection
from callscout.store import Store


@dataclass
class LegalServices:
    """Where lookups go. ``network=False`` answers from the cache only (``unknown`` otherwise)."""

    registry: RegistryProvider = field(default_factory=DadataProvider)
    whois: WhoisClient = field(default_factory=WhoisClient)
    store: Store | None = None
    network: bool = True
    max_age: timedelta = cache.DEFAULT_MAX_AGE
    thresholds: LegalThresholds = field(default_factory=LegalThresholds)


def whois_lookup(target: str, services: LegalServices) -> WhoisLookup:
    """Domain record from the cache when fresh, else from the whois server; ``unknown`` on trouble."""
    try:
        domain = registrable_domain(target)
    except ValueError as error:
        return WhoisLookup(domain=target, status="unknown", reason=str(error))
    if services.store is not None:
        cached = cache.load(services.store, "whois", domain, services.max_age)
        if cached is not None:
            payload, fetched_at = cached
            record = parse_whois(payload.get("raw", ""), domain)
            return WhoisLookup(
                domain=domain,
                status="found" if record.found else "not_found",
                record=record,
                server=payload.get("server"),
                raw=payload.get("raw"),
                fetched_at=fetched_at,
                from_cache=True,
            )
    if not services.network:
        return WhoisLookup(
            domain=domain,
            status="unknown",
            reason=msg("legal.check.network_checks_are_off_and_cache"),
        )
    result = services.whois.lookup(domain)
    if services.store is not None and result.status != "unknown" and result.raw is not None:
        cache.save(services.store, "whois", domain, {"raw": result.raw, "server": result.server}, result.fetched_at)
    return result


def verify_vendor(facts: VendorFacts, services: LegalServices, *, today: date | None = None) -> LegalResult:
    today = today or datetime.now(UTC).date()
    identifier_findings, inn = check_identifiers(facts)
    registry: RegistryLookup | None = None
    # The register answers to an ОГРН too: a site may print only that.
    query = inn or _valid_ogrn(facts.site.entity("ogrn"))
    if query:
        registry = lookup(
            query, services.registry, store=services.store, max_age=services.max_age, network=services.network
        )
    website = facts.website or facts.site.url
    whois = whois_lookup(website, services) if website else None
    return evaluate(
        facts,
        registry,
        whois,
        today=today,
        thresholds=services.thresholds,
        inn=inn,
        identifier_findings=identifier_findings,
    )


def _valid_ogrn(number: object) -> str | None:
    if not isinstance(number, str):
        return None
    for module in (ogrn, ogrnip):
        if module.is_valid(number):
            return module.compact(number)
    return None


def vendor_facts(
    vendor: Vendor, needs: Needs | None = None, site: SiteSection | dict[str, Any] | None = None
) -> VendorFacts:
    """What the cross-checks know of an evaluation's vendor, with its audited site's JSON when there is one."""
    return VendorFacts(
        name=vendor.name,
        inn=vendor.inn,
        website=vendor.website,
        phones=list(vendor.contacts.phones),
        site=SiteClaims.from_audit(site),
        contract_rub_month=needs.budget_rub_month if needs else None,
    )


def verify_evaluation(
    evaluation: Evaluation,
    services: LegalServices,
    *,
    audit: Mapping[str, SiteSection | dict[str, Any]] | None = None,
    today: date | None = None,
) -> list[tuple[Vendor, LegalResult]]:
    """Every vendor of the evaluation; a crash for one vendor is its ``unknown`` result, not the run's end."""
    results = []
    for vendor in evaluation.vendors:
        site = audit.get(vendor.name) if audit is not None else None
        facts = vendor_facts(vendor, evaluation.needs, site)
        try:
            result = verify_vendor(facts, services, today=today)
        except Exception as error:  # noqa: BLE001 - one vendor's crash is its finding; the others go on
            result = LegalResult.crashed(facts, error)
        results.append((vendor, result))
    return results
