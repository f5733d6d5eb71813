"""The site's landline numbers against the region of the registered address."""

from __future__ import annotations

from callscout.i18n import msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    legal_finding,
    registry_evidence,
)
from callscout.legal.claims import VendorFacts
from callscout.legal.phone_regions import landline_region, regions_near
from callscout.legal.registry import RegistryRecord
from callscout.model import Evidence, Finding, Severity, Status


def check_phone_regions(facts: VendorFacts, record: RegistryRecord | None) -> list[Finding]:
    if record is None or not record.address_region_iso:
        return []
    phones = [str(phone.get("e164") or phone.get("display") or "") for phone in facts.site.phones] + list(facts.phones)
    far: list[tuple[str, str]] = []
    near = 0
    seen = set()
    for phone in phones:
        region = landline_region(phone)
        if region is None or phone in seen:
            continue
        seen.add(phone)
        if regions_near(region[0], record.address_region_iso):
            near += 1
        else:
            far.append((phone, region[1]))
    if not far:
        if near:
            return [
                legal_finding(
                    "phone_region",
                    Status.PASS,
                    Severity.INFO,
                    msg("legal.checks.phone_region.landline_is_in_legal_address_s"),
                    registry_evidence(record, record.address_region),
                )
            ]
        return []
    return [
        legal_finding(
            "phone_region",
            Status.WARN,
            Severity.LOW,
            msg(
                "legal.checks.phone_region.landline_is_from_another_region_than",
                place=", ".join(sorted({place for _, place in far})),
                region=record.address_region or record.address_region_iso,
            ),
            *[Evidence(url=facts.site.url, excerpt=place, value=phone) for phone, place in far],
            registry_evidence(record, record.address),
        )
    ]


class PhoneRegionCheck(LegalCheck):
    """Landline numbers on the site from a region far from the registered address.

    Why it matters: the entity in the contract may not be the one that answers the phones.
    How to fix: ask where the operators sit and which entity employs them.
    """

    code = "phone_region"
    title_ru = "Регион телефонов"
    title_en = "Phone region"
    order = 80

    def run(self, context: LegalContext) -> list[Finding]:
        return check_phone_regions(context.facts, context.record)
