"""End-to-end: a new user's path through the cabinet in a real browser (Debian Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout import accounts
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet

pytestmark = pytest.mark.skipif(
    browser_unavailable_reason() is not None, reason=f"browser tests skipped: {browser_unavailable_reason()}"
)


@pytest.fixture
def cabinet(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    accounts.create_user(store, "owner", "correct horse", display_name="Анна")
    with running_cabinet(store, tmp_path / "reports") as base_url:
        yield base_url
    store.close()


def test_new_user_path(cabinet: str, tmp_path: Path, demo_yaml: str) -> None:
    with browser_page() as page:
        page.goto(cabinet + "/")
        assert "/login" in page.url
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        page.wait_for_selector("text=Ваши оценки")

        page.fill("input[name=name]", "Выбор колл-центра для магазина")
        page.fill("input[name=calls_per_month]", "6000")
        page.click("section:has-text('Новая оценка') button[type=submit]")
        page.wait_for_selector("h1:has-text('Выбор колл-центра для магазина')")

        page.fill("#vendors input[name=name]", "<b>ГолосПро</b>")
        page.fill("#vendors input[name=website]", "golospro.example")
        page.click("#vendors button:has-text('Добавить')")
        cell = page.locator("#vendors td", has_text="ГолосПро").first
        assert cell.inner_text() == "<b>ГолосПро</b>"  # shown as text, never as markup

        page.select_option("select[name=schedule_mode]", "hours")
        page.fill("input[name=hours_mon]", "09:00-21:00")
        page.click("#needs button[type=submit]")
        assert page.input_value("input[name=hours_mon]") == "09:00-21:00"

        page.click("#reports button[type=submit]")
        with page.expect_download() as download_info:
            page.click("a:has-text('report.html')")
        saved = tmp_path / "downloaded.html"
        download_info.value.save_as(saved)
        assert "ГолосПро" in saved.read_text(encoding="utf-8")


def test_script_in_vendor_content_never_executes(cabinet: str) -> None:
    with browser_page() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(cabinet + "/login")
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        page.fill("input[name=name]", "XSS")
        page.fill("input[name=calls_per_month]", "100")
        page.click("section:has-text('Новая оценка') button[type=submit]")
        page.fill("#vendors input[name=name]", "<img src=x onerror=alert(1)><script>alert(2)</script>")
        page.click("#vendors button:has-text('Добавить')")
        page.wait_for_selector("#vendors td:has-text('onerror')")
        page.reload()
        assert dialogs == []
