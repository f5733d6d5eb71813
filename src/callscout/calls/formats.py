"""Call log formats: each turns a source file into rows of the normalised call table with DuckDB SQL.

Every format yields a *stage*: one row per source line (file order kept, so a row's position is its
line) with a ``problem`` column naming what is wrong with that line. Per-call formats stage the
normalised columns directly; event logs (Asterisk queue_log) stage events and fold them into calls
in a second query. Definitions of answered, abandoned and so on per format are written at each
format below; the shared outcome vocabulary is in ``schema``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from callscout.calls.mapping import ColumnMapping, detect, lookalike_headers, normalise_header
from callscout.calls.schema import COLUMNS, ORDER_COLUMNS, normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.errors import DataError, UsageError
from callscout.i18n import tr


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text(message: str) -> str:
    return sql_literal(message)


# Naive times are the call center's wall-clock time; a time written with a zone is converted into this
# one unless the import names another (``--timezone``).
DEFAULT_TIMEZONE = "Europe/Moscow"


@dataclass(frozen=True)
class PlanOptions:
    """What the user said about the file beyond the format: its time zone, when named. ``default_zone`` is
    the evaluation's own zone (``needs.timezone``): where zoned times are converted to when the user named
    none. Only a zone the user names settles a file that mixes zoned and naive times."""

    timezone: str | None = None
    default_zone: str | None = None

    @property
    def zone(self) -> str:
        return self.timezone or self.default_zone or DEFAULT_TIMEZONE


@dataclass(frozen=True)
class StagePlan:
    sql: str
    first_line: int  # the source line of the first staged row (2 after a header line)
    events: bool = False
    row_word: tuple[str, str] = ("строка", "line")
    mapping: ColumnMapping | None = None  # the generic format's mapping as resolved, to be saved by name
    # Per-row stages of formats that log one call in several rows (CDR legs): SQL folding the stage
    # relation (its one argument) into one row per call.
    fold: Callable[[str], str] | None = None
    lookalikes: tuple[tuple[str, str], ...] = ()  # (header, field) that look like a field but were not used
    zones: str | None = None  # "aware" when times carry a zone (converted), "named" when the user named it
    preset: str | None = None  # the cabinet preset whose column layout was applied


@dataclass(frozen=True)
class Format:
    name: str
    label: tuple[str, str]
    sniff: Callable[[Source], bool]
    plan: Callable[[Source, str, ColumnMapping | None, PlanOptions], StagePlan]


def _read_headed(
    source: Source,
    delimiter: str | None = None,
    types: dict[str, str] | None = None,
    names: tuple[str, ...] | None = None,
) -> str:
    """Columns named from our own parse of the header and no dialect sniffing, so that a short or long
    line anywhere (even among the first rows) is an error DuckDB reports with its line number.
    ``types`` gives some columns a type (parsed while reading, a bad value is an error with its line);
    ``names`` names the columns of a file without a header line."""
    delimiter = delimiter or source.delimiter()
    types = types or {}
    unique: list[str] = []
    for header in names or _headers(source, delimiter):
        name, suffix = header or "column", 2
        while name in unique:
            name, suffix = f"{header}_{suffix}", suffix + 1
        unique.append(name)
    if not unique:
        raise DataError(tr("{name}: нет строки заголовка", "{name}: no header line", name=source.name))
    columns = ", ".join(f"{sql_literal(name)}: {sql_literal(types.get(name, 'VARCHAR'))}" for name in unique)
    return (
        f"read_csv({sql_literal(source.path)}, delim={sql_literal(delimiter)}, quote='\"', escape='\"', "
        f"header={'false' if names else 'true'}, auto_detect=false, strict_mode=true, dateformat='%y%m%d', "
        f"columns={{{columns}}})"
    )


def _head_rows(source: Source, delimiter: str, count: int = 10) -> list[list[str]]:
    """The first lines split into fields, leniently (a sniffing aid, never an error)."""
    import csv

    return [next(csv.reader([line], delimiter=delimiter), []) for line in source.head_lines[:count]]


def _headers(source: Source, delimiter: str | None = None) -> list[str]:
    import csv

    if not source.head_lines:
        return []
    delimiter = delimiter or source.delimiter()
    return [cell.strip().lstrip("\ufeff") for cell in next(csv.reader([source.head_lines[0]], delimiter=delimiter))]


# --- Anonymous Bank (Technion SEE lab) --------------------------------------------------------------

BANK_HEADER = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate"
BANK_TYPES = {
    "date": "DATE",
    "vru_entry": "TIME",
    "vru_exit": "TIME",
    "q_start": "TIME",
    "q_exit": "TIME",
    "ser_start": "TIME",
    "ser_exit": "TIME",
    "vru_time": "INTEGER",
    "q_time": "INTEGER",
    "ser_time": "INTEGER",
}


def _bank_sniff(source: Source) -> bool:
    return bool(source.head_lines) and source.head_lines[0].startswith(BANK_HEADER)


def _bank_plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    """One row per call. Offered to agents = reached the queue (q_start set or q_time > 0) or served.

    AGENT = answered (NO_SERVER: the agent is unknown); HANG after queueing = abandoned by the caller;
    HANG with no queue = finished in the voice menu (``ivr``); PHANTOM = not a real call.
    Wait = q_time; talk = ser_time; answered at ser_start, or at q_exit when ser_start is 0:00:00.
    Times of day are on ``date``; a later time more than 12 h before the entry crossed midnight;
    negative vru_time (exit logged before entry) is kept as logged and not used. The service type
    (``type``: PS, PE, IN, NE, NW, TT) is both the queue and the topic: it is the caller's reason.
    """
    if not _bank_sniff(source):
        raise DataError(
            tr(
                "{name}: это не формат Anonymous Bank: первая строка должна начинаться с «{header}»",
                "{name}: not the Anonymous Bank layout: the first line must start with '{header}'",
                name=source.name,
                header=BANK_HEADER.replace("\t", " "),
            )
        )
    # Dates, times and seconds are typed while reading: faster than casting text, and a bad value
    # stops the import with DuckDB's own line number, so the problems left to check are empty fields.
    read = _read_headed(source, "\t", BANK_TYPES)
    sql = f"""
WITH raw AS (SELECT * FROM {read}),
parsed AS (
  SELECT "vru+line" AS line_id, call_id AS cid, customer_id AS customer, type AS kind,
         CAST("date" AS TIMESTAMP) AS day,
         epoch(vru_entry) AS ve, epoch(vru_exit) AS vx, epoch(q_start) AS qs, epoch(q_exit) AS qx,
         epoch(ser_start) AS ss, q_time AS qt, ser_time AS st,
         outcome AS result, rtrim(server, ' ' || chr(13)) AS server
  FROM raw),
timed AS (
  SELECT *, (qs > 0 OR qt > 0) AS queued,
         -- later times of day that fall more than 12 h before the entry belong to the next day
         CASE WHEN vx < ve - 43200 THEN vx + 86400 ELSE vx END AS vx2,
         CASE WHEN qx < ve - 43200 THEN qx + 86400 ELSE qx END AS qx2,
         CASE WHEN ss < ve - 43200 THEN ss + 86400 ELSE ss END AS ss2
  FROM parsed),
