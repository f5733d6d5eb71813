"""The message catalogue: every keyed text a user reads, in Russian and English, in one module.

Why a Python module of keyed messages rather than gettext ``.po`` files compiled through Babel: the project's
texts are Russian first with English beside them (a ``.po`` file wants one source language and a compile step
that an editable install and the tests would have to run); a key is checked by the interpreter and by the
completeness test (``tests/test_messages.py``) without any build; and the texts carry plural forms by CLDR
category, chosen with Babel's plural rules, which is the part of gettext we need.

A message is a pair (Russian, English). Each side is a text, or a mapping of CLDR plural categories (one, few,
many, other) to texts, chosen by the parameter ``n``. Parameters are written with a kind after the colon and
rendered by ``present.formatting`` in the reader's language::

    {cost:money}  {share:pct}  {share:pct0}  {value:num}  {value:num1}  {value:num2}  {seconds:dur}  {seconds:sec1}
    {day:day}  {moment:when}  {p:p}  {diff:pp}  {n:count:call}   ({n} alone: an integer, grouped)

The label tables that already lived beside their data (``KPI_LABELS``, ``VENDOR_STATUS_LABELS``...) are part of
the catalogue through ``LABEL_TABLES``: ``label("kpi", "service_level")`` reads them, the completeness test
checks them, and a label never falls back to its raw code silently in a test (``strict``).
"""

from __future__ import annotations

import pkgutil
import string
from collections.abc import Callable, Mapping
from functools import cache
from importlib import import_module
from typing import Any

from callscout.i18n import Msg, current_language
from callscout.present import formatting, texts

Text = str | Mapping[str, str]
Message = tuple[Text, Text]


def _forms(one: str, few: str, many: str, other: str | None = None) -> dict[str, str]:
    return {"one": one, "few": few, "many": many, "other": other if other is not None else few}


def _en(one: str, other: str) -> dict[str, str]:
    return {"one": one, "other": other}


