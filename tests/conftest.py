from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callscout.i18n import set_language
from callscout.store import Store


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own CallScout home and database, Russian language, no user settings."""
    home = tmp_path_factory.mktemp("callscout-home")
    monkeypatch.setenv("CALLSCOUT_HOME", str(home))
    monkeypatch.delenv("CALLSCOUT_DATABASE_URL", raising=False)
    monkeypatch.delenv("CALLSCOUT_FILE", raising=False)
    monkeypatch.delenv("CALLSCOUT_LANG", raising=False)
    monkeypatch.delenv("CALLSCOUT_ASR_MODEL", raising=False)
    monkeypatch.delenv("CALLSCOUT_ASR_ENGINE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language(None)
    yield home
    set_language(None)


@pytest.fixture
def demo_yaml() -> str:
    from callscout.demo import demo_evaluation_path

    return demo_evaluation_path().read_text(encoding="utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store of the test's own (files that need a specific path make their own)."""
    opened = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield opened
    opened.close()
