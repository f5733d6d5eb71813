"""Who owns a row: every call import, grade, quiz result, mystery call and guest link belongs to one
evaluation's vendor, by id. The shells (web, CLI) turn what the user typed (an evaluation, a vendor name)
into ids here, once, at the edge; the core only ever takes the ids, so a same-named vendor of another
evaluation can never be reached by a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from callscout.errors import UsageError
from callscout.i18n import msg
from callscout.store.tables import EvaluationRow, VendorRow

if TYPE_CHECKING:
    from callscout.store.store import Store

DEFAULT_EVALUATION_FILE = "callscout.yaml"


@dataclass(frozen=True)
class VendorRef:
    """One vendor of one evaluation: the ids that scope every query, and the name to show."""

    evaluation_id: int
    id: int
    name: str

    @classmethod
    def of(cls, row: VendorRow) -> VendorRef:
        return cls(row.evaluation_id, row.id, row.name)


class NotFound(UsageError):
    """What the user named does not exist (for him): the web answers 404."""


def resolve_vendor(session: Session, evaluation_id: int, name: str) -> VendorRow:
    """The vendor called ``name`` in this evaluation, never a same-named vendor of another one."""
    row = session.scalar(
        select(VendorRow).where(VendorRow.evaluation_id == evaluation_id, VendorRow.name == name.strip())
    )
    if row is None:
        known = session.scalars(
            select(VendorRow.name).where(VendorRow.evaluation_id == evaluation_id).order_by(VendorRow.position)
        ).all()
        raise NotFound(
            msg(
                "store.ownership.vendor_is_not_in_this_evaluation",
                name=name,
                known=", ".join(known) or msg("store.ownership.none_2"),
            )
        )
    return row


def vendor_ref(store: Store, evaluation_id: int, name: str) -> VendorRef:
    with store.session() as session:
        return VendorRef.of(resolve_vendor(session, evaluation_id, name))


def vendor_refs(store: Store, evaluation_id: int) -> list[VendorRef]:
    """The evaluation's vendors in their order."""
    with store.session() as session:
        rows = session.scalars(
            select(VendorRow).where(VendorRow.evaluation_id == evaluation_id).order_by(VendorRow.position)
        )
        return [VendorRef.of(row) for row in rows]


def vendor_by_id(store: Store, evaluation_id: int, vendor_id: int) -> VendorRef | None:
    """The vendor with this id if it belongs to this evaluation (else None: it does not exist here)."""
    with store.session() as session:
        row = session.get(VendorRow, vendor_id)
        return VendorRef.of(row) if row is not None and row.evaluation_id == evaluation_id else None


def resolve_evaluation(
    store: Store, spec: str | None, folder: Path | None = None, *, sync: bool = True
) -> tuple[int, str]:
    """The evaluation a command works on: ``spec`` (its id or name); else the one of ``callscout.yaml`` in
    the folder (stored, or refreshed from that file when ``sync``; a reading command passes ``sync=False``
    and never writes an evaluation it finds stored); else the store's only evaluation. Several and none
    named is an error that lists them."""
    with store.session() as session:
        rows = session.execute(select(EvaluationRow.id, EvaluationRow.name).order_by(EvaluationRow.id)).all()
    if spec is not None and spec.strip():
        spec = spec.strip()
        by_id = [(id_, name) for id_, name in rows if spec.isdigit() and int(spec) == id_]
        by_name = [(id_, name) for id_, name in rows if name == spec]
        if by_id:
            return by_id[0]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise UsageError(
                msg("store.ownership.several_evaluations_are_called_pass_its", spec=spec, known=_listing(by_name))
            )
        raise NotFound(msg("store.ownership.evaluation_not_found_known", spec=spec, known=_listing(rows)))
    import os

    configured = os.environ.get("CALLSCOUT_FILE")
    file = Path(configured) if configured and folder is None else (folder or Path.cwd()) / DEFAULT_EVALUATION_FILE
    if file.is_file():
        return evaluation_of_file(store, file, sync=sync)
    if len(rows) == 1:
        return rows[0][0], rows[0][1]
    if not rows:
        raise UsageError(
            msg("store.ownership.store_holds_no_evaluation_create_callscout", file=DEFAULT_EVALUATION_FILE)
        )
    raise UsageError(msg("store.ownership.there_are_several_evaluations_name_one", known=_listing(rows)))


def evaluation_of_file(store: Store, file: Path, *, sync: bool) -> tuple[int, str]:
    """The stored evaluation of an evaluation file. With ``sync`` the file is saved over it (a vendor that
    holds data and is missing from the file is refused, never deleted); without, the stored one is used as
    it is, and the file is stored only when no evaluation of its name exists yet (nothing to overwrite)."""
    from callscout.evalfile import load

    evaluation = load(file)
    if not sync:
        stored = store.evaluation_id(evaluation.name)  # the one a sync would write: never written here
        if stored is not None:
            return stored, evaluation.name
    return store.save_evaluation(evaluation, str(file.resolve())), evaluation.name


def _listing(rows: list[tuple[int, str]]) -> str:
    return ", ".join(f"{id_}: {name}" for id_, name in rows) or msg("store.ownership.none")


def scratch_vendor(store: Store, vendor_name: str, evaluation_name: str = "scratch") -> VendorRef:
    """A vendor of a bare evaluation (no document), made if missing: for a throwaway store that only
    reads a file through the call importers (a buyer's own call history)."""
    with store.session() as session:
        evaluation = session.scalar(select(EvaluationRow).where(EvaluationRow.name == evaluation_name))
        if evaluation is None:
            evaluation = EvaluationRow(name=evaluation_name, document={})
            session.add(evaluation)
            session.flush()
        row = session.scalar(
            select(VendorRow).where(VendorRow.evaluation_id == evaluation.id, VendorRow.name == vendor_name)
        )
        if row is None:
            row = VendorRow(evaluation_id=evaluation.id, name=vendor_name, document={"name": vendor_name})
            session.add(row)
            session.flush()
        return VendorRef.of(row)
