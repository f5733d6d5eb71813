"""A vendor that holds data is never deleted silently: removing it from the evaluation file (by hand, by
``callscout vendor remove`` or in the cabinet) is refused with what it holds and how to proceed; reading
commands never write the file into the store; a renamed vendor keeps its calls (by id, not by name)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts, evalfile, workspace
from callscout.calls.storage import CallStore
from callscout.errors import DataError
from callscout.store import Store
from callscout.store.ownership import vendor_ref
from callscout.web import create_app
from tests.calls_helpers import DATA
from tests.test_calls_cli import callscout
from tests.test_calls_kpi import SMALL_LOG
from tests.test_web import create_evaluation, sign_in


def _imports(evaluation_name: str) -> list[tuple[str, int]]:
    """(current vendor name, rows) of every call import of the evaluation, read from the store itself."""
    store = Store()
    try:
        evaluation_id = store.evaluation_id(evaluation_name)
        return [(row.vendor_name, row.rows) for row in CallStore(store).imports(evaluation_id)]
    finally:
        store.close()


@pytest.fixture
def workspace_with_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """callscout.yaml with two vendors, «Альфа» having an imported call log (8 calls)."""
    monkeypatch.chdir(tmp_path)
    evaluation = workspace.new_evaluation("Пилот", 1000)
    for name in ("Альфа", "Бета"):
        evaluation = workspace.add_vendor(evaluation, {"name": name})
    file = tmp_path / "callscout.yaml"
    evalfile.save(evaluation, file)
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    imported = callscout("calls", "import", str(log), "--vendor", "Альфа", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert _imports("Пилот") == [("Альфа", 9)]
    return file


def _without(file: Path, name: str) -> Path:
    """The evaluation file with the vendor deleted by hand, as a user editing the YAML would."""
    evaluation = evalfile.load(file)
    edited = file.with_name("edited.yaml")
    evalfile.save(evaluation.model_copy(update={"vendors": [v for v in evaluation.vendors if v.name != name]}), edited)
    return edited


def test_reading_commands_never_save_a_file_that_lacks_a_vendor(workspace_with_calls: Path) -> None:
    edited = _without(workspace_with_calls, "Альфа")
    folder = workspace_with_calls.parent
    for command in (
        ("calls", "kpi", "-f", str(edited), "--output", "json"),
        ("calls", "sla", "-f", str(edited), "--output", "json"),
        ("calls", "survey", "-f", str(edited), "--output", "json"),
    ):
        result = callscout(*command, cwd=folder)
        assert "Альфа" not in result.stderr, (command, result.stderr)
    # The stored evaluation still has the vendor and its calls: a read changed nothing.
    assert _imports("Пилот") == [("Альфа", 9)]
    kpi = callscout("calls", "kpi", "--vendor", "Альфа", "--output", "json", cwd=folder)
    assert kpi.returncode == 0, kpi.stderr
    assert json.loads(kpi.stdout)["offered"] == 8


def test_removing_a_vendor_with_calls_is_refused_until_asked_with_delete_data(workspace_with_calls: Path) -> None:
    folder = workspace_with_calls.parent
    refused = callscout("vendor", "remove", "Альфа", "-f", str(workspace_with_calls), cwd=folder)
    assert refused.returncode == 1
    message = " ".join(refused.stderr.split())
    assert "«Альфа» не удалён" in message and "импортов звонков: 1 (9 звонков)" in message
    assert "--delete-data" in message and "vendor rename" in message
    # Nothing changed: neither the file nor the store.
    assert evalfile.load(workspace_with_calls).vendor("Альфа") is not None
    assert _imports("Пилот") == [("Альфа", 9)]
    # A writing command given a file without the vendor is refused the same way, and imports nothing.
    log = folder / "small.csv"
    edited = _without(workspace_with_calls, "Альфа")
    edited.replace(workspace_with_calls)
    again = callscout("calls", "import", str(log), "--vendor", "Бета", cwd=folder)
    assert again.returncode == 1 and "«Альфа» не удалён" in " ".join(again.stderr.split())
    assert _imports("Пилот") == [("Альфа", 9)]
    # A vendor without data goes as before; with --delete-data the one with calls goes, with its calls.
    evalfile.save(workspace.add_vendor(evalfile.load(workspace_with_calls), {"name": "Альфа"}), workspace_with_calls)
    assert callscout("vendor", "remove", "Бета", cwd=folder).returncode == 0
    deleted = callscout("vendor", "remove", "Альфа", "--delete-data", cwd=folder)
    assert deleted.returncode == 0, deleted.stderr
    assert evalfile.load(workspace_with_calls).vendors == []
    assert _imports("Пилот") == []


def test_a_renamed_vendor_keeps_its_calls_in_every_report(workspace_with_calls: Path) -> None:
    folder = workspace_with_calls.parent
    renamed = callscout("vendor", "rename", "Альфа", "Альфа Плюс", cwd=folder)
    assert renamed.returncode == 0, renamed.stderr
    assert evalfile.load(workspace_with_calls).vendor("Альфа Плюс") is not None
    assert _imports("Пилот") == [("Альфа Плюс", 9)]
    kpi = callscout("calls", "kpi", "--vendor", "Альфа Плюс", "--output", "json", cwd=folder)
    assert kpi.returncode == 0, kpi.stderr
    assert json.loads(kpi.stdout)["offered"] == 8
    # The calls themselves carry the name they were imported under; the reader shows the vendor's name now.
    store = Store()
    try:
        evaluation_id = store.evaluation_id("Пилот")
        with CallStore(store).reader(evaluation_id) as connection:
            assert connection.execute("SELECT DISTINCT vendor FROM calls").fetchall() == [("Альфа Плюс",)]
    finally:
        store.close()
    # The old name is gone from the evaluation (not a second vendor holding the calls).
    old = callscout("calls", "kpi", "--vendor", "Альфа", "--output", "json", cwd=folder)
    assert old.returncode != 0 and "Альфа Плюс" in old.stderr


def test_the_cabinet_refuses_to_remove_a_vendor_with_live_events_unless_ticked(store: Store, tmp_path: Path) -> None:
    from callscout.live.events import parse_items
    from callscout.live.ingest import LiveStore

    accounts.create_user(store, "owner", "correct horse", is_admin=False)
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    csrf = sign_in(client)
    evaluation_id = create_evaluation(client, csrf)
    assert client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Линия"}).status_code == 303
    ref = vendor_ref(store, evaluation_id, "Линия")
    event = {"type": "enter_queue", "call_id": "c1", "ts": "2026-12-07T10:00:00+03:00", "queue": "q"}
    assert LiveStore(store).ingest(ref.id, parse_items([event])).accepted == 1
    refused = client.post(f"/e/{evaluation_id}/vendors/remove", data={"csrf_token": csrf, "name": "Линия"})
    assert refused.status_code == 400
    assert "«Линия» не удалён" in refused.text and "событий онлайн-контроля: 1" in refused.text
    assert vendor_ref(store, evaluation_id, "Линия").id == ref.id
    page = client.get(f"/e/{evaluation_id}").text
    assert 'name="delete_data"' in page
    removed = client.post(
        f"/e/{evaluation_id}/vendors/remove", data={"csrf_token": csrf, "name": "Линия", "delete_data": "1"}
    )
    assert removed.status_code == 303
    assert store.evaluation_by_id(evaluation_id).vendors == []


def test_store_refuses_every_kind_of_vendor_data(store: Store, tmp_path: Path) -> None:
    evaluation = workspace.add_vendor(workspace.new_evaluation("А", 100), {"name": "ГолосПро"})
    evaluation_id = store.save_evaluation(evaluation)
    calls = CallStore(store, tmp_path / "calls")
    owner = vendor_ref(store, evaluation_id, "ГолосПро")
    calls.import_file(DATA / "queue_log.txt", evaluation_id=evaluation_id, vendor_id=owner.id)
    with pytest.raises(DataError, match="импортов звонков: 1"):
        store.save_evaluation(workspace.remove_vendor(evaluation, "ГолосПро"))
    assert len(calls.imports(evaluation_id)) == 1