MESSAGES: dict[str, Message] = {
    # --- units with plural forms: count(n, "call") ---------------------------------------------------------------
    "unit.call": (_forms("{n} звонок", "{n} звонка", "{n} звонков"), _en("{n} call", "{n} calls")),
    "unit.vendor": (_forms("{n} вендор", "{n} вендора", "{n} вендоров"), _en("{n} vendor", "{n} vendors")),
    "unit.breach": (_forms("{n} нарушение", "{n} нарушения", "{n} нарушений"), _en("{n} breach", "{n} breaches")),
    "unit.finding": (_forms("{n} находка", "{n} находки", "{n} находок"), _en("{n} finding", "{n} findings")),
    "unit.agent": (_forms("{n} оператор", "{n} оператора", "{n} операторов"), _en("{n} agent", "{n} agents")),
    "unit.day": (_forms("{n} день", "{n} дня", "{n} дней"), _en("{n} day", "{n} days")),
    "unit.point": (_forms("{n} балл", "{n} балла", "{n} баллов"), _en("{n} point", "{n} points")),
    "unit.word": (_forms("{n} слово", "{n} слова", "{n} слов"), _en("{n} word", "{n} words")),
    "unit.error": (_forms("{n} ошибка", "{n} ошибки", "{n} ошибок"), _en("{n} error", "{n} errors")),
    "unit.recording": (_forms("{n} запись", "{n} записи", "{n} записей"), _en("{n} recording", "{n} recordings")),
    # --- roles in an evaluation ----------------------------------------------------------------------------------
    "role.owner": ("владелец", "owner"),
    "role.analyst": ("аналитик", "analyst"),
    "role.viewer": ("наблюдатель", "viewer"),
    # --- confidence of a recommendation (the level alone, «уверенность: высокая») ----------------------------------
    "confidence.high": ("высокая", "high"),
    "confidence.medium": ("средняя", "medium"),
    "confidence.low": ("низкая", "low"),
    # --- outcomes of a call --------------------------------------------------------------------------------------
    "outcome.answered": ("принят", "answered"),
    "outcome.abandoned": ("потерян", "abandoned"),
    "outcome.ivr": ("завершён в IVR", "ended in IVR"),
    "outcome.phantom": ("фантомный", "phantom"),
    "outcome.unknown": ("неизвестно", "unknown"),
    "outcome.no_answer": ("без ответа", "no answer"),
    # --- verdicts of a trial comparison (calls.compare) ------------------------------------------------------------
    "verdict.better": ("лучше", "better"),
    "verdict.worse": ("хуже", "worse"),
    "verdict.same": ("разница не значима", "not significant"),
    "verdict.different": ("различается", "different"),
    # --- the scoring's criteria and the questions to the vendors -------------------------------------------------
    "direction.benefit": ("больше — лучше", "higher is better"),
    "direction.cost": ("меньше — лучше", "lower is better"),
    "criterion_status.used": ("учитывается", "used"),
    "criterion_status.not_applicable": ("не применим", "not applicable"),
    "criterion_status.no_data": ("нет данных", "no data"),
    "question_reason.unknown": ("нет данных", "no data"),
    "question_reason.weak": ("слабое место", "weak point"),
    "question_reason.knockout_unknown": ("обязательное требование не проверено", "knock-out not checked"),
    "question_reason.warning": ("замечание", "warning"),
    # --- groupings of the call KPIs (calls kpi --by) ------------------------------------------------------------
    "grouping.hour": ("час", "hour"),
    "grouping.day": ("день", "day"),
    "grouping.week": ("неделя", "week"),
    "grouping.weekday": ("день недели", "weekday"),
    "grouping.agent": ("оператор", "agent"),
    "grouping.queue": ("очередь", "queue"),
    "grouping.interval": ("интервал", "interval"),
    "grouping.topic": ("тема", "topic"),
    "grouping.result": ("итог", "result"),
    "grouping.vendor": ("вендор", "vendor"),
    # --- queue (staffing) models ---------------------------------------------------------------------------------
    "queue_model.erlang_c": ("Эрланг C", "Erlang C"),
    "queue_model.erlang_a": ("Эрланг A (с уходом из очереди)", "Erlang A"),
    # --- statuses, causes and severities of findings ---------------------------------------------------------------
    "status.pass": ("норма", "pass"),
    "status.warn": ("внимание", "warning"),
    "status.fail": ("проблема", "fail"),
    "status.unknown": ("неизвестно", "unknown"),
    "cause.vendor": ("у вендора", "the vendor's"),
    "cause.check": ("проверка не состоялась", "the check could not run"),
    "severity.info": ("сведения", "info"),
    "severity.low": ("низкая", "low"),
    "severity.medium": ("средняя", "medium"),
    "severity.high": ("высокая", "high"),
    "severity.critical": ("критическая", "critical"),
    # --- findings of the calls package (check calls.sla; code sla_<metric>) -----------------------------------------
    "calls.sla.sla_met": ("{vendor}: условия SLA выполнены во всех периодах", "{vendor}: SLA met in every period"),
    "calls.sla.sla_service_level": (
        _forms(
            "{vendor}: уровень сервиса не выполнен в {n} периоде (цель {target:pct})",
            "{vendor}: уровень сервиса не выполнен в {n} периодах (цель {target:pct})",
            "{vendor}: уровень сервиса не выполнен в {n} периодах (цель {target:pct})",
        ),
        _en(
            "{vendor}: service level missed in {n} period (target {target:pct})",
            "{vendor}: service level missed in {n} periods (target {target:pct})",
        ),
    ),
    "calls.sla.sla_abandon_rate": (
        _forms(
            "{vendor}: доля потерянных выше цели в {n} периоде (не более {target:pct})",
            "{vendor}: доля потерянных выше цели в {n} периодах (не более {target:pct})",
            "{vendor}: доля потерянных выше цели в {n} периодах (не более {target:pct})",
        ),
        _en(
            "{vendor}: abandon rate over the target in {n} period (at most {target:pct})",
            "{vendor}: abandon rate over the target in {n} periods (at most {target:pct})",
        ),
    ),
    "calls.sla.sla_asa_s": (
        _forms(
            "{vendor}: среднее время ответа выше цели в {n} периоде (не более {target:dur})",
            "{vendor}: среднее время ответа выше цели в {n} периодах (не более {target:dur})",
            "{vendor}: среднее время ответа выше цели в {n} периодах (не более {target:dur})",
        ),
        _en(
            "{vendor}: average speed of answer over the target in {n} period (at most {target:dur})",
            "{vendor}: average speed of answer over the target in {n} periods (at most {target:dur})",
        ),
    ),
    "calls.sla.sla_unchecked": (
        "{vendor}: цель SLA по показателю «{metric:label:kpi}» не проверена — {reason:label:kpi_unknown}",
        "{vendor}: the SLA target on «{metric:label:kpi}» was not checked — {reason:label:kpi_unknown}",
    ),
    "calls.sla.sla_unchecked_periods": (
        _forms(
            "{vendor}: цель SLA по показателю «{metric:label:kpi}» не проверена в {n} периоде — "
            "{reason:label:kpi_unknown}",
            "{vendor}: цель SLA по показателю «{metric:label:kpi}» не проверена в {n} периодах — "
            "{reason:label:kpi_unknown}",
            "{vendor}: цель SLA по показателю «{metric:label:kpi}» не проверена в {n} периодах — "
            "{reason:label:kpi_unknown}",
        ),
        _en(
            "{vendor}: the SLA target on «{metric:label:kpi}» was not checked in {n} period — "
            "{reason:label:kpi_unknown}",
            "{vendor}: the SLA target on «{metric:label:kpi}» was not checked in {n} periods — "
            "{reason:label:kpi_unknown}",
        ),
    ),
    # A period of the breach list whose figure the log cannot tell: neither met nor breached.
    "calls.sla.period_unchecked": (
        "не проверено — {reason:label:kpi_unknown}",
        "not checked — {reason:label:kpi_unknown}",
    ),
    "calls.sla.unchecked_evidence": (
        "{period:when}: не проверено, поступило {offered}",
        "{period:when}: not checked, offered {offered}",
    ),
    # The scoring's SLA criterion when the log could not tell every target in every period.
    # A time from the call log in seconds with one decimal: «10,3 с» / «10.3 sec» (CLDR's unit word).
    "scoring.extractors.seconds": ("{value:sec1}", "{value:sec1}"),
    "scoring.extractors.sla_not_all_checked": (
        "цели SLA проверены не все: {reason:label:kpi_unknown}",
        "not every SLA target was checked: {reason:label:kpi_unknown}",
    ),
    "scoring.extractors.sla_partly_checked": (
        _forms(
            "цели SLA проверены не все: {reason:label:kpi_unknown}; все цели проверены в {checked} из {n} периода",
            "цели SLA проверены не все: {reason:label:kpi_unknown}; все цели проверены в {checked} из {n} периодов",
            "цели SLA проверены не все: {reason:label:kpi_unknown}; все цели проверены в {checked} из {n} периодов",
        ),
        _en(
            "not every SLA target was checked: {reason:label:kpi_unknown}; every target checked in {checked} of "
            "{n} period",
            "not every SLA target was checked: {reason:label:kpi_unknown}; every target checked in {checked} of "
            "{n} periods",
        ),
    ),
    # The daily digest: a period of the day (an hour, an interval) whose figure the log cannot tell.
    "live.digest.sla_period_not_checked": (
        "  {period:when}: цель SLA «{metric:label:kpi}» не проверена — {reason:label:kpi_unknown}",
        "  {period:when}: SLA target «{metric:label:kpi}» not checked — {reason:label:kpi_unknown}",
    ),
    "calls.sla.evidence": ("{period:when}: {value}, поступило {offered}", "{period:when}: {value}, offered {offered}"),
    # --- the print page (report.print.html.j2): a summary for signing, the details named where they are --------
    "print.note": (
        "Это печатная сводка для решения о подписании: все замечания (проблемы, предупреждения и непроверенное) "
        "приведены полностью, пройденные проверки только подсчитаны. Выдержки со страниц, доказательства, каждое "
        "предложение и каждая оценка — в report.html и report.json рядом с этим файлом (таблицы — в report.xlsx).",
        "This printed summary is for the signing decision: every finding that is not ok (failures, warnings, what "
        "was not checked) is given in full, passed checks are only counted. Page excerpts, evidence, every offer and "
        "every score are in report.html and report.json beside this file (the tables in report.xlsx).",
    ),
    "print.cause": ("причина: {cause}", "cause: {cause}"),
    "print.audit.title": ("Аудит сайтов: что не в порядке", "Website audit: what is not ok"),
    "print.audit.no_sites": ("У вендоров не указаны сайты.", "No vendor has a website."),
    "print.audit.result": ("Итог: {status} · страниц: {pages}", "Result: {status} · pages: {pages}"),
    "print.audit.passed": (
        _forms(
            "ещё {n} проверка пройдена — подробности и выдержки со страниц в report.html, раздел «Аудит сайтов», "
            "и в report.json: {path}",
            "ещё {n} проверки пройдены — подробности и выдержки со страниц в report.html, раздел «Аудит сайтов», "
            "и в report.json: {path}",
            "ещё {n} проверок пройдены — подробности и выдержки со страниц в report.html, раздел «Аудит сайтов», "
            "и в report.json: {path}",
        ),
        _en(
            "{n} more check passed — details and page excerpts in report.html, section «Website audit», "
            "and in report.json: {path}",
            "{n} more checks passed — details and page excerpts in report.html, section «Website audit», "
            "and in report.json: {path}",
        ),
    ),
    "print.economics.title": ("Экономика: лучшее предложение каждого вендора", "Economics: each vendor's best offer"),
    "print.economics.error": ("Расчёт экономики не выполнен: {error}", "Economics could not be computed: {error}"),
    "print.economics.workload": (
        "Нагрузка: {calls:num0} звонков в месяц, AHT {aht:dur} · конверсия в заказ {conversion:pct} · "
        "средний чек {order:money} · маржа {margin:pct}",
        "Workload: {calls:num0} calls a month, AHT {aht:dur} · order conversion {conversion:pct} · "
        "average order {order:money} · margin {margin:pct}",
    ),
    "print.economics.best": (
        "Самое дешёвое предложение каждого вендора на вашей нагрузке, в месяц",
        "Each vendor's cheapest offer on your workload, per month",
    ),
    "print.economics.risks": (
        "Риски моделей оплаты этих предложений на вашей нагрузке",
        "Charge-model risks of these offers on your workload",
    ),
    "print.economics.staffing": (
        "Штат по графику заказчика: {headcount:num1} операторов в штате, {hours:num0} операторо-часов в месяц, "
        "в пик по графику {peak:num1}.",
        "Staffing for the buyer's schedule: a headcount of {headcount:num1}, {hours:num0} operator-hours a month, "
        "{peak:num1} scheduled at the peak.",
    ),
    "print.economics.in_house": (
        "Свой колл-центр: {cost:money} в месяц.",
        "Running it in-house: {cost:money} a month.",
    ),
    "print.economics.saves": (
        "Аутсорсинг дешевле на {saves:money} ({offer}).",
        "Outsourcing saves {saves:money} ({offer}).",
    ),
    "print.economics.more": (
        "Все предложения ({n}) построчно, риски каждого, графики работы, свой колл-центр по статьям, точки "
        "безубыточности и стоимость в зависимости от объёма — в report.html, раздел «Экономика предложений и штат», "
        "в report.xlsx и в report.json: economics",
        "Every offer ({n}) line by line, the risks of each, the schedules, the in-house cost by item, the break-even "
        "volumes and the cost versus volume are in report.html, section «Offer economics and staffing», in "
        "report.xlsx and in report.json: economics",
    ),
    "print.checks.title": (
        "Проверьте до подписания — этого рейтинг не знает; места кандидатов со статусом «не проверен» условны:",
        "Check before signing — the ranking does not know this; the places of candidates marked “not checked” are "
        "conditional:",
    ),
    "print.knockout": ("обязательное требование", "knock-out"),
    "print.excerpt_elsewhere": (
        "выдержка — в report.html и report.json",
        "the excerpt is in report.html and report.json",
    ),
    "print.scoring.criteria": (
        "Критерии и их веса (по группам)",
        "Criteria and their weights (by group)",
    ),
    "print.scoring.no_data": (
        "Нет данных ни у одного вендора — эти критерии оценены по правилу «если неизвестно»:",
        "No vendor has data for these criteria — they are scored by their “if unknown” rule:",
    ),
    "print.scoring.more": (
        "Шкалы, направление и расчёт каждого критерия, выдержки из статьи, критерии, не нужные этой задаче ({n}), и "
        "оценка каждого вендора по каждому критерию с доказательствами — в report.html, раздел «Оценка и рейтинг», "
        "в report.xlsx и в report.json: scoring.criteria",
        "The scale, direction and computation of each criterion, the article's excerpts, the criteria this task "
        "does not need ({n}) and every vendor's score on every criterion with its evidence are in report.html, "
        "section «Scoring and ranking», in report.xlsx and in report.json: scoring.criteria",
    ),
    "print.questions.more": (
        "ещё {n} — в report.html и в report.xlsx, лист «Вопросы»",
        "{n} more in report.html and in report.xlsx, sheet «Questions»",
    ),
    "print.all_vendors": ("все вендоры ({n})", "every vendor ({n})"),
    "print.legal.title": (
        "Юрлицо и возраст сайта: итог проверки",
        "Legal entity and site age: the outcome",
    ),
    "print.legal.since": ("с {date:when} ({years:num1} г.)", "since {date:when} ({years:num1} y)"),
    "print.legal.domain": ("домен {name}, создан {created}", "domain {name}, created {created}"),
    "print.legal.flags": (
        "Флаги, которые не пройдены или не проверены",
        "Flags that failed or could not be checked",
    ),
    "print.legal.more": (
        "Выдержки и доказательства каждого флага, пройденные флаги, ОКВЭД и руководитель — в report.html, "
        "раздел «Юридическое лицо и возраст сайта», и в report.json: legal",
        "The excerpts and evidence of each flag, the passed flags, the OKVED code and the director are in "
        "report.html, section «Legal entity and site age», and in report.json: legal",
    ),
    "print.col.vendor": ("Вендор", "Vendor"),
    "print.col.offer": ("Предложение", "Offer"),
    "print.col.models": ("Модели оплаты", "Charge models"),
    "print.col.monthly": ("В месяц", "Per month"),
    "print.col.first_month": ("Первый месяц", "First month"),
    "print.col.per_call": ("За обработанный звонок", "Per handled call"),
    "print.col.per_order": ("За заказ", "Per order"),
    "print.col.revenue_share": ("Доля выручки", "Share of revenue"),
    # --- counts of inbound calls never offered to an agent (``calls kpi`` totals, beside the ``kpi`` table) ------
    "kpi.ivr": ("Только IVR", "IVR only"),
    "kpi.incomplete": ("Не завершены в журнале", "Unfinished in the log"),
    "kpi.phantom": ("Фантомные", "Phantom"),
    # --- a crashed check -----------------------------------------------------------------------------------------
    "check_failed": ("проверка не выполнена: {reason}", "check failed: {reason}"),
    # --- words the presentation layer itself writes ------------------------------------------------------------
    "text.join": ("{a}{b}", "{a}{b}"),  # two texts written one after the other (i18n.Msg + str)
    "text.pair": ("{ru}", "{en}"),  # a text of a data table of pairs, kept with both (i18n.pick)
    "value.unknown": ("нет данных", "no data"),
    "value.yes": ("да", "yes"),
    "value.no": ("нет", "no"),
}


