"""The register's entry against the site: found at all, active, ОГРН, name and form, director, address,
main activity."""

from __future__ import annotations

from callscout.i18n import format_datetime, msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    EGRUL_URL,
    legal_finding,
    registry_evidence,
    site_evidence,
    validate_number,
)
from callscout.legal.claims import SiteClaims, VendorFacts
from callscout.legal.matching import address_overlap, names_match, normalize_name, persons_match
from callscout.legal.registry import CALL_CENTER_OKVED, RegistryLookup, RegistryRecord
from callscout.model import Evidence, Finding, Severity, Status


def check_registry(facts: VendorFacts, lookup: RegistryLookup | None) -> list[Finding]:
    site = facts.site
    if lookup is None:
        return []
    if lookup.status == "unknown":
        return [
            legal_finding(
                "registry_unknown",
                Status.UNKNOWN,
                Severity.MEDIUM,
                msg("legal.checks.register_entry.register_not_checked", reason=lookup.reason or "?"),
                Evidence(excerpt=lookup.source, value=lookup.query),
            )
        ]
    if lookup.status == "not_found" or lookup.record is None:
        return [
            legal_finding(
                "not_in_registry",
                Status.FAIL,
                Severity.HIGH,
                msg("legal.checks.register_entry.no_entity_with_in_register", inn=lookup.query),
                Evidence(url=EGRUL_URL, excerpt=lookup.source, value=lookup.query),
            )
        ]
    record = lookup.record
    findings = [_status_finding(record)]
    site_ogrn = site.entity("ogrn")
    # An invalid ОГРН is already a finding of its own; only a valid one is compared with the register.
    if site_ogrn and record.ogrn and validate_number(str(site_ogrn))[0] not in (None, record.ogrn):
        findings.append(
            legal_finding(
                "ogrn_mismatch",
                Status.FAIL,
                Severity.HIGH,
                msg("legal.checks.register_entry.stated_differs_from_register", site=site_ogrn, registry=record.ogrn),
                site_evidence(site, site_ogrn, "ОГРН"),
                registry_evidence(record, record.ogrn),
            )
        )
    findings.extend(_name_findings(site, record))
    findings.extend(_director_findings(site, record))
    findings.extend(_address_findings(site, record))
    findings.append(_activity_finding(record))
    return findings


def _status_finding(record: RegistryRecord) -> Finding:
    evidence = registry_evidence(record, record.status_text())
    if record.is_active:
        return legal_finding(
            "entity_status",
            Status.PASS,
            Severity.INFO,
            msg("legal.checks.register_entry.entity_is_active"),
            evidence,
        )
    serious = record.status in ("LIQUIDATING", "LIQUIDATED", "BANKRUPT")
    return legal_finding(
        "entity_status",
        Status.FAIL if serious else Status.WARN,
        Severity.CRITICAL if serious else Severity.MEDIUM,
        msg("legal.checks.register_entry.entity_s_status_in_register", status=record.status_label()),
        evidence,
    )


def _name_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    site_names = [site.entity("name"), site.entity("full_name")]
    if not any(site_names):
        return []
    registry_names = [
        record.short_name_with_form,
        record.full_name_with_form,
        record.short_name,
        record.full_name,
    ]
    matched, similarity = names_match(site_names, registry_names)
    # The form the site states: its own field first, else the one written inside the name.
    site_form = next(
        (form for text in (site.entity("legal_form"), *site_names) if (form := normalize_name(text)[0])), None
    )
    registry_form = normalize_name(record.legal_form or record.legal_form_full or "")[0]
    evidence = [
        site_evidence(
            site, site.entity("name") or site.entity("full_name"), msg("legal.checks.register_entry.name_on_site")
        ),
        registry_evidence(record, record.short_name_with_form or record.full_name_with_form),
    ]
    if not matched:
        return [
            legal_finding(
                "name_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                msg("legal.checks.register_entry.name_on_site_differs_from_register", similarity=similarity),
                *evidence,
            )
        ]
    if site_form and registry_form and site_form != registry_form:
        return [
            legal_finding(
                "legal_form_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                msg(
                    "legal.checks.register_entry.legal_form_on_site_differs_from",
                    site=site_form.upper(),
                    registry=registry_form.upper(),
                ),
                *evidence,
            )
        ]
    return [
        legal_finding(
            "name_match",
            Status.PASS,
            Severity.INFO,
            msg("legal.checks.register_entry.name_matches_register"),
            *evidence,
        )
    ]


