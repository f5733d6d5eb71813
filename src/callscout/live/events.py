"""Live events: what a PBX says happened to a call or an agent, and finished call records turned into them.

An event is ``{"type", "call_id", "ts", "queue", "agent", "caller"}``; ``ts`` is ISO 8601 with a UTC offset.
A finished call in the import schema (``{"record": "call", "call_id", "arrival", "answered_at",
"ended_at", "outcome", ...}``, see ``callscout.calls.schema``) becomes the events it implies, so there is one
path into the store. Every item is bounded (count, body size, field length) and every error names the item
and the field, in Russian first.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from callscout.errors import DataError
from callscout.i18n import msg, tr

EVENT_TYPES = ("enter_queue", "answer", "transfer", "hangup", "abandon", "agent_login", "agent_logout", "survey")
CALL_EVENT_TYPES = frozenset(EVENT_TYPES[:5])
END_EVENT_TYPES = frozenset(("transfer", "hangup", "abandon"))
# What one request may carry: 1 000 events, 1 MiB; a field is at most 200 characters.
MAX_EVENTS_PER_REQUEST = 1000
MAX_BODY_BYTES = 1024 * 1024
MAX_FIELD = 200
MAX_DATA_FIELDS = 6


class LiveEvent(BaseModel):
    """One queue or agent event. ``id`` is the sender's own event id: when given it is the key that makes a
    replay a no-op; otherwise the key is the event's content (type, call, time, agent, queue)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["enter_queue", "answer", "transfer", "hangup", "abandon", "agent_login", "agent_logout", "survey"]
    ts: AwareDatetime
    call_id: str | None = Field(default=None, min_length=1, max_length=MAX_FIELD)
    queue: str | None = Field(default=None, max_length=MAX_FIELD)
    agent: str | None = Field(default=None, max_length=MAX_FIELD)
    caller: str | None = Field(default=None, max_length=MAX_FIELD)
    id: str | None = Field(default=None, min_length=1, max_length=MAX_FIELD)
    # Who hung up an answered call; why a waiting caller left (Asterisk's exit events).
    side: Literal["caller", "agent"] | None = None
    reason: Literal["hangup", "key", "timeout", "empty"] | None = None
    # The data fields of the queue_log line the event came from: kept, so that the call folds exactly as
    # the batch import of the same log does.
    data: list[str] | None = Field(default=None, max_length=MAX_DATA_FIELDS)
    # A post-call survey's answers («оцените разговор» 1–5, «порекомендуете нас» 0–10): ``survey`` events only.
    csat: int | None = Field(default=None, ge=1, le=5)
    nps: int | None = Field(default=None, ge=0, le=10)

    @model_validator(mode="after")
    def _call_events_name_the_call(self) -> LiveEvent:
        if self.type in CALL_EVENT_TYPES and not self.call_id:
            raise ValueError("call_id is required for call events")
        if self.type in ("agent_login", "agent_logout") and not self.agent:
            raise ValueError("agent is required for agent events")
        if self.type == "survey":
            if not self.call_id:
                raise ValueError("call_id is required for survey events")
            if self.csat is None and self.nps is None:
                raise ValueError("a survey event carries csat (1-5) or nps (0-10)")
        elif self.csat is not None or self.nps is not None:
            raise ValueError("csat and nps belong to survey events")
        if self.data and any(len(value) > MAX_FIELD for value in self.data):
            raise ValueError(f"data fields are at most {MAX_FIELD} characters")
        return self

    @property
    def key(self) -> str:
        if self.id:
            return hashlib.sha256(("id\x00" + self.id).encode()).hexdigest()
        parts = (self.type, self.call_id or "", self.utc.isoformat(), self.agent or "", self.queue or "")
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    @property
    def utc(self) -> datetime:
        """The moment as naive UTC, as the store keeps it."""
        return self.ts.astimezone(UTC).replace(tzinfo=None)

    @property
    def offset_min(self) -> int:
        offset = self.ts.utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)

    def detail(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in (
                ("side", self.side),
                ("reason", self.reason),
                ("data", self.data),
                ("csat", self.csat),
                ("nps", self.nps),
            )
            if value is not None
        }


