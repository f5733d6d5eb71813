"""FreeSWITCH mod_callcenter CDR variables, shared by its CSV and JSON exports."""

from __future__ import annotations

from callscout.calls.formats._common import (
    text,
)
from callscout.calls.schema import normalised_select, problems
from callscout.calls.sources import sql_literal
from callscout.i18n import msg

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


def member_calls(vars_sql: str, vendor: str) -> str:
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
                text(msg("calls.formats._freeswitch.no_queue_join_or_call_start")),
            ),
            ("call_id IS NULL", text(msg("calls.formats._freeswitch.no_call_uuid"))),
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