calls AS (
  SELECT *,
    CASE WHEN result = 'AGENT' THEN 'answered' WHEN result = 'HANG' AND queued THEN 'abandoned'
         WHEN result = 'HANG' THEN 'ivr' WHEN result = 'PHANTOM' THEN 'phantom' END AS result_kind,
    CASE WHEN result = 'AGENT' THEN CASE WHEN ss > 0 THEN ss2 WHEN queued THEN qx2 ELSE vx2 END END AS answer_s
  FROM timed)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "line_id || '-' || cid",
                "direction": "'inbound'",
                "queue": "kind",
                "topic": "kind",
                "caller_id": "nullif(customer, '0')",
                "arrival": "day + to_seconds(CAST(ve AS BIGINT))",
                "answered_at": "day + to_seconds(CAST(answer_s AS BIGINT))",
                "ended_at": "CASE WHEN result_kind = 'answered'"
                " THEN day + to_seconds(CAST(answer_s + greatest(st, 0) AS BIGINT))"
                " WHEN result_kind = 'abandoned' THEN day + to_seconds(CAST(qx2 AS BIGINT))"
                " ELSE day + to_seconds(CAST(vx2 AS BIGINT)) END",
                "wait_s": "CASE WHEN result_kind IN ('answered', 'abandoned')"
                " THEN CASE WHEN queued THEN greatest(qt, 0)"
                " ELSE 0 END END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN greatest(st, 0) END",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind = 'abandoned' THEN 'hangup' END",
                "agent": "CASE WHEN result_kind = 'answered' AND server <> 'NO_SERVER' THEN server END",
                "disconnect_side": "CASE WHEN result = 'HANG' THEN 'caller' ELSE 'unknown' END",
                "problem": problems(
                    ("cid IS NULL OR cid = ''", text(tr("нет call_id", "no call_id"))),
                    ("day IS NULL", text(tr("пустая дата", "empty date"))),
                    ("ve IS NULL", text(tr("пустое время vru_entry", "empty vru_entry"))),
                    ("qs IS NULL OR qx IS NULL", text(tr("пустое время очереди", "empty queue time"))),
                    ("ss IS NULL", text(tr("пустое время ser_start", "empty ser_start"))),
                    ("qt IS NULL OR st IS NULL", text(tr("пустые q_time/ser_time", "empty q_time/ser_time"))),
                    (
                        "result_kind IS NULL",
                        text(tr("неизвестный исход: ", "unknown outcome: ")) + " || coalesce(result, '')",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=2)


# --- Generic cabinet export (CSV/XLSX with a column mapping) --------------------------------------

ANSWERED_WORDS = (
    "отвеч",
    "принят",
    "успеш",
    "обслуж",
    "соедин",
    "разговор",
    "answer",
    "complet",
    "connected",
    "success",
    "handled",
)
MISSED_WORDS = (
    "пропущ",
    "потерян",
    "не отвеч",
    "неотвеч",
    "не принят",
    "сброш",
    "отказ",
    "занят",
    "abandon",
    "missed",
    "no answer",
    "noanswer",
    "busy",
    "timeout",
    "fail",
    "lost",
    "неуспеш",
    "недозвон",
)
IVR_WORDS = ("ivr", "в меню", "автоответ", "голосов")


def _like_any(column: str, words: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{column} LIKE {sql_literal('%' + word + '%')}" for word in words) + ")"


# What survey exports write where the caller gave no score: no answer, not a bad value.
NO_SCORE = ("-", "—", "–", "нет", "нет оценки", "н/д", "n/a", "none")


def _answered_score(column: str) -> str:
    listing = ", ".join(sql_literal(word) for word in NO_SCORE)
    return f"CASE WHEN lower(trim({column})) IN ({listing}) THEN NULL ELSE cs_blank({column}) END"


def resolve_mapping(
    source: Source, mapping: ColumnMapping | None, preset: ModuleType | None = None
) -> tuple[ColumnMapping, list[str]]:
    """The mapping of a cabinet export: the preset's layout or detection from the headers, then the
    user's own ``--map`` on top; checked against the header (or the preset's column names)."""
    delimiter = (mapping.delimiter if mapping else None) or (preset.DELIMITER if preset else None) or source.delimiter()
    headers = _headers(source, delimiter)
    if preset is not None and preset.COLUMN_NAMES and not _has_named_header(headers, preset):
        headers = list(preset.COLUMN_NAMES)
    detected = ColumnMapping(columns=dict(preset.COLUMNS)) if preset is not None else detect(headers)
    if mapping is not None:
        detected.columns.update(mapping.columns)
        detected.duration_unit = mapping.duration_unit
    detected.delimiter = delimiter
    probe = detected
    if preset is not None and "arrival" in preset.EXPRESSIONS:
        # The preset's expression gives the arrival: check the rest as if a column did.
        probe = detected.model_copy(deep=True)
        probe.columns.setdefault("arrival", headers[0])
    probe.check(headers, source.name)
    return detected, headers


def _has_named_header(headers: list[str], preset: ModuleType) -> bool:
    return [header.strip().lower() for header in headers[:3]] == [name.lower() for name in preset.COLUMN_NAMES[:3]]


ZONE_SUFFIX = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s?(Z|[+-]\d\d:?\d\d|[+-]\d\d|UTC|GMT|MSK)$")


def _zone_kinds(source: Source, delimiter: str, column: str | None, headers: list[str], headed: bool) -> set[bool]:
    """Whether the first values of the arrival column carry a zone (True), do not (False), or both."""
    if column is None or column not in headers:
        return set()
    index = headers.index(column)
    rows = _head_rows(source, delimiter)[1 if headed else 0 :]
    return {bool(ZONE_SUFFIX.search(row[index].strip())) for row in rows if len(row) > index and row[index].strip()}


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataError(
            tr(
                "неизвестный часовой пояс {zone!r}; пишите как в базе IANA, например Europe/Moscow",
                "unknown time zone {zone!r}; write it as in the IANA database, e.g. Europe/Moscow",
                zone=name,
            )
        ) from None


def _generic_plan(
    source: Source,
    vendor: str,
    mapping: ColumnMapping | None,
    options: PlanOptions,
    preset: ModuleType | None = None,
) -> StagePlan:
    """One row per call. Outcome from the status text (Russian or English), else from the evidence:
    (negative durations are 0 by cs_nonneg, not greatest(): greatest(NULL, 0) is 0, and an unknown wait
    must stay unknown)
    answered when an answer time or talk time is given, abandoned otherwise. Wait, when absent, is
    answer minus arrival (answered) or end minus arrival (abandoned). Without a call id the id is a hash
    of arrival, caller, queue, agent and talk time, so a repeated row of an export is caught as a duplicate.
    Times written with a zone are converted into the import's zone; a file that mixes times with and
    without a zone is an error at the first line that differs, unless the user named the zone.
    A preset (``calls.presets``) gives the column layout of a known export instead of detection.
    """
    resolved, headers = resolve_mapping(source, mapping, preset)
    columns = resolved.columns
    expressions: dict[str, str] = dict(preset.EXPRESSIONS) if preset is not None else {}
    headless = preset is not None and bool(preset.COLUMN_NAMES) and headers == list(preset.COLUMN_NAMES)
    headless = headless and not _has_named_header(_headers(source, resolved.delimiter), preset)
    unit = "60" if resolved.duration_unit == "minutes" else "1"
    zone = options.zone
    _check_zone(zone)
    zone_sql = sql_literal(zone)

    def col(field_name: str) -> str:
        if field_name in expressions and field_name not in (mapping.columns if mapping else {}):
            return f"CAST(({expressions[field_name].format(zone=zone)}) AS VARCHAR)"
        return f"CAST({ident(columns[field_name])} AS VARCHAR)" if field_name in columns else "NULL"

    arrival_text = (
        col("arrival")
        if "arrival" in columns or "arrival" in expressions
        else f"{col('date')} || ' ' || coalesce({col('time')}, '')"
    )
    kinds = (
        set()
        if "arrival" in expressions
        else _zone_kinds(source, resolved.delimiter or ",", columns.get("arrival"), headers, not headless)
    )
    zones = "named" if options.timezone else ("aware" if True in kinds else None)
    if len(kinds) > 1 and not options.timezone:
        kinds = {_first_zone_kind(source, resolved.delimiter or ",", columns["arrival"], headers, not headless)}
    # Rows whose arrival differs from the file's first rows in having a zone: an error unless the zone is named.
    mixed_check = (
        (
            f"(cs_tz_suffix(arrival_text) <> '') <> {'true' if True in kinds else 'false'}",
            text(
                tr(
                    "время записано {this} часового пояса, а в первых строках файла — {first}; "
                    "назовите пояс импорта (например, Europe/Moscow): ",
                    "the time is written {this_en} a time zone while the first lines are {first_en}; "
                    "name the import's time zone (e.g. Europe/Moscow): ",
                    this="без" if True in kinds else "с указанием",
                    first="с поясом" if True in kinds else "без пояса",
                    this_en="without" if True in kinds else "with",
                    first_en="with one" if True in kinds else "without one",
                )
            )
            + " || arrival_text",
        )
        if kinds and not options.timezone and "arrival" in columns and "arrival" not in expressions
        else None
    )
    read = _read_headed(source, resolved.delimiter, names=tuple(headers) if headless else None)
    sql = f"""
WITH raw AS (SELECT * FROM {read}),
parsed AS (
  SELECT {arrival_text} AS arrival_text, cs_ts_in({arrival_text}, {zone_sql}) AS arrived,
         cs_ts_in({col("answered_at")}, {zone_sql}) AS answered, cs_ts_in({col("ended_at")}, {zone_sql}) AS ended,
         {col("answered_at")} AS answered_text, {col("ended_at")} AS ended_text,
         cs_seconds({col("wait_s")}) * {unit} AS waited, {col("wait_s")} AS wait_text,
         cs_seconds({col("talk_s")}) * {unit} AS talked, {col("talk_s")} AS talk_text,
         cs_seconds({col("hold_s")}) * {unit} AS held, cs_seconds({col("acw_s")}) * {unit} AS wrap,
         cs_seconds({col("duration_s")}) * {unit} AS lasted, {col("duration_s")} AS duration_text,
         lower(trim({col("outcome") if "outcome" in columns else col("result")})) AS status,
         cs_blank({col("topic")}) AS topic_text, cs_blank({col("result")}) AS result_text,
         cs_phone({col("dialled")}) AS dialled_number, cs_blank({col("utm")}) AS utm_text,
         cs_num({col("csat")}) AS csat_score, {_answered_score(col("csat"))} AS csat_text,
         cs_num({col("nps")}) AS nps_score, {_answered_score(col("nps"))} AS nps_text, lower(trim({
        col("direction")
    })) AS dir,
         lower(trim({col("disconnect_side")})) AS side,
         cs_blank({col("agent")}) AS agent_name, cs_blank({col("queue")}) AS queue_name,
         cs_phone({col("caller_id")}) AS caller, cs_blank({col("recording")}) AS record_ref,
         cs_blank({col("call_id")}) AS cid
  FROM raw),
classified AS (
  SELECT *,
    CASE WHEN dir IS NOT NULL AND (dir LIKE '%исх%' OR dir LIKE 'out%' OR dir LIKE '%обратн%' OR dir LIKE '%callback%')
         THEN 'outbound' ELSE 'inbound' END AS direction_kind,
    CASE WHEN status IS NOT NULL AND {_like_any("status", MISSED_WORDS)} THEN 'missed'
         WHEN status IS NOT NULL AND {_like_any("status", IVR_WORDS)} THEN 'ivr'
         WHEN status IS NOT NULL AND {_like_any("status", ANSWERED_WORDS)} THEN 'answered'
         WHEN answered IS NOT NULL OR talked > 0 THEN 'answered'
         ELSE 'missed' END AS status_kind
  FROM parsed),
calls AS (
  SELECT *,
    CASE WHEN status_kind = 'answered' THEN 'answered' WHEN status_kind = 'ivr' THEN 'ivr'
         WHEN direction_kind = 'outbound' THEN 'no_answer' ELSE 'abandoned' END AS result_kind,
    coalesce(waited, CASE WHEN status_kind = 'answered' THEN epoch(answered - arrived)
                          ELSE epoch(ended - arrived) END) AS wait_final,
    coalesce(talked, epoch(ended - answered),
             CASE WHEN status_kind = 'answered' THEN lasted - coalesce(waited, 0) END) AS talk_final
  FROM classified)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "coalesce(cid, md5(concat_ws('|', arrived, caller, queue_name, agent_name, talked)))",
                "direction": "direction_kind",
                "queue": "queue_name",
                "caller_id": "caller",
                "arrival": "arrived",
                "answered_at": "CASE WHEN result_kind = 'answered' THEN coalesce(answered,"
                " arrived + to_seconds(coalesce(wait_final, 0))) END",
                "ended_at": "coalesce(ended, CASE WHEN result_kind = 'answered' THEN coalesce(answered,"
                " arrived + to_seconds(coalesce(wait_final, 0))) + to_seconds(coalesce(talk_final, 0))"
                " ELSE arrived + to_seconds(coalesce(wait_final, 0)) END)",
                "wait_s": "CASE WHEN result_kind IN ('answered', 'abandoned') THEN cs_nonneg(wait_final) END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN cs_nonneg(talk_final) END",
                "hold_s": "held",
                "acw_s": "wrap",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind <> 'answered' THEN status END",
                "agent": "agent_name",
                "disconnect_side": "CASE WHEN side IS NULL THEN 'unknown'"
                " WHEN side LIKE '%клиент%' OR side LIKE '%абонент%' OR side LIKE '%caller%' OR side LIKE '%customer%'"
                " THEN 'caller' WHEN side LIKE '%оператор%' OR side LIKE '%agent%' THEN 'agent'"
                " WHEN side LIKE '%систем%' OR side LIKE '%system%' THEN 'system' ELSE 'unknown' END",
                "recording": "record_ref",
                "topic": "topic_text",
                "result": "result_text",
                "dialled": "dialled_number",
                "utm": "utm_text",
                "csat": "csat_score",
                "nps": "nps_score",
                "problem": problems(
                    ("arrival_text IS NULL OR trim(arrival_text) = ''", text(tr("нет даты звонка", "no call date"))),
                    ("arrived IS NULL", text(tr("дата не распознана: ", "unparsable date: ")) + " || arrival_text"),
                    *([mixed_check] if mixed_check else []),
                    (
                        "answered IS NULL AND cs_blank(answered_text) IS NOT NULL",
                        text(tr("время ответа не распознано: ", "unparsable answer time: ")) + " || answered_text",
                    ),
                    (
                        "ended IS NULL AND cs_blank(ended_text) IS NOT NULL",
                        text(tr("время окончания не распознано: ", "unparsable end time: ")) + " || ended_text",
                    ),
                    (
                        "waited IS NULL AND cs_blank(wait_text) IS NOT NULL",
                        text(tr("время ожидания не число: ", "wait time is not a number: ")) + " || wait_text",
                    ),
                    (
                        "talked IS NULL AND cs_blank(talk_text) IS NOT NULL",
                        text(tr("длительность разговора не число: ", "talk time is not a number: ")) + " || talk_text",
                    ),
                    (
                        "lasted IS NULL AND cs_blank(duration_text) IS NOT NULL",
                        text(tr("длительность не число: ", "duration is not a number: ")) + " || duration_text",
                    ),
                    ("wait_final < 0", text(tr("отрицательное время ожидания", "negative wait time"))),
                    (
                        "csat_text IS NOT NULL AND (csat_score IS NULL OR csat_score NOT BETWEEN 1 AND 5)",
                        text(tr("оценка CSAT не от 1 до 5: ", "CSAT score is not 1 to 5: ")) + " || csat_text",
                    ),
                    (
                        "nps_text IS NOT NULL AND (nps_score IS NULL OR nps_score NOT BETWEEN 0 AND 10)",
                        text(tr("оценка NPS не от 0 до 10: ", "NPS score is not 0 to 10: ")) + " || nps_text",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(
        sql,
        first_line=1 if headless else 2,
        mapping=resolved,
        fold=_fold_legs if preset is not None and preset.FOLD_LEGS else None,
        lookalikes=tuple(lookalike_headers(headers, resolved)) if preset is None else (),
        zones=zones,
        preset=preset.NAME if preset is not None else None,
    )


def _first_zone_kind(source: Source, delimiter: str, column: str, headers: list[str], headed: bool) -> bool:
    index = headers.index(column)
    for row in _head_rows(source, delimiter)[1 if headed else 0 :]:
        if len(row) > index and row[index].strip():
            return bool(ZONE_SUFFIX.search(row[index].strip()))
    return False


def _fold_legs(stage: str) -> str:
    """One row per call of an export that logs each leg: the answered leg (the first answered, else the
    first leg) stands for the call, arriving with its first leg; waits are counted from that arrival."""
    return f"""
SELECT * EXCLUDE (leg_rank, call_arrival, call_end) REPLACE (
    call_arrival AS arrival,
    CASE WHEN outcome = 'answered' THEN cs_nonneg(epoch(answered_at - call_arrival))
         WHEN outcome = 'abandoned' THEN cs_nonneg(epoch(call_end - call_arrival)) ELSE wait_s END AS wait_s,
    CAST(NULL AS VARCHAR) AS problem)
FROM (
  SELECT *, row_number() OVER (PARTITION BY call_id ORDER BY outcome = 'answered' DESC, answered_at, arrival)
              AS leg_rank,
         min(arrival) OVER (PARTITION BY call_id) AS call_arrival,
         max(ended_at) OVER (PARTITION BY call_id) AS call_end
  FROM {stage})
WHERE leg_rank = 1"""


# --- Asterisk queue_log (file and database table export) -----------------------------------------

CALL_EVENTS = (
    "ENTERQUEUE",
    "CONNECT",
    "COMPLETECALLER",
    "COMPLETEAGENT",
    "ABANDON",
    "EXITWITHTIMEOUT",
    "EXITWITHKEY",
    "EXITEMPTY",
    "RINGNOANSWER",
    "TRANSFER",
    "ATTENDEDTRANSFER",
    "BLINDTRANSFER",
    "RINGCANCELED",
    "DID",
)
EXIT_EVENTS = (
    "COMPLETECALLER",
    "COMPLETEAGENT",
    "ABANDON",
    "EXITWITHTIMEOUT",
    "EXITWITHKEY",
    "EXITEMPTY",
    "TRANSFER",
    "ATTENDEDTRANSFER",
    "BLINDTRANSFER",
)
QUEUE_LOG_LINE = re.compile(r"^\d{9,10}(\.\d+)?\|[^|]*\|[^|]*\|[^|]*\|[A-Z_]+")


def _queue_log_sniff(source: Source) -> bool:
    return any(QUEUE_LOG_LINE.match(line) for line in source.head_lines[:5])


def _events_stage(select_events: str, source_rel: str) -> str:
    return f"""
WITH raw AS (SELECT * FROM {source_rel}),
events AS ({select_events})
SELECT ts, callid, queue, agent, event, d1, d2, d3, d4, d5,
  {
        problems(
            ("event IS NULL OR event = ''", text(tr("строка обрезана: нет события", "truncated line: no event"))),
            (
                "ts IS NULL",
                text(tr("время события не распознано: ", "unparsable event time: ")) + " || coalesce(ts_text, '')",
            ),
        )
    } AS problem
FROM events"""


def _queue_log_plan(source: Source, _vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    """Event log, pipe-separated ``time|callid|queue|agent|event|data...`` (time as epoch seconds or a date)."""
    columns = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(11))
    read = (
        f"read_csv({sql_literal(source.path)}, delim='|', header=false, quote='', escape='', null_padding=true, "
        f"strict_mode=false, auto_detect=false, columns={{{columns}}})"
    )
    select = (
        "SELECT c0 AS ts_text, coalesce(cs_epoch(c0), cs_ts(c0)) AS ts, c1 AS callid, c2 AS queue, c3 AS agent, "
        "upper(trim(c4)) AS event, c5 AS d1, c6 AS d2, c7 AS d3, c8 AS d4, c9 AS d5 FROM raw"
    )
    return StagePlan(_events_stage(select, read), first_line=1, events=True)


DB_COLUMNS = {
    "ts": ("time", "timestamp", "datetime", "created", "event_time", "date"),
    "callid": ("callid", "call_id", "uniqueid"),
    "queue": ("queuename", "queue", "queue_name"),
    # queue_log tables name the agent column as their schema does: agent (Asterisk's realtime schema),
    # membername (FreePBX/Issabel exports), member/interface; "type" only when nothing else names it.
    "agent": ("agent", "membername", "member_name", "member", "interface", "queue_member", "agent_name", "type"),
    "event": ("event",),
    "data": ("data",),
    "d1": ("data1",),
    "d2": ("data2",),
    "d3": ("data3",),
    "d4": ("data4",),
    "d5": ("data5",),
}


AGENT_VALUE = re.compile(r"^(SIP|PJSIP|IAX2|Local|Agent|DAHDI|SCCP)/", re.IGNORECASE)


def _db_header_map(source: Source) -> dict[str, str] | None:
    headers = _headers(source)
    lowered = {header.lower().strip().strip('"`'): header for header in headers}
    found: dict[str, str] = {}
    for key, names in DB_COLUMNS.items():
        for name in names:
            if name in lowered:
                found[key] = lowered[name]
                break
    if not ({"ts", "callid", "event"} <= set(found) and ("queue" in found)):
        return None
    if "agent" not in found:
        # No column is named for the agent: the one whose values are channels (SIP/101, Local/…) holds it.
        rows = _head_rows(source, source.delimiter())[1:]
        taken = set(found.values())
        for index, header in enumerate(headers):
            values = [row[index] for row in rows if len(row) > index and row[index].strip()]
            if header not in taken and values and any(AGENT_VALUE.match(value.strip()) for value in values):
                found["agent"] = header
                break
    return found


def _queue_log_db_sniff(source: Source) -> bool:
    return _db_header_map(source) is not None


def _queue_log_db_plan(
    source: Source, _vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions
) -> StagePlan:
    """The queue_log table exported as CSV: ``time,callid,queuename,agent,event,data1..data5``, or the
    older single ``data`` column holding the pipe-joined values."""
    found = _db_header_map(source)
    if found is None:
        raise DataError(
            tr(
                "{name}: нет колонок time, callid, queuename, event таблицы queue_log",
                "{name}: no time, callid, queuename, event columns of a queue_log table",
                name=source.name,
            )
        )

    def value(key: str) -> str:
        if key in found:
            return ident(found[key])
        if "data" in found and key.startswith("d"):
            return f"nullif(split_part({ident(found['data'])}, '|', {key[1:]}), '')"
        return "NULL"

    select = (
        f"SELECT {value('ts')} AS ts_text, coalesce(cs_epoch({value('ts')}), cs_ts({value('ts')})) AS ts, "
        f"{value('callid')} AS callid, {value('queue')} AS queue, {value('agent')} AS agent, "
        f"upper(trim({value('event')})) AS event, "
        + ", ".join(f"{value(f'd{index}')} AS d{index}" for index in range(1, 6))
        + " FROM raw"
    )
    return StagePlan(_events_stage(select, _read_headed(source)), first_line=2, events=True)


def queue_log_calls_sql(stage_relation: str, vendor: str) -> str:
    """Fold queue events into calls.

    Wait = CONNECT (or the exit event) minus ENTERQUEUE; when ENTERQUEUE is missing, the holdtime/waittime
    the event reports. Talk = the calltime of COMPLETE*/TRANSFER events, else its time minus CONNECT.
    ABANDON and EXITWITHKEY are the caller's abandon; EXITWITHTIMEOUT and EXITEMPTY the system's (the call
    left the queue unanswered, so it counts as abandoned). A call with CONNECT but no end event is answered
    with unknown talk; a call with neither CONNECT nor an exit is ``unknown`` (the log was cut).
    Older layouts differ in the data fields only (e.g. EXITWITHTIMEOUT with just the position, CONNECT
    without ringtime), which is why times are taken from event timestamps first.
    """
    events = ", ".join(sql_literal(event) for event in CALL_EVENTS)
    exits = ", ".join(sql_literal(event) for event in EXIT_EVENTS)
    return f"""
WITH ev AS (
  SELECT * FROM {stage_relation}
  WHERE event IN ({events}) AND callid IS NOT NULL AND callid NOT IN ('', 'NONE')),
folded AS (
  SELECT callid,
    min(ts) FILTER (WHERE event = 'ENTERQUEUE') AS entered,
    min(ts) AS first_seen,
    arg_min(queue, ts) FILTER (WHERE event = 'ENTERQUEUE') AS entered_queue,
    arg_min(queue, ts) AS any_queue,
    arg_min(d2, ts) FILTER (WHERE event = 'ENTERQUEUE') AS caller,
    arg_min(d1, ts) FILTER (WHERE event = 'DID') AS did,
    min(ts) FILTER (WHERE event = 'CONNECT') AS connected,
    arg_min(agent, ts) FILTER (WHERE event = 'CONNECT') AS connected_agent,
    arg_min(TRY_CAST(d1 AS DOUBLE), ts) FILTER (WHERE event = 'CONNECT') AS connect_hold,
    max(ts) FILTER (WHERE event IN ({exits})) AS exited,
    arg_max(event, ts) FILTER (WHERE event IN ({exits})) AS exit_event,
    arg_max(CASE WHEN event IN ('COMPLETECALLER', 'COMPLETEAGENT') THEN TRY_CAST(d2 AS DOUBLE)
                 WHEN event IN ('TRANSFER', 'ATTENDEDTRANSFER', 'BLINDTRANSFER') THEN TRY_CAST(d4 AS DOUBLE) END, ts)
      FILTER (WHERE event IN ({exits})) AS reported_talk,
    arg_max(CASE WHEN event IN ('ABANDON', 'EXITEMPTY') THEN TRY_CAST(d3 AS DOUBLE)
                 WHEN event = 'EXITWITHTIMEOUT' THEN TRY_CAST(d3 AS DOUBLE)
                 WHEN event = 'EXITWITHKEY' THEN TRY_CAST(d4 AS DOUBLE) END, ts)
      FILTER (WHERE event IN ({exits})) AS reported_wait
  FROM ev GROUP BY callid),
calls AS (
  SELECT *,
    CASE WHEN connected IS NOT NULL THEN 'answered'
         WHEN exit_event IN ('ABANDON', 'EXITWITHTIMEOUT', 'EXITWITHKEY', 'EXITEMPTY') THEN 'abandoned'
         ELSE 'unknown' END AS result_kind,
    coalesce(entered, first_seen) AS arrived
  FROM folded
  WHERE entered IS NOT NULL OR connected IS NOT NULL OR exit_event IS NOT NULL)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "callid",
                "direction": "'inbound'",
                "queue": "coalesce(entered_queue, any_queue)",
                "caller_id": "cs_phone(caller)",
                "dialled": "cs_phone(did)",
                "arrival": "arrived",
                "answered_at": "connected",
                "ended_at": "exited",
                "wait_s": "CASE WHEN result_kind = 'answered' THEN coalesce(epoch(connected - entered), connect_hold)"
                " WHEN result_kind = 'abandoned' THEN coalesce(epoch(exited - entered), reported_wait) END",
                "talk_s": "CASE WHEN result_kind = 'answered'"
                " THEN coalesce(reported_talk, epoch(exited - connected)) END",
                "outcome": "result_kind",
                "exit_reason": "CASE exit_event WHEN 'ABANDON' THEN 'hangup' WHEN 'EXITWITHTIMEOUT' THEN 'timeout'"
                " WHEN 'EXITWITHKEY' THEN 'key' WHEN 'EXITEMPTY' THEN 'empty'"
                " WHEN 'TRANSFER' THEN 'transfer' WHEN 'ATTENDEDTRANSFER' THEN 'transfer'"
                " WHEN 'BLINDTRANSFER' THEN 'transfer' END",
                "agent": "connected_agent",
                "disconnect_side": "CASE exit_event WHEN 'COMPLETECALLER' THEN 'caller'"
                " WHEN 'COMPLETEAGENT' THEN 'agent'"
                " WHEN 'ABANDON' THEN 'caller' WHEN 'EXITWITHKEY' THEN 'caller' WHEN 'EXITWITHTIMEOUT' THEN 'system'"
                " WHEN 'EXITEMPTY' THEN 'system' WHEN 'TRANSFER' THEN 'transfer'"
                " WHEN 'ATTENDEDTRANSFER' THEN 'transfer'"
                " WHEN 'BLINDTRANSFER' THEN 'transfer' ELSE 'unknown' END",
            },
            "calls",
        )
    }"""


# Agent availability events of the queue_log. ADDMEMBER/REMOVEMEMBER and PAUSE/UNPAUSE name a queue (or
# NONE: every queue); AGENTLOGIN/AGENTLOGOFF (chan_agent, app_agent_pool) and PAUSEALL/UNPAUSEALL the agent.
LOGIN_EVENTS = ("AGENTLOGIN", "AGENTCALLBACKLOGIN", "ADDMEMBER")
LOGOFF_EVENTS = ("AGENTLOGOFF", "AGENTCALLBACKLOGOFF", "REMOVEMEMBER")
PAUSE_EVENTS = ("PAUSE", "PAUSEALL")
UNPAUSE_EVENTS = ("UNPAUSE", "UNPAUSEALL")


def queue_log_agent_states_sql(stage_relation: str, vendor: str) -> str:
    """Each agent's time cut into spans of one state: logged in or not, paused or not.

    A login (or pause) in one scope (a queue, or the agent as a whole) lasts until the next login/logoff
    (pause/unpause) event of that agent and scope, or until the log's last event. When an agent's first
    such event is a logoff (unpause), the agent was logged in (paused) since the log's first event: logs
    rotate mid-shift. The agent is logged in while logged in to any queue, and paused while paused in any
    queue (agents pause in all their queues at once in practice); pauses outside a login are left out.
    ``stage_relation`` must have ``file_row_number``: events of the same second keep their file order.
    """
    events = LOGIN_EVENTS + LOGOFF_EVENTS + PAUSE_EVENTS + UNPAUSE_EVENTS
    listed = ", ".join(sql_literal(event) for event in events)
    opening = ", ".join(sql_literal(event) for event in LOGIN_EVENTS + PAUSE_EVENTS)
    logins = ", ".join(sql_literal(event) for event in LOGIN_EVENTS + LOGOFF_EVENTS)
    return f"""
