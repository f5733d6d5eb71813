"""The one path of live events into the store, and of finished live calls into the call store.

``LiveStore.ingest`` commits a batch of events in one transaction before it returns (an acknowledged event
is durable); every event has a key unique per vendor, so a replayed event or a re-sent batch changes nothing.
A follower's read offset is written in the same transaction as the events it read, so it never runs ahead.

Finished calls move into the call store as ordinary imports (``move_finished``): once a call's last event
is older than the out-of-order window, its events are written as an Asterisk queue_log and imported through
``CallStore.import_file`` — the very fold a batch import of the PBX's log uses, so a finished day's KPIs are
the batch import's. A move is first recorded as a pending batch owning its events; a crash between the import
and the batch's completion redoes the same import, which the call store then recognises (same file).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from callscout.live.board import STALE_CALL
from callscout.live.events import END_EVENT_TYPES, LiveEvent
from callscout.live.tables import FollowOffsetRow, IngestTokenRow, LiveBatchRow, LiveEventRow
from callscout.store import Store
from callscout.store.ownership import VendorRef
from callscout.store.tables import utcnow

if TYPE_CHECKING:
    from callscout.calls.storage import CallStore

AGENT_EVENT_TYPES = ("agent_login", "agent_logout")
# Events of a call may arrive this late and out of order; a call moves to the call store only after it.
DEFAULT_WINDOW_S = 120.0
# A call with no end event this long after its last event lost it (a follower restarted mid-call...).
LOST_END = timedelta(hours=4)
# How long an ingest token's vendor is remembered without asking the store again.
TOKEN_CACHE_S = 5.0
# Rows one group commit takes at most (SQLite's statement parameters stay well under their limit).
GROUP_COMMIT_ROWS = 5000


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    last_id: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {"accepted": self.accepted, "duplicates": self.duplicates}


@dataclass(frozen=True)
class Offset:
    source: str
    inode: int
    position: int
    head_sha256: str | None


@dataclass
class _IngestRequest:
    vendor_id: int
    rows: list[dict[str, Any]]
    sent: int
    offset: Offset | None
    done: threading.Event = field(default_factory=threading.Event)
    result: IngestResult | None = None
    error: BaseException | None = None
    notify: Callable[[], Any] | None = None

    def finish(self) -> None:
        self.done.set()
        if self.notify is not None:
            self.notify()

    def outcome(self) -> IngestResult:
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _rows(vendor_id: int, events: Sequence[LiveEvent]) -> list[dict[str, Any]]:
    """The rows of a request's events, one per key (an event repeated inside the request counts once)."""
    unique: dict[str, LiveEvent] = {}
    for event in events:
        unique.setdefault(event.key, event)
    received = utcnow()
    return [
        {
            "vendor_id": vendor_id,
            "event_key": key,
            "type": event.type,
            "call_id": event.call_id,
            "ts": event.utc,
            "offset_min": event.offset_min,
            "queue": event.queue,
            "agent": event.agent,
            "caller": event.caller,
            "detail": event.detail(),
            "received_at": received,
        }
        for key, event in unique.items()
    ]


@dataclass(frozen=True)
class MoveResult:
    batches: int
    calls: int
    import_ids: tuple[int, ...]


# What a board reads of an event (light rows, no ORM objects).
_BOARD_COLUMNS = (
    LiveEventRow.id,
    LiveEventRow.vendor_id,
    LiveEventRow.type,
    LiveEventRow.call_id,
    LiveEventRow.ts,
    LiveEventRow.agent,
    LiveEventRow.offset_min,
)


