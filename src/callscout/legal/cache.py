"""Registry and whois answers kept in the store with their date: reruns and reports need no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from callscout.store import Store
from callscout.store.tables import LegalLookupRow

DEFAULT_MAX_AGE = timedelta(days=30)


def load(
    store: Store, source: str, key: str, max_age: timedelta | None = DEFAULT_MAX_AGE
) -> tuple[Any, datetime] | None:
    """The cached payload and when it was fetched (UTC), or ``None`` when absent or older than ``max_age``."""
    with store.session() as session:
        row = session.scalar(select(LegalLookupRow).where(LegalLookupRow.source == source, LegalLookupRow.key == key))
        if row is None:
            return None
        fetched_at = row.fetched_at.replace(tzinfo=UTC)
        if max_age is not None and datetime.now(UTC) - fetched_at > max_age:
            return None
        return row.payload, fetched_at


def save(store: Store, source: str, key: str, payload: Any, fetched_at: datetime | None = None) -> None:
    moment = (fetched_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    with store.session() as session:
        row = session.scalar(select(LegalLookupRow).where(LegalLookupRow.source == source, LegalLookupRow.key == key))
        if row is None:
            session.add(LegalLookupRow(source=source, key=key, payload=payload, fetched_at=moment))
        else:
            row.payload = payload
            row.fetched_at = moment
