"""Texts of callscout.web: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "web.app.calls_per_month_whole_number_of": (
        "calls_per_month: нужно целое число звонков в месяц",
        "calls_per_month: a whole number of calls per month",
    ),
    "web.app.cross_site_sign_in_refused": (
        "вход с чужого сайта запрещён: откройте страницу входа",
        "cross-site sign-in refused",
    ),
    "web.app.report_not_built_yet": (
        "отчёт ещё не построен",
        "report not built yet",
    ),
    "web.app.evaluation_not_found": (
        "оценка не найдена",
        "evaluation not found",
    ),
    "web.app.link_not_found": (
        "ссылка не найдена",
        "link not found",
    ),
    "web.app.link_invalid_or_expired": (
        "ссылка недействительна или устарела",
        "link invalid or expired",
    ),
    "web.app.yaml_file_is_expected": (
        "{name}: нужен файл .yaml",
        "{name}: a .yaml file is expected",
    ),
    "web.app.larger_than_1_mb": (
        "{name}: файл больше 1 МБ",
        "{name}: larger than 1 MB",
    ),
    "web.app.problem_s": (
        "{name}: найдено проблем: {count}",
        "{name}: {count} problem(s)",
    ),
    "web.app.too_many_failed_sign_ins_try": (
        "слишком много неудачных попыток входа: повторите через {seconds} с",
        "too many failed sign-ins: try again in {seconds} s",
    ),
    "web.app.wrong_login_or_password": (
        "неверный логин или пароль",
        "wrong login or password",
    ),
    "web.app.file_holds_evaluation_not_names_must": (
        "в файле оценка {found!r}, а заменить нужно {name!r}: название должно совпадать",
        "the file holds evaluation {found!r}, not {name!r}: the names must match",
    ),
    "web.app.temporarily_unavailable": (
        "страница временно недоступна: владелец исправляет данные",
        "temporarily unavailable",
    ),
    "web.app.not_utf_8": (
        "{name}: файл не в UTF-8",
        "{name}: not UTF-8",
    ),
    "web.audits.audit_failed": (
        "проверка не удалась: {error}",
        "the audit failed: {error}",
    ),
    "web.audits.queued_waiting_for_free_job_worker": (
        "в очереди: ждёт свободного обработчика задач",
        "queued: waiting for a free job worker",
    ),
    "web.audits.crawling_page_s_fetched": (
        "обход сайта: загружено страниц {n}",
        "crawling: {n} page(s) fetched",
    ),
    "web.audits.checks_of": (
        "проверки: {done} из {total}",
        "checks: {done} of {total}",
    ),
    "web.audits.done_page_s_check_s": (
        "готово: страниц {n}, проверок {total}",
        "done: {n} page(s), {total} check(s)",
    ),
    "web.audits.audit_was_cancelled_nothing_was_saved": (
        "проверка отменена: результаты не сохранены",
        "the audit was cancelled: nothing was saved",
    ),
    "web.audits.audit_was_cut_off_by_server": (
        "проверка прервана перезапуском сервера: запустите её снова",
        "the audit was cut off by a server restart: start it again",
    ),
    "web.audits.vendor_not_found": (
        "вендор не найден",
        "vendor not found",
    ),
    "web.audits.vendor_has_no_website": (
        "у вендора не указан сайт",
        "the vendor has no website",
    ),
    "web.audits.internal_network_address_cannot_be_audited": (
        "{url}: адрес во внутренней сети ({reason}) проверять нельзя",
        "{url}: an internal network address ({reason}) cannot be audited",
    ),
    "web.cabinet.evaluation_not_found": (
        "оценка не найдена",
        "evaluation not found",
    ),
    "web.cabinet.not_allowed_needs_role": (
        "недостаточно прав: нужна роль {role}",
        "not allowed: needs role {role}",
    ),
    "web.cabinet.sign_in_first": (
        "нужно войти",
        "sign in first",
    ),
    "web.cabinet.invalid_csrf_token_reload": (
        "недействительный CSRF-токен: обновите страницу",
        "invalid CSRF token: reload",
    ),
    "web.calls.file_is_empty": (
        "{name}: файл пустой",
        "{name}: the file is empty",
    ),
    "web.calls.import_for_is_already_running_wait": (
        "импорт для {vendor} уже идёт: дождитесь его окончания",
        "an import for {vendor} is already running: wait for it to finish",
    ),
    "web.calls.import_not_found": (
        "импорт не найден",
        "import not found",
    ),
    "web.calls.tick_box_to_confirm_removing_import": (
        "подтвердите удаление импорта галочкой",
        "tick the box to confirm removing the import",
    ),
    "web.calls.larger_than_mb": (
        "{name}: файл больше {limit:.0f} МБ",
        "{name}: larger than {limit:.0f} MB",
    ),
    "web.calls.unknown_format": (
        "неизвестный формат {name}",
        "unknown format {name}",
    ),
    "web.calls.choose_call_log_file": (
        "выберите файл журнала звонков",
        "choose a call-log file",
    ),
    "web.calls.choose_vendor_of_this_evaluation": (
        "выберите вендора из оценки",
        "choose a vendor of this evaluation",
    ),
    "web.forms.number_is_needed_not": (
        "{field}: нужно число, а не {value!r}",
        "{field}: a number is needed, not {value!r}",
    ),
    "web.forms.number_from_to_expected_got": (
        "{field}: нужно число от {low} до {high}, получено {value!r}",
        "{field}: a number from {low} to {high} expected, got {value!r}",
    ),
    "web.forms.number_is_needed": (
        "{field}: нужно число",
        "{field}: a number is needed",
    ),
    "web.forms.date_use_yyyy_mm_dd": (
        "дата {value!r}: нужен формат ГГГГ-ММ-ДД",
        "date {value!r}: use YYYY-MM-DD",
    ),
    "web.jobs.job_was_cut_off_process_running": (
        ("задача прервана: процесс (сервер или обработчик задач), который её выполнял, остановлен; запустите её снова"),
        "the job was cut off: the process running it (server or job worker) stopped; start it again",
    ),
    "web.jobs.cancelled_nothing_was_changed": (
        "отменено: ничего не изменено",
        "cancelled: nothing was changed",
    ),
    "web.jobs.job_not_found": (
        "задача не найдена",
        "job not found",
    ),
    "web.live.valid_ingest_token_is_required_authorization": (
        "нужен действующий токен приёма событий (Authorization: Bearer ТОКЕН); его выдаёт callscout ingest token",
        "a valid ingest token is required (Authorization: Bearer TOKEN); callscout ingest token issues one",
    ),
    "web.live.vendor_not_found": (
        "вендор не найден",
        "vendor not found",
    ),
    "web.live.request_body_larger_than_bytes": (
        "тело запроса больше {limit} байт",
        "request body larger than {limit} bytes",
    ),
    "web.live.ami_object_or_list_expected": (
        "ожидался объект или список объектов AMI",
        "an AMI object or a list expected",
    ),
    "web.live.date_use_yyyy_mm_dd": (
        "дата {value!r}: нужен формат ГГГГ-ММ-ДД",
        "date {value!r}: use YYYY-MM-DD",
    ),
    "web.live.malformed_json": (
        "неверный JSON: {error}",
        "malformed JSON: {error}",
    ),
    "web.ranking.all_group_weights_are_zero": (
        "все веса групп равны нулю",
        "all group weights are zero",
    ),
    "web.recordings.larger_than_256_kb": (
        "{name}: файл больше 256 КБ",
        "{name}: larger than 256 KB",
    ),
    "web.recordings.choose_recording_file": (
        "выберите файл записи",
        "choose a recording file",
    ),
    "web.recordings.call_recording_is_expected": (
        "{name}: нужна запись звонка ({known})",
        "{name}: a call recording is expected ({known})",
    ),
    "web.recordings.recording_file_is_not_kept_here": (
        "файл записи не хранится в кабинете",
        "the recording file is not kept here",
    ),
    "web.recordings.call_not_found": (
        "звонок не найден",
        "call not found",
    ),
    "web.recordings.not_utf_8": (
        "{name}: файл не в UTF-8",
        "{name}: not UTF-8",
    ),
    "web.recordings.vendor_not_found": (
        "вендор не найден",
        "vendor not found",
    ),
    "web.recordings.name_operator": (
        "укажите оператора",
        "name the operator",
    ),
    "web.recordings.txt_or_json_is_expected": (
        "{name}: нужен .txt или .json",
        "{name}: a .txt or .json is expected",
    ),
}
