"""ownership: every call import, grade, quiz, mystery call and guest link belongs to an evaluation's vendor by id

Revision ID: 0008_ownership
Revises: 0007_callgrades
Create Date: 2026-12-07 18:30:00

Until now these rows named their vendor by name across the whole store, so a same-named vendor in another
user's evaluation reached them. Existing rows are attributed by matching the name within the evaluations:

* a vendor name found in exactly one evaluation gives the row that vendor's id and evaluation;
* a row without a vendor (a grade or quiz result of a free call reference) takes the evaluation of its
  form or quiz;
* forms and quizzes take the one evaluation their grades or results belong to, or the store's only
  evaluation; a form or quiz used by several evaluations (or none, in a store with several) becomes a
  shared template (``evaluation_id`` NULL): every evaluation may use it, nobody may change it;
* the shop's orders files (kind ``orders``) belong to the store's only evaluation, or to the evaluation of
  the vendor they were imported under;
* guest links match their vendor name inside their own evaluation;
* evaluation names become unique per owner (the user holding the owner role on it, NULL for none) instead of
  across the store.

Rows that cannot be attributed (a name held by vendors of several evaluations, or by none) are NOT given to
anyone: call imports, grades, quiz results and mystery calls keep ``evaluation_id`` NULL, which no query
reads (the data stays in the store, invisible, for an administrator to re-import into the right
evaluation; grades are immutable evidence and are never deleted); guest links of a vendor that no longer
exists are deleted (a link is an access token, not data). Parquet files of old imports stay where they are:
readers only follow the manifest's ``data_path``; new imports are placed by vendor id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_ownership"
down_revision = "0007_callgrades"
branch_labels = None
depends_on = None


def _owner(names: dict[str, list[tuple[int, int]]], name: str | None) -> tuple[int | None, int | None]:
    """(evaluation_id, vendor_id) of the one vendor of this name in the store, else (None, None)."""
    found = names.get(name or "", [])
    return found[0] if len(found) == 1 else (None, None)


def _add_column(table: str, column: str, references: str, cascade: bool) -> None:
    # Plain ALTER TABLE (SQLite and PostgreSQL alike): a nullable column with its foreign key, no rebuild
    # (which on qa_grades would drop the immutability triggers).
    action = " ON DELETE CASCADE" if cascade else ""
    op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {references} (id){action}")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # Before anything is written (no transaction yet): the evaluations table is made again below, and
        # with foreign keys on, dropping it would cascade into every table that references it.
        op.execute("PRAGMA foreign_keys = OFF")
        # Any write opens the transaction the rebuilds below rely on (deferred foreign keys).
        op.execute("UPDATE alembic_version SET version_num = version_num")
        op.execute("PRAGMA defer_foreign_keys = ON")
    vendor_rows = bind.execute(sa.text("SELECT id, evaluation_id, name FROM vendors")).all()
    evaluation_ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM evaluations")).all()]
    only_evaluation = evaluation_ids[0] if len(evaluation_ids) == 1 else None
    names: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for vendor_id, evaluation_id, name in vendor_rows:
        names[name].append((evaluation_id, vendor_id))

    for table, cascade in (
        ("call_imports", True),
        ("qa_grades", False),
        ("qa_quiz_results", True),
        ("qa_mystery_calls", True),
    ):
        _add_column(table, "evaluation_id", "evaluations", cascade)
        _add_column(table, "vendor_id", "vendors", cascade)
    _add_column("guest_links", "vendor_id", "vendors", True)
    op.add_column("guest_links", sa.Column("revoked_at", sa.DateTime(), nullable=True))

    # --- call imports -------------------------------------------------------------------------------
    for import_id, vendor, kind in bind.execute(sa.text("SELECT id, vendor, kind FROM call_imports")).all():
        evaluation_id, vendor_id = _owner(names, vendor)
        if kind == "orders" and evaluation_id is None:
            evaluation_id = only_evaluation
            vendor_id = next((v for e, v in names.get(vendor, []) if e == evaluation_id), None)
        _update(bind, "call_imports", import_id, evaluation_id=evaluation_id, vendor_id=vendor_id)

    # --- grades (immutable: their triggers are lifted for this one update) ----------------------------
    _drop_grade_triggers(bind.dialect.name)
    form_owner = _attribute_with_definition(bind, "qa_grades", "form_id", "qa_forms", names, only_evaluation)
    _create_grade_triggers(bind.dialect.name)
    op.drop_index("ix_qa_grades_call_id", table_name="qa_grades")
    op.create_index("ix_qa_grades_vendor_call", "qa_grades", ["vendor_id", "call_id"])
    op.create_index("ix_qa_grades_evaluation_id", "qa_grades", ["evaluation_id"])
    op.create_index("ix_qa_grades_vendor_id", "qa_grades", ["vendor_id"])

    # --- quizzes and their results -------------------------------------------------------------------
    quiz_owner = _attribute_with_definition(bind, "qa_quiz_results", "quiz_id", "qa_quizzes", names, only_evaluation)

    # --- mystery calls --------------------------------------------------------------------------------
    for call_id, vendor in bind.execute(sa.text("SELECT id, vendor FROM qa_mystery_calls")).all():
        evaluation_id, vendor_id = _owner(names, vendor)
        _update(bind, "qa_mystery_calls", call_id, evaluation_id=evaluation_id, vendor_id=vendor_id)

    # --- guest links: their vendor inside their own evaluation, or gone -------------------------------
    own = {(evaluation_id, name): vendor_id for vendor_id, evaluation_id, name in vendor_rows}
    for token, evaluation_id, name in bind.execute(
        sa.text("SELECT token_sha256, evaluation_id, vendor_name FROM guest_links")
    ).all():
        vendor_id = own.get((evaluation_id, name))
        if vendor_id is None:
            bind.execute(sa.text("DELETE FROM guest_links WHERE token_sha256 = :t"), {"t": token})
        else:
            bind.execute(
                sa.text("UPDATE guest_links SET vendor_id = :v WHERE token_sha256 = :t"), {"v": vendor_id, "t": token}
            )

    # --- the vendor names go (but the grade's, kept as the name it had when graded) -------------------
    with op.batch_alter_table("call_imports", reflect_args=_owner_columns(evaluation=True)) as batch:
        batch.drop_index("ix_call_imports_vendor_kind")
        batch.drop_constraint("uq_call_imports_source", type_="unique")
        batch.drop_column("vendor")
        batch.create_unique_constraint(
            "uq_call_imports_source", ["evaluation_id", "vendor_id", "kind", "source_sha256"]
        )
        batch.create_index("ix_call_imports_owner", ["evaluation_id", "vendor_id", "kind"])
    with op.batch_alter_table("qa_quiz_results", reflect_args=_owner_columns(evaluation=True)) as batch:
        batch.drop_column("vendor")
        batch.create_index("ix_qa_quiz_results_evaluation_id", ["evaluation_id"])
    with op.batch_alter_table("qa_mystery_calls", reflect_args=_owner_columns(evaluation=True)) as batch:
        batch.drop_index("ix_qa_mystery_calls_vendor")
        batch.drop_column("vendor")
        batch.create_index("ix_qa_mystery_calls_vendor_id", ["vendor_id"])
    with op.batch_alter_table("guest_links", reflect_args=_owner_columns(evaluation=False)) as batch:
        batch.drop_column("vendor_name")
        batch.alter_column("vendor_id", existing_type=sa.Integer(), nullable=False)
        batch.create_index("ix_guest_links_vendor_id", ["vendor_id"])

    # --- forms and quizzes: codes unique per evaluation, not across the store -------------------------
    for table, owners, constraint in (
        ("qa_forms", form_owner, "uq_qa_forms_code"),
        ("qa_quizzes", quiz_owner, "uq_qa_quizzes_code"),
    ):
        _rebuild_definitions(bind, table, owners, constraint, sqlite)
    _names_per_owner(bind, sqlite)


def _names_per_owner(bind: Any, sqlite: bool) -> None:
    owners = {
        evaluation_id: user_id
        for evaluation_id, user_id in bind.execute(
            sa.text("SELECT evaluation_id, min(user_id) FROM memberships WHERE role = 'owner' GROUP BY evaluation_id")
        ).all()
    }
    if sqlite:
        if (
            bind.execute(sa.text("PRAGMA foreign_keys")).scalar()
            and bind.execute(sa.text("SELECT count(*) FROM evaluations")).scalar()
        ):
            # Not reached through Store.migrate (no transaction is open before this migration runs); refusing
            # beats a DROP TABLE that cascades into every evaluation's data.
            raise RuntimeError("0008_ownership: foreign keys are enforced; the evaluations table is left as it was")
        # The table as 0001 made it, without its unnamed UNIQUE (name): the copy drops it.
        current = sa.Table(
            "evaluations",
            sa.MetaData(),
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("source_path", sa.Text(), nullable=True),
            sa.Column("document", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("evaluations", copy_from=current, recreate="always") as batch:
            batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
            batch.create_unique_constraint("uq_evaluations_owner_name", ["owner_id", "name"])
            batch.create_index("ix_evaluations_owner_id", ["owner_id"])
    else:
        op.drop_constraint("evaluations_name_key", "evaluations", type_="unique")
        op.add_column("evaluations", sa.Column("owner_id", sa.Integer(), nullable=True))
        op.create_unique_constraint("uq_evaluations_owner_name", "evaluations", ["owner_id", "name"])
        op.create_index("ix_evaluations_owner_id", "evaluations", ["owner_id"])
    for evaluation_id, user_id in owners.items():
        _update(bind, "evaluations", evaluation_id, owner_id=user_id)


def _owner_columns(*, evaluation: bool) -> list[sa.Column]:
    """The owner columns as the rebuilt table must have them (SQLite's reflection loses ON DELETE)."""
    columns = [sa.Column("vendor_id", sa.Integer(), sa.ForeignKey("vendors.id", ondelete="CASCADE"))]
    if evaluation:
        columns.append(sa.Column("evaluation_id", sa.Integer(), sa.ForeignKey("evaluations.id", ondelete="CASCADE")))
    return columns


def _attribute_with_definition(
    bind: Any,
    table: str,
    definition_column: str,
    definitions: str,
    names: dict[str, list[tuple[int, int]]],
    only_evaluation: int | None,
) -> dict[int, int | None]:
    """Owners of grades (quiz results) by their vendor's name, or, without a vendor, by their form's (quiz's)
    evaluation; returns the owners of the forms (quizzes) themselves."""
    rows = bind.execute(sa.text(f"SELECT id, {definition_column}, vendor FROM {table}")).all()
    used_by: dict[int, set[int]] = defaultdict(set)
    for _row_id, definition_id, vendor in rows:
        evaluation_id, _vendor_id = _owner(names, vendor)
        if evaluation_id is not None:
            used_by[definition_id].add(evaluation_id)
    owners = _definition_owners(bind, definitions, used_by, only_evaluation)
    for row_id, definition_id, vendor in rows:
        evaluation_id, vendor_id = _owner(names, vendor)
        if vendor is None:
            evaluation_id = owners.get(definition_id)
        _update(bind, table, row_id, evaluation_id=evaluation_id, vendor_id=vendor_id)
    return owners


def _update(bind: Any, table: str, row_id: int, **values: int | None) -> None:
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    bind.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE id = :row_id"), {**values, "row_id": row_id})


def _definition_owners(
    bind: Any, table: str, used_by: dict[int, set[int]], only_evaluation: int | None
) -> dict[int, int | None]:
    owners: dict[int, int | None] = {}
    for (row_id,) in bind.execute(sa.text(f"SELECT id FROM {table}")).all():
        evaluations = used_by.get(row_id, set())
        if len(evaluations) == 1:
            owners[row_id] = next(iter(evaluations))
        elif not evaluations:
            owners[row_id] = only_evaluation
        else:
            owners[row_id] = None  # used by several evaluations: a shared read-only template
    return owners


def _definition_columns(table: str) -> list[sa.Column]:
    columns = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
    ]
    if table == "qa_quizzes":
        columns.append(sa.Column("pass_mark", sa.Double(), nullable=False))
    return [
        *columns,
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    ]


