"""End-to-end: a new user's path through the cabinet in a real browser (Debian Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout import accounts
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet

pytestmark = [
    pytest.mark.skipif(
        browser_unavailable_reason() is not None, reason=f"browser tests skipped: {browser_unavailable_reason()}"
    ),
    pytest.mark.slow,  # a real Chromium and a served cabinet per test
]


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
        # The build runs in the background: the page follows it and reloads itself once it is done.
        assert "build_job=" in page.url
        page.wait_for_selector("#reports [data-job-state=done]", timeout=120_000)
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


def test_audit_weights_and_pdf(tmp_path: Path) -> None:
    """Start an audit of a demo site and watch it finish (SSE), move a weight, download the PDF."""
    from callscout import evalfile
    from callscout.demo import demo_evaluation_path, demo_sites

    store = Store(f"sqlite:///{tmp_path / 'areas.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation = evalfile.load(demo_evaluation_path())
    evaluation_id = store.save_evaluation(evaluation)
    accounts.grant(store, owner.id, evaluation_id, accounts.Role.OWNER)
    with (
        demo_sites(evaluation) as sites,
        running_cabinet(
            store, tmp_path / "reports", host_overrides=sites.overrides, trusted_ca=sites.trusted_ca
        ) as base,
        browser_page() as page,
    ):
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "/login")
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        page.click(f"a[href='/e/{evaluation_id}']")
        page.click("nav.tabs >> text=Сайты и юрлица")
        page.click("a:has-text('ГолосПро')")
        page.click("#progress button:has-text('Проверить сайт')")
        # The SSE script shows progress, then reloads the page with the findings when the audit is done.
        page.wait_for_selector("#progress button:has-text('Проверить снова')", timeout=30_000)
        assert page.locator("details.finding-group").count() > 3

        page.click("nav.tabs >> text=Рейтинг")
        page.click("#downloads button:has-text('Построить отчёт')")
        page.wait_for_selector("#ranking-table", timeout=60_000)
        before = page.locator("#ranking-table td.vendor").all_inner_texts()
        for group in ("website", "legal", "reporting", "quality", "fit", "responsiveness"):
            page.fill(f"input[name='group:{group}']", "0")
        page.fill("input[name='group:economics']", "100")
        page.wait_for_function(
            "before => [...document.querySelectorAll('#ranking-table td.vendor')].map(c => c.textContent).join('|')"
            " !== before",
            arg="|".join(before),
            timeout=20_000,
        )
        after = page.locator("#ranking-table td.vendor").all_inner_texts()
        assert sorted(after) == sorted(before) and after != before

        # The PDF is built on this first download (WeasyPrint, seconds; minutes on a crowded machine).
        with page.expect_download(timeout=180_000) as download_info:
            page.click("#downloads a:has-text('report.pdf')", timeout=180_000)
        saved = tmp_path / "report.pdf"
        download_info.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert dialogs == []
    store.close()


def test_import_with_progress_grade_a_logged_call_and_remove_the_import(tmp_path: Path) -> None:
    """Upload a call log and follow its import, grade one of its calls, see the averages, remove the import."""
    from callscout import workspace
    from callscout.accounts import Role

    demo_calls = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "data" / "calls"
    store = Store(f"sqlite:///{tmp_path / 'grading.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation = workspace.add_vendor(workspace.new_evaluation("Магазин", 6000), {"name": "ГолосПро"})
    evaluation_id = store.save_evaluation(evaluation)
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    with running_cabinet(store, tmp_path / "reports") as base_url, browser_page() as page:
        page.goto(f"{base_url}/e/{evaluation_id}/calls")
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        # A broken line: the import fails whole, and the page says which line.
        lines = (demo_calls / "golospro-cabinet.csv").read_text(encoding="utf-8").splitlines()
        lines[7] = lines[7].replace(";Отвечен;", ";Отвечен;;;")
        broken = tmp_path / "broken.csv"
        broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
        page.set_input_files("#upload input[type=file]", str(broken))
        page.click("#upload button[type=submit]")
        page.wait_for_selector("[data-job-state=failed]", timeout=60_000)
        failure = page.inner_text("[data-job-state=failed]")
        assert "broken.csv" in failure and "ничего не импортировано" in failure and "строка 8" in failure, failure
        assert page.locator("#imports tr[data-import]").count() == 0
        page.set_input_files("#upload input[type=file]", str(demo_calls / "golospro-cabinet.csv"))
        page.click("#upload button[type=submit]")
        # The import runs in the background; the polled block ends in its outcome, and the page reloads.
        page.wait_for_selector("[data-job-state=done]", timeout=60_000)
        assert "Импортировано звонков: 1350" in page.inner_text("[data-job-state=done]")
        assert page.locator("#imports tr[data-import]").count() == 1

        page.goto(f"{base_url}/e/{evaluation_id}/recordings")
        page.click("#forms button[type=submit]")  # the example scorecard form
        page.fill("#call-grading input[name=call_q]", "Кузнецов")
        page.click("#call-grading button[type=submit]")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#call-list tr[data-call]')].length > 0 && "
            "[...document.querySelectorAll('#call-list tr[data-call]')].every(r => r.textContent.includes('Кузнецов'))"
        )
        page.click("#call-list tr[data-call] a.button >> nth=0")
        assert page.inner_text("[data-agent]") == "Кузнецов"
        for code in ("greeting", "answer_speed", "needs", "order_confirmed", "no_pressure", "farewell"):
            page.select_option(f"select[name=item_{code}]", "yes")
        page.fill("input[name=item_product_knowledge]", "80")
        page.click("#scorecard button[type=submit]")
        page.wait_for_selector("#grades .ok")
        assert "Кузнецов" in page.inner_text("#grades .ok")

        page.goto(f"{base_url}/e/{evaluation_id}/recordings#averages")
        operators = page.locator("[data-averages=operator] tr[data-key]")
        assert operators.count() == 1 and "Кузнецов" in operators.inner_text()

        page.goto(f"{base_url}/e/{evaluation_id}/calls")
        page.click("#imports a:has-text('Удалить')")
        page.check("#remove-import input[name=confirm]")
        page.click("#remove-import button[type=submit]")
        page.wait_for_selector("text=удалён")
        assert page.locator("#imports tr[data-import]").count() == 0
    store.close()