def _table(module: str, name: str) -> Callable[[], Mapping[str, tuple[str, str]]]:
    def load() -> Mapping[str, tuple[str, str]]:
        return getattr(import_module(module), name)  # type: ignore[no-any-return]

    return load


# Label tables kept beside their data, read lazily (no import work, no cycles): part of the catalogue.
LABEL_TABLES: dict[str, Callable[[], Mapping[str, tuple[str, str]]]] = {
    "kpi": _table("callscout.calls.kpi", "KPI_LABELS"),
    "kpi_unknown": _table("callscout.calls.kpi", "UNKNOWN_REASONS"),
    "kpi_caveat": _table("callscout.calls.kpi", "KPI_CAVEATS"),
    "agent_time": _table("callscout.calls.kpi", "AGENT_TIME_LABELS"),
    "vendor_status": _table("callscout.scoring.engine", "VENDOR_STATUS_LABELS"),
    "confidence_phrase": _table("callscout.scoring.engine", "CONFIDENCE_LABELS"),
    "payment_model": _table("callscout.scoring.criteria", "PAYMENT_MODEL_LABELS"),
    "weights_source": _table("callscout.scoring.weights", "WEIGHT_SOURCE_LABELS"),
    "weekday": _table("callscout.model.common", "WEEKDAY_LABELS"),
    "hotline_task": _table("callscout.model.needs", "HOTLINE_TASK_LABELS"),
    "schedule_mode": _table("callscout.model.needs", "SCHEDULE_MODE_LABELS"),
    "entity_status": _table("callscout.legal.registry", "STATUS_LABELS"),
    "job_state": _table("callscout.cli.jobs", "STATE_LABELS"),
    "job_phase": _table("callscout.web.jobs", "PHASE_LABELS"),
    "alert_rule": _table("callscout.live.alerts", "RULE_LABELS"),
    "report_file": _table("callscout.report.render", "REPORT_FILE_LABELS"),
    "pydantic_error": _table("callscout.evalfile", "PYDANTIC_TEXTS"),
    "legal_requisite": _table("callscout.legal.checks.requisites", "REQUISITE_LABELS"),
    "phone_type": _table("callscout.web_audit.checks.contacts", "TYPE_LABELS"),
    "requisite_item": _table("callscout.web_audit.checks.requisites", "SEED_ITEM_LABELS"),
    "requisite_why": _table("callscout.web_audit.checks.requisites", "WHY_TEXTS"),
    "requisite_role": _table("callscout.web_audit.checks.requisites", "ROLE_TEXTS"),
}


