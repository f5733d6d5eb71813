"""The call store's manifest in the SQL store: which Parquet files hold which vendor's calls.

Call rows themselves never pass through the SQL store (10 million rows must import in seconds);
a file counts as imported only once its manifest row is committed, which makes every import atomic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callscout.store.tables import Base, VendorRow, utcnow


class CallImportRow(Base):
    """One imported file of one evaluation: a vendor's call log, or the shop's orders (``vendor_id`` NULL:
    they are the buyer's, not a vendor's). Owned by ids (migration 0008_ownership): removing the vendor or
    the evaluation removes its imports. A row whose ``evaluation_id`` is NULL is a legacy import the
    migration could not attribute: kept, but no query reads it."""

    __tablename__ = "call_imports"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "vendor_id", "kind", "source_sha256", name="uq_call_imports_source"),
        Index("ix_call_imports_owner", "evaluation_id", "vendor_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), doc="calls | orders")
    format: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_size: Mapped[int] = mapped_column(BigInteger)
    rows: Mapped[int] = mapped_column(BigInteger)
    data_path: Mapped[str] = mapped_column(Text, doc="Parquet file, relative to the call data folder")
    first_at: Mapped[datetime | None]
    last_at: Mapped[datetime | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    vendor: Mapped[VendorRow | None] = relationship(lazy="joined")

    @property
    def vendor_name(self) -> str:
        return self.vendor.name if self.vendor is not None else ""


class CallMappingRow(Base):
    """A named column mapping of a vendor cabinet's export, saved for the next file of the same kind."""

    __tablename__ = "call_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
