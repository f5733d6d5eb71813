"""Imports of one vendor running at the same time, in separate processes: none is lost, the manifest stays
whole, and calls never land twice (the vendor's import lock, ``CallStore.vendor_lock``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callscout.calls.storage import Owner
from callscout.errors import DataError
from tests.calls_helpers import BANK, calls_of, new_store, owner, scope, store_state, vendor_of
from tests.test_store import postgres_url  # noqa: F401 - the module's PostgreSQL server fixture

VENDOR = "ГолосПро"


def _owner(store) -> Owner:
    ref = vendor_of(store, VENDOR)
    return Owner(ref.evaluation_id, ref.id, ref.name)


IMPORT = r"""
import json, sys
from pathlib import Path
from callscout.calls.storage import CallStore
from callscout.errors import DataError
from callscout.store import Store
from callscout.store.ownership import scratch_vendor
store = CallStore(Store(sys.argv[1]))
try:
    owner = scratch_vendor(store.store, sys.argv[3], "test")
    result = store.import_file(
        Path(sys.argv[2]), evaluation_id=owner.evaluation_id, vendor_id=owner.id, format_name="anonymous_bank"
    )
    print(json.dumps({"rows": result.rows}))
except DataError as error:
    print(json.dumps({"error": str(error)}))
"""


def _bank_slice(target: Path, first: int, last: int) -> Path:
    """Header and data lines first..last (1-based) of the Anonymous Bank log."""
    lines = BANK.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join([lines[0], *lines[first : last + 1]]), encoding="utf-8")
    return target


def _start(database_url: str, path: Path) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    return subprocess.Popen(
        [sys.executable, "-c", IMPORT, database_url, str(path), VENDOR],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _outcome(process: subprocess.Popen[str]) -> dict:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return json.loads(stdout.strip().splitlines()[-1])


def _wait_for_staged(store_dir: Path, count: int) -> None:
    """Until ``count`` imports have written and checked their files and wait for the lock to commit."""
    deadline = time.monotonic() + 90
    while len(list((store_dir / "tmp").glob("stage-*.parquet"))) < count:
        assert time.monotonic() < deadline, "the imports never got to the commit"
        time.sleep(0.05)
    time.sleep(0.3)  # the duplicate checks after the stage file is written


def test_two_processes_import_one_vendor_at_once_both_land(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    first = _bank_slice(tmp_path / "first.tsv", 1, 300)
    second = _bank_slice(tmp_path / "second.tsv", 301, 600)
    url = store.store.url
    # Both processes reach the commit while the lock is held here, so they do commit at the same moment.
    with store.vendor_lock(_owner(store), "test"):
        processes = [_start(url, first), _start(url, second)]
        _wait_for_staged(store.directory, 2)
    results = [_outcome(process) for process in processes]
    assert results == [{"rows": 300}, {"rows": 300}]
    assert len(store.imports(scope(store)[0], vendor_ids=scope(store, VENDOR)[1])) == 2
    calls = calls_of(store, VENDOR)
    assert len(calls) == 600
    assert not list((store.directory / "tmp").iterdir())


def test_parallel_imports_with_the_same_calls_land_once(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    first = _bank_slice(tmp_path / "first.tsv", 1, 300)
    overlapping = _bank_slice(tmp_path / "overlapping.tsv", 201, 500)
    url = store.store.url
    with store.vendor_lock(_owner(store), "test"):
        processes = [_start(url, first), _start(url, overlapping)]
        _wait_for_staged(store.directory, 2)
    results = [_outcome(process) for process in processes]
    landed = [result for result in results if "rows" in result]
    refused = [result for result in results if "error" in result]
    assert len(landed) == 1 and len(refused) == 1, results
    assert "уже импортированы" in refused[0]["error"]
    assert len(store.imports(scope(store)[0], vendor_ids=scope(store, VENDOR)[1])) == 1
    assert len(calls_of(store, VENDOR)) == 300


def test_import_gives_up_with_a_clear_message_while_another_holds_the_vendor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = new_store(tmp_path)
    source = _bank_slice(tmp_path / "log.tsv", 1, 50)
    monkeypatch.setenv("CALLSCOUT_IMPORT_LOCK_WAIT_S", "0.3")
    before = store_state(store)
    with store.vendor_lock(_owner(store), "test"), pytest.raises(DataError) as raised:
        store.import_file(source, **owner(store, VENDOR), format_name="anonymous_bank")
    assert "идёт другой импорт" in str(raised.value) and "log.tsv" in str(raised.value)
    manifest, files = store_state(store)
    assert manifest == before[0] == []
    assert [name for name in files if name.endswith(".parquet")] == []
    # Another vendor is not held up, and the vendor's import goes through once the lock is free.
    assert store.import_file(source, **owner(store, "Линия 24"), format_name="anonymous_bank").rows == 50
    assert store.import_file(source, **owner(store, VENDOR), format_name="anonymous_bank").rows == 50


HOLD = r"""
import sys, time
from pathlib import Path
from callscout.calls.storage import CallStore, Owner
from callscout.store import Store
from callscout.store.ownership import scratch_vendor
store = CallStore(Store(sys.argv[1]), Path(sys.argv[2]))
ref = scratch_vendor(store.store, sys.argv[3], "test")
with store.vendor_lock(Owner(ref.evaluation_id, ref.id, ref.name), "holder"):
    print("held", flush=True)
    time.sleep(120)
"""


def test_the_import_lock_holds_across_machines_sharing_postgresql(
    postgres_url: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two machines (each its own local folder, so no file lock is shared) on one PostgreSQL store: while
    one holds a vendor's import lock the other's import of that vendor waits and gives up; a holder killed
    with SIGKILL releases it (PostgreSQL ends its session)."""
    from callscout.calls.storage import CallStore
    from callscout.store import Store

    here = CallStore(Store(postgres_url), tmp_path / "here")
    there = CallStore(Store(postgres_url), tmp_path / "there")
    source = _bank_slice(tmp_path / "log.tsv", 1, 50)
    monkeypatch.setenv("CALLSCOUT_IMPORT_LOCK_WAIT_S", "0.5")
    with here.vendor_lock(_owner(here), "test"), pytest.raises(DataError) as raised:
        there.import_file(source, **owner(there, VENDOR), format_name="anonymous_bank")
    assert "идёт другой импорт" in str(raised.value)
    assert there.imports(scope(there)[0]) == []
    # Another vendor is not held up.
    assert there.import_file(source, **owner(there, "Линия 24"), format_name="anonymous_bank").rows == 50
    # A holder on a third "machine", killed mid-import: the lock goes with its session.
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, postgres_url, str(tmp_path / "third"), VENDOR],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(DataError):
            there.import_file(source, **owner(there, VENDOR), format_name="anonymous_bank")
    finally:
        holder.kill()
        holder.wait(timeout=30)
    monkeypatch.setenv("CALLSCOUT_IMPORT_LOCK_WAIT_S", "20")
    assert there.import_file(source, **owner(there, VENDOR), format_name="anonymous_bank").rows == 50
    # Once released, the first machine takes the lock at once.
    monkeypatch.setenv("CALLSCOUT_IMPORT_LOCK_WAIT_S", "0.5")
    with here.vendor_lock(_owner(here), "test"):
        pass
