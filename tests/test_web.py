from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts
from callscout.accounts import Role
from callscout.report.render import PRINT_PAGE
from callscout.store import Store
from callscout.web import create_app
from callscout.web.jobs import registry


@pytest.fixture
def app_client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse", is_admin=False)
    accounts.create_user(store, "viewer", "viewer password")
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


def sign_in(client: TestClient, login: str = "owner", password: str = "correct horse") -> str:
    response = client.post("/login", data={"login": login, "password": password, "next": "/"})
    assert response.status_code == 303, response.text
    page = client.get("/")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def create_evaluation(client: TestClient, csrf: str, name: str = "Выбор КЦ") -> int:
    response = client.post("/evaluations", data={"csrf_token": csrf, "name": name, "calls_per_month": "5000"})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_every_page_needs_a_session(app_client: TestClient) -> None:
    assert app_client.get("/").status_code == 303
    assert app_client.get("/").headers["location"].startswith("/login")
    assert app_client.get("/e/1").status_code == 303
    assert app_client.post("/evaluations", data={"name": "x"}).status_code == 401
    assert app_client.get("/e/1/evaluation.yaml").status_code == 303
    assert app_client.get("/login").status_code == 200
    assert app_client.get("/guest/not-a-token").status_code == 404


def test_wrong_password_and_login_flow(app_client: TestClient) -> None:
    response = app_client.post("/login", data={"login": "owner", "password": "nope"})
    assert response.status_code == 401 and "неверный логин или пароль" in response.text
    sign_in(app_client)
    assert "Ваши оценки" in app_client.get("/").text
    assert "callscout_session" in app_client.cookies


def test_open_redirect_after_login_is_refused(app_client: TestClient) -> None:
    response = app_client.post(
        "/login", data={"login": "owner", "password": "correct horse", "next": "//evil.example/phish"}
    )
    assert response.headers["location"] == "/"


def test_csrf_token_required(app_client: TestClient) -> None:
    csrf = sign_in(app_client)
    refused = app_client.post("/evaluations", data={"name": "x", "calls_per_month": "10"})
    assert refused.status_code == 403
    refused = app_client.post("/evaluations", data={"csrf_token": "forged", "name": "x", "calls_per_month": "10"})
    assert refused.status_code == 403
    assert create_evaluation(app_client, csrf) > 0
    with_header = app_client.post(
        "/evaluations", data={"name": "y", "calls_per_month": "10"}, headers={"X-CSRF-Token": csrf}
    )
    assert with_header.status_code == 303


def test_edit_needs_with_field_errors_in_russian(app_client: TestClient) -> None:
    csrf = sign_in(app_client)
    evaluation_id = create_evaluation(app_client, csrf)
    bad = app_client.post(
        f"/e/{evaluation_id}/needs",
        data={"csrf_token": csrf, "calls_per_month": "-5", "schedule_mode": "hours", "hours_mon": "25:00-26:00"},
    )
    assert bad.status_code == 400
    assert "needs.calls_per_month: должно быть &gt; 0" in bad.text
    assert "needs.schedule.hours.mon" in bad.text
    good = app_client.post(
        f"/e/{evaluation_id}/needs",
        data={
            "csrf_token": csrf,
            "calls_per_month": "7000",
            "needs_8800": "on",
            "schedule_mode": "hours",
            "hours_mon": "09:00-21:00",
            "hotline_task": "support",
        },
    )
    assert good.status_code == 303
    yaml_text = app_client.get(f"/e/{evaluation_id}/evaluation.yaml").text
    assert "calls_per_month: 7000" in yaml_text and "needs_8800: true" in yaml_text and "09:00-21:00" in yaml_text