WITH bounds AS (SELECT min(ts) AS log_start, max(ts) AS log_end FROM {stage_relation}),
ev AS (
  SELECT ts, file_row_number, trim(agent) AS agent,
    CASE WHEN event IN ({logins}) THEN 'login' ELSE 'pause' END AS kind,
    CASE WHEN event IN ('ADDMEMBER', 'REMOVEMEMBER', 'PAUSE', 'UNPAUSE') AND cs_blank(queue) IS NOT NULL
              AND upper(trim(queue)) <> 'NONE' THEN trim(queue) ELSE '*' END AS scope,
    event IN ({opening}) AS opens
  FROM {stage_relation}
  WHERE event IN ({listed}) AND ts IS NOT NULL AND cs_blank(agent) IS NOT NULL AND upper(trim(agent)) <> 'NONE'),
runs AS (
  SELECT *, lead(ts) OVER w AS next_ts, row_number() OVER w AS nth
  FROM ev WINDOW w AS (PARTITION BY agent, kind, scope ORDER BY ts, file_row_number)),
spans AS (
  SELECT agent, kind, ts AS span_start, coalesce(next_ts, log_end) AS span_end FROM runs, bounds WHERE opens
  UNION ALL
  SELECT agent, kind, log_start, ts FROM runs, bounds WHERE nth = 1 AND NOT opens),
