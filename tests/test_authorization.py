"""Who may reach what in the cabinet, tried on every route of the app.

The routes are read from the app's router, so a route added later is tried too (and a path parameter this
test cannot fill fails the test, naming it). Each is tried as: no session, a user without a role on the
evaluation, a viewer (for writes), a visitor holding a guest link of another vendor, and the other user on
his own evaluation with ids of the first user's objects. None may get anything but a refusal, and no body
may carry the first user's data (vendor names, call ids, operators, form and quiz codes, comments).

Then the regression tests of issue 13's High #1: a same-named vendor in another user's evaluation sees
nothing of the first evaluation's calls, grades or pages, and cannot remove its import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from callscout import accounts, workspace
from callscout.accounts import Role
from callscout.audio import synth
from callscout.audio.asr import Segment, Transcript
from callscout.calls import cache
from callscout.calls.storage import CallStore
from callscout.live.alerts import Alerter, thresholds
from callscout.live.events import LiveEvent
from callscout.live.ingest import LiveStore
from callscout.qa import service
from callscout.qa.models import Form, Quiz
from callscout.store import Store
from callscout.store.ownership import vendor_ref
from callscout.web import create_app
from callscout.web.jobs import registry
from tests.test_web import sign_in

SHARED_NAME = "ГолосПро"  # a vendor of both evaluations
ALICE_ONLY = "Секрет Алисы"  # a vendor only Alice's evaluation has
TRANSCRIBED = "alice-transcribed-call"  # a recording of Alice's with a stored transcript
ALICE_LOG = """Call ID,Start Time,Direction,Caller,Status,Wait Time,Talk Time,Agent,Queue
ALICECALL-1,2024-01-15 09:00:00,inbound,79000000001,answered,10,100,Оператор Алисина,q1
ALICECALL-2,2024-01-15 09:10:00,inbound,79000000002,abandoned,30,,,q1
ALICECALL-3,2024-01-15 10:00:00,inbound,79000000003,answered,25,200,Оператор Тайнова,q2
"""
FORM = {
    "code": "alice-form",
    "name": "Форма Алисы",
    "groups": [{"name": "Начало", "items": [{"code": "greeting", "text": "Приветствие"}]}],
}
QUIZ = {
    "code": "alice-quiz",
    "name": "Тест Алисы",
    "pass_mark": 50,
    "questions": [{"id": "days", "text": "Сколько дней на возврат?", "answer": "14"}],
}
# Routes anyone may open, and POSTs a viewer may send because they change nothing (with the reason).
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/lang/{language}"),
    ("GET", "/guest/{token}"),
}
VIEWER_MAY_POST = {("POST", "/e/{evaluation_id}/ranking/preview")}  # a preview of weights, nothing saved
# Routes a PBX calls with a vendor's ingest token instead of a session: the token names the vendor. Tried
# as everyone else, and with the owner's own cabinet session and a guest link's token: neither is an ingest
# token. What a valid token may write is tested apart (test_an_ingest_token_writes_into_its_own_vendor_only).
TOKEN_ROUTES = {
    ("POST", "/api/v1/events"),
    ("POST", "/api/v1/events/asterisk_ami"),
    ("GET", "/api/v1/events/zadarma"),
    ("POST", "/api/v1/events/zadarma"),
}
# Path parameters that name no object of Alice's (a chart's grouping, a download's type).
ROUTE_VALUES = {"by": "agent", "kind": "json"}
LIVE_CALL = "ALICELIVE-1"  # a call of Alice's vendor on the line now
REFUSED = {303, 401, 403, 404}


@dataclass
class World:
    store: Store
    client: TestClient  # Alice, the owner of the first evaluation
    bob: TestClient  # the owner of the second evaluation, with a same-named vendor
    viewer: TestClient  # a viewer of Alice's evaluation
    csrf: dict[str, str]
    alice_id: int
    bob_id: int
    ids: dict[str, Any]
    markers: list[str] = field(default_factory=list)


def _signed(app: Any, login: str, password: str) -> tuple[TestClient, str]:
    client = TestClient(app, follow_redirects=False)
    return client, sign_in(client, login, password)


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    cache.RESULTS.clear()
    users = {login: accounts.create_user(store, login, f"{login} password") for login in ("alice", "bob", "viewer")}

    def evaluation(name: str, *vendors: str) -> int:
        made = workspace.new_evaluation(name, 1000)
        for vendor in vendors:
            made = workspace.add_vendor(made, {"name": vendor})
        return store.save_evaluation(made)

    alice_id = evaluation("Оценка Алисы", SHARED_NAME, ALICE_ONLY)
    bob_id = evaluation("Оценка Боба", SHARED_NAME, "Бобов")
    accounts.grant(store, users["alice"].id, alice_id, Role.OWNER)
    accounts.grant(store, users["viewer"].id, alice_id, Role.VIEWER)
    accounts.grant(store, users["bob"].id, bob_id, Role.OWNER)
    app = create_app(store, reports_dir=tmp_path / "reports")
    alice, alice_csrf = _signed(app, "alice", "alice password")
    bob, bob_csrf = _signed(app, "bob", "bob password")
    viewer, viewer_csrf = _signed(app, "viewer", "viewer password")

    # Alice's data, through the cabinet where a job or a stored file is part of it.
    uploaded = alice.post(
        f"/e/{alice_id}/calls/upload",
        data={"csrf_token": alice_csrf, "vendor": SHARED_NAME, "format": "auto"},
        files={"file": ("alice.csv", ALICE_LOG.encode(), "text/csv")},
    )
    assert uploaded.status_code == 303, uploaded.text
    job_id = int(re.search(r"import_job=(\d+)", uploaded.headers["location"]).group(1))
    assert registry(app.state.cabinet).wait(job_id, 120).finished
    [imported] = CallStore(store).imports(alice_id)
    voice = synth.voice(3.0, 16000, seed=5)
    wav = synth.to_wav_bytes(synth.mix_at_snr(voice, synth.white_noise(3.0, 16000, seed=5), 12.0), 16000)
    recorded = alice.post(
        f"/e/{alice_id}/recordings",
        data={"csrf_token": alice_csrf, "vendor": ALICE_ONLY},
        files={"file": ("alice-recording.wav", wav, "audio/wav")},
    )
    assert recorded.status_code == 303, recorded.text
    run_id = int(recorded.headers["location"].rsplit("/", 1)[1])
    shared = vendor_ref(store, alice_id, SHARED_NAME)
    service.create_form(store, alice_id, Form.model_validate(FORM), "alice")
    service.rate_imported_call(
        store,
        CallStore(store),
        shared,
        "ALICECALL-1",
        "alice-form",
        "alice",
        {"greeting": "да"},
        comment="комментарий Алисы",
    )
    service.create_quiz(store, alice_id, Quiz.model_validate(QUIZ), "alice")
    service.record_quiz(
        store, alice_id, "alice-quiz", "Оператор Алисина", {"days": "14"}, vendor=shared, recorded_by="alice"
    )
    # Alice's live control: her vendor's events (a caller waiting now, from a sender with its own event
    # ids), its ingest token, an alert episode.
    alice_live = vendor_ref(store, alice_id, ALICE_ONLY)
    live = LiveStore(store)
    now = datetime.now(UTC)
    live.ingest(
        alice_live.id,
        [
            LiveEvent(type="agent_login", ts=now, agent="Оператор Алисина", id="evt-1"),
            LiveEvent(type="enter_queue", ts=now, call_id=LIVE_CALL, queue="q1", caller="79000000009", id="evt-2"),
        ],
    )
    ingest_token = live.issue_token(alice_live.id)
    Alerter(store).check(alice_live, {"longest_wait_s": 500.0}, thresholds(None, ALICE_ONLY))
    service.log_mystery_call(
        store,
        shared,
        called_at=datetime(2024, 1, 15, 9),
        answered=False,
        answer_s=None,
        rings=7,
        notes="заметка Алисы",
        actor="alice",
    )
    token = accounts.create_guest_link(store, alice_id, vendor_ref(store, alice_id, ALICE_ONLY).id, users["alice"].id)
    bob_token = accounts.create_guest_link(store, bob_id, vendor_ref(store, bob_id, "Бобов").id, users["bob"].id)
    (link,) = accounts.guest_links(store, alice_id)
    # A transcribed recording of Alice's vendor with a complaint in it: the insights page lists it.
    complaint = Transcript(
        [
            Segment(0.0, 4.0, "Здравствуйте, магазин, слушаю вас.", "operator"),
            Segment(4.0, 9.0, "Хочу оставить жалобу: заказ Алисы пришёл разбитым, это безобразие.", "customer"),
        ]
    )
    alice_only = vendor_ref(store, alice_id, ALICE_ONLY).id
    # A run of Alice's evaluation with its result document: the run list and a run's report files.
    store.record_run("scoring", "Оценка Алисы", [], summary={"winner": ALICE_ONLY}, evaluation_id=alice_id)
    document_id = store.save_result_document(
        alice_id,
        {
            "callscout_version": "test",
            "generated_at": "2026-12-01T10:00:00+00:00",
            "language": "ru",
            "evaluation": {"name": "Оценка Алисы", "buyer": "заказчик Алисы"},
            "sections": [],
        },
    )
    store.record_run("audio", TRANSCRIBED, [], summary={}, vendor_id=alice_only, evaluation_id=alice_id)
    store.record_run(
        "transcript", TRANSCRIBED, [], summary=complaint.to_dict(), vendor_id=alice_only, evaluation_id=alice_id
    )
    return World(
        store,
        alice,
        bob,
        viewer,
        {"alice": alice_csrf, "bob": bob_csrf, "viewer": viewer_csrf},
        alice_id,
        bob_id,
        {
            "import_id": imported.id,
            "ingest_token": ingest_token,
            "live_vendor_id": alice_live.id,
            "run_id": run_id,
            "document_id": document_id,
            "job_id": job_id,
            "code": "alice-quiz",
            "handle": link.handle,
            "token": token,
            "bob_token": bob_token,
            "vendor_name": ALICE_ONLY,
            "filename": "report.html",
            "language": "ru",
            "kind": "json",  # /calls/sales.{kind}: the sales table's download
        },
        markers=[
            ALICE_ONLY,
            "Оценка Алисы",
            "ALICECALL",
            LIVE_CALL,
            "Оператор Алисина",
            "Оператор Тайнова",
            "alice-form",
            "alice-quiz",
            "комментарий Алисы",
            "заметка Алисы",
            "alice-recording",
            "alice.csv",
            TRANSCRIBED,
            "заказ Алисы",
            "заказчик Алисы",
        ],
    )


def _routes(app: Any) -> list[tuple[str, str, APIRoute]]:
    return sorted(
        (method, route.path, route)
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
        if method != "HEAD"
    )


def _url(path: str, values: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            pytest.fail(f"the route {path} has a parameter {{{name}}} this test cannot fill: add a value for it")
        return str(values[name])

    return re.sub(r"\{(\w+)(?::\w+)?\}", fill, path)


def _query(route: APIRoute, world: World) -> dict[str, Any]:
    """Query parameters the route declares, filled with Alice's things."""
    known = {
        "vendor": SHARED_NAME,
        "call": "ALICECALL-1",
        "form": "alice-form",
        "call_vendor": SHARED_NAME,
        "inline": "1",
        "next": "/",
    }
    names = {param.name for param in route.dependant.query_params}
    return {name: known[name] for name in names if name in known}


