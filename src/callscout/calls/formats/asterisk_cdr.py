"""Asterisk Master.csv (cdr_csv): one row per call leg, no header."""

from __future__ import annotations

import re

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    text,
)
from callscout.calls.mapping import ColumnMapping
from callscout.calls.schema import normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.i18n import msg

NAME = "asterisk_cdr"
LABEL = ("Asterisk Master.csv (cdr_csv)", "Asterisk Master.csv (cdr_csv)")
ORDER = 40
# A CDR has no IVR-only or phantom call of its own: a hang-up in the menu reads as a missed call.
CANNOT_TELL = ("ivr", "phantom")


CDR_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def sniff(source: Source) -> bool:
    import csv

    for line in source.head_lines[:3]:
        fields = next(csv.reader([line]), [])
        if len(fields) >= 16 and CDR_START.match(fields[9]):
            return True
    return False


def plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
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
                        text(msg("calls.formats.asterisk_cdr.truncated_line_fewer_than_16_fields")),
                    ),
                    (
                        "started IS NULL",
                        text(msg("calls.formats.asterisk_cdr.unparsable_start_time")) + " || coalesce(start_text, '')",
                    ),
                    (
                        "disposition = 'ANSWERED' AND answered IS NULL",
                        text(msg("calls.formats.asterisk_cdr.answered_call_without_answer_time")),
                    ),
                    ("billsec IS NULL", text(msg("calls.formats.asterisk_cdr.billsec_is_not_number"))),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=1)
