"""The store's tables. Evidence and snapshots are kept so that every finding stays reproducible."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class EvaluationRow(Base):
    """An evaluation. Its name is unique per owner, not across the store (migration 0008_ownership): a
    cabinet user must not learn which names other users' evaluations have by trying to create one.
    ``owner_id`` is the id of the cabinet user who created it (``users.id``; kept without a foreign key so
    the core tables stand without the accounts tables), NULL for evaluations made from the command line."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_evaluations_owner_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    source_path: Mapped[str | None] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The whole evaluation as validated JSON")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendors: Mapped[list[VendorRow]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="VendorRow.position"
    )


class VendorRow(Base):
    __tablename__ = "vendors"
    __table_args__ = (UniqueConstraint("evaluation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    evaluation: Mapped[EvaluationRow] = relationship(back_populates="vendors")


class RunRow(Base):
    """One run of a kind of work (web audit, legal check, audio check...) on one target."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_target_kind", "target", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"))
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, doc="The run's full JSON result")

    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="FindingRow.id"
    )
    snapshots: Mapped[list[SnapshotRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="SnapshotRow.id"
    )


class ResultDocumentRow(Base):
    """The result document of one pipeline run (model/result.py, as report.json holds it), with the run's time and
    options. Every run keeps its own; the cabinet's ranking page, the report and the workbook read an evaluation's
    latest unless an earlier one is asked for by its id. Never report.json from disk."""

    __tablename__ = "result_documents"
    __table_args__ = (Index("ix_result_documents_evaluation", "evaluation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, doc="The run's number, shown and typed by users")
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"), doc="The run's scoring record (kind 'scoring')"
    )
    callscout_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON, doc="The run's options (RunOptions.as_json)")
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column(String(60))
    code: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The message's values, so the finding is rendered in the reader's language when read back (present.findings).
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    run: Mapped[RunRow] = relationship(back_populates="findings")


class ContentRow(Base):
    """Fetched bytes, stored once per content hash however many runs saw them."""

    __tablename__ = "contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    body: Mapped[bytes] = mapped_column(LargeBinary)


class SnapshotRow(Base):
    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(ForeignKey("contents.sha256"))
    size: Mapped[int] = mapped_column(default=0)

    run: Mapped[RunRow] = relationship(back_populates="snapshots")


class LegalLookupRow(Base):
    """The latest answer of a registry or whois server for one key, with its date, so reruns are offline."""

    __tablename__ = "legal_lookups"
    __table_args__ = (UniqueConstraint("source", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(255))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class JobRow(Base):
    """A background job started from the cabinet (a website audit, a call-log import, a report build): its
    progress lives here, not in the process that runs it, so that any server process can report it and a
    restart leaves it "interrupted"."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_subject", "kind", "evaluation_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(200), doc="What the job works on, e.g. the vendor's name")
    # "kind/evaluation/subject" while the job runs, NULL once it ended: one running job per subject, kept by
    # the unique constraint even when two server processes start it at the same moment.
    running_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    state: Mapped[str] = mapped_column(String(20))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(
        String(200), doc="host:pid:nonce of the process running it, or queue:<name> while a broker holds it"
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # What a worker needs to run the job again (a job of the task catalogue, ``callscout.jobs.tasks``):
    # JSON parameters; NULL for work handed over as a closure to a thread of the process that started it.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Renewed by the worker process that runs a broker job (its heartbeat): past it the job reads
    # "interrupted" from any machine, even one that cannot see the worker's process.
    lease_until: Mapped[datetime | None] = mapped_column()
