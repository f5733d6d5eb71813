"""legal: cache of registry and whois answers

Revision ID: 0004_legal
Revises: 0003_qa
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_legal"
down_revision = "0003_qa"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "legal_lookups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "key"),
    )


def downgrade() -> None:
    op.drop_table("legal_lookups")
