"""Issue 15's done-when, as the user meets it: the report and the cabinet show the owner entity with why it was
chosen, the other entities with their roles, and malformed values as such (not as "not stated")."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callscout import accounts
from callscout.report.render import render_template
from callscout.store import Store
from callscout.store.ownership import vendor_ref
from callscout.web import create_app
from callscout.web_audit.audit import SiteAudit, latest_site_json, save_audit
from callscout.web_audit.base import SiteContext, all_checks, run_checks
from callscout.web_audit.parse import page_from_bytes
from callscout.web_audit.stage import audit_checks_section

SITE = "https://golos.example/"
# A footer as real sites print it: the owner in the © line with a КПП one digit short, the director's own
# ИНН beside the name, and the bank's own ИНН after the bank lines.
FOOTER = (
    "<html><head><title>Голос — аутсорсинг колл-центра</title></head><body><footer>"
    "<p>Генеральный директор: Панина Анна Владимировна, ИНН 470407354016</p>"
    "<p>ООО «КОМФОРТ» · ОГРН 1227800059112 · ИНН 7802925148 · КПП 66860100</p>"
    "<p>Банк: ПАО Сбербанк · К/с 30101810400000000225 · ИНН банка 7707083893</p>"
    "<p>Наш партнёр ООО «Сигма», ИНН 7707083894</p>"
    "<p>© 2024 ООО «КОМФОРТ»</p></footer></body></html>"
)


def audited_site() -> SiteAudit:
    page = page_from_bytes(SITE, FOOTER.encode("utf-8"), "text/html; charset=utf-8", status_code=200)
    site = SiteContext(root_url=SITE, pages=[page], now=datetime(2026, 11, 27, tzinfo=UTC))
    findings = run_checks(site, [check for check in all_checks() if check.code == "requisites"])
    return SiteAudit(url=SITE, pages=[page], findings=findings, facts=site.facts, finished_at=datetime.now(UTC))


def assert_shows_owner_roles_and_malformed(text: str) -> None:
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&#34;", '"').replace("&quot;", '"')
    assert "Владелец сайта: ООО «КОМФОРТ»" in plain
    assert "выбран потому, что" in plain and "назван в строке ©" in plain
    assert re.search(r"Панина Анна Владимировна\W+личный ИНН руководителя", plain)
    assert re.search(r"7707083893\W+банк", plain)
    assert "КПП указан с ошибкой: «66860100»" in plain
    assert "ООО «Сигма» — упомянут (клиент, отзыв, учредитель, партнёр) (ИНН «7707083894» указан с ошибкой)" in plain


@pytest.fixture
def stored(store: Store, tmp_path: Path) -> tuple[TestClient, int, dict]:
    accounts.create_user(store, "owner", "correct horse")
    client = TestClient(create_app(store, reports_dir=tmp_path / "reports"), follow_redirects=False)
    assert client.post("/login", data={"login": "owner", "password": "correct horse", "next": "/"}).status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
    created = client.post("/evaluations", data={"csrf_token": csrf, "name": "Выбор КЦ", "calls_per_month": "5000"})
    evaluation_id = int(created.headers["location"].rsplit("/", 1)[1])
    client.post(f"/e/{evaluation_id}/vendors", data={"csrf_token": csrf, "name": "Голос", "website": SITE})
    vendor_id = vendor_ref(store, evaluation_id, "Голос").id
    save_audit(store, audited_site(), vendor_id=vendor_id, evaluation_id=evaluation_id)
    site = latest_site_json(store, SITE, vendor_id)
    assert site is not None
    return client, evaluation_id, site


def test_the_contract_keeps_the_owner_why_roles_and_malformed_values(stored: tuple[TestClient, int, dict]) -> None:
    _, _, site = stored
    owner = site["legal_entity"]
    assert (owner["name"], owner["kpp"], owner["format_ok"]["kpp"]) == ("ООО «КОМФОРТ»", "66860100", False)
    assert "copyright_line" in owner["why"]
    assert {(entity["role"], entity["inn"]) for entity in site["entities"]} == {
        ("director_personal", "470407354016"),
        ("bank", "7707083893"),
        ("mentioned", "7707083894"),
    }
    assert next(entity for entity in site["entities"] if entity["role"] == "mentioned")["format_ok"] == {"inn": False}


def test_the_cabinet_shows_them(stored: tuple[TestClient, int, dict]) -> None:
    client, evaluation_id, _ = stored
    response = client.get(f"/e/{evaluation_id}/audits/Голос")
    assert response.status_code == 200
    assert_shows_owner_roles_and_malformed(response.text)


def test_the_report_shows_them(stored: tuple[TestClient, int, dict]) -> None:
    _, _, site = stored
    html = render_template(
        "sections/audit.html.j2", doc={"audit": {"Голос": site}, "audit_checks": audit_checks_section()}, lang="ru"
    )
    assert_shows_owner_roles_and_malformed(html)
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"ИНН / ОГРН / КПП 7802925148 / 1227800059112 / 66860100 ✗ указан с ошибкой", table)
