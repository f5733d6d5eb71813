"""Asterisk queue_log as the file Asterisk writes: pipe-separated events folded into calls;
also the agents' login and pause spans."""

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

NAME = "asterisk_queue_log"
LABEL = ("Asterisk queue_log", "Asterisk queue_log")
ORDER = 20
# Only calls that reach a queue are logged: none ends in the IVR; nor does it mark phantom calls.
CANNOT_TELL = ("ivr", "phantom")


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


def sniff(source: Source) -> bool:
    return any(QUEUE_LOG_LINE.match(line) for line in source.head_lines[:5])


def events_stage(select_events: str, source_rel: str) -> str:
    return f"""
WITH raw AS (SELECT * FROM {source_rel}),
events AS ({select_events})
SELECT ts, callid, queue, agent, event, d1, d2, d3, d4, d5,
  {
        problems(
            ("event IS NULL OR event = ''", text(msg("calls.formats.asterisk_queue_log.truncated_line_no_event"))),
            (
                "ts IS NULL",
                text(msg("calls.formats.asterisk_queue_log.unparsable_event_time")) + " || coalesce(ts_text, '')",
            ),
        )
    } AS problem
FROM events"""


def plan(source: Source, _vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
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
    return StagePlan(events_stage(select, read), first_line=1, events=True)


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
