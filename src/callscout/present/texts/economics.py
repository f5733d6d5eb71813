"""Texts of callscout.economics: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "economics.analysis.one_off_fees_setup_trial_project": (
        "Разовые платежи (подключение, пробный проект) распределены на {m} мес.",
        "One-off fees (setup, trial project) are spread over {m} months.",
    ),
    "economics.analysis.month_is_typical_weeks_talk_time": (
        "Месяц = {w:.2f} типовой недели; длительность разговора считается экспоненциальной.",
        "A month is {w:.2f} typical weeks; talk time is taken as exponentially distributed.",
    ),
    "economics.demand.interval_min_use_15_30_or": (
        "интервал {m} мин не поддерживается: 15, 30 или 60",
        "interval {m} min: use 15, 30 or 60",
    ),
    "economics.demand.file_not_found": (
        "файл {path} не найден",
        "file {path} not found",
    ),
    "economics.demand.file_is_larger_than_mb": (
        "{path}: файл больше {mb} МБ",
        "{path}: the file is larger than {mb} MB",
    ),
    "economics.demand.interval_15_30_or_60_minutes": (
        "интервал: 15, 30 или 60 минут",
        "interval: 15, 30 or 60 minutes",
    ),
    "economics.demand.call_log_has_no_answered_call": (
        "в журнале звонков нет ни одного отвеченного звонка",
        "the call log has no answered call",
    ),
    "economics.erlang.load_must_be_number_0": (
        "нагрузка должна быть числом не меньше 0",
        "the load must be a number >= 0",
    ),
    "economics.erlang.load_of_erlangs_interval_cannot_meet": (
        (
            "нагрузку {load:.1f} Эрл (интервал {index}) не обслужить с целью {target} даже {limit} операторами; "
            "проверьте число звонков и AHT или увеличьте предел"
        ),
        (
            "a load of {load:.1f} erlangs (interval {index}) cannot meet {target} even with {limit} agents; check "
            "the call volume and AHT or raise the limit"
        ),
    ),
    "economics.erlang.service_level_target_is_impossible_use": (
        (
            "цель уровня сервиса {percent:g}% недостижима: нужен процент больше 0 и меньше 100 (100% требует "
            "бесконечного числа операторов)"
        ),
        (
            "service level target {percent:g}% is impossible: use a percent above 0 and below 100 (100% would need "
            "infinitely many agents)"
        ),
    ),
    "economics.erlang.answer_time_of_service_level_target": (
        "время ответа в цели уровня сервиса должно быть больше 0 с, получено {seconds:g}",
        "the answer time of the service level target must be above 0 s, got {seconds:g}",
    ),
    "economics.erlang.service_level_target_expected_percent_seconds": (
        "цель уровня сервиса {text!r}: ожидается «процент/секунды», например 80/20",
        "service level target {text!r}: expected percent/seconds, e.g. 80/20",
    ),
    "economics.pricing.if_calls_get_20_longer_s": (
        (
            "если разговоры станут на 20% длиннее ({talk:.0f} с), счёт вырастет на {extra:,.0f} ₽ в месяц "
            "({share:.0%}): оплата зависит от длительности, а не от результата"
        ),
        (
            "if calls get 20% longer ({talk:.0f} s) the bill grows by {extra:,.0f} RUB a month ({share:.0%}): you "
            "pay for duration, not results"
        ),
    ),
    "economics.pricing.needs_have_no_outbound_base_every": (
        "в потребностях нет базы для обзвона: каждый входящий абонент считается контактом",
        "the needs have no outbound base: every inbound caller is counted as a contact",
    ),
    "economics.pricing.minimum_charge_exceeds_actual_services_rub": (
        "минимальный платёж выше фактических услуг: {rub:,.0f} ₽ в месяц оплачивается сверх объёма",
        "the minimum charge exceeds the actual services: {rub:,.0f} RUB a month is paid for nothing",
    ),
    "economics.pricing.n8_800_number_is_needed_but": (
        "нужен номер 8-800, но его минуты в предложении не оценены: стоимость неизвестна",
        "an 8-800 number is needed but the offer does not price its minutes: the cost is unknown",
    ),
    "economics.pricing.calls_month_arrive_outside_hours_and": (
        "вне часов работы теряется {calls:,.0f} звонков в месяц: ≈{orders:,.0f} заказов и {margin:,.0f} ₽ маржи",
        (
            "{calls:,.0f} calls a month arrive outside the hours and are lost: ≈{orders:,.0f} orders and "
            "{margin:,.0f} RUB of margin"
        ),
    ),
    "economics.pricing.you_pay_per_attempt_attempts_month": (
        (
            "оплата за попытки: {n:,.0f} попыток в месяц без разговора тоже оплачиваются ({rub:,.0f} ₽), "
            "обработанный звонок стоит {per:,.2f} ₽ вместо {rate:,.2f} ₽"
        ),
        (
            "you pay per attempt: {n:,.0f} attempts a month without a conversation are paid too ({rub:,.0f} RUB), a "
            "handled call costs {per:,.2f} RUB instead of {rate:,.2f} RUB"
        ),
    ),
    "economics.pricing.paying_operator_hours_of_paid_time": (
        (
            "оплата часов операторов: {idle:.0%} оплаченного времени — паузы между звонками и перерывы, около "
            "{rub:,.0f} ₽ в месяц"
        ),
        (
            "paying operator hours: {idle:.0%} of the paid time is gaps between calls and breaks, about {rub:,.0f} "
            "RUB a month"
        ),
    ),
    "economics.pricing.call_centers_rarely_take_percent_of": (
        (
            "процент с продаж колл-центры берут редко (они не центры продаж); в пиковый месяц (×{factor:g}) это "
            "{rub:,.0f} ₽, и колл-центру выгоднее крупные заказы, а не все звонки"
        ),
        (
            "call centers rarely take a percent of sales (they are not sales centers); in a peak month "
            "(x{factor:g}) it is {rub:,.0f} RUB, and the center gains more from big orders than from answering "
            "every call"
        ),
    ),
    "economics.pricing.price_per_rub_equals_rub_per": (
        (
            "цена за {result} ({rate:,.0f} ₽) равна {per:,.2f} ₽ за обработанный звонок при конверсии {conv:.0%}; "
            "названную сразу цену часто завышают — проверьте её пробным проектом{trial}"
        ),
        (
            "the price per {result} ({rate:,.0f} RUB) equals {per:,.2f} RUB per handled call at a {conv:.0%} "
            "conversion; a price named upfront is often inflated — check it with a trial{trial}"
        ),
    ),
    "economics.pricing.fixed_part_does_not_follow_calls": (
        (
            "постоянная часть не зависит от звонков: при вдвое меньшем потоке звонок обойдётся в {then:,.2f} ₽ "
            "вместо {now:,.2f} ₽"
        ),
        (
            "the fixed part does not follow the calls: at half the volume a call costs {then:,.2f} RUB instead of "
            "{now:,.2f} RUB"
        ),
    ),
    "economics.pricing.rounding_up_to_s_bills_min": (
        (
            "округление до {inc} с: оплачивается {billed:,.0f} мин вместо {talk:,.0f} (+{share:.0%}, {rub:,.0f} ₽ в "
            "месяц)"
        ),
        (
            "rounding up to {inc} s bills {billed:,.0f} min instead of {talk:,.0f} (+{share:.0%}, {rub:,.0f} RUB a "
            "month)"
        ),
    ),
    "economics.pricing.you_pay_for_whole_base_at": (
        (
            "оплата за всю базу: при дозвоне {reach:.0%} контакт, до которого дозвонились, стоит {per:,.2f} ₽ "
            "вместо {rate:,.2f} ₽; {lost:,.0f} ₽ в месяц — за недозвоны"
        ),
        (
            "you pay for the whole base: at a {reach:.0%} reach rate a reached contact costs {per:,.2f} RUB instead "
            "of {rate:,.2f} RUB; {lost:,.0f} RUB a month pays for the unreached"
        ),
    ),
    "economics.pricing.order": (
        "заказ",
        "order",
    ),
    "economics.pricing.lead": (
        "лид",
        "lead",
    ),
    "economics.pricing.it_costs_rub": (
        " (стоит {fee:,.0f} ₽)",
        " (it costs {fee:,.0f} RUB)",
    ),
    "economics.staffing.buyer_s_schedule": (
        "график заказчика",
        "buyer's schedule",
    ),
    "economics.staffing.n24_7": (
        "круглосуточно 24/7",
        "24/7",
    ),
    "economics.staffing.daily_09_00_21_00": (
        "ежедневно 09:00–21:00",
        "daily 09:00–21:00",
    ),
    "economics.staffing.weekdays_09_00_18_00": (
        "будни 09:00–18:00",
        "weekdays 09:00–18:00",
    ),
    "economics.staffing.allowed_share_of_abandoned_calls_must": (
        "допустимая доля брошенных звонков должна быть больше 0 и меньше 1, получено {v}",
        "the allowed share of abandoned calls must be above 0 and below 1, got {v}",
    ),
}
