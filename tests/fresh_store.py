"""A new, empty SQLite store for a test, copied from one store migrated once per test process.

Alembic's fifteen migrations cost about 0.2 CPU-seconds a store, and the tests open hundreds of fresh stores
(the junk-input test over every log format alone 77). A copy of a store that the same migrations brought to head
is the same file Alembic would leave: the store opens it at head and migrates nothing. The migrations
themselves, the upgrade of old stores and two processes migrating one new store at once are tested where
they open their stores with ``Store()`` on a new path (test_store.py, test_jobs.py, test_hardening.py).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from callscout.store import Store

_template: list[Path] = []


def _migrated_template() -> Path:
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="callscout-migrated-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "store.db"
        Store(f"sqlite:///{path}").close()  # the last connection closed: SQLite has folded the WAL into the file
        assert not path.with_name(path.name + "-wal").exists(), "the migrated template still has a WAL"
        _template.append(path)
    return _template[0]


def fresh_sqlite_url(path: Path) -> str:
    """``sqlite:///path``, with a migrated empty store there unless a store already is (a test that opens its
    store again gets what it left)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_template(), path)
    return f"sqlite:///{path}"