@cache
def _table_of(kind: str) -> Mapping[str, tuple[str, str]]:
    # One table at a time: a report that shows a KPI label must not import the cabinet (job phases, FastAPI).
    return LABEL_TABLES[kind]()


@cache
def _catalogue() -> dict[str, Message]:
    """This module's keys and the texts moved out of the code (``present/texts/<package>.py``, one module per
    package of the project, formatted as the inline pairs were: a bare integer as written, a spec such as
    ``{x:.1f}`` the reader's way)."""
    merged: dict[str, Message] = dict(MESSAGES)
    for module in sorted(pkgutil.iter_modules(texts.__path__), key=lambda found: found.name):
        for key, pair in import_module(f"{texts.__name__}.{module.name}").MESSAGES.items():
            if key in merged:
                raise ValueError(f"catalogue key {key} is defined twice")
            merged[key] = pair
            _INLINE.add(key)
    return merged


_INLINE: set[str] = set()


@cache
def _tables() -> dict[str, Mapping[str, tuple[str, str]]]:
    return {kind: _table_of(kind) for kind in LABEL_TABLES}


def all_messages() -> dict[str, Message]:
    """Every key of the catalogue with its pair, the label tables included (``kind.code``)."""
    merged: dict[str, Message] = dict(_catalogue())
    for kind, table in _tables().items():
        for code, pair in table.items():
            merged.setdefault(f"{kind}.{code}", pair)
    return merged


