"""The pipeline's ``legal`` stage: every vendor of the evaluation checked against register and whois.

It works with or without the website audit: the audit's site JSON (``document["audit"][name]``)
adds the site's requisites and claims; without it the vendor's own ИНН and website are checked.
Network lookups happen only when the run allows them (``options["network"]``) or when services are
handed in (the demo's local servers); otherwise the store's cache answers or the result is unknown.
``options["legal_thresholds"]`` (a ``LegalThresholds``) changes the age thresholds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callscout.legal.check import LegalServices, verify_evaluation
from callscout.legal.crosscheck import LegalThresholds
from callscout.store.ownership import vendor_ref

if TYPE_CHECKING:
    from callscout.legal.crosscheck import LegalResult
    from callscout.model import Evaluation, Vendor
    from callscout.pipeline import PipelineContext
    from callscout.store import Store

RUN_KIND = "legal"


def legal_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    services: LegalServices = context.options.get("legal_services") or LegalServices(
        network=bool(context.options.get("network", False))
    )
    if services.store is None:
        services.store = context.store
    if isinstance(context.options.get("legal_thresholds"), LegalThresholds):
        services.thresholds = context.options["legal_thresholds"]
    results = verify_evaluation(
        context.evaluation, services, audit=document.get("audit"), today=context.options.get("today")
    )
    legal: dict[str, Any] = {}
    for vendor, result in results:
        legal[vendor.name] = record_legal_run(
            context.store, context.evaluation, vendor, result, evaluation_id=context.evaluation_id
        )
    document["sections"].append("legal")
    document["legal"] = legal


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
