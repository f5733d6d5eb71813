"""Shared helpers of the call-log tests: a fresh call store and reading back what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callscout.calls.storage import CallStore
from callscout.store import Store
from callscout.store.ownership import VendorRef, scratch_vendor
from tests.fresh_store import fresh_sqlite_url

DATA = Path(__file__).parent / "data" / "calls"
BANK = Path("/work/shared/data/anonymous-bank-1999-02.tsv")
if not BANK.exists():  # the shared data folder sits beside the checkout on other machines
    BANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous-bank-1999-02.tsv"


def new_store(tmp_path: Path) -> CallStore:
    return CallStore(Store(fresh_sqlite_url(tmp_path / "store.db")))


# The call store's tests work in one evaluation; its vendors are made on first use.
EVALUATION = "test"


def vendor_of(store: CallStore, name: str) -> VendorRef:
    return scratch_vendor(store.store, name, EVALUATION)


def owner(store: CallStore, name: str) -> dict[str, int]:
    """``import_file`` arguments for the vendor called ``name`` of the tests' evaluation."""
    ref = vendor_of(store, name)
    return {"evaluation_id": ref.evaluation_id, "vendor_id": ref.id}


def scope(store: CallStore, *names: str) -> tuple[int, list[int] | None]:
    """``reader`` arguments: the tests' evaluation, and the named vendors (all when none are named)."""
    refs = [vendor_of(store, name) for name in names]
    evaluation_id = refs[0].evaluation_id if refs else vendor_of(store, "_").evaluation_id
    return evaluation_id, [ref.id for ref in refs] if refs else None


def calls_of(store: CallStore, vendor: str | None = None) -> dict[str, dict[str, Any]]:
    with store.reader(*(scope(store, vendor) if vendor else scope(store))) as connection:
        cursor = connection.execute("SELECT * FROM calls ORDER BY arrival, call_id")
        names = [column[0] for column in cursor.description]
        return {row[1]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def store_state(store: CallStore) -> tuple[list[tuple], list[str]]:
    """The manifest and the Parquet files on disk: what 'nothing changed' is checked against."""
    evaluation_id, _ = scope(store)
    manifest = [(row.id, row.vendor_name, row.rows, row.data_path) for row in store.imports(evaluation_id)] + [
        (row.id, row.vendor_name, row.rows, row.data_path) for row in store.imports(evaluation_id, kind="orders")
    ]
    files = sorted(
        path.relative_to(store.directory).as_posix() for path in store.directory.rglob("*") if path.is_file()
    )
    return manifest, files


def cli_evaluation(*vendors: str, name: str = "Тестовая оценка") -> int:
    """An evaluation with these vendors in the default store (CALLSCOUT_HOME): the one the CLI's commands
    work on when it is the only one."""
    from callscout import workspace

    evaluation = workspace.new_evaluation(name, 1000)
    for vendor in vendors:
        evaluation = workspace.add_vendor(evaluation, {"name": vendor})
    store = Store()
    try:
        return store.save_evaluation(evaluation)
    finally:
        store.close()
