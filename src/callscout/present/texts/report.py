"""Texts of callscout.report: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "report.call_charts.hour_of_day": (
        "час дня",
        "hour of day",
    ),
    "report.call_charts.day": (
        "день",
        "day",
    ),
    "report.call_charts.agent": (
        "оператор",
        "agent",
    ),
    "report.call_charts.calls_offered": (
        "поступило звонков",
        "calls offered",
    ),
    "report.call_charts.service_level": (
        "уровень сервиса",
        "service level",
    ),
    "report.call_charts.answered": (
        "отвечено",
        "answered",
    ),
    "report.charts.calls_per_hour": (
        "звонков в час",
        "calls per hour",
    ),
    "report.charts.operators": (
        "операторов",
        "operators",
    ),
    "report.charts.service_level": (
        "уровень сервиса",
        "service level",
    ),
    "report.charts.abandon_rate": (
        "доля потерянных",
        "abandon rate",
    ),
    "report.charts.asa_s": (
        "ASA, с",
        "ASA, s",
    ),
    "report.charts.in_house": (
        "своими силами",
        "in-house",
    ),
    "report.charts.points_out_of_100": (
        "баллы из 100",
        "points out of 100",
    ),
    "report.charts.group": (
        "группа",
        "group",
    ),
    "report.charts.probability_of_first_place": (
        "вероятность первого места",
        "probability of first place",
    ),
    "report.charts.calls_per_month": (
        "звонков в месяц",
        "calls per month",
    ),
    "report.charts.rub_per_month": (
        "₽ в месяц",
        "RUB per month",
    ),
    "report.charts.offer": (
        "предложение",
        "offer",
    ),
    "report.charts.hour_of_week": (
        "час недели",
        "hour of the week",
    ),
    "report.pdf_worker.callscout_pdf_engine_expected_one_of": (
        "CALLSCOUT_PDF_ENGINE={value}: ожидается одно из {engines}",
        "CALLSCOUT_PDF_ENGINE={value}: expected one of {engines}",
    ),
    "report.pdf_worker.chromium_is_not_installed_callscout_pdf": (
        "Chromium не установлен (CALLSCOUT_PDF_ENGINE=chromium); установите его или уберите настройку",
        "Chromium is not installed (CALLSCOUT_PDF_ENGINE=chromium); install it or unset the setting",
    ),
    "report.pdf_worker.could_not_render_pdf_report": (
        "Не удалось построить PDF-отчёт: {reason}",
        "Could not render the PDF report: {reason}",
    ),
    "report.pdf_worker.chromium_did_not_print_pdf": (
        "Chromium не напечатал PDF",
        "Chromium did not print the PDF",
    ),
    "report.pdf_worker.chromium_did_not_print_pdf_in": (
        "Chromium не напечатал PDF за {seconds} с",
        "Chromium did not print the PDF in {seconds} s",
    ),
    "report.render.choosing_call_center": (
        "Выбор колл-центра",
        "Choosing a call center",
    ),
    "report.render.has_no_report_to_print_build": (
        "в {folder} нет отчёта для печати: постройте отчёт заново",
        "{folder} has no report to print: build the report again",
    ),
    "report.workbook.ranking": (
        "Рейтинг",
        "Ranking",
    ),
    "report.workbook.code": (
        "Код",
        "Code",
    ),
    "report.workbook.criterion": (
        "Критерий",
        "Criterion",
    ),
    "report.workbook.group": (
        "Группа",
        "Group",
    ),
    "report.workbook.weight": (
        "Вес",
        "Weight",
    ),
    "report.workbook.if_unknown": (
        "Если нет данных",
        "If unknown",
    ),
    "report.workbook.scores": (
        "Оценки",
        "Scores",
    ),
    "report.workbook.weights": (
        "Веса",
        "Weights",
    ),
    "report.workbook.findings": (
        "Находки",
        "Findings",
    ),
    "report.workbook.questions": (
        "Вопросы",
        "Questions",
    ),
    "report.workbook.rank": (
        "Место",
        "Rank",
    ),
    "report.workbook.vendor": (
        "Вендор",
        "Vendor",
    ),
    "report.workbook.score_of_100": (
        "Балл из 100",
        "Score of 100",
    ),
    "report.workbook.p_first": (
        "Вероятность 1-го места",
        "P(first)",
    ),
    "report.workbook.data_completeness": (
        "Полнота данных",
        "Data completeness",
    ),
    "report.workbook.disqualified": (
        "Исключён",
        "Disqualified",
    ),
    "report.workbook.knock_out_reasons": (
        "Причины исключения",
        "Knock-out reasons",
    ),
    "report.workbook.status": (
        "Статус",
        "Status",
    ),
    "report.workbook.unchecked_knock_outs": (
        "Не проверено (обязательное)",
        "Unchecked knock-outs",
    ),
    "report.workbook.direction": (
        "Направление",
        "Direction",
    ),
    "report.workbook.how_it_is_computed": (
        "Как считается",
        "How it is computed",
    ),
    "report.workbook.scale_from": (
        "Шкала от",
        "Scale from",
    ),
    "report.workbook.scale_to": (
        "Шкала до",
        "Scale to",
    ),
    "report.workbook.from_article": (
        "Из статьи",
        "From the article",
    ),
    "report.workbook.check": (
        "Проверка",
        "Check",
    ),
    "report.workbook.severity": (
        "Важность",
        "Severity",
    ),
    "report.workbook.message": (
        "Сообщение",
        "Message",
    ),
    "report.workbook.evidence": (
        "Доказательства",
        "Evidence",
    ),
    "report.workbook.why": (
        "Почему",
        "Why",
    ),
    "report.workbook.question": (
        "Вопрос",
        "Question",
    ),
    "report.workbook.yes": (
        "да",
        "yes",
    ),
    "report.workbook.no": (
        "нет",
        "no",
    ),
    "report.workbook.value": (
        "значение",
        "value",
    ),
    "report.workbook.score_0_1": (
        "оценка 0-1",
        "score 0-1",
    ),
    "report.workbook.contribution": (
        "вклад",
        "contribution",
    ),
    "report.workbook.red_flag": (
        "красный флаг",
        "red flag",
    ),
}
