"""Texts of callscout.live: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "live.adapters.call_start_time_does_not_parse": (
        "call_start: время {value!r} не распознано (ожидалось ГГГГ-ММ-ДД ЧЧ:ММ:СС)",
        "call_start: time {value!r} does not parse (YYYY-MM-DD HH:MM:SS expected)",
    ),
    "live.alerts.threshold": (
        "{evaluation} / {vendor}: {what} — {value} (порог {limit})",
        "{evaluation} / {vendor}: {what} — {value} (threshold {limit})",
    ),
    "live.alerts.recovered": (
        "Восстановлено: {vendor}",
        "Recovered: {vendor}",
    ),
    "live.alerts.alert": (
        "Тревога: {vendor}",
        "Alert: {vendor}",
    ),
    "live.ami.ami_address_use_ami_user_password": (
        "адрес AMI: нужен вид ami://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ:5038",
        "AMI address: use ami://USER:PASSWORD@HOST:5038",
    ),
    "live.digest.digest_for": (
        "Сводка за {date}: {evaluation}",
        "Digest for {date}: {evaluation}",
    ),
    "live.digest.evaluation_not_found": (
        "оценка не найдена",
        "evaluation not found",
    ),
    "live.digest.offered_answered_abandoned_service_level_asa": (
        (
            "{vendor}: поступило {offered}, принято {answered}, потеряно {abandoned} ({rate}), уровень сервиса "
            "{sl}, ASA {asa} с"
        ),
        (
            "{vendor}: offered {offered}, answered {answered}, abandoned {abandoned} ({rate}), service level {sl}, "
            "ASA {asa} s"
        ),
    ),
    "live.digest.no_call_data": (
        "нет данных о звонках",
        "no call data",
    ),
    "live.digest.no_calls": (
        "звонков не было",
        "no calls",
    ),
    "live.digest.sla_breaches": (
        "  нарушений SLA: {count}",
        "  SLA breaches: {count}",
    ),
    "live.digest.worst_interval_service_level_calls": (
        "  худший интервал {interval}: уровень сервиса {sl}, звонков {offered}",
        "  worst interval {interval}: service level {sl}, calls {offered}",
    ),
    "live.events.event_field": (
        "событие {index}, поле {field}: {message}",
        "event {index}, field {field}: {message}",
    ),
    "live.events.too_many_events_in_one_request": (
        "слишком много событий в одном запросе: {count}, не больше {limit}",
        "too many events in one request: {count}, at most {limit}",
    ),
    "live.events.bad_event_s_nothing_was_accepted": (
        "ошибок в событиях: {count}; ничего не принято",
        "{count} bad event(s); nothing was accepted",
    ),
    "live.events.request_body_larger_than_bytes": (
        "тело запроса больше {limit} байт",
        "request body larger than {limit} bytes",
    ),
    "live.events.malformed_json": (
        "неверный JSON: {error}",
        "malformed JSON: {error}",
    ),
    "live.events.json_object_is_expected": (
        "ожидался объект JSON",
        "a JSON object is expected",
    ),
    "live.adapters.asterisk_ami.timestamp_is_not_unix_time_in": (
        "Timestamp: {value!r} — не время Unix в секундах",
        "Timestamp: {value!r} is not a Unix time in seconds",
    ),
    "live.digest.sla_target_not_checked": (
        "  цель SLA «{metric}» не проверена — {reason}",
        "  SLA target «{metric}» not checked — {reason}",
    ),
    "live.digest.no_breaches_but_unchecked": (
        "  нарушений SLA не найдено, но проверено не всё",
        "  no SLA breach found, but not everything was checked",
    ),
}
