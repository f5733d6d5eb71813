"""Bitrix24 telephony: the call statistics (voximplant.statistic.get) as exported to CSV/XLSX.

Source: Bitrix24 REST documentation, «voximplant.statistic.get — Описание результата»
(https://dev.1c-bitrix.ru/rest_help/scope_telephony/voximplant/statistic/voximplant_statistic_get.php):
CALL_ID, ID, CALL_TYPE (1 — исходящий, 2 — входящий, 3 — входящий с перенаправлением, 4 — обратный),
CALL_VOTE, COMMENT, PORTAL_USER_ID (the operator who answered an inbound call), PORTAL_NUMBER,
PHONE_NUMBER (the caller of an inbound call), CALL_DURATION (seconds), CALL_START_DATE (ISO-8601 with
its offset), COST, COST_CURRENCY, CALL_FAILED_CODE (200 — успешный звонок; 304 — пропущенный, 603,
486 …), CALL_FAILED_REASON, CALL_RECORD_URL, CRM_ENTITY_TYPE, CRM_ENTITY_ID, CRM_ACTIVITY_ID …
The statistics hold no queue wait: wait time is «нет в файле».
"""

from __future__ import annotations

NAME = "bitrix24"
LABEL = ("Битрикс24: статистика звонков", "Bitrix24 call statistics")
SOURCE = "https://dev.1c-bitrix.ru/rest_help/scope_telephony/voximplant/statistic/voximplant_statistic_get.php"
COLUMN_NAMES = None
DELIMITER = None
COLUMNS = {
    "call_id": "CALL_ID",
    "arrival": "CALL_START_DATE",
    "caller_id": "PHONE_NUMBER",
    "queue": "PORTAL_NUMBER",
    "talk_s": "CALL_DURATION",
    "recording": "CALL_RECORD_URL",
}
EXPRESSIONS = {
    "agent": """nullif(trim("PORTAL_USER_ID"), '0')""",  # 0: nobody answered
    "direction": "CASE WHEN trim(\"CALL_TYPE\") IN ('1', '4') THEN 'исходящий' ELSE 'входящий' END",
    # 200 is the only success code; every other code is a call that did not connect.
    "outcome": "CASE WHEN trim(\"CALL_FAILED_CODE\") = '200' THEN 'отвечен' ELSE 'пропущен' END",
    "talk_s": 'CASE WHEN trim("CALL_FAILED_CODE") = \'200\' THEN "CALL_DURATION" END',
}
FOLD_LEGS = False
KEY_COLUMNS = {"CALL_ID", "CALL_TYPE", "CALL_START_DATE", "CALL_FAILED_CODE", "PHONE_NUMBER", "CALL_DURATION"}


def sniff(headers: list[str], rows: list[list[str]]) -> bool:
    return {header.strip().upper() for header in headers} >= KEY_COLUMNS