def _rebuild_definitions(bind: Any, table: str, owners: dict[int, int | None], constraint: str, sqlite: bool) -> None:
    if not sqlite:
        op.drop_constraint(f"{table}_code_key", table, type_="unique")
        _add_column(table, "evaluation_id", "evaluations", True)
        for row_id, evaluation_id in owners.items():
            _update(bind, table, row_id, evaluation_id=evaluation_id)
        op.create_unique_constraint(constraint, table, ["evaluation_id", "code"])
        return
    # SQLite cannot drop a UNIQUE constraint in place, and these tables are referenced by grades and quiz
    # results: the rows wait in a copy while the table is made again under its own name, so the references
    # (checked at commit, ``defer_foreign_keys``) find their rows again.
    names = [column.name for column in _definition_columns(table) if column.name != "evaluation_id"]
    listing = ", ".join(names)
    op.execute(f"CREATE TEMP TABLE {table}_copy AS SELECT {listing} FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.create_table(
        table,
        *_definition_columns(table),
        sa.ForeignKeyConstraint(["evaluation_id"], ["evaluations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evaluation_id", "code", name=constraint),
    )
    op.execute(f"INSERT INTO {table} ({listing}) SELECT {listing} FROM {table}_copy")
    op.execute(f"DROP TABLE {table}_copy")
    for row_id, evaluation_id in owners.items():
        _update(bind, table, row_id, evaluation_id=evaluation_id)


def _drop_grade_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS qa_grades_no_update")
        op.execute("DROP TRIGGER IF EXISTS qa_grades_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS qa_grades_immutable ON qa_grades")


def _create_grade_triggers(dialect: str) -> None:
    # The same triggers as 0003_qa made.
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER qa_grades_no_{action.lower()} BEFORE {action} ON qa_grades "
                "BEGIN SELECT RAISE(ABORT, 'qa_grades are immutable once submitted'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER qa_grades_immutable BEFORE UPDATE OR DELETE ON qa_grades "
            "FOR EACH ROW EXECUTE FUNCTION qa_grades_immutable()"
        )


def downgrade() -> None:
    raise NotImplementedError(
        "0008_ownership: rows are owned by ids now; going back to names would hand same-named vendors "
        "each other's data. Restore a backup taken before the upgrade instead."
    )
