"""The pipeline's ``legal`` stage: every vendor of the evaluation checked against register and whois.

It works with or without the website audit: the audit's site JSON (``document["audit"][name]``)
adds the site's requisites and claims; without it the vendor's own ИНН and website are checked.
Network lookups happen only when the run allows them (``options["network"]``) or when services are
handed in (the demo's local servers); otherwise the store's cache answers or the result is unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.legal.check import LegalServices, verify_vendor
from callscout.legal.crosscheck import SiteClaims, VendorFacts
from callscout.model import Finding

if TYPE_CHECKING:
    from callscout.pipeline import PipelineContext


def legal_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    services: LegalServices = context.options.get("legal_services") or LegalServices(
        network=bool(context.options.get("network", False))
    )
    if services.store is None:
        services.store = context.store
    audit = document.get("audit") or {}
    today = context.options.get("today")
    legal: dict[str, Any] = {}
    for vendor in context.evaluation.vendors:
        site = audit.get(vendor.name) if isinstance(audit, dict) else None
        facts = VendorFacts(
            name=vendor.name,
            inn=vendor.inn,
            website=vendor.website,
            phones=list(vendor.contacts.phones),
            site=SiteClaims.from_audit(site),
            contract_rub_month=context.evaluation.needs.budget_rub_month,
        )
        try:
            result = verify_vendor(facts, services, today=today)
            block = result.to_dict()
            findings = result.findings
            target = result.inn or (result.whois.domain if result.whois else vendor.name)
        except Exception as error:  # noqa: BLE001 - one vendor's crash is its finding; the others go on
            failure = Finding.check_failed("legal", error, url=vendor.website)
            findings = [failure]
            target = vendor.inn or vendor.name
            block = {
                "status": "unknown",
                "reasons": [failure.message],
                "inn": vendor.inn,
                "registry": None,
                "registry_status": None,
                "domain": None,
                "domain_status": None,
                "company_age_years": None,
                "requisites_checklist": [],
                "experience_claims": [],
                "flags": [failure.model_dump(mode="json")],
            }
        context.store.record_run(
            "legal",
            target,
            findings,
            summary=block,
            vendor_id=context.store.vendor_id(context.evaluation.name, vendor.name),
            evaluation_id=context.evaluation_id,
        )
        legal[vendor.name] = block
    document["sections"].append("legal")
    document["legal"] = legal
