"""3CX Phone System: the CDR file (``cdr.log``) with every CDR field enabled, in 3CX's order.

Source: 3CX, «CDR — Call Data Records» (http://www.3cx.com/blog/docs/cdr-call-data-records/) and the
field list it documents (also https://3cx.olp.ru/3cx-cdr/): historyid, callid, duration, time-start,
time-answered, time-end, reason-terminated, from-no, to-no, from-dn, to-dn, dial-no, reason-changed,
final-number, final-dn, bill-code, bill-rate, bill-cost, bill-name, chain, from-type, to-type, final-type,
from-dispname, to-dispname, final-dispname, missed-queue-calls. The file has no header line (some tools
add one with these names; both are read). time-answered is empty for an unanswered call.
"""

from __future__ import annotations

import re

NAME = "threecx"
LABEL = ("3CX: CDR (cdr.log)", "3CX CDR (cdr.log)")
SOURCE = "http://www.3cx.com/blog/docs/cdr-call-data-records/"
COLUMN_NAMES = (
    "historyid",
    "callid",
    "duration",
    "time-start",
    "time-answered",
    "time-end",
    "reason-terminated",
    "from-no",
    "to-no",
    "from-dn",
    "to-dn",
    "dial-no",
    "reason-changed",
    "final-number",
    "final-dn",
    "bill-code",
    "bill-rate",
    "bill-cost",
    "bill-name",
    "chain",
    "from-type",
    "to-type",
    "final-type",
    "from-dispname",
    "to-dispname",
    "final-dispname",
    "missed-queue-calls",
)
DELIMITER = ","
COLUMNS = {
    "call_id": "historyid",
    "arrival": "time-start",
    "answered_at": "time-answered",
    "ended_at": "time-end",
    "queue": "to-dn",
}
# An extension calling out is outbound; a call from a line (an outside number) is inbound.
OUTBOUND = """lower(coalesce("from-type", '')) LIKE '%extension%'"""
ANSWERED = """cs_blank("time-answered") IS NOT NULL"""
EXPRESSIONS = {
    "direction": f"CASE WHEN {OUTBOUND} THEN 'исходящий' ELSE 'входящий' END",
    "outcome": f"CASE WHEN {ANSWERED} THEN 'отвечен' ELSE 'пропущен' END",
    "caller_id": f"""CASE WHEN {OUTBOUND} THEN "to-no" ELSE "from-no" END""",
    # The extension that talked: the caller of an outbound call, the final one of an answered inbound call.
    "agent": f"""CASE WHEN {OUTBOUND} THEN coalesce(cs_blank("from-dispname"), cs_blank("from-dn"))
                 WHEN {ANSWERED} THEN coalesce(cs_blank("final-dispname"), cs_blank("final-dn")) END""",
}
FOLD_LEGS = False
TIME = re.compile(r"^\d{4}[-/]\d\d[-/]\d\d[ T]\d\d:\d\d")


def sniff(headers: list[str], rows: list[list[str]]) -> bool:
    if [header.strip().lower() for header in headers[:4]] == list(COLUMN_NAMES[:4]):
        return True
    lines = [headers, *rows][:5]
    return bool(lines) and all(len(fields) == len(COLUMN_NAMES) and TIME.match(fields[3].strip()) for fields in lines)
