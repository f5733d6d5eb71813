"""How each criterion's raw value is read from one vendor's view, by the functions the catalogue's rows name.

A row of ``criteria.yaml`` names one public function of this module: either an extractor itself
(``VendorView -> Measured``) or, when the row has ``args``, a function that makes one from them. The
needs tests (``*_needed``) say when a fit criterion applies at all. Private helpers start with ``_``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import phonenumbers

from callscout.i18n import Msg, format_datetime, format_percent, join, msg, pick
from callscout.model import Needs
from callscout.model.findings import revive
from callscout.present.findings import stored_text
from callscout.scoring.display import (
    PHONE_KIND_LABELS,
    VERDICT_LABELS,
    legal_unknown_reason,
    payment_model_label,
    readable,
    repeats,
    site_unknown_reason,
    sla_breach_summary,
    whois_unknown_reason,
    yes_no,
)
from callscout.scoring.view import Extractor, Measured, VendorView

_STATUS_SCORE = {"pass": 1.0, "warn": 0.5, "fail": 0.0}
_STATUS_ORDER = ("fail", "unknown", "warn", "pass")
_VERDICT_SCORE = {"good": 1.0, "acceptable": 0.6, "poor": 0.0}
# How much each payment model works against the buyer (0 none .. 1 high), after the seed article:
# paying for the whole contact base or for idle operator time is "невыгодно"; salary plus a percent of
# deals is its advice for order lines.
PAYMENT_MODEL_RISK: dict[str, float] = {
    "per_contact": 1.0,
    "per_operator_hour": 0.8,
    "per_call": 0.35,
    "percent_of_sales": 0.4,
    "per_result": 0.3,
    "per_talk_minute": 0.3,
    "fixed_monthly": 0.35,
    "salary_plus_percent": 0.1,
}


def _how(ru: str, en: str) -> Callable[[Extractor], Extractor]:
    """Attach to an extractor the sentence that tells a reader how the raw value is computed."""

    def attach(function: Extractor) -> Extractor:
        function.how = (ru, en)  # type: ignore[attr-defined]
        return function

    return attach


def _joined(texts: list[str]) -> str:
    """Texts one after another («; »): kept with their keys where that stays short, else cut to 300 characters."""
    joined = join("; ", texts)
    return joined if isinstance(joined, Msg) and len(joined) <= 300 else str(joined)[:300]


def _unknown(note_ru: str, note_en: str, source: str = "") -> Measured:
    return Measured(None, "—", source=source, note=pick(note_ru, note_en))


def _unknown_reason(code: str) -> tuple[str, str]:
    """A KPI's unknown reason (``kpi.UNKNOWN_REASONS``) as a note's two languages."""
    from callscout.calls.kpi import UNKNOWN_REASONS

    return UNKNOWN_REASONS.get(code, ("нет данных", "no data"))


def _not_applicable(note_ru: str, note_en: str) -> Measured:
    return Measured(None, "—", note=pick(note_ru, note_en), applicable=False)


def _evidence_of(finding: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    message = str(finding.get("message") or "")
    for evidence in finding.get("evidence") or []:
        if isinstance(evidence, dict):
            value = readable(evidence.get("value"))
            # "проверено 14" is in the finding's message; a bare "14" beside another finding says nothing.
            if value is not None and repeats(value, message):
                value = None
            items.append({"url": evidence.get("url"), "excerpt": readable(evidence.get("excerpt")), "value": value})
    if not items:
        items.append({"url": None, "excerpt": stored_text(finding), "value": None})
    return items


def _audit_findings(view: VendorView, check: str) -> list[dict[str, Any]]:
    if view.audit is None:
        return []
    return [item for item in view.audit.findings if isinstance(item, dict) and item.get("check") == check]


def audit_check(check: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"audit.{view.name}.findings[{check}]"
        if view.audit is None:
            return Measured(None, "—", source=source, note=site_unknown_reason(None), pending=True)
        findings = _audit_findings(view, check)
        if not findings:
            return Measured(None, "—", source=source, note=site_unknown_reason(view.audit), pending=True)
        statuses = {str(item.get("status")) for item in findings}
        status = next((name for name in _STATUS_ORDER if name in statuses), "unknown")
        evidence = [item for finding in findings for item in _evidence_of(finding)][:8]
        if status == "unknown":
            messages = _joined([stored_text(item) for item in findings])
            return Measured(None, msg("scoring.extractors.unknown"), evidence, source, note=messages)
        label = {
            "pass": msg("scoring.extractors.pass"),
            "warn": msg("scoring.extractors.warning"),
            "fail": msg("scoring.extractors.fail"),
        }
        return Measured(_STATUS_SCORE[status], label[status], evidence, source)

    # The engine folds a site finding into its criterion's red flag and question instead of repeating it.
    extract.audit_check = check  # type: ignore[attr-defined]
    extract.online_check = "site"  # type: ignore[attr-defined]
    return _how(
        f"итог проверки сайта «{check}»: норма 1, внимание 0,5, проблема 0",
        f"result of the site check {check!r}: pass 1, warning 0.5, fail 0",
    )(extract)


def answer(name: str, *, invert: bool = False) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"vendors[{view.name}].answers.{name}"
        value = view.vendor.answers.get(name)
        if value is None:
            return _unknown("вендор не ответил на вопрос", "the vendor did not answer", source)
        truth = bool(value)
        score_value = float(truth != invert)
        evidence = [{"url": None, "excerpt": msg("scoring.extractors.vendor_s_answer"), "value": yes_no(truth)}]
        # The shown value answers the criterion's own question, which an inverted criterion asks the other way.
        return Measured(score_value, yes_no(truth != invert), evidence, source)

    return _how(
        f"ответ вендора «{name}»: " + ("нет 1, да 0" if invert else "да 1, нет 0"),
        f"vendor's answer {name!r}: " + ("no 1, yes 0" if invert else "yes 1, no 0"),
    )(extract)


def needed_answer(name: str, needed: str) -> Callable[[VendorView], Measured]:
    """The vendor's answer ``name`` where the buyer needs it, by the needs test called ``needed``."""
    ask = answer(name)
    needs_test = _needs_test(needed)

    def extract(view: VendorView) -> Measured:
        if not needs_test(view.needs):
            return _not_applicable("заказчику не нужно", "the buyer does not need it")
        return ask(view)

    return _how(
        f"ответ вендора «{name}» (да 1, нет 0), если это нужно заказчику",
        f"vendor's answer {name!r} (yes 1, no 0) when the buyer needs it",
    )(extract)


