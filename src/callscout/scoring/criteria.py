"""The criteria catalogue: every criterion of the seed article, and how each is read from the result document.

A criterion turns one vendor's data into a raw value (hours, years, roubles, yes/no...) and then into a
score from 0 to 1 on a FIXED scale (``floor`` .. ``ceiling``). Fixed scales are what keeps the ranking
stable: adding a vendor never moves the others' scores (except where a missing value is filled with the
candidates' median, which the report says openly).

A value the data do not give is ``None`` with the reason; the criterion's missing-data policy decides what
it counts as: the worst value of the scale, the median of the other candidates, or nothing (excluded).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import phonenumbers

from callscout.i18n import format_datetime, format_number, format_percent, pick
from callscout.model import Needs
from callscout.model.scoring import ScoringSettings

Direction = Literal["benefit", "cost"]
MissingPolicy = Literal["worst", "median", "exclude"]

GROUPS: dict[str, tuple[str, str]] = {
    "website": ("Сайт", "Website"),
    "legal": ("Юрлицо и опыт", "Legal entity and experience"),
    "economics": ("Экономика", "Economics"),
    "reporting": ("Отчётность и контроль", "Reporting and control"),
    "quality": ("Качество", "Quality"),
    "fit": ("Соответствие задачам", "Fit to the buyer's needs"),
    "responsiveness": ("Оперативность", "Responsiveness"),
}

MISSING_POLICY_LABELS: dict[str, tuple[str, str]] = {
    "worst": ("худшее значение шкалы", "worst value of the scale"),
    "median": ("медиана по кандидатам", "median of the candidates"),
    "exclude": ("не учитывается", "excluded"),
}

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
_VERDICT_LABELS = {"good": ("хорошо", "good"), "acceptable": ("приемлемо", "acceptable"), "poor": ("плохо", "poor")}
_PHONE_KIND_LABELS = {
    "landline": ("городской", "landline"),
    "toll_free": ("8-800", "toll-free"),
    "mobile": ("мобильный", "mobile"),
    "other": ("другой", "other"),
}


@dataclass
class Measured:
    """One criterion's raw value for one vendor, where it came from and, when unknown, why."""

    value: float | None
    display: str = "—"
    evidence: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    note: str | None = None
    applicable: bool = True
    # Unknown because the check that reads it did not run or could not answer (not because the vendor left
    # it out): running the check settles it.
    pending: bool = False


@dataclass
class VendorView:
    """What the pipeline's sections say about one vendor; each part is None when its stage did not run."""

    name: str
    vendor: dict[str, Any]
    needs: Needs
    reference_date: date
    audit: dict[str, Any] | None = None
    legal: dict[str, Any] | None = None
    offer_economics: dict[str, Any] | None = None
    economics: dict[str, Any] | None = None
    calls: dict[str, Any] | None = None
    sla_breaches: list[Any] | None = None
    quality: dict[str, Any] | None = None

    @classmethod
    def from_document(cls, document: dict[str, Any], vendor: dict[str, Any], needs: Needs) -> VendorView:
        name = vendor["name"]
        economics = document.get("economics") or None
        calls = document.get("calls") or {}
        generated = str(document.get("generated_at") or "")[:10]
        try:
            reference = date.fromisoformat(generated)
        except ValueError:
            reference = date.today()
        return cls(
            name=name,
            vendor=vendor,
            needs=needs,
            reference_date=reference,
            audit=_by_vendor(document.get("audit"), name),
            legal=_by_vendor(document.get("legal"), name),
            offer_economics=_by_vendor((economics or {}).get("best_offer_by_vendor"), name),
            economics=economics,
            calls=_by_vendor(calls.get("vendors"), name),
            sla_breaches=_by_vendor(calls.get("sla_breaches"), name) if "sla_breaches" in calls else None,
            quality=_by_vendor(document.get("quality"), name),
        )


def _by_vendor(section: Any, name: str) -> Any:
    if not isinstance(section, dict):
        return None
    if name in section:
        return section[name]
    folded = name.casefold()
    return next((value for key, value in section.items() if str(key).casefold() == folded), None)


ScaleFunction = Callable[[Needs, ScoringSettings | None], tuple[float, float]]


@dataclass(frozen=True)
class Criterion:
    id: str
    name_ru: str
    name_en: str
    group: str
    direction: Direction
    extract: Callable[[VendorView], Measured]
    missing: MissingPolicy
    article: str = field(repr=False)
    question_ru: str = field(repr=False)
    question_en: str = field(repr=False)
    scale: tuple[float, float] | ScaleFunction = (0.0, 1.0)
    unit: str = ""
    answer_field: str | None = None
    importance: float = 1.0
    importance_by_preset: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return pick(self.name_ru, self.name_en)

    @property
    def how(self) -> str:
        """How the raw value is computed, for the report's catalogue."""
        return pick(*getattr(self.extract, "how", ("", "")))

    @property
    def question(self) -> str:
        return pick(self.question_ru, self.question_en)

    def bounds(self, needs: Needs, settings: ScoringSettings | None) -> tuple[float, float]:
        return self.scale(needs, settings) if callable(self.scale) else self.scale

    def score(self, value: float, bounds: tuple[float, float]) -> float:
        """Raw value -> 0..1 on the fixed scale; 1 is always best, whatever the direction."""
        floor, ceiling = bounds
        share = (value - floor) / (ceiling - floor)
        share = min(1.0, max(0.0, share))
        return share if self.direction == "benefit" else 1.0 - share

    def importance_for(self, preset: str) -> float:
        return self.importance_by_preset.get(preset, self.importance)

    @property
    def check(self) -> str | None:
        """The online check that feeds this criterion ("site", "legal"), None for the buyer's and vendor's data."""
        return getattr(self.extract, "online_check", None)


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


def legal_unknown_reason(legal: dict[str, Any] | None) -> str:
    """Why the register said nothing: its own reason (no key, network off, timeout), never a bare "unknown"."""
    if not legal:
        return pick("проверка юрлица не выполнялась", "the legal entity was not checked")
    reason = legal.get("registry_reason")
    status = legal.get("registry_status")
    if reason:
        return pick(f"реестр не ответил: {reason}", f"no answer from the register: {reason}")
    if status == "not_found":
        return pick("реестр не нашёл организацию по ИНН", "the register has no entity with this INN")
    if status is None:
        return pick(
            "в реестре не искали: нет действительного ИНН или ОГРН", "the register was not asked: no valid INN or OGRN"
        )
    return pick("нет данных реестра", "no registry data")