edges AS (
  SELECT agent, span_start AS moment, CAST(kind = 'login' AS INTEGER) AS logins,
    CAST(kind = 'pause' AS INTEGER) AS pauses
  FROM spans WHERE span_end > span_start
  UNION ALL
  SELECT agent, span_end, -CAST(kind = 'login' AS INTEGER), -CAST(kind = 'pause' AS INTEGER)
  FROM spans WHERE span_end > span_start),
steps AS (SELECT agent, moment, sum(logins) AS logins, sum(pauses) AS pauses FROM edges GROUP BY agent, moment),
levels AS (
  SELECT agent, moment AS span_start, lead(moment) OVER (PARTITION BY agent ORDER BY moment) AS span_end,
    sum(logins) OVER (PARTITION BY agent ORDER BY moment ROWS UNBOUNDED PRECEDING) AS logins,
    sum(pauses) OVER (PARTITION BY agent ORDER BY moment ROWS UNBOUNDED PRECEDING) AS pauses
  FROM steps),
kept AS (
  SELECT agent, span_start, span_end, pauses > 0 AS paused FROM levels WHERE logins > 0 AND span_end > span_start),
-- Spans that only differ in how many queues the agent was in are one span.
islands AS (
  SELECT *, sum(CASE WHEN span_start = previous_end AND paused = previous_paused THEN 0 ELSE 1 END)
              OVER (PARTITION BY agent ORDER BY span_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, lag(span_end) OVER w AS previous_end, lag(paused) OVER w AS previous_paused
        FROM kept WINDOW w AS (PARTITION BY agent ORDER BY span_start)))
