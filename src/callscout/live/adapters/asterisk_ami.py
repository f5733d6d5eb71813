"""Asterisk Manager Interface (AMI) queue events: one event's fields per item (``live/ami.py``, the AMI relay route)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from callscout.errors import DataError
from callscout.i18n import msg
from callscout.live.adapters._common import _present
from callscout.live.events import LiveEvent

NAME = "asterisk_ami"
INPUT = "fields"

# --- Asterisk Manager Interface (app_queue events) --------------------------------------------------
# Field names as Asterisk 13+ sends them (https://docs.asterisk.org/Asterisk_22_Documentation/API_Documentation/
# AMI_Events/QueueCallerJoin/ and its siblings AgentConnect, AgentComplete, QueueCallerAbandon,
# QueueMemberAdded, QueueMemberRemoved). ``Timestamp`` is present when manager.conf has timestampevents=yes;
# otherwise the moment the event was read stands for it.


def ami_event(message: Mapping[str, Any], received: datetime | None = None) -> LiveEvent | None:
    name = str(message.get("Event", ""))
    when = _moment(message.get("Timestamp"), received)
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


def _moment(stamp: Any, received: datetime | None) -> datetime:
    if not stamp:
        return received or datetime.now(UTC)
    try:
        return datetime.fromtimestamp(float(stamp), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise DataError(
            msg("live.adapters.asterisk_ami.timestamp_is_not_unix_time_in", value=str(stamp)[:40])
        ) from None


def event(item: Mapping[str, Any]) -> LiveEvent | None:
    return ami_event(item)
