from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import StatementError

from callscout import evalfile
from callscout.errors import UsageError
from callscout.model import Evidence, Finding, Severity, Status
from callscout.store import Snapshot, Store, default_database_url
from tests.pg import temporary_postgres, unavailable_reason


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = Store(url)
    yield store
    if request.param == "postgresql":
        with store.engine.begin() as connection:
            for table in ("snapshots", "contents", "findings", "runs", "vendors", "evaluations"):
                connection.execute(text(f"DELETE FROM {table}"))
    store.close()


def _finding(status: Status = Status.WARN) -> Finding:
    return Finding(
        check="news",
        status=status,
        severity=Severity.MEDIUM,
        message="новости старые",
        evidence=[Evidence(url="http://a.example/news", excerpt="12.03.2021", value="2021-03-12")],
    )


def test_default_url_is_sqlite_in_home(_isolated_home: Path) -> None:
    assert default_database_url() == f"sqlite:///{_isolated_home / 'callscout.db'}"


def test_migrations_from_empty_database_reach_head(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert store.current_revision() == Store.head_revision()
    tables = set(inspect(store.engine).get_table_names())
    assert {"evaluations", "vendors", "runs", "findings", "snapshots", "contents", "alembic_version"} <= tables
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
    Store(f"sqlite:///{tmp_path / 'fresh.db'}").close()  # reopening an up-to-date database is a no-op


def test_evaluation_save_update_and_vendor_mirror(store: Store, demo_yaml: str) -> None:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    first_id = store.save_evaluation(evaluation, "/tmp/demo.yaml")
    assert store.load_evaluation(evaluation.name) == evaluation
    assert [vendor.name for vendor in store.vendors(evaluation.name)] == [v.name for v in evaluation.vendors]
    kept_vendor_id = store.vendor_id(evaluation.name, "ГолосПро")
    evaluation.vendors = [evaluation.vendors[0], evaluation.vendors[3]]
    assert store.save_evaluation(evaluation) == first_id
    assert [vendor.name for vendor in store.vendors(evaluation.name)] == ["ГолосПро", "Контакт-Экспресс"]
    assert store.vendor_id(evaluation.name, "ГолосПро") == kept_vendor_id  # history stays attached
    assert store.evaluation_names() == [evaluation.name]
    assert store.delete_evaluation(evaluation.name)
    assert store.load_evaluation(evaluation.name) is None


def test_every_run_keeps_its_result_document_the_latest_is_read_and_all_go_with_the_evaluation(
    store: Store, demo_yaml: str
) -> None:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    evaluation_id = store.save_evaluation(evaluation, "/tmp/demo.yaml")
    assert store.result_document(evaluation_id) is None and store.evaluation_source(evaluation_id) == "/tmp/demo.yaml"
    assert store.result_runs(evaluation_id) == []
    first_run = store.record_run(
        "scoring", evaluation.name, [], summary={"winner": "Альфа"}, evaluation_id=evaluation_id
    )
    first = {"callscout_version": "1", "sections": ["needs"], "needs": {"calls_per_month": 9000, "share": 0.5}}
    first_id = store.save_result_document(evaluation_id, first, options={"online": False})
    assert store.result_document(evaluation_id) == first
    second_run = store.record_run(
        "scoring",
        evaluation.name,
        [],
        summary={"winner": "ГолосПро", "confidence": "high"},
        evaluation_id=evaluation_id,
    )
    second = {**first, "sections": ["needs", "scoring"], "scoring": {"winner": "ГолосПро", "ranking": ["ГолосПро"]}}
    second_id = store.save_result_document(evaluation_id, second, options={"online": True})
    assert second_id > first_id
    assert store.result_document(evaluation_id) == second  # the latest by default
    assert store.result_document(evaluation_id, first_id) == first  # an earlier run's by its id
    runs = store.result_runs(evaluation_id)
    assert [(run.id, run.winner, run.options["online"]) for run in runs] == [
        (second_id, "ГолосПро", True),
        (first_id, "Альфа", False),
    ]
    assert runs[0].confidence == "high" and runs[0].callscout_version == "1"
    # A run of another evaluation is not found through this one (ids are scoped by the evaluation).
    other = evaluation.model_copy(update={"name": "Другая оценка"})
    other_id = store.save_evaluation(other, "/tmp/other.yaml")
    assert store.result_document(other_id, first_id) is None and store.result_runs(other_id) == []
    with store.session() as session:
        rows = session.execute(text("SELECT evaluation_id, run_id FROM result_documents ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(evaluation_id, first_run), (evaluation_id, second_run)]
    assert store.delete_evaluation(evaluation.name)
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM result_documents")).scalar() == 0


def test_an_evaluation_keeps_its_newest_result_documents_and_a_save_drops_the_older_ones(
    store: Store, demo_yaml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every build stores a whole document: past ``CALLSCOUT_KEEP_RUNS`` (20 by default) the oldest of that
    evaluation go with the save that adds one, in its transaction; other evaluations keep theirs."""
    from callscout.store.store import DEFAULT_KEEP_RUNS, keep_runs

    for configured in ("", "0", "-3", "many"):
        monkeypatch.setenv("CALLSCOUT_KEEP_RUNS", configured)
        assert keep_runs() == DEFAULT_KEEP_RUNS == 20
    monkeypatch.setenv("CALLSCOUT_KEEP_RUNS", "3")
    evaluation, _ = evalfile.parse_text(demo_yaml)
    kept_id = store.save_evaluation(evaluation, "/tmp/demo.yaml")
    other_id = store.save_evaluation(evaluation.model_copy(update={"name": "Другая оценка"}), "/tmp/other.yaml")
    others = [store.save_result_document(other_id, {"sections": [], "n": n}) for n in range(2)]
    saved = [store.save_result_document(kept_id, {"sections": [], "n": n}) for n in range(5)]
    assert [run.id for run in store.result_runs(kept_id)] == saved[:1:-1]  # the newest three, latest first
    assert store.result_document(kept_id, saved[1]) is None and store.result_document(kept_id, saved[0]) is None
    assert store.result_document(kept_id) == {"sections": [], "n": 4}
    assert [run.id for run in store.result_runs(other_id)] == others[::-1]
    # A save that fails (a value JSON cannot hold) rolls back with its pruning: nothing is lost.
    monkeypatch.setenv("CALLSCOUT_KEEP_RUNS", "1")
    with pytest.raises(StatementError):
        store.save_result_document(kept_id, {"sections": [], "n": {5}})
    assert [run.id for run in store.result_runs(kept_id)] == saved[:1:-1]
    latest = store.save_result_document(kept_id, {"sections": [], "n": 6})
    assert [run.id for run in store.result_runs(kept_id)] == [latest]
    with store.session() as session:
        counted = session.execute(
            text("SELECT evaluation_id, count(*) FROM result_documents GROUP BY evaluation_id ORDER BY evaluation_id")
        ).all()
    assert [tuple(row) for row in counted] == [(kept_id, 1), (other_id, 2)]


def test_migration_0015_keeps_the_documents_of_an_older_store_and_downgrades_to_the_latest(tmp_path: Path) -> None:
    """A store made before 0015 (one document per evaluation) keeps its document; a second run adds one; going
    back to 0014 keeps each evaluation's latest."""
    from alembic import command
    from sqlalchemy import create_engine

    from callscout.store.store import _alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store(url).close()
    config = _alembic_config(url)
    command.downgrade(config, "0014_finding_params")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO evaluations (id, name, document, created_at, updated_at) "
                "VALUES (1, 'e', '{}', '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO result_documents (evaluation_id, callscout_version, created_at, document) "
                "VALUES (1, '0.1', '2026-01-01', '{\"sections\": []}')"
            )
        )
    engine.dispose()
    store = Store(url)
    assert store.result_document(1) == {"sections": []}
    store.save_result_document(1, {"sections": ["needs"]})
    assert [run.callscout_version for run in store.result_runs(1)] == ["", "0.1"]
    store.close()
    command.downgrade(config, "0014_finding_params")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT document FROM result_documents")).scalars().all() == [
            '{"sections": ["needs"]}'
        ]
    engine.dispose()


def test_migrations_match_the_result_documents_table(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from callscout.store.tables import Base

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    with fresh.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert "result_documents" in inspect(connection).get_table_names()
    fresh.close()
    assert [item for item in differences if "result_documents" in repr(item)] == []


def test_runs_keep_findings_snapshots_and_history(store: Store) -> None:
    page = "<html>Новости 2021</html>".encode()
    first = store.record_run(
        "web",
        "http://a.example/",
        [_finding()],
        summary={"pages_fetched": 1},
        snapshots=[Snapshot("http://a.example/news", page, status_code=200, content_type="text/html")],
    )
    second = store.record_run(
        "web",
        "http://a.example/",
        [_finding(Status.PASS)],
        snapshots=[Snapshot("http://a.example/news", page, status_code=200)],
    )
    history = store.runs(kind="web", target="http://a.example/")
    assert [run.id for run in history] == [second, first]
    assert history[1].summary == {"pages_fetched": 1}
    findings = store.run_findings(first)
    assert findings == [_finding()]
    snapshot = store.run_snapshots(first)[0]
    assert snapshot.body == page and snapshot.status_code == 200
    assert snapshot.sha256 == store.run_snapshots(second)[0].sha256
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM contents")).scalar() == 1  # stored once


def test_failed_unit_of_work_leaves_store_unchanged(store: Store) -> None:
    store.record_run("web", "http://a.example/", [_finding()])
    with pytest.raises(RuntimeError), store.session() as session:
        session.execute(text("DELETE FROM findings"))
        raise RuntimeError("crash mid-run")
    assert len(store.run_findings(store.runs()[0].id)) == 1


def test_unreachable_database_is_a_clear_usage_error() -> None:
    with pytest.raises(UsageError, match="недоступна") as caught:
        Store("postgresql+psycopg2://user:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)


def test_store_at_head_opens_without_alembic(tmp_path: Path) -> None:
    """A store already at head is recognised by one query (Alembic is not loaded); one behind is migrated."""
    import subprocess
    import sys

    from callscout.store.store import _head_revisions

    assert _head_revisions() == {Store.head_revision()}
    url = f"sqlite:///{tmp_path / 'fast.db'}"
    Store(url).close()
    probe = f"import sys\nfrom callscout.store import Store\nStore({url!r}).close()\nprint('alembic' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"
    # One revision behind (as after an upgrade of the program): the fast path says no, Alembic migrates.
    from alembic import command

    from callscout.store.store import _alembic_config

    command.downgrade(_alembic_config(url), "-1")
    store = Store(url, migrate=False)
    assert store.current_revision() != Store.head_revision()
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "True"
    assert store.current_revision() == Store.head_revision()
    store.close()
