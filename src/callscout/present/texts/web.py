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
    "web.templates._call_picker.calls_found": (
        "Найдено звонков",
        "Calls found",
    ),
    "web.templates._call_picker.page": (
        "страница",
        "page",
    ),
    "web.templates._call_picker.of": (
        "из",
        "of",
    ),
    "web.templates._call_picker.call": (
        "Звонок",
        "Call",
    ),
    "web.templates._call_picker.arrived": (
        "Поступил",
        "Arrived",
    ),
    "web.templates._call_picker.agent": (
        "Оператор",
        "Agent",
    ),
    "web.templates._call_picker.outcome": (
        "Итог",
        "Outcome",
    ),
    "web.templates._call_picker.talk_s": (
        "Разговор, с",
        "Talk, s",
    ),
    "web.templates._call_picker.grade": (
        "Оценить",
        "Grade",
    ),
    "web.templates._call_picker.open": (
        "Открыть",
        "Open",
    ),
    "web.templates._call_picker.nothing_found": (
        "Ничего не найдено.",
        "Nothing found.",
    ),
    "web.templates._call_picker.pages": (
        "Страницы",
        "Pages",
    ),
    "web.templates._call_picker.previous": (
        "назад",
        "previous",
    ),
    "web.templates._call_picker.next": (
        "дальше",
        "next",
    ),
    "web.templates._calls_dashboard.s": (
        "с",
        "s",
    ),
    "web.templates._calls_dashboard.upload_vendor_s_call_log_to": (
        "Загрузите журнал звонков вендора, чтобы увидеть показатели.",
        "Upload a vendor's call log to see the indicators.",
    ),
    "web.templates._calls_dashboard.indicators": (
        "показатели",
        "indicators",
    ),
    "web.templates._calls_dashboard.offered": (
        "Поступило",
        "Offered",
    ),
    "web.templates._calls_dashboard.answered": (
        "Отвечено",
        "Answered",
    ),
    "web.templates._calls_dashboard.abandoned": (
        "Потеряно",
        "Abandoned",
    ),
    "web.templates._calls_dashboard.short_abandons": (
        "Короткие сбросы",
        "Short abandons",
    ),
    "web.templates._calls_dashboard.abandon_rate": (
        "Доля потерянных",
        "Abandon rate",
    ),
    "web.templates._calls_dashboard.p90_wait": (
        "90% ожидания",
        "P90 wait",
    ),
    "web.templates._calls_dashboard.max_wait": (
        "Макс. ожидание",
        "Max wait",
    ),
    "web.templates._calls_dashboard.avg_talk": (
        "Ср. разговор",
        "Avg talk",
    ),
    "web.templates._calls_dashboard.out_of_hours": (
        "Вне графика",
        "Out of hours",
    ),
    "web.templates._calls_dashboard.never_called_back": (
        "Не перезвонили",
        "Never called back",
    ),
    "web.templates._calls_dashboard.by_hour_of_day": (
        "По часам дня",
        "By hour of day",
    ),
    "web.templates._calls_dashboard.by_day": (
        "По дням",
        "By day",
    ),
    "web.templates._calls_dashboard.by_agent": (
        "По операторам",
        "By agent",
    ),
    "web.templates._calls_dashboard.no_agent_login_data_occupancy_and": (
        "Нет данных о входе операторов: занятость и загрузка неизвестны (в журнале нет событий входа и пауз).",
        "No agent login data: occupancy and utilisation are unknown (the log has no login or pause events).",
    ),
    "web.templates._calls_dashboard.sla_breaches": (
        "Нарушения SLA",
        "SLA breaches",
    ),
    "web.templates._calls_dashboard.no_sla_terms_for_this_vendor": (
        "Условия SLA для вендора не заданы в оценке.",
        "No SLA terms for this vendor in the evaluation.",
    ),
    "web.templates._calls_dashboard.no_breaches": (
        "Нарушений нет.",
        "No breaches.",
    ),
    "web.templates._calls_dashboard.period": (
        "Период",
        "Period",
    ),
    "web.templates._calls_dashboard.metric": (
        "Показатель",
        "Metric",
    ),
    "web.templates._calls_dashboard.actual": (
        "Факт",
        "Actual",
    ),
    "web.templates._calls_dashboard.target": (
        "Цель",
        "Target",
    ),
    "web.templates._calls_dashboard.trial_comparison": (
        "Сравнение в тесте",
        "Trial comparison",
    ),
    "web.templates._calls_dashboard.vendors_share_no_days_not_fair": (
        "У вендоров нет общих дней: сравнение нечестное.",
        "The vendors share no days: not a fair trial.",
    ),
    "web.templates._calls_dashboard.difference_from_first_95_ci_p": (
        "Разница с первым (95% ДИ), p",
        "Difference from the first (95% CI), p",
    ),
    "web.templates._calls_dashboard.pp": (
        "п.п.",
        "pp",
    ),
    "web.templates._checks.online_checks": (
        "Проверки по сети",
        "Online checks",
    ),
    "web.templates._checks.without_online_checks_report_uses_latest": (
        (
            "Без проверок по сети отчёт берёт последние сохранённые аудиты сайтов и ответы реестра; что не "
            "проверялось, остаётся «неизвестно», и такой вендор — «не проверен»."
        ),
        (
            "Without online checks the report uses the latest stored site audits and register answers; whatever was "
            "never checked stays “unknown”, and such a vendor is “not checked”."
        ),
    ),
    "web.templates._checks.check_sites_and_register_online": (
        "Проверять сайты и реестр по сети",
        "Check the sites and the register online",
    ),
    "web.templates._checks.on_every_report_build": (
        "при каждом построении отчёта",
        "on every report build",
    ),
    "web.templates._checks.save": (
        "Сохранить",
        "Save",
    ),
    "web.templates._checks.legal_entity_and_domain": (
        "Юрлицо и домен",
        "Legal entity and domain",
    ),
    "web.templates._checks.check_everything": (
        "Проверить всё",
        "Check everything",
    ),
    "web.templates._checks.every_vendor_s_site_audit_register": (
        "аудит сайта, реестр и whois каждого вендора, в фоне",
        "every vendor's site audit, register and whois, in the background",
    ),
    "web.templates._findings.check_could_not_run_not_vendor": (
        "проверка не состоялась, это не нарушение вендора",
        "the check could not run; not the vendor's fault",
    ),
    "web.templates._job_progress.rows_read": (
        "строк прочитано",
        "rows read",
    ),
    "web.templates._job_progress.cancelling": (
        "отмена запрошена…",
        "cancelling…",
    ),
    "web.templates._job_progress.cancel": (
        "Отменить",
        "Cancel",
    ),
    "web.templates._job_progress.cancelled": (
        "Отменено",
        "Cancelled",
    ),
    "web.templates._job_progress.nothing_was_changed": (
        "ничего не изменено",
        "nothing was changed",
    ),
    "web.templates._job_progress.calls_imported": (
        "Импортировано звонков",
        "Calls imported",
    ),
    "web.templates._job_progress.detected": (
        "определён по содержимому",
        "detected",
    ),
    "web.templates._job_progress.inbound_offered": (
        "Входящие: поступило",
        "Inbound: offered",
    ),
    "web.templates._job_progress.abandoned": (
        "потеряно",
        "abandoned",
    ),
    "web.templates._job_progress.short_abandons": (
        "коротких сбросов",
        "short abandons",
    ),
    "web.templates._job_progress.not_in_file_its_indicators_will": (
        "нет в файле — показатели из этого поля будут «нет данных»",
        "not in the file — its indicators will show 'no data'",
    ),
    "web.templates._job_progress.column": (
        "колонка",
        "column",
    ),
    "web.templates._job_progress.looks_like_field": (
        "похожа на поле",
        "looks like the field",
    ),
    "web.templates._job_progress.but_was_not_used": (
        "но не использована",
        "but was not used",
    ),
    "web.templates._job_progress.zoned_times_converted_to": (
        "Время с часовым поясом переведено в",
        "Zoned times converted to",
    ),
    "web.templates._job_progress.done": (
        "Готово",
        "Done",
    ),
    "web.templates._job_progress.import_failed_nothing_was_imported": (
        "Импорт не удался, ничего не импортировано",
        "The import failed, nothing was imported",
    ),
    "web.templates._job_progress.failed": (
        "Не удалось",
        "Failed",
    ),
    "web.templates._nav.evaluation_sections": (
        "Разделы оценки",
        "Evaluation sections",
    ),
    "web.templates._nav.websites_and_legal": (
        "Сайты и юрлица",
        "Websites and legal",
    ),
    "web.templates._nav.economics": (
        "Экономика",
        "Economics",
    ),
    "web.templates._nav.calls_and_indicators": (
        "Звонки и показатели",
        "Calls and indicators",
    ),
    "web.templates._nav.topics_opinion_advertising": (
        "Темы, мнения, реклама",
        "Topics, opinion, advertising",
    ),
    "web.templates._nav.now": (
        "Сейчас",
        "Now",
    ),
    "web.templates._nav.recordings_and_quality": (
        "Записи и оценка качества",
        "Recordings and quality",
    ),
    "web.templates._ranking_result.score_of_100": (
        "Баллы из 100",
        "Score of 100",
    ),
    "web.templates._ranking_result.chance_of_ranking_first": (
        "Вероятность первого места",
        "Chance of ranking first",
    ),
    "web.templates._ranking_result.rank_holds_if_check_passes": (
        "место, если проверка пройдёт",
        "the rank holds if the check passes",
    ),
    "web.templates._ranking_result.winner": (
        "Победитель",
        "Winner",
    ),
    "web.templates._ranking_result.margin": (
        "отрыв",
        "margin",
    ),
    "web.templates._ranking_result.confidence": (
        "уверенность",
        "confidence",
    ),
    "web.templates._ranking_result.tipping_points_when_winner_changes": (
        "Точки перелома: когда сменится победитель",
        "Tipping points: when the winner changes",
    ),
    "web.templates._ranking_result.lower_to": (
        "Уменьшить до",
        "Lower to",
    ),
    "web.templates._ranking_result.raise_to": (
        "Увеличить до",
        "Raise to",
    ),
    "web.templates._ranking_result.no_change": (
        "не меняется",
        "no change",
    ),
    "web.templates._scorecard_form.form": (
        "Форма",
        "Form",
    ),
    "web.templates._scorecard_form.choose": (
        "выбрать",
        "choose",
    ),
    "web.templates._scorecard_form.agent_comes_from_call_log": (
        "Оператор берётся из журнала звонков",
        "The agent comes from the call log",
    ),
    "web.templates._scorecard_form.submit_grade": (
        "Сохранить оценку",
        "Submit the grade",
    ),
    "web.templates._scorecard_form.submitted_grade_cannot_be_changed": (
        "Отправленная оценка не меняется.",
        "A submitted grade cannot be changed.",
    ),
    "web.templates._scorecard_form.create_scorecard_form_on_recordings_page": (
        "Создайте форму оценки на странице записей.",
        "Create a scorecard form on the recordings page.",
    ),
    "web.templates._scorecard_items.weight": (
        "вес",
        "weight",
    ),
    "web.templates._scorecard_items.optional": (
        "необязательный",
        "optional",
    ),
    "web.templates._scorecard_items.n": (
        "не применимо",
        "n/a",
    ),
    "web.templates._scorecard_items.comment": (
        "комментарий",
        "comment",
    ),
    "web.templates.audits.websites": (
        "Сайты",
        "Websites",
    ),
    "web.templates.audits.website_and_legal_checks": (
        "Проверка сайтов и юрлиц",
        "Website and legal checks",
    ),
    "web.templates.audits.last_audit": (
        "Последняя проверка",
        "Last audit",
    ),
    "web.templates.audits.not_audited": (
        "не проверялся",
        "not audited",
    ),
    "web.templates.base.sign_out": (
        "Выйти",
        "Sign out",
    ),
    "web.templates.calls.calls": (
        "Звонки",
        "Calls",
    ),
    "web.templates.calls.calls_vendors_indicators": (
        "Звонки: показатели вендоров",
        "Calls: vendors' indicators",
    ),
    "web.templates.calls.import": (
        "Импорт №",
        "Import #",
    ),
    "web.templates.calls.removed_indicators_no_longer_count_it": (
        "удалён; показатели пересчитаны без него.",
        "removed; the indicators no longer count it.",
    ),
    "web.templates.calls.upload_call_log": (
        "Загрузить журнал звонков",
        "Upload a call log",
    ),
    "web.templates.calls.format": (
        "Формат",
        "Format",
    ),
    "web.templates.calls.detect": (
        "определить",
        "detect",
    ),
    "web.templates.calls.file_s_time_zone": (
        "Часовой пояс файла",
        "The file's time zone",
    ),
    "web.templates.calls.import_2": (
        "Импортировать",
        "Import",
    ),
    "web.templates.calls.column_mapping_when_format_is_not": (
        "Сопоставление колонок (если формат не определился)",
        "Column mapping (when the format is not recognised)",
    ),
    "web.templates.calls.type_file_s_column_header_for": (
        "Впишите заголовок колонки файла для нужных полей; остальные определятся сами.",
        "Type the file's column header for the fields you need; the rest are detected.",
    ),
    "web.templates.calls.csv_tsv_xlsx_json_asterisk_queue": (
        "CSV, TSV, XLSX, JSON, журнал очереди Asterisk, gz; до",
        "CSV, TSV, XLSX, JSON, Asterisk queue log, gz; up to",
    ),
    "web.templates.calls.mb_file_is_imported_whole_or": (
        "МБ. Файл импортируется целиком или не импортируется совсем.",
        "MB. A file is imported whole or not at all.",
    ),
    "web.templates.calls.from": (
        "С",
        "From",
    ),
    "web.templates.calls.to": (
        "По",
        "To",
    ),
    "web.templates.calls.compare_in_trial": (
        "Сравнить в тесте",
        "Compare in a trial",
    ),
    "web.templates.calls.show": (
        "Показать",
        "Show",
    ),
    "web.templates.calls.imports": (
        "Импорты",
        "Imports",
    ),
    "web.templates.calls.calls_2": (
        "Звонков",
        "Calls",
    ),
    "web.templates.calls.remove": (
        "Удалить",
        "Remove",
    ),
    "web.templates.calls.no_call_logs_yet": (
        "Журналов ещё нет.",
        "No call logs yet.",
    ),
    "web.templates.calls_remove.remove_import": (
        "Удалить импорт",
        "Remove an import",
    ),
    "web.templates.calls_remove.remove_imported_call_log": (
        "Удалить импорт журнала звонков?",
        "Remove an imported call log?",
    ),
    "web.templates.calls_remove.this_file_s_calls_leave_indicators": (
        ("Звонки этого файла исчезнут из показателей, SLA и сравнения вендоров. Файл можно будет импортировать снова."),
        ("This file's calls leave the indicators, SLA and vendor comparison. The file can be imported again later."),
    ),
    "web.templates.calls_remove.yes_remove_import": (
        "Да, удалить импорт",
        "Yes, remove the import",
    ),
    "web.templates.calls_remove.cancel": (
        "Отмена",
        "Cancel",
    ),
    "web.templates.digest.day": (
        "День",
        "Day",
    ),
    "web.templates.digest.no_call_data": (
        "Нет данных о звонках.",
        "No call data.",
    ),
    "web.templates.digest.no_calls_that_day": (
        "Звонков в этот день не было.",
        "No calls that day.",
    ),
    "web.templates.digest.answered": (
        "Принято",
        "Answered",
    ),
    "web.templates.digest.worst_intervals": (
        "Худшие интервалы",
        "Worst intervals",
    ),
    "web.templates.digest.interval": (
        "Интервал",
        "Interval",
    ),
    "web.templates.economics.cost_versus_volume": (
        "Стоимость в зависимости от объёма",
        "Cost versus volume",
    ),
    "web.templates.economics.workload_and_operators_by_hour_of": (
        "Нагрузка и операторы по часам недели",
        "Workload and operators by hour of the week",
    ),
    "web.templates.error.something_went_wrong": (
        "Не получилось",
        "Something went wrong",
    ),
    "web.templates.error.home": (
        "На главную",
        "Home",
    ),
    "web.templates.evaluation.your_role": (
        "ваша роль",
        "your role",
    ),
    "web.templates.evaluation.download_yaml": (
        "скачать YAML",
        "download YAML",
    ),
    "web.templates.evaluation.needs_four_questions": (
        "Потребности: четыре вопроса",
        "Needs: the four questions",
    ),
    "web.templates.evaluation.n1_hot_line_task": (
        "1. Задача горячей линии",
        "1. Hot line task",
    ),
    "web.templates.evaluation.n2_where_customer_base_lives": (
        "2. Где база клиентов",
        "2. Where the customer base lives",
    ),
    "web.templates.evaluation.with_us": (
        "у нас",
        "with us",
    ),
    "web.templates.evaluation.at_vendor": (
        "в колл-центре",
        "at the vendor",
    ),
    "web.templates.evaluation.crm_integration": (
        "интеграция с CRM",
        "CRM integration",
    ),
    "web.templates.evaluation.forwarding_to_our_specialists": (
        "перевод звонка нашим специалистам",
        "forwarding to our specialists",
    ),
    "web.templates.evaluation.ivr_and_greeting": (
        "голосовое меню и приветствие",
        "IVR and greeting",
    ),
    "web.templates.evaluation.n3_8_800_number_is_needed": (
        "3. Нужен номер 8-800",
        "3. An 8-800 number is needed",
    ),
    "web.templates.evaluation.n4_schedule": (
        "4. График",
        "4. Schedule",
    ),
    "web.templates.evaluation.by_hours": (
        "по часам",
        "by hours",
    ),
    "web.templates.evaluation.calls_per_month": (
        "Звонков в месяц",
        "Calls per month",
    ),
    "web.templates.evaluation.talk_time_s": (
        "Разговор, с",
        "Talk time, s",
    ),
    "web.templates.evaluation.after_call_work_s": (
        "Постобработка, с",
        "After-call work, s",
    ),
    "web.templates.evaluation.service_level": (
        "Уровень сервиса, %",
        "Service level, %",
    ),
    "web.templates.evaluation.within_seconds": (
        "за секунд",
        "within seconds",
    ),
    "web.templates.evaluation.average_order": (
        "Средний чек, ₽",
        "Average order, ₽",
    ),
    "web.templates.evaluation.monthly_budget": (
        "Бюджет в месяц, ₽",
        "Monthly budget, ₽",
    ),
    "web.templates.evaluation.candidates": (
        "Кандидаты",
        "Candidates",
    ),
    "web.templates.evaluation.with_its_data": (
        "вместе с данными",
        "with its data",
    ),
    "web.templates.evaluation.remove": (
        "удалить",
        "remove",
    ),
    "web.templates.evaluation.guest_link": (
        "гостевая ссылка",
        "guest link",
    ),
    "web.templates.evaluation.guest_links_list_and_revoke": (
        "Гостевые ссылки: список и отзыв",
        "Guest links: list and revoke",
    ),
    "web.templates.evaluation.add": (
        "Добавить",
        "Add",
    ),
    "web.templates.evaluation.report": (
        "Отчёт",
        "Report",
    ),
    "web.templates.evaluation.open_report": (
        "Открыть отчёт",
        "Open the report",
    ),
    "web.templates.evaluation.download": (
        "Скачать",
        "Download",
    ),
    "web.templates.evaluation.no_report_yet": (
        "Отчёт ещё не построен.",
        "No report yet.",
    ),
    "web.templates.evaluation.rebuild_report": (
        "Перестроить отчёт",
        "Rebuild the report",
    ),
    "web.templates.evaluation.build_report": (
        "Построить отчёт",
        "Build the report",
    ),
    "web.templates.evaluation_invalid.evaluation_s_cannot_be_opened": (
        "Оценка «%s» не открывается",
        "Evaluation “%s” cannot be opened",
    ),
    "web.templates.evaluation_invalid.evaluation_stored_in_database_fails_validation": (
        (
            "Данные оценки в базе не проходят проверку: их записала старая версия CallScout или они были изменены в "
            "обход кабинета. Ничего не потеряно."
        ),
        (
            "The evaluation stored in the database fails validation: an older CallScout version or a change outside "
            "the cabinet wrote it. Nothing is lost."
        ),
    ),
    "web.templates.evaluation_invalid.what_is_wrong": (
        "Что не так",
        "What is wrong",
    ),
    "web.templates.evaluation_invalid.how_to_fix_it": (
        "Как исправить",
        "How to fix it",
    ),
    "web.templates.evaluation_invalid.download_evaluation_as_yaml": (
        "Скачайте оценку в YAML",
        "Download the evaluation as YAML",
    ),
    "web.templates.evaluation_invalid.fix_fields_listed_above_and_check": (
        "Исправьте в файле перечисленные поля и проверьте его: callscout validate evaluation.yaml",
        "Fix the fields listed above and check the file: callscout validate evaluation.yaml",
    ),
    "web.templates.evaluation_invalid.upload_fixed_file_here_owner_role": (
        ("Загрузите исправленный файл сюда (нужна роль владельца; название оценки в файле должно остаться прежним)."),
        "Upload the fixed file here (owner role; keep the evaluation's name in the file).",
    ),
    "web.templates.evaluation_invalid.replace_evaluation": (
        "Заменить оценку",
        "Replace the evaluation",
    ),
    "web.templates.guest.read_only_guest_access": (
        "Гостевой доступ только для чтения",
        "Read-only guest access",
    ),
    "web.templates.guest.your_data_in_this_evaluation": (
        "Ваши данные в оценке",
        "Your data in this evaluation",
    ),
    "web.templates.guest.offers": (
        "Предложения",
        "Offers",
    ),
    "web.templates.guest.abandon_at_most": (
        "потерянных не более",
        "abandon at most",
    ),
    "web.templates.guest_link.guest_link": (
        "Гостевая ссылка",
        "Guest link",
    ),
    "web.templates.guest_link.link_works_for_30_days_and": (
        (
            "Ссылка действует 30 дней и показывает вендору только его результаты, без права изменений. Она показана "
            "один раз."
        ),
        "The link works for 30 days and shows the vendor only its own results, read-only. It is shown once.",
    ),
    "web.templates.guest_link.all_links_revoke": (
        "Все ссылки (отозвать)",
        "All links (revoke)",
    ),
    "web.templates.guest_link.back_to_evaluation": (
        "Назад к оценке",
        "Back to the evaluation",
    ),
    "web.templates.guest_links.guest_links": (
        "Гостевые ссылки",
        "Guest links",
    ),
    "web.templates.guest_links.link_shows_vendor_only_its_own": (
        (
            "Ссылка открывает вендору только его результаты. Отозванная ссылка больше ничего не открывает; ссылки "
            "удалённого вендора исчезают вместе с ним."
        ),
        (
            "A link shows the vendor only its own results. A revoked link opens nothing any more; a removed "
            "vendor's links go with it."
        ),
    ),
    "web.templates.guest_links.link": (
        "Ссылка",
        "Link",
    ),
    "web.templates.guest_links.created": (
        "Создана",
        "Created",
    ),
    "web.templates.guest_links.expires": (
        "Действует до",
        "Expires",
    ),
    "web.templates.guest_links.revoke": (
        "отозвать",
        "revoke",
    ),
    "web.templates.guest_links.no_links": (
        "Ссылок нет.",
        "No links.",
    ),
    "web.templates.imported_call.queue": (
        "Очередь",
        "Queue",
    ),
    "web.templates.imported_call.wait_s": (
        "Ожидание, с",
        "Wait, s",
    ),
    "web.templates.imported_call.back_to_calls": (
        "к списку звонков",
        "back to the calls",
    ),
    "web.templates.imported_call.scorecard": (
        "Оценка по форме",
        "Scorecard",
    ),
    "web.templates.index.evaluations": (
        "Оценки",
        "Evaluations",
    ),
    "web.templates.index.your_evaluations": (
        "Ваши оценки",
        "Your evaluations",
    ),
    "web.templates.index.role": (
        "Роль",
        "Role",
    ),
    "web.templates.index.no_evaluations_yet_create_one_or": (
        "Пока нет оценок. Создайте первую или загрузите файл оценки.",
        "No evaluations yet. Create one or upload an evaluation file.",
    ),
    "web.templates.index.new_evaluation": (
        "Новая оценка",
        "New evaluation",
    ),
    "web.templates.index.hot_line_task": (
        "Задача горячей линии",
        "Hot line task",
    ),
    "web.templates.index.order_taking": (
        "приём заказов",
        "order taking",
    ),
    "web.templates.index.consultations": (
        "консультации",
        "consultations",
    ),
    "web.templates.index.support": (
        "поддержка",
        "support",
    ),
    "web.templates.index.create": (
        "Создать",
        "Create",
    ),
    "web.templates.index.upload_evaluation_file": (
        "Загрузить файл оценки",
        "Upload an evaluation file",
    ),
    "web.templates.index.upload": (
        "Загрузить",
        "Upload",
    ),
    "web.templates.insights.call_topics_customers_opinion_advertising": (
        "Темы звонков, мнение клиентов, реклама",
        "Call topics, customers' opinion, advertising",
    ),
    "web.templates.insights.all": (
        "все",
        "all",
    ),
    "web.templates.insights.calls_and_orders_in_one_table": (
        "Звонки и заказы одной таблицей",
        "Calls and orders in one table",
    ),
    "web.templates.insights.no_imported_calls_of_this_evaluation": (
        "Нет импортированных звонков вендоров этой оценки.",
        "No imported calls of this evaluation's vendors.",
    ),
    "web.templates.insights.topic": (
        "Тематика",
        "Topic",
    ),
    "web.templates.insights.share": (
        "Доля",
        "Share",
    ),
    "web.templates.insights.lost": (
        "Потеряно",
        "Lost",
    ),
    "web.templates.insights.trend_pp": (
        "Тренд, п. п.",
        "Trend, pp",
    ),
    "web.templates.insights.topic_is_given_for": (
        "Тематика указана у",
        "A topic is given for",
    ),
    "web.templates.insights.call_results": (
        "Результаты звонков",
        "Call results",
    ),
    "web.templates.insights.result": (
        "Результат",
        "Result",
    ),
    "web.templates.insights.by_vendor": (
        "По вендорам",
        "By vendor",
    ),
    "web.templates.insights.by_topic": (
        "По темам",
        "By topic",
    ),
    "web.templates.insights.csat_answers": (
        "Ответов CSAT",
        "CSAT answers",
    ),
    "web.templates.insights.csat_mean_95_ci": (
        "CSAT, среднее (95% ДИ)",
        "CSAT mean (95% CI)",
    ),
    "web.templates.insights.satisfied_4_5": (
        "Довольны (4–5)",
        "Satisfied (4–5)",
    ),
    "web.templates.insights.nps_answers": (
        "Ответов NPS",
        "NPS answers",
    ),
    "web.templates.insights.qa_grades": (
        "Оценок QA",
        "QA grades",
    ),
    "web.templates.insights.qa_mean": (
        "QA, среднее",
        "QA mean",
    ),
    "web.templates.insights.qa_grades_and_csat_of_same": (
        "Оценки QA и CSAT одних и тех же звонков",
        "QA grades and CSAT of the same calls",
    ),
    "web.templates.insights.rank_correlation": (
        "ранговая корреляция",
        "rank correlation",
    ),
    "web.templates.insights.advertising_effectiveness": (
        "Эффективность рекламы",
        "Advertising effectiveness",
    ),
    "web.templates.insights.channel": (
        "Канал",
        "Channel",
    ),
    "web.templates.insights.orders": (
        "Заказы",
        "Orders",
    ),
    "web.templates.insights.revenue_rub": (
        "Выручка, ₽",
        "Revenue, RUB",
    ),
    "web.templates.insights.conversion": (
        "Конверсия",
        "Conversion",
    ),
    "web.templates.insights.spend_rub": (
        "Расход, ₽",
        "Spend, RUB",
    ),
    "web.templates.insights.channels_by_vendor": (
        "Каналы по вендорам",
        "Channels by vendor",
    ),
    "web.templates.insights.topics_in_call_transcripts": (
        "Темы в расшифровках разговоров",
        "Topics in the call transcripts",
    ),
    "web.templates.insights.no_data_topics_need_at_least": (
        (
            "нет данных: для тем нужно не меньше 6 расшифровок записей (загрузите записи и расшифруйте их на "
            "странице «Записи и оценка качества»)"
        ),
        (
            "no data: topics need at least 6 transcribed recordings (upload and transcribe them under «Recordings "
            "and quality»)"
        ),
    ),
    "web.templates.insights.topic_words": (
        "Слова темы",
        "Topic words",
    ),
    "web.templates.insights.customers_phrases": (
        "Фразы клиентов",
        "Customers' phrases",
    ),
    "web.templates.insights.listen_to": (
        "Послушать",
        "Listen to",
    ),
    "web.templates.insights.customer_s_phrase": (
        "Фраза клиента",
        "The customer's phrase",
    ),
    "web.templates.live.on_line_now": (
        "Сейчас на линии",
        "On the line now",
    ),
    "web.templates.live.evaluation_has_no_vendors": (
        "В оценке нет вендоров.",
        "The evaluation has no vendors.",
    ),
    "web.templates.live.no_calls_for": (
        "Нет звонков",
        "No calls for",
    ),
    "web.templates.live.min_in_working_hours": (
        "мин в рабочее время",
        "min in working hours",
    ),
    "web.templates.live.waiting_now": (
        "Ждут ответа сейчас",
        "Waiting now",
    ),
    "web.templates.live.longest_wait_s": (
        "Самое долгое ожидание, с",
        "Longest wait, s",
    ),
    "web.templates.live.agents_logged_in": (
        "Операторов на линии",
        "Agents logged in",
    ),
    "web.templates.live.of_them_talking": (
        "Из них разговаривают",
        "Of them talking",
    ),
    "web.templates.live.offered_today": (
        "Сегодня поступило",
        "Offered today",
    ),
    "web.templates.live.service_level_today": (
        "Уровень сервиса сегодня",
        "Service level today",
    ),
    "web.templates.live.average_speed_of_answer_s": (
        "Среднее время ответа (ASA), с",
        "Average speed of answer, s",
    ),
    "web.templates.live.service_level_last_30_min": (
        "Уровень сервиса за 30 минут",
        "Service level, last 30 min",
    ),
    "web.templates.live.updates_by_itself_as_events_arrive": (
        "Обновляется само, как только приходят события. На",
        "Updates by itself as events arrive. As of",
    ),
    "web.templates.live.alerts": (
        "Тревоги",
        "Alerts",
    ),
    "web.templates.live.rule": (
        "Правило",
        "Rule",
    ),
    "web.templates.live.fired": (
        "Началась",
        "Fired",
    ),
    "web.templates.live.recovered": (
        "Закончилась",
        "Recovered",
    ),
    "web.templates.live.notice": (
        "Уведомление",
        "Notice",
    ),
    "web.templates.live.ongoing": (
        "продолжается",
        "ongoing",
    ),
    "web.templates.live.not_sent": (
        "не отправлено",
        "not sent",
    ),
    "web.templates.live.no_alerts_so_far": (
        "Тревог не было.",
        "No alerts so far.",
    ),
    "web.templates.live.event_ingestion": (
        "Приём событий",
        "Event ingestion",
    ),
    "web.templates.live.pbx_or_script_posts_events_to": (
        "АТС или скрипт отправляет события POST-запросом на",
        "A PBX or a script POSTs events to",
    ),
    "web.templates.live.with_header": (
        "с заголовком",
        "with the header",
    ),
    "web.templates.live.new_token_shown_once_old_one": (
        "Новый токен (показан один раз, старый больше не действует):",
        "New token (shown once; the old one no longer works):",
    ),
    "web.templates.live.token_issued": (
        "Токен выдан",
        "Token issued",
    ),
    "web.templates.live.no_token_yet": (
        "Токена ещё нет.",
        "No token yet.",
    ),
    "web.templates.live.rotate_token": (
        "Выпустить новый токен",
        "Rotate the token",
    ),
    "web.templates.live.issue_token": (
        "Выдать токен",
        "Issue a token",
    ),
    "web.templates.login.sign_in": (
        "Вход",
        "Sign in",
    ),
    "web.templates.login.sign_in_2": (
        "Вход в кабинет",
        "Sign in",
    ),
    "web.templates.login.login": (
        "Логин",
        "Login",
    ),
    "web.templates.login.sign_in_3": (
        "Войти",
        "Sign in",
    ),
    "web.templates.login.first_owner_is_created_with": (
        "Первого владельца создаёт команда",
        "The first owner is created with",
    ),
    "web.templates.ranking.weights_are_saved_in_evaluation": (
        "Веса сохранены в оценке.",
        "The weights are saved in the evaluation.",
    ),
    "web.templates.ranking.no_report_yet_ranking_appears_after": (
        (
            "Отчёт ещё не построен: рейтинг появится после первого построения (аудит, юрлица, экономика, звонки, "
            "качество, баллы)."
        ),
        (
            "No report yet: the ranking appears after the first build (audits, legal, economics, calls, quality, "
            "scores)."
        ),
    ),
    "web.templates.ranking.evaluation_s_owner_or_analyst_can": (
        "Построить отчёт может владелец или аналитик оценки.",
        "The evaluation's owner or an analyst can build the report.",
    ),
    "web.templates.ranking.criteria_groups": (
        "Группы критериев",
        "Criteria groups",
    ),
    "web.templates.ranking.importance_of_single_criteria_0_10": (
        "Важность отдельных критериев (0–10)",
        "Importance of single criteria (0-10)",
    ),
    "web.templates.ranking.save_weights_in_evaluation": (
        "Сохранить веса в оценке",
        "Save the weights in the evaluation",
    ),
    "web.templates.ranking.changes_are_yours_only_analyst_can": (
        "Изменения видны только вам: сохранять веса может аналитик.",
        "Changes are yours only: an analyst can save the weights.",
    ),
    "web.templates.ranking.ranking_is_computed_from_pipeline_s": (
        "Рейтинг считается по результатам конвейера: постройте отчёт.",
        "The ranking is computed from the pipeline's results: build the report first.",
    ),
    "web.templates.recording.recordings": (
        "Записи",
        "Recordings",
    ),
    "web.templates.recording.checked": (
        "проверена",
        "checked",
    ),
    "web.templates.recording.file_is_kept_outside_cabinet_checked": (
        "Файл записи хранится вне кабинета (проверен из командной строки).",
        "The file is kept outside the cabinet (checked from the command line).",
    ),
    "web.templates.recording.quality": (
        "Качество",
        "Quality",
    ),
    "web.templates.recording.no_remarks": (
        "Замечаний нет.",
        "No remarks.",
    ),
    "web.templates.recording.duration": (
        "Длительность",
        "Duration",
    ),
    "web.templates.recording.sample_rate": (
        "Частота",
        "Sample rate",
    ),
    "web.templates.recording.hz": (
        "Гц",
        "Hz",
    ),
    "web.templates.recording.noise_floor": (
        "Фон",
        "Noise floor",
    ),
    "web.templates.recording.clipping": (
        "Перегрузка",
        "Clipping",
    ),
    "web.templates.recording.background_voices": (
        "Голоса на фоне",
        "Background voices",
    ),
    "web.templates.recording.channels": (
        "Каналов",
        "Channels",
    ),
    "web.templates.recording.transcript_and_script": (
        "Расшифровка и скрипт",
        "Transcript and script",
    ),
    "web.templates.recording.no_transcript_yet": (
        "Расшифровки ещё нет.",
        "No transcript yet.",
    ),
    "web.templates.recording.script": (
        "Скрипт",
        "Script",
    ),
    "web.templates.recording.late": (
        "поздно",
        "late",
    ),
    "web.templates.recording.forbidden_phrase": (
        "Запрещённая фраза",
        "Forbidden phrase",
    ),
    "web.templates.recording.own_transcript_txt_json": (
        "Своя расшифровка (.txt, .json)",
        "Own transcript (.txt, .json)",
    ),
    "web.templates.recording.upload_or_recognise": (
        "Загрузить или распознать",
        "Upload or recognise",
    ),
    "web.templates.recordings.recordings_and_quality": (
        "Записи и качество",
        "Recordings and quality",
    ),
    "web.templates.recordings.call_recordings_and_quality_control": (
        "Записи звонков и контроль качества",
        "Call recordings and quality control",
    ),
    "web.templates.recordings.customer": (
        "Клиент",
        "Customer",
    ),
    "web.templates.recordings.checked": (
        "Проверена",
        "Checked",
    ),
    "web.templates.recordings.no_transcript": (
        "нет расшифровки",
        "no transcript",
    ),
    "web.templates.recordings.no_complaint": (
        "без жалоб",
        "no complaint",
    ),
    "web.templates.recordings.no_recordings_yet": (
        "Записей ещё нет.",
        "No recordings yet.",
    ),
    "web.templates.recordings.upload_and_check": (
        "Загрузить и проверить",
        "Upload and check",
    ),
    "web.templates.recordings.wav_mp3_ogg_opus_flac_m4a": (
        "WAV, MP3, OGG/Opus, FLAC, M4A/AAC до",
        "WAV, MP3, OGG/Opus, FLAC, M4A/AAC up to",
    ),
    "web.templates.recordings.mb": (
        "МБ",
        "MB",
    ),
    "web.templates.recordings.items": (
        "пунктов",
        "items",
    ),
    "web.templates.recordings.no_forms_yet": (
        "Форм ещё нет.",
        "No forms yet.",
    ),
    "web.templates.recordings.form_yaml": (
        "Форма (YAML)",
        "Form (YAML)",
    ),
    "web.templates.recordings.create_no_file_example": (
        "Создать (без файла — пример)",
        "Create (no file: the example)",
    ),
    "web.templates.recordings.call_grades": (
        "Оценки звонков",
        "Call grades",
    ),
    "web.templates.recordings.grader": (
        "Оценил",
        "Grader",
    ),
    "web.templates.recordings.band": (
        "Уровень",
        "Band",
    ),
    "web.templates.recordings.grade_call_from_call_logs": (
        "Оценить звонок из журнала",
        "Grade a call from the call logs",
    ),
    "web.templates.recordings.call_id_or_agent": (
        "Номер звонка или оператор",
        "Call id or agent",
    ),
    "web.templates.recordings.search": (
        "Найти",
        "Search",
    ),
    "web.templates.recordings.no_call_logs_yet_import_them": (
        "Журналов звонков ещё нет: импортируйте их на странице звонков.",
        "No call logs yet: import them on the calls page.",
    ),
    "web.templates.recordings.average_scores": (
        "Средние оценки",
        "Average scores",
    ),
    "web.templates.recordings.by_operator": (
        "По операторам",
        "By operator",
    ),
    "web.templates.recordings.by_scorecard_item": (
        "По пунктам формы",
        "By scorecard item",
    ),
    "web.templates.recordings.by_week": (
        "По неделям",
        "By week",
    ),
    "web.templates.recordings.week": (
        "Неделя",
        "Week",
    ),
    "web.templates.recordings.no_grades_yet": (
        "Оценок ещё нет.",
        "No grades yet.",
    ),
    "web.templates.recordings.operator_tests": (
        "Тесты операторов",
        "Operator tests",
    ),
    "web.templates.recordings.pass_mark": (
        "проходной балл",
        "pass mark",
    ),
    "web.templates.recordings.record_answers": (
        "Записать ответы",
        "Record the answers",
    ),
    "web.templates.recordings.no_tests_yet": (
        "Тестов ещё нет.",
        "No tests yet.",
    ),
    "web.templates.recordings.test": (
        "Тест",
        "Test",
    ),
    "web.templates.recordings.test_yaml": (
        "Тест (YAML)",
        "Test (YAML)",
    ),
    "web.templates.recordings.no_test_calls_yet": (
        "Тестовых звонков ещё нет.",
        "No test calls yet.",
    ),
    "web.templates.recordings.answered": (
        "ответили",
        "answered",
    ),
    "web.templates.recordings.seconds_to_answer": (
        "Секунд до ответа",
        "Seconds to answer",
    ),
    "web.templates.recordings.transferred": (
        "переводили",
        "transferred",
    ),
    "web.templates.recordings.notes": (
        "Заметки",
        "Notes",
    ),
    "web.templates.recordings.rate_with_form": (
        "Оценить по форме",
        "Rate with a form",
    ),
    "web.templates.recordings.log_call": (
        "Записать звонок",
        "Log the call",
    ),
    "web.templates.vendor_audit.website_audit": (
        "проверка сайта",
        "website audit",
    ),
    "web.templates.vendor_audit.website_audit_2": (
        "Проверка сайта",
        "Website audit",
    ),
    "web.templates.vendor_audit.audit_again": (
        "Проверить снова",
        "Audit again",
    ),
    "web.templates.vendor_audit.audit_website": (
        "Проверить сайт",
        "Audit the website",
    ),
    "web.templates.vendor_audit.audit_running": (
        "проверка идёт…",
        "audit running…",
    ),
    "web.templates.vendor_audit.cancel_audit": (
        "Отменить проверку",
        "Cancel the audit",
    ),
    "web.templates.vendor_audit.audited": (
        "Проверено",
        "Audited",
    ),
    "web.templates.vendor_audit.pages": (
        "страниц",
        "pages",
    ),
    "web.templates.vendor_audit.result": (
        "итог",
        "result",
    ),
    "web.templates.vendor_audit.site_has_not_been_audited_yet": (
        "Сайт ещё не проверялся.",
        "The site has not been audited yet.",
    ),
    "web.templates.vendor_audit.legal_verification": (
        "Проверка юрлица",
        "Legal verification",
    ),
    "web.templates.vendor_audit.no_legal_verification_yet": (
        "Юрлицо ещё не проверялось.",
        "No legal verification yet.",
    ),
    "web.templates.vendor_audit.verify_legal_entity": (
        "Проверить юрлицо",
        "Verify the legal entity",
    ),
    "web.templates._calls_dashboard.avg_wait": (
        "Ср. ожидание",
        "Avg wait",
    ),
    "web.templates._calls_dashboard.avg_hold": (
        "Ср. удержание",
        "Avg hold",
    ),
    "web.templates._calls_dashboard.acw": (
        "Постобработка",
        "ACW",
    ),
    "web.templates._calls_dashboard.by_queue": (
        "По очередям",
        "By queue",
    ),
    "web.templates._calls_dashboard.conversion_to_orders": (
        "Конверсия в заказы",
        "Conversion to orders",
    ),
    "web.templates._calls_dashboard.no_breach_found_but_not_everything": (
        "Нарушений не найдено, но не всё проверено:",
        "No breach found, but not everything was checked:",
    ),
    "web.templates._calls_dashboard.not_checked": (
        "не проверено",
        "not checked",
    ),
    "web.templates.evaluation.file_is_loaded_but_not_read": (
        "Файл загружен, но прочитан не дословно",
        "The file is loaded, but not read word for word",
    ),
    "web.templates.evaluation.fix_your_copy_of_file_so": (
        "Исправьте свой файл, чтобы в следующий раз он читался без поправок:",
        "Fix your copy of the file so that it reads as written next time:",
    ),
    "web.templates.ranking.runs": (
        "Прогоны",
        "Runs",
    ),
    "web.templates.ranking.showing_run": (
        "Показан прогон",
        "Showing run",
    ),
    "web.templates.ranking.back_to_latest_run": (
        "К последнему прогону",
        "Back to the latest run",
    ),
    "web.templates.ranking.files": (
        "Файлы",
        "Files",
    ),
    "web.templates.ranking.latest": (
        "последний",
        "latest",
    ),
    "web.ranking.run_not_found": (
        "прогон не найден",
        "run not found",
    ),
}
