"""How the scoring's values and reasons read to a person: labels, yes/no, SLA breaches, what settles an unknown."""

from __future__ import annotations

import re
import shlex
from datetime import date
from typing import Any

from pydantic import BaseModel

from callscout.i18n import Msg, format_datetime, format_number, join, msg, pick
from callscout.model.findings import KeyedText, revive
from callscout.model.result import LegalSection, SiteSection
from callscout.present.findings import said

PAYMENT_MODEL_LABELS: dict[str, tuple[str, str]] = {
    "per_contact": ("за контакт", "per contact"),
    "per_operator_hour": ("за час оператора", "per operator hour"),
    "per_call": ("за звонок", "per call"),
    "percent_of_sales": ("процент от продаж", "percent of sales"),
    "per_result": ("за результат", "per result"),
    "per_talk_minute": ("за минуту разговора", "per talk minute"),
    "fixed_monthly": ("фиксированная плата", "fixed monthly fee"),
    "salary_plus_percent": ("оклад + процент", "salary + percent"),
}
VERDICT_LABELS = {"good": ("хорошо", "good"), "acceptable": ("приемлемо", "acceptable"), "poor": ("плохо", "poor")}
PHONE_KIND_LABELS = {
    "landline": ("городской", "landline"),
    "toll_free": ("8-800", "toll-free"),
    "mobile": ("мобильный", "mobile"),
    "other": ("другой", "other"),
}


def check_action(check: str | None, source_file: str | None = None) -> str:
    """The command that settles an unknown of this kind, as the user types it."""
    file = shlex.quote(source_file) if source_file else "callscout.yaml"
    if check == "legal":
        return msg("scoring.display.run_legal_check_callscout_legal_vendors", file=file)
    if check == "site":
        return msg("scoring.display.run_site_audit_callscout_audit_file", file=file)
    if check == "questionnaire":
        return msg("scoring.display.ask_vendor_and_write_answer_into")
    return msg("scoring.display.add_missing_data_to_evaluation_file")


def legal_unknown_reason(legal: LegalSection | None) -> str:
    """Why the register said nothing: its own reason (no key, network off, timeout), never a bare "unknown"."""
    if legal is None:
        return msg("scoring.display.legal_entity_was_not_checked")
    reason = legal.registry_reason
    status = legal.registry_status
    if reason:
        return msg("scoring.display.no_answer_from_register", reason=reason)
    if status == "not_found":
        return msg("scoring.display.register_has_no_entity_with_this")
    if status is None:
        return msg("scoring.display.register_was_not_asked_no_valid")
    return msg("scoring.display.no_registry_data")


def whois_unknown_reason(legal: LegalSection | None) -> str:
    if legal is None:
        return msg("scoring.display.legal_entity_was_not_checked")
    reason = legal.domain_reason
    if reason:
        return msg("scoring.display.no_whois_answer", reason=reason)
    if legal.domain_status == "not_found":
        return msg("scoring.display.whois_does_not_know_this_domain")
    return msg("scoring.display.domain_age_unknown")


# --- reading values out of the sections -------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return msg("scoring.display.yes") if value else msg("scoring.display.no")


def readable(value: Any) -> str | None:
    """Any value a check put into its evidence, as text a person reads: a structured item (a pricing risk,
    a recording's reason) by its message, a truth value as yes/no, a list item by item."""
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return format_number(value, 2, trim=True)
    if isinstance(value, KeyedText) or (isinstance(value, dict) and set(value) == {"text", "params"}):
        text: str = revive(value)  # a kept catalogue text: again a ``Msg``, shown in the reader's language
        return text
    if isinstance(value, BaseModel):
        value = dict(value)  # a typed part of the document (a pricing risk): its fields as they are
    if isinstance(value, dict):
        for key in ("message", "text", "name", "code"):
            if value.get(key) is not None:
                text = revive(value[key])
                return text if isinstance(text, Msg) else str(text)[:300]
        return "; ".join(f"{key}: {readable(item)}" for key, item in list(value.items())[:5])[:300]
    if isinstance(value, list | tuple):
        parts = [text for text in (readable(item) for item in value[:5]) if text]
        more = len(value) - 5
        return join("; ", parts) + (msg("scoring.display.and_more", more=more) if more > 0 else "")
    if isinstance(value, Msg):
        return value
    if isinstance(value, str | date):
        return format_datetime(value)[:300]  # an ISO day as the reader writes it; other text unchanged
    return str(value)[:300]


def payment_model_label(model: str) -> str:
    return pick(*PAYMENT_MODEL_LABELS[model]) if model in PAYMENT_MODEL_LABELS else model


def sla_breach_text(breach: Any) -> str:
    """One breach as a person says it: "2026-11-09: уровень сервиса 22% при цели 80%"."""
    if not isinstance(breach, dict):
        return readable(breach) or ""
    from callscout.calls.kpi import KPI_LABELS, kpi_value_text

    metric = str(breach.get("metric"))
    label = pick(*KPI_LABELS.get(metric, (metric, metric)))
    value = kpi_value_text(breach.get("value"), metric)
    target = kpi_value_text(breach.get("target"), metric)
    period = format_datetime(breach.get("period"))
    return msg("scoring.display.against_target", period=period, label=label, value=value, target=target)


def _shortfall(breach: dict[str, Any]) -> float:
    """How far a breach is from its target as a ratio (1 on target, smaller is worse), in either direction."""
    value, target = breach.get("value"), breach.get("target")
    if not isinstance(value, int | float) or not isinstance(target, int | float) or value <= 0 or target <= 0:
        return 1.0
    return min(value / target, target / value)


def sla_breach_summary(breaches: list[Any]) -> str:
    """All breaches in one line: their number and the worst one."""
    if not breaches:
        return msg("scoring.display.no_breaches")
    dicts = [item for item in breaches if isinstance(item, dict)]
    worst = min(dicts, key=_shortfall) if dicts else breaches[0]
    return msg(
        "scoring.display.breaches_worst", len_breaches=len(breaches), sla_breach_text_worst=sla_breach_text(worst)
    )


def repeats(value: Any, *texts: Any) -> bool:
    """Whether ``value`` is already written, as a whole word, in one of ``texts`` (so that "1" is not found
    in "14"): evidence then has nothing to add."""
    text = str(value).strip()
    if not text:
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
    return any(pattern.search(said(seen)) for seen in texts if seen)


def site_unknown_reason(audit: SiteSection | None) -> str:
    """Why a site check has no result: the crawl's own words (not audited, could not connect...)."""
    if audit is None:
        return msg("scoring.display.website_was_not_audited")
    crawl = [
        str(item.get("message"))
        for item in audit.findings
        if isinstance(item, dict) and item.get("check") == "crawl" and item.get("status") in ("unknown", "fail")
    ]
    if crawl:
        return "; ".join(crawl)[:300]
    return msg("scoring.display.website_check_gave_no_result")
