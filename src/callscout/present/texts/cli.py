"""Texts of callscout.cli: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.audio.file": (
        "Файл",
        "File",
    ),
    "cli.audio.verdict": (
        "Итог",
        "Verdict",
    ),
    "cli.audio.length_s": (
        "Длит., с",
        "Length, s",
    ),
    "cli.audio.band": (
        "Полоса",
        "Band",
    ),
    "cli.audio.floor_dbfs": (
        "Фон, dBFS",
        "Floor, dBFS",
    ),
    "cli.audio.clip": (
        "Срез",
        "Clip",
    ),
    "cli.audio.speech": (
        "Речь",
        "Speech",
    ),
    "cli.audio.voices": (
        "Голоса",
        "Voices",
    ),
    "cli.audio.recording_quality": (
        "Качество записей",
        "Recording quality",
    ),
    "cli.audio.engine": (
        "Движок",
        "Engine",
    ),
    "cli.audio.installed": (
        "Установлен",
        "Installed",
    ),
    "cli.audio.ready": (
        "Готов",
        "Ready",
    ),
    "cli.audio.recognising_speech": (
        "распознаю речь…",
        "recognising speech…",
    ),
    "cli.audio.transcript_written_to": (
        "расшифровка записана в {path}",
        "transcript written to {path}",
    ),
    "cli.audio.item": (
        "Пункт",
        "Item",
    ),
    "cli.audio.found": (
        "Есть",
        "Found",
    ),
    "cli.audio.phrase": (
        "Фраза",
        "Phrase",
    ),
    "cli.audio.time_s": (
        "Время, с",
        "Time, s",
    ),
    "cli.audio.vendor_not_found_in": (
        "вендор {name!r} не найден в {file}",
        "vendor {name!r} not found in {file}",
    ),
    "cli.audio.checking_recordings": (
        "проверяю записи",
        "checking recordings",
    ),
    "cli.audio.yes": (
        "да",
        "yes",
    ),
    "cli.audio.no": (
        "нет",
        "no",
    ),
    "cli.audio.dnsmos_speech_noise_overall_personalised": (
        "• {file}: DNSMOS: речь {sig}, фон {bak}, общая {ovrl}; персонализированная: {psig}/{pbak}/{povrl}",
        "• {file}: DNSMOS: speech {sig}, noise {bak}, overall {ovrl}; personalised: {psig}/{pbak}/{povrl}",
    ),
    "cli.audio.stereo_operator_s_customer_s_overtalk": (
        "• {file}: стерео: оператор {op:.0f} с, клиент {cu:.0f} с, говорят одновременно {ov:.1f} с",
        "• {file}: stereo: operator {op:.0f} s, customer {cu:.0f} s, overtalk {ov:.1f} s",
    ),
    "cli.audio.speech_recognition": (
        "Распознавание речи",
        "Speech recognition",
    ),
    "cli.audio.script": (
        "Скрипт: {score}%",
        "Script: {score}%",
    ),
    "cli.audio.red_forbidden_phrase_red_at_s": (
        "[red]запрещённая фраза[/red] «{p}» на {t:.0f} с",
        "[red]forbidden phrase[/red] “{p}” at {t:.0f} s",
    ),
    "cli.audio.dnsmos_unavailable_pip_install_callscout_mos": (
        "  DNSMOS недоступен: pip install 'callscout[mos]'",
        "  DNSMOS unavailable: pip install 'callscout[mos]'",
    ),
    "cli.audio.check_failed": (
        "{file}: проверка не выполнена: {error}",
        "{file}: check failed: {error}",
    ),
    "cli.audit.site": (
        "Сайт",
        "Site",
    ),
    "cli.audit.result": (
        "Итог",
        "Result",
    ),
    "cli.audit.pages": (
        "Страниц",
        "Pages",
    ),
    "cli.audit.fail": (
        "Проблем",
        "Fail",
    ),
    "cli.audit.warn": (
        "Внимание",
        "Warn",
    ),
    "cli.audit.unknown": (
        "Неизвестно",
        "Unknown",
    ),
    "cli.audit.private_network_address_was_not_audited": (
        "{url}: адрес в частной сети не проверен (--allow-private-network, если это ваш сервер)",
        "{url}: a private network address was not audited (--allow-private-network if it is yours)",
    ),
    "cli.audit.give_website_addresses_file_with_evaluation": (
        "укажите адреса сайтов, --file с оценкой или --from-dir",
        "give website addresses, --file with an evaluation, or --from-dir",
    ),
    "cli.audit.website_audit": (
        "Аудит сайтов",
        "Website audit",
    ),
    "cli.audit.check": (
        "Проверка",
        "Check",
    ),
    "cli.audit.finding": (
        "Что найдено",
        "Finding",
    ),
    "cli.audit.where": (
        "Где",
        "Where",
    ),
    "cli.audit.bad_resolve": (
        "неверный --resolve: {error}",
        "bad --resolve: {error}",
    ),
    "cli.audit.folder_not_found": (
        "папка {path} не найдена",
        "folder {path} not found",
    ),
    "cli.audit.no_findings": (
        "{url}: замечаний нет",
        "{url}: no findings",
    ),
    "cli.calls.detected_from_content": (
        "определён по содержимому",
        "detected from the content",
    ),
    "cli.calls.named": (
        "указан",
        "named",
    ),
    "cli.calls.imported_for_to": (
        "{name}: импортировано {rows} для {vendor}, {first} — {last}",
        "{name}: imported {rows} for {vendor}, {first} to {last}",
    ),
    "cli.calls.format": (
        "Формат: {label} ({name}, {how})",
        "Format: {label} ({name}, {how})",
    ),
    "cli.calls.what_it_is": (
        "что это",
        "what it is",
    ),
    "cli.calls.layout_source": (
        "источник раскладки",
        "layout source",
    ),
    "cli.calls.vendor": (
        "вендор",
        "vendor",
    ),
    "cli.calls.kind": (
        "вид",
        "kind",
    ),
    "cli.calls.format_2": (
        "формат",
        "format",
    ),
    "cli.calls.file": (
        "файл",
        "file",
    ),
    "cli.calls.rows": (
        "строк",
        "rows",
    ),
    "cli.calls.from": (
        "с",
        "from",
    ),
    "cli.calls.to": (
        "по",
        "to",
    ),
    "cli.calls.import_removed": (
        "импорт №{id} удалён",
        "import #{id} removed",
    ),
    "cli.calls.written_to": (
        "записано в {path}",
        "written to {path}",
    ),
    "cli.calls.metric": (
        "показатель",
        "metric",
    ),
    "cli.calls.difference_95_ci_p": (
        "разница (95% ДИ), p",
        "difference (95% CI), p",
    ),
    "cli.calls.name_vendor_vendor_name": (
        "укажите вендора: --vendor НАЗВАНИЕ",
        "name the vendor: --vendor NAME",
    ),
    "cli.calls.mapping_saved_as": (
        "сопоставление сохранено как {name!r}",
        "mapping saved as {name!r}",
    ),
    "cli.calls.inbound_offered_answered_abandoned_short_abandon": (
        (
            "Входящие: поступило {offered} = отвечено {answered} + потеряно {abandoned} + коротких сбросов {short} "
            "(ожидание < {threshold} с); только IVR: {ivr}, не завершены в журнале: {incomplete}, фантомные: "
            "{phantom}; исходящих: {outbound}"
        ),
        (
            "Inbound: offered {offered} = answered {answered} + abandoned {abandoned} + short abandons {short} "
            "(wait < {threshold} s); IVR only: {ivr}, unfinished in the log: {incomplete}, phantom: {phantom}; "
            "outbound: {outbound}"
        ),
    ),
    "cli.calls.columns": (
        "Колонки: {pairs}",
        "Columns: {pairs}",
    ),
    "cli.calls.not_in_file_indicators_from_it": (
        "{field}: нет в файле — показатели из этого поля будут «нет данных»",
        "{field}: not in the file — the indicators from it will show 'no data'",
    ),
    "cli.calls.column_looks_like_field_but_was": (
        "колонка {header!r} похожа на поле «{field}», но не использована; если это оно: --map {name}=...",
        "column {header!r} looks like the field '{field}' but was not used; if it is: --map {name}=...",
    ),
    "cli.calls.queue_log_joined_queue_agent_and": (
        "queue_log присоединён: очередь, оператор и ожидание взяты из него для {count} звонков",
        "queue_log joined: queue, agent and wait taken from it for {count} calls",
    ),
    "cli.calls.import_formats": (
        "Форматы импорта",
        "Import formats",
    ),
    "cli.calls.call_imports": (
        "Импорты звонков",
        "Call imports",
    ),
    "cli.calls.import_not_found": (
        "импорт №{id} не найден",
        "import #{id} not found",
    ),
    "cli.calls.no_calls_in_period": (
        "нет звонков за период",
        "no calls in the period",
    ),
    "cli.calls.call_indicators": (
        "Показатели звонков",
        "Call indicators",
    ),
    "cli.calls.indicator": (
        "показатель",
        "indicator",
    ),
    "cli.calls.value": (
        "значение",
        "value",
    ),
    "cli.calls.missed_calls_called_back_of_never": (
        (
            "Перезвонили пропущенным: {cb} из {missed}; не вернули: {lost}. Повторные звонки за 24 ч: {r24}, за 7 "
            "дней: {r7}. Вне графика: {ooh}."
        ),
        (
            "Missed calls called back: {cb} of {missed}; never recovered: {lost}. Repeat calls within 24 h: {r24}, "
            "within 7 days: {r7}. Out of hours: {ooh}."
        ),
    ),
    "cli.calls.day": (
        "день",
        "day",
    ),
    "cli.calls.logs": (
        "журналы",
        "logs",
    ),
    "cli.calls.difference": (
        "разница",
        "difference",
    ),
    "cli.calls.need_at_least_two_vendor": (
        "нужно хотя бы два --vendor",
        "need at least two --vendor",
    ),
    "cli.calls.no_imported_calls_for_there_are": (
        "нет импортированных звонков у {missing}; есть: {known}",
        "no imported calls for {missing}; there are: {known}",
    ),
    "cli.calls.vendors_share_no_days_whole_logs": (
        "у вендоров нет общих дней: сравниваются журналы целиком, сравнение нечестное",
        "the vendors share no days: whole logs are compared, which is not a fair trial",
    ),
    "cli.calls.comparison_to": (
        "Сравнение: {from_} — {to}",
        "Comparison: {from_} to {to}",
    ),
    "cli.calls.rows_2": (
        " (строк: {rows})",
        " ({rows} rows)",
    ),
    "cli.calls.only_cabinet_exports_format_generic_have": (
        "сопоставление колонок бывает только у выгрузок (формат generic), а не у {format}",
        "only cabinet exports (format generic) have a column mapping, not {format}",
    ),
    "cli.calls.zoned_times_converted_to": (
        "Время с часовым поясом переведено в {zone}",
        "Zoned times converted to {zone}",
    ),
    "cli.calls.naive_times_taken_as_zoned_ones": (
        "Время без пояса — в {zone}; время с поясом переведено в {zone}",
        "Naive times taken as {zone}; zoned ones converted to {zone}",
    ),
    "cli.calls.xlsx_needs_out_file": (
        "для xlsx укажите --out ФАЙЛ",
        "xlsx needs --out FILE",
    ),
    "cli.calls.spark_master_and_parquet_go_with": (
        "--spark-master и --parquet — для --engine spark",
        "--spark-master and --parquet go with --engine spark",
    ),
    "cli.calls.agents_time": (
        "Время операторов",
        "Agents' time",
    ),
    "cli.calls.period": (
        "период",
        "period",
    ),
    "cli.calls.actual": (
        "факт",
        "actual",
    ),
    "cli.calls.target": (
        "цель",
        "target",
    ),
    "cli.calls.offered": (
        "поступило",
        "offered",
    ),
    "cli.calls.s_report_against_logs": (
        "Отчёт {vendor} против журналов",
        "{vendor}'s report against the logs",
    ),
    "cli.calls.no_differences": (
        "расхождений нет",
        "no differences",
    ),
    "cli.calls.sl_expects_x_y_e_g": (
        "--sl ожидает X/Y, например 80/20",
        "--sl expects X/Y, e.g. 80/20",
    ),
    "cli.calls.sla_in_s_abandons": (
        "{vendor}: SLA {p:g}% за {s:g} с, потерянных ≤ {a:.0%}",
        "{vendor}: SLA {p:g}% in {s:g} s, abandons ≤ {a:.0%}",
    ),
    "cli.calls.no_breaches": (
        "{vendor}: нарушений нет",
        "{vendor}: no breaches",
    ),
    "cli.calls.name_date_column_map_arrival_header": (
        '; укажите колонку даты: --map arrival="Заголовок" (и другие поля так же)',
        '; name the date column: --map arrival="Header" (other fields alike)',
    ),
    "cli.calls.none": (
        "нет",
        "none",
    ),
    "cli.calls_reports.no_data": (
        "нет данных",
        "no data",
    ),
    "cli.calls_reports.topic": (
        "тематика",
        "topic",
    ),
    "cli.calls_reports.calls": (
        "звонков",
        "calls",
    ),
    "cli.calls_reports.share": (
        "доля",
        "share",
    ),
    "cli.calls_reports.lost": (
        "потеряно",
        "lost",
    ),
    "cli.calls_reports.aht_s": (
        "AHT, с",
        "AHT, s",
    ),
    "cli.calls_reports.weekly_from": (
        "по неделям с {first}",
        "weekly from {first}",
    ),
    "cli.calls_reports.trend_pp": (
        "тренд, п. п.",
        "trend, pp",
    ),
    "cli.calls_reports.csat_answers": (
        "ответов CSAT",
        "CSAT answers",
    ),
    "cli.calls_reports.csat_mean_95_ci": (
        "CSAT, ср. (95% ДИ)",
        "CSAT mean (95% CI)",
    ),
    "cli.calls_reports.satisfied_4_5": (
        "довольны 4–5",
        "satisfied 4–5",
    ),
    "cli.calls_reports.nps_answers": (
        "ответов NPS",
        "NPS answers",
    ),
    "cli.calls_reports.qa_grades": (
        "оценок QA",
        "QA grades",
    ),
    "cli.calls_reports.qa_mean": (
        "QA, ср.",
        "QA mean",
    ),
    "cli.calls_reports.calls_2": (
        "звонки",
        "calls",
    ),
    "cli.calls_reports.answered": (
        "отвечено",
        "answered",
    ),
    "cli.calls_reports.orders": (
        "заказы",
        "orders",
    ),
    "cli.calls_reports.revenue_rub": (
        "выручка, ₽",
        "revenue, RUB",
    ),
    "cli.calls_reports.conversion": (
        "конверсия",
        "conversion",
    ),
    "cli.calls_reports.spend_rub": (
        "расход, ₽",
        "spend, RUB",
    ),
    "cli.calls_reports.rub_per_call": (
        "₽ за звонок",
        "RUB per call",
    ),
    "cli.calls_reports.rub_per_order": (
        "₽ за заказ",
        "RUB per order",
    ),
    "cli.calls_reports.channel": (
        "канал",
        "channel",
    ),
    "cli.calls_reports.frequent_questions": (
        "Частые вопросы",
        "Frequent questions",
    ),
    "cli.calls_reports.no_topic": (
        "без темы",
        "no topic",
    ),
    "cli.calls_reports.of_calls_carry_topic": (
        "Тематика указана у {known} из {calls} звонков.",
        "{known} of {calls} calls carry a topic.",
    ),
    "cli.calls_reports.customers_opinion_of_service": (
        "Мнение клиентов о качестве обслуживания",
        "Customers' opinion of the service",
    ),
    "cli.calls_reports.qa_grades_and_csat_of_same": (
        "Оценки QA и CSAT одних и тех же звонков ({n}): ранговая корреляция {rho}, p = {p}.",
        "QA grades and CSAT of the same calls ({n}): rank correlation {rho}, p = {p}.",
    ),
    "cli.calls_reports.evaluation_file_with_sources_block_is": (
        "нужен файл оценки с блоком sources: (--file ФАЙЛ)",
        "an evaluation file with a sources: block is needed (--file FILE)",
    ),
    "cli.calls_reports.advertising_channels": (
        "Каналы рекламы",
        "Advertising channels",
    ),
    "cli.calls_reports.untracked": (
        "без источника",
        "untracked",
    ),
    "cli.calls_reports.vendor": (
        "колл-центр",
        "vendor",
    ),
    "cli.calls_reports.written_to": (
        "записано в {path}",
        "written to {path}",
    ),
    "cli.calls_reports.no_calls_in_period": (
        "нет звонков за период",
        "no calls in the period",
    ),
    "cli.calls_reports.calls_and_orders": (
        "Звонки и заказы",
        "Calls and orders",
    ),
    "cli.calls_reports.no_data_topics_need_at_least": (
        "нет данных: для тем нужно не меньше 6 расшифровок со словами (есть {n})",
        "no data: topics need at least 6 transcripts with words ({n} given)",
    ),
    "cli.calls_reports.topic_words": (
        "слова темы",
        "topic words",
    ),
    "cli.calls_reports.customer_s_phrase": (
        "пример фразы клиента",
        "a customer's phrase",
    ),
    "cli.calls_reports.listen_to": (
        "послушать",
        "listen to",
    ),
    "cli.calls_reports.call": (
        "звонок",
        "call",
    ),
    "cli.calls_reports.kind": (
        "вид",
        "kind",
    ),
    "cli.calls_reports.customer_s_phrase_2": (
        "фраза клиента",
        "the customer's phrase",
    ),
    "cli.calls_reports.complaint": (
        "жалоба",
        "complaint",
    ),
    "cli.calls_reports.negative": (
        "недовольство",
        "negative",
    ),
    "cli.calls_reports.en": (
        "ru",
        "en",
    ),
    "cli.calls_reports.channels_by_vendor": (
        "Каналы по колл-центрам",
        "Channels by vendor",
    ),
    "cli.calls_reports.out_html_xlsx_or_json_file": (
        "--out: файл .html, .xlsx или .json",
        "--out: an .html, .xlsx or .json file",
    ),
    "cli.calls_reports.call_topics_from_transcripts": (
        "Темы звонков по расшифровкам",
        "Call topics from transcripts",
    ),
    "cli.calls_reports.complaints_and_unhappy_customers": (
        "Жалобы и недовольство клиентов",
        "Complaints and unhappy customers",
    ),
    "cli.calls_reports.not_found": (
        "{path}: не найден",
        "{path}: not found",
    ),
    "cli.common.unknown": (
        "неизвестно",
        "unknown",
    ),
    "cli.common.yes": (
        "да",
        "yes",
    ),
    "cli.common.no": (
        "нет",
        "no",
    ),
    "cli.common.formats_unknown_format_use": (
        "--formats: неизвестный формат {names}; доступны {known}",
        "--formats: unknown format {names}; use {known}",
    ),
    "cli.digest.date_use_yyyy_mm_dd": (
        "--date {value!r}: нужен формат ГГГГ-ММ-ДД",
        "--date {value!r}: use YYYY-MM-DD",
    ),
    "cli.digest.digest_not_sent": (
        "сводка не отправлена: {reason}",
        "digest not sent: {reason}",
    ),
    "cli.evaluate.rank_holds_if_check_passes": (
        " (место — если проверка пройдёт)",
        " (the rank holds if the check passes)",
    ),
    "cli.evaluate.rank": (
        "Место",
        "Rank",
    ),
    "cli.evaluate.vendor": (
        "Вендор",
        "Vendor",
    ),
    "cli.evaluate.score": (
        "Балл",
        "Score",
    ),
    "cli.evaluate.p_first": (
        "P(1-е место)",
        "P(first)",
    ),
    "cli.evaluate.status": (
        "Статус",
        "Status",
    ),
    "cli.evaluate.no_data_for_these_criteria_are": (
        "Нет данных (эти критерии неизвестны):",
        "No data for (these criteria are unknown):",
    ),
    "cli.evaluate.check_before_signing": (
        "Проверьте до подписания:",
        "Check before signing:",
    ),
    "cli.evaluate.no_certificate_file": (
        "нет файла сертификата {file}",
        "no certificate file {file}",
    ),
    "cli.evaluate.ranking": (
        "Рейтинг",
        "Ranking",
    ),
    "cli.evaluate.recommended_bold_bold": (
        "Рекомендуем: [bold]{name}[/bold]{condition} ({level})",
        "Recommended: [bold]{name}[/bold]{condition} ({level})",
    ),
    "cli.evaluate.status_2": (
        "  статус: {status}",
        "  status: {status}",
    ),
    "cli.evaluate.no_vendor_passed_knock_out_rules": (
        "Ни один вендор не прошёл обязательные требования.",
        "No vendor passed the knock-out rules.",
    ),
    "cli.evaluate.report_files": (
        "Файлы отчёта",
        "Report files",
    ),
    "cli.evaluate.evaluating_vendors": (
        "оцениваю вендоров…",
        "evaluating the vendors…",
    ),
    "cli.evaluate.runner_up_bold_bold_score": (
        "Второе место: [bold]{name}[/bold] — {score} балла, {status}",
        "Runner-up: [bold]{name}[/bold] — score {score}, {status}",
    ),
    "cli.evaluate.bad_resolve": (
        "неверный --resolve: {error}",
        "bad --resolve: {error}",
    ),
    "cli.evaluate.evaluating_vendors_2": (
        "оцениваю вендоров: {stage} ({done}/{total})…",
        "evaluating the vendors: {stage} ({done}/{total})…",
    ),
    "cli.evaluate.if_check_passes": (
        ", если проверка пройдёт",
        ", if the check passes",
    ),
    "cli.evaluate.knock_out": (
        " (обязательное)",
        " (knock-out)",
    ),
    "cli.ingest.token_for_issued_keep_it_like": (
        "токен для {vendor} выдан; храните его как пароль: POST /api/v1/events, Authorization: Bearer ТОКЕН",
        "token for {vendor} issued; keep it like a password: POST /api/v1/events, Authorization: Bearer TOKEN",
    ),
    "cli.jobs.kind": (
        "Вид",
        "Kind",
    ),
    "cli.jobs.evaluation": (
        "Оценка",
        "Evaluation",
    ),
    "cli.jobs.subject": (
        "Что",
        "Subject",
    ),
    "cli.jobs.state": (
        "Состояние",
        "State",
    ),
    "cli.jobs.job_done": (
        "задача {id}: готово",
        "job {id}: done",
    ),
    "cli.jobs.jobs": (
        "Задачи",
        "Jobs",
    ),
    "cli.jobs.job_ended_before_cancel_took_effect": (
        "задача {id} успела завершиться до отмены: {state}",
        "job {id} ended before the cancel took effect: {state}",
    ),
    "cli.jobs.job_queued": (
        "задача {id} поставлена в очередь",
        "job {id} queued",
    ),
    "cli.jobs.job": (
        "задача {id}: {state}{error}",
        "job {id}: {state}{error}",
    ),
    "cli.jobs.running": (
        "выполняется: {phase}",
        "running: {phase}",
    ),
    "cli.jobs.job_not_found": (
        "задача {id} не найдена",
        "job {id} not found",
    ),
    "cli.jobs.job_has_already_ended_nothing_to": (
        "задача {id} уже завершена ({state}): отменять нечего",
        "job {id} has already ended ({state}): nothing to cancel",
    ),
    "cli.jobs.job_cancelled": (
        "задача {id}: отменено",
        "job {id}: cancelled",
    ),
    "cli.jobs.job_cancel_requested_process_running_it": (
        "задача {id}: отмена запрошена, процесс, который её выполняет, остановит её на следующем шаге",
        "job {id}: cancel requested; the process running it stops it at its next step",
    ),
    "cli.legal.vendors_legal_entities": (
        "Юрлица вендоров: {name}",
        "Vendors' legal entities: {name}",
    ),
    "cli.legal.result": (
        "Итог",
        "Result",
    ),
    "cli.legal.status": (
        "Статус",
        "Status",
    ),
    "cli.legal.check": (
        "Проверка",
        "Check",
    ),
    "cli.legal.message": (
        "Сообщение",
        "Message",
    ),
    "cli.legal.digits_expected_got": (
        "{option}: ожидаются цифры, получено {value!r}",
        "{option}: digits expected, got {value!r}",
    ),
    "cli.legal.give_inn_ogrn_or_domain": (
        "укажите --inn, --ogrn или --domain",
        "give --inn, --ogrn or --domain",
    ),
    "cli.legal.vendor": (
        "Вендор",
        "Vendor",
    ),
    "cli.legal.why": (
        "Почему",
        "Why",
    ),
    "cli.legal.entity": (
        "Организация",
        "Entity",
    ),
    "cli.legal.registered": (
        "Зарегистрирована",
        "Registered",
    ),
    "cli.legal.director": (
        "Руководитель",
        "Director",
    ),
    "cli.legal.address": (
        "Адрес",
        "Address",
    ),
    "cli.legal.domain": (
        "Домен",
        "Domain",
    ),
    "cli.legal.reason": (
        "Причина",
        "Reason",
    ),
    "cli.legal.checks": (
        "Проверки",
        "Checks",
    ),
    "cli.legal.verified": (
        "проверен",
        "verified",
    ),
    "cli.legal.doubtful": (
        "сомнительный",
        "doubtful",
    ),
    "cli.legal.failed": (
        "не прошёл",
        "failed",
    ),
    "cli.legal.unknown": (
        "неизвестно",
        "unknown",
    ),
    "cli.legal.checking_register_and_whois": (
        "проверяю реестр и whois…",
        "checking the register and whois…",
    ),
    "cli.legal.checking_vendors_in_register_and_whois": (
        "проверяю вендоров по реестру и whois…",
        "checking vendors in the register and whois…",
    ),
    "cli.live.lines_read_events_accepted_duplicates": (
        "прочитано строк: {lines}, принято событий: {accepted}, повторов: {duplicates}",
        "lines read: {lines}, events accepted: {accepted}, duplicates: {duplicates}",
    ),
    "cli.live.now": (
        "{vendor}: сейчас",
        "{vendor}: now",
    ),
    "cli.live.only_asterisk_queue_log_can_be": (
        "следить можно за форматом asterisk_queue_log, а не {name}",
        "only asterisk_queue_log can be followed, not {name}",
    ),
    "cli.live.evaluation_not_found": (
        "оценка {name!r} не найдена",
        "evaluation {name!r} not found",
    ),
    "cli.main.aborted": (
        "прервано",
        "aborted",
    ),
    "cli.main.interrupted": (
        "прервано",
        "interrupted",
    ),
    "cli.main.unknown_language_use_ru_or_en": (
        "неизвестный язык {lang}; доступны ru, en",
        "unknown language {lang}; use ru or en",
    ),
    "cli.offers.vendor": (
        "Вендор",
        "Vendor",
    ),
    "cli.offers.offer": (
        "Предложение",
        "Offer",
    ),
    "cli.offers.per_month": (
        "В месяц",
        "Per month",
    ),
    "cli.offers.per_call": (
        "За звонок",
        "Per call",
    ),
    "cli.offers.per_minute": (
        "За минуту",
        "Per minute",
    ),
    "cli.offers.per_order": (
        "За заказ",
        "Per order",
    ),
    "cli.offers.of_revenue": (
        "Доля выручки",
        "Of revenue",
    ),
    "cli.offers.in_house": (
        "Своими силами",
        "In-house",
    ),
    "cli.offers.operators": (
        "{n} операторов",
        "{n} operators",
    ),
    "cli.offers.monthly_cost_of_offers_rub": (
        "Стоимость предложений в месяц, ₽",
        "Monthly cost of the offers, RUB",
    ),
    "cli.offers.break_even_and_cost_same_at": (
        "Безубыточность: {a} и {b} стоят одинаково при {calls:,} звонках в месяц; больше — дешевле {cheaper}",
        "Break-even: {a} and {b} cost the same at {calls:,} calls a month; above it {cheaper} is cheaper",
    ),
    "cli.project.template_written_to_edit_it_then": (
        "шаблон записан в {path}. Отредактируйте его и проверьте: callscout validate {path}",
        "template written to {path}. Edit it, then check: callscout validate {path}",
    ),
    "cli.project.valid_vendor_s": (
        "{path}: ошибок нет, вендоров: {count}",
        "{path}: valid, {count} vendor(s)",
    ),
    "cli.project.schema_written_to": (
        "схема записана в {path}",
        "schema written to {path}",
    ),
    "cli.project.already_exists_add_force_to_overwrite": (
        "{path} уже существует; добавьте --force, чтобы перезаписать",
        "{path} already exists; add --force to overwrite",
    ),
    "cli.project.demo_working": (
        "демо: считаю…",
        "demo: working…",
    ),
    "cli.qa.form_created_items": (
        "форма {code} создана: пунктов {n}",
        "form {code} created: {n} items",
    ),
    "cli.qa.scorecard_forms": (
        "Формы оценки",
        "Scorecard forms",
    ),
    "cli.qa.code": (
        "Код",
        "Code",
    ),
    "cli.qa.name": (
        "Название",
        "Name",
    ),
    "cli.qa.items": (
        "Пунктов",
        "Items",
    ),
    "cli.qa.grades": (
        "Оценок",
        "Grades",
    ),
    "cli.qa.created_by": (
        "Создал",
        "Created by",
    ),
    "cli.qa.group": (
        "Группа",
        "Group",
    ),
    "cli.qa.item": (
        "Пункт",
        "Item",
    ),
    "cli.qa.weight": (
        "Вес",
        "Weight",
    ),
    "cli.qa.scale": (
        "Шкала",
        "Scale",
    ),
    "cli.qa.mandatory": (
        "Обязательный",
        "Mandatory",
    ),
    "cli.qa.grade_saved": (
        "оценка сохранена: {score:.1f} баллов ({band})",
        "grade saved: {score:.1f} ({band})",
    ),
    "cli.qa.average_scores": (
        "Средние оценки: {by}",
        "Average scores: {by}",
    ),
    "cli.qa.average": (
        "Среднее",
        "Average",
    ),
    "cli.qa.min": (
        "Мин",
        "Min",
    ),
    "cli.qa.max": (
        "Макс",
        "Max",
    ),
    "cli.qa.quality_control_audit_trail": (
        "Журнал контроля качества",
        "Quality control audit trail",
    ),
    "cli.qa.when_utc": (
        "Когда (UTC)",
        "When (UTC)",
    ),
    "cli.qa.who": (
        "Кто",
        "Who",
    ),
    "cli.qa.what": (
        "Что",
        "What",
    ),
    "cli.qa.object": (
        "Объект",
        "Object",
    ),
    "cli.qa.quiz_created_questions_pass_mark": (
        "тест {code} создан: вопросов {n}, проходной балл {mark:g}",
        "quiz {code} created: {n} questions, pass mark {mark:g}",
    ),
    "cli.qa.passed": (
        "сдал",
        "passed",
    ),
    "cli.qa.failed": (
        "не сдал",
        "failed",
    ),
    "cli.qa.text": (
        "{op}: {score:.0f}% — {verdict}",
        "{op}: {score:.0f}% — {verdict}",
    ),
    "cli.qa.operator_quizzes": (
        "Тесты операторов",
        "Operator quizzes",
    ),
    "cli.qa.quiz": (
        "Тест",
        "Quiz",
    ),
    "cli.qa.operator": (
        "Оператор",
        "Operator",
    ),
    "cli.qa.vendor": (
        "Вендор",
        "Vendor",
    ),
    "cli.qa.attempts": (
        "Попыток",
        "Attempts",
    ),
    "cli.qa.last": (
        "Последний",
        "Last",
    ),
    "cli.qa.best": (
        "Лучший",
        "Best",
    ),
    "cli.qa.passed_2": (
        "Сдал",
        "Passed",
    ),
    "cli.qa.call_logged": (
        "звонок записан (№{id})",
        "call logged (#{id})",
    ),
    "cli.qa.mystery_shopper": (
        "Тайный покупатель",
        "Mystery shopper",
    ),
    "cli.qa.when": (
        "Когда",
        "When",
    ),
    "cli.qa.answered": (
        "Ответили",
        "Answered",
    ),
    "cli.qa.answer_s": (
        "Ответ, с",
        "Answer, s",
    ),
    "cli.qa.rings": (
        "Гудков",
        "Rings",
    ),
    "cli.qa.transfer": (
        "Перевод",
        "Transfer",
    ),
    "cli.qa.recording": (
        "Запись",
        "Recording",
    ),
    "cli.qa.score": (
        "Балл",
        "Score",
    ),
    "cli.qa.expected_mapping_item_answer": (
        "{path}: нужен словарь «пункт: ответ»",
        "{path}: expected a mapping 'item: answer'",
    ),
    "cli.qa.answer_expected_item_value": (
        "ответ {pair!r}: нужно пункт=значение",
        "answer {pair!r}: expected item=value",
    ),
    "cli.qa.imported_needs_vendor": (
        "с --imported укажите --vendor",
        "--imported needs --vendor",
    ),
    "cli.qa.cannot_read_answers": (
        "{path}: не удалось прочитать ответы: {error}",
        "{path}: cannot read answers: {error}",
    ),
    "cli.rfp.answers_offers_written_to": (
        "{vendor}: ответов {answers}, предложений {offers} записано в {path}",
        "{vendor}: {answers} answers, {offers} offers written to {path}",
    ),
    "cli.rfp.vendor_not_found_in": (
        "вендор {name!r} не найден в {path}",
        "vendor {name!r} not found in {path}",
    ),
    "cli.rfp.expected_date_time_e_g_2026": (
        "{option}: нужна дата и время, например 2026-11-20T14:30",
        "{option}: expected a date-time, e.g. 2026-11-20T14:30",
    ),
    "cli.serve.cabinet_http_ctrl_c_to_stop": (
        "Кабинет: http://{host}:{port}/  (Ctrl+C — остановить)",
        "Cabinet: http://{host}:{port}/  (Ctrl+C to stop)",
    ),
    "cli.staffing.load_erlangs": (
        "Нагрузка, Эрл",
        "Load, erlangs",
    ),
    "cli.staffing.agents_on_phones": (
        "Операторов на линии",
        "Agents on the phones",
    ),
    "cli.staffing.scheduled_with_shrinkage": (
        "По графику (с потерями)",
        "Scheduled (with shrinkage)",
    ),
    "cli.staffing.service_level": (
        "Уровень сервиса",
        "Service level",
    ),
    "cli.staffing.average_speed_of_answer_asa_s": (
        "Среднее ожидание ответа (ASA), с",
        "Average speed of answer (ASA), s",
    ),
    "cli.staffing.occupancy": (
        "Загрузка",
        "Occupancy",
    ),
    "cli.staffing.probability_of_waiting": (
        "Вероятность ожидания",
        "Probability of waiting",
    ),
    "cli.staffing.share_abandoned": (
        "Доля брошенных",
        "Share abandoned",
    ),
    "cli.staffing.model_target_aht_shrinkage_max_occupancy": (
        "Модель: {model}, цель {target}, AHT {aht}, потери времени {shrink}, макс. загрузка {occ}",
        "Model: {model}, target {target}, AHT {aht}, shrinkage {shrink}, max occupancy {occ}",
    ),
    "cli.staffing.schedule": (
        "График",
        "Schedule",
    ),
    "cli.staffing.open_h_week": (
        "Часов в неделю",
        "Open h/week",
    ),
    "cli.staffing.operator_h_month": (
        "Операторо-часов в месяц",
        "Operator-h/month",
    ),
    "cli.staffing.operators": (
        "Операторов",
        "Operators",
    ),
    "cli.staffing.peak_agents": (
        "Пик на линии",
        "Peak agents",
    ),
    "cli.staffing.lost_calls_month": (
        "Потеряно звонков/мес",
        "Lost calls/month",
    ),
    "cli.staffing.lost_margin_rub": (
        "Потеряно маржи, ₽",
        "Lost margin, RUB",
    ),
    "cli.staffing.in_house_rub_month": (
        "Своими силами, ₽/мес",
        "In-house, RUB/month",
    ),
    "cli.staffing.dedicated_operators_h_month_shared_pool": (
        "Выделенные операторы: {d:,.0f} ч/мес; общий пул: {s:,.0f} ч/мес (экономия {share:.0%}, ≈{rub:,.0f} ₽)",
        ("Dedicated operators: {d:,.0f} h/month; shared pool: {s:,.0f} h/month (saves {share:.0%}, ≈{rub:,.0f} RUB)"),
    ),
    "cli.staffing.staffing_for_one_interval": (
        "Штат на интервал",
        "Staffing for one interval",
    ),
    "cli.staffing.schedules": (
        "Графики работы",
        "Schedules",
    ),
    "cli.staffing.agents_on_phones_by_hour": (
        "Операторов на линии по часам",
        "Agents on the phones by hour",
    ),
    "cli.staffing.computing_staffing_and_costs": (
        "считаю штат и стоимость…",
        "computing staffing and costs…",
    ),
    "cli.staffing.invalid_calculation_options": (
        "неверные параметры расчёта",
        "invalid calculation options",
    ),
    "cli.user.administrator": (
        " (администратор)",
        " (administrator)",
    ),
    "cli.user.user_created": (
        "пользователь {login} создан{note}",
        "user {login} created{note}",
    ),
    "cli.user.link": (
        "ссылка",
        "link",
    ),
    "cli.user.vendor": (
        "вендор",
        "vendor",
    ),
    "cli.user.expires": (
        "до",
        "expires",
    ),
    "cli.user.state": (
        "состояние",
        "state",
    ),
    "cli.user.link_revoked": (
        "ссылка отозвана",
        "link revoked",
    ),
    "cli.user.password": (
        "Пароль",
        "Password",
    ),
    "cli.user.guest_links": (
        "Гостевые ссылки: {name}",
        "Guest links: {name}",
    ),
    "cli.user.revoked": (
        "отозвана",
        "revoked",
    ),
    "cli.user.no_live_link": (
        "действующая ссылка {handle} не найдена",
        "no live link {handle}",
    ),
    "cli.user.role_owner_analyst_or_viewer": (
        "роль: owner, analyst или viewer",
        "role: owner, analyst or viewer",
    ),
    "cli.user.evaluation_not_found": (
        "оценка {name!r} не найдена",
        "evaluation {name!r} not found",
    ),
    "cli.user.live": (
        "действует",
        "live",
    ),
    "cli.user.expired": (
        "истекла",
        "expired",
    ),
    "cli.vendor.vendor_added_to": (
        "вендор {name!r} добавлен в {file}",
        "vendor {name!r} added to {file}",
    ),
    "cli.vendor.name": (
        "Название",
        "Name",
    ),
    "cli.vendor.website": (
        "Сайт",
        "Website",
    ),
    "cli.vendor.offers": (
        "Предложений",
        "Offers",
    ),
    "cli.vendor.answer_h": (
        "Ответ, ч",
        "Answer, h",
    ),
    "cli.vendor.phones": (
        "Телефоны",
        "Phones",
    ),
    "cli.vendor.vendor_removed": (
        "вендор {name!r} удалён",
        "vendor {name!r} removed",
    ),
    "cli.vendor.vendor_renamed_to": (
        "вендор {name!r} переименован в {new!r}",
        "vendor {name!r} renamed to {new!r}",
    ),
    "cli.vendor.vendors": (
        "Вендоры: {name}",
        "Vendors: {name}",
    ),
    "cli.vendor.offer": (
        "Предложение",
        "Offer",
    ),
    "cli.worker.no_job_broker_configured_set_e": (
        (
            "не задан адрес брокера задач: укажите {env}, например {env}=redis://localhost:6379/0 (тот же, что у "
            "веб-кабинета). Без брокера задачи выполняет сам `callscout serve`, обработчик не нужен"
        ),
        (
            "no job broker configured: set {env}, e.g. {env}=redis://localhost:6379/0 (the same as the cabinet's). "
            "Without a broker `callscout serve` runs the jobs itself and needs no worker"
        ),
    ),
    "cli.worker.only_redis_is_supported_redis_rediss": (
        "{env}={url}: поддерживается только Redis (redis://, rediss://, unix://)",
        "{env}={url}: only Redis is supported (redis://, rediss://, unix://)",
    ),
    "cli.worker.queues_unknown_queues_known": (
        "--queues: неизвестные очереди {names}; есть: {known}",
        "--queues: unknown queues {names}; known: {known}",
    ),
    "cli.worker.job_worker_needs_dramatiq_pip_install": (
        "для обработчика задач нужен Dramatiq: pip install 'callscout[broker]'",
        "the job worker needs Dramatiq: pip install 'callscout[broker]'",
    ),
    "cli.report.run": (
        "Прогон",
        "Run",
    ),
    "cli.report.recommended": (
        "Рекомендован",
        "Recommended",
    ),
    "cli.report.confidence": (
        "Уверенность",
        "Confidence",
    ),
    "cli.report.online": (
        "По сети",
        "Online",
    ),
    "cli.report.evaluation_has_no_runs_yet_callscout": (
        "У оценки «{name}» ещё нет прогонов: callscout evaluate ФАЙЛ",
        "The evaluation {name!r} has no runs yet: callscout evaluate FILE",
    ),
    "cli.report.runs": (
        "Прогоны: {name}",
        "Runs: {name}",
    ),
    "cli.report.evaluation_has_no_runs_yet_callscout_2": (
        "у оценки «{name}» ещё нет прогонов: callscout evaluate ФАЙЛ",
        "the evaluation {name!r} has no runs yet: callscout evaluate FILE",
    ),
    "cli.report.evaluation_has_no_run_see_callscout": (
        "у оценки «{name}» нет прогона {run}; список: callscout report runs",
        "the evaluation {name!r} has no run {run}; see: callscout report runs",
    ),
}
