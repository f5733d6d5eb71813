"""The Zadarma cloud PBX: one webhook's form fields per item (``/api/v1/events/zadarma``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

from callscout.errors import DataError
from callscout.i18n import msg
from callscout.live.events import LiveEvent

NAME = "zadarma"
INPUT = "fields"

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


def event(item: Mapping[str, str]) -> LiveEvent | None:
    return zadarma_event(item)
