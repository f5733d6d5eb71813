"""result documents per run: every pipeline run keeps its own result document with its options, not only an
evaluation's latest (the cabinet and ``callscout report`` open an earlier run's by its id)

Revision ID: 0015_typed
Revises: 0014_finding_params
Create Date: 2026-12-07 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_typed"
down_revision = "0014_finding_params"
branch_labels = None
depends_on = None

# SQLite keeps 0010's unique constraint unnamed: batch mode names it by this convention so it can be dropped.
_SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unique_on_evaluation() -> str | None:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("result_documents"):
        if constraint["column_names"] == ["evaluation_id"]:
            return constraint["name"]
    return None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("result_documents", naming_convention=_SQLITE_NAMES) as batch:
            batch.drop_constraint("uq_result_documents_evaluation_id", type_="unique")
    else:
        name = _unique_on_evaluation()
        if name is not None:
            op.drop_constraint(name, "result_documents", type_="unique")
    with op.batch_alter_table("result_documents") as batch:
        batch.add_column(sa.Column("options", sa.JSON(), nullable=True))
        batch.create_index("ix_result_documents_evaluation", ["evaluation_id", "id"])


def downgrade() -> None:
    # One document per evaluation again: its latest.
    op.execute(
        "DELETE FROM result_documents WHERE id NOT IN "
        "(SELECT latest FROM (SELECT max(id) AS latest FROM result_documents GROUP BY evaluation_id) AS kept)"
    )
    with op.batch_alter_table("result_documents", naming_convention=_SQLITE_NAMES) as batch:
        batch.drop_index("ix_result_documents_evaluation")
        batch.drop_column("options")
        batch.create_unique_constraint("uq_result_documents_evaluation_id", ["evaluation_id"])
