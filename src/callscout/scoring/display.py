"""How the scoring's values and reasons read to a person: labels, yes/no, SLA breaches, what settles an unknown."""

from __future__ import annotations

import re
import shlex
from datetime import date
from typing import Any

from callscout.i18n import format_datetime, format_number, pick
from callscout.model.result import LegalSection, SiteSection

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
        return pick(
            f"запустите проверку юрлица: callscout legal vendors --file {file} --online "
            f"(или всё сразу: callscout evaluate {file} --online)",
            f"run the legal check: callscout legal vendors --file {file} --online "
            f"(or everything at once: callscout evaluate {file} --online)",
        )
    if check == "site":
        return pick(
            f"запустите аудит сайта: callscout audit --file {file} (или всё сразу: callscout evaluate {file} --online)",
            f"run the site audit: callscout audit --file {file} "
            f"(or everything at once: callscout evaluate {file} --online)",
        )
    if check == "questionnaire":
        return pick(
            "спросите вендора и впишите ответ в файл оценки (анкета: callscout rfp ВЕНДОР)",
            "ask the vendor and write the answer into the evaluation file (questionnaire: callscout rfp VENDOR)",
        )
    return pick("добавьте недостающие данные в файл оценки", "add the missing data to the evaluation file")


def legal_unknown_reason(legal: LegalSection | None) -> str:
    """Why the register said nothing: its own reason (no key, network off, timeout), never a bare "unknown"."""
    if legal is None:
        return pick("проверка юрлица не выполнялась", "the legal entity was not checked")
    reason = legal.registry_reason
    status = legal.registry_status
    if reason:
        return pick(f"реестр не ответил: {reason}", f"no answer from the register: {reason}")
    if status == "not_found":
        return pick("реестр не нашёл организацию по ИНН", "the register has no entity with this INN")
    if status is None:
        return pick(
            "в реестре не искали: нет действительного ИНН или ОГРН", "the register was not asked: no valid INN or OGRN"
        )
    return pick("нет данных реестра", "no registry data")


def whois_unknown_reason(legal: LegalSection | None) -> str:
    if legal is None:
        return pick("проверка юрлица не выполнялась", "the legal entity was not checked")
    reason = legal.domain_reason
    if reason:
        return pick(f"whois не ответил: {reason}", f"no whois answer: {reason}")
    if legal.domain_status == "not_found":
        return pick("whois не знает этот домен", "whois does not know this domain")
    return pick("возраст домена неизвестен", "domain age unknown")


# --- reading values out of the sections -------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return pick("да", "yes") if value else pick("нет", "no")


def readable(value: Any) -> str | None:
    """Any value a check put into its evidence, as text a person reads: a structured item (a pricing risk,
    a recording's reason) by its message, a truth value as yes/no, a list item by item."""
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return format_number(value, 2, trim=True)
    if isinstance(value, dict):
        for key in ("message", "text", "name", "code"):
            if value.get(key) is not None:
                return str(value[key])[:300]
        return "; ".join(f"{key}: {readable(item)}" for key, item in list(value.items())[:5])[:300]
    if isinstance(value, list | tuple):
        parts = [text for text in (readable(item) for item in value[:5]) if text]
        more = len(value) - 5
        return "; ".join(parts) + (pick(f" и ещё {more}", f" and {more} more") if more > 0 else "")
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
    return pick(
        f"{period}: {label} {value} при цели {target}", f"{period}: {label} {value} against the target {target}"
    )


def _shortfall(breach: dict[str, Any]) -> float:
    """How far a breach is from its target as a ratio (1 on target, smaller is worse), in either direction."""
    value, target = breach.get("value"), breach.get("target")
    if not isinstance(value, int | float) or not isinstance(target, int | float) or value <= 0 or target <= 0:
        return 1.0
    return min(value / target, target / value)


def sla_breach_summary(breaches: list[Any]) -> str:
    """All breaches in one line: their number and the worst one."""
    if not breaches:
        return pick("нарушений нет", "no breaches")
    dicts = [item for item in breaches if isinstance(item, dict)]
    worst = min(dicts, key=_shortfall) if dicts else breaches[0]
    return pick(
        f"нарушений: {len(breaches)}, худшее — {sla_breach_text(worst)}",
        f"{len(breaches)} breaches, worst {sla_breach_text(worst)}",
    )


def repeats(value: Any, *texts: Any) -> bool:
    """Whether ``value`` is already written, as a whole word, in one of ``texts`` (so that "1" is not found
    in "14"): evidence then has nothing to add."""
    text = str(value).strip()
    if not text:
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
    return any(pattern.search(str(seen)) for seen in texts if seen)


def site_unknown_reason(audit: SiteSection | None) -> str:
    """Why a site check has no result: the crawl's own words (not audited, could not connect...)."""
    if audit is None:
        return pick("аудит сайта не выполнялся", "the website was not audited")
    crawl = [
        str(item.get("message"))
        for item in audit.findings
        if isinstance(item, dict) and item.get("check") == "crawl" and item.get("status") in ("unknown", "fail")
    ]
    if crawl:
        return "; ".join(crawl)[:300]
    return pick("проверка сайта не дала результата", "the website check gave no result")