SELECT {sql_literal(vendor)} AS vendor, agent, min(span_start) AS span_start, max(span_end) AS span_end, paused
FROM islands GROUP BY agent, island, paused
ORDER BY agent, span_start"""


# --- Asterisk cdr.csv ---------------------------------------------------------------------------

CDR_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def _cdr_sniff(source: Source) -> bool:
    import csv

    for line in source.head_lines[:3]:
        fields = next(csv.reader([line]), [])
        if len(fields) >= 16 and CDR_START.match(fields[9]):
            return True
    return False


def _cdr_plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    """Master.csv of cdr_csv, no header: accountcode, src, dst, dcontext, clid, channel, dstchannel,
    lastapp, lastdata, start, answer, end, duration, billsec, disposition, amaflags, then optional
    uniqueid, userfield (recording name, when the dialplan puts it there), linkedid, sequence...

    ANSWERED = answered, wait = answer - start, talk = billsec; NO ANSWER/BUSY/FAILED/CONGESTION =
    abandoned (inbound) or no_answer (outbound). Outbound = the dialplan context names an outgoing or
    internal context. Queue = the Queue() application's queue, else the destination context.
    """
    columns = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(22))
    read = (
        f"read_csv({sql_literal(source.path)}, delim=',', quote='\"', escape='\"', header=false, null_padding=true, "
        f"strict_mode=false, auto_detect=false, columns={{{columns}}})"
    )
    sql = f"""
