"""Cabinet areas: website audits with live progress, legal view, economics, ranking with weights."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from callscout import accounts, evalfile, pipeline
from callscout.accounts import Role
from callscout.demo import demo_evaluation_path, demo_sites_path
from callscout.model.run import RunOptions
from callscout.store import Store
from callscout.web import create_app
from callscout.web.audits import refused_address, safe_link
from callscout.web_audit.siteserver import SiteServer
from tests.web_servers import https_sites

HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt; Колл-центр</title></head>
<body><h1>Колл-центр &lt;script&gt;alert(2)&lt;/script&gt;</h1>
<p>Телефон: +7 (495) 123-45-67, почта: info@hostile.example</p>
<p>ООО «Хак &lt;img src=x onerror=alert(3)&gt;» ИНН 7707083893</p>
<a href="javascript:alert(4)">клик</a></body></html>"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, tuple[str, int]], Path]]:
    """The demo vendors' sites plus a hostile one, served on 127.0.0.1 under their own names
    (ГолосПро over HTTPS, as in the demo); yields the host overrides and the CA to trust."""
    root = tmp_path_factory.mktemp("sites")
    for site in demo_sites_path().iterdir():
        if site.name == "golospro.example":
            (root / site.name).symlink_to(site, target_is_directory=True)
    (root / "hostile.example").mkdir()
    (root / "hostile.example" / "index.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    with https_sites(root, ["golospro.example"], tmp_path_factory.mktemp("ca")) as (server, authority):
        yield server.overrides, authority


@pytest.fixture
def cabinet(tmp_path: Path, sites: tuple[dict[str, tuple[str, int]], Path]) -> Iterator[tuple[TestClient, Store, int]]:
    store = Store(f"sqlite:///{tmp_path / 'areas.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    accounts.create_user(store, "viewer", "viewer password")
    evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    overrides, authority = sites
    app = create_app(store, reports_dir=tmp_path / "reports", host_overrides=overrides, trusted_ca=authority)
    yield TestClient(app, follow_redirects=False), store, evaluation_id
    store.close()


def sign_in(client: TestClient, login: str = "owner", password: str = "correct horse") -> str:
    assert client.post("/login", data={"login": login, "password": password}).status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)


def wait_for_audit(client: TestClient, evaluation_id: int, vendor: str) -> list[tuple[str, str]]:
    """Read the server-sent events of the audit until it is done; return (event, data) pairs."""
    events = []
    with client.stream("GET", f"/e/{evaluation_id}/audits/{quote(vendor)}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, line[6:]))
                if name == "done":
                    break
    return events


def build_results(store: Store, evaluation_id: int, reports_dir: Path) -> None:
    """The pipeline's result document, as the report button makes it (JSON only: fast)."""
    evaluation = store.evaluation_by_id(evaluation_id)
    pipeline.run(evaluation, store, reports_dir / str(evaluation_id), options=RunOptions(formats=("json",)))


NEW_PAGES = ["/audits", "/audits/ГолосПро", "/economics", "/ranking"]
NEW_POSTS = ["/audits/ГолосПро/start", "/legal/ГолосПро", "/ranking/preview", "/ranking/weights", "/ranking/build"]


def test_new_pages_and_apis_need_a_session(cabinet: tuple[TestClient, Store, int]) -> None:
    client, _, evaluation_id = cabinet
    for page in [*NEW_PAGES, "/audits/ГолосПро/events"]:
        response = client.get(f"/e/{evaluation_id}{page}")
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), page
    for action in NEW_POSTS:
        assert client.post(f"/e/{evaluation_id}{action}", data={"x": "1"}).status_code == 401, action


def test_csrf_rejected_on_every_new_post(cabinet: tuple[TestClient, Store, int]) -> None:
    client, _, evaluation_id = cabinet
    sign_in(client)
    for action in NEW_POSTS:
        for data in ({}, {"csrf_token": "forged"}):
            assert client.post(f"/e/{evaluation_id}{action}", data=data).status_code == 403, action


def test_viewer_cannot_start_audits_or_save_weights(cabinet: tuple[TestClient, Store, int]) -> None:
    client, store, evaluation_id = cabinet
    viewer = accounts.authenticate(store, "viewer", "viewer password")
    accounts.grant(store, viewer.id, evaluation_id, Role.VIEWER)
    csrf = sign_in(client, "viewer", "viewer password")
    page = client.get(f"/e/{evaluation_id}/audits/ГолосПро")
    assert page.status_code == 200 and "/start" not in page.text
    assert client.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data={"csrf_token": csrf}).status_code == 403
    assert client.post(f"/e/{evaluation_id}/legal/ГолосПро", data={"csrf_token": csrf}).status_code == 403
    saved = client.post(f"/e/{evaluation_id}/ranking/weights", data={"csrf_token": csrf, "group:economics": "90"})
    assert saved.status_code == 403
    assert client.app.state.audits.get(evaluation_id, "ГолосПро") is None
    assert store.evaluation_by_id(evaluation_id).scoring is None