def _parse_day(value: Any) -> date | None:
    if not value:
        return None
    text = str(value)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        return None


def days_since(block: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"audit.{view.name}.{block}.latest_date"
        if view.audit is None:
            return Measured(None, "—", source=source, note=site_unknown_reason(None), pending=True)
        # A dated block of the site's JSON (news, reviews): kept as the audit wrote it, outside the typed fields.
        data = (view.audit.model_extra or {}).get(block) or {}
        if not view.audit.audited_at or not view.audit.pages_fetched:
            return Measured(None, "—", source=source, note=site_unknown_reason(view.audit), pending=True)
        if not isinstance(data, dict) or not data.get("url"):
            return _unknown("раздел не найден на сайте", "the section was not found on the site", source)
        latest = _parse_day(data.get("latest_date"))
        evidence = [{"url": data.get("url"), "excerpt": None, "value": data.get("latest_date")}]
        if latest is None:
            return Measured(None, "—", evidence, source, note=msg("scoring.extractors.no_date_given"))
        days = max(0, (view.reference_date - latest).days)
        day = format_datetime(latest)
        return Measured(float(days), msg("scoring.extractors.days_ago", days=days, day=day), evidence, source)

    extract.online_check = "site"  # type: ignore[attr-defined]
    return _how(
        f"дней с последней даты раздела «{block}» на сайте",
        f"days since the latest date of the site's {block!r} section",
    )(extract)


def _phones(view: VendorView) -> tuple[list[tuple[str, str]], str, str | None]:
    """(number, type) pairs: from the site audit when it ran, else from the evaluation file."""
    if view.audit is not None and "contacts" in view.audit.model_fields_set:
        phones = view.audit.contacts.get("phones") or []
        pairs = [(str(item.get("e164")), str(item.get("type"))) for item in phones if isinstance(item, dict)]
        return pairs, f"audit.{view.name}.contacts.phones", view.audit.url
    pairs = []
    for raw in view.vendor.contacts.get("phones") or []:
        try:
            number = phonenumbers.parse(str(raw), "RU")
        except phonenumbers.NumberParseException:
            pairs.append((str(raw), "other"))
            continue
        kind = phonenumbers.number_type(number)
        label = {
            phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
            phonenumbers.PhoneNumberType.MOBILE: "mobile",
            phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
        }.get(kind, "other")
        pairs.append((phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), label))
    return pairs, f"vendors[{view.name}].contacts.phones", None


