"""One computation for everyone waiting on the same key (Go's ``singleflight``), on the event loop.

The first request for a key starts the work in a worker thread; requests arriving meanwhile await the same
future instead of taking threads of their own and blocking them on a lock (50 polling tabs must not occupy
the whole thread pool while one of them computes). Nothing is kept once the work ends: caching the result
is the caller's business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool


class SingleFlight:
    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[Any]] = {}
        self.started = 0  # how many computations ran (tests and benchmarks read it)

    async def run(self, key: str, work: Callable[[], Any]) -> Any:
        running = self._running.get(key)
        if running is None:
            self.started += 1
            running = asyncio.ensure_future(run_in_threadpool(work))
            self._running[key] = running
            running.add_done_callback(lambda _done: self._running.pop(key, None))
        # shield: one impatient client that disconnects must not cancel the work the others wait for.
        return await asyncio.shield(running)
