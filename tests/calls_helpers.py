"""Shared helpers of the call-log tests: a fresh call store and reading back what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callscout.calls.storage import CallStore
from callscout.store import Store

DATA = Path(__file__).parent / "data" / "calls"
BANK = Path("/work/shared/data/anonymous-bank-1999-02.tsv")
if not BANK.exists():  # the shared data folder sits beside the checkout on other machines
    BANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous-bank-1999-02.tsv"


def new_store(tmp_path: Path) -> CallStore:
    return CallStore(Store(f"sqlite:///{tmp_path / 'store.db'}"))


def calls_of(store: CallStore, vendor: str | None = None) -> dict[str, dict[str, Any]]:
    with store.reader([vendor] if vendor else None) as connection:
        cursor = connection.execute("SELECT * FROM calls ORDER BY arrival, call_id")
        names = [column[0] for column in cursor.description]
        return {row[1]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def store_state(store: CallStore) -> tuple[list[tuple], list[str]]:
    """The manifest and the Parquet files on disk: what 'nothing changed' is checked against."""
    manifest = [(row.id, row.vendor, row.rows, row.data_path) for row in store.imports()] + [
        (row.id, row.vendor, row.rows, row.data_path) for row in store.imports(kind="orders")
    ]
    files = sorted(
        path.relative_to(store.directory).as_posix() for path in store.directory.rglob("*") if path.is_file()
    )
    return manifest, files
