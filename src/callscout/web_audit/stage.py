"""The pipeline's ``audit`` stage: every vendor's website, as the JSON contract, in the result document.

The pipeline never reaches the network on its own: it audits live only when the run is ``online``
(the demo is, through its local server). Otherwise it reuses the newest stored audit of each site, and a
site never audited is ``unknown`` rather than silently fine.
"""

from __future__ import annotations

from typing import Any

from callscout.model.run import RunContext
from callscout.store.ownership import vendor_ref
from callscout.web_audit.audit import audit_sites, latest_site_json, not_audited_json, save_audit
from callscout.web_audit.base import all_checks
from callscout.web_audit.crawler import CRAWL_CHECK, CrawlOptions


def audit_stage(context: RunContext, _document: Any) -> dict[str, dict[str, Any]]:
    vendors = [vendor for vendor in context.evaluation.vendors if vendor.website]
    results: dict[str, dict[str, Any]] = {}
    if context.options.online:
        urls = [vendor.website or "" for vendor in vendors]
        known = {url: record for url in urls if (record := _known_whois(context.store, url))}
        audits = audit_sites(urls, context.options.crawl or CrawlOptions(), whois=known)
        for vendor, audit in zip(vendors, audits, strict=True):
            vendor_id = vendor_ref(context.store, context.evaluation_id, vendor.name).id
            save_audit(context.store, audit, vendor_id=vendor_id, evaluation_id=context.evaluation_id)
            results[vendor.name] = audit.to_json()
    else:
        for vendor in vendors:
            website = vendor.website or ""
            vendor_id = vendor_ref(context.store, context.evaluation_id, vendor.name).id
            results[vendor.name] = latest_site_json(context.store, website, vendor_id) or not_audited_json(website)
    return results


def audit_checks_section() -> dict[str, dict[str, str]]:
    """The report shows each check by its title; the document carries them so templates stay dumb."""
    return {
        CRAWL_CHECK: {"ru": "Обход сайта", "en": "Site crawl", "criterion": "Что должно быть на сайте"},
        **{
            check.code: {"ru": check.title_ru, "en": check.title_en, "criterion": check.criterion}
            for check in all_checks()
        },
    }


def _known_whois(store: Any, url: str) -> dict[str, Any] | None:
    """The registrant of the site's domain from the store's whois answers (a legal check asked before):
    the owner choice prefers the entity it names. None when never looked up or not found."""
    from callscout.legal import cache
    from callscout.legal.whois import parse_whois, registrable_domain

    try:
        domain = registrable_domain(url)
    except ValueError:
        return None
    cached = cache.load(store, "whois", domain, max_age=None)
    if cached is None:
        return None
    record = parse_whois(str((cached[0] or {}).get("raw") or ""), domain)
    if not record.found or not (record.org or record.taxpayer_id):
        return None
    return {"org": record.org, "taxpayer_id": record.taxpayer_id}