@_how(
    "1, если среди телефонов есть городской или 8-800; 0, если только мобильные",
    "1 when a landline or 8-800 number is published; 0 when only mobiles",
)
def landline(view: VendorView) -> Measured:
    pairs, source, url = _phones(view)
    if not pairs:
        return _unknown("телефоны не найдены", "no phone numbers found", source)
    has_landline = any(kind in ("landline", "toll_free") for _, kind in pairs)
    evidence = [
        {"url": url, "excerpt": number, "value": pick(*PHONE_KIND_LABELS.get(kind, (kind, kind)))}
        for number, kind in pairs
    ]
    display = msg("scoring.extractors.landline_published") if has_landline else msg("scoring.extractors.mobile_only")
    return Measured(float(has_landline), display, evidence, source)


@_how(
    "проверка юрлица: подтверждено 1, сомнительно 0,5, не подтверждено 0",
    "legal check: verified 1, doubtful 0.5, failed 0",
)
def legal_status(view: VendorView) -> Measured:
    source = f"legal.{view.name}.status"
    if view.legal is None:
        return Measured(None, "—", source=source, note=legal_unknown_reason(None), pending=True)
    status = view.legal.status or "unknown"
    reasons = [revive(reason) for reason in view.legal.reasons]
    scores = {"verified": 1.0, "doubtful": 0.5, "failed": 0.0}
    labels = {
        "verified": msg("scoring.extractors.verified"),
        "doubtful": msg("scoring.extractors.doubtful"),
        "failed": msg("scoring.extractors.failed"),
    }
    shown_status = labels.get(status, msg("scoring.extractors.unknown"))
    evidence = [{"url": None, "excerpt": reason, "value": shown_status} for reason in reasons] or [
        {"url": None, "excerpt": None, "value": shown_status}
    ]
    if status not in scores:
        note = _joined(reasons) or legal_unknown_reason(view.legal)
        pending = bool(view.legal.registry_reason) or view.legal.registry_status is None
        return Measured(None, msg("scoring.extractors.unknown"), evidence, source, note=note, pending=pending)
    return Measured(scores[status], labels[status], evidence, source)


legal_status.online_check = "legal"  # type: ignore[attr-defined]


def legal_years(key: str, nested: str | None = None) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"legal.{view.name}.{nested + '.' if nested else ''}{key}"
        if view.legal is None:
            return Measured(None, "—", source=source, note=legal_unknown_reason(None), pending=True)
        if nested:  # a part the section keeps as the lookup wrote it (whois's domain record)
            holder = getattr(view.legal, nested)
            value = holder.get(key) if isinstance(holder, dict) else None
        else:
            holder, value = None, getattr(view.legal, key, None)
        if not isinstance(value, int | float):
            reason = whois_unknown_reason(view.legal) if nested else legal_unknown_reason(view.legal)
            pending = bool(view.legal.domain_reason if nested else view.legal.registry_reason)
            return Measured(None, "—", source=source, note=reason, pending=pending)
        display = msg("scoring.extractors.years", value=value)
        evidence = [{"url": None, "excerpt": None, "value": display}]
        registry = view.legal.registry
        if nested is None and isinstance(registry, dict) and registry.get("registration_date"):
            evidence[0]["excerpt"] = msg(
                "scoring.extractors.registered_on",
                format_datetime_registry_regis=format_datetime(registry["registration_date"]),
            )
        if nested == "domain" and isinstance(holder, dict):
            evidence[0]["excerpt"] = msg(
                "scoring.extractors.domain_created_whois",
                format_datetime_holder_get_cre=format_datetime(holder.get("created")),
            )
        return Measured(float(value), display, evidence, source)

    extract.online_check = "legal"  # type: ignore[attr-defined]
    return _how(
        "лет с регистрации " + ("домена (whois)" if nested else "компании (реестр)"),
        "years since the registration of the " + ("domain (whois)" if nested else "company (registry)"),
    )(extract)