class LiveStore:
    """Live events of every vendor over one SQL store. ``changed`` is set on every commit in this process
    (the dashboard's stream wakes on it; other processes' commits are seen by polling ``events_since``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.changed = threading.Condition()
        self.version = 0
        self._queue: deque[_IngestRequest] = deque()
        self._queue_lock = threading.Condition()
        self._writer: threading.Thread | None = None
        self._tokens: dict[str, tuple[int | None, float]] = {}

    # --- ingestion ------------------------------------------------------------------------------

    def ingest(self, vendor_id: int, events: Sequence[LiveEvent], *, offset: Offset | None = None) -> IngestResult:
        """Commit ``events`` (and the follower's ``offset``); returns once they are committed.

        Concurrent calls share one transaction (group commit): a commit costs a disk sync, so requests that
        arrive while one is being written wait for the next and go in together; each still learns its own
        counts, and none returns before its events are on disk."""
        request = self._enqueue(_IngestRequest(vendor_id, _rows(vendor_id, events), len(events), offset))
        request.done.wait()
        return request.outcome()

    async def ingest_async(self, vendor_id: int, events: Sequence[LiveEvent]) -> IngestResult:
        """``ingest`` for an event loop: it waits for the commit without holding a thread."""
        loop = asyncio.get_running_loop()
        committed = loop.create_future()
        request = _IngestRequest(vendor_id, _rows(vendor_id, events), len(events), None)
        request.notify = lambda: loop.call_soon_threadsafe(_resolve, committed)
        self._enqueue(request)
        await committed
        return request.outcome()

    def _enqueue(self, request: _IngestRequest) -> _IngestRequest:
        with self._queue_lock:
            self._queue.append(request)
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_loop, name="live-ingest", daemon=True)
                self._writer.start()
            self._queue_lock.notify()
        return request

    def _write_loop(self) -> None:
        while True:
            with self._queue_lock:
                while not self._queue:
                    if not self._queue_lock.wait(timeout=30):
                        self._writer = None
                        return
                group: list[_IngestRequest] = []
                rows = 0
                while self._queue and rows < GROUP_COMMIT_ROWS:
                    request = self._queue.popleft()
                    group.append(request)
                    rows += len(request.rows)
            try:
                self._commit(group)
            except Exception:  # noqa: BLE001 - one bad request must not fail the others: each alone
                for request in group:
                    try:
                        self._commit([request])
                    except Exception as error:  # noqa: BLE001 - handed to the caller
                        request.error = error
                        request.finish()
            accepted = any(request.result and request.result.accepted for request in group)
            if accepted:
                with self.changed:
                    self.version += 1
                    self.changed.notify_all()

    def _commit(self, group: list[_IngestRequest]) -> None:
        claimed: set[tuple[int, str]] = set()
        fresh_rows: list[dict[str, Any]] = []
        for request in group:
            for row in request.rows:
                key = (request.vendor_id, row["event_key"])
                if key not in claimed:
                    claimed.add(key)
                    fresh_rows.append(row)
        # Core, not the ORM: this runs at the ingest rate, and a session's bookkeeping is most of its cost.
        with self.store.engine.begin() as connection:
            inserted: set[tuple[int, str]] = set()
            if fresh_rows:
                # Keys already stored are skipped by the database itself; RETURNING names the rows it added.
                statement = _insert_ignoring_duplicates(self.store).returning(
                    LiveEventRow.vendor_id, LiveEventRow.event_key
                )
                inserted = {(vendor_id, key) for vendor_id, key in connection.execute(statement, fresh_rows)}
            offsets = [request for request in group if request.offset is not None]
            if offsets:
                with Session(bind=connection) as session:
                    for request in offsets:
                        _save_offset(session, request.vendor_id, request.offset)
                    session.flush()
        # Committed: now, and only now, the callers may acknowledge.
        for request in group:
            count = 0
            for row in request.rows:
                key = (request.vendor_id, row["event_key"])
                if key in inserted:
                    inserted.discard(key)  # an event sent twice in one group counts for the first request
                    count += 1
            request.result = IngestResult(count, request.sent - count)
            request.finish()

    def events_since(
        self, last_id: int, vendor_ids: Iterable[int] | None = None, limit: int = 50_000
    ) -> list[LiveEventRow]:
        query = select(LiveEventRow).where(LiveEventRow.id > last_id).order_by(LiveEventRow.id).limit(limit)
        if vendor_ids is not None:
            query = query.where(LiveEventRow.vendor_id.in_(list(vendor_ids)))
        with self.store.session() as session:
            return list(session.scalars(query))

    def moves_since(self, last_id: int, vendor_ids: Iterable[int], limit: int = 50_000) -> list[Any]:
        """What a board needs of the events after ``last_id`` (rows with attributes, no ORM objects: the
        dashboard reads every event once, at the ingest rate)."""
        columns = _BOARD_COLUMNS
        query = (
            select(*columns)
            .where(LiveEventRow.id > last_id, LiveEventRow.vendor_id.in_(list(vendor_ids)))
            .order_by(LiveEventRow.id)
            .limit(limit)
        )
        with self.store.session() as session:
            return list(session.execute(query))

    def board_events(self, vendor_id: int, now: datetime, chunk: int = 20_000) -> Iterator[list[Any]]:
        """What a new board needs, in chunks of at most ``chunk`` light rows (no ORM objects): each agent's
        latest login or logout (one per agent, however old), and the call events of today (the calendar day
        at the offset of the vendor's latest event) or of the last ``STALE_CALL`` if longer (calls waiting
        since before midnight). A busy line's first view costs a day of events read in pieces, never 36 h
        held at once."""
        columns = _BOARD_COLUMNS
        end = now + timedelta(days=1)
        with self.store.session() as session:
            latest = session.execute(
                select(LiveEventRow.offset_min)
                .where(LiveEventRow.vendor_id == vendor_id, LiveEventRow.ts < end)
                .order_by(LiveEventRow.ts.desc(), LiveEventRow.id.desc())
                .limit(1)
            ).first()
            if latest is None:
                return
            offset = timedelta(minutes=latest.offset_min or 0)
            local_midnight = (now + offset).replace(hour=0, minute=0, second=0, microsecond=0)
            start = min(local_midnight - offset, now - STALE_CALL)
            ranked = (
                select(
                    *columns,
                    func.row_number()
                    .over(partition_by=LiveEventRow.agent, order_by=(LiveEventRow.ts.desc(), LiveEventRow.id.desc()))
                    .label("nth"),
                )
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.type.in_(AGENT_EVENT_TYPES),
                    LiveEventRow.ts < end,
                )
                .subquery()
            )
            agents = session.execute(
                select(*(ranked.c[column.key] for column in columns)).where(ranked.c.nth == 1)
            ).all()
        if agents:
            yield list(agents)
        after: tuple[datetime, int] | None = None
        while True:
            query = (
                select(*columns)
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.call_id.is_not(None),
                    LiveEventRow.ts >= start,
                    LiveEventRow.ts < end,
                )
                .order_by(LiveEventRow.ts, LiveEventRow.id)
                .limit(chunk)
            )
            if after is not None:
                query = query.where(tuple_(LiveEventRow.ts, LiveEventRow.id) > after)
            with self.store.session() as session:
                rows = session.execute(query).all()
            if rows:
                yield list(rows)
            if len(rows) < chunk:
                return
            after = (rows[-1].ts, rows[-1].id)

    def events_between(self, vendor_id: int, start: datetime, end: datetime) -> list[LiveEventRow]:
        """Events of calls and agents with ``start <= ts < end`` (naive UTC), in time order."""
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(LiveEventRow)
                    .where(LiveEventRow.vendor_id == vendor_id, LiveEventRow.ts >= start, LiveEventRow.ts < end)
                    .order_by(LiveEventRow.ts, LiveEventRow.id)
                )
            )

    def last_received(self, vendor_id: int) -> datetime | None:
        with self.store.session() as session:
            return session.scalar(select(func.max(LiveEventRow.received_at)).where(LiveEventRow.vendor_id == vendor_id))

    # --- follower offsets -----------------------------------------------------------------------

    def offset(self, vendor_id: int, source: str) -> Offset | None:
        with self.store.session() as session:
            row = session.scalar(
                select(FollowOffsetRow).where(FollowOffsetRow.vendor_id == vendor_id, FollowOffsetRow.source == source)
            )
            return Offset(row.source, row.inode, row.position, row.head_sha256) if row else None

    def save_offset(self, vendor_id: int, offset: Offset) -> None:
        with self.store.session() as session:
            _save_offset(session, vendor_id, offset)

    # --- ingest tokens --------------------------------------------------------------------------

    def issue_token(self, vendor_id: int) -> str:
        """A new token for the vendor (the old one stops working); only its hash is kept."""
        token = "cs_" + secrets.token_urlsafe(32)
        digest = _token_sha256(token)
        self._tokens.clear()
        with self.store.session() as session:
            row = session.scalar(select(IngestTokenRow).where(IngestTokenRow.vendor_id == vendor_id))
            if row is None:
                session.add(IngestTokenRow(vendor_id=vendor_id, token_sha256=digest))
            else:
                row.token_sha256 = digest
                row.created_at = utcnow()
        return token

    def token_issued_at(self, vendor_id: int) -> datetime | None:
        with self.store.session() as session:
            return session.scalar(select(IngestTokenRow.created_at).where(IngestTokenRow.vendor_id == vendor_id))

    def cached_vendor(self, token: str) -> tuple[bool, int | None]:
        """(known, vendor id) from the token cache alone: no store access, safe on an event loop."""
        if not token or len(token) > 200:
            return True, None
        known = self._tokens.get(_token_sha256(token))
        if known is not None and time.monotonic() - known[1] < TOKEN_CACHE_S:
            return True, known[0]
        return False, None

    def vendor_for_token(self, token: str) -> int | None:
        if not token or len(token) > 200:
            return None
        with self.store.session() as session:
            return session.scalar(
                select(IngestTokenRow.vendor_id).where(IngestTokenRow.token_sha256 == _token_sha256(token))
            )

    # --- finished calls into the call store -------------------------------------------------------

    def move_finished(
        self,
        vendor: VendorRef,
        call_store: CallStore,
        *,
        now: datetime | None = None,
        window_s: float = DEFAULT_WINDOW_S,
    ) -> MoveResult:
        """Import the vendor's finished calls whose last event is older than ``window_s`` (naive UTC ``now``)."""
        now = now or utcnow()
        cutoff = now - timedelta(seconds=window_s)
        import_ids: list[int] = []
        calls = batches = 0
        while True:
            batch_id = (
                self._pending_batch(vendor.id)
                or self._late_batch(vendor.id, cutoff)
                or self._new_batch(vendor.id, cutoff)
            )
            if batch_id is None:
                break
            import_id, count = self._import_batch(vendor, batch_id, call_store)
            batches += 1
            calls += count
            if import_id is not None:
                import_ids.append(import_id)
        return MoveResult(batches, calls, tuple(import_ids))

    def _pending_batch(self, vendor_id: int) -> int | None:
        with self.store.session() as session:
            return session.scalar(
                select(LiveBatchRow.id)
                .where(LiveBatchRow.vendor_id == vendor_id, LiveBatchRow.state == "pending")
                .order_by(LiveBatchRow.id)
                .limit(1)
            )

    def _new_batch(self, vendor_id: int, cutoff: datetime) -> int | None:
        """Claim the finished calls (an end event, nothing newer than ``cutoff``) in one new pending batch."""
        with self.store.session() as session:
            open_calls = (
                select(LiveEventRow.call_id)
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.batch_id.is_(None),
                    LiveEventRow.call_id.is_not(None),
                    LiveEventRow.type != "survey",  # survey answers stay here (``survey_answers``)
                )
                .group_by(LiveEventRow.call_id)
                .having(
                    func.max(LiveEventRow.ts) < cutoff,
                    or_(
                        func.sum(case((LiveEventRow.type.in_(sorted(END_EVENT_TYPES)), 1), else_=0)) > 0,
                        # Open for hours: its end event is lost; it moves as the log has it (as a batch
                        # import of a log cut mid-call imports it).
                        func.max(LiveEventRow.ts) < cutoff - LOST_END,
                    ),
                )
            )
            moved_before = select(LiveEventRow.call_id).where(
                LiveEventRow.vendor_id == vendor_id,
                LiveEventRow.batch_id.is_not(None),
                LiveEventRow.call_id.is_not(None),  # NOT IN a list holding NULL would match nothing
            )
            # Events arriving after their call moved (later than the window) go with the call's batch, which
            # is imported again (``_late_batch``), not here.
            call_ids = list(session.scalars(open_calls.where(LiveEventRow.call_id.not_in(moved_before))))
            # Agents' logins and logouts older than the window move too: the call store's agent states
            # (who was logged in when: occupancy, agents per interval) come from them.
            agent_events = list(
                session.scalars(
                    select(LiveEventRow.id).where(
                        LiveEventRow.vendor_id == vendor_id,
                        LiveEventRow.batch_id.is_(None),
                        LiveEventRow.call_id.is_(None),
                        LiveEventRow.type.in_(AGENT_EVENT_TYPES),
                        LiveEventRow.ts < cutoff,
                    )
                )
            )
            if not call_ids and not agent_events:
                return None
            batch = LiveBatchRow(vendor_id=vendor_id, state="pending", calls=len(call_ids))
            session.add(batch)
            session.flush()
            for start in range(0, len(agent_events), 500):
                session.execute(
                    update(LiveEventRow)
                    .where(LiveEventRow.id.in_(agent_events[start : start + 500]))
                    .values(batch_id=batch.id)
                )
            _attach_call_events(session, vendor_id, call_ids, batch.id)
            return batch.id

    def _late_batch(self, vendor_id: int, cutoff: datetime) -> int | None:
        """A batch whose calls got events after they moved (a PBX resending, a follower catching up): those
        events join the batch, which becomes pending again and is imported anew in place of its import, so
        the call store has each call as all its events tell it. One batch per call; older batches first."""
        with self.store.session() as session:
            moved = (
                select(LiveEventRow.call_id, func.min(LiveEventRow.batch_id).label("batch_id"))
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.batch_id.is_not(None),
                    LiveEventRow.call_id.is_not(None),
                )
                .group_by(LiveEventRow.call_id)
                .subquery()
            )
            late = (
                select(LiveEventRow.call_id, moved.c.batch_id)
                .join(moved, moved.c.call_id == LiveEventRow.call_id)
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.batch_id.is_(None),
                    LiveEventRow.call_id.is_not(None),
                    LiveEventRow.type != "survey",
                )
                .group_by(LiveEventRow.call_id, moved.c.batch_id)
                .having(func.max(LiveEventRow.ts) < cutoff)
                .order_by(moved.c.batch_id)
            )
            rows = session.execute(late).all()
            if not rows:
                return None
            batch_id = rows[0].batch_id
            call_ids = [row.call_id for row in rows if row.batch_id == batch_id]
            _attach_call_events(session, vendor_id, call_ids, batch_id)
            # Pending with its old import named: ``_import_batch`` replaces that import (also when redone
            # after a crash, the old one then already gone).
            session.get(LiveBatchRow, batch_id).state = "pending"
            return batch_id

    def _agents_carried(self, vendor_id: int, batch_id: int) -> tuple[list[LiveEventRow], LiveEventRow | None]:
        """The agents logged in when the batch starts (their last login or logout moved in an earlier batch
        was a login), and the last event of the previous batch: they are logged in again at its moment, so
        that logins span batches as they span one file."""
        with self.store.session() as session:
            agent_rows = session.scalars(
                select(LiveEventRow)
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.batch_id < batch_id,
                    LiveEventRow.type.in_(AGENT_EVENT_TYPES),
                )
                .order_by(LiveEventRow.ts, LiveEventRow.id)
            )
            last: dict[tuple[str | None, str | None], LiveEventRow] = {}
            for row in agent_rows:
                last[(row.agent, row.queue)] = row
            logged_in = [row for row in last.values() if row.type == "agent_login"]
            if not logged_in:
                return [], None
            previous = session.scalar(
                select(LiveEventRow)
                .where(
                    LiveEventRow.vendor_id == vendor_id,
                    LiveEventRow.batch_id
                    == select(func.max(LiveBatchRow.id))
                    .where(LiveBatchRow.vendor_id == vendor_id, LiveBatchRow.id < batch_id)
                    .scalar_subquery(),
                )
                .order_by(LiveEventRow.ts.desc(), LiveEventRow.id.desc())
                .limit(1)
            )
            return logged_in, previous

    def _import_batch(self, vendor: VendorRef, batch_id: int, call_store: CallStore) -> tuple[int | None, int]:
        with self.store.session() as session:
            rows = list(
                session.scalars(
                    select(LiveEventRow)
                    .where(LiveEventRow.batch_id == batch_id)
                    .order_by(LiveEventRow.ts, LiveEventRow.id)
                )
            )
            replaced = session.get(LiveBatchRow, batch_id).import_id
            calls = len({row.call_id for row in rows if row.call_id is not None})
        carried, since = self._agents_carried(vendor.id, batch_id)
        text = queue_log_text(rows, carried=carried, since=since)
        if replaced is not None:
            # Late events joined an imported batch: its calls are imported again, whole, in its place.
            call_store.remove_import(vendor.evaluation_id, replaced)
        import_id: int | None = None
        if text:
            with TemporaryDirectory(prefix="callscout-live-") as folder:
                path = Path(folder) / f"live-{vendor.id}-{batch_id}.queue_log"
                path.write_text(text, encoding="utf-8")
                result = call_store.import_file(
                    path,
                    evaluation_id=vendor.evaluation_id,
                    vendor_id=vendor.id,
                    format_name="asterisk_queue_log",
                    if_exists="skip",
                )
                import_id = result.import_id
        with self.store.session() as session:
            batch = session.get(LiveBatchRow, batch_id)
            batch.state = "imported"
            batch.import_id = import_id
            batch.imported_at = utcnow()
            batch.calls = calls
            return import_id, calls if replaced is None else 0


