"""finding params: the values of a finding's message, kept so that a stored finding is rendered in the reader's
language from its code and params (present.findings), not only in the language it was stored in

Revision ID: 0014_finding_params
Revises: 0013_gaps
Create Date: 2026-12-07 22:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_finding_params"
down_revision = "0013_gaps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("params")
