"""live survey answers: an index to read a vendor's post-call survey events without scanning its events

Revision ID: 0013_gaps
Revises: 0012_jobs
Create Date: 2026-12-07 21:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0013_gaps"
down_revision = "0012_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_live_events_vendor_type", "live_events", ["vendor_id", "type"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_live_events_vendor_type", table_name="live_events")
