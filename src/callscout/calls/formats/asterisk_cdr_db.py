"""Asterisk CDR table exported from its database (cdr_mysql / cdr_adaptive_odbc / FreePBX), with a header."""

from __future__ import annotations

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    check_zone,
    fold_legs,
    header_row,
    ident,
    read_headed,
    repair_quotes,
    text,
)
from callscout.calls.mapping import ColumnMapping
from callscout.calls.schema import normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.i18n import msg

NAME = "asterisk_cdr_db"
LABEL = ("Asterisk CDR (таблица БД)", "Asterisk CDR (DB table)")
ORDER = 50
# A CDR has no IVR-only or phantom call of its own: a hang-up in the menu reads as a missed call.
CANNOT_TELL = ("ivr", "phantom")


CDR_DB_REQUIRED = {"calldate", "disposition"}


def _cdr_db_columns(source: Source) -> dict[str, str]:
    return {header.lower().strip().strip('"`'): header for header in header_row(source)}


def sniff(source: Source) -> bool:
    names = set(_cdr_db_columns(source))
    return names >= CDR_DB_REQUIRED and bool({"billsec", "duration"} & names) and bool({"src", "clid"} & names)


def plan(source: Source, vendor: str, _mapping: ColumnMapping | None, options: PlanOptions) -> StagePlan:
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
    check_zone(options.zone)
    zone = sql_literal(options.zone)
    repaired = repair_quotes(source)

    def value(name: str) -> str:
        return f"CAST({ident(names[name])} AS VARCHAR)" if name in names else "CAST(NULL AS VARCHAR)"

    sql = f"""
WITH raw AS (SELECT * FROM {read_headed(repaired)}),
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
                        text(msg("calls.formats.asterisk_cdr_db.unparsable_calldate")) + " || coalesce(start_text, '')",
                    ),
                    (
                        "disposition IS NULL OR disposition = ''",
                        text(msg("calls.formats.asterisk_cdr_db.empty_disposition")),
                    ),
                    (
                        "billsec IS NULL AND cs_blank(billsec_text) IS NOT NULL",
                        text(msg("calls.formats.asterisk_cdr_db.billsec_is_not_number")) + " || billsec_text",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(sql, first_line=2, fold=fold_legs, zones="named" if options.timezone else None)
