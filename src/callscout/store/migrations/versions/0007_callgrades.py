"""grades of calls from the imported call logs: the call's id beside the grade

Revision ID: 0007_callgrades
Revises: 0006_jobs
Create Date: 2026-11-27 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_callgrades"
down_revision = "0006_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column added in place: no table rebuild, so the immutability triggers on qa_grades stay.
    op.add_column("qa_grades", sa.Column("call_id", sa.String(length=200), nullable=True))
    op.create_index("ix_qa_grades_call_id", "qa_grades", ["vendor", "call_id"])


def downgrade() -> None:
    op.drop_index("ix_qa_grades_call_id", table_name="qa_grades")
    # Plain ALTER TABLE (SQLite 3.35+, PostgreSQL): a batch rebuild would drop the immutability triggers.
    op.execute("ALTER TABLE qa_grades DROP COLUMN call_id")
