"""Texts of callscout.qa: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "qa.models.item_answer_need_yes_no": (
        "пункт {code}: ответ {value!r}, нужно да/нет",
        "item {code}: answer {value!r}, need yes/no",
    ),
    "qa.models.item_answer_need_number_0_100": (
        "пункт {code}: ответ {value!r}, нужно число 0-100",
        "item {code}: answer {value!r}, need a number 0-100",
    ),
    "qa.models.item_codes_repeat": (
        "коды пунктов повторяются: {codes}",
        "item codes repeat: {codes}",
    ),
    "qa.models.item_is_mandatory_it_cannot_be": (
        "пункт {code} обязательный, «не применимо» нельзя",
        "item {code} is mandatory, it cannot be 'n/a'",
    ),
    "qa.models.question_ids_repeat": (
        "номера вопросов повторяются",
        "question ids repeat",
    ),
    "qa.recordings.recording_not_found": (
        "запись не найдена",
        "recording not found",
    ),
    "qa.recordings.choose_vendor_of_this_evaluation": (
        "выберите вендора из оценки",
        "choose a vendor of this evaluation",
    ),
    "qa.service.unknown_item": (
        "неизвестный пункт {code}",
        "unknown item {code}",
    ),
    "qa.service.call_is_already_rated_utc_score": (
        "звонок {call} уже оценён: {grader}, {when} UTC, {score:.1f} баллов. Отправленные оценки не меняются",
        "call {call} is already rated: {grader}, {when} UTC, score {score:.1f}. Submitted grades do not change",
    ),
    "qa.service.none": (
        "нет",
        "none",
    ),
    "qa.service.form_not_found_known": (
        "форма {code} не найдена; есть: {known}",
        "form {code} not found; known: {known}",
    ),
    "qa.service.form_is_shared_read_only_template": (
        "форма {code} — общий шаблон только для чтения: создайте форму в своей оценке (callscout qa form create)",
        ("form {code} is a shared read-only template: create the form in your evaluation (callscout qa form create)"),
    ),
    "qa.service.grade_was_not_saved": (
        "оценка не сохранена",
        "the grade was not saved",
    ),
    "qa.service.every_item_is_n_nothing_to": (
        "все пункты «не применимо» — оценивать нечего",
        "every item is n/a, nothing to grade",
    ),
    "qa.service.vendor_is_not_in_this_evaluation": (
        "вендор не найден в этой оценке",
        "the vendor is not in this evaluation",
    ),
    "qa.service.call_is_not_in_call_logs": (
        "звонок {call} не найден в журналах {vendor}",
        "call {call} is not in the call logs of {vendor}",
    ),
    "qa.service.unknown_grouping_known": (
        "группировка {by} неизвестна; есть: {known}",
        "unknown grouping {by}; known: {known}",
    ),
    "qa.service.quiz_not_found_known": (
        "тест {code} не найден; есть: {known}",
        "quiz {code} not found; known: {known}",
    ),
    "qa.service.answer_time_and_rings_cannot_be": (
        "время ответа и число гудков не могут быть отрицательными",
        "answer time and rings cannot be negative",
    ),
    "qa.service.unanswered_call_cannot_be_graded": (
        "неотвеченный звонок нельзя оценить по форме",
        "an unanswered call cannot be graded",
    ),
    "qa.service.form_already_exists_forms_do_not": (
        "форма {code} уже есть; формы не меняются, создайте новую с другим кодом",
        "form {code} already exists; forms do not change, create one with a new code",
    ),
    "qa.service.quiz_already_exists": (
        "тест {code} уже есть",
        "quiz {code} already exists",
    ),
    "qa.service.quiz_has_no_questions": (
        "в тесте {code} нет вопросов: {ids}",
        "quiz {code} has no questions: {ids}",
    ),
    "qa.service.date_use_2026_11_20t10_00": (
        "дата {value!r}: нужен формат 2026-11-20T10:00",
        "date {value!r}: use 2026-11-20T10:00",
    ),
    "qa.service.no_answer_to_mandatory_item": (
        "нет ответа на обязательный пункт {code} ({text})",
        "no answer to the mandatory item {code} ({text})",
    ),
    "qa.stage.script_not_checked_none_of_vendor": (
        "скрипт не проверен: звонки вендора ещё не расшифрованы (callscout audio transcribe или кабинет)",
        (
            "script not checked: none of the vendor's calls is transcribed yet (callscout audio transcribe or the "
            "cabinet)"
        ),
    ),
    "qa.stage.script_not_checked_no_call_transcript": (
        "скрипт не проверен: нет расшифровки звонков — {problem}",
        "script not checked: no call transcript — {problem}",
    ),
}