def survey_answers(store: Store, vendors: Iterable[VendorRef]) -> list[dict[str, Any]]:
    """Post-call survey answers that came as live events (``survey``), as the survey report joins them:
    ``{"vendor": name now, "call_id", "csat", "nps"}``, the latest answer of each call. They stay in the
    live store (a queue_log has no place for them); the report reads them beside the calls' own columns."""
    names = {vendor.id: vendor.name for vendor in vendors}
    if not names:
        return []
    with store.session() as session:
        rows = session.execute(
            select(LiveEventRow.vendor_id, LiveEventRow.call_id, LiveEventRow.detail)
            .where(LiveEventRow.vendor_id.in_(list(names)), LiveEventRow.type == "survey")
            .order_by(LiveEventRow.ts, LiveEventRow.id)
        ).all()
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    for vendor_id, call_id, detail in rows:
        answer = latest.setdefault((vendor_id, call_id), {"vendor": names[vendor_id], "call_id": call_id})
        for key in ("csat", "nps"):
            if (detail or {}).get(key) is not None:
                answer[key] = int(detail[key])
    return [answer | {"csat": answer.get("csat"), "nps": answer.get("nps")} for answer in latest.values()]


# --- the queue_log a batch is imported as ---------------------------------------------------------


def queue_log_text(
    rows: Sequence[LiveEventRow], *, carried: Sequence[LiveEventRow] = (), since: LiveEventRow | None = None
) -> str:
    """Asterisk queue_log lines of the calls' events, one call after another, each in time order.

    Lines carry the event's own wall-clock time (its sender's offset); data fields the event came with
    (from a queue_log) are kept, the others are derived from the call's own times."""
    by_call: dict[str, list[LiveEventRow]] = {}
    lines: list[str] = []
    if since is not None:
        # Still logged in from earlier batches: a login at the previous batch's last moment.
        lines.extend(_agent_line(row, _wall_clock(since)) for row in carried)
    for row in rows:
        if row.call_id is not None:
            by_call.setdefault(row.call_id, []).append(row)
        elif row.type in AGENT_EVENT_TYPES:
            lines.append(_agent_line(row, _wall_clock(row)))
    for call_id, events in by_call.items():
        events.sort(key=lambda row: (row.ts, row.id))
        entered = next((row.ts for row in events if row.type == "enter_queue"), None)
        answered = next((row.ts for row in events if row.type == "answer"), None)
        for row in events:
            verb, data = _queue_log_verb(row, entered, answered)
            if verb is None:
                continue
            fields = [_wall_clock(row), _clean(call_id), _clean(row.queue or "NONE"), _clean(row.agent or "NONE"), verb]
            lines.append("|".join(fields + [_clean(value) for value in data]))
    return "\n".join(lines) + ("\n" if lines else "")