WITH raw AS (SELECT * FROM {read}),
parsed AS (
  SELECT c1 AS src, c2 AS dst, c3 AS context, c5 AS channel, c6 AS dstchannel, c7 AS app, c8 AS appdata,
         c9 AS start_text, cs_ts(c9) AS started, cs_ts(c10) AS answered, cs_ts(c11) AS ended,
         TRY_CAST(c13 AS DOUBLE) AS billsec, upper(trim(c14)) AS disposition, c15 AS amaflags,
         cs_blank(c16) AS uniqueid, cs_blank(c17) AS userfield,
         lower(coalesce(c3, '')) SIMILAR TO '.*(from-internal|outbound|outgoing|out-|callback).*' AS outgoing
  FROM raw),
calls AS (
  SELECT *, CASE WHEN disposition = 'ANSWERED' THEN 'answered' WHEN outgoing THEN 'no_answer'
                 ELSE 'abandoned' END AS result_kind
  FROM parsed)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "coalesce(uniqueid, md5(concat_ws('|', start_text, src, channel)))",
                "direction": "CASE WHEN outgoing THEN 'outbound' ELSE 'inbound' END",
                "queue": "CASE WHEN upper(app) = 'QUEUE' THEN split_part(split_part(appdata, ',', 1), '|', 1)"
                " ELSE context END",
                "caller_id": "cs_phone(CASE WHEN outgoing THEN dst ELSE src END)",
                "dialled": "CASE WHEN NOT outgoing THEN cs_phone(dst) END",
                "arrival": "started",
                "answered_at": "CASE WHEN result_kind = 'answered' THEN answered END",
                "ended_at": "ended",
                "wait_s": "CASE WHEN result_kind = 'answered' THEN epoch(answered - started)"
                " WHEN result_kind = 'abandoned' THEN epoch(ended - started) END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN billsec END",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind <> 'answered' THEN lower(disposition) END",
                "agent": "nullif(regexp_extract(CASE WHEN outgoing THEN channel ELSE dstchannel END,"
                " '^(.+)-[^-]*$', 1), '')",
                "disconnect_side": "'unknown'",
                "recording": "CASE WHEN userfield SIMILAR TO '.*[.](wav|mp3|gsm|ogg|WAV|MP3)' THEN userfield END",
                "problem": problems(
                    (
                        "amaflags IS NULL",
                        text(tr("строка обрезана: меньше 16 полей", "truncated line: fewer than 16 fields")),
                    ),
                    (
                        "started IS NULL",
                        text(tr("время start не распознано: ", "unparsable start time: "))
                        + " || coalesce(start_text, '')",
                    ),
                    (
                        "disposition = 'ANSWERED' AND answered IS NULL",
                        text(tr("отвеченный звонок без времени answer", "answered call without an answer time")),
                    ),
                    ("billsec IS NULL", text(tr("billsec не число", "billsec is not a number"))),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=1)


# --- Asterisk CDR table exported from its database (cdr_mysql / cdr_adaptive_odbc / FreePBX) ----------

CDR_DB_REQUIRED = {"calldate", "disposition"}


def _cdr_db_columns(source: Source) -> dict[str, str]:
    return {header.lower().strip().strip('"`'): header for header in _headers(source)}


def _cdr_db_sniff(source: Source) -> bool:
    names = set(_cdr_db_columns(source))
    return names >= CDR_DB_REQUIRED and bool({"billsec", "duration"} & names) and bool({"src", "clid"} & names)