@pytest.mark.parametrize(
    "address", ["http://127.0.0.1:8000/", "localhost", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/"]
)
def test_audit_form_refuses_private_addresses(cabinet: tuple[TestClient, Store, int], address: str) -> None:
    client, _, evaluation_id = cabinet
    csrf = sign_in(client)
    response = client.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data={"csrf_token": csrf, "website": address})
    assert response.status_code == 400 and "во внутренней сети" in response.text
    assert client.app.state.audits.get(evaluation_id, "ГолосПро") is None


def test_refused_address_rules() -> None:
    assert refused_address("https://golospro.example/") is None
    assert refused_address("http://192.168.0.1") == "private"
    assert refused_address("http://sub.localhost/") == "loopback"
    assert safe_link("https://a.example/x") == "https://a.example/x"
    assert safe_link("javascript:alert(1)") is None and safe_link("data:text/html,x") is None


def test_audit_runs_in_background_with_live_progress_and_can_rerun(cabinet: tuple[TestClient, Store, int]) -> None:
    client, store, evaluation_id = cabinet
    csrf = sign_in(client)
    assert "не проверялся" in client.get(f"/e/{evaluation_id}/audits").text
    started = client.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data={"csrf_token": csrf})
    assert started.status_code == 303
    events = wait_for_audit(client, evaluation_id, "ГолосПро")
    names = [name for name, _ in events]
    assert names[-1] == "done" and '"state": "done"' in events[-1][1]
    assert any('"state": "crawling"' in data or '"state": "checks"' in data for _, data in events[:-1])
    assert re.search(r'"pages_fetched": ([1-9]\d*)', events[-1][1])
    first_run = client.app.state.audits.get(evaluation_id, "ГолосПро").run_id
    page = client.get(f"/e/{evaluation_id}/audits/ГолосПро")
    assert "Проверить снова" in page.text and "finding-group" in page.text
    assert 'href="https://golospro.example/' in page.text  # evidence links
    again = client.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data={"csrf_token": csrf})
    assert again.status_code == 303
    wait_for_audit(client, evaluation_id, "ГолосПро")
    assert client.app.state.audits.get(evaluation_id, "ГолосПро").run_id > first_run
    assert len(store.runs(kind="web", target="https://golospro.example/")) == 2


def test_audited_script_is_escaped(cabinet: tuple[TestClient, Store, int]) -> None:
    client, store, evaluation_id = cabinet
    csrf = sign_in(client)
    response = client.post(
        f"/e/{evaluation_id}/audits/Линия 24/start", data={"csrf_token": csrf, "website": "http://hostile.example/"}
    )
    assert response.status_code == 303
    wait_for_audit(client, evaluation_id, "Линия 24")
    assert store.evaluation_by_id(evaluation_id).vendor("Линия 24").website == "http://hostile.example/"
    page = client.get(f"/e/{evaluation_id}/audits/Линия 24")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page.text  # the site's text is shown, as text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert 'href="javascript:' not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_legal_view_from_the_store_without_network(cabinet: tuple[TestClient, Store, int]) -> None:
    client, store, evaluation_id = cabinet
    csrf = sign_in(client)
    assert "Юрлицо ещё не проверялось" in client.get(f"/e/{evaluation_id}/audits/ГолосПро").text
    assert client.post(f"/e/{evaluation_id}/legal/ГолосПро", data={"csrf_token": csrf}).status_code == 303
    page = client.get(f"/e/{evaluation_id}/audits/ГолосПро").text
    legal = page.split('id="legal"', 1)[1]
    # No network, empty cache: the register's answer is unknown, never a silent pass.
    assert "badge unknown" in legal and "finding-group" in legal
    assert len(store.runs(kind="legal")) == 1


