"""End-to-end in a real browser: «Проверить всё» runs every vendor's checks in the background with progress,
and a site we cannot reach reads as our failure to look (unknown, in Russian), never as the vendor's violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout import accounts, evalfile
from callscout.demo import demo_evaluation_path, demo_sites
from callscout.legal.demo import demo_legal_services
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet

pytestmark = pytest.mark.skipif(
    browser_unavailable_reason() is not None, reason=f"browser tests skipped: {browser_unavailable_reason()}"
)

# RFC 6761: names under .invalid never resolve, so the DNS failure is real and needs no outside answer.
MISSING_SITE = "https://call-center.invalid"


def test_check_everything_with_progress_and_a_dns_failure(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'checks.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    demo = evalfile.load(demo_evaluation_path())
    golospro = demo.vendor("ГолосПро")
    assert golospro is not None
    missing = golospro.model_copy(update={"name": "Пропавший Центр", "website": MISSING_SITE})
    evaluation = demo.model_copy(update={"vendors": [golospro, missing]})
    evaluation_id = store.save_evaluation(evaluation)
    accounts.grant(store, owner.id, evaluation_id, accounts.Role.OWNER)
    with (
        demo_sites(evaluation) as sites,
        demo_legal_services(store) as legal,
        running_cabinet(
            store,
            tmp_path / "reports",
            host_overrides={host: target for host, target in sites.overrides.items() if "invalid" not in host},
            trusted_ca=sites.trusted_ca,
            legal_services=legal,
        ) as base,
        browser_page() as page,
    ):
        page.goto(f"{base}/e/{evaluation_id}")
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        page.wait_for_selector("#checks #online-setting")
        # The per-evaluation switch is kept with the evaluation.
        page.check("#online-setting input[name=online_checks]")
        page.click("#online-setting button[type=submit]")
        page.wait_for_selector("#checks #online-setting input[name=online_checks]:checked")
        assert store.evaluation_by_id(evaluation_id).online_checks is True

        page.click("#check-all button[type=submit]")
        # The background job shows which vendor and which check it is on while it runs.
        running = page.wait_for_selector("#checks [data-job-state=running]", timeout=30_000)
        assert running is not None
        # An unfinished job reads «в очереди» until its thread takes it (longer on a loaded machine); then its
        # phase names the check and the vendor.
        page.wait_for_function(
            """() => { const job = document.querySelector('#checks [data-job-state]');
                       return job && /сайт:|реестр и whois:/.test(job.innerText); }""",
            timeout=60_000,
        )
        page.wait_for_selector("#checks [data-job-state=done]", timeout=120_000)
        result = page.inner_text("#checks-result")
        assert "ГолосПро" in result and "Пропавший Центр" in result
        row = page.inner_text("#checks-result tr:has-text('Пропавший Центр')")
        assert "неизвестно" in row and "нарушение" not in row

        page.click("#checks-result a:has-text('Пропавший Центр')")
        page.wait_for_selector("details.finding-group")
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        assert "не удалось подключиться: имя не найдено в DNS" in text
        assert "проверка не состоялась, это не нарушение вендора" in text
        # The site's findings (before the legal section): the crawl could not connect — unknown, not a violation.
        site_groups = page.locator("details.finding-group:not(#legal details)")
        statuses = [site_groups.nth(index).get_attribute("class") for index in range(site_groups.count())]
        assert statuses and all("status-unknown" in status for status in statuses), statuses
        for english in ("Name or service not known", "cannot resolve", "ConnectError"):
            assert english not in text

        page.goto(f"{base}/e/{evaluation_id}/audits/ГолосПро")
        page.wait_for_selector("details.finding-group")
        assert page.locator("details.finding-group").count() > 3
    assert len(store.runs(kind="legal")) == 2
    store.close()