def economics_value(key: str, unit: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"economics.best_offer_by_vendor.{view.name}.{key}"
        if view.economics is None:
            return _unknown("расчёт экономики не выполнялся", "offer economics were not computed", source)
        entry = view.offer_economics
        if entry is None:
            return _unknown("нет предложения с ценой", "no priced offer", source)
        value = getattr(entry, key, None)  # a typed figure or one the economics stage added (cost per order)
        if not isinstance(value, int | float):
            return _unknown("не рассчитано для этого предложения", "not computed for this offer", source)
        display = msg("scoring.extractors.amount", value=value, unit=unit)
        evidence = [{"url": None, "excerpt": entry.offer, "value": display}]
        return Measured(float(value), display, evidence, source)

    return _how(
        f"{key} лучшего предложения вендора на нагрузке заказчика",
        f"{key} of the vendor's best offer on the buyer's workload",
    )(extract)


@_how(
    "риск модели оплаты (за контакт 1 … оклад + процент 0,1) + 0,1 за каждый риск расчёта",
    "payment model risk (per contact 1 … salary + percent 0.1) + 0.1 per priced risk",
)
def pricing_risk(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].offers"
    offers = view.vendor.offers
    if not offers:
        return _unknown("вендор не прислал предложение", "the vendor sent no offer", source)
    chosen = offers[0]
    if view.offer_economics is not None:
        wanted = view.offer_economics.offer
        chosen = next((offer for offer in offers if offer.get("name") == wanted), chosen)
    models = [str(charge.get("model")) for charge in chosen.get("charges") or []]
    risk = max((PAYMENT_MODEL_RISK.get(model, 0.5) for model in models), default=0.5)
    economic_risks = view.offer_economics.risks if view.offer_economics is not None else []
    risk = min(1.0, risk + 0.1 * len(economic_risks))
    model_names = join(", ", [payment_model_label(model) for model in models])
    shown_risk = msg("scoring.extractors.risk", risk=risk)
    evidence = [{"url": None, "excerpt": str(chosen.get("name")) + ": " + model_names, "value": shown_risk}]
    evidence += [{"url": None, "excerpt": readable(item), "value": None} for item in economic_risks[:5]]
    shown = msg("scoring.extractors.risk_and_models", risk=shown_risk, models=model_names)
    return Measured(risk, shown, evidence, source)


@_how("1 − стоимость вендора / стоимость своего колл-центра", "1 − vendor cost / in-house cost")
def in_house_saving(view: VendorView) -> Measured:
    source = "economics.in_house"
    in_house = view.economics.in_house if view.economics is not None else None
    monthly = view.offer_economics.monthly_cost_rub if view.offer_economics is not None else None
    in_house_cost = None
    if isinstance(in_house, dict):
        in_house_cost = in_house.get("monthly_cost_rub") or in_house.get("total_monthly_rub")
    if not isinstance(in_house_cost, int | float) or not isinstance(monthly, int | float) or in_house_cost <= 0:
        return _unknown("нет сравнения со своим колл-центром", "no in-house comparison", source)
    saving = 1 - monthly / in_house_cost
    excerpt = msg("scoring.extractors.vendor_in_house_month", vendor_cost=monthly, own_cost=in_house_cost)
    evidence = [{"url": None, "excerpt": excerpt, "value": format_percent(saving, 0)}]
    return Measured(saving, format_percent(saving, 0), evidence, source)


@_how("среднее по записям: хорошо 1, приемлемо 0,6, плохо 0", "mean over recordings: good 1, acceptable 0.6, poor 0")
def quality_recordings(view: VendorView) -> Measured:
    source = f"quality.{view.name}.recordings"
    recordings = view.quality.recordings if view.quality is not None else []
    verdicts = [item for item in recordings if isinstance(item, dict) and item.get("verdict") in _VERDICT_SCORE]
    if not verdicts:
        return _unknown("записи разговоров не проверялись", "no recordings were checked", source)
    value = sum(_VERDICT_SCORE[item["verdict"]] for item in verdicts) / len(verdicts)
    evidence = [
        {
            "url": item.get("url"),
            "excerpt": str(item.get("name")) + ": " + (readable(item.get("reasons") or []) or ""),
            "value": pick(*VERDICT_LABELS[item["verdict"]]),
        }
        for item in verdicts
    ]
    counts = join(", ", [pick(*VERDICT_LABELS[item["verdict"]]) for item in verdicts])
    return Measured(value, counts, evidence, source)


def quality_number(key: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"quality.{view.name}.{key}"
        value = getattr(view.quality, key, None)
        if isinstance(value, dict):
            value = next(
                (value.get(name) for name in ("score", "percent", "qa_score") if value.get(name) is not None), None
            )
        if not isinstance(value, int | float):
            return _unknown("оценки нет", "not rated", source)
        display = f"{value:.0f}/100"
        return Measured(float(value), display, [{"url": None, "excerpt": None, "value": display}], source)

    return _how(f"оценка {key}, 0–100", f"{key} score, 0-100")(extract)


def call_kpi(key: str, percent: bool = False, unit: str = "") -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"calls.vendors.{view.name}.{key}"
        value = (view.calls or {}).get(key)
        reason = ((view.calls or {}).get("unknown") or {}).get(key)
        if not isinstance(value, int | float) and reason:
            # The log is there but cannot tell this figure: say why, not that the log is missing.
            return _unknown(*_unknown_reason(reason), source)
        if not isinstance(value, int | float):
            return _unknown("журнал звонков вендора не загружен", "no call log of this vendor", source)
        display: str
        if percent:
            display = msg("scoring.extractors.share", value=value)
        elif unit == "s":  # «10,3 с» / «10.3 sec»: the unit's word from CLDR, in the reader's language
            display = msg("scoring.extractors.seconds", value=value)
        else:
            display = (
                msg("scoring.extractors.figure_unit", value=value, unit=unit)
                if unit
                else msg("scoring.extractors.figure", value=value)
            )
        offered = (view.calls or {}).get("offered")
        excerpt = msg("scoring.extractors.calls_in_log", offered=offered)
        return Measured(float(value), display, [{"url": None, "excerpt": excerpt, "value": display}], source)

    return _how(f"{key} по журналу звонков вендора", f"{key} from the vendor's call log")(extract)


@_how("число нарушений SLA по журналу звонков", "number of SLA breaches in the call log")
def sla_breaches(view: VendorView) -> Measured:
    source = f"calls.sla_breaches.{view.name}"
    if view.sla_breaches is None or view.calls is None:
        return _unknown("журнал звонков вендора не загружен", "no call log of this vendor", source)
    unchecked = (view.calls or {}).get("sla_unchecked") or {}
    # The contract's periods (days, hours) judged, and how many had every target checked (``calls.stage``).
    coverage = (view.calls or {}).get("sla_periods") or {}
    partial = bool(unchecked) or coverage.get("checked", 0) < coverage.get("total", 0)
    if not partial:
        note = None
    elif coverage:
        note = msg(
            "scoring.extractors.sla_partly_checked",
            reason=next(iter(unchecked.values()), coverage.get("reason")),
            checked=coverage["checked"],
            n=coverage["total"],
        )
    else:
        note = msg("scoring.extractors.sla_not_all_checked", reason=next(iter(unchecked.values())))
    if not view.sla_breaches and partial:
        # No breach found, but some targets or periods sat on figures the log cannot tell: unknown, as the KPIs
        # the log tells only in part are (``format_no_<outcome>_partly``), never "0 breaches", the best score.
        return Measured(None, "—", source=source, note=note)
    evidence = [{"url": None, "excerpt": sla_breach_summary(view.sla_breaches), "value": None}]
    count = len(view.sla_breaches)
    # A breach found is a breach, whatever else could not be checked; the note says how much was.
    return Measured(float(count), str(count), evidence, source, note=note)


def _dedicated_needed(needs: Needs) -> bool:
    """The article: expert consultations need operators who answer only your calls; order lines do well
    with a dedicated operator on salary plus a percent; plain support can use shared operators."""
    if needs.dedicated_operators is not None:
        return needs.dedicated_operators
    return needs.hotline_task.value in ("consultations", "orders")


def crm_needed(needs: Needs) -> bool:
    return needs.crm_integration or needs.customer_database == "buyer"


def forwarding_needed(needs: Needs) -> bool:
    return needs.forwarding_to_specialists or bool(needs.extra_filters)


def ivr_needed(needs: Needs) -> bool:
    return needs.ivr or bool(needs.greeting_text or needs.ivr_text)


def toll_free_needed(needs: Needs) -> bool:
    return needs.needs_8800


def _needs_test(name: str) -> Callable[[Needs], bool]:
    tests = {test.__name__: test for test in (crm_needed, forwarding_needed, ivr_needed, toll_free_needed)}
    if name not in tests:
        raise ValueError(f"no needs test {name!r}; there are: {', '.join(sorted(tests))}")
    return tests[name]


@_how(
    "выделенные операторы в предложении или в ответе: да 1, нет 0",
    "dedicated operators in the offer or the answer: yes 1, no 0",
)
def dedicated(view: VendorView) -> Measured:
    if not _dedicated_needed(view.needs):
        return _not_applicable("заказчику подходят общие операторы", "shared operators suit the buyer")
    offers = view.vendor.offers
    if any(offer.get("dedicated_operators") for offer in offers):
        source = f"vendors[{view.name}].offers"
        return Measured(
            1.0,
            msg("scoring.extractors.yes_in_offer"),
            [{"url": None, "excerpt": msg("scoring.extractors.in_offer"), "value": yes_no(True)}],
            source,
        )
    return answer("dedicated_operators")(view)


@_how("работает 24/7: 1; не 24/7 при круглосуточной потребности: 0", "works 24/7: 1; not 24/7 when 24/7 is needed: 0")
def schedule_fit(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].answers.works_24_7"
    works_24_7 = view.vendor.answers.get("works_24_7")
    offers = view.vendor.offers
    if works_24_7 is None and any(offer.get("schedule") == "24/7" for offer in offers):
        works_24_7 = True
    if works_24_7 is True:
        return Measured(
            1.0, msg("scoring.extractors.n24_7"), [{"url": None, "excerpt": None, "value": yes_no(True)}], source
        )
    if view.needs.schedule.mode == "24/7":
        if works_24_7 is False:
            return Measured(
                0.0,
                msg("scoring.extractors.not_24_7"),
                [{"url": None, "excerpt": None, "value": yes_no(False)}],
                source,
            )
        return _unknown("график вендора неизвестен", "the vendor's hours are unknown", source)
    return _unknown(
        "вендор не круглосуточный: часы работы нужно сверить с вашим графиком",
        "the vendor is not 24/7: its hours must be checked against your schedule",
        source,
    )


@_how("часов от отправки запроса до ответа вендора", "hours from our request to the vendor's answer")
def response_hours(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].response_hours"
    hours = view.vendor.response_hours
    if not isinstance(hours, int | float):
        return _unknown("время ответа неизвестно", "response time unknown", source)
    return Measured(
        float(hours),
        display := msg("scoring.extractors.hours", value=hours),
        [{"url": None, "excerpt": None, "value": display}],
        source,
    )


@_how("доля вопросов анкеты, на которые вендор ответил", "share of questionnaire questions the vendor answered")
def completeness(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].questionnaire_completeness"
    # Left out of the section reads as unknown, not as the model's default 0.
    given = "questionnaire_completeness" in view.vendor.model_fields_set
    share = view.vendor.questionnaire_completeness if given else None
    if not isinstance(share, int | float):
        return _unknown("анкета не заполнена", "no questionnaire", source)
    display = format_percent(share, 0)
    return Measured(float(share), display, [{"url": None, "excerpt": None, "value": display}], source)


def answer_number(name: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"vendors[{view.name}].answers.{name}"
        value = view.vendor.answers.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return _unknown("вендор не ответил на вопрос", "the vendor did not answer", source)
        return Measured(float(value), str(value), [{"url": None, "excerpt": None, "value": str(value)}], source)

    return _how(f"число из ответа вендора «{name}»", f"number from the vendor's answer {name!r}")(extract)


# --- scales that depend on the buyer -----------------------------------------------------------------------

# A market-typical cost of one handled call (roubles) when the buyer gave no budget: the price scale's
# ceiling is twice that on the buyer's volume. Fixed per buyer, never derived from the candidates.
