"""The live tables: events as they arrive, their moves into the call store, ingest tokens, follower offsets
and alerts. Every row belongs to a vendor of an evaluation (``vendors.id``), never to a vendor's name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from callscout.store.tables import Base, utcnow


class LiveEventRow(Base):
    """One queue or agent event. ``event_key`` makes a replayed event or a re-sent batch a no-op."""

    __tablename__ = "live_events"
    __table_args__ = (
        UniqueConstraint("vendor_id", "event_key", name="uq_live_events_key"),
        Index("ix_live_events_vendor_call", "vendor_id", "call_id"),
        Index("ix_live_events_vendor_ts", "vendor_id", "ts"),
        Index("ix_live_events_batch", "batch_id"),
        Index("ix_live_events_vendor_type", "vendor_id", "type"),  # survey answers (migration 0013_gaps)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(20))
    call_id: Mapped[str | None] = mapped_column(String(200))
    ts: Mapped[datetime] = mapped_column(doc="UTC")
    offset_min: Mapped[int] = mapped_column(Integer, default=0, doc="The sender's UTC offset, minutes")
    queue: Mapped[str | None] = mapped_column(String(200))
    agent: Mapped[str | None] = mapped_column(String(200))
    caller: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, doc="side, reason, raw queue_log data")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_batches.id", ondelete="SET NULL"), doc="The move that took the call to the call store"
    )


class LiveBatchRow(Base):
    """Finished calls moved into the call store as one import: ``pending`` until the import committed."""

    __tablename__ = "live_batches"
    __table_args__ = (Index("ix_live_batches_vendor_state", "vendor_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    calls: Mapped[int] = mapped_column(Integer, default=0)
    import_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_at: Mapped[datetime | None]


class IngestTokenRow(Base):
    """A vendor's ingest token, stored as its SHA-256 only (the token is 32 random bytes)."""

    __tablename__ = "ingest_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), unique=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowOffsetRow(Base):
    """How far a follower read a source (a file's inode and byte offset), advanced only after a commit."""

    __tablename__ = "follow_offsets"
    __table_args__ = (UniqueConstraint("vendor_id", "source", name="uq_follow_offsets_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text)
    inode: Mapped[int] = mapped_column(BigInteger, default=0)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    head_sha256: Mapped[str | None] = mapped_column(String(64), doc="The file's first line: a replaced file")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LiveAlertRow(Base):
    """One alert episode of a rule: fired, notified, recovered."""

    __tablename__ = "live_alerts"
    __table_args__ = (Index("ix_live_alerts_vendor_rule", "vendor_id", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), doc="firing | recovered")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    recovered_at: Mapped[datetime | None]
    delivered: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, doc="what was sent, where, and errors")
