"""Mango Office virtual PBX: call statistics from the API (``stats/request`` then ``stats/result``).

Source: Mango Office VPBX API, method ``stats/request`` (https://app.mango-office.ru/vpbx/stats/request):
the result is CSV without a header line, one row per call leg, its columns those of the ``fields``
parameter — by default «records, start, finish, answer, from_extension, from_number, to_extension,
to_number, disconnect_reason, line_number, location, create, entry_id» (quoted from the API description in
public client code, e.g. the ``Statistic::startStats`` docblock of a PHP Mango client, and the TypeScript
typings «возможные значения: "records, start, finish, answer, …, entry_id"»). start/finish/answer are Unix
times (answer is 0 when nobody answered); ``entry_id`` is the call, shared by its legs.
"""

from __future__ import annotations

import re

NAME = "mango_office"
LABEL = ("Mango Office: статистика ВАТС", "Mango Office VPBX statistics")
SOURCE = "https://app.mango-office.ru/vpbx/stats/request (API ВАТС Mango Office, поле fields по умолчанию)"
COLUMN_NAMES = (
    "records",
    "start",
    "finish",
    "answer",
    "from_extension",
    "from_number",
    "to_extension",
    "to_number",
    "disconnect_reason",
    "line_number",
    "location",
    "create",
    "entry_id",
)
DELIMITER = None


def _unix(column: str) -> str:
    # Unix time is an instant: written with "Z" so that it is converted into the import's zone.
    return (
        f'CASE WHEN TRY_CAST("{column}" AS BIGINT) > 0 '
        f"THEN strftime(make_timestamp(CAST(\"{column}\" AS BIGINT) * 1000000), '%Y-%m-%dT%H:%M:%SZ') END"
    )


COLUMNS = {"call_id": "entry_id", "queue": "line_number", "recording": "records"}
EXPRESSIONS = {
    "arrival": _unix("start"),
    "answered_at": _unix("answer"),
    "ended_at": _unix("finish"),
    "direction": "CASE WHEN cs_blank(\"from_extension\") IS NOT NULL THEN 'исходящий' ELSE 'входящий' END",
    "outcome": "CASE WHEN TRY_CAST(\"answer\" AS BIGINT) > 0 THEN 'отвечен' ELSE 'пропущен' END",
    "caller_id": 'CASE WHEN cs_blank("from_extension") IS NOT NULL THEN "to_number" ELSE "from_number" END',
    "agent": 'CASE WHEN cs_blank("from_extension") IS NOT NULL THEN "from_extension" ELSE "to_extension" END',
    "recording": "nullif(trim(\"records\", '[] '), '')",
}
FOLD_LEGS = True
UNIX = re.compile(r"^\d{9,10}$")


def sniff(headers: list[str], rows: list[list[str]]) -> bool:
    lines = [headers, *rows][:5]
    return bool(lines) and all(
        len(fields) == len(COLUMN_NAMES)
        and UNIX.match(fields[1].strip())
        and UNIX.match(fields[2].strip())
        and (fields[3].strip() == "0" or UNIX.match(fields[3].strip()))
        for fields in lines
    )