def whois_unknown_reason(legal: dict[str, Any] | None) -> str:
    if not legal:
        return pick("проверка юрлица не выполнялась", "the legal entity was not checked")
    reason = legal.get("domain_reason")
    if reason:
        return pick(f"whois не ответил: {reason}", f"no whois answer: {reason}")
    if legal.get("domain_status") == "not_found":
        return pick("whois не знает этот домен", "whois does not know this domain")
    return pick("возраст домена неизвестен", "domain age unknown")


# --- reading values out of the sections -------------------------------------------------------------------


Extractor = Callable[[VendorView], Measured]


def _how(ru: str, en: str) -> Callable[[Extractor], Extractor]:
    """Attach to an extractor the sentence that tells a reader how the raw value is computed."""

    def attach(function: Extractor) -> Extractor:
        function.how = (ru, en)  # type: ignore[attr-defined]
        return function

    return attach


def _unknown(note_ru: str, note_en: str, source: str = "") -> Measured:
    return Measured(None, "—", source=source, note=pick(note_ru, note_en))


def _not_applicable(note_ru: str, note_en: str) -> Measured:
    return Measured(None, "—", note=pick(note_ru, note_en), applicable=False)


def _yes_no(value: bool) -> str:
    return pick("да", "yes") if value else pick("нет", "no")


def readable(value: Any) -> str | None:
    """Any value a check put into its evidence, as text a person reads: a structured item (a pricing risk,
    a recording's reason) by its message, a truth value as yes/no, a list item by item."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
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
        items.append({"url": None, "excerpt": finding.get("message"), "value": None})
    return items


def audit_findings(view: VendorView, check: str) -> list[dict[str, Any]]:
    if not view.audit:
        return []
    return [item for item in view.audit.get("findings") or [] if isinstance(item, dict) and item.get("check") == check]


def _audit_check(check: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"audit.{view.name}.findings[{check}]"
        if view.audit is None:
            return Measured(None, "—", source=source, note=site_unknown_reason(None), pending=True)
        findings = audit_findings(view, check)
        if not findings:
            return Measured(None, "—", source=source, note=site_unknown_reason(view.audit), pending=True)
        statuses = {str(item.get("status")) for item in findings}
        status = next((name for name in _STATUS_ORDER if name in statuses), "unknown")
        evidence = [item for finding in findings for item in _evidence_of(finding)][:8]
        if status == "unknown":
            messages = "; ".join(str(item.get("message")) for item in findings)[:300]
            return Measured(None, pick("неизвестно", "unknown"), evidence, source, note=messages)
        label = {"pass": pick("норма", "pass"), "warn": pick("внимание", "warning"), "fail": pick("проблема", "fail")}
        return Measured(_STATUS_SCORE[status], label[status], evidence, source)

    # The engine folds a site finding into its criterion's red flag and question instead of repeating it.
    extract.audit_check = check  # type: ignore[attr-defined]
    extract.online_check = "site"  # type: ignore[attr-defined]
    return _how(
        f"итог проверки сайта «{check}»: норма 1, внимание 0,5, проблема 0",
        f"result of the site check {check!r}: pass 1, warning 0.5, fail 0",
    )(extract)


def site_unknown_reason(audit: dict[str, Any] | None) -> str:
    """Why a site check has no result: the crawl's own words (not audited, could not connect...)."""
    if audit is None:
        return pick("аудит сайта не выполнялся", "the website was not audited")
    crawl = [
        str(item.get("message"))
        for item in audit.get("findings") or []
        if isinstance(item, dict) and item.get("check") == "crawl" and item.get("status") in ("unknown", "fail")
    ]
    if crawl:
        return "; ".join(crawl)[:300]
    return pick("проверка сайта не дала результата", "the website check gave no result")


def _answer(name: str, *, invert: bool = False) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"vendors[{view.name}].answers.{name}"
        value = (view.vendor.get("answers") or {}).get(name)
        if value is None:
            return _unknown("вендор не ответил на вопрос", "the vendor did not answer", source)
        truth = bool(value)
        score_value = float(truth != invert)
        evidence = [
            {"url": None, "excerpt": pick("ответ вендора в анкете", "the vendor's answer"), "value": _yes_no(truth)}
        ]
        # The shown value answers the criterion's own question, which an inverted criterion asks the other way.
        return Measured(score_value, _yes_no(truth != invert), evidence, source)

    return _how(
        f"ответ вендора «{name}»: " + ("нет 1, да 0" if invert else "да 1, нет 0"),
        f"vendor's answer {name!r}: " + ("no 1, yes 0" if invert else "yes 1, no 0"),
    )(extract)


def _needed_answer(name: str, needed: Callable[[Needs], bool]) -> Callable[[VendorView], Measured]:
    answer = _answer(name)

    def extract(view: VendorView) -> Measured:
        if not needed(view.needs):
            return _not_applicable("заказчику не нужно", "the buyer does not need it")
        return answer(view)

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


