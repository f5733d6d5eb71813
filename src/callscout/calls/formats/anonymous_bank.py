"""Anonymous Bank (Technion SEE lab): the public month of a bank call center, tab-separated, one row per call."""

from __future__ import annotations

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    read_headed,
    text,
)
from callscout.calls.mapping import ColumnMapping
from callscout.calls.schema import normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.errors import DataError
from callscout.i18n import msg

NAME = "anonymous_bank"
LABEL = ("Anonymous Bank (Technion)", "Anonymous Bank (Technion)")
ORDER = 10


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


def sniff(source: Source) -> bool:
    return bool(source.head_lines) and source.head_lines[0].startswith(BANK_HEADER)


def plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    """One row per call. Offered to agents = reached the queue (q_start set or q_time > 0) or served.

    AGENT = answered (NO_SERVER: the agent is unknown); HANG after queueing = abandoned by the caller;
    HANG with no queue = finished in the voice menu (``ivr``); PHANTOM = not a real call.
    Wait = q_time; talk = ser_time; answered at ser_start, or at q_exit when ser_start is 0:00:00.
    Times of day are on ``date``; a later time more than 12 h before the entry crossed midnight;
    negative vru_time (exit logged before entry) is kept as logged and not used. The service type
    (``type``: PS, PE, IN, NE, NW, TT) is both the queue and the topic: it is the caller's reason.
    """
    if not sniff(source):
        raise DataError(
            msg(
                "calls.formats.anonymous_bank.not_anonymous_bank_layout_first_line",
                name=source.name,
                header=BANK_HEADER.replace("\t", " "),
            )
        )
    # Dates, times and seconds are typed while reading: faster than casting text, and a bad value
    # stops the import with DuckDB's own line number, so the problems left to check are empty fields.
    read = read_headed(source, "\t", BANK_TYPES)
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
                    ("cid IS NULL OR cid = ''", text(msg("calls.formats.anonymous_bank.no_call_id"))),
                    ("day IS NULL", text(msg("calls.formats.anonymous_bank.empty_date"))),
                    ("ve IS NULL", text(msg("calls.formats.anonymous_bank.empty_vru_entry"))),
                    ("qs IS NULL OR qx IS NULL", text(msg("calls.formats.anonymous_bank.empty_queue_time"))),
                    ("ss IS NULL", text(msg("calls.formats.anonymous_bank.empty_ser_start"))),
                    ("qt IS NULL OR st IS NULL", text(msg("calls.formats.anonymous_bank.empty_q_time_ser_time"))),
                    (
                        "result_kind IS NULL",
                        text(msg("calls.formats.anonymous_bank.unknown_outcome")) + " || coalesce(result, '')",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=2)
