"""Asterisk queue_log exported from its database table (CSV with a header), in any column naming."""

from __future__ import annotations

import re

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    head_rows,
    header_row,
    ident,
    read_headed,
)
from callscout.calls.formats.asterisk_queue_log import events_stage
from callscout.calls.mapping import ColumnMapping
from callscout.calls.sources import Source
from callscout.errors import DataError
from callscout.i18n import msg

NAME = "asterisk_queue_log_db"
LABEL = ("Asterisk queue_log (таблица БД)", "Asterisk queue_log (DB table)")
ORDER = 30
# Only calls that reach a queue are logged: none ends in the IVR; nor does it mark phantom calls.
CANNOT_TELL = ("ivr", "phantom")


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
    headers = header_row(source)
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
        rows = head_rows(source, source.delimiter())[1:]
        taken = set(found.values())
        for index, header in enumerate(headers):
            values = [row[index] for row in rows if len(row) > index and row[index].strip()]
            if header not in taken and values and any(AGENT_VALUE.match(value.strip()) for value in values):
                found["agent"] = header
                break
    return found


def sniff(source: Source) -> bool:
    return _db_header_map(source) is not None


def plan(source: Source, _vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    """The queue_log table exported as CSV: ``time,callid,queuename,agent,event,data1..data5``, or the
    older single ``data`` column holding the pipe-joined values."""
    found = _db_header_map(source)
    if found is None:
        raise DataError(
            msg("calls.formats.asterisk_queue_log_db.no_time_callid_queuename_event_columns", name=source.name)
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
    return StagePlan(events_stage(select, read_headed(source)), first_line=2, events=True)
