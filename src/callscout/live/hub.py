"""The server's live boards: one ``Board`` per watched vendor, kept current from the store.

Events reach the store from any process (the HTTP endpoint, a ``calls follow`` elsewhere); the hub reads
what is new by row id (``refresh``), so every path shows on the page the same way. Feeding an event twice
is harmless (a board keeps each call's earliest and latest moments), which makes loading a new board while
others refresh safe without locks around the store.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from callscout.live.board import Board, BoardSettings
from callscout.live.ingest import LiveStore
from callscout.model import Evaluation


def board_settings(evaluation: Evaluation | None, vendor_name: str) -> BoardSettings:
    """The vendor's SLA threshold (else the buyer's service-level target) and the buyer's schedule."""
    if evaluation is None:
        return BoardSettings()
    vendor = evaluation.vendor(vendor_name)
    seconds = (
        vendor.sla.service_level_seconds
        if vendor is not None and vendor.sla is not None
        else evaluation.needs.service_level.seconds
    )
    return BoardSettings(service_level_s=seconds, schedule=evaluation.needs.schedule)


class LiveHub:
    def __init__(self, live: LiveStore) -> None:
        self.live = live
        self.boards: dict[int, Board] = {}
        self.last_id = 0
        self._lock = threading.Lock()

    def board(self, vendor_id: int, settings: BoardSettings) -> Board:
        with self._lock:
            board = self.boards.get(vendor_id)
            if board is not None and board.settings == settings:
                return board
        fresh = Board(settings)
        now = datetime.now(UTC).replace(tzinfo=None)
        for rows in self.live.board_events(vendor_id, now):
            fresh.feed(rows)
        with self._lock:
            self.boards[vendor_id] = fresh
            if not self.last_id:
                self.last_id = fresh.last_id
        return fresh

    def refresh(self) -> int:
        """Feed the boards what was committed since the last call; the number of new events."""
        with self._lock:
            rows = self.live.moves_since(self.last_id, list(self.boards))
            for row in rows:
                board = self.boards.get(row.vendor_id)
                if board is not None:
                    board.feed([row])
            if rows:
                self.last_id = max(self.last_id, rows[-1].id)
            now = datetime.now(UTC).replace(tzinfo=None)
            for board in self.boards.values():
                board.prune(now)
            return len(rows)

    def figures(self, vendor_id: int, settings: BoardSettings) -> dict[str, Any]:
        board = self.board(vendor_id, settings)
        self.refresh()
        with self._lock:
            return board.figures()
