"""Tables of quality control (migration 0003_qa). Submitted grades and their answers are immutable:
the ORM refuses to update or delete them, and database triggers refuse it to anyone else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callscout.store.tables import Base, utcnow


class QaFormRow(Base):
    """A scorecard form of one evaluation; ``evaluation_id`` NULL is a shared template (read-only to
    everyone: only forms the 0008_ownership migration could not attribute to one evaluation)."""

    __tablename__ = "qa_forms"
    __table_args__ = (UniqueConstraint("evaluation_id", "code", name="uq_qa_forms_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaGradeRow(Base):
    """One grader's rating of one call against one form: written once, never changed. Owned by its
    evaluation and vendor ids (``vendor`` is only the name the vendor had when graded); a vendor or an
    evaluation with submitted grades cannot be deleted (the grades are immutable evidence)."""

    __tablename__ = "qa_grades"
    __table_args__ = (
        UniqueConstraint("form_id", "call_ref", "grader", name="uq_qa_grades_once"),
        Index("ix_qa_grades_vendor_call", "vendor_id", "call_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("qa_forms.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"), index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    call_ref: Mapped[str] = mapped_column(String(300))
    vendor: Mapped[str | None] = mapped_column(String(200), index=True)
    operator: Mapped[str | None] = mapped_column(String(200), index=True)
    grader: Mapped[str] = mapped_column(String(120))
    call_at: Mapped[datetime | None]
    # The call's id in the vendor's imported call log (migration 0007_callgrades); NULL for recordings
    # and calls graded by a free reference.
    call_id: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float]
    band: Mapped[str | None] = mapped_column(String(120))
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    answers: Mapped[list[QaAnswerRow]] = relationship(back_populates="grade", order_by="QaAnswerRow.id")


class QaAnswerRow(Base):
    __tablename__ = "qa_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    grade_id: Mapped[int] = mapped_column(ForeignKey("qa_grades.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(60))
    value: Mapped[float | None] = mapped_column(doc="0..1; NULL for not applicable")
    comment: Mapped[str | None] = mapped_column(Text)

    grade: Mapped[QaGradeRow] = relationship(back_populates="answers")


class QaAuditRow(Base):
    """Who did what when: submissions, refused attempts to change, definitions created."""

    __tablename__ = "qa_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class QaQuizRow(Base):
    """An operators' quiz of one evaluation; ``evaluation_id`` NULL: a shared read-only template."""

    __tablename__ = "qa_quizzes"
    __table_args__ = (UniqueConstraint("evaluation_id", "code", name="uq_qa_quizzes_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(Text)
    pass_mark: Mapped[float]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaQuizResultRow(Base):
    __tablename__ = "qa_quiz_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("qa_quizzes.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    operator: Mapped[str] = mapped_column(String(200))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[float]
    passed: Mapped[bool]
    recorded_by: Mapped[str] = mapped_column(String(120))
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaMysteryCallRow(Base):
    """A test call the buyer made to a vendor's line, posing as a customer."""

    __tablename__ = "qa_mystery_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    called_at: Mapped[datetime]
    answered: Mapped[bool]
    answer_s: Mapped[float | None]
    rings: Mapped[int | None]
    transferred: Mapped[bool] = mapped_column(default=False)
    recording: Mapped[str | None] = mapped_column(Text)
    recording_check: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    grade_id: Mapped[int | None] = mapped_column(ForeignKey("qa_grades.id"))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImmutableGradeError(RuntimeError):
    pass


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ImmutableGradeError(f"{type(target).__name__} {target.id} is submitted and cannot change")


for _row in (QaGradeRow, QaAnswerRow):
    event.listen(_row, "before_update", _refuse_change)
    event.listen(_row, "before_delete", _refuse_change)