def _cdr_db_plan(source: Source, vendor: str, _mapping: ColumnMapping | None, options: PlanOptions) -> StagePlan:
    """The ``cdr`` table with its header, in any column order: calldate (text or epoch), clid, src, dst,
    dcontext, channel, dstchannel, lastapp, lastdata, duration, billsec, disposition, amaflags,
    accountcode, uniqueid, userfield, and in newer schemas answer, end, linkedid, recordingfile, did…

    Outcome and direction as in Master.csv. Wait = answer - calldate when the table has ``answer``,
    else duration - billsec (the ring time) for answered calls and duration for the others. Database dumps
    often leave quotes inside values as they are (clid ``"Иван" <79161234567>``): such lines are read as
    the quoted name followed by the rest. A call logged in several rows (one per dialled leg, the same
    uniqueid) is one call: the answered leg stands for it, arriving with its first leg.
    """
    names = _cdr_db_columns(source)
    _check_zone(options.zone)
    zone = sql_literal(options.zone)
    repaired = repair_quotes(source)

    def value(name: str) -> str:
        return f"CAST({ident(names[name])} AS VARCHAR)" if name in names else "CAST(NULL AS VARCHAR)"

    sql = f"""
WITH raw AS (SELECT * FROM {_read_headed(repaired)}),
parsed AS (
  SELECT {value("src")} AS src, {value("dst")} AS dst, {value("dcontext")} AS context,
         {value("channel")} AS channel, {value("dstchannel")} AS dstchannel, {value("lastapp")} AS app,
         {value("lastdata")} AS appdata, {value("calldate")} AS start_text,
         cs_ts_in({value("calldate")}, {zone}) AS started, cs_ts_in({value("answer")}, {zone}) AS answer_at,
         cs_ts_in({value("end")}, {zone}) AS end_at,
         TRY_CAST({value("billsec")} AS DOUBLE) AS billsec, TRY_CAST({value("duration")} AS DOUBLE) AS duration,
         {value("billsec")} AS billsec_text, upper(trim({value("disposition")})) AS disposition,
         cs_blank({value("uniqueid")}) AS uniqueid, cs_blank({value("linkedid")}) AS linkedid,
         coalesce(cs_blank({value("recordingfile")}), cs_blank({value("userfield")})) AS record_file,
         lower(coalesce({value("dcontext")}, '')) SIMILAR TO '.*(from-internal|outbound|outgoing|out-|callback).*'
           AS outgoing
  FROM raw),
calls AS (
  SELECT *, CASE WHEN disposition = 'ANSWERED' THEN 'answered' WHEN outgoing THEN 'no_answer'
                 ELSE 'abandoned' END AS result_kind,
         coalesce(answer_at, CASE WHEN disposition = 'ANSWERED' AND duration >= billsec
                                  THEN started + to_seconds(CAST(duration - billsec AS BIGINT)) END) AS answered
  FROM parsed)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "coalesce(linkedid, uniqueid, md5(concat_ws('|', start_text, src, channel)))",
                "direction": "CASE WHEN outgoing THEN 'outbound' ELSE 'inbound' END",
                "queue": "CASE WHEN upper(app) = 'QUEUE' THEN split_part(split_part(appdata, ',', 1), '|', 1)"
                " ELSE context END",
                "caller_id": "cs_phone(CASE WHEN outgoing THEN dst ELSE src END)",
                "arrival": "started",
                "answered_at": "CASE WHEN result_kind = 'answered' THEN answered END",
                "ended_at": "coalesce(end_at, started + to_seconds(CAST(coalesce(duration, 0) AS BIGINT)))",
                "wait_s": "CASE WHEN result_kind = 'answered' THEN epoch(answered - started)"
                " WHEN result_kind = 'abandoned' THEN coalesce(epoch(end_at - started), duration) END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN billsec END",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind <> 'answered' THEN lower(disposition) END",
                "agent": "nullif(regexp_extract(CASE WHEN outgoing THEN channel ELSE dstchannel END,"
                " '^(.+)-[^-]*$', 1), '')",
                "disconnect_side": "'unknown'",
                "recording": "CASE WHEN record_file SIMILAR TO '.*[.](wav|mp3|gsm|ogg|WAV|MP3)' THEN record_file END",
                "problem": problems(
                    (
                        "started IS NULL",
                        text(tr("время calldate не распознано: ", "unparsable calldate: "))
                        + " || coalesce(start_text, '')",
                    ),
                    (
                        "disposition IS NULL OR disposition = ''",
                        text(tr("пустое поле disposition", "empty disposition")),
                    ),
                    (
                        "billsec IS NULL AND cs_blank(billsec_text) IS NOT NULL",
                        text(tr("billsec не число: ", "billsec is not a number: ")) + " || billsec_text",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=2, fold=_fold_legs, zones="named" if options.timezone else None)


def repair_quotes(source: Source) -> Source:
    """A copy of a headed CSV with every line re-quoted as CSV should be, read leniently: a value that
    starts with a quote and goes on after the closing one (``"Иван" <79161234567>``) keeps both parts.
    Lines are kept one for one, so line numbers stay those of the original."""
    import csv
    import os

    delimiter = source.delimiter()
    target = source.work_dir / f"repaired-p{os.getpid()}-{os.urandom(4).hex()}.csv"
    source.temporary.append(target)
    with (
        open(source.path, encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        out = csv.writer(writer, delimiter=delimiter, lineterminator="\n")
        for line in reader:
            out.writerow(next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), []))
    return Source(source.original, target, "utf-8", None, head_lines=source.head_lines, work_dir=source.work_dir)


# --- FreeSWITCH mod_callcenter CDR variables (CSV with a header, or JSON / JSON lines) -------------

FS_VARIABLES = (
    "uuid",
    "cc_member_session_uuid",
    "cc_member_uuid",
    "cc_queue",
    "caller_id_number",
    "cc_member_cid_number",
    "cc_queue_joined_epoch",
    "cc_queue_answered_epoch",
    "cc_queue_terminated_epoch",
    "cc_queue_canceled_epoch",
    "cc_agent",
    "cc_cause",
    "cc_cancel_reason",
    "cc_side",
    "sip_hangup_disposition",
    "hold_accum_seconds",
    "cc_record_filename",
    "record_path",
    "recording_file",
    "start_epoch",
    "end_epoch",
    "billsec",
)


def _fs_csv_sniff(source: Source) -> bool:
    return (
        bool(source.head_lines)
        and "cc_queue" in source.head_lines[0]
        and not source.head_lines[0].startswith(("{", "["))
    )


def _fs_json_sniff(source: Source) -> bool:
    # JSON is only ever a FreeSWITCH CDR among our formats; a pretty-printed record may name its
    # cc_* variables well below the sample's first lines. "[" alone is not JSON: Mango Office statistics
    # lines start with their recordings in brackets.
    return re.match(r"\s*(\{|\[\s*(\{|$))", "\n".join(source.head_lines)) is not None


def _fs_calls(vars_sql: str, vendor: str) -> str:
    """Member legs only (cc_side = 'agent' rows are the agents' own legs). Answered when the queue
    answered epoch is set; else abandoned when the member joined the queue: BREAK_OUT (caller hung up)
    and EXIT_WITH_KEY by the caller, TIMEOUT / NO_AGENT_TIMEOUT by the system; else the call never reached
    the queue (``ivr``). Wait = answered (or canceled) - joined; talk = terminated - answered, else billsec.
    sip_hangup_disposition recv_bye on the member leg means the caller hung up, send_bye our side."""
    return f"""
WITH vars AS ({vars_sql}),
parsed AS (
  SELECT *, cs_epoch(cc_queue_joined_epoch) AS joined, cs_epoch(cc_queue_answered_epoch) AS answered,
         cs_epoch(cc_queue_terminated_epoch) AS terminated, cs_epoch(cc_queue_canceled_epoch) AS canceled,
         cs_epoch(start_epoch) AS started, cs_epoch(end_epoch) AS ended_leg,
         upper(coalesce(cc_cancel_reason, '')) AS reason
  FROM vars WHERE coalesce(lower(cc_side), 'member') <> 'agent'),
calls AS (
  SELECT *, CASE WHEN answered IS NOT NULL THEN 'answered' WHEN joined IS NOT NULL THEN 'abandoned' ELSE 'ivr' END
         AS result_kind
  FROM parsed)
SELECT * REPLACE ({
        problems(
            (
                "arrival IS NULL",
                text(tr("нет времени входа в очередь или начала звонка", "no queue join or call start time")),
            ),
            ("call_id IS NULL", text(tr("нет uuid звонка", "no call uuid"))),
        )
    } AS problem) FROM (
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "coalesce(cs_blank(cc_member_session_uuid), cs_blank(uuid), cs_blank(cc_member_uuid))",
                "direction": "'inbound'",
                "queue": "split_part(cc_queue, '@', 1)",
                "caller_id": "cs_phone(url_decode(coalesce(caller_id_number, cc_member_cid_number, '')))",
                "arrival": "coalesce(joined, started)",
                "answered_at": "answered",
                "ended_at": "coalesce(terminated, canceled, ended_leg)",
                "wait_s": "CASE WHEN result_kind = 'answered' THEN epoch(answered - joined)"
                " WHEN result_kind = 'abandoned' THEN epoch(coalesce(canceled, terminated, ended_leg) - joined) END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN coalesce(epoch(terminated - answered),"
                " TRY_CAST(billsec AS DOUBLE)) END",
                "hold_s": "TRY_CAST(hold_accum_seconds AS DOUBLE)",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind = 'abandoned' THEN CASE reason WHEN 'BREAK_OUT' THEN 'hangup'"
                " WHEN 'EXIT_WITH_KEY' THEN 'key' WHEN 'TIMEOUT' THEN 'timeout' WHEN 'NO_AGENT_TIMEOUT' THEN 'timeout'"
                " ELSE coalesce(nullif(lower(reason), ''), 'hangup') END END",
                "agent": "split_part(cs_blank(cc_agent), '@', 1)",
                "disconnect_side": "CASE WHEN result_kind = 'abandoned' AND reason IN ('TIMEOUT', 'NO_AGENT_TIMEOUT')"
                " THEN 'system' WHEN result_kind = 'abandoned' THEN 'caller'"
                " WHEN lower(sip_hangup_disposition) LIKE 'recv_%' THEN 'caller'"
                " WHEN lower(sip_hangup_disposition) LIKE 'send_%' THEN 'agent' ELSE 'unknown' END",
                "recording": "coalesce(cs_blank(cc_record_filename), cs_blank(record_path), cs_blank(recording_file))",
            },
            "calls",
        )
    })"""


def _fs_csv_plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    headers = _headers(source)
    by_name = {header.lower().removeprefix("variable_"): header for header in headers}
    selects = ", ".join(
        f"CAST({ident(by_name[name])} AS VARCHAR) AS {name}" if name in by_name else f"CAST(NULL AS VARCHAR) AS {name}"
        for name in FS_VARIABLES
    )
    sql = _fs_calls(f"SELECT {selects} FROM {_read_headed(source)}", vendor)
    return StagePlan(sql, first_line=2)


def _fs_json_plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    selects = ", ".join(
        # mod_json_cdr URL-encodes variable values ("support%40default").
        f"url_decode(coalesce(json_extract_string(json, '$.variables.{name}'), json_extract_string(json, '$.{name}')))"
        f" AS {name}"
        for name in FS_VARIABLES
    )
    read = f"read_json_objects({sql_literal(source.path)}, format='auto')"
    sql = _fs_calls(f"SELECT {selects} FROM {read}", vendor)
    return StagePlan(sql, first_line=1, row_word=("запись", "record"))


# --- orders of the shop (for conversion) -----------------------------------------------------------

ORDER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_id": ("номер заказа", "заказ", "id заказа", "order", "order id", "order_id", "№ заказа"),
    "call_id": ("id звонка", "звонок", "call id", "call_id", "callid", "uniqueid"),
    "phone": ("телефон", "номер телефона", "phone", "телефон клиента", "номер", "клиент"),
    "ordered_at": (
        "дата",
        "дата заказа",
        "дата и время",
        "создан",
        "дата создания",
        "date",
        "created",
        "created at",
        "ordered at",
        "time",
    ),
    "amount": ("сумма", "сумма заказа", "amount", "total", "стоимость", "итого"),
}


def orders_plan(source: Source, vendor: str) -> StagePlan:
    headers = _headers(source)
    normalised = {header: normalise_header(header) for header in headers}
    columns: dict[str, str] = {}
    for field_name, synonyms in ORDER_SYNONYMS.items():
        for header, norm in normalised.items():
            if header not in columns.values() and norm in synonyms:
                columns[field_name] = header
                break
    if "ordered_at" not in columns or not ({"call_id", "phone"} & set(columns)):
        raise DataError(
            tr(
                "{name}: в файле заказов нужны колонки даты и телефона или id звонка; есть: {headers}",
                "{name}: an orders file needs a date column and a phone or call id column; it has: {headers}",
                name=source.name,
                headers=", ".join(repr(header) for header in headers),
            )
        )

    def col(field_name: str) -> str:
        return f"CAST({ident(columns[field_name])} AS VARCHAR)" if field_name in columns else "NULL"

    sql = normalised_select(
        {
            "vendor": sql_literal(vendor),
            "order_id": f"coalesce(cs_blank({col('order_id')}), md5(concat_ws('|', {col('ordered_at')}, "
            f"{col('phone')}, {col('call_id')}, {col('amount')})))",
            "call_id": f"cs_blank({col('call_id')})",
            "phone": f"cs_phone({col('phone')})",
            "ordered_at": f"cs_ts({col('ordered_at')})",
            "amount": f"cs_num({col('amount')})",
            "problem": problems(
                (
                    f"cs_ts({col('ordered_at')}) IS NULL",
                    text(tr("дата заказа не распознана: ", "unparsable order date: "))
                    + f" || coalesce({col('ordered_at')}, '')",
                ),
                (
                    f"cs_blank({col('amount')}) IS NOT NULL AND cs_num({col('amount')}) IS NULL",
                    text(tr("сумма не число: ", "amount is not a number: ")) + f" || {col('amount')}",
                ),
            ),
        },
        f"(SELECT * FROM {_read_headed(source)})",
        ORDER_COLUMNS,
    )
    return StagePlan(sql, first_line=2)


BUILT_IN: tuple[Format, ...] = (
    Format("anonymous_bank", ("Anonymous Bank (Technion)", "Anonymous Bank (Technion)"), _bank_sniff, _bank_plan),
    Format("asterisk_queue_log", ("Asterisk queue_log", "Asterisk queue_log"), _queue_log_sniff, _queue_log_plan),
    Format(
        "asterisk_queue_log_db",
        ("Asterisk queue_log (таблица БД)", "Asterisk queue_log (DB table)"),
        _queue_log_db_sniff,
        _queue_log_db_plan,
    ),
    Format("asterisk_cdr", ("Asterisk Master.csv (cdr_csv)", "Asterisk Master.csv (cdr_csv)"), _cdr_sniff, _cdr_plan),
    Format(
        "asterisk_cdr_db",
        ("Asterisk CDR (таблица БД)", "Asterisk CDR (DB table)"),
        _cdr_db_sniff,
        _cdr_db_plan,
    ),
    Format(
        "freeswitch_csv",
        ("FreeSWITCH mod_callcenter CSV", "FreeSWITCH mod_callcenter CSV"),
        _fs_csv_sniff,
        _fs_csv_plan,
    ),
    Format(
        "freeswitch_json",
        ("FreeSWITCH mod_callcenter JSON", "FreeSWITCH mod_callcenter JSON"),
        _fs_json_sniff,
        _fs_json_plan,
    ),
    Format("generic", ("выгрузка кабинета (CSV/XLSX)", "cabinet export (CSV/XLSX)"), lambda _s: True, _generic_plan),
)


def _preset_format(preset: ModuleType) -> Format:
    def sniff(source: Source) -> bool:
        delimiter = preset.DELIMITER or source.delimiter()
        rows = _head_rows(source, delimiter)
        try:
            return bool(rows) and bool(preset.sniff(rows[0], rows[1:]))
        except Exception:  # noqa: BLE001 - a preset's sniff that fails on odd input only means "not mine"
            return False

    def plan(source: Source, vendor: str, mapping: ColumnMapping | None, options: PlanOptions) -> StagePlan:
        return _generic_plan(source, vendor, mapping, options, preset)

    return Format(preset.NAME, preset.LABEL, sniff, plan)


@cache
def all_formats() -> dict[str, Format]:
    """Every format by name, presets included, in the order detection tries them."""
    from callscout.calls.presets import all_presets

    built_in = list(BUILT_IN)
    # Presets are tried after the log formats and before the generic export, which takes anything.
    ordered = built_in[:-1] + [_preset_format(preset) for preset in all_presets()] + built_in[-1:]
    return {item.name: item for item in ordered}


def __getattr__(name: str) -> dict[str, Format]:
    # ``FORMATS`` is built on first use: walking the presets package is no work for import time.
    if name == "FORMATS":
        return all_formats()
    raise AttributeError(name)


def canonical_format_name(name: str) -> str:
    """``anonymous-bank``, ``Anonymous_Bank`` and ``anonymous_bank`` are one format."""
    return name.strip().lower().replace("-", "_")


def detect_format(source: Source) -> Format:
    built_in = {item.name for item in BUILT_IN}
    for candidate in all_formats().values():
        if candidate.name == "generic" or (source.is_xlsx and candidate.name in built_in):
            continue  # an XLSX sheet can only be a cabinet export (a preset's or any other)
        if candidate.sniff(source):
            return candidate
    return all_formats()["generic"]


def get_format(name: str) -> Format:
    name = canonical_format_name(name)
    if name not in all_formats():
        raise UsageError(
            tr(
                "неизвестный формат {name}; есть: {known}",
                "unknown format {name}; known: {known}",
                name=name,
                known=", ".join(all_formats()),
            )
        )
    return all_formats()[name]


__all__ = [
    "COLUMNS",
    "Format",
    "PlanOptions",
    "StagePlan",
    "all_formats",
    "canonical_format_name",
    "detect_format",
    "get_format",
    "queue_log_calls_sql",
]