def _days_since(block: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"audit.{view.name}.{block}.latest_date"
        if view.audit is None:
            return Measured(None, "—", source=source, note=site_unknown_reason(None), pending=True)
        data = view.audit.get(block) or {}
        if not view.audit.get("audited_at") or not view.audit.get("pages_fetched"):
            return Measured(None, "—", source=source, note=site_unknown_reason(view.audit), pending=True)
        if not isinstance(data, dict) or not data.get("url"):
            return _unknown("раздел не найден на сайте", "the section was not found on the site", source)
        latest = _parse_day(data.get("latest_date"))
        evidence = [{"url": data.get("url"), "excerpt": None, "value": data.get("latest_date")}]
        if latest is None:
            return Measured(None, "—", evidence, source, note=pick("дата не указана", "no date given"))
        days = max(0, (view.reference_date - latest).days)
        day = format_datetime(latest)
        return Measured(float(days), pick(f"{days} дн. назад ({day})", f"{days} days ago ({day})"), evidence, source)

    extract.online_check = "site"  # type: ignore[attr-defined]
    return _how(
        f"дней с последней даты раздела «{block}» на сайте",
        f"days since the latest date of the site's {block!r} section",
    )(extract)


def _phones(view: VendorView) -> tuple[list[tuple[str, str]], str, str | None]:
    """(number, type) pairs: from the site audit when it ran, else from the evaluation file."""
    if view.audit is not None and isinstance(view.audit.get("contacts"), dict):
        phones = view.audit["contacts"].get("phones") or []
        pairs = [(str(item.get("e164")), str(item.get("type"))) for item in phones if isinstance(item, dict)]
        return pairs, f"audit.{view.name}.contacts.phones", view.audit.get("url")
    pairs = []
    for raw in (view.vendor.get("contacts") or {}).get("phones") or []:
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
def _landline(view: VendorView) -> Measured:
    pairs, source, url = _phones(view)
    if not pairs:
        return _unknown("телефоны не найдены", "no phone numbers found", source)
    has_landline = any(kind in ("landline", "toll_free") for _, kind in pairs)
    evidence = [
        {"url": url, "excerpt": number, "value": pick(*_PHONE_KIND_LABELS.get(kind, (kind, kind)))}
        for number, kind in pairs
    ]
    display = (
        pick("есть стационарный", "landline published") if has_landline else pick("только мобильный", "mobile only")
    )
    return Measured(float(has_landline), display, evidence, source)


@_how(
    "проверка юрлица: подтверждено 1, сомнительно 0,5, не подтверждено 0",
    "legal check: verified 1, doubtful 0.5, failed 0",
)
def _legal_status(view: VendorView) -> Measured:
    source = f"legal.{view.name}.status"
    if view.legal is None:
        return Measured(None, "—", source=source, note=legal_unknown_reason(None), pending=True)
    status = str(view.legal.get("status") or "unknown")
    reasons = [str(reason) for reason in view.legal.get("reasons") or []]
    scores = {"verified": 1.0, "doubtful": 0.5, "failed": 0.0}
    labels = {
        "verified": pick("подтверждено", "verified"),
        "doubtful": pick("сомнительно", "doubtful"),
        "failed": pick("не подтверждено", "failed"),
    }
    shown_status = labels.get(status, pick("неизвестно", "unknown"))
    evidence = [{"url": None, "excerpt": reason, "value": shown_status} for reason in reasons] or [
        {"url": None, "excerpt": None, "value": shown_status}
    ]
    if status not in scores:
        note = "; ".join(reasons)[:300] or legal_unknown_reason(view.legal)
        pending = bool(view.legal.get("registry_reason")) or view.legal.get("registry_status") is None
        return Measured(None, pick("неизвестно", "unknown"), evidence, source, note=note, pending=pending)
    return Measured(scores[status], labels[status], evidence, source)


_legal_status.online_check = "legal"  # type: ignore[attr-defined]


def _legal_years(key: str, nested: str | None = None) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"legal.{view.name}.{nested + '.' if nested else ''}{key}"
        if view.legal is None:
            return Measured(None, "—", source=source, note=legal_unknown_reason(None), pending=True)
        holder = view.legal.get(nested) if nested else view.legal
        value = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(value, int | float):
            reason = whois_unknown_reason(view.legal) if nested else legal_unknown_reason(view.legal)
            pending = bool(view.legal.get("domain_reason" if nested else "registry_reason"))
            return Measured(None, "—", source=source, note=reason, pending=pending)
        display = format_number(value, 1) + pick(" г.", " y")
        evidence = [{"url": None, "excerpt": None, "value": display}]
        registry = view.legal.get("registry")
        if nested is None and isinstance(registry, dict) and registry.get("registration_date"):
            evidence[0]["excerpt"] = pick(
                f"в реестре с {format_datetime(registry['registration_date'])}",
                f"registered on {format_datetime(registry['registration_date'])}",
            )
        if nested == "domain" and isinstance(holder, dict):
            evidence[0]["excerpt"] = pick(
                f"домен зарегистрирован (whois): {format_datetime(holder.get('created'))}",
                f"domain created (whois): {format_datetime(holder.get('created'))}",
            )
        return Measured(float(value), display, evidence, source)

    extract.online_check = "legal"  # type: ignore[attr-defined]
    return _how(
        "лет с регистрации " + ("домена (whois)" if nested else "компании (реестр)"),
        "years since the registration of the " + ("domain (whois)" if nested else "company (registry)"),
    )(extract)


def _economics_value(key: str, unit: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"economics.best_offer_by_vendor.{view.name}.{key}"
        if view.economics is None:
            return _unknown("расчёт экономики не выполнялся", "offer economics were not computed", source)
        entry = view.offer_economics
        if not isinstance(entry, dict):
            return _unknown("нет предложения с ценой", "no priced offer", source)
        value = entry.get(key)
        if not isinstance(value, int | float):
            return _unknown("не рассчитано для этого предложения", "not computed for this offer", source)
        display = f"{format_number(value, 0)}\u00a0{unit}"
        evidence = [{"url": None, "excerpt": str(entry.get("offer") or ""), "value": display}]
        return Measured(float(value), display, evidence, source)

    return _how(
        f"{key} лучшего предложения вендора на нагрузке заказчика",
        f"{key} of the vendor's best offer on the buyer's workload",
    )(extract)


@_how(
    "риск модели оплаты (за контакт 1 … оклад + процент 0,1) + 0,1 за каждый риск расчёта",
    "payment model risk (per contact 1 … salary + percent 0.1) + 0.1 per priced risk",
)
def _pricing_risk(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].offers"
    offers = view.vendor.get("offers") or []
    if not offers:
        return _unknown("вендор не прислал предложение", "the vendor sent no offer", source)
    chosen = offers[0]
    if isinstance(view.offer_economics, dict):
        wanted = view.offer_economics.get("offer")
        chosen = next((offer for offer in offers if offer.get("name") == wanted), chosen)
    models = [str(charge.get("model")) for charge in chosen.get("charges") or []]
    risk = max((PAYMENT_MODEL_RISK.get(model, 0.5) for model in models), default=0.5)
    economic_risks = (view.offer_economics or {}).get("risks") or []
    risk = min(1.0, risk + 0.1 * len(economic_risks))
    model_names = ", ".join(payment_model_label(model) for model in models)
    evidence = [{"url": None, "excerpt": f"{chosen.get('name')}: {model_names}", "value": format_number(risk, 2)}]
    evidence += [{"url": None, "excerpt": readable(item), "value": None} for item in economic_risks[:5]]
    return Measured(risk, f"{format_number(risk, 2)} ({model_names})", evidence, source)


@_how("1 − стоимость вендора / стоимость своего колл-центра", "1 − vendor cost / in-house cost")
def _in_house_saving(view: VendorView) -> Measured:
    source = "economics.in_house"
    in_house = (view.economics or {}).get("in_house")
    monthly = (view.offer_economics or {}).get("monthly_cost_rub")
    in_house_cost = None
    if isinstance(in_house, dict):
        in_house_cost = in_house.get("monthly_cost_rub") or in_house.get("total_monthly_rub")
    if not isinstance(in_house_cost, int | float) or not isinstance(monthly, int | float) or in_house_cost <= 0:
        return _unknown("нет сравнения со своим колл-центром", "no in-house comparison", source)
    saving = 1 - monthly / in_house_cost
    vendor_cost, own_cost = format_number(monthly, 0), format_number(in_house_cost, 0)
    excerpt = pick(
        f"вендор {vendor_cost} ₽ / свой колл-центр {own_cost} ₽ в месяц",
        f"vendor {vendor_cost} ₽ / in-house {own_cost} ₽ a month",
    )
    evidence = [{"url": None, "excerpt": excerpt, "value": format_percent(saving, 0)}]
    return Measured(saving, format_percent(saving, 0), evidence, source)


@_how("среднее по записям: хорошо 1, приемлемо 0,6, плохо 0", "mean over recordings: good 1, acceptable 0.6, poor 0")
def _quality_recordings(view: VendorView) -> Measured:
    source = f"quality.{view.name}.recordings"
    recordings = (view.quality or {}).get("recordings") or []
    verdicts = [item for item in recordings if isinstance(item, dict) and item.get("verdict") in _VERDICT_SCORE]
    if not verdicts:
        return _unknown("записи разговоров не проверялись", "no recordings were checked", source)
    value = sum(_VERDICT_SCORE[item["verdict"]] for item in verdicts) / len(verdicts)
    evidence = [
        {
            "url": item.get("url"),
            "excerpt": f"{item.get('name')}: {readable(item.get('reasons') or [])}",
            "value": pick(*_VERDICT_LABELS[item["verdict"]]),
        }
        for item in verdicts
    ]
    counts = ", ".join(pick(*_VERDICT_LABELS[item["verdict"]]) for item in verdicts)
    return Measured(value, counts, evidence, source)


def _quality_number(key: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"quality.{view.name}.{key}"
        value = (view.quality or {}).get(key)
        if isinstance(value, dict):
            value = next(
                (value.get(name) for name in ("score", "percent", "qa_score") if value.get(name) is not None), None
            )
        if not isinstance(value, int | float):
            return _unknown("оценки нет", "not rated", source)
        display = f"{value:.0f}/100"
        return Measured(float(value), display, [{"url": None, "excerpt": None, "value": display}], source)

    return _how(f"оценка {key}, 0–100", f"{key} score, 0-100")(extract)


def _call_kpi(key: str, percent: bool = False, unit: str = "") -> Callable[[VendorView], Measured]:
    from callscout.present.formatting import duration

    def extract(view: VendorView) -> Measured:
        source = f"calls.vendors.{view.name}.{key}"
        value = (view.calls or {}).get(key)
        if not isinstance(value, int | float):
            return _unknown("журнал звонков вендора не загружен", "no call log of this vendor", source)
        if percent:
            display = format_percent(value)
        elif unit == "s":  # «10,3 с» / «10.3 sec»: the unit's word from CLDR, in the reader's language
            display = duration(value, unit="s", decimals=1)
        else:
            display = f"{format_number(value, 1)} {unit}".strip()
        offered = (view.calls or {}).get("offered")
        excerpt = pick(f"звонков в журнале: {offered}", f"calls in the log: {offered}")
        return Measured(float(value), display, [{"url": None, "excerpt": excerpt, "value": display}], source)

    return _how(f"{key} по журналу звонков вендора", f"{key} from the vendor's call log")(extract)


@_how("число нарушений SLA по журналу звонков", "number of SLA breaches in the call log")
def _sla_breaches(view: VendorView) -> Measured:
    source = f"calls.sla_breaches.{view.name}"
    if view.sla_breaches is None or view.calls is None:
        return _unknown("журнал звонков вендора не загружен", "no call log of this vendor", source)
    evidence = [{"url": None, "excerpt": sla_breach_summary(view.sla_breaches), "value": None}]
    count = len(view.sla_breaches)
    return Measured(float(count), str(count), evidence, source)


def dedicated_needed(needs: Needs) -> bool:
    """The article: expert consultations need operators who answer only your calls; order lines do well
    with a dedicated operator on salary plus a percent; plain support can use shared operators."""
    if needs.dedicated_operators is not None:
        return needs.dedicated_operators
    return needs.hotline_task.value in ("consultations", "orders")


@_how(
    "выделенные операторы в предложении или в ответе: да 1, нет 0",
    "dedicated operators in the offer or the answer: yes 1, no 0",
)
def _dedicated(view: VendorView) -> Measured:
    if not dedicated_needed(view.needs):
        return _not_applicable("заказчику подходят общие операторы", "shared operators suit the buyer")
    offers = view.vendor.get("offers") or []
    if any(offer.get("dedicated_operators") for offer in offers):
        source = f"vendors[{view.name}].offers"
        return Measured(
            1.0,
            pick("да (в предложении)", "yes (in the offer)"),
            [{"url": None, "excerpt": pick("в предложении", "in the offer"), "value": _yes_no(True)}],
            source,
        )
    return _answer("dedicated_operators")(view)


@_how("работает 24/7: 1; не 24/7 при круглосуточной потребности: 0", "works 24/7: 1; not 24/7 when 24/7 is needed: 0")
def _schedule_fit(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].answers.works_24_7"
    works_24_7 = (view.vendor.get("answers") or {}).get("works_24_7")
    offers = view.vendor.get("offers") or []
    if works_24_7 is None and any(offer.get("schedule") == "24/7" for offer in offers):
        works_24_7 = True
    if works_24_7 is True:
        return Measured(
            1.0, pick("круглосуточно", "24/7"), [{"url": None, "excerpt": None, "value": _yes_no(True)}], source
        )
    if view.needs.schedule.mode == "24/7":
        if works_24_7 is False:
            return Measured(
                0.0,
                pick("не круглосуточно", "not 24/7"),
                [{"url": None, "excerpt": None, "value": _yes_no(False)}],
                source,
            )
        return _unknown("график вендора неизвестен", "the vendor's hours are unknown", source)
    return _unknown(
        "вендор не круглосуточный: часы работы нужно сверить с вашим графиком",
        "the vendor is not 24/7: its hours must be checked against your schedule",
        source,
    )


@_how("часов от отправки запроса до ответа вендора", "hours from our request to the vendor's answer")
def _response_hours(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].response_hours"
    hours = view.vendor.get("response_hours")
    if not isinstance(hours, int | float):
        return _unknown("время ответа неизвестно", "response time unknown", source)
    return Measured(
        float(hours),
        display := format_number(hours, 1) + pick(" ч", " h"),
        [{"url": None, "excerpt": None, "value": display}],
        source,
    )


@_how("доля вопросов анкеты, на которые вендор ответил", "share of questionnaire questions the vendor answered")
def _completeness(view: VendorView) -> Measured:
    source = f"vendors[{view.name}].questionnaire_completeness"
    share = view.vendor.get("questionnaire_completeness")
    if not isinstance(share, int | float):
        return _unknown("анкета не заполнена", "no questionnaire", source)
    display = format_percent(share, 0)
    return Measured(float(share), display, [{"url": None, "excerpt": None, "value": display}], source)


def _answer_number(name: str) -> Callable[[VendorView], Measured]:
    def extract(view: VendorView) -> Measured:
        source = f"vendors[{view.name}].answers.{name}"
        value = (view.vendor.get("answers") or {}).get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return _unknown("вендор не ответил на вопрос", "the vendor did not answer", source)
        return Measured(float(value), str(value), [{"url": None, "excerpt": None, "value": str(value)}], source)

    return _how(f"число из ответа вендора «{name}»", f"number from the vendor's answer {name!r}")(extract)


# --- scales that depend on the buyer -----------------------------------------------------------------------

# A market-typical cost of one handled call (roubles) when the buyer gave no budget: the price scale's
# ceiling is twice that on the buyer's volume. Fixed per buyer, never derived from the candidates.
REFERENCE_COST_PER_CALL_RUB = 60.0


def price_bounds(needs: Needs, settings: ScoringSettings | None) -> tuple[float, float]:
    if settings is not None and settings.price_scale is not None:
        return settings.price_scale.floor_rub, settings.price_scale.ceiling_rub
    ceiling = (
        2 * needs.budget_rub_month
        if needs.budget_rub_month
        else 2 * REFERENCE_COST_PER_CALL_RUB * needs.calls_per_month
    )
    return 0.2 * ceiling, ceiling


def cost_per_order_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    """An order that costs more to take than it earns loses money: the ceiling is the margin of an order."""
    margin = needs.average_order_value_rub * needs.margin_share
    ceiling = margin if margin > 0 else 2 * REFERENCE_COST_PER_CALL_RUB / max(needs.order_conversion, 0.01)
    return 0.0, ceiling


def service_level_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    return 0.5, max(0.51, needs.service_level.percent / 100)


def abandon_bounds(needs: Needs, _settings: ScoringSettings | None) -> tuple[float, float]:
    return 0.0, max(0.1, 4 * needs.max_abandon_rate)


# --- the catalogue ------------------------------------------------------------------------------------------


def _c(**kwargs: Any) -> Criterion:
    return Criterion(**kwargs)


CRITERIA: tuple[Criterion, ...] = (
    # Website: the five requirements of the article, then the text and the presentation of services.
    _c(
        id="site_privacy_policy",
        name_ru="Политика конфиденциальности на сайте",
        name_en="Privacy policy on the site",
        group="website",
        direction="benefit",
        extract=_audit_check("privacy_policy"),
        missing="worst",
        article="Политика конфиденциальности",
        question_ru="Где опубликована ваша политика обработки персональных данных (152-ФЗ)?",
        question_en="Where is your personal data policy (152-FZ) published?",
        importance=1.5,
    ),
    _c(
        id="site_requisites",
        name_ru="Реквизиты юрлица на сайте",
        name_en="Legal entity details on the site",
        group="website",
        direction="benefit",
        extract=_audit_check("requisites"),
        missing="worst",
        article="Реквизиты юридического лица",
        question_ru=(
            "Пришлите полные реквизиты: наименование, ОГРН, ИНН, КПП, юридический и фактический адрес, руководитель."
        ),
        question_en="Send your full legal details: name, OGRN, INN, KPP, legal and actual address, director.",
        importance=1.5,
    ),
    _c(
        id="site_contacts",
        name_ru="Контакты: телефоны, e-mail, адрес",
        name_en="Contacts: phones, e-mail, address",
        group="website",
        direction="benefit",
        extract=_audit_check("contacts"),
        missing="median",
        article="контактные телефоны",
        question_ru="Какие телефоны и адрес электронной почты для связи с менеджером проекта?",
        question_en="Which phone numbers and e-mail reach the project manager?",
    ),
    _c(
        id="site_landline",
        name_ru="Есть стационарный телефон, не только мобильный",
        name_en="A landline, not only a mobile",
        group="website",
        direction="benefit",
        extract=_landline,
        missing="worst",
        article="указан только номер мобильного телефона, а стационарного нет",
        question_ru="Есть ли у вас стационарный (городской) номер или 8-800?",
        question_en="Do you have a landline or 8-800 number?",
    ),
    _c(
        id="site_news_fresh",
        name_ru="Свежесть новостей на сайте",
        name_en="Freshness of the site's news",
        group="website",
        direction="cost",
        extract=_days_since("news"),
        missing="median",
        scale=(30.0, 365.0),
        unit="дн.",
        article="дату публикации последней новости",
        question_ru="Где публикуются новости компании? Сайт давно не обновлялся — компания активна?",
        question_en="Where do you publish company news? Is the site still maintained?",
    ),
    _c(
        id="site_clients_and_reviews",
        name_ru="Список заказчиков и отзывы",
        name_en="Clients list and reviews",
        group="website",
        direction="benefit",
        extract=_audit_check("clients_and_reviews"),
        missing="median",
        article="Список заказчиков и отзывы",
        question_ru="С какими заказчиками из нашей отрасли вы работали? Можно ли связаться с ними за отзывом?",
        question_en="Which clients in our industry have you served? May we ask them for a reference?",
    ),
    _c(
        id="site_reviews_fresh",
        name_ru="Дата последнего отзыва",
        name_en="Date of the latest review",
        group="website",
        direction="cost",
        extract=_days_since("reviews"),
        missing="exclude",
        scale=(60.0, 730.0),
        unit="дн.",
        article="дату публикации последнего из них",
        question_ru="Пришлите свежие отзывы заказчиков (за последний год).",
        question_en="Send recent client reviews (from the last year).",
    ),
    _c(
        id="site_call_recordings",
        name_ru="Записи разговоров на сайте",
        name_en="Call recordings on the site",
        group="website",
        direction="benefit",
        extract=_audit_check("call_recordings"),
        missing="median",
        article="Записи разговоров операторов с клиентами",
        question_ru="Пришлите несколько реальных записей разговоров ваших операторов.",
        question_en="Send a few real recordings of your operators' calls.",
    ),
    _c(
        id="site_text_quality",
        name_ru="Грамотность и конкретность текста сайта",
        name_en="Site text: spelling and concreteness",
        group="website",
        direction="benefit",
        extract=_audit_check("text_quality"),
        missing="median",
        article="недопустимы пунктуационные и грамматические ошибки",
        question_ru="Опишите ваше предложение фактами и цифрами: сроки запуска, уровень сервиса, число операторов.",
        question_en="Describe your offer with facts and numbers: launch time, service level, operators.",
    ),
    _c(
        id="site_services_and_prices",
        name_ru="Понятное описание услуг и цен",
        name_en="Clear services and prices",
        group="website",
        direction="benefit",
        extract=_audit_check("services_and_prices"),
        missing="median",
        article="понятным описанием услуг",
        question_ru="Пришлите описание услуг и прайс-лист.",
        question_en="Send your services description and price list.",
    ),
    _c(
        id="site_basics",
        name_ru="Техническое состояние сайта (HTTPS, ссылки)",
        name_en="Site basics (HTTPS, links)",
        group="website",
        direction="benefit",
        extract=_audit_check("site_basics"),
        missing="median",
        article="хорошим дизайном",
        importance=0.5,
        question_ru="Сайт работает с ошибками (сертификат, битые ссылки) — кто его поддерживает?",
        question_en="The site has errors (certificate, broken links): who maintains it?",
    ),
    # Legal entity and experience.
    _c(
        id="legal_status",
        name_ru="Юрлицо подтверждено реестром",
        name_en="Legal entity verified in the registry",
        group="legal",
        direction="benefit",
        extract=_legal_status,
        missing="worst",
        importance=2.0,
        article="сведения о государственной регистрации",
        question_ru="Подтвердите ИНН и ОГРН организации, с которой будет заключён договор.",
        question_en="Confirm the INN and OGRN of the entity that will sign the contract.",
    ),
    _c(
        id="company_age_years",
        name_ru="Возраст компании",
        name_en="Company age",
        group="legal",
        direction="benefit",
        extract=_legal_years("company_age_years"),
        missing="median",
        scale=(1.0, 10.0),
        unit="лет",
        article="Отдавайте предпочтение call-центру с большим опытом работы",
        question_ru="Сколько лет компания работает как колл-центр? С какого года?",
        question_en="How many years has the company worked as a call center?",
    ),
    _c(
        id="domain_age_years",
        name_ru="Возраст сайта (whois)",
        name_en="Site age (whois)",
        group="legal",
        direction="benefit",
        extract=_legal_years("age_years", "domain"),
        missing="median",
        scale=(1.0, 10.0),
        unit="лет",
        article="Время существования сайта проверяйте с помощью сервиса whois",
        question_ru="С какого года работает ваш сайт и домен?",
        question_en="Since when have your site and domain existed?",
    ),
    # Economics on the buyer's workload.
    _c(
        id="monthly_cost",
        name_ru="Стоимость в месяц на нашей нагрузке",
        name_en="Monthly cost on our workload",
        group="economics",
        direction="cost",
        extract=_economics_value("monthly_cost_rub", "₽"),
        missing="worst",
        scale=price_bounds,
        unit="₽",
        importance=3.0,
        article="Цена = качество = прибыль",
        question_ru=(
            "Рассчитайте стоимость месяца на нашей нагрузке по каждой модели оплаты, с "
            "абонплатой и минимальным платежом."
        ),
        question_en="Price one month of our workload in each payment model, with fees and minimum charge.",
    ),
    _c(
        id="cost_per_order",
        name_ru="Стоимость одного заказа",
        name_en="Cost per order",
        group="economics",
        direction="cost",
        extract=_economics_value("cost_per_order_rub", "₽"),
        missing="worst",
        scale=cost_per_order_bounds,
        unit="₽",
        importance=2.0,
        importance_by_preset={"consultations": 0.5, "support": 0.5},
        article="обратите внимание на стоимость лида",
        question_ru="Сколько будет стоить один заказ (лид) и как он считается?",
        question_en="What will one order (lead) cost and how is it counted?",
    ),
    _c(
        id="pricing_model_risk",
        name_ru="Риск модели оплаты",
        name_en="Payment model risk",
        group="economics",
        direction="cost",
        extract=_pricing_risk,
        missing="worst",
        importance=1.5,
        article="Аутсорсинговые колл-центры предлагают 6 типов оплаты услуг",
        question_ru=(
            "Какие модели оплаты вы предлагаете: за контакт, за звонок, процент от продаж, за "
            "результат, за час оператора, за минуту разговора, оклад плюс процент?"
        ),
        question_en=(
            "Which payment models do you offer: per contact, per call, percent of sales, per "
            "result, per operator hour, per talk minute, salary plus percent?"
        ),
    ),
    _c(
        id="in_house_saving",
        name_ru="Экономия против своего колл-центра",
        name_en="Saving against an in-house team",
        group="economics",
        direction="benefit",
        extract=_in_house_saving,
        missing="exclude",
        scale=(-0.2, 0.5),
        article="Сократить затраты на содержание своего колл-центра",
        importance=0.5,
        question_ru=(
            "Что входит в цену (телефония, супервизоры, обучение), чтобы сравнить с содержанием своего колл-центра?"
        ),
        question_en="What does the price include (telephony, supervisors, training), to compare with an in-house team?",
    ),
    _c(
        id="trial_project",
        name_ru="Пробный проект",
        name_en="Trial project",
        group="economics",
        direction="benefit",
        extract=_answer("trial_project"),
        missing="median",
        answer_field="trial_project",
        article="определяют с помощью пробного проекта",
        question_ru="Возможен ли пробный проект? На каких условиях и сколько он стоит?",
        question_en="Is a trial project possible? On what terms and at what price?",
    ),
    # Reporting and control: the client cabinet of the article.
    _c(
        id="online_statistics",
        name_ru="Статистика онлайн в личном кабинете",
        name_en="Online statistics in a client cabinet",
        group="reporting",
        direction="benefit",
        extract=_answer("online_statistics"),
        missing="worst",
        answer_field="online_statistics",
        importance=1.5,
        article="информацию о принятых звонках в режиме онлайн",
        question_ru="Есть ли личный кабинет со статистикой звонков в реальном времени?",
        question_en="Is there a client cabinet with real-time call statistics?",
    ),
    _c(
        id="statistics_indicators",
        name_ru="Число показателей статистики",
        name_en="Number of statistics indicators",
        group="reporting",
        direction="benefit",
        extract=_answer_number("statistics_indicators"),
        missing="median",
        scale=(0.0, 10.0),
        answer_field="statistics_indicators",
        article="статистике по 10 показателям",
        question_ru="Сколько и каких показателей в статистике (отказы, время разговора, ожидание на линии...)?",
        question_en="How many and which indicators does the statistics show (abandons, talk time, waiting...)?",
    ),
    _c(
        id="call_listening",
        name_ru="Прослушивание звонков заказчиком",
        name_en="The buyer can listen to calls",
        group="reporting",
        direction="benefit",
        extract=_answer("call_listening"),
        missing="worst",
        answer_field="call_listening",
        importance=1.5,
        article="Прослушиванию и оценке звонков операторов",
        question_ru="Можно ли прослушивать звонки операторов в личном кабинете?",
        question_en="Can we listen to the operators' calls in the cabinet?",
    ),
    _c(
        id="call_rating",
        name_ru="Оценка звонков заказчиком",
        name_en="The buyer can rate calls",
        group="reporting",
        direction="benefit",
        extract=_answer("call_rating"),
        missing="median",
        answer_field="call_rating",
        article="Прослушиванию и оценке звонков операторов",
        question_ru="Можно ли ставить оценки звонкам и видеть, как они учитываются?",
        question_en="Can we rate calls and see how the ratings are used?",
    ),
    _c(
        id="operator_testing",
        name_ru="Тестирование операторов заказчиком",
        name_en="The buyer can test operators",
        group="reporting",
        direction="benefit",
        extract=_answer("operator_testing"),
        missing="median",
        answer_field="operator_testing",
        article="Личному тестированию сотрудников",
        question_ru="Можно ли лично протестировать операторов на знание наших товаров и правил?",
        question_en="Can we test the operators on our products and rules ourselves?",
    ),
    _c(
        id="sales_reports",
        name_ru="Отчёты по продажам",
        name_en="Sales reports",
        group="reporting",
        direction="benefit",
        extract=_answer("sales_reports"),
        missing="median",
        answer_field="sales_reports",
        article="отчёты по статистике и анализу продаж",
        question_ru="Даёте ли вы отчёты по статистике и анализу продаж?",
        question_en="Do you report sales statistics and analysis?",
    ),
    _c(
        id="ad_effectiveness_reports",
        name_ru="Отчёты об эффективности рекламы",
        name_en="Advertising effectiveness reports",
        group="reporting",
        direction="benefit",
        extract=_answer("ad_effectiveness_reports"),
        missing="median",
        answer_field="ad_effectiveness_reports",
        article="показатели эффективности рекламы",
        question_ru="Отмечают ли операторы источник звонка, чтобы считать эффективность рекламы?",
        question_en="Do operators record the call's source so that advertising effectiveness can be measured?",
    ),
    _c(
        id="customer_feedback_reports",
        name_ru="Отчёты по обратной связи клиентов",
        name_en="Customer feedback reports",
        group="reporting",
        direction="benefit",
        extract=_answer("customer_feedback_reports"),
        missing="median",
        answer_field="customer_feedback_reports",
        article="данные по обратной связи с клиентами",
        question_ru="Собираете ли вы частые вопросы и мнения клиентов о качестве обслуживания?",
        question_en="Do you collect frequent questions and customers' opinions of the service?",
    ),
    _c(
        id="all_calls_and_orders_report",
        name_ru="Отчёт по всем звонкам и заказам",
        name_en="Report of all calls and orders",
        group="reporting",
        direction="benefit",
        extract=_answer("all_calls_and_orders_report"),
        missing="median",
        answer_field="all_calls_and_orders_report",
        article="отчет по всем поступившим звонкам и заказам",
        question_ru="Будет ли отчёт по каждому поступившему звонку и заказу (выгрузка)?",
        question_en="Will there be a report of every incoming call and order (an export)?",
    ),
    _c(
        id="all_calls_recorded",
        name_ru="Записи всех разговоров",
        name_en="Recordings of all calls",
        group="reporting",
        direction="benefit",
        extract=_answer("all_calls_recorded"),
        missing="worst",
        answer_field="all_calls_recorded",
        importance=1.5,
        article="записи всех разговоров",
        question_ru="Записываются ли все разговоры и сколько хранятся записи?",
        question_en="Are all calls recorded, and for how long are recordings kept?",
    ),
    _c(
        id="internal_quality_control",
        name_ru="Внутренний контроль качества",
        name_en="Internal quality control",
        group="reporting",
        direction="benefit",
        extract=_answer("internal_quality_control"),
        missing="median",
        answer_field="internal_quality_control",
        article="имеют внутреннюю систему оценки качества",
        question_ru="Как устроен ваш внутренний контроль качества (супервайзеры, речевая аналитика)?",
        question_en="How does your internal quality control work (supervisors, speech analytics)?",
    ),
    # Quality: what the recordings, the buyer's own ratings and a trial show.
    _c(
        id="recordings_quality",
        name_ru="Качество записей разговоров",
        name_en="Quality of call recordings",
        group="quality",
        direction="benefit",
        extract=_quality_recordings,
        missing="exclude",
        importance=1.5,
        article="Представленные записи должны быть качественными",
        question_ru="Пришлите записи звонков без монтажа: в опубликованных слышны шум или посторонние голоса.",
        question_en="Send unedited call recordings: the published ones have noise or background voices.",
    ),
    _c(
        id="mystery_shopper",
        name_ru="Тайный покупатель",
        name_en="Mystery shopper",
        group="quality",
        direction="benefit",
        extract=_quality_number("mystery_shopper"),
        missing="exclude",
        scale=(40.0, 95.0),
        article="побудьте ревизором, позвонив по телефону горячей линии",
        question_ru="Мы позвоним на вашу горячую линию как клиент: какой номер и часы работы?",
        question_en="We will call your hot line as a customer: which number and hours?",
    ),
    _c(
        id="qa_average",
        name_ru="Оценка звонков по нашей анкете (QA)",
        name_en="QA scorecard average",
        group="quality",
        direction="benefit",
        extract=_quality_number("qa_average"),
        missing="exclude",
        scale=(50.0, 95.0),
        article="отслеживать ошибки операторов",
        question_ru="Дадите ли доступ к звонкам пробного периода для оценки по нашей анкете?",
        question_en="Will you give access to the trial's calls for rating with our scorecard?",
    ),
    _c(
        id="trial_service_level",
        name_ru="Уровень сервиса по журналу звонков",
        name_en="Service level from the call log",
        group="quality",
        direction="benefit",
        extract=_call_kpi("service_level", percent=True),
        missing="exclude",
        scale=service_level_bounds,
        importance=1.5,
        article="уменьшить количество пропущенных звонков",
        question_ru="Какой уровень сервиса (X% за Y с) вы гарантируете в договоре?",
        question_en="Which service level (X% within Y s) do you guarantee in the contract?",
    ),
    _c(
        id="trial_abandon_rate",
        name_ru="Доля потерянных звонков",
        name_en="Abandon rate",
        group="quality",
        direction="cost",
        extract=_call_kpi("abandon_rate", percent=True),
        missing="exclude",
        scale=abandon_bounds,
        importance=1.5,
        article="количество отказов",
        question_ru="Какую долю потерянных звонков вы гарантируете и как перезваниваете пропущенным?",
        question_en="Which abandon rate do you guarantee and how do you call back missed calls?",
    ),
    _c(
        id="trial_asa_s",
        name_ru="Среднее ожидание ответа (ASA)",
        name_en="Average speed of answer",
        group="quality",
        direction="cost",
        extract=_call_kpi("asa_s", unit="s"),
        missing="exclude",
        scale=(5.0, 120.0),
        article="ожидание на линии",
        question_ru="Какое среднее время ожидания ответа на линии?",
        question_en="What is the average waiting time on the line?",
    ),
    _c(
        id="sla_breaches",
        name_ru="Нарушения SLA за период",
        name_en="SLA breaches in the period",
        group="quality",
        direction="cost",
        extract=_sla_breaches,
        missing="exclude",
        scale=(0.0, 10.0),
        article="Отчёты помогают найти нарушения",
        question_ru="Какие санкции предусмотрены за нарушение SLA?",
        question_en="Which penalties apply to SLA breaches?",
    ),
    # Fit to the buyer's four questions.
    _c(
        id="dedicated_operators",
        name_ru="Выделенные операторы",
        name_en="Dedicated operators",
        group="fit",
        direction="benefit",
        extract=_dedicated,
        missing="worst",
        answer_field="dedicated_operators",
        importance=1.5,
        article="наймите работников, которые будут отвечать на звонки только Вашей компании",
        question_ru="Будут ли операторы выделенными (только наши звонки) или общими? Сколько стоит каждый вариант?",
        question_en="Will operators be dedicated (our calls only) or shared? What does each cost?",
    ),
    _c(
        id="crm_integration",
        name_ru="Интеграция с нашей CRM / базой клиентов",
        name_en="Integration with our CRM / customer base",
        group="fit",
        direction="benefit",
        extract=_needed_answer(
            "crm_integration", lambda needs: needs.crm_integration or needs.customer_database == "buyer"
        ),
        missing="worst",
        answer_field="crm_integration",
        article="предполагается ли связь с базой данных клиентов",
        question_ru="Сможете ли вы работать в нашей CRM (или интегрироваться с ней) и где будет база клиентов?",
        question_en="Can you work in (or integrate with) our CRM, and where will the customer base live?",
    ),
    _c(
        id="call_forwarding",
        name_ru="Перевод звонков и фильтры",
        name_en="Call forwarding and filters",
        group="fit",
        direction="benefit",
        extract=_needed_answer(
            "call_forwarding", lambda needs: needs.forwarding_to_specialists or bool(needs.extra_filters)
        ),
        missing="worst",
        answer_field="call_forwarding",
        article="нужны ли будут дополнительные фильтры",
        question_ru="Можно ли переводить звонки нашим специалистам и настраивать фильтры маршрутизации?",
        question_en="Can calls be forwarded to our specialists, with routing filters?",
    ),
    _c(
        id="ivr_and_greetings",
        name_ru="Приветствия и голосовое меню",
        name_en="Greetings and IVR",
        group="fit",
        direction="benefit",
        extract=_needed_answer(
            "ivr_and_greetings", lambda needs: needs.ivr or bool(needs.greeting_text or needs.ivr_text)
        ),
        missing="median",
        answer_field="ivr_and_greetings",
        article="какие тексты приветствий и голосовых меню подойдут",
        question_ru="Настроите ли вы наши приветствие и голосовое меню?",
        question_en="Will you set up our greeting and IVR?",
    ),
    _c(
        id="toll_free_8800",
        name_ru="Номер 8-800",
        name_en="8-800 toll-free number",
        group="fit",
        direction="benefit",
        extract=_needed_answer("toll_free_8800", lambda needs: needs.needs_8800),
        missing="worst",
        answer_field="toll_free_8800",
        article="Есть ли необходимость в бесплатных междугородних звонках",
        question_ru="Предоставляете ли номер 8-800 и сколько стоит минута входящего?",
        question_en="Do you provide an 8-800 number and what does an incoming minute cost?",
    ),
    _c(
        id="schedule_fit",
        name_ru="График работы под наш",
        name_en="Hours match our schedule",
        group="fit",
        direction="benefit",
        extract=_schedule_fit,
        missing="median",
        answer_field="works_24_7",
        article="Какой график Вам нужен",
        question_ru="В какие часы и дни работает линия? Возможна ли работа по нашему графику?",
        question_en="Which hours and days does the line work? Can it follow our schedule?",
    ),
    # Responsiveness: how the vendor answered our request.
    _c(
        id="response_hours",
        name_ru="Скорость ответа на запрос",
        name_en="Time to answer our request",
        group="responsiveness",
        direction="cost",
        extract=_response_hours,
        missing="worst",
        scale=(1.0, 72.0),
        unit="ч",
        importance=1.5,
        article="как быстро call-центр среагировал на Ваше предложение",
        question_ru="Кто будет нашим менеджером и как быстро он отвечает?",
        question_en="Who will be our account manager and how fast do they answer?",
    ),
    _c(
        id="answer_not_formal",
        name_ru="Ответ по существу, не формальный",
        name_en="A real answer, not a form letter",
        group="responsiveness",
        direction="benefit",
        extract=_answer("answer_was_formal", invert=True),
        missing="median",
        answer_field="answer_was_formal",
        article="Если ответ поступил формально и с задержкой",
        question_ru="Ответьте, пожалуйста, по нашему запросу предметно: цены на нашей нагрузке и условия.",
        question_en="Please answer our request specifically: prices on our workload and terms.",
    ),
    _c(
        id="questionnaire_completeness",
        name_ru="Полнота ответов на анкету",
        name_en="Questionnaire answered",
        group="responsiveness",
        direction="benefit",
        extract=_completeness,
        missing="worst",
        article="свяжется с Вами быстро",
        question_ru="Заполните, пожалуйста, анкету полностью.",
        question_en="Please fill in the whole questionnaire.",
    ),
)


BY_ID: dict[str, Criterion] = {criterion.id: criterion for criterion in CRITERIA}


def criterion(criterion_id: str) -> Criterion:
    return BY_ID[criterion_id]