def _form(csrf: str) -> dict[str, str]:
    # A plausible body for every form of the cabinet: the refusal must come from the rights, not from a
    # missing field or token.
    return {
        "csrf_token": csrf,
        "vendor": SHARED_NAME,
        "name": SHARED_NAME,
        "confirm": "yes",
        "call": "ALICECALL-1",
        "form": "alice-form",
        "operator": "Оператор Алисина",
        "calls_per_month": "100",
    }


def _foreign(world: World, body: str, request: str) -> list[str]:
    """Alice's data in a body; what the requester typed himself (in the address or form) does not count."""
    return [marker for marker in world.markers if marker in body and marker not in request]


def _try(client: TestClient, method: str, url: str, params: dict[str, Any], data: dict[str, str] | None) -> Any:
    if method == "GET":
        return client.get(url, params=params)
    return client.request(method, url, params=params, data=data)


def test_every_route_refuses_whoever_has_no_right_to_it(world: World) -> None:
    app = world.client.app
    routes = _routes(app)
    assert len(routes) >= 40  # the whole cabinet, not a stub
    guest = TestClient(app, follow_redirects=False)
    assert guest.get(f"/guest/{world.ids['bob_token']}").status_code == 200
    anonymous = TestClient(app, follow_redirects=False)
    values = {**ROUTE_VALUES, **world.ids, "evaluation_id": world.alice_id}
    problems: list[str] = []
    tried = 0
    for method, path, route in routes:
        if (method, path) in PUBLIC:
            continue
        url = _url(path, values)
        params = _query(route, world)
        scoped = "{evaluation_id}" in path
        actors: list[tuple[str, TestClient, str | None]] = [
            ("no session", anonymous, None),
            ("guest link of another vendor", guest, None),
        ]
        if scoped:
            actors.append(("user without a role", world.bob, world.csrf["bob"]))
            if method != "GET" and (method, path) not in VIEWER_MAY_POST:
                actors.append(("viewer", world.viewer, world.csrf["viewer"]))
        for actor, client, csrf in actors:
            data = _form(csrf or "") if method != "GET" else None
            response = _try(client, method, url, params, data)
            tried += 1
            request = url + repr(params) + repr(data)
            if response.status_code not in REFUSED:
                problems.append(f"{method} {path} as {actor}: {response.status_code}")
            elif response.status_code == 303 and not response.headers["location"].startswith("/login"):
                problems.append(f"{method} {path} as {actor}: redirected to {response.headers['location']}")
            if leaked := _foreign(world, response.text, request):
                problems.append(f"{method} {path} as {actor}: shows {leaked}")
        if path.startswith("/api/"):
            if (method, path) not in TOKEN_ROUTES:
                problems.append(f"{method} {path}: an API route without a rule here (add it to TOKEN_ROUTES)")
            # A session is no ingest token, not even the owner's; nor is a guest link's token.
            for actor, client, token in (
                ("Alice's cabinet session", world.client, None),
                ("a guest link's token", anonymous, world.ids["token"]),
            ):
                response = client.request(
                    method, url, params={**params, **({"token": token} if token else {})}, content=b"[]"
                )
                tried += 1
                if response.status_code != 401:
                    problems.append(f"{method} {path} as {actor}: {response.status_code}")
        if not scoped and method == "GET":
            # Pages of the signed-in user himself (his list of evaluations): nothing of Alice's in Bob's.
            response = world.bob.get(url, params=params)
            if leaked := _foreign(world, response.text, url + repr(params)):
                problems.append(f"{method} {path} as Bob: shows {leaked}")
    assert tried > 120
    live_routes = {
        ("GET", "/e/{evaluation_id}/live"),
        ("GET", "/e/{evaluation_id}/live/stream"),
        ("POST", "/e/{evaluation_id}/live/token"),
        ("GET", "/e/{evaluation_id}/digest"),
    }
    assert live_routes | TOKEN_ROUTES <= {(method, path) for method, path, _route in routes}
    assert not problems, "\n".join(problems)


