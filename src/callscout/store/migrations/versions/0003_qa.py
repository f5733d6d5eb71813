"""quality control: scorecard forms, immutable grades with audit trail, quizzes, mystery-shopper calls

Revision ID: 0003_qa
Revises: 0002_calls
Create Date: 2026-11-27 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_qa"
down_revision = "0002_calls"
branch_labels = None
depends_on = None

IMMUTABLE = ("qa_grades", "qa_answers")


def upgrade() -> None:
    op.create_table(
        "qa_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "qa_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("call_ref", sa.String(length=300), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=True),
        sa.Column("operator", sa.String(length=200), nullable=True),
        sa.Column("grader", sa.String(length=120), nullable=False),
        sa.Column("call_at", sa.DateTime(), nullable=True),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("band", sa.String(length=120), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["form_id"], ["qa_forms.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_id", "call_ref", "grader", name="uq_qa_grades_once"),
    )
    op.create_index("ix_qa_grades_form_id", "qa_grades", ["form_id"])
    op.create_index("ix_qa_grades_vendor", "qa_grades", ["vendor"])
    op.create_index("ix_qa_grades_operator", "qa_grades", ["operator"])
    op.create_table(
        "qa_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["grade_id"], ["qa_grades.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_qa_answers_grade_id", "qa_answers", ["grade_id"])
    op.create_table(
        "qa_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "qa_quizzes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("pass_mark", sa.Double(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "qa_quiz_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=200), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["quiz_id"], ["qa_quizzes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_qa_quiz_results_quiz_id", "qa_quiz_results", ["quiz_id"])
    op.create_table(
        "qa_mystery_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("answer_s", sa.Double(), nullable=True),
        sa.Column("rings", sa.Integer(), nullable=True),
        sa.Column("transferred", sa.Boolean(), nullable=False),
        sa.Column("recording", sa.Text(), nullable=True),
        sa.Column("recording_check", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("grade_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["grade_id"], ["qa_grades.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_qa_mystery_calls_vendor", "qa_mystery_calls", ["vendor"])
    _create_immutability_triggers()


def _create_immutability_triggers() -> None:
    """Submitted grades stay as submitted even for someone who bypasses CallScout and edits the database."""
    dialect = op.get_bind().dialect.name
    for table in IMMUTABLE:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} are immutable once submitted'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE FUNCTION {table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} are immutable once submitted'; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_immutable()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in IMMUTABLE:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_immutable()")
    op.drop_index("ix_qa_mystery_calls_vendor", table_name="qa_mystery_calls")
    op.drop_table("qa_mystery_calls")
    op.drop_index("ix_qa_quiz_results_quiz_id", table_name="qa_quiz_results")
    op.drop_table("qa_quiz_results")
    op.drop_table("qa_quizzes")
    op.drop_table("qa_audit")
    op.drop_index("ix_qa_answers_grade_id", table_name="qa_answers")
    op.drop_table("qa_answers")
    op.drop_index("ix_qa_grades_operator", table_name="qa_grades")
    op.drop_index("ix_qa_grades_vendor", table_name="qa_grades")
    op.drop_index("ix_qa_grades_form_id", table_name="qa_grades")
    op.drop_table("qa_grades")
    op.drop_table("qa_forms")
