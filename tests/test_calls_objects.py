"""The call store on an S3-compatible object store: a real S3 server (moto's) on 127.0.0.1, started here.

What is checked: imports land under the prefix and read back with the same KPIs as a local store; an
import that fails half-way (an upload, or the copy into place) leaves nothing visible and no manifest row;
removing an import removes its objects; nothing is downloaded (DuckDB reads through s3fs, no extension).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout.calls import kpi
from callscout.calls.objects import ObjectStore
from callscout.calls.storage import CallStore
from callscout.errors import DataError
from callscout.store import Store
from tests.calls_helpers import BANK, DATA, owner, scope

moto_server = pytest.importorskip("moto.server")
BUCKET = "callscout-calls"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> ObjectStore:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("CALLSCOUT_S3_ENDPOINT", s3_endpoint)
    monkeypatch.setenv("CALLSCOUT_CALLS_URL", f"s3://{BUCKET}/{request.node.name}")
    objects = ObjectStore.from_url(f"s3://{BUCKET}/{request.node.name}")
    if not objects.fs.exists(BUCKET):
        objects.fs.mkdir(BUCKET)
    return objects


def remote_store(tmp_path: Path) -> CallStore:
    return CallStore(Store(f"sqlite:///{tmp_path / 'store.db'}"), tmp_path / "work")


def visible(store: CallStore) -> tuple[list, list[str]]:
    """The manifest and the objects outside tmp/: what a reader could see."""
    evaluation_id, _ = scope(store)
    manifest = [(row.id, row.data_path) for row in store.imports(evaluation_id)]
    assert store.remote is not None
    objects = sorted(key for key in store.remote.listing() if not key.startswith("tmp/"))
    return manifest, objects


def test_bank_month_on_the_object_store_reads_like_a_local_store(s3: ObjectStore, tmp_path: Path, monkeypatch) -> None:
    store = remote_store(tmp_path / "remote")
    result = store.import_file(BANK, **owner(store, "Bank"))
    manifest, objects = visible(store)
    # One object per day of the month, each listed in the manifest row with its day.
    (row,) = store.imports(scope(store)[0])
    parts = row.details["parts"]
    assert objects == sorted(part["path"] for part in parts) and len(objects) == 28
    assert [part["day"] for part in parts] == [f"1999-02-{day:02d}" for day in range(1, 29)]
    assert all(path.startswith(f"v{row.vendor_id}/{day}/") for path, day in ((p["path"], p["day"]) for p in parts))
    assert sum(part["rows"] for part in parts) == result.rows
    assert list(store.remote.listing("tmp/")) == []
    assert not list((tmp_path / "remote" / "work").rglob("*.parquet"))  # nothing kept on local disk
    monkeypatch.delenv("CALLSCOUT_CALLS_URL")
    local = remote_store(tmp_path / "local")
    local.import_file(BANK, **owner(local, "Bank"))
    settings = kpi.KpiSettings()
    with store.reader(*scope(store)) as connection:
        on_s3 = kpi.report(connection, settings)
        extensions = connection.execute(
            "SELECT extension_name FROM duckdb_extensions() WHERE loaded AND extension_name = 'httpfs'"
        ).fetchall()
    with local.reader(*scope(local)) as connection:
        on_disk = kpi.report(connection, settings)
    assert on_s3 == on_disk and on_s3["offered"] == 31_125 and result.rows == 33_344
    assert extensions == []  # read through s3fs: DuckDB's httpfs was neither downloaded nor loaded
    # A second import of the same vendor checks its ids against the objects already there.
    with pytest.raises(DataError):
        store.import_file(BANK, if_exists="error", **owner(store, "Bank"))
    assert visible(store) == (manifest, objects)
    store.remove_import(scope(store)[0], manifest[0][0])
    assert visible(store) == ([], [])


@pytest.mark.parametrize("failing", ["put", "copy"])
def test_an_import_failing_half_way_leaves_nothing_visible(
    s3: ObjectStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """A queue_log import writes two files (calls and agents' states): the second upload, or the second
    copy into place, fails; the manifest, the objects outside tmp/ and tmp/ itself are as before."""
    store = remote_store(tmp_path)
    store.import_file(DATA / "Master.csv", **owner(store, "Before"))
    before = visible(store)
    original = getattr(ObjectStore, failing)
    calls: list[str] = []

    def fail_second(self: ObjectStore, *arguments: object) -> None:
        calls.append(str(arguments[-1]))
        if len(calls) == 2:
            raise ConnectionError("the object store went away")
        original(self, *arguments)

    monkeypatch.setattr(ObjectStore, failing, fail_second)
    with pytest.raises(ConnectionError):
        store.import_file(DATA / "queue_log.txt", **owner(store, "Half"))
    assert len(calls) == 2 and any("agents-" in key for key in calls)
    assert visible(store) == before
    assert list(store.remote.listing("tmp/")) == []
    assert not list((tmp_path / "work").rglob("*.parquet"))
    monkeypatch.setattr(ObjectStore, failing, original)
    done = store.import_file(DATA / "queue_log.txt", **owner(store, "Half"))  # and the next try goes through
    manifest, objects = visible(store)
    assert len(manifest) == 2 and len(objects) == 3 and done.rows > 0


def test_a_bad_url_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from callscout.errors import UsageError

    monkeypatch.setenv("CALLSCOUT_CALLS_URL", "ftp://nowhere/calls")
    with pytest.raises(UsageError, match="s3://"):
        remote_store(tmp_path)