def test_vendor_content_is_escaped(app_client: TestClient) -> None:
    csrf = sign_in(app_client)
    evaluation_id = create_evaluation(app_client, csrf)
    hostile = '<script>alert(1)</script>=HYPERLINK("x")'
    response = app_client.post(
        f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": hostile, "website": "evil.example"}
    )
    assert response.status_code == 303
    page = app_client.get(f"/e/{evaluation_id}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_roles_viewer_reads_but_cannot_edit(app_client: TestClient, store: Store) -> None:
    csrf = sign_in(app_client)
    evaluation_id = create_evaluation(app_client, csrf)
    viewer = accounts.authenticate(store, "viewer", "viewer password")
    viewer_client = TestClient(app_client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer_client, "viewer", "viewer password")
    assert viewer_client.get(f"/e/{evaluation_id}").status_code == 404  # not a member: not even its existence
    accounts.grant(store, viewer.id, evaluation_id, Role.VIEWER)
    assert viewer_client.get(f"/e/{evaluation_id}").status_code == 200
    refused = viewer_client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": viewer_csrf, "name": "A"})
    assert refused.status_code == 403


def test_upload_limits_type_size_and_content(app_client: TestClient, demo_yaml: str) -> None:
    csrf = sign_in(app_client)
    wrong_type = app_client.post(
        "/evaluations",
        data={"csrf_token": csrf},
        files={"file": ("evil.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert wrong_type.status_code == 400 and ".yaml" in wrong_type.text
    too_big = app_client.post(
        "/evaluations",
        data={"csrf_token": csrf},
        files={"file": ("big.yaml", b"#" * (2 * 1024 * 1024), "application/x-yaml")},
    )
    assert too_big.status_code == 400 and "1 МБ" in too_big.text
    huge = app_client.post(
        "/evaluations", content=b"x" * (26 * 1024 * 1024), headers={"content-type": "application/octet-stream"}
    )
    assert huge.status_code == 413
    invalid = app_client.post(
        "/evaluations",
        data={"csrf_token": csrf},
        files={"file": ("bad.yaml", b"name: x\nneeds: {calls_per_month: -1}\n", "text/yaml")},
    )
    assert invalid.status_code == 400 and "строка 2, needs.calls_per_month" in invalid.text
    uploaded = app_client.post(
        "/evaluations", data={"csrf_token": csrf}, files={"file": ("demo.yaml", demo_yaml.encode(), "text/yaml")}
    )
    assert uploaded.status_code == 303
    assert "ГолосПро" in app_client.get(uploaded.headers["location"]).text


def test_report_build_and_download(app_client: TestClient, demo_yaml: str) -> None:
    csrf = sign_in(app_client)
    uploaded = app_client.post(
        "/evaluations", data={"csrf_token": csrf}, files={"file": ("demo.yaml", demo_yaml.encode(), "text/yaml")}
    )
    location = uploaded.headers["location"]
    assert app_client.get(location + "/report/report.html").status_code == 404
    page = app_client.get(location).text
    assert f'action="{location}/ranking/build"' in page and 'name="back" value="evaluation"' in page
    started = app_client.post(location + "/ranking/build", data={"csrf_token": csrf, "back": "evaluation"})
    # The build runs in the background; the evaluation page it returns to follows it.
    assert started.status_code == 303 and started.headers["location"].startswith(location + "?build_job=")
    job_id = int(re.search(r"build_job=(\d+)", started.headers["location"]).group(1))
    assert registry(app_client.app.state.cabinet).wait(job_id, 300).state == "done"
    finished = app_client.get(started.headers["location"]).text
    assert 'data-job-state="done"' in finished and f'href="{location}/report/report.pdf"' in finished
    report = app_client.get(location + "/report/report.html")
    assert report.status_code == 200 and "ГолосПро" in report.text
    # The PDF is not built with the report, nor its print page: its first download builds both from report.json.
    folder = app_client.app.state.reports_dir / location.rsplit("/", 1)[1]
    assert not (folder / "report.pdf").exists() and not (folder / PRINT_PAGE).exists()
    pdf = app_client.get(location + "/report/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and (folder / "report.pdf").is_file()
    assert app_client.get(location + "/report/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_guest_link_shows_only_that_vendor(app_client: TestClient, demo_yaml: str) -> None:
    csrf = sign_in(app_client)
    uploaded = app_client.post(
        "/evaluations", data={"csrf_token": csrf}, files={"file": ("demo.yaml", demo_yaml.encode(), "text/yaml")}
    )
    location = uploaded.headers["location"]
    page = app_client.post(location + "/guest-links", data={"csrf_token": csrf, "vendor": "Линия 24"})
    link = re.search(r'value="(http[^"]+/guest/[^"]+)"', page.text).group(1)
    guest = TestClient(app_client.app)
    shown = guest.get(link.split("testserver", 1)[1])
    assert shown.status_code == 200 and "Линия 24" in shown.text and "ГолосПро" not in shown.text


def test_english_switch(app_client: TestClient) -> None:
    sign_in(app_client)
    app_client.get("/lang/en?next=/")
    assert "Your evaluations" in app_client.get("/").text


def test_an_uploaded_file_in_percents_loads_and_the_page_shows_the_readers_notes_in_russian(
    app_client: TestClient, store: Store
) -> None:
    """The file reader accepts an older file's percents with a warning; the cabinet shows those warnings to
    the user who uploaded it (new evaluation and replaced file), in Russian, naming line and field."""
    from tests.test_evalfile import OLDER_PERCENTS

    csrf = sign_in(app_client)
    uploaded = app_client.post(
        "/evaluations",
        data={"csrf_token": csrf},
        files={"file": ("older.yaml", OLDER_PERCENTS.encode(), "text/yaml")},
    )
    assert uploaded.status_code == 303 and "file_notes=" in uploaded.headers["location"]
    page = app_client.get(uploaded.headers["location"]).text
    assert "Файл загружен, но прочитан не дословно" in page
    assert "строка 5, needs.service_level.percent: проценты (85) прочитаны как доля share: 0.85" in page
    assert "строка 7, needs.max_abandon_rate: 5 больше 1 — прочитано как 5 % (доля 0.05)" in page
    assert page.count("<li>строка ") == 4
    evaluation_id = int(re.search(r"/e/(\d+)", uploaded.headers["location"]).group(1))
    assert store.evaluation_by_id(evaluation_id).needs.max_abandon_rate == 0.05  # read, as the warning says
    # The plain page (a later visit) does not repeat them; another evaluation's notes are not found through it.
    assert "прочитан не дословно" not in app_client.get(f"/e/{evaluation_id}").text
    other = create_evaluation(app_client, csrf, "Другая")
    notes_id = uploaded.headers["location"].split("file_notes=")[1]
    assert "прочитан не дословно" not in app_client.get(f"/e/{other}?file_notes={notes_id}").text

    # Replacing the stored file: the same notes; a file in the convention has none.
    fixed = OLDER_PERCENTS.replace("max_abandon_rate: 5\n", "max_abandon_rate: 0.05\n")
    replaced = app_client.post(
        f"/e/{evaluation_id}/evaluation.yaml",
        data={"csrf_token": csrf},
        files={"file": ("older.yaml", fixed.encode(), "text/yaml")},
    )
    assert replaced.status_code == 303
    notes = app_client.get(replaced.headers["location"]).text
    assert notes.count("<li>строка ") == 3 and "max_abandon_rate" not in notes.split('id="file-notes"')[1][:3000]
    from callscout import evalfile

    clean = evalfile.dump(store.evaluation_by_id(evaluation_id))
    again = app_client.post(
        f"/e/{evaluation_id}/evaluation.yaml",
        data={"csrf_token": csrf},
        files={"file": ("clean.yaml", clean.encode(), "text/yaml")},
    )
    assert again.status_code == 303 and again.headers["location"] == f"/e/{evaluation_id}"