def test_alices_object_ids_do_not_exist_in_bobs_evaluation(world: World) -> None:
    """Every route that names an object by id, asked in Bob's own evaluation with Alice's ids: not found
    (or refused), nothing of Alice's shown, and Alice's objects unchanged."""
    app = world.client.app
    values = {**ROUTE_VALUES, **world.ids, "evaluation_id": world.bob_id, "vendor_name": SHARED_NAME}
    object_params = {"import_id", "run_id", "document_id", "job_id", "code", "handle"}
    problems: list[str] = []
    checked = 0
    for method, path, route in _routes(app):
        if "{evaluation_id}" not in path or not object_params & set(re.findall(r"\{(\w+)", path)):
            continue
        url = _url(path, values)
        params = _query(route, world)
        data = _form(world.csrf["bob"]) if method != "GET" else None
        response = _try(world.bob, method, url, params, data)
        checked += 1
        if response.status_code not in {400, 403, 404}:
            problems.append(f"{method} {path}: {response.status_code}")
        if leaked := _foreign(world, response.text, url + repr(params) + repr(data)):
            problems.append(f"{method} {path}: shows {leaked}")
    assert checked >= 8
    assert not problems, "\n".join(problems)
    assert [row.id for row in CallStore(world.store).imports(world.alice_id)] == [world.ids["import_id"]]
    assert accounts.resolve_guest_link(world.store, world.ids["token"]) is not None
    assert [row["call_id"] for row in service.grades(world.store, world.alice_id)] == ["ALICECALL-1"]


