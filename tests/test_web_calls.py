"""The cabinet's calls pages: uploads through the core importer, the dashboard, limits and roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts, workspace
from callscout.accounts import Role
from callscout.calls import cache
from callscout.errors import DataError
from callscout.i18n import format_number, format_percent
from callscout.store import Store
from callscout.store.ownership import vendor_ref
from callscout.web import create_app
from callscout.web.jobs import registry
from tests.test_web import create_evaluation, sign_in

DEMO_CALLS = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "data" / "calls"
BANK = Path("/work/shared/data/anonymous-bank-1999-02.tsv")
if not BANK.exists():
    BANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "anonymous-bank-1999-02.tsv"


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse")
    accounts.create_user(store, "viewer", "viewer password")
    cache.RESULTS.clear()
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


def _owner(store: Store, evaluation_id: int, name: str) -> dict[str, int]:
    return {"evaluation_id": evaluation_id, "vendor_id": vendor_ref(store, evaluation_id, name).id}


def _evaluation_with_vendors(client: TestClient, csrf: str, *names: str) -> int:
    evaluation_id = create_evaluation(client, csrf)
    for name in names:
        response = client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": name})
        assert response.status_code == 303
    return evaluation_id


def _upload(client: TestClient, evaluation_id: int, csrf: str, vendor: str, name: str, body: bytes, fmt: str = "auto"):
    """Upload a call log and, once accepted, wait for its background import; the answer is then the page
    the browser lands on (refusals before the import starts come back directly)."""
    response = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": vendor, "format": fmt},
        files={"file": (name, body, "text/csv")},
    )
    if response.status_code != 303:
        return response
    location = response.headers["location"]
    job_id = re.search(r"import_job=([\w-]+)", location).group(1)
    assert registry(client.app.state.cabinet).wait(int(job_id), 120).finished
    return client.get(location)


def test_upload_then_dashboard_shows_the_core_kpis(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    response = _upload(client, evaluation_id, csrf, "Банк", BANK.name, BANK.read_bytes())
    assert response.status_code == 200, response.text
    assert "Импортировано звонков: 33344" in response.text
    # The dashboard's numbers are the core's numbers for the same vendor and period.
    from callscout.calls import aggregates, kpi
    from callscout.calls.storage import CallStore

    calls = CallStore(store)
    # The month's calls are sparse (no aggregate rows at import) but in 28 day files: the cabinet's import
    # built its aggregate rows after the commit, and the dashboard reads them.
    (listed,) = calls.imports(evaluation_id)
    assert listed.details.get("aggregates") and len(listed.details["parts"]) >= 28
    with calls.reader(evaluation_id, [listed.vendor_id]) as connection:
        assert aggregates.attached(connection)
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "0")  # the expected numbers from the calls themselves
    with calls.reader(evaluation_id, [vendor_ref(store, evaluation_id, "Банк").id]) as connection:
        expected = kpi.summary(connection, kpi.KpiSettings(), vendors=["Банк"])
    monkeypatch.delenv("CALLSCOUT_CALL_AGGREGATES")
    fragment = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк")
    assert fragment.status_code == 200
    assert f'data-kpi="offered">{expected["offered"]}<' in fragment.text
    assert f'data-kpi="answered">{expected["answered"]}<' in fragment.text
    assert format_percent(expected["service_level"]) in fragment.text
    # The charts (by hour of day, by day, by agent) are images of their own, drawn once and versioned by
    # their data: a dashboard miss answers with the numbers without waiting for the drawing.
    charts = re.findall(r'<img src="([^"]+/calls/charts/[a-z_]+\.svg\?[^"]+)"', fragment.text)
    assert len(charts) == 3 and "<svg" not in fragment.text
    for address in charts:
        chart = client.get(address.replace("&amp;", "&"))
        assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in chart.text and "<script" not in chart.text and "max-age" in chart.headers["cache-control"]
    assert client.get(f"/e/{evaluation_id}/calls/charts/secrets.svg?vendor=Банк").status_code == 404
    assert "<html" not in fragment.text  # a fragment for htmx, not a page
    # One period: the first week of February 1999 only.
    week = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк&from=1999-02-01&to=1999-02-07")
    monkeypatch.setenv("CALLSCOUT_CALL_AGGREGATES", "0")
    with calls.reader(evaluation_id, [vendor_ref(store, evaluation_id, "Банк").id]) as connection:
        first_week = kpi.summary(
            connection,
            kpi.KpiSettings(),
            vendors=["Банк"],
            period=kpi.Period.from_dates(*_days("1999-02-01", "1999-02-07")),
        )
    assert f'data-kpi="offered">{first_week["offered"]}<' in week.text
    assert first_week["offered"] < expected["offered"]
    page = client.get(f"/e/{evaluation_id}/calls")
    assert 'hx-get="/e/' in page.text and 'hx-trigger="every' in page.text


def _days(first: str, last: str):
    from datetime import date

    return date.fromisoformat(first), date.fromisoformat(last)


def test_dashboard_is_cached_until_an_import_changes_the_data(client: TestClient) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк", "Линия 24")
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    first = ("\n".join([header, *rows[:2000]]) + "\n").encode()
    second = ("\n".join([header, *rows[2000:3000]]) + "\n").encode()
    assert _upload(client, evaluation_id, csrf, "Банк", "part1.tsv", first).status_code == 200
    url = f"/e/{evaluation_id}/calls/dashboard?vendor=Банк"
    before = client.get(url).text
    computed = cache.RESULTS.computed
    for _ in range(3):
        assert client.get(url).text == before
    assert cache.RESULTS.computed == computed  # served from the cache
    # Another vendor's import does not touch this vendor's results...
    queue_log = (DEMO_CALLS / "linia24-queue_log.txt").read_bytes()
    assert _upload(client, evaluation_id, csrf, "Линия 24", "linia24-queue_log.txt", queue_log).status_code == 200
    client.get(url)
    assert cache.RESULTS.computed == computed + 1  # only the page after the upload showed Линия 24
    # ...its own new import changes the manifest version: recomputed, never stale.
    assert _upload(client, evaluation_id, csrf, "Банк", "part2.tsv", second).status_code == 200
    after = client.get(url).text
    offered = int(re.search(r'data-kpi="offered">(\d+)<', after).group(1))
    assert offered > int(re.search(r'data-kpi="offered">(\d+)<', before).group(1))
    trial = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк&compare=Банк&compare=Линия 24")
    assert "Сравнение в тесте" in trial.text and "p\u00a0=\u00a00," in trial.text  # a p-value as the reader writes it


def test_dashboard_sees_a_vendor_added_after_it_was_cached(client: TestClient) -> None:
    """The polled dashboard keeps the evaluation's vendors between requests: a vendor added (the evaluation's
    version moves) and given calls is shown at once, not the vendors of the first request."""
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    assert _upload(client, evaluation_id, csrf, "Банк", "bank.tsv", ("\n".join([header, *rows[:2000]]) + "\n").encode())
    bank = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк").text
    assert client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Новый").text == bank  # unknown: the first vendor
    response = client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Новый"})
    assert response.status_code == 303
    later = ("\n".join([header, *rows[5000:5500]]) + "\n").encode()
    assert _upload(client, evaluation_id, csrf, "Новый", "new.tsv", later).status_code == 200
    added = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Новый").text
    offered = int(re.search(r'data-kpi="offered">(\d+)<', added).group(1))
    assert 0 < offered <= 500 < int(re.search(r'data-kpi="offered">(\d+)<', bank).group(1))


def test_bad_call_log_names_file_and_line_and_imports_nothing(client: TestClient, store: Store) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    lines = BANK.read_text(encoding="utf-8").splitlines()[:50]
    lines[10] = lines[10].replace("990201", "99-02-31")
    response = _upload(client, evaluation_id, csrf, "Банк", "broken.tsv", ("\n".join(lines) + "\n").encode())
    assert response.status_code == 200
    assert 'data-job-state="failed"' in response.text and "Импорт не удался" in response.text
    assert "broken.tsv" in response.text and "ничего не импортировано" in response.text
    assert re.search(r"broken\.tsv, строка \d+", response.text)
    from callscout.calls.storage import CallStore

    assert CallStore(store).imports(evaluation_id) == []
    assert not any(CallStore(store).directory.rglob("*.parquet"))  # all or nothing: no file left either
    assert not any(CallStore(store).work_dir.iterdir())  # the upload's temporary copy is gone too
    english = client.post(
        f"/e/{evaluation_id}/calls/upload?lang=en",
        data={"csrf_token": csrf, "vendor": "Банк", "format": "auto"},
        files={"file": ("broken.tsv", ("\n".join(lines) + "\n").encode(), "text/csv")},
    )
    job_id = re.search(r"import_job=([\w-]+)", english.headers["location"]).group(1)
    job = registry(client.app.state.cabinet).wait(int(job_id), 60)
    assert job.state == "failed"
    assert "nothing was imported" in job.error  # the job speaks the language of the user who started it


def test_upload_limits_csrf_and_roles(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    body = (DEMO_CALLS / "golospro-cabinet.csv").read_bytes()
    # CSRF: no token, a forged token.
    assert (
        client.post(
            f"/e/{evaluation_id}/calls/upload", data={"vendor": "Банк"}, files={"file": ("a.csv", body)}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/e/{evaluation_id}/calls/upload",
            data={"vendor": "Банк", "csrf_token": "x"},
            files={"file": ("a.csv", body)},
        ).status_code
        == 403
    )
    # A declared 2 GB body is refused before it is read.
    huge = client.post(
        f"/e/{evaluation_id}/calls/upload",
        content=b"x",
        headers={
            "content-length": str(2 * 1024**3),
            "content-type": "multipart/form-data; boundary=x",
            "x-csrf-token": csrf,
        },
    )
    assert huge.status_code == 413
    # Call logs may exceed the cabinet's general 25 MB body limit (here 27 MB): the importer answers, and
    # since the replicated month repeats its call ids, it refuses the file whole, naming the lines.
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    big = ("\n".join([header, *(rows * 12)]) + "\n").encode()
    assert len(big) > 25 * 1024 * 1024
    refused = _upload(client, evaluation_id, csrf, "Банк", "month-x12.tsv", big)
    assert 'data-job-state="failed"' in refused.text
    assert "month-x12.tsv" in refused.text and "повторяющиеся" in refused.text
    # The cabinet's own limit for call logs.
    monkeypatch.setenv("CALLSCOUT_WEB_MAX_CALL_LOG_MB", "0.001")
    too_big = _upload(client, evaluation_id, csrf, "Банк", "big.csv", body)
    assert too_big.status_code == 400 and "big.csv" in too_big.text and "больше" in too_big.text
    monkeypatch.delenv("CALLSCOUT_WEB_MAX_CALL_LOG_MB")
    # A viewer sees the dashboard but cannot upload.
    accounts.grant(store, accounts.authenticate(store, "viewer", "viewer password").id, evaluation_id, Role.VIEWER)
    viewer = TestClient(client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer, "viewer", "viewer password")
    assert viewer.get(f"/e/{evaluation_id}/calls").status_code == 200
    assert "Загрузить журнал" not in viewer.get(f"/e/{evaluation_id}/calls").text
    assert _upload(viewer, evaluation_id, viewer_csrf, "Банк", "a.csv", body).status_code == 403
    # Without a session: pages redirect to sign-in, posts are refused.
    anonymous = TestClient(client.app, follow_redirects=False)
    assert anonymous.get(f"/e/{evaluation_id}/calls").status_code == 303
    assert anonymous.get(f"/e/{evaluation_id}/calls/dashboard").status_code == 303
    assert anonymous.post(f"/e/{evaluation_id}/calls/upload").status_code == 401


def test_import_phases_reach_the_progress_callback_with_row_counts(store: Store, tmp_path: Path) -> None:
    from callscout.calls.storage import CallStore

    calls = CallStore(store)
    evaluation = workspace.new_evaluation("Оценка", 1000)
    for name in ("Банк", "ГолосПро"):
        evaluation = workspace.add_vendor(evaluation, {"name": name})
    evaluation_id = store.save_evaluation(evaluation)
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    good = tmp_path / "good.tsv"
    good.write_text("\n".join([header, *rows[:300]]) + "\n", encoding="utf-8")
    seen: list[tuple[str, float, int | None]] = []

    def record(phase: str, share: float, rows: int | None = None) -> None:
        seen.append((phase, share, rows))

    result = calls.import_file(good, **_owner(store, evaluation_id, "Банк"), progress=record)
    phases = [phase for phase, _share, _rows in seen]
    assert phases.index("read") < phases.index("check") < phases.index("commit")
    assert ("check", 0.0, 300) in seen  # the rows read, known once the file is parsed
    assert seen[-1] == ("commit", 1.0, result.rows)
    # A repeated call id stops the import in the check phase: no commit reported, nothing listed.
    bad = tmp_path / "bad.tsv"
    bad.write_text("\n".join([header, *rows[300:320], rows[305]]) + "\n", encoding="utf-8")
    seen.clear()
    with pytest.raises(DataError, match=r"bad\.tsv"):
        calls.import_file(bad, **_owner(store, evaluation_id, "Банк"), progress=record)
    assert "check" in [phase for phase, *_ in seen] and "commit" not in [phase for phase, *_ in seen]
    assert [row.id for row in calls.imports(evaluation_id)] == [result.import_id]
    # A file in another encoding is transcoded first; its lines are counted on the way.
    cabinet_export = tmp_path / "cp1251.csv"
    cabinet_export.write_bytes((DEMO_CALLS / "golospro-cabinet.csv").read_text(encoding="utf-8").encode("cp1251"))
    seen.clear()
    calls.import_file(cabinet_export, **_owner(store, evaluation_id, "ГолосПро"), progress=record)
    assert seen[0][0] == "prepare" and max(rows for phase, _share, rows in seen if phase == "prepare") == 1351


def test_import_progress_is_polled_until_the_job_ends(client: TestClient) -> None:
    import threading

    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    jobs = registry(client.app.state.cabinet)
    release, reported = threading.Event(), threading.Event()

    def slow_work(progress):
        progress.phase("check", 0.5, 1234)  # a new phase is written at once
        reported.set()
        release.wait(30)
        return {"rows": 1234, "format": "bank", "vendor": "Банк", "first_at": None, "last_at": None}

    job, started = jobs.start("import", evaluation_id, slow_work, key="Банк")
    again, started_again = jobs.start("import", evaluation_id, slow_work, key="Банк")
    assert started and not started_again and again.id == job.id
    url = f"/e/{evaluation_id}/calls/jobs/{job.id}"
    assert reported.wait(10)
    running = client.get(url, headers={"hx-request": "true"})
    assert running.status_code == 200 and "HX-Refresh" not in running.headers
    assert f'hx-get="{url}"' in running.text and 'hx-trigger="every 1s"' in running.text
    assert "проверка строк" in running.text and "1234" in running.text
    page = client.get(f"/e/{evaluation_id}/calls?vendor=Банк&import_job={job.id}")
    assert 'data-job-state="running"' in page.text
    # A second upload for the same vendor waits for the running one.
    second = _upload(client, evaluation_id, csrf, "Банк", "a.tsv", BANK.read_bytes()[:5000])
    assert second.status_code == 400 and "уже идёт" in second.text
    release.set()
    assert jobs.wait(job.id, 10).state == "done"
    finished = client.get(url, headers={"hx-request": "true"})
    assert finished.headers["HX-Refresh"] == "true" and "hx-trigger" not in finished.text
    assert "Импортировано звонков: 1234" in finished.text
    # Unknown jobs and other evaluations' jobs are not found; without a session nothing answers.
    assert client.get(f"/e/{evaluation_id}/calls/jobs/nope").status_code == 404
    other = create_evaluation(client, csrf, "Другая")
    assert client.get(f"/e/{other}/calls/jobs/{job.id}").status_code == 404
    assert TestClient(client.app, follow_redirects=False).get(url).status_code == 303


def test_remove_an_import_from_the_web(client: TestClient, store: Store) -> None:
    from callscout.calls import kpi
    from callscout.calls.storage import CallStore

    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Банк")
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    first = ("\n".join([header, *rows[:2000]]) + "\n").encode()
    second = ("\n".join([header, *rows[2000:2500]]) + "\n").encode()
    assert _upload(client, evaluation_id, csrf, "Банк", "part1.tsv", first).status_code == 200
    page = _upload(client, evaluation_id, csrf, "Банк", "part2.tsv", second)
    calls = CallStore(store)
    first_id, second_id = (row.id for row in calls.imports(evaluation_id))
    assert f'/calls/imports/{second_id}/remove"' in page.text
    url = f"/e/{evaluation_id}/calls/dashboard?vendor=Банк"
    both = int(re.search(r'data-kpi="offered">(\d+)<', client.get(url).text).group(1))
    # The confirmation page names the file; the post needs the CSRF token and the tick.
    confirm = client.get(f"/e/{evaluation_id}/calls/imports/{second_id}/remove")
    assert confirm.status_code == 200 and "part2.tsv" in confirm.text and 'name="confirm"' in confirm.text
    remove_url = f"/e/{evaluation_id}/calls/imports/{second_id}/remove"
    assert client.post(remove_url, data={"confirm": "yes"}).status_code == 403
    assert client.post(remove_url, data={"csrf_token": csrf}).status_code == 400
    # A viewer may look but not remove; another evaluation does not see this import at all.
    accounts.grant(store, accounts.authenticate(store, "viewer", "viewer password").id, evaluation_id, Role.VIEWER)
    viewer = TestClient(client.app, follow_redirects=False)
    viewer_csrf = sign_in(viewer, "viewer", "viewer password")
    assert "/remove" not in viewer.get(f"/e/{evaluation_id}/calls").text
    assert viewer.get(remove_url).status_code == 403
    assert viewer.post(remove_url, data={"csrf_token": viewer_csrf, "confirm": "yes"}).status_code == 403
    other = create_evaluation(client, csrf, "Другая оценка")
    client.post(f"/e/{other}/vendors", data={"csrf_token": csrf, "name": "Линия 24"})
    assert client.get(f"/e/{other}/calls/imports/{second_id}/remove").status_code == 404
    assert len(calls.imports(evaluation_id)) == 2
    removed = client.post(remove_url, data={"csrf_token": csrf, "confirm": "yes"})
    assert removed.status_code == 303 and f"removed={second_id}" in removed.headers["location"]
    assert [row.id for row in calls.imports(evaluation_id)] == [first_id]
    # Only the first import's day files are left (the removed one's went with its manifest row).
    left = sorted(calls.directory.glob("v*/*/*.parquet"))
    assert left and left == sorted(calls.files(evaluation_id))
    # The cached dashboard is not served stale: the manifest version changed with the removal.
    after = int(re.search(r'data-kpi="offered">(\d+)<', client.get(url).text).group(1))
    with calls.reader(evaluation_id, [vendor_ref(store, evaluation_id, "Банк").id]) as connection:
        assert after == kpi.summary(connection, kpi.KpiSettings(), vendors=["Банк"])["offered"] < both
    assert "удалён" in client.get(removed.headers["location"]).text
    assert client.post(remove_url, data={"csrf_token": csrf, "confirm": "yes"}).status_code == 404
    client.get("/lang/en?next=/")
    english = client.get(f"/e/{evaluation_id}/calls/imports/{first_id}/remove").text
    assert "Remove an imported call log?" in english and "part1.tsv" in english


def _agent_cells(html: str, agent: str) -> dict[str, str]:
    row = re.search(rf"<tr><td>{re.escape(agent)}</td>(.*?)</tr>", html, re.S).group(1)
    return dict(re.findall(r"data-(\w+)>([^<]*)<", row))


def test_dashboard_shows_the_core_occupancy_per_agent_or_says_logins_are_unknown(
    client: TestClient, store: Store
) -> None:
    from callscout.calls import kpi
    from callscout.calls.storage import CallStore
    from tests.test_calls_agents import QUEUE_LOG

    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Очередь", "Банк")
    uploaded = _upload(client, evaluation_id, csrf, "Очередь", "queue_log", (QUEUE_LOG + "\n").encode())
    assert uploaded.status_code == 200, uploaded.text
    with CallStore(store).reader(evaluation_id, [vendor_ref(store, evaluation_id, "Очередь").id]) as connection:
        core = kpi.report(connection, kpi.KpiSettings(), vendors=["Очередь"], by=["agent"])["by"]["agent"]
    fragment = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Очередь").text
    assert "Занятость" in fragment and "Загрузка" in fragment and "no-agent-time" not in fragment
    for row in core:
        cells = _agent_cells(fragment, row["key"])
        assert cells["occupancy"] == kpi.kpi_value_text(row["occupancy"], "occupancy")
        assert cells["utilisation"] == kpi.kpi_value_text(row["utilisation"], "utilisation")
        assert cells["logged_in_s"] == format_number(row["logged_in_s"], 0)
    # Worked out by hand in test_calls_agents: SIP/201 handles 300 s of 1940 s logged in and not paused.
    assert _agent_cells(fragment, "SIP/201")["occupancy"] == "15,5%"
    assert {row["key"] for row in core} == {"SIP/201", "SIP/202", "Agent/300"}

    # A log without agent events (the bank's): no zeros, the page says the logins are unknown.
    header, *rows = BANK.read_text(encoding="utf-8").splitlines()
    bank = ("\n".join([header, *rows[:500]]) + "\n").encode()
    assert _upload(client, evaluation_id, csrf, "Банк", "bank.tsv", bank).status_code == 200
    bank_fragment = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк").text
    assert "Нет данных о входе операторов" in bank_fragment
    assert "data-occupancy" not in bank_fragment and "Занятость" not in bank_fragment
    # The fragment cache keys by language: the English page is not the cached Russian one.
    client.get("/lang/en?next=/")
    english = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Банк").text
    assert "No agent login data" in english and "Нет данных" not in english
    assert "Occupancy" in client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Очередь").text
