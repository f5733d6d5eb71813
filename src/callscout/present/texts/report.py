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
    "report.templates._macros.more_pieces_of_evidence_in_html": (
        "ещё доказательств: {{n}} — в HTML- и JSON-отчёте",
        "{{n}} more pieces of evidence in the HTML and JSON reports",
    ),
    "report.templates.report.callscout_report": (
        "Отчёт CallScout",
        "CallScout report",
    ),
    "report.templates.rfp_letter.request_for_proposal": (
        "Запрос коммерческого предложения",
        "Request for proposal",
    ),
    "report.templates.rfp_letter.to": (
        "Кому",
        "To",
    ),
    "report.templates.rfp_letter.from": (
        "От",
        "From",
    ),
    "report.templates.rfp_letter.date": (
        "Дата",
        "Date",
    ),
    "report.templates.rfp_letter.request_for_proposal_to_run_our": (
        "Запрос коммерческого предложения на обслуживание горячей линии",
        "Request for a proposal to run our hot line",
    ),
    "report.templates.rfp_letter.hello_we_are_choosing_contractor_to": (
        "Здравствуйте! Мы выбираем подрядчика для обработки звонков",
        "Hello! We are choosing a contractor to handle the calls of",
    ),
    "report.templates.rfp_letter.please_send_proposal_priced_on_our": (
        (
            "Просим прислать коммерческое предложение на нашу нагрузку и заполнить приложенную анкету (XLSX): "
            "ответы на все вопросы помогут сравнить предложения честно."
        ),
        (
            "Please send a proposal priced on our workload and fill in the attached questionnaire (XLSX): complete "
            "answers let us compare offers fairly."
        ),
    ),
    "report.templates.rfp_letter.n1_line_s_task": (
        "1. Задача линии",
        "1. The line's task",
    ),
    "report.templates.rfp_letter.taking_and_placing_orders_we_prefer": (
        "Приём и оформление заказов. Предпочтительна оплата выделенным операторам: оклад плюс процент от сделок.",
        "Taking and placing orders. We prefer dedicated operators paid a salary plus a percent of deals.",
    ),
    "report.templates.rfp_letter.expert_consultations_we_need_dedicated_operators": (
        "Профессиональные консультации: нужны выделенные операторы, которые знают наш ассортимент.",
        "Expert consultations: we need dedicated operators who know our products.",
    ),
    "report.templates.rfp_letter.customer_support": (
        "Поддержка клиентов.",
        "Customer support.",
    ),
    "report.templates.rfp_letter.operators_must_be_dedicated": (
        "Операторы — только выделенные.",
        "Operators must be dedicated.",
    ),
    "report.templates.rfp_letter.shared_operators_are_fine": (
        "Подойдут общие операторы.",
        "Shared operators are fine.",
    ),
    "report.templates.rfp_letter.n2_workload": (
        "2. Нагрузка",
        "2. Workload",
    ),
    "report.templates.rfp_letter.average_talk_after_call_work_s": (
        "Средний разговор / постобработка, с",
        "Average talk / after-call work, s",
    ),
    "report.templates.rfp_letter.peak_season": (
        "Пиковый сезон",
        "Peak season",
    ),
    "report.templates.rfp_letter.within": (
        "за",
        "within",
    ),
    "report.templates.rfp_letter.abandoned_at_most": (
        "потерянных не более",
        "abandoned at most",
    ),
    "report.templates.rfp_letter.peak_hour": (
        "Пиковый час",
        "Peak hour",
    ),
    "report.templates.rfp_letter.average_calls_by_hour_of_day": (
        "Звонков в среднем по часам суток:",
        "Average calls by hour of the day:",
    ),
    "report.templates.rfp_letter.n3_schedule": (
        "3. График",
        "3. Schedule",
    ),
    "report.templates.rfp_letter.around_clock_every_day": (
        "Круглосуточно, без выходных.",
        "Around the clock, every day.",
    ),
    "report.templates.rfp_letter.these_hours_receive": (
        "в эти часы приходит",
        "these hours receive",
    ),
    "report.templates.rfp_letter.of_calls": (
        "звонков",
        "of the calls",
    ),
    "report.templates.rfp_letter.n4_call_processing": (
        "4. Обработка вызовов",
        "4. Call processing",
    ),
    "report.templates.rfp_letter.customer_database": (
        "База клиентов",
        "Customer database",
    ),
    "report.templates.rfp_letter.ours": (
        "у нас",
        "ours",
    ),
    "report.templates.rfp_letter.at_call_center": (
        "в колл-центре",
        "at the call center",
    ),
    "report.templates.rfp_letter.work_in_our_crm": (
        "работа в нашей CRM",
        "work in our CRM",
    ),
    "report.templates.rfp_letter.forwarding_calls_to_our_specialists": (
        "Перевод звонков нашим специалистам",
        "Forwarding calls to our specialists",
    ),
    "report.templates.rfp_letter.ivr": (
        "Голосовое меню",
        "IVR",
    ),
    "report.templates.rfp_letter.greeting": (
        "Приветствие",
        "Greeting",
    ),
    "report.templates.rfp_letter.n8_800_number": (
        "Номер 8-800",
        "8-800 number",
    ),
    "report.templates.rfp_letter.needed": (
        "нужен",
        "needed",
    ),
    "report.templates.rfp_letter.not_needed": (
        "не нужен",
        "not needed",
    ),
    "report.templates.rfp_letter.n5_price": (
        "5. Стоимость",
        "5. Price",
    ),
    "report.templates.rfp_letter.please_price_month_of_this_workload": (
        (
            "Рассчитайте, пожалуйста, стоимость месяца на этой нагрузке по каждой модели оплаты, которую вы "
            "предлагаете (за контакт, за звонок, процент от продаж, за результат, за час оператора, за минуту "
            "разговора, оклад плюс процент), с платой за запуск, минимальным платежом, стоимостью минуты 8-800 и "
            "условиями пробного проекта. Лист «Предложение» анкеты."
        ),
        (
            "Please price a month of this workload in each payment model you offer (per contact, per call, percent "
            "of sales, per result, per operator hour, per talk minute, salary plus percent), with setup fee, "
            "minimum charge, 8-800 minute price and trial project terms. Sheet 'Предложение' of the questionnaire."
        ),
    ),
    "report.templates.rfp_letter.n6_questions": (
        "6. Вопросы",
        "6. Questions",
    ),
    "report.templates.rfp_letter.we_would_appreciate_answer_within_two": (
        (
            "Будем благодарны за ответ в течение двух рабочих дней. Скорость и полнота ответа — тоже критерий "
            "нашего выбора."
        ),
        (
            "We would appreciate an answer within two working days. How fast and how fully you answer is part of "
            "our choice."
        ),
    ),
    "report.templates.rfp_letter.kind_regards": (
        "С уважением",
        "Kind regards",
    ),
    "report.templates.audit.landline": (
        "городской",
        "landline",
    ),
    "report.templates.audit.mobile": (
        "мобильный",
        "mobile",
    ),
    "report.templates.audit.toll_free_8_800": (
        "бесплатный 8-800",
        "toll-free 8-800",
    ),
    "report.templates.audit.other": (
        "другой",
        "other",
    ),
    "report.templates.audit.no_vendor_has_website": (
        "У вендоров не указаны сайты.",
        "No vendor has a website.",
    ),
    "report.templates.audit.audited": (
        "проверен",
        "audited",
    ),
    "report.templates.audit.stated_with_error": (
        "указан с ошибкой",
        "stated with an error",
    ),
    "report.templates.audit.other_entities_on_site": (
        "Другие лица на сайте",
        "Other entities on the site",
    ),
    "report.templates.audit.director_s_personal": (
        "личный ИНН руководителя",
        "director's personal ИНН",
    ),
    "report.templates.audit.bank": (
        "банк",
        "bank",
    ),
    "report.templates.audit.mentioned": (
        "упомянут",
        "mentioned",
    ),
    "report.templates.audit.privacy_policy": (
        "Политика конфиденциальности",
        "Privacy policy",
    ),
    "report.templates.audit.does_not_open": (
        "не открывается",
        "does not open",
    ),
    "report.templates.audit.in_pop_up_window": (
        "во всплывающем окне",
        "in a pop-up window",
    ),
    "report.templates.audit.latest_news": (
        "Новости, последняя",
        "Latest news",
    ),
    "report.templates.audit.dated_items": (
        "датированных записей",
        "dated items",
    ),
    "report.templates.audit.reviews": (
        "Отзывы",
        "Reviews",
    ),
    "report.templates.audit.call_recordings": (
        "Записи разговоров",
        "Call recordings",
    ),
    "report.templates.audit.evidence": (
        "Подтверждение",
        "Evidence",
    ),
    "report.templates.calls.average_speed_of_answer_s": (
        "Среднее время ответа, с",
        "Average speed of answer, s",
    ),
    "report.templates.calls.average_wait_s": (
        "Среднее ожидание, с",
        "Average wait, s",
    ),
    "report.templates.calls.average_talk_s": (
        "Средний разговор, с",
        "Average talk, s",
    ),
    "report.templates.calls.average_handle_time_s": (
        "Среднее время обработки (AHT), с",
        "Average handle time, s",
    ),
    "report.templates.calls.calls_indicators_from_logs": (
        "Звонки: показатели по журналам",
        "Calls: indicators from the logs",
    ),
    "report.templates.calls.aht_lacks_after_call_work_where": (
        (
            "AHT без постобработки, если журнал её не содержит (например, журнал очереди Asterisk): сравнивайте AHT "
            "вендоров осторожно. "
        ),
        (
            "AHT lacks after-call work where the log has none (e.g. an Asterisk queue log): compare vendors' AHT "
            "with care. "
        ),
    ),
    "report.templates.calls.computed_by_callscout_from_vendors_raw": (
        (
            "Посчитано CallScout по сырым журналам вендоров, одинаково для всех: поступившие = отвеченные + "
            "потерянные; уровень сервиса = отвеченные за Y с / (отвеченные + потерянные после короткого сброса)."
        ),
        (
            "Computed by CallScout from the vendors' raw logs, the same way for all: offered = answered + "
            "abandoned; service level = answered within Y s / (answered + abandoned after the short-abandon "
            "threshold)."
        ),
    ),
    "report.templates.calls.p90_wait_s": (
        "90% ожидания, с",
        "P90 wait, s",
    ),
    "report.templates.calls.max_wait_s": (
        "Макс. ожидание, с",
        "Max wait, s",
    ),
    "report.templates.calls.avg_talk_s": (
        "Ср. разговор, с",
        "Avg talk, s",
    ),
    "report.templates.calls.missed_called_back": (
        "Перезвонили пропущенным",
        "Missed called back",
    ),
    "report.templates.calls.repeat_in_24_h": (
        "Повторно за 24 ч",
        "Repeat in 24 h",
    ),
    "report.templates.calls.short": (
        "коротких",
        "short",
    ),
    "report.templates.calls.trial_comparison": (
        "Сравнение в тестовом периоде",
        "Trial comparison",
    ),
    "report.templates.calls.ci": (
        "ДИ",
        "CI",
    ),
    "report.templates.calls.difference_from": (
        "Разница с",
        "Difference from",
    ),
    "report.templates.calls.breaches": (
        "нарушений",
        "breaches",
    ),
    "report.templates.calls.when_customers_call_offered_calls_by": (
        "Когда звонят: поступившие звонки по дням недели и часам",
        "When customers call: offered calls by weekday and hour",
    ),
    "report.templates.calls.mon": (
        "пн",
        "Mon",
    ),
    "report.templates.calls.tue": (
        "вт",
        "Tue",
    ),
    "report.templates.calls.wed": (
        "ср",
        "Wed",
    ),
    "report.templates.calls.thu": (
        "чт",
        "Thu",
    ),
    "report.templates.calls.fri": (
        "пт",
        "Fri",
    ),
    "report.templates.calls.sat": (
        "сб",
        "Sat",
    ),
    "report.templates.calls.sun": (
        "вс",
        "Sun",
    ),
    "report.templates.calls.colour_is_service_level_green_80": (
        "цвет — уровень сервиса: зелёный ≥ 80%, красный < 50%",
        "colour is the service level: green ≥ 80%, red < 50%",
    ),
    "report.templates.economics.offer_economics_and_staffing": (
        "Экономика предложений и штат",
        "Offer economics and staffing",
    ),
    "report.templates.economics.economics_could_not_be_computed": (
        "Расчёт экономики не выполнен",
        "Economics could not be computed",
    ),
    "report.templates.economics.workload": (
        "Нагрузка",
        "Workload",
    ),
    "report.templates.economics.calls_month": (
        "звонков в месяц",
        "calls a month",
    ),
    "report.templates.economics.order_conversion": (
        "конверсия в заказ",
        "order conversion",
    ),
    "report.templates.economics.average_order": (
        "средний чек",
        "average order",
    ),
    "report.templates.economics.margin": (
        "маржа",
        "margin",
    ),
    "report.templates.economics.monthly_cost_of_offers": (
        "Стоимость предложений в месяц",
        "Monthly cost of the offers",
    ),
    "report.templates.economics.charge_models": (
        "Модели оплаты",
        "Charge models",
    ),
    "report.templates.economics.first_month": (
        "Первый месяц",
        "First month",
    ),
    "report.templates.economics.per_handled_call": (
        "За обработанный звонок",
        "Per handled call",
    ),
    "report.templates.economics.per_talk_minute": (
        "За минуту разговора",
        "Per talk minute",
    ),
    "report.templates.economics.share_of_revenue": (
        "Доля выручки",
        "Share of revenue",
    ),
    "report.templates.economics.charge_model_risks_on_your_workload": (
        "Риски моделей оплаты на вашей нагрузке",
        "Charge-model risks on your workload",
    ),
    "report.templates.economics.risk": (
        "Риск",
        "Risk",
    ),
    "report.templates.economics.staffing_for_buyer_s_schedule": (
        "Штат по графику заказчика",
        "Staffing for the buyer's schedule",
    ),
    "report.templates.economics.model": (
        "Модель",
        "Model",
    ),
    "report.templates.economics.shrinkage": (
        "потери времени",
        "shrinkage",
    ),
    "report.templates.economics.max_occupancy": (
        "макс. загрузка",
        "max occupancy",
    ),
    "report.templates.economics.operator_hours_per_week_month": (
        "Операторо-часов в неделю / месяц",
        "Operator-hours per week / month",
    ),
    "report.templates.economics.headcount": (
        "Штатных операторов",
        "Headcount",
    ),
    "report.templates.economics.peak_on_phones_scheduled": (
        "Пик: на линии / по графику",
        "Peak: on the phones / scheduled",
    ),
    "report.templates.economics.service_level_asa_occupancy": (
        "Уровень сервиса, ASA, загрузка",
        "Service level, ASA, occupancy",
    ),
    "report.templates.economics.h_week": (
        "ч в неделю",
        "h a week",
    ),
    "report.templates.economics.dedicated_operators_versus_shared_pool": (
        "Выделенные операторы против общего пула",
        "Dedicated operators versus a shared pool",
    ),
    "report.templates.economics.h": (
        "ч",
        "h",
    ),
    "report.templates.economics.pool_saves": (
        "экономия пула",
        "pool saves",
    ),
    "report.templates.economics.schedules_compared": (
        "Сравнение графиков работы",
        "Schedules compared",
    ),
    "report.templates.economics.open_hours_week": (
        "Часов открыто в неделю",
        "Open hours a week",
    ),
    "report.templates.economics.operator_hours_month": (
        "Операторо-часов в месяц",
        "Operator-hours a month",
    ),
    "report.templates.economics.calls_lost_month": (
        "Потеряно звонков в месяц",
        "Calls lost a month",
    ),
    "report.templates.economics.orders_lost": (
        "Потеряно заказов",
        "Orders lost",
    ),
    "report.templates.economics.margin_lost": (
        "Потеряно маржи",
        "Margin lost",
    ),
    "report.templates.economics.running_it_in_house": (
        "Свой колл-центр",
        "Running it in-house",
    ),
    "report.templates.economics.operators_supervisors_workplaces": (
        "Операторов / супервайзеров / рабочих мест",
        "Operators / supervisors / workplaces",
    ),
    "report.templates.economics.operator_salaries_with_payroll_taxes": (
        "Зарплата операторов с взносами",
        "Operator salaries with payroll taxes",
    ),
    "report.templates.economics.supervisors": (
        "Супервайзеры",
        "Supervisors",
    ),
    "report.templates.economics.workplaces": (
        "Рабочие места",
        "Workplaces",
    ),
    "report.templates.economics.telephony": (
        "Телефония",
        "Telephony",
    ),
    "report.templates.economics.hiring_and_training": (
        "Наём и обучение",
        "Hiring and training",
    ),
    "report.templates.economics.total_per_month": (
        "Итого в месяц",
        "Total per month",
    ),
    "report.templates.economics.outsourcing_saves": (
        "Аутсорсинг дешевле на",
        "Outsourcing saves",
    ),
    "report.templates.economics.break_even_volumes_between_offers": (
        "Точки безубыточности между предложениями",
        "Break-even volumes between offers",
    ),
    "report.templates.economics.offer": (
        "Предложение A",
        "Offer A",
    ),
    "report.templates.economics.offer_b": (
        "Предложение B",
        "Offer B",
    ),
    "report.templates.economics.calls_month_2": (
        "Звонков в месяц",
        "Calls a month",
    ),
    "report.templates.economics.cost": (
        "Стоимость",
        "Cost",
    ),
    "report.templates.economics.cheaper_above_it": (
        "Дешевле при большем объёме",
        "Cheaper above it",
    ),
    "report.templates.insights.no_data_logs_have_no_topic": (
        "нет данных: в журналах нет колонки тематики («Тематика», «Категория обращения»)",
        "no data: the logs have no topic column",
    ),
    "report.templates.insights.no_data_logs_have_no_call": (
        "нет данных: в журналах нет колонки результата звонка",
        "no data: the logs have no call result column",
    ),
    "report.templates.insights.no_data_logs_carry_no_survey": (
        "нет данных: в журналах нет оценок клиентов (CSAT, NPS)",
        "no data: the logs carry no survey scores (CSAT, NPS)",
    ),
    "report.templates.insights.no_data_logs_carry_no_dialled": (
        "нет данных: в журналах нет набранного номера и UTM-метки",
        "no data: the logs carry no dialled number or UTM tag",
    ),
    "report.templates.insights.no_data_evaluation_has_no_sources": (
        "нет данных: в оценке нет блока sources: с каналами рекламы",
        "no data: the evaluation has no sources: block",
    ),
    "report.templates.insights.frequent_questions_call_topics": (
        "Частые вопросы: темы звонков",
        "Frequent questions: call topics",
    ),
    "report.templates.insights.weekly": (
        "По неделям",
        "Weekly",
    ),
    "report.templates.insights.csat_95_ci": (
        "CSAT (95% ДИ)",
        "CSAT (95% CI)",
    ),
    "report.templates.insights.satisfied_4_5": (
        "Довольны 4–5",
        "Satisfied 4–5",
    ),
    "report.templates.insights.revenue": (
        "Выручка",
        "Revenue",
    ),
    "report.templates.insights.spend": (
        "Расход",
        "Spend",
    ),
    "report.templates.insights.calls_and_orders_by_day": (
        "Звонки и заказы по дням",
        "Calls and orders by day",
    ),
    "report.templates.insights.shop_s_orders_are_not_imported": (
        "Заказы магазина не загружены: заказы, выручка и конверсия неизвестны.",
        "The shop's orders are not imported: orders, revenue and conversion are unknown.",
    ),
    "report.templates.legal.critical": (
        "критично",
        "critical",
    ),
    "report.templates.legal.high": (
        "высокая",
        "high",
    ),
    "report.templates.legal.medium": (
        "средняя",
        "medium",
    ),
    "report.templates.legal.low": (
        "низкая",
        "low",
    ),
    "report.templates.legal.info": (
        "справка",
        "info",
    ),
    "report.templates.legal.legal_entity_and_site_age": (
        "Юридическое лицо и возраст сайта",
        "Legal entity and site age",
    ),
    "report.templates.legal.requisites_checked_against_state_register_and": (
        (
            "Реквизиты сверены с государственным реестром (ЕГРЮЛ/ЕГРИП) и с whois домена: сайт может написать что "
            "угодно, реестр — нет."
        ),
        (
            "Requisites checked against the state register (ЕГРЮЛ/ЕГРИП) and the domain's whois: a site can print "
            "anything, the register cannot."
        ),
    ),
    "report.templates.legal.register": (
        "По реестру",
        "Register",
    ),
    "report.templates.legal.since": (
        "с",
        "since",
    ),
    "report.templates.legal.y": (
        "г.",
        "y",
    ),
    "report.templates.legal.created": (
        "создан",
        "created",
    ),
    "report.templates.legal.flags_and_evidence": (
        "замечания и доказательства",
        "flags and evidence",
    ),
    "report.templates.legal.flag": (
        "Замечание",
        "Flag",
    ),
    "report.templates.needs.buyer_s_needs": (
        "Потребности заказчика",
        "The buyer's needs",
    ),
    "report.templates.needs.average_handle_time_aht_s": (
        "Средняя длительность обработки (AHT), с",
        "Average handle time (AHT), s",
    ),
    "report.templates.needs.target_service_level": (
        "Целевой уровень сервиса",
        "Target service level",
    ),
    "report.templates.needs.share_of_calls_within_schedule": (
        "Доля звонков в часы работы",
        "Share of calls within the schedule",
    ),
    "report.templates.quality.call_quality": (
        "Качество звонков",
        "Call quality",
    ),
    "report.templates.quality.call_recordings_from_vendors_sites_noise": (
        (
            "Записи разговоров с сайтов вендоров (шум, полоса, перегрузка, голоса на фоне), оценки звонков по "
            "форме, тесты операторов и звонки тайного покупателя."
        ),
        (
            "Call recordings from the vendors' sites (noise, band, clipping, background voices), scorecard grades, "
            "operator quizzes and mystery-shopper calls."
        ),
    ),
    "report.templates.quality.average_grade_0_100": (
        "Средняя оценка, 0–100",
        "Average grade, 0–100",
    ),
    "report.templates.quality.db": (
        "дБ",
        "dB",
    ),
    "report.templates.quality.operator_customer_talk": (
        "оператор / клиент говорят",
        "operator / customer talk",
    ),
    "report.templates.quality.overtalk": (
        "одновременно",
        "overtalk",
    ),
    "report.templates.quality.no_recordings": (
        "записей нет",
        "no recordings",
    ),
    "report.templates.quality.answer_in": (
        "ответ через",
        "answer in",
    ),
    "report.templates.quality.rings": (
        "гудков",
        "rings",
    ),
    "report.templates.quality.score": (
        "оценка",
        "score",
    ),
    "report.templates.quality.passed": (
        "сдали",
        "passed",
    ),
    "report.templates.scoring.scoring_and_ranking": (
        "Оценка и рейтинг",
        "Scoring and ranking",
    ),
    "report.templates.scoring.total_is_weighted_sum_of_0": (
        (
            "Итог — взвешенная сумма оценок 0–1 по фиксированным шкалам (добавление кандидата не меняет оценок "
            "других). Набор весов"
        ),
        (
            "The total is a weighted sum of 0-1 scores on fixed scales (adding a candidate does not change the "
            "others' scores). Weights preset"
        ),
    ),
    "report.templates.scoring.group_weights_from": (
        "источник весов групп",
        "group weights from",
    ),
    "report.templates.scoring.scores_and_groups_contributions": (
        "Баллы и вклад групп",
        "Scores and the groups' contributions",
    ),
    "report.templates.scoring.profile_by_group_0_100": (
        "Профиль по группам (0–100)",
        "Profile by group (0-100)",
    ),
    "report.templates.scoring.group_weights": (
        "Веса групп",
        "Group weights",
    ),
    "report.templates.scoring.ahp_pairwise_comparisons": (
        "Попарные сравнения AHP",
        "AHP pairwise comparisons",
    ),
    "report.templates.scoring.above_0_1_judgements_are_inconsistent": (
        "больше 0,1: сравнения противоречивы",
        "above 0.1: the judgements are inconsistent",
    ),
    "report.templates.scoring.how_sure_choice_is": (
        "Насколько уверен выбор",
        "How sure the choice is",
    ),
    "report.templates.scoring.monte_carlo": (
        "Монте-Карло",
        "Monte Carlo",
    ),
    "report.templates.scoring.weight_variants": (
        "вариантов весов",
        "weight variants",
    ),
    "report.templates.scoring.method": (
        "Метод",
        "Method",
    ),
    "report.templates.scoring.order": (
        "Порядок",
        "Order",
    ),
    "report.templates.scoring.kendall_with_total": (
        "τ Кендалла с итогом",
        "Kendall τ with the total",
    ),
    "report.templates.scoring.same_winner": (
        "Тот же победитель",
        "Same winner",
    ),
    "report.templates.scoring.weighted_sum_headline": (
        "Взвешенная сумма (итог)",
        "Weighted sum (headline)",
    ),
    "report.templates.scoring.sensitivity_when_winner_changes": (
        "Чувствительность: когда сменится победитель",
        "Sensitivity: when the winner changes",
    ),
    "report.templates.scoring.scores_by_criterion": (
        "Оценки по критериям",
        "Scores by criterion",
    ),
    "report.templates.scoring.values_scores_contributions_and_evidence_of": (
        (
            "Значения, оценки, вклад и доказательства по каждому критерию каждого вендора — в report.html и "
            "report.xlsx (лист «Оценки»)."
        ),
        (
            "Values, scores, contributions and evidence of every criterion of every vendor are in report.html and "
            "report.xlsx (sheet Scores)."
        ),
    ),
    "report.templates.scoring.of_100": (
        "из 100",
        "of 100",
    ),
    "report.templates.scoring.score_0_1": (
        "Оценка 0–1",
        "Score 0-1",
    ),
    "report.templates.scoring.contribution_points": (
        "Вклад, баллы",
        "Contribution, points",
    ),
    "report.templates.scoring.n": (
        "не нужно",
        "n/a",
    ),
    "report.templates.scoring.value_unknown_filled_by_missing_data": (
        "значение неизвестно; подставлено по правилу для пропусков",
        "value unknown; filled by the missing-data policy",
    ),
    "report.templates.scoring.criteria_weights_and_missing_data_policies": (
        "Критерии, веса и правила для пропусков",
        "Criteria, weights and missing-data policies",
    ),
    "report.templates.scoring.better": (
        "Лучше",
        "Better",
    ),
    "report.templates.scoring.higher": (
        "больше",
        "higher",
    ),
    "report.templates.scoring.lower": (
        "меньше",
        "lower",
    ),
    "report.templates.scoring.used": (
        "учтён",
        "used",
    ),
    "report.templates.scoring.not_needed": (
        "не нужен заказчику",
        "not needed",
    ),
    "report.templates.scoring.kpis_from_call_logs": (
        "Показатели по журналам звонков",
        "KPIs from the call logs",
    ),
    "report.templates.vendors.answered_in_h": (
        "Ответ на запрос, ч",
        "Answered in, h",
    ),
    "report.templates.vendors.questionnaire_answered": (
        "Заполненность анкеты",
        "Questionnaire answered",
    ),
    "report.templates.summary.who_to_choose": (
        "Кого выбрать",
        "Who to choose",
    ),
    "report.templates.summary.we_recommend": (
        "Рекомендуем",
        "We recommend",
    ),
    "report.templates.summary.if_check_passes": (
        "если проверка пройдёт",
        "if the check passes",
    ),
    "report.templates.summary.no_candidate_passed_knock_out_rules": (
        "Ни один кандидат не прошёл обязательные требования.",
        "No candidate passed the knock-out rules.",
    ),
    "report.templates.summary.check_before_signing": (
        "Проверьте до подписания",
        "Check before signing",
    ),
    "report.templates.summary.ranking_does_not_know_this_places": (
        "этого рейтинг не знает; места кандидатов со статусом «не проверен» условны",
        "the ranking does not know this; the places of candidates marked “not checked” are conditional",
    ),
    "report.templates.summary.knock_out": (
        "обязательное требование",
        "knock-out",
    ),
    "report.templates.summary.data_known": (
        "Полнота данных",
        "Data known",
    ),
    "report.templates.summary.rank_holds_if_check_passes": (
        "место — если проверка пройдёт",
        "the rank holds if the check passes",
    ),
    "report.templates.summary.disqualified": (
        "исключён",
        "disqualified",
    ),
    "report.templates.summary.disqualified_candidates_take_no_place_in": (
        "Исключённые кандидаты не участвуют в рейтинге; их балл в скобках — для справки.",
        "Disqualified candidates take no place in the ranking; their score in brackets is for reference only.",
    ),
    "report.templates.summary.red_flags_and_questions_before_signing": (
        "Красные флаги и вопросы перед подписанием",
        "Red flags and questions before signing",
    ),
    "report.templates.summary.no_red_flags_found_in_data": (
        "Красных флагов не найдено (по имеющимся данным).",
        "No red flags found (in the data available).",
    ),
    "report.templates.summary.ask_before_signing": (
        "Спросите до подписания договора:",
        "Ask before signing:",
    ),
    "report.templates.summary.more_questions": (
        "Ещё вопросов",
        "More questions",
    ),
    "report.templates.summary.see_report_xlsx_sheet_questions": (
        "см. report.xlsx, лист «Вопросы»",
        "see report.xlsx, sheet Questions",
    ),
    "report.templates.calls.avg_hold_s": (
        "Ср. удержание, с",
        "Avg hold, s",
    ),
    "report.templates.calls.acw_s": (
        "Постобработка, с",
        "ACW, s",
    ),
    "report.templates.calls.short_abandons": (
        "короткие сбросы",
        "short abandons",
    ),
    "report.templates.calls.average_wait": (
        "среднее ожидание",
        "average wait",
    ),
    "report.templates.calls.hold": (
        "удержание",
        "hold",
    ),
    "report.templates.calls.after_call_work": (
        "постобработка",
        "after-call work",
    ),
    "report.templates.calls.callbacks": (
        "перезвоны",
        "callbacks",
    ),
    "report.templates.calls.repeat_calls": (
        "повторные звонки",
        "repeat calls",
    ),
    "report.templates.calls.by_agent": (
        "по операторам",
        "by agent",
    ),
    "report.templates.calls.by_queue": (
        "по очередям",
        "by queue",
    ),
    "report.templates.calls.agents_time": (
        "время операторов",
        "agents' time",
    ),
    "report.templates.calls.conversion_to_orders": (
        "конверсия в заказы",
        "conversion to orders",
    ),
    "report.templates.calls.what_log_cannot_tell": (
        "чего журнал не показывает",
        "what the log cannot tell",
    ),
    "report.templates.calls.no_breach_found_but_not_everything": (
        "нарушений не найдено, но не всё проверено",
        "no breach found, but not everything was checked",
    ),
}