def _agent_line(row: LiveEventRow, wall_clock: str) -> str:
    """A login or logout: to a queue (ADDMEMBER/REMOVEMEMBER) when the event names one, else of the agent
    as a whole (AGENTLOGIN/AGENTLOGOFF); the import cuts the agents' time into states from them."""
    login = row.type == "agent_login"
    if row.queue:
        verb = "ADDMEMBER" if login else "REMOVEMEMBER"
    else:
        verb = "AGENTLOGIN" if login else "AGENTLOGOFF"
    return "|".join([wall_clock, "NONE", _clean(row.queue or "NONE"), _clean(row.agent or "NONE"), verb, ""])


def _queue_log_verb(
    row: LiveEventRow, entered: datetime | None, answered: datetime | None
) -> tuple[str | None, list[str]]:
    detail = row.detail or {}
    kept = detail.get("data")
    wait = _seconds(entered, answered or row.ts)
    talk = _seconds(answered, row.ts)
    if row.type == "enter_queue":
        return "ENTERQUEUE", kept or ["", row.caller or "", "1"]
    if row.type == "answer":
        return "CONNECT", kept or [wait, "", "0"]
    if row.type == "hangup" and answered is None:
        # Hung up before an agent answered: the caller abandoned.
        return "ABANDON", ["1", "1", wait]
    if row.type == "hangup":
        verb = "COMPLETEAGENT" if detail.get("side") == "agent" else "COMPLETECALLER"
        return verb, kept or [wait, talk, "1"]
    if row.type == "transfer":
        return "TRANSFER", kept or ["", "", wait, talk]
    if row.type == "abandon":
        reason = detail.get("reason") or "hangup"
        if reason == "key":
            return "EXITWITHKEY", kept or ["", "1", "1", wait]
        verb = {"timeout": "EXITWITHTIMEOUT", "empty": "EXITEMPTY"}.get(reason, "ABANDON")
        return verb, kept or ["1", "1", wait]
    return None, []