def test_guest_links_show_one_vendor_and_stop_when_revoked(world: World) -> None:
    guest = TestClient(world.client.app, follow_redirects=False)
    page = guest.get(f"/guest/{world.ids['token']}")
    assert page.status_code == 200 and ALICE_ONLY in page.text and SHARED_NAME not in page.text
    other = guest.get(f"/guest/{world.ids['bob_token']}")
    assert other.status_code == 200 and not _foreign(world, other.text, "")
    # Alice revokes her link in the cabinet: listed with its state, then it opens nothing.
    listing = world.client.get(f"/e/{world.alice_id}/guest-links")
    assert listing.status_code == 200 and world.ids["handle"] in listing.text and "действует" in listing.text
    revoke = f"/e/{world.alice_id}/guest-links/{world.ids['handle']}/revoke"
    assert world.client.post(revoke, data={}).status_code == 403  # CSRF first
    assert world.client.post(revoke, data={"csrf_token": world.csrf["alice"]}).status_code == 303
    assert guest.get(f"/guest/{world.ids['token']}").status_code == 404
    assert "отозвана" in world.client.get(f"/e/{world.alice_id}/guest-links").text
    assert world.client.post(revoke, data={"csrf_token": world.csrf["alice"]}).status_code == 404


# --- issue 13, High #1: a same-named vendor in another evaluation --------------------------------------


