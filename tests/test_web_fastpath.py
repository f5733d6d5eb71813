"""The polled dashboard's fast path: the session and rights are read fresh on every request (a sign-out,
a disabled user, an expired session or a removed or lowered role applies to the very next request), while the
parsed evaluation and the fragment are reused only until the evaluation or the imports change."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from callscout import accounts
from callscout.accounts import Role
from callscout.accounts.tables import MembershipRow, SessionRow, UserRow
from callscout.calls import cache
from callscout.calls.storage import CallStore
from callscout.model.vendor import SlaTerms
from callscout.store import Store
from callscout.store.tables import utcnow
from callscout.web import create_app
from tests.test_web import sign_in
from tests.test_web_calls import BANK

VENDOR = "Банк"


@pytest.fixture
def app(store: Store, tmp_path: Path):
    cache.RESULTS.clear()
    return create_app(store, reports_dir=tmp_path / "reports")


def _bank_rows(first: int, last: int, tmp_path: Path, name: str) -> Path:
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join([header, *rows[first:last]]) + "\n", encoding="utf-8")
    return path


def _owner(store: Store, evaluation_id: int) -> dict[str, int]:
    from callscout.store.ownership import vendor_ref

    return {"evaluation_id": evaluation_id, "vendor_id": vendor_ref(store, evaluation_id, VENDOR).id}


def _evaluation(store: Store, tmp_path: Path, *, rows: int = 1500) -> tuple[int, int, int]:
    """An evaluation with the bank's calls imported; (evaluation id, owner id, viewer id)."""
    from callscout.workspace import add_vendor, new_evaluation

    evaluation_id = store.save_evaluation(add_vendor(new_evaluation("Быстрый путь", 5000), {"name": VENDOR}))
    CallStore(store).import_file(_bank_rows(0, rows, tmp_path, "bank.tsv"), **_owner(store, evaluation_id))
    owner = accounts.create_user(store, "owner", "correct horse")
    viewer = accounts.create_user(store, "viewer", "viewer password")
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    accounts.grant(store, viewer.id, evaluation_id, Role.VIEWER)
    return evaluation_id, owner.id, viewer.id


def _dashboard(evaluation_id: int) -> str:
    return f"/e/{evaluation_id}/calls/dashboard?vendor={VENDOR}"


def test_sign_out_and_disabled_user_and_expiry_refuse_the_next_request(app, store: Store, tmp_path: Path) -> None:
    evaluation_id, owner_id, _ = _evaluation(store, tmp_path)
    client = TestClient(app, follow_redirects=False)
    csrf = sign_in(client)
    assert client.get(_dashboard(evaluation_id)).status_code == 200
    assert client.get(_dashboard(evaluation_id)).status_code == 200  # now from the cache
    # Sign-out: the very next poll is sent to sign-in, even with the old cookie replayed.
    token = client.cookies["callscout_session"]
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    client.cookies.set("callscout_session", token)
    refused = client.get(_dashboard(evaluation_id))
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    # A disabled user, while signed in.
    third = TestClient(app, follow_redirects=False)
    sign_in(third)
    assert third.get(_dashboard(evaluation_id)).status_code == 200
    with store.session() as session:
        session.execute(update(UserRow).where(UserRow.id == owner_id).values(disabled=True))
    assert third.get(_dashboard(evaluation_id)).status_code == 303
    with store.session() as session:
        session.execute(update(UserRow).where(UserRow.id == owner_id).values(disabled=False))
    assert third.get(_dashboard(evaluation_id)).status_code == 200
    # An expired session.
    with store.session() as session:
        session.execute(update(SessionRow).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert third.get(_dashboard(evaluation_id)).status_code == 303


def test_removed_or_lowered_role_applies_to_the_next_request(app, store: Store, tmp_path: Path) -> None:
    evaluation_id, owner_id, viewer_id = _evaluation(store, tmp_path)
    viewer = TestClient(app, follow_redirects=False)
    sign_in(viewer, "viewer", "viewer password")
    assert viewer.get(_dashboard(evaluation_id)).status_code == 200
    with store.session() as session:
        membership = (MembershipRow.user_id == viewer_id) & (MembershipRow.evaluation_id == evaluation_id)
        session.execute(delete(MembershipRow).where(membership))
    assert viewer.get(_dashboard(evaluation_id)).status_code == 404
    # The owner lowered to viewer: still sees the dashboard, can no longer change the evaluation.
    owner = TestClient(app, follow_redirects=False)
    csrf = sign_in(owner)
    assert owner.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Линия 24"}).status_code == 303
    assert owner.get(_dashboard(evaluation_id)).status_code == 200
    accounts.grant(store, owner_id, evaluation_id, Role.VIEWER)
    assert owner.get(_dashboard(evaluation_id)).status_code == 200
    assert owner.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Call Mind"}).status_code == 403
    # Another evaluation's id is hidden, whatever is cached for this one.
    assert owner.get(_dashboard(evaluation_id + 1)).status_code == 404


def test_a_saved_evaluation_is_shown_at_once(app, store: Store, tmp_path: Path) -> None:
    evaluation_id, _, _ = _evaluation(store, tmp_path)
    client = TestClient(app, follow_redirects=False)
    sign_in(client)
    before = client.get(_dashboard(evaluation_id)).text
    assert "Условия SLA для вендора не заданы" in before
    computed = cache.RESULTS.computed
    assert client.get(_dashboard(evaluation_id)).text == before
    assert cache.RESULTS.computed == computed
    # Contract terms saved by another process (the CLI): the dashboard shows them on the next poll.
    evaluation = store.evaluation_by_id(evaluation_id)
    evaluation.vendor(VENDOR).sla = SlaTerms(service_level_percent=99, service_level_seconds=5)
    store.save_evaluation(evaluation)
    after = client.get(_dashboard(evaluation_id)).text
    assert "Условия SLA для вендора не заданы" not in after
    assert re.search(r"\d+ нарушени[ейя]|Нарушений нет", after)  # «14 нарушений»: count and plural


def test_a_replaced_import_is_never_served_stale(app, store: Store, tmp_path: Path) -> None:
    """SQLite gives a removed row's id to the next insert: the manifest version must still move."""
    evaluation_id, _, _ = _evaluation(store, tmp_path, rows=1000)
    client = TestClient(app, follow_redirects=False)
    sign_in(client)

    def offered() -> int:
        return int(re.search(r'data-kpi="offered">(\d+)<', client.get(_dashboard(evaluation_id)).text).group(1))

    first = offered()
    calls = CallStore(store)
    [old] = calls.imports(evaluation_id)
    assert calls.remove_import(evaluation_id, old.id)
    calls.import_file(_bank_rows(1000, 3000, tmp_path, "other.tsv"), **_owner(store, evaluation_id))
    [new] = calls.imports(evaluation_id)
    assert new.id == old.id  # the case guarded against: same id, other calls
    assert offered() > first


def test_cached_fragment_is_gzipped_for_browsers_and_plain_otherwise(app, store: Store, tmp_path: Path) -> None:
    evaluation_id, _, _ = _evaluation(store, tmp_path)
    client = TestClient(app, follow_redirects=False)
    sign_in(client)
    plain = client.get(_dashboard(evaluation_id), headers={"accept-encoding": "identity"})
    packed = client.get(_dashboard(evaluation_id), headers={"accept-encoding": "gzip, deflate, br"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    assert packed.text == plain.text and 'data-kpi="offered"' in plain.text
    # The security headers stay on the fast path.
    assert "script-src 'self'" in packed.headers["content-security-policy"]