class CallRecord(BaseModel):
    """A finished call in the import schema's terms (``callscout.calls.schema.COLUMNS``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: Literal["call"]
    call_id: str = Field(min_length=1, max_length=MAX_FIELD)
    arrival: AwareDatetime
    answered_at: AwareDatetime | None = None
    ended_at: AwareDatetime
    outcome: Literal["answered", "abandoned"]
    queue: str | None = Field(default=None, max_length=MAX_FIELD)
    agent: str | None = Field(default=None, max_length=MAX_FIELD)
    caller_id: str | None = Field(default=None, max_length=MAX_FIELD)
    disconnect_side: Literal["caller", "agent", "system", "transfer", "unknown"] | None = None
    exit_reason: str | None = Field(default=None, max_length=40)
    csat: int | None = Field(default=None, ge=1, le=5)
    nps: int | None = Field(default=None, ge=0, le=10)

    @model_validator(mode="after")
    def _times_in_order(self) -> CallRecord:
        if self.outcome == "answered" and self.answered_at is None:
            raise ValueError("an answered call needs answered_at")
        if self.ended_at < self.arrival or (self.answered_at and not self.arrival <= self.answered_at <= self.ended_at):
            raise ValueError("times must be arrival <= answered_at <= ended_at")
        return self

    def events(self) -> list[LiveEvent]:
        common = {"call_id": self.call_id, "queue": self.queue}
        events = [LiveEvent(type="enter_queue", ts=self.arrival, caller=self.caller_id, **common)]
        if self.outcome == "answered":
            events.append(LiveEvent(type="answer", ts=self.answered_at, agent=self.agent, **common))
            if self.disconnect_side == "transfer":
                events.append(LiveEvent(type="transfer", ts=self.ended_at, agent=self.agent, **common))
            else:
                side = "agent" if self.disconnect_side == "agent" else "caller"
                events.append(LiveEvent(type="hangup", ts=self.ended_at, agent=self.agent, side=side, **common))
        else:
            reason = self.exit_reason if self.exit_reason in ("hangup", "key", "timeout", "empty") else "hangup"
            events.append(LiveEvent(type="abandon", ts=self.ended_at, reason=reason, **common))
        if self.csat is not None or self.nps is not None:
            events.append(LiveEvent(type="survey", ts=self.ended_at, csat=self.csat, nps=self.nps, **common))
        return events


@dataclass(frozen=True)
class ItemError:
    index: int
    field: str
    message: str

    def __str__(self) -> str:
        return msg("live.events.event_field", index=self.index + 1, field=self.field, message=self.message)


def parse_items(items: list[Any]) -> list[LiveEvent]:
    """Events from decoded JSON items (events or call records); all or nothing."""
    if len(items) > MAX_EVENTS_PER_REQUEST:
        raise DataError(
            msg("live.events.too_many_events_in_one_request", count=len(items), limit=MAX_EVENTS_PER_REQUEST)
        )
    events: list[LiveEvent] = []
    errors: list[ItemError] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(ItemError(index, "-", msg("live.events.json_object_is_expected")))
            continue
        try:
            if item.get("record") is not None:
                events.extend(CallRecord.model_validate(item).events())
            else:
                events.append(LiveEvent.model_validate(item))
        except ValidationError as error:
            for problem in error.errors()[:3]:
                field = ".".join(str(part) for part in problem["loc"]) or "-"
                errors.append(ItemError(index, field, _message(problem)))
    if errors:
        raise DataError(
            msg("live.events.bad_event_s_nothing_was_accepted", count=len(errors)),
            details=[str(error) for error in errors[:10]],
        )
    return events


def parse_body(body: bytes) -> list[LiveEvent]:
    """Events from a request body: one JSON object or a list of them."""
    if len(body) > MAX_BODY_BYTES:
        raise DataError(msg("live.events.request_body_larger_than_bytes", limit=MAX_BODY_BYTES))
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError(msg("live.events.malformed_json", error=error)) from None
    items = decoded if isinstance(decoded, list) else [decoded]
    return parse_items(items)


_MESSAGES = {
    "missing": ("обязательное поле", "required field"),
    "extra_forbidden": ("неизвестное поле", "unknown field"),
    "timezone_aware": ("время без смещения UTC; пишите как 2026-12-07T10:00:00+03:00", "time without a UTC offset"),
    "literal_error": ("недопустимое значение", "value not allowed"),
    "string_too_long": ("слишком длинная строка", "string too long"),
    "datetime_from_date_parsing": ("время не распознано (ISO 8601)", "time does not parse (ISO 8601)"),
    "datetime_parsing": ("время не распознано (ISO 8601)", "time does not parse (ISO 8601)"),
}


def _message(problem: dict[str, Any]) -> str:
    known = _MESSAGES.get(problem["type"])
    if known:
        return tr(*known)
    return str(problem.get("msg", problem["type"])).removeprefix("Value error, ")