def _seconds(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return f"{max(0.0, (end - start).total_seconds()):g}"


def _wall_clock(row: LiveEventRow) -> str:
    local = row.ts + timedelta(minutes=row.offset_min or 0)
    return local.isoformat(sep=" ")


def _clean(value: str) -> str:
    """A field never breaks the line: separators and line ends inside values become spaces."""
    return value.replace("|", " ").replace("\n", " ").replace("\r", " ")


# --- helpers ------------------------------------------------------------------------------------


def _insert_ignoring_duplicates(store: Store) -> Any:
    """An INSERT that skips rows whose key another writer committed meanwhile (a race with a replay)."""
    insert = postgresql.insert if store.engine.dialect.name == "postgresql" else sqlite.insert
    return insert(LiveEventRow).on_conflict_do_nothing(index_elements=["vendor_id", "event_key"])


def _save_offset(session: Session, vendor_id: int, offset: Offset) -> None:
    row = session.scalar(
        select(FollowOffsetRow).where(FollowOffsetRow.vendor_id == vendor_id, FollowOffsetRow.source == offset.source)
    )
    if row is None:
        session.add(
            FollowOffsetRow(
                vendor_id=vendor_id,
                source=offset.source,
                inode=offset.inode,
                position=offset.position,
                head_sha256=offset.head_sha256,
            )
        )
    else:
        row.inode, row.position, row.head_sha256 = offset.inode, offset.position, offset.head_sha256


def _token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _attach_call_events(session: Session, vendor_id: int, call_ids: list[str], batch_id: int) -> None:
    """The calls' unmoved events join the batch (survey answers stay with the live store), 500 ids a statement."""
    for start in range(0, len(call_ids), 500):
        session.execute(
            update(LiveEventRow)
            .where(
                LiveEventRow.vendor_id == vendor_id,
                LiveEventRow.batch_id.is_(None),
                LiveEventRow.call_id.in_(call_ids[start : start + 500]),
                LiveEventRow.type != "survey",
            )
            .values(batch_id=batch_id)
        )