def test_same_named_vendor_sees_nothing_of_the_other_evaluation(world: World) -> None:
    bob, bob_id = world.bob, world.bob_id
    pages = {
        "calls": bob.get(f"/e/{bob_id}/calls", params={"vendor": SHARED_NAME}),
        "dashboard": bob.get(f"/e/{bob_id}/calls/dashboard", params={"vendor": SHARED_NAME}),
        "operators": bob.get(f"/e/{bob_id}/calls/dashboard", params={"vendor": SHARED_NAME, "compare": SHARED_NAME}),
        "quality": bob.get(f"/e/{bob_id}/recordings"),
        "call picker": bob.get(f"/e/{bob_id}/qa/calls", params={"call_vendor": SHARED_NAME}),
        "insights": bob.get(f"/e/{bob_id}/calls/insights"),
        "insights of the vendor": bob.get(f"/e/{bob_id}/calls/insights", params={"vendor": SHARED_NAME}),
        "sales table": bob.get(f"/e/{bob_id}/calls/sales.json", params={"vendor": SHARED_NAME}),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert not _foreign(world, page.text, ""), f"{name}: {_foreign(world, page.text, '')}"
    # Alice's call page does not exist in Bob's evaluation, and he cannot grade it there.
    call = bob.get(f"/e/{bob_id}/qa/call", params={"vendor": SHARED_NAME, "call": "ALICECALL-3"})
    assert call.status_code == 404 and "Оператор Тайнова" not in call.text
    rated = bob.post(
        f"/e/{bob_id}/qa/call/rate",
        data={"csrf_token": world.csrf["bob"], "vendor": SHARED_NAME, "call": "ALICECALL-3", "form": "alice-form"},
    )
    assert rated.status_code in {400, 404} and "Оператор Тайнова" not in rated.text
    # Nor can he remove Alice's import through his evaluation.
    remove = f"/e/{bob_id}/calls/imports/{world.ids['import_id']}/remove"
    assert bob.get(remove).status_code == 404
    assert bob.post(remove, data={"csrf_token": world.csrf["bob"], "confirm": "yes"}).status_code == 404
    assert [row.id for row in CallStore(world.store).imports(world.alice_id)] == [world.ids["import_id"]]
    # Alice still sees her own data.
    own = world.client.get(f"/e/{world.alice_id}/calls/dashboard", params={"vendor": SHARED_NAME})
    assert 'data-kpi="offered">3<' in own.text
    quality = world.client.get(f"/e/{world.alice_id}/recordings").text
    assert "Оператор Алисина" in quality and "alice-form" in quality
    insights = world.client.get(f"/e/{world.alice_id}/calls/insights").text
    assert f'data-flagged="{TRANSCRIBED}"' in insights and "заказ Алисы" in insights
    sales = world.client.get(f"/e/{world.alice_id}/calls/sales.json").json()
    assert {row["agent"] for row in sales["rows"]} >= {"Оператор Алисина", "Оператор Тайнова"}


def test_bobs_own_import_of_the_same_name_counts_only_his_calls(world: World, tmp_path: Path) -> None:
    bob_log = ALICE_LOG.replace("ALICECALL", "BOBCALL").replace("Алисина", "Бобов").replace("Тайнова", "Боброва")
    uploaded = world.bob.post(
        f"/e/{world.bob_id}/calls/upload",
        data={"csrf_token": world.csrf["bob"], "vendor": SHARED_NAME, "format": "auto"},
        files={"file": ("bob.csv", bob_log.encode(), "text/csv")},
    )
    assert uploaded.status_code == 303, uploaded.text
    job_id = int(re.search(r"import_job=(\d+)", uploaded.headers["location"]).group(1))
    assert registry(world.client.app.state.cabinet).wait(job_id, 120).finished
    dashboard = world.bob.get(f"/e/{world.bob_id}/calls/dashboard", params={"vendor": SHARED_NAME}).text
    assert 'data-kpi="offered">3<' in dashboard and "Оператор Бобов" in dashboard
    assert not _foreign(world, dashboard, "")
    # His reports read his calls only: the sales table and the insights page (topics, channels, transcripts).
    sales = world.bob.get(f"/e/{world.bob_id}/calls/sales.json").json()
    assert sum(row["calls"] for row in sales["rows"]) == 3
    assert {row["agent"] for row in sales["rows"]} == {"Оператор Бобов", "Оператор Боброва", None}
    insights = world.bob.get(f"/e/{world.bob_id}/calls/insights").text
    assert not _foreign(world, insights, "") and not _foreign(world, json.dumps(sales, ensure_ascii=False), "")
    # The same ids in two evaluations are two calls: each evaluation's clash check is its own.
    assert len(CallStore(world.store).imports(world.bob_id)) == 1


def test_evaluation_names_do_not_reveal_other_users_evaluations(world: World) -> None:
    """Issue 13 (Low): names are unique per owner. Bob creating "Оценка Алисы" learns nothing: it is made,
    his own, and Alice's stays as it was; only his own duplicate is refused."""
    made = world.bob.post(
        "/evaluations", data={"csrf_token": world.csrf["bob"], "name": "Оценка Алисы", "calls_per_month": "10"}
    )
    assert made.status_code == 303
    new_id = int(made.headers["location"].rsplit("/", 1)[1])
    assert new_id not in (world.alice_id, world.bob_id)
    page = world.bob.get(f"/e/{new_id}")
    assert page.status_code == 200 and ALICE_ONLY not in page.text
    form = {"csrf_token": world.csrf["bob"], "name": "Дубль", "calls_per_month": "10"}
    assert world.bob.post("/evaluations", data=form).status_code == 303
    again = world.bob.post("/evaluations", data=form)
    assert again.status_code == 400 and "у вас уже есть оценка" in again.text
    assert [
        name
        for _id, name, _role in accounts.visible_evaluations(
            world.store, accounts.authenticate(world.store, "alice", "alice password")
        )
    ] == ["Оценка Алисы"]
    assert world.store.evaluation_by_id(world.alice_id).vendor(ALICE_ONLY) is not None


# --- live control: an ingest token writes into its own vendor, and a cabinet sees its own live data -----


def test_an_ingest_token_writes_into_its_own_vendor_only(world: World) -> None:
    store, alice_vendor = world.store, world.ids["live_vendor_id"]
    live = LiveStore(store)
    alices_events = [(row.id, row.event_key, row.call_id, row.agent) for row in live.events_since(0, [alice_vendor])]
    assert len(alices_events) == 2
    bob_vendor = vendor_ref(store, world.bob_id, SHARED_NAME)
    bob_token = live.issue_token(bob_vendor.id)
    sender = TestClient(world.client.app)
    bearer = {"authorization": f"Bearer {bob_token}"}
    now = datetime.now(UTC).isoformat()
    # Alice's sender's event ids and call id, sent with Bob's token: new events of Bob's vendor, not
    # duplicates of Alice's (keys are unique per vendor), whatever the address or body says of a vendor.
    same_ids = [
        {"type": "agent_login", "ts": now, "agent": "Оператор Бобов", "id": "evt-1"},
        {"type": "enter_queue", "ts": now, "call_id": LIVE_CALL, "queue": "q1", "id": "evt-2"},
    ]
    posted = sender.post(
        "/api/v1/events",
        params={"vendor": ALICE_ONLY, "vendor_id": alice_vendor, "evaluation_id": world.alice_id},
        headers=bearer,
        json=same_ids,
    )
    assert posted.status_code == 202 and posted.json() == {"accepted": 2, "duplicates": 0}
    # A vendor named in the body is refused (an event has no such field), and nothing of it is stored.
    for field_name, value in (("vendor_id", alice_vendor), ("vendor", ALICE_ONLY), ("evaluation_id", world.alice_id)):
        smuggled = [{"type": "hangup", "ts": now, "call_id": LIVE_CALL, field_name: value}]
        refused = sender.post("/api/v1/events", headers=bearer, json=smuggled)
        assert refused.status_code == 400, (field_name, refused.text)
    ami = sender.post(
        "/api/v1/events/asterisk_ami",
        headers=bearer,
        json={"Event": "QueueCallerAbandon", "Uniqueid": LIVE_CALL, "Queue": "q1", "Timestamp": "1765100000.0"},
    )
    assert ami.status_code == 202
    # Alice's vendor holds exactly what it held; Bob's holds what his token sent.
    assert [
        (row.id, row.event_key, row.call_id, row.agent) for row in live.events_since(0, [alice_vendor])
    ] == alices_events
    bobs = live.events_since(0, [bob_vendor.id])
    assert {row.agent for row in bobs} >= {"Оператор Бобов"} and "Оператор Алисина" not in {row.agent for row in bobs}
    # Bob cannot rotate (and so void) the token of Alice's vendor through his own evaluation.
    rotated = world.bob.post(
        f"/e/{world.bob_id}/live/token", data={"csrf_token": world.csrf["bob"], "vendor": ALICE_ONLY}
    )
    assert rotated.status_code == 404 and not _foreign(world, rotated.text, ALICE_ONLY)
    assert live.vendor_for_token(world.ids["ingest_token"]) == alice_vendor
    # His own live page and digest of the same-named vendor show nothing of Alice's.
    for page in (
        world.bob.get(f"/e/{world.bob_id}/live", params={"vendor": SHARED_NAME}),
        world.bob.get(f"/e/{world.bob_id}/digest", params={"date": "2024-01-15"}),
    ):
        assert page.status_code == 200 and not _foreign(world, page.text, "")
        assert 'data-alert="long_wait"' not in page.text
    # Alice sees her own: the alert of her vendor on its live page, her vendors' calls in the digest.
    own = world.client.get(f"/e/{world.alice_id}/live", params={"vendor": ALICE_ONLY})
    assert own.status_code == 200 and 'data-alert="long_wait"' in own.text
    assert 'data-key="waiting_now">1<' in own.text
    digest = world.client.get(f"/e/{world.alice_id}/digest", params={"date": "2024-01-15"})
    assert digest.status_code == 200 and 'data-kpi="offered">3<' in digest.text
