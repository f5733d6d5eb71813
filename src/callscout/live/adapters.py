"""What PBXs send, turned into live events: Asterisk's queue_log lines and Manager (AMI) queue events, and
the Zadarma cloud PBX webhooks. An adapter is a function from one native item to events (maybe none), so
that every source goes the same path into the store (``LiveStore.ingest``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from callscout.calls.formats import QUEUE_LOG_LINE
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.live.events import LiveEvent

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
        return LiveEvent(type=kind, ts=when, agent=agent, queue=_present(queue), data=data or None)
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


def _present(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", "NONE") else value


# --- Asterisk Manager Interface (app_queue events) --------------------------------------------------
# Field names as Asterisk 13+ sends them (https://docs.asterisk.org/Asterisk_22_Documentation/API_Documentation/
# AMI_Events/QueueCallerJoin/ and its siblings AgentConnect, AgentComplete, QueueCallerAbandon,
# QueueMemberAdded, QueueMemberRemoved). ``Timestamp`` is present when manager.conf has timestampevents=yes;
# otherwise the moment the event was read stands for it.


def ami_event(message: Mapping[str, Any], received: datetime | None = None) -> LiveEvent | None:
    name = str(message.get("Event", ""))
    stamp = message.get("Timestamp")
    when = datetime.fromtimestamp(float(stamp), UTC) if stamp else (received or datetime.now(UTC))
    queue = _present(str(message.get("Queue") or "")) if message.get("Queue") else None
    unique = message.get("Uniqueid") or message.get("UniqueID")
    member = message.get("MemberName") or message.get("Interface")
    if name == "QueueCallerJoin":
        return LiveEvent(
            type="enter_queue",
            ts=when,
            call_id=str(unique),
            queue=queue,
            caller=_present(str(message.get("CallerIDNum") or "")),
        )
    if name == "AgentConnect":
        return LiveEvent(type="answer", ts=when, call_id=str(unique), queue=queue, agent=member)
    if name == "AgentComplete":
        reason = str(message.get("Reason", "caller")).lower()
        if reason == "transfer":
            return LiveEvent(type="transfer", ts=when, call_id=str(unique), queue=queue, agent=member)
        side = "agent" if reason == "agent" else "caller"
        return LiveEvent(type="hangup", ts=when, call_id=str(unique), queue=queue, agent=member, side=side)
    if name == "QueueCallerAbandon":
        return LiveEvent(type="abandon", ts=when, call_id=str(unique), queue=queue, reason="hangup")
    if name == "QueueMemberAdded" and member:
        return LiveEvent(type="agent_login", ts=when, agent=str(member), queue=queue)
    if name == "QueueMemberRemoved" and member:
        return LiveEvent(type="agent_logout", ts=when, agent=str(member), queue=queue)
    return None


# --- Zadarma cloud PBX ------------------------------------------------------------------------------
# Zadarma POSTs a form per call event to the notification URL set in its PBX settings (API documentation,
# section "Webhooks": https://zadarma.com/en/support/api/#api_webhooks; the same fields are declared by
# Zadarma's own API library, github.com/zadarma/user-api-v1, lib/Webhook/Notify*.php). Fields used here:
#   NOTIFY_START   event, call_start ("YYYY-MM-DD HH:MM:SS", the PBX's time), pbx_call_id, caller_id, called_did
#   NOTIFY_ANSWER  event, caller_id, destination, call_start, pbx_call_id, internal (the extension answering)
#   NOTIFY_END     event, call_start, pbx_call_id, caller_id, called_did, internal, duration (s), disposition
#                  ("answered", "busy", "cancel", "no answer", "failed", "no money", ...); also sent and not
#                  needed here: status_code (Q.931), is_recorded, call_id_with_rec
# Its times carry no offset: the vendor's offset from UTC is a setting (``utc_offset_min``, Moscow by
# default). Answer and end carry no time of their own: the moment of receipt stands for them.
MOSCOW_OFFSET_MIN = 180


def zadarma_event(
    form: Mapping[str, str], received: datetime | None = None, utc_offset_min: int = MOSCOW_OFFSET_MIN
) -> LiveEvent | None:
    zone = timezone(timedelta(minutes=utc_offset_min))
    now = (received or datetime.now(UTC)).astimezone(zone)
    name = str(form.get("event", "")).upper()
    call_id = form.get("pbx_call_id")
    if not call_id:
        return None
    if name == "NOTIFY_START":
        start = _zadarma_time(form.get("call_start"), zone) or now
        return LiveEvent(
            type="enter_queue",
            ts=start,
            call_id=call_id,
            queue=form.get("called_did") or None,
            caller=form.get("caller_id") or None,
        )
    if name == "NOTIFY_ANSWER":
        return LiveEvent(type="answer", ts=now, call_id=call_id, agent=form.get("internal") or None)
    if name == "NOTIFY_END":
        if form.get("disposition", "").lower() == "answered":
            return LiveEvent(type="hangup", ts=now, call_id=call_id, agent=form.get("internal") or None)
        return LiveEvent(type="abandon", ts=now, call_id=call_id, reason="hangup")
    return None


def _zadarma_time(value: str | None, zone: timezone) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        raise DataError(msg("live.adapters.call_start_time_does_not_parse", value=value)) from None


ADAPTERS: dict[str, Callable[..., LiveEvent | None]] = {
    "asterisk_ami": ami_event,
    "zadarma": zadarma_event,
}
