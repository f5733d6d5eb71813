"""Every row belongs to an evaluation's vendor, by id (migration 0008_ownership): the migration of legacy
name-keyed rows, and the core refusing to reach another evaluation's data through a same-named vendor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from callscout import accounts, workspace
from callscout.calls.storage import CallStore
from callscout.errors import DataError, UsageError
from callscout.qa import service
from callscout.qa.models import Form
from callscout.store import Store
from callscout.store.ownership import vendor_ref
from callscout.store.store import _alembic_config
from tests.calls_helpers import DATA
from tests.test_store import postgres_url  # noqa: F401 - the module's PostgreSQL server fixture

FORM = {
    "code": "inbound",
    "name": "Входящий",
    "groups": [{"name": "Начало", "items": [{"code": "greeting", "text": "Приветствие"}]}],
}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'legacy.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    store = Store(url, migrate=False)
    with store.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    store.close()


def _upgrade(store: Store, revision: str) -> None:
    with store.engine.begin() as connection:
        config = _alembic_config(store.url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _legacy_store(url: str) -> Store:
    """A store as 0007 left it: rows keyed by vendor names, one name ("Общий") in two evaluations."""
    store = Store(url, migrate=False)
    _upgrade(store, "0007_callgrades")
    now = datetime(2026, 11, 1, 10, 0)
    rows = {
        "evaluations": [
            {"id": 1, "name": "Оценка А", "document": "{}", "created_at": now, "updated_at": now},
            {"id": 2, "name": "Оценка Б", "document": "{}", "created_at": now, "updated_at": now},
        ],
        "vendors": [
            {"id": 11, "evaluation_id": 1, "name": "Альфа"},
            {"id": 12, "evaluation_id": 1, "name": "Общий"},
            {"id": 21, "evaluation_id": 2, "name": "Бета"},
            {"id": 22, "evaluation_id": 2, "name": "Общий"},
        ],
        "users": [{"id": 7, "login": "alice", "password_hash": "x", "is_admin": False, "disabled": False}],
        "memberships": [{"id": 1, "user_id": 7, "evaluation_id": 1, "role": "owner"}],
        "call_imports": [
            {"id": 1, "vendor": "Альфа", "kind": "calls"},
            {"id": 2, "vendor": "Общий", "kind": "calls"},
            {"id": 3, "vendor": "Призрак", "kind": "calls"},
            {"id": 4, "vendor": "orders", "kind": "orders"},
        ],
        "qa_forms": [{"id": 1, "code": "own"}, {"id": 2, "code": "both"}, {"id": 3, "code": "unused"}],
        "qa_grades": [
            {"id": 1, "form_id": 1, "call_ref": "c1", "vendor": "Альфа"},
            {"id": 2, "form_id": 1, "call_ref": "c2", "vendor": None},
            {"id": 3, "form_id": 2, "call_ref": "c3", "vendor": "Альфа"},
            {"id": 4, "form_id": 2, "call_ref": "c4", "vendor": "Бета"},
            {"id": 5, "form_id": 2, "call_ref": "c5", "vendor": "Общий"},
        ],
        "qa_quizzes": [{"id": 1, "code": "returns", "pass_mark": 75}],
        "qa_quiz_results": [
            {"id": 1, "quiz_id": 1, "operator": "Ия", "vendor": "Бета"},
            {"id": 2, "quiz_id": 1, "operator": "Ян", "vendor": "Общий"},
        ],
        "qa_mystery_calls": [{"id": 1, "vendor": "Бета"}, {"id": 2, "vendor": "Общий"}],
        "guest_links": [
            {"token_sha256": "a" * 64, "evaluation_id": 1, "vendor_name": "Общий"},
            {"token_sha256": "b" * 64, "evaluation_id": 2, "vendor_name": "Альфа"},
        ],
    }
    defaults = {
        "vendors": {"position": 0, "website": None, "document": "{}", "created_at": now, "updated_at": now},
        "call_imports": {
            "format": "generic",
            "source_name": "f.csv",
            "source_size": 1,
            "rows": 1,
            "data_path": "x.parquet",
            "imported_at": now,
            "details": "{}",
        },
        "qa_forms": {"name": "Форма", "definition": json.dumps(FORM), "created_by": "lead", "created_at": now},
        "qa_grades": {"grader": "anna", "score": 50.0, "submitted_at": now},
        "qa_quizzes": {"name": "Тест", "definition": "{}", "created_by": "lead", "created_at": now},
        "qa_quiz_results": {"answers": "{}", "score": 50.0, "passed": False, "recorded_by": "lead", "taken_at": now},
        "qa_mystery_calls": {
            "called_at": now,
            "answered": True,
            "transferred": False,
            "created_by": "b",
            "created_at": now,
        },
        "guest_links": {"created_at": now, "expires_at": datetime(2030, 1, 1)},
        "users": {"created_at": now},
    }
    with store.engine.begin() as connection:
        for table, items in rows.items():
            for item in items:
                values = {**defaults.get(table, {}), **item}
                if table == "call_imports":
                    values["source_sha256"] = str(item["id"]) * 64
                columns = ", ".join(values)
                marks = ", ".join(f":{name}" for name in values)
                connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)
    return store


def _owners(store: Store, table: str, key: str = "id") -> dict:
    with store.engine.connect() as connection:
        columns = "evaluation_id" if table in ("qa_forms", "qa_quizzes") else "evaluation_id, vendor_id"
        rows = connection.execute(text(f"SELECT {key}, {columns} FROM {table} ORDER BY {key}")).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_migration_0008_attributes_rows_by_name_within_their_evaluation(url: str) -> None:
    store = _legacy_store(url)
    _upgrade(store, "head")
    assert store.current_revision() == Store.head_revision()
    # A name held by one evaluation's vendor goes to it; "Общий" is in both and "Призрак" in none: the rows
    # belong to nobody (NULL), and no query reads them.
    assert _owners(store, "call_imports") == {1: (1, 11), 2: (None, None), 3: (None, None), 4: (None, None)}
    assert _owners(store, "qa_grades") == {1: (1, 11), 2: (1, None), 3: (1, 11), 4: (2, 21), 5: (None, None)}
    # A form used in one evaluation is its; one used in two (or none, with two in the store) is a shared
    # read-only template.
    assert _owners(store, "qa_forms") == {1: (1,), 2: (None,), 3: (None,)}
    assert _owners(store, "qa_quiz_results") == {1: (2, 21), 2: (None, None)}
    assert _owners(store, "qa_quizzes") == {1: (2,)}
    assert _owners(store, "qa_mystery_calls") == {1: (2, 21), 2: (None, None)}
    with store.engine.connect() as connection:
        links = connection.execute(text("SELECT token_sha256, vendor_id FROM guest_links")).all()
    assert links == [("a" * 64, 12)]  # E2 had no "Альфа": its link opens nothing and is gone
    # Names are unique per owner now: the owner role holder owns it; nothing was cascaded away on the way.
    with store.engine.connect() as connection:
        evaluations = connection.execute(text("SELECT id, owner_id, name FROM evaluations ORDER BY id")).all()
        vendors = connection.execute(text("SELECT count(*) FROM vendors")).scalar()
    assert [tuple(row) for row in evaluations] == [(1, 7, "Оценка А"), (2, None, "Оценка Б")] and vendors == 4
    # The grades are still immutable, and still readable through the core, scoped.
    with pytest.raises(DBAPIError, match="immutable"), store.engine.begin() as connection:
        connection.execute(text("UPDATE qa_grades SET score = 100"))
    assert [grade["call"] for grade in service.grades(store, 1)] == ["c1", "c2", "c3"]
    assert [grade["call"] for grade in service.grades(store, 2)] == ["c4"]
    assert [item["code"] for item in service.list_forms(store, 2)] == ["both", "unused"]
    with pytest.raises(DataError, match="шаблон только для чтения"):
        service.rate(store, 2, "c9", "both", "anna", {"greeting": "да"})
    store.close()


def test_same_code_forms_and_same_named_vendors_stay_apart(store: Store) -> None:
    first = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"}))
    second = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Б", 100), {"name": "ГолосПро"}))
    form = Form.model_validate(FORM)
    service.create_form(store, first, form, "anna")
    # B does not learn that A has a form "inbound": his own is created, and he sees only it.
    service.create_form(store, second, form, "boris")
    assert [row["created_by"] for row in service.list_forms(store, second)] == ["boris"]
    with pytest.raises(DataError, match="уже есть"):
        service.create_form(store, first, form, "anna")
    service.rate(store, first, "c1", "inbound", "anna", {"greeting": "да"}, vendor=vendor_ref(store, first, "ГолосПро"))
    mine = vendor_ref(store, second, "ГолосПро")
    service.log_mystery_call(
        store, mine, called_at=datetime(2026, 11, 1), answered=False, answer_s=None, rings=3, actor="b"
    )
    assert service.grades(store, second) == [] and service.vendor_average(store, mine) is None
    assert service.report(store, second, "vendor") == []
    assert service.mystery_calls(store, first) == []
    assert service.audit_trail(store, second)[0]["actor"] == "boris"
    assert all(entry["actor"] == "anna" for entry in service.audit_trail(store, first))
    # A vendor id of another evaluation is refused, whatever name it carries.
    with pytest.raises(DataError, match="не найден в этой оценке"):
        service.rate(
            store, second, "c1", "inbound", "boris", {"greeting": "да"}, vendor=vendor_ref(store, first, "ГолосПро")
        )


def test_call_imports_are_the_evaluations_own(store: Store, tmp_path: Path) -> None:
    first = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"}))
    second = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Б", 100), {"name": "ГолосПро"}))
    calls = CallStore(store, tmp_path / "calls")
    theirs = vendor_ref(store, first, "ГолосПро")
    result = calls.import_file(DATA / "queue_log.txt", evaluation_id=first, vendor_id=theirs.id)
    mine = vendor_ref(store, second, "ГолосПро")
    assert calls.imports(second) == [] and calls.vendors(second) == []
    with calls.reader(second, [mine.id]) as connection:
        assert connection.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    with calls.reader(second) as connection:
        assert connection.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert calls.remove_import(second, result.import_id) is None
    assert [row.id for row in calls.imports(first)] == [result.import_id]
    # A vendor id of another evaluation cannot be imported into.
    with pytest.raises(UsageError, match="не найден в этой оценке"):
        calls.import_file(DATA / "queue_log.txt", evaluation_id=second, vendor_id=theirs.id)
    # Files are placed by vendor id, never by a name two evaluations may share.
    assert calls.imports(first)[0].data_path.startswith(f"v{theirs.id}/")


def test_removing_a_vendor_removes_what_it_owns_and_a_re_added_one_gets_nothing(store: Store, tmp_path: Path) -> None:
    evaluation = workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"})
    evaluation_id = store.save_evaluation(evaluation)
    old = vendor_ref(store, evaluation_id, "ГолосПро")
    calls = CallStore(store, tmp_path / "calls")
    calls.import_file(DATA / "queue_log.txt", evaluation_id=evaluation_id, vendor_id=old.id)
    token = accounts.create_guest_link(store, evaluation_id, old.id, None)
    with pytest.raises(DataError, match="«ГолосПро» не удалён"):
        store.save_evaluation(workspace.remove_vendor(evaluation, "ГолосПро"))  # not without being asked
    store.save_evaluation(workspace.remove_vendor(evaluation, "ГолосПро"), delete_data=True)
    store.save_evaluation(evaluation)  # the same name again: a new vendor
    # (SQLite may even give the new vendor the old id: what the old one owned is gone, not handed over.)
    assert accounts.resolve_guest_link(store, token) is None
    assert accounts.guest_links(store, evaluation_id) == []
    assert calls.imports(evaluation_id) == []


def test_a_graded_vendor_cannot_be_removed(store: Store) -> None:
    evaluation = workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"})
    evaluation_id = store.save_evaluation(evaluation)
    service.create_form(store, evaluation_id, Form.model_validate(FORM), "anna")
    service.rate(
        store,
        evaluation_id,
        "c1",
        "inbound",
        "anna",
        {"greeting": "да"},
        vendor=vendor_ref(store, evaluation_id, "ГолосПро"),
    )
    with pytest.raises(DataError, match="неизменяемы"):
        store.save_evaluation(workspace.remove_vendor(evaluation, "ГолосПро"))
    assert vendor_ref(store, evaluation_id, "ГолосПро").id


def test_guest_links_are_revoked_by_handle_only_within_their_evaluation(store: Store) -> None:
    first = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"}))
    second = store.save_evaluation(workspace.add_vendor(workspace.new_evaluation("Б", 100), {"name": "ГолосПро"}))
    token = accounts.create_guest_link(store, first, vendor_ref(store, first, "ГолосПро").id, None)
    (link,) = accounts.guest_links(store, first)
    assert link.live and link.vendor == "ГолосПро" and accounts.guest_links(store, second) == []
    assert not accounts.revoke_guest_link(store, second, link.handle)
    assert accounts.resolve_guest_link(store, token) is not None
    assert accounts.revoke_guest_link(store, first, f"http://cabinet/guest/{token}")
    assert accounts.resolve_guest_link(store, token) is None
    assert not accounts.guest_links(store, first)[0].live
    with pytest.raises(DataError):
        accounts.create_guest_link(store, second, vendor_ref(store, first, "ГолосПро").id, None)