def test_economics_page(cabinet: tuple[TestClient, Store, int]) -> None:
    client, _, evaluation_id = cabinet
    sign_in(client)
    page = client.get(f"/e/{evaluation_id}/economics")
    assert page.status_code == 200
    text = page.text
    assert 'id="cost-curves"' in text and "<svg" in text and 'id="staffing-chart"' in text
    # The report's charts read the economics section's own shapes: every offer's curve, operators by hour.
    curves = text.split('id="cost-curves"', 1)[1].split("</div>", 1)[0]
    assert "ГолосПро" in curves and "своими силами" in curves
    staffing = text.split('id="staffing-chart"', 1)[1].split("</div>", 1)[0]
    assert "операторов" in staffing and "звонков в час" in staffing
    assert "Сравнение графиков работы" in text and "Потеряно звонков в месяц" in text
    assert "24/7" in text and "ГолосПро" in text


def test_ranking_sliders_rerank_and_save(cabinet: tuple[TestClient, Store, int], tmp_path: Path) -> None:
    client, store, evaluation_id = cabinet
    csrf = sign_in(client)
    assert "постройте отчёт" in client.get(f"/e/{evaluation_id}/ranking").text
    build_results(store, evaluation_id, tmp_path / "reports")
    page = client.get(f"/e/{evaluation_id}/ranking").text
    assert 'type="range" name="group:economics"' in page and "Точки перелома" in page
    assert "report.json" in page  # downloads shown on the ranking page
    # The page reads the result document kept in the store with the run, not report.json on disk.
    (tmp_path / "reports" / str(evaluation_id) / "report.json").unlink()
    assert 'type="range" name="group:economics"' in client.get(f"/e/{evaluation_id}/ranking").text

    def ranking(weights: dict[str, str]) -> list[str]:
        response = client.post(
            f"/e/{evaluation_id}/ranking/preview", data=weights, headers={"X-CSRF-Token": csrf, "HX-Request": "true"}
        )
        assert response.status_code == 200, response.text
        return re.findall(r'<td class="vendor">([^<]+)</td>', response.text)

    groups = re.findall(r'name="group:(\w+)"', page)
    only = {f"group:{g}": ("100" if g == "economics" else "0") for g in groups}
    only_price = ranking(only)
    without_price = ranking({f"group:{g}": ("0" if g == "economics" else "100") for g in groups})
    assert sorted(only_price) == sorted(without_price) and only_price != without_price
    bad = client.post(
        f"/e/{evaluation_id}/ranking/preview", data={"group:economics": "abc"}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.status_code == 400 and "group:economics" in bad.text

    saved = client.post(
        f"/e/{evaluation_id}/ranking/weights",
        data={"csrf_token": csrf, **only, "criterion:site_privacy_policy": "0"},
    )
    assert saved.status_code == 303
    scoring = store.evaluation_by_id(evaluation_id).scoring
    assert scoring.group_weights["economics"] == 1.0 and scoring.group_weights["website"] == 0.0
    assert scoring.criterion_weights == {"site_privacy_policy": 0.0}
    assert "Веса сохранены" in client.get(saved.headers["location"]).text


def test_ranking_lists_the_runs_and_opens_an_earlier_ones_ranking_and_files(
    cabinet: tuple[TestClient, Store, int], tmp_path: Path
) -> None:
    """Every build keeps its result document: the ranking page lists the runs, shows the latest by default and
    an earlier one on request, with that run's own report files."""
    import io
    import json

    from openpyxl import load_workbook

    client, store, evaluation_id = cabinet
    csrf = sign_in(client)
    build_results(store, evaluation_id, tmp_path / "reports")
    evaluation = store.evaluation_by_id(evaluation_id)
    store.save_evaluation(evaluation.model_copy(update={"buyer": "ООО «Второй прогон»"}), evaluation_id=evaluation_id)
    build_results(store, evaluation_id, tmp_path / "reports")
    latest, first = (run.id for run in store.result_runs(evaluation_id))

    page = client.get(f"/e/{evaluation_id}/ranking").text
    assert 'id="runs"' in page and f"ranking?run={first}" in page and "(последний)" in page
    assert "Показан прогон" not in page
    earlier = client.get(f"/e/{evaluation_id}/ranking", params={"run": first})
    assert earlier.status_code == 200 and f"Показан прогон {first}" in earlier.text
    assert f'name="run" value="{first}"' in earlier.text  # the sliders re-rank the run shown
    assert 'type="range" name="group:economics"' in earlier.text
    assert client.get(f"/e/{evaluation_id}/ranking", params={"run": 999999}).status_code == 404
    preview = client.post(
        f"/e/{evaluation_id}/ranking/preview", data={"run": str(first)}, headers={"X-CSRF-Token": csrf}
    )
    assert preview.status_code == 200 and '<td class="vendor">' in preview.text

    first_json = client.get(f"/e/{evaluation_id}/runs/{first}/report.json")
    assert (
        first_json.status_code == 200 and json.loads(first_json.content)["evaluation"]["buyer"] != "ООО «Второй прогон»"
    )
    latest_json = json.loads(client.get(f"/e/{evaluation_id}/runs/{latest}/report.json").content)
    assert latest_json["evaluation"]["buyer"] == "ООО «Второй прогон»"
    workbook = client.get(f"/e/{evaluation_id}/runs/{first}/report.xlsx")
    assert workbook.status_code == 200 and load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert client.get(f"/e/{evaluation_id}/runs/{first}/report.pdf").status_code == 404
    assert client.get(f"/e/{evaluation_id}/runs/999999/report.json").status_code == 404


def test_private_addresses_only_with_the_server_setting(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'private.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    with SiteServer(tmp_path) as server:
        client = TestClient(
            create_app(store, reports_dir=tmp_path / "reports", allow_private_network=True), follow_redirects=False
        )
        csrf = sign_in(client)
        website = f"http://127.0.0.1:{server.port}/"
        form = {"csrf_token": csrf, "website": website}
        started = client.post(f"/e/{evaluation_id}/audits/ГолосПро/start", data=form)
        assert started.status_code == 303
        events = wait_for_audit(client, evaluation_id, "ГолосПро")
        assert '"state": "done"' in events[-1][1]
    store.close()


def test_area_pages_in_english(cabinet: tuple[TestClient, Store, int]) -> None:
    client, _, evaluation_id = cabinet
    sign_in(client)
    client.get("/lang/en?next=/")
    assert "Websites and legal" in client.get(f"/e/{evaluation_id}").text
    assert "Website audit" in client.get(f"/e/{evaluation_id}/audits/ГолосПро").text
    economics = client.get(f"/e/{evaluation_id}/economics").text
    assert "Cost versus volume" in economics and "Schedules compared" in economics
    assert "build the report first" in client.get(f"/e/{evaluation_id}/ranking").text


def test_ranking_before_any_report_builds_it_in_the_background(cabinet: tuple[TestClient, Store, int]) -> None:
    from callscout.web.jobs import registry

    client, store, evaluation_id = cabinet
    viewer = accounts.authenticate(store, "viewer", "viewer password")
    accounts.grant(store, viewer.id, evaluation_id, Role.VIEWER)
    viewer_client = TestClient(client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer_client, "viewer", "viewer password")
    before = viewer_client.get(f"/e/{evaluation_id}/ranking").text
    assert "ranking/build" not in before and "Построить отчёт может владелец или аналитик" in before
    assert viewer_client.post(f"/e/{evaluation_id}/ranking/build", data={"csrf_token": viewer_csrf}).status_code == 403

    csrf = sign_in(client)
    page = client.get(f"/e/{evaluation_id}/ranking").text
    assert f'action="/e/{evaluation_id}/ranking/build"' in page and "ranking-table" not in page
    started = client.post(f"/e/{evaluation_id}/ranking/build", data={"csrf_token": csrf})
    assert started.status_code == 303
    job_id = re.search(r"build_job=([\w-]+)", started.headers["location"]).group(1)
    jobs = registry(client.app.state.cabinet)
    # A second click while it runs follows the same build.
    again = client.post(f"/e/{evaluation_id}/ranking/build", data={"csrf_token": csrf})
    assert jobs.get(job_id).finished or f"build_job={job_id}" in again.headers["location"]
    following = client.get(started.headers["location"]).text
    assert f'id="job-{job_id}"' in following
    job = jobs.wait(int(job_id), 300)
    assert job.state == "done", job.snapshot()
    assert job.details["phase"] == "report"  # it went through every stage up to writing the report
    finished = client.get(f"/e/{evaluation_id}/ranking/jobs/{job_id}", headers={"hx-request": "true"})
    assert finished.headers["HX-Refresh"] == "true" and "hx-trigger" not in finished.text
    # The same result document `callscout evaluate` writes; the ranking is now shown from it.
    document = (client.app.state.reports_dir / str(evaluation_id) / "report.json").read_text(encoding="utf-8")
    result = job.details["result"]
    assert result["winner"] is None or result["winner"] in document
    assert "report.json" in result["files"]
    ranked = client.get(f"/e/{evaluation_id}/ranking").text
    assert "ranking-table" in ranked and "report.pdf" in ranked
    assert client.get(f"/e/{evaluation_id}/ranking/jobs/unknown").status_code == 404