def _side(key: str, language: str) -> Text | None:
    pair = _catalogue().get(key)
    if pair is None:
        kind, _, code = key.partition(".")
        table = _table_of(kind) if kind in LABEL_TABLES else None
        pair = table.get(code) if table is not None else None
    if pair is None:
        return None
    return pair[1] if language == "en" else pair[0]


class _Formatter(string.Formatter):
    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.language
        kind, _, argument = format_spec.partition(":")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if value is None:
            return message("value.unknown", language=lang)
        if kind == "" and number:
            return formatting.auto(value, language=lang)
        if kind == "" and isinstance(value, bool):
            return message("value.yes" if value else "value.no", language=lang)
        if kind == "label":  # a code in the reader's words: {reason:label:kpi_unknown}
            return label(argument, value, language=lang)
        if not number and kind not in ("day", "when"):
            return super().format_field(value, format_spec if kind not in _KINDS else "")
        renderers: dict[str, Callable[[Any], str]] = {
            "money": lambda v: formatting.money(v, language=lang),
            "pct": lambda v: formatting.percent(v, language=lang),
            "pct0": lambda v: formatting.percent(v, 0, language=lang),
            "num": lambda v: formatting.auto(v, language=lang),
            "num0": lambda v: formatting.number(v, 0, language=lang),
            "num1": lambda v: formatting.number(v, 1, language=lang),
            "num2": lambda v: formatting.number(v, 2, language=lang),
            "dur": lambda v: formatting.duration(v, language=lang),
            "sec1": lambda v: formatting.duration(v, unit="s", decimals=1, language=lang),
            "day": lambda v: formatting.day(v, language=lang),
            "when": lambda v: formatting.moment(v, language=lang),
            "p": lambda v: formatting.pvalue(v, language=lang),
            "pp": lambda v: formatting.points(v, language=lang),
            "count": lambda v: formatting.count(v, argument, language=lang),
        }
        renderer = renderers.get(kind)
        return renderer(value) if renderer is not None else _python_spec(value, format_spec, lang)


