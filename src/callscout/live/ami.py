"""Following Asterisk's Manager Interface (AMI) with panoramisk: queue events as they happen, reconnecting
with a growing pause (1, 2, 4 ... 60 s) when the connection drops or cannot be made.

AMI keeps no history: what happens while the connection is down is not sent again. The queue_log on the
PBX has it (``calls follow FILE`` on the same vendor fills the gap: the events' keys make the overlap free).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from callscout.errors import DataError, UsageError
from callscout.i18n import msg
from callscout.live.adapters import ami_event
from callscout.live.ingest import LiveStore
from callscout.store.ownership import VendorRef

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 60.0
# The app_queue events ``ami_event`` turns into live events.
QUEUE_EVENTS = (
    "QueueCallerJoin",
    "AgentConnect",
    "AgentComplete",
    "QueueCallerAbandon",
    "QueueMemberAdded",
    "QueueMemberRemoved",
)


@dataclass(frozen=True)
class AmiTarget:
    host: str
    port: int
    username: str
    secret: str

    @property
    def safe(self) -> str:
        return f"ami://{self.username}:***@{self.host}:{self.port}"


def parse_ami_url(url: str) -> AmiTarget:
    parts = urlsplit(url)
    if parts.scheme != "ami" or not parts.hostname or not parts.username:
        raise UsageError(msg("live.ami.ami_address_use_ami_user_password"))
    return AmiTarget(parts.hostname, parts.port or 5038, unquote(parts.username), unquote(parts.password or ""))


@dataclass
class AmiStats:
    connections: int = 0
    logins: int = 0
    accepted: int = 0
    delays: list[float] = field(default_factory=list)


async def follow_ami_async(
    live: LiveStore,
    vendor_id: int,
    target: AmiTarget,
    stop: asyncio.Event,
    *,
    base_backoff_s: float = 1.0,
    stats: AmiStats | None = None,
) -> AmiStats:
    """Run until ``stop`` is set; every queue event is committed (in a worker thread) as it arrives."""
    from panoramisk import Manager

    stats = stats or AmiStats()
    loop = asyncio.get_running_loop()

    class BackoffManager(Manager):
        """panoramisk retries after ``reconnect_timeout``; it grows with every failed try until a login."""

        failures = 0

        def connect(self, *args: Any, **kwargs: Any) -> Any:
            if stop.is_set():
                return None
            stats.connections += 1
            self.reconnect_timeout = min(MAX_BACKOFF_S, base_backoff_s * 2**self.failures)
            stats.delays.append(self.reconnect_timeout)
            self.failures += 1
            return super().connect(*args, **kwargs)

    def logged_in(manager: Any) -> None:
        stats.logins += 1
        manager.failures = 0

    manager = BackoffManager(
        loop=loop,
        host=target.host,
        port=target.port,
        username=target.username,
        secret=target.secret,
        ping_delay=30,
        ping_interval=30,
        reconnect_timeout=base_backoff_s,
        on_login=logged_in,
        log=log,
    )
    pending: set[asyncio.Future[Any]] = set()
    # One writer thread: events are committed in the order they arrived, off the event loop.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ami-ingest")

    def on_event(_manager: Any, message: Any) -> None:
        try:
            event = ami_event(dict(message), datetime.now(UTC))
        except DataError as error:  # one malformed event is skipped with its reason; the stream goes on
            log.warning("%s", error)
            return
        if event is None:
            return
        future = loop.run_in_executor(writer, live.ingest, vendor_id, [event])
        pending.add(future)

        def done(finished: asyncio.Future[Any]) -> None:
            pending.discard(finished)
            if not finished.cancelled() and finished.exception() is None:
                stats.accepted += finished.result().accepted

        future.add_done_callback(done)

    for name in QUEUE_EVENTS:
        manager.register_event(name, on_event)
    manager.connect()
    try:
        await stop.wait()
    finally:
        manager.close()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        writer.shutdown(wait=True)
    return stats


def follow_ami(
    live: LiveStore,
    vendor: VendorRef,
    url: str,
    *,
    stop_after: float | None = None,
    on_start: Callable[[], None] | None = None,
) -> AmiStats:
    """The blocking form for the command line: until Ctrl+C (or ``stop_after`` seconds)."""
    target = parse_ami_url(url)

    async def main() -> AmiStats:
        stop = asyncio.Event()
        if stop_after is not None:
            asyncio.get_running_loop().call_later(stop_after, stop.set)
        if on_start:
            on_start()
        return await follow_ami_async(live, vendor.id, target, stop)

    return asyncio.run(main())
