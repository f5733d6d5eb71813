"""The pipeline's ``legal`` stage: every vendor of the evaluation checked against register and whois.

It works with or without the website audit: the audit section (the site JSON of each vendor) adds the site's
requisites and claims; without it the vendor's own ИНН and website are checked. Network lookups happen only
when the run is ``online`` or when services are handed in (the demo's local servers); otherwise the store's
cache answers or the result is unknown. ``RunOptions.legal_thresholds`` changes the age thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from callscout.legal.check import LegalServices, verify_evaluation
from callscout.model.result import SiteSection
from callscout.model.run import RunContext
from callscout.store.ownership import vendor_ref

if TYPE_CHECKING:
    from callscout.legal.crosscheck import LegalResult
    from callscout.model import Evaluation, Vendor
    from callscout.store import Store

RUN_KIND = "legal"


def legal_stage(
    context: RunContext, audit: Mapping[str, SiteSection | dict[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    """``audit``: the audit section (each vendor's site), None without one."""
    options = context.options
    services = options.legal_services or LegalServices(network=options.online)
    if services.store is None:
        services.store = context.store
    if options.legal_thresholds is not None:
        services.thresholds = options.legal_thresholds
    results = verify_evaluation(context.evaluation, services, audit=audit, today=options.today)
    return {
        vendor.name: record_legal_run(
            context.store, context.evaluation, vendor, result, evaluation_id=context.evaluation_id
        )
        for vendor, result in results
    }


def record_legal_run(
    store: Store, evaluation: Evaluation, vendor: Vendor, result: LegalResult, *, evaluation_id: int | None
) -> dict[str, Any]:
    """Keep one vendor's verification as a run (the pipeline and the cabinet); return its summary."""
    block = result.to_dict()
    store.record_run(
        RUN_KIND,
        result.inn or (result.whois.domain if result.whois else vendor.name),
        result.findings,
        summary=block,
        vendor_id=vendor_ref(store, evaluation_id, vendor.name).id
        if evaluation_id is not None
        else store.vendor_id(evaluation.name, vendor.name),
        evaluation_id=evaluation_id,
    )
    return block
