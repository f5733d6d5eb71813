"""Finding single calls in a vendor's imported call logs: to pick one for grading, by date, agent or id."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from callscout.calls.storage import CallStore
from callscout.store.ownership import VendorRef

PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
CALL_COLUMNS = ("call_id", "arrival", "agent", "outcome", "queue", "wait_s", "talk_s", "recording")


@dataclass
class CallPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def find_calls(
    calls: CallStore,
    vendor: VendorRef,
    *,
    text: str | None = None,
    start: date | None = None,
    end: date | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> CallPage:
    """The vendor's calls, newest first; ``text`` matches the call id or the agent (case-insensitive),
    ``start``..``end`` are whole days of arrival, both included."""
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    page = max(1, page)
    conditions = ["vendor = ?"]
    parameters: list[Any] = [vendor.name]
    if text:
        conditions.append("(contains(lower(call_id), ?) OR contains(lower(coalesce(agent, '')), ?))")
        parameters += [text.strip().lower()] * 2
    if start:
        conditions.append("arrival >= ?")
        parameters.append(datetime.combine(start, datetime.min.time()))
    if end:
        conditions.append("arrival < ?")
        parameters.append(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    where = " AND ".join(conditions)
    with calls.reader(vendor.evaluation_id, [vendor.id]) as connection:
        total = connection.execute(f"SELECT count(*) FROM calls WHERE {where}", parameters).fetchone()[0]
        found = connection.execute(
            f"SELECT {', '.join(CALL_COLUMNS)} FROM calls WHERE {where} "
            "ORDER BY arrival DESC NULLS LAST, call_id LIMIT ? OFFSET ?",
            [*parameters, per_page, (page - 1) * per_page],
        ).fetchall()
    return CallPage([dict(zip(CALL_COLUMNS, row, strict=True)) for row in found], total, page, per_page)


def get_call(calls: CallStore, vendor: VendorRef, call_id: str) -> dict[str, Any] | None:
    """One imported call of the vendor (of its evaluation) by its id, or None."""
    with calls.reader(vendor.evaluation_id, [vendor.id]) as connection:
        row = connection.execute(
            f"SELECT {', '.join(CALL_COLUMNS)} FROM calls WHERE vendor = ? AND call_id = ? LIMIT 1",
            [vendor.name, call_id],
        ).fetchone()
    return dict(zip(CALL_COLUMNS, row, strict=True)) if row else None
