"""Asterisk's queue_log: one ``epoch|callid|queue|agent|VERB|data...`` line per item (``callscout live follow``)."""

from __future__ import annotations

from datetime import UTC, datetime

from callscout.calls.formats import QUEUE_LOG_LINE
from callscout.live.adapters._common import _present
from callscout.live.events import LiveEvent

NAME = "asterisk_queue_log"
INPUT = "line"

# --- Asterisk queue_log ----------------------------------------------------------------------------
# The verbs of the queue_log that move a call or an agent (the batch import folds the same ones, see
# ``callscout.calls.formats.queue_log_calls_sql``); the rest (RINGNOANSWER, DID, PAUSE...) are left out.
QUEUE_LOG_VERBS: dict[str, tuple[str, dict[str, str]]] = {
    "ENTERQUEUE": ("enter_queue", {}),
    "CONNECT": ("answer", {}),
    "COMPLETECALLER": ("hangup", {"side": "caller"}),
    "COMPLETEAGENT": ("hangup", {"side": "agent"}),
    "TRANSFER": ("transfer", {}),
    "ATTENDEDTRANSFER": ("transfer", {}),
    "BLINDTRANSFER": ("transfer", {}),
    "ABANDON": ("abandon", {"reason": "hangup"}),
    "EXITWITHKEY": ("abandon", {"reason": "key"}),
    "EXITWITHTIMEOUT": ("abandon", {"reason": "timeout"}),
    "EXITEMPTY": ("abandon", {"reason": "empty"}),
    "AGENTLOGIN": ("agent_login", {}),
    "AGENTCALLBACKLOGIN": ("agent_login", {}),
    "ADDMEMBER": ("agent_login", {}),
    "AGENTLOGOFF": ("agent_logout", {}),
    "AGENTCALLBACKLOGOFF": ("agent_logout", {}),
    "REMOVEMEMBER": ("agent_logout", {}),
}


def queue_log_event(line: str) -> LiveEvent | None:
    """One ``epoch|callid|queue|agent|VERB|data...`` line; None for verbs that move no call or agent.

    The data fields are kept as they are, so that folding the events again gives the calls the batch
    import of the same file gives."""
    line = line.rstrip("\r\n")
    if not QUEUE_LOG_LINE.match(line):
        return None
    stamp, callid, queue, agent, verb, *data = line.split("|")
    known = QUEUE_LOG_VERBS.get(verb.strip().upper())
    if known is None:
        return None
    kind, extra = known
    when = datetime.fromtimestamp(float(stamp), UTC)
    if kind.startswith("agent_"):
        if not _present(agent):
            return None
        return LiveEvent(type=kind, ts=when, agent=agent, queue=_present(queue), data=data[:6] or None)
    if not _present(callid):
        return None
    caller = data[1] if kind == "enter_queue" and len(data) > 1 else None
    return LiveEvent(
        type=kind,
        ts=when,
        call_id=callid,
        queue=_present(queue),
        agent=_present(agent),
        caller=_present(caller),
        data=data[:6] or None,
        **extra,
    )


def event(item: str) -> LiveEvent | None:
    return queue_log_event(item)