def _director_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    director = site.legal_entity.get("director")
    site_name = director.get("name") if isinstance(director, dict) else None
    if not site_name or record.director is None:
        return []
    evidence = [
        site_evidence(
            site,
            f"{director.get('position') or ''} {site_name}".strip(),
            msg("legal.checks.register_entry.director_on_site"),
        ),
        registry_evidence(record, f"{record.director.post or ''} {record.director.name}".strip()),
    ]
    if persons_match(site_name, record.director.name):
        return [
            legal_finding(
                "director_match",
                Status.PASS,
                Severity.INFO,
                msg("legal.checks.register_entry.director_matches_register"),
                *evidence,
            )
        ]
    since = record.director.since
    recent = msg(
        "legal.checks.register_entry.in_register_since_site_may_be", since=format_datetime(since) if since else "?"
    )
    return [
        legal_finding(
            "director_mismatch",
            Status.WARN,
            Severity.MEDIUM,
            msg(
                "legal.checks.register_entry.director_on_site_is_not_one", site=site_name, registry=record.director.name
            )
            + (recent if since else ""),
            *evidence,
        )
    ]


def _address_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    site_address = site.entity("legal_address")
    overlap = address_overlap(site_address, record.address)
    if overlap is None:
        return []
    evidence = [
        site_evidence(site, site_address, msg("legal.checks.register_entry.legal_address_on_site")),
        registry_evidence(record, record.address),
    ]
    if overlap >= 0.75:
        return [
            legal_finding(
                "address_match",
                Status.PASS,
                Severity.INFO,
                msg("legal.checks.register_entry.legal_address_matches_register"),
                *evidence,
            )
        ]
    return [
        legal_finding(
            "address_mismatch",
            Status.WARN,
            Severity.MEDIUM if overlap < 0.5 else Severity.LOW,
            msg("legal.checks.register_entry.legal_address_on_site_differs_from", share=overlap),
            *evidence,
        )
    ]


_RELATED_ACTIVITIES = ("82.", "73.", "61.", "62.", "63.", "70.22", "78.")


def _activity_finding(record: RegistryRecord) -> Finding:
    code = record.okved
    evidence = registry_evidence(record, f"{code} {record.okved_name or ''}".strip() if code else None)
    if code is None:
        return legal_finding(
            "main_activity",
            Status.UNKNOWN,
            Severity.LOW,
            msg("legal.checks.register_entry.main_unknown"),
            evidence,
        )
    if code == CALL_CENTER_OKVED:
        return legal_finding(
            "main_activity",
            Status.PASS,
            Severity.INFO,
            msg("legal.checks.register_entry.main_activity_is_82_20_call"),
            evidence,
        )
    if CALL_CENTER_OKVED in record.okveds:
        return legal_finding(
            "main_activity",
            Status.PASS,
            Severity.LOW,
            msg("legal.checks.register_entry.n82_20_call_centers_is_additional", code=code),
            evidence,
        )
    related = code.startswith(_RELATED_ACTIVITIES)
    return legal_finding(
        "main_activity",
        Status.WARN,
        Severity.LOW if related else Severity.MEDIUM,
        msg("legal.checks.register_entry.main_activity_is_not_call_center", code=code),
        evidence,
    )


class RegisterEntryCheck(LegalCheck):
    """What the register says about the entity, compared with what the site claims.

    Why it matters: the register cannot be edited by the vendor; a liquidated entity, another director or
    another address on the site are the contradictions a buyer must see before signing.
    How to fix: compare the site's requisites page with the register's extract and ask the vendor about each
    difference.
    """

    code = "register_entry"
    title_ru = "Запись в реестре"
    title_en = "Register entry"
    order = 20

    def run(self, context: LegalContext) -> list[Finding]:
        return check_registry(context.facts, context.registry)
