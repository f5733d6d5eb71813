"""The cabinet's «Темы, мнения, реклама» page and the sales download: the core's numbers, «нет данных» where unknown."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from callscout import accounts, evalfile
from callscout.calls import cache, channels, kpi, topics
from callscout.calls.storage import CallStore
from callscout.store import Store
from callscout.web import create_app
from tests.test_calls_kpi import SMALL_LOG
from tests.test_calls_reports import ALPHA, BETA, EVALUATION_YAML, ORDERS
from tests.test_web import sign_in
from tests.test_web_calls import _upload

YAML = EVALUATION_YAML.replace("sources:", "vendors:\n  - name: Альфа\n  - name: Бета\n  - name: Малый\nsources:")


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    accounts.create_user(store, "owner", "correct horse")
    cache.RESULTS.clear()
    return TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)


def _evaluation(client: TestClient, csrf: str) -> int:
    response = client.post(
        "/evaluations",
        data={"csrf_token": csrf},
        files={"file": ("shop.yaml", YAML.encode("utf-8"), "application/x-yaml")},
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _cell(html: str, attribute: str, key: str, data: str) -> str:
    row = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
    return re.search(rf"<td[^>]*{data}[^>]*>([^<]*)<", row).group(1).strip()


def test_insights_page_shows_the_core_numbers(client: TestClient, store: Store) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation(client, csrf)
    for vendor, path in (("Альфа", ALPHA), ("Бета", BETA)):
        assert _upload(client, evaluation_id, csrf, vendor, path.name, path.read_bytes()).status_code == 200
    calls = CallStore(store)
    calls.import_file(ORDERS, vendor="shop", kind="orders")
    page = client.get(f"/e/{evaluation_id}/calls/insights")
    assert page.status_code == 200, page.text
    html = page.text
    sources = evalfile.parse_text(YAML)[0].sources
    with calls.reader(["Альфа", "Бета"]) as connection:
        faq = topics.frequent_questions(connection, kpi.KpiSettings(), vendors=["Альфа", "Бета"])
        report = channels.report(connection, kpi.KpiSettings(), sources, vendors=["Альфа", "Бета"])
    for item in faq["topics"]:
        assert _cell(html, "data-topic", item["topic"], "data-offered") == str(item["offered"])
    for row in report["channels"]:
        assert _cell(html, "data-channel", row["channel"], "data-calls") == str(row["calls"])
        assert _cell(html, "data-channel", row["channel"], "data-orders") == str(row["orders"])
    assert 'data-survey="agent"' in html and "Каналы по вендорам" in html
    # One vendor: its numbers only.
    alpha = client.get(f"/e/{evaluation_id}/calls/insights?vendor=Альфа").text
    alpha_calls = sum(1 for line in ALPHA.read_text(encoding="utf-8-sig").splitlines()[1:] if line)
    total = sum(int(_cell(alpha, "data-channel", row["channel"], "data-calls")) for row in report["channels"])
    assert total == alpha_calls
    # The sales table, as the CLI writes it.
    sheet = client.get(f"/e/{evaluation_id}/calls/sales.xlsx")
    assert sheet.status_code == 200 and "attachment" in sheet.headers["content-disposition"]
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("День", "Колл-центр", "Оператор", "Тематика", "Канал")
    data = client.get(f"/e/{evaluation_id}/calls/sales.json").json()
    assert len(rows) == len(data["rows"]) + 1 and sum(row["calls"] for row in data["rows"]) == 200
    assert client.get(f"/e/{evaluation_id}/calls/sales.exe").status_code == 404


def test_a_log_without_topics_says_no_data(client: TestClient, tmp_path: Path) -> None:
    csrf = sign_in(client)
    evaluation_id = _evaluation(client, csrf)
    response = _upload(client, evaluation_id, csrf, "Малый", "small.csv", SMALL_LOG.encode("utf-8"))
    assert response.status_code == 200
    html = client.get(f"/e/{evaluation_id}/calls/insights?vendor=Малый").text
    for reason in ("no_topic_column", "no_result_column", "no_survey_column", "no_dialled_column"):
        assert f'data-no-data="{reason}"' in html
    assert "нет данных" in html and "data-topic=" not in html


def test_insights_need_a_session(client: TestClient) -> None:
    assert client.get("/e/1/calls/insights").status_code == 303
    assert client.get("/e/1/calls/sales.json").status_code in (303, 401)


def test_transcript_topics_and_complaints_link_to_the_recordings(client: TestClient, store: Store) -> None:
    from tests.test_calls_transcripts import load_calls

    csrf = sign_in(client)
    evaluation_id = _evaluation(client, csrf)
    empty = client.get(f"/e/{evaluation_id}/calls/insights").text
    assert 'data-no-data="too_few_transcripts"' in empty
    owner = store.vendor_id("Магазин", "Альфа")
    assert owner is not None
    calls, _labels, tones = load_calls()
    runs = {}
    for ref, transcript in calls:
        runs[ref] = store.record_run("audio", ref, [], summary={}, vendor_id=owner, evaluation_id=evaluation_id)
        store.record_run("transcript", ref, [], summary=transcript.to_dict(), vendor_id=owner)
    # Another evaluation's vendor: its transcripts stay out of this page.
    store.record_run("transcript", "чужой", [], summary=calls[40][1].to_dict(), vendor_id=None)
    html = client.get(f"/e/{evaluation_id}/calls/insights").text
    assert html.count("data-transcript-topic=") >= 5
    negative = sorted(ref for ref, tone in tones.items() if tone == "negative")
    flagged = re.findall(r'data-flagged="([^"]+)"', html)
    assert sorted(flagged) == negative and "чужой" not in html
    assert f'href="/e/{evaluation_id}/recordings/{runs["c41"]}">c41<' in html
