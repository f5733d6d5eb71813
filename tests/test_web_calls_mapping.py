"""The cabinet asks for a column mapping in its own form (the mapping ``--map`` makes), never for a CLI flag;
its dashboard shows short abandons beside the abandons, so that the tiles add up."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.test_web import sign_in
from tests.test_web_calls import _evaluation_with_vendors, _upload, client  # noqa: F401 - the fixture

UNKNOWN_HEADERS = (
    "Когда;Кто принял;Ждал;Итог\n"
    "09.11.2026 10:00:00;Анна;12;Отвечен\n"
    "09.11.2026 10:01:00;;3;Пропущен\n"
    "09.11.2026 10:02:00;;40;Пропущен\n"
    "09.11.2026 10:03:00;Борис;25;Отвечен\n"
).encode()


def _number(html: str, key: str) -> int:
    return int(re.search(rf'data-kpi="{key}">(\d+)<', html).group(1))


def test_the_cabinet_offers_its_mapping_form_when_detection_fails(client: TestClient) -> None:  # noqa: F811
    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Вендор")
    failed = _upload(client, evaluation_id, csrf, "Вендор", "export.csv", UNKNOWN_HEADERS)
    assert "не найдена колонка с датой" in failed.text
    assert "--map" not in failed.text
    assert "Сопоставление колонок" in failed.text and 'name="map_arrival"' in failed.text
    response = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Вендор", "format": "auto", "map_arrival": "Когда", "map_wait_s": "Ждал"},
        files={"file": ("export.csv", UNKNOWN_HEADERS, "text/csv")},
    )
    assert response.status_code == 303
    from callscout.web.jobs import registry

    job_id = int(re.search(r"import_job=([\w-]+)", response.headers["location"]).group(1))
    assert registry(client.app.state.cabinet).wait(job_id, 120).finished
    page = client.get(response.headers["location"])
    assert "Импортировано звонков: 4" in page.text, page.text
    # "Кто принял" and "Итог" were still detected around the user's two columns.
    assert "поступило 4 = отвечено 2 + потеряно 1 + коротких сбросов 1" in page.text
    dashboard = client.get(f"/e/{evaluation_id}/calls/dashboard?vendor=Вендор").text
    offered, answered = _number(dashboard, "offered"), _number(dashboard, "answered")
    abandoned, short = _number(dashboard, "abandoned"), _number(dashboard, "short_abandoned")
    assert (offered, answered, abandoned, short) == (4, 2, 1, 1)
    assert offered == answered + abandoned + short


def test_the_cabinet_names_the_zone_of_a_file_that_mixes_zoned_and_naive_times(client: TestClient) -> None:  # noqa: F811
    """Issue 13 (time zones) in the cabinet: a mixed file is refused with its line unless the upload names the
    zone, in the upload form's own field."""
    from callscout.web.jobs import registry

    csrf = sign_in(client)
    evaluation_id = _evaluation_with_vendors(client, csrf, "Вендор")
    mixed = (
        "ID;Дата и время;Статус;Время ожидания\n"
        "c1;2026-11-09 10:00:00+03:00;Отвечен;5\n"
        "c2;2026-11-09 11:00:00;Отвечен;5\n"
    )
    refused = _upload(client, evaluation_id, csrf, "Вендор", "mixed.csv", mixed.encode())
    assert "назовите пояс импорта" in refused.text and 'name="timezone"' in refused.text
    response = client.post(
        f"/e/{evaluation_id}/calls/upload",
        data={"csrf_token": csrf, "vendor": "Вендор", "format": "auto", "timezone": "Europe/Moscow"},
        files={"file": ("mixed.csv", mixed.encode(), "text/csv")},
    )
    assert response.status_code == 303
    job_id = int(re.search(r"import_job=([\w-]+)", response.headers["location"]).group(1))
    assert registry(client.app.state.cabinet).wait(job_id, 120).state == "done"
    assert "Импортировано звонков: 2" in client.get(response.headers["location"]).text