class _InlineNumber:
    """A number in a text moved from an inline pair: without a spec a whole number as written (years, line numbers),
    a fraction localised; with a spec (``.1f``, ``,.0f``) the reader's separators."""

    __slots__ = ("language", "value")

    def __init__(self, value: float, language: str) -> None:
        self.value = value
        self.language = language

    def __format__(self, spec: str) -> str:
        if not spec:
            return (
                str(self.value) if isinstance(self.value, int) else formatting.auto(self.value, language=self.language)
            )
        return _python_spec(self.value, spec, self.language)

    def __str__(self) -> str:
        return format(self, "")

    def __repr__(self) -> str:
        return repr(self.value)


def _inline(value: Any, language: str) -> Any:
    return _InlineNumber(value, language) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _python_spec(value: float, spec: str, language: str) -> str:
    """A Python format spec (``.1f``, ``,.0f``) written the reader's way: «62 026», «55,4» in Russian."""
    text = format(value, spec)
    if language == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", "\u00a0")


_KINDS = frozenset(
    {"label", "money", "pct", "pct0", "num", "num0", "num1", "num2", "dur", "sec1", "day", "when", "p", "pp", "count"}
)


def has(key: str) -> bool:
    return _side(key, "ru") is not None


def message(key: str, /, *, language: str | None = None, **params: Any) -> str:
    """The text of ``key`` in the reader's language with ``params`` rendered; a missing key raises KeyError
    (a catalogue gap must show in the tests, not as a raw key on a page)."""
    lang = "en" if (language or current_language()) == "en" else "ru"
    text = _side(key, lang)
    if text is None:
        raise KeyError(key)
    if not isinstance(text, str):
        n = params.get("n", 0)
        text = text.get(formatting.plural_category(abs(n) if isinstance(n, int | float) else 0, lang)) or text["other"]
    if not (params or "{" in text):
        return text
    if key in _INLINE:
        # Formatted as the inline pair was (str.format, numbers the reader's way): the common case, kept fast.
        return text.format(**{name: _inline(value, lang) for name, value in params.items()})
    return _Formatter(lang).format(text, **params)


def label(kind: str, code: Any, /, *, language: str | None = None) -> str:
    """A code of the data model in the reader's words («owner» -> «владелец»); an unknown code is shown as
    it is (data from outside, such as a vendor's own status word), never as an error page."""
    key = f"{kind}.{code.value if hasattr(code, 'value') else code}"
    # Kept with its key (``Msg``): a label stored in the result document is shown in the reader's language.
    return Msg(message(key, language=language), key, {}) if has(key) else str(code)
