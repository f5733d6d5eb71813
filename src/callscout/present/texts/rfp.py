"""Texts of callscout.rfp: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "rfp.sheet_cell": (
        "лист «{sheet}», ячейка {cell}",
        "sheet '{sheet}', cell {cell}",
    ),
    "rfp.expected_yes_or_no": (
        "ожидается «да» или «нет»",
        "expected yes or no",
    ),
    "rfp.field": (
        "Поле",
        "Field",
    ),
    "rfp.value": (
        "Значение",
        "Value",
    ),
    "rfp.answer_format": (
        "Формат ответа",
        "Answer format",
    ),
    "rfp.answer": (
        "Ответ",
        "Answer",
    ),
    "rfp.comment": (
        "Комментарий",
        "Comment",
    ),
    "rfp.sheet_is_too_long": (
        "лист «{sheet}» слишком длинный",
        "sheet '{sheet}' is too long",
    ),
    "rfp.larger_than_5_mb": (
        "{path}: файл больше 5 МБ",
        "{path}: larger than 5 MB",
    ),
    "rfp.sheets_missing_not_callscout_questionnaire": (
        "{path}: нет листов {names} — это не анкета CallScout",
        "{path}: sheets {names} missing — not a CallScout questionnaire",
    ),
    "rfp.payment_model_must_be_one_of": (
        "модель оплаты одна из: {models}",
        "payment model must be one of: {models}",
    ),
    "rfp.questionnaire_is_empty_no_answers_sheet": (
        "анкета пустая: нет ни ответов (лист «Анкета», столбец D), ни предложения (лист «Предложение»)",
        "the questionnaire is empty: no answers (sheet 'Анкета', column D) and no offer (sheet 'Предложение')",
    ),
    "rfp.problem_s_nothing_changed": (
        "{path}: найдено проблем: {count}; ничего не изменено",
        "{path}: {count} problem(s); nothing changed",
    ),
    "rfp.buyer": (
        "Заказчик",
        "Buyer",
    ),
    "rfp.request_sent": (
        "Запрос отправлен",
        "Request sent",
    ),
    "rfp.answered_at_fill_in": (
        "Дата и время ответа (заполните)",
        "Answered at (fill in)",
    ),
    "rfp.contact_person": (
        "Контактное лицо",
        "Contact person",
    ),
    "rfp.term": (
        "Условие",
        "Term",
    ),
    "rfp.expected_number": (
        "ожидается число",
        "expected a number",
    ),
    "rfp.cannot_read_xlsx": (
        "{path}: не удалось прочитать XLSX ({error})",
        "{path}: cannot read the XLSX ({error})",
    ),
    "rfp.answers_do_not_fit_vendor": (
        "{path}: ответы не подходят к вендору",
        "{path}: the answers do not fit the vendor",
    ),
    "rfp.yes_no": (
        "да / нет",
        "yes / no",
    ),
    "rfp.number": (
        "число",
        "number",
    ),
    "rfp.expected_date_time_e_g_2026": (
        "ожидается дата и время, например 2026-11-20 14:30",
        "expected a date-time, e.g. 2026-11-20 14:30",
    ),
    "rfp.offer": (
        "Предложение {i}",
        "Offer {i}",
    ),
}
